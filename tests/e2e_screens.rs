//! End-to-end: screens an office can trust. A letter draft stays with its workspace (switching
//! to the example shows the example's officials, and coming back shows the first one's draft);
//! a date typed day first in the Indonesian UI is the date stored, whatever the computer's
//! locale, and an impossible one is refused at its field; verifying records the verifier, and
//! the one who submitted an answer verifying it is recorded and shown as self-verified.

mod support;

use livinglab_core::profile::Official;
use livinglab_store::Workspace;
use serde_json::json;
use support::{seed_workspace, App};

/// Sumedang's workspace with its officials and the user's name, remembered as the last one.
fn seed_sumedang(home: &std::path::Path, user: &str) -> std::path::PathBuf {
    let dir = seed_workspace(home, "32.11");
    let mut ws = Workspace::open(&dir).unwrap();
    let mut p = ws.profile().unwrap();
    p.head = Official { title: "Bupati".into(), name: "H. Dony Ahmad Munir, S.T., M.M.".into(), ..Official::default() };
    p.sekda.name = "Tuti Ruswati, S.E., M.M.".into();
    p.office_head.name = "Drs. Ahmad Sopyan, M.Si.".into();
    p.user_name = user.into();
    ws.save_profile(p).unwrap();
    dir
}

async fn set_language(app: &App, lang: &str) {
    app.click(&format!(".lang-switch button[data-lang='{lang}']")).await;
    app.wait(&format!("html[lang='{lang}']")).await;
}

/// Clicks the recent workspace on the first screen whose name contains `name`.
async fn open_recent(app: &App, name: &str) {
    app.wait(".recent-list").await;
    app.client
        .execute(
            "[...document.querySelectorAll('.recent-list button.link')].find((b) => b.textContent.includes(arguments[0])).click()",
            vec![json!(name)],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_letter_draft_never_follows_the_user_into_another_workspace() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_sumedang(home.path(), "Operator Diskominfo");
    Workspace::open(&dir).unwrap().add_period(2026, None, false).unwrap();

    let app = App::launch(home.path()).await;
    // Nothing assessed yet: no index in large type, and no predicate.
    app.wait_text("#dash-index", "—").await;
    app.wait("#dash-not-assessed").await;
    app.screenshot("40-dashboard-empty").await;
    set_language(&app, "en").await;
    app.wait_text("#dash-not-assessed", "No indicator").await;
    app.screenshot("40-dashboard-empty-en").await;
    set_language(&app, "id").await;

    app.click("#nav-documents").await;
    assert_eq!(app.value("#letter-signer").await, "H. Dony Ahmad Munir, S.T., M.M.");
    app.fill("#letter-place", "Jatinangor").await;
    app.fill("#letter-signer", "Draf Sumedang").await;
    app.fill("#commitment-0", "Komitmen khusus Sumedang").await;
    app.fill("#letter-date", "17/8/2026").await;
    app.click("#letter-place").await; // the date field is read when it loses focus
    app.wait_text("#letter-date-long", "17 Agustus 2026").await;
    assert_eq!(app.value("#letter-date").await, "17/08/2026");
    // Moving around the app keeps the draft.
    app.click("#nav-dashboard").await;
    app.click("#nav-documents").await;
    assert_eq!(app.value("#letter-signer").await, "Draf Sumedang");
    app.screenshot("41-documents-sumedang-draft").await;

    // The example: its own officials, place and commitments, nothing of Sumedang's draft.
    app.click("#nav-switch").await;
    app.click("#open-sample").await;
    app.wait_text("#ws-name", "Kabupaten Contoh").await;
    app.click("#nav-documents").await;
    app.wait_text("#letter-card", "Surat Pernyataan Komitmen").await;
    assert_eq!(app.value("#letter-signer").await, "Dr. H. Andi Pratama, M.Si.");
    assert_eq!(app.value("#letter-place").await, "Contoh");
    let commitments = app
        .client
        .execute(
            "return [...document.querySelectorAll('#commitments textarea')].map((t) => t.value).join('\\n')",
            vec![],
        )
        .await
        .unwrap();
    assert!(!commitments.as_str().unwrap().contains("Komitmen khusus"), "{commitments}");
    assert_ne!(app.value("#letter-date").await, "17/08/2026");
    app.screenshot("42-documents-example").await;
    // The report's preview shows inside the app, page by page (no PDF viewer needed).
    app.click("#report-preview").await;
    app.wait("#preview-page img").await;
    let counter = app.wait_text("#preview-counter", "Halaman 1 dari").await;
    app.screenshot("42-preview-report-1").await;
    if !counter.ends_with("dari 1") {
        app.click("#preview-next").await;
        app.wait_text("#preview-counter", "Halaman 2 dari").await;
        app.wait("#preview-page img").await;
        app.screenshot("42-preview-report-2").await;
    }
    app.click("#preview-close").await;
    set_language(&app, "en").await;
    app.wait_text("#letter-card", "Commitment").await;
    assert_eq!(app.value("#letter-signer").await, "Dr. H. Andi Pratama, M.Si.");
    app.screenshot("42-documents-example-en").await;
    set_language(&app, "id").await;

    // Back to Sumedang: its own draft is there again.
    app.click("#nav-switch").await;
    open_recent(&app, "Sumedang").await;
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;
    app.click("#nav-documents").await;
    assert_eq!(app.value("#letter-signer").await, "Draf Sumedang");
    assert_eq!(app.value("#letter-place").await, "Jatinangor");
    assert_eq!(app.value("#commitment-0").await, "Komitmen khusus Sumedang");
    assert_eq!(app.value("#letter-date").await, "17/08/2026");
    // The letter's preview, in the app, carries the draft.
    app.click("#letter-preview").await;
    app.wait("#preview-page img").await;
    app.wait_text("#preview-counter", "Halaman 1 dari").await;
    app.screenshot("43-preview-letter").await;
    app.click("#preview-close").await;
    set_language(&app, "en").await;
    app.click("#letter-preview").await;
    app.wait_text("#preview-counter", "Page 1 of").await;
    app.wait("#preview-page img").await;
    app.screenshot("43-preview-letter-en").await;
    app.wait("#preview-close").await.send_keys("\u{E00C}").await.unwrap(); // Escape
    set_language(&app, "id").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_typed_day_first_in_the_indonesian_ui_is_the_date_stored() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_sumedang(home.path(), "Operator Diskominfo");
    {
        let mut ws = Workspace::open(&dir).unwrap();
        ws.add_period(2026, None, false).unwrap();
        ws.import_assessments(2026, "1,1,3\n2,2\n").unwrap();
    }
    // An en-US office PC: the webview's own date fields would show 12/01/2026.
    let app = App::launch_with(home.path(), &[("LANG", "en_US.UTF-8"), ("LC_ALL", "en_US.UTF-8")]).await;
    app.click("#nav-followup").await;
    app.click("#action-from-gap").await;
    app.wait("#dlg-due").await;
    // The gap dialog starts at the indicator's own target.
    assert_eq!(app.value("#dlg-level").await, "3");
    app.fill("#dlg-title", "Menyusun Arsitektur Pemerintah Digital").await;

    // A date that does not exist is refused at its field; the dialog stays.
    app.fill("#dlg-due", "31/02/2027").await;
    app.click("#dlg-ok").await;
    app.wait_text("#dlg-due-long", "Februari 2027 hanya 28 hari").await;
    app.screenshot("43-date-impossible").await;
    // A past date is asked about; saying no brings the form back as it was.
    app.fill("#dlg-due", "01/12/2020").await;
    app.click("#dlg-ok").await;
    app.wait_text("#dlg-heading", "Tenggat sudah lewat?").await;
    app.click("#dlg-cancel").await;
    app.wait("#dlg-due").await;
    assert_eq!(app.value("#dlg-title").await, "Menyusun Arsitektur Pemerintah Digital");
    assert_eq!(app.value("#dlg-due").await, "01/12/2020");

    // The calendar names the months in Indonesian; Escape closes it and leaves the dialog.
    app.fill("#dlg-due", "1/12/2030").await;
    app.click("#dlg-title").await;
    app.wait_text("#dlg-due-long", "1 Desember 2030").await;
    assert_eq!(app.value("#dlg-due").await, "01/12/2030");
    app.click("#dlg-due-pick").await;
    app.wait_text("#dlg-due-calendar .cal-title", "Desember 2030").await;
    app.screenshot("44-date-calendar").await;
    app.click("#dlg-due-calendar .cal-day[data-iso='2030-12-17']").await;
    app.wait_text("#dlg-due-long", "17 Desember 2030").await;
    assert_eq!(app.value("#dlg-due").await, "17/12/2030");
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "Rencana aksi dibuat").await;
    app.wait_text("#actions", "17 Desember 2030").await;
    app.screenshot("45-followup-action").await;

    let id = {
        let ws = Workspace::open(&dir).unwrap();
        let actions = ws.actions(2026).unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].due, "2030-12-17", "the date typed is the date stored");
        actions[0].id.clone()
    };

    // Editing shows the stored date day first; in English the calendar speaks English.
    set_language(&app, "en").await;
    app.click(&format!("#edit-{id}")).await;
    assert_eq!(app.value("#dlg-due").await, "17/12/2030");
    app.click("#dlg-due-pick").await;
    app.wait_text("#dlg-due-calendar .cal-title", "December 2030").await;
    app.screenshot("46-date-calendar-en").await;
    app.wait("#dlg-due-calendar .cal-day").await.send_keys("\u{E00C}").await.unwrap(); // Escape
    app.fill("#dlg-due", "2/1/2031").await;
    app.click("#dlg-ok").await;
    app.wait_text("#actions", "2 January 2031").await;
    set_language(&app, "id").await;
    app.wait_text("#actions", "2 Januari 2031").await;

    // Deleting asks first.
    app.click(&format!("#delete-{id}")).await;
    app.wait_text("#dlg-heading", "Hapus rencana aksi?").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "Rencana aksi dihapus").await;
    app.close().await;

    let ws = Workspace::open(&dir).unwrap();
    assert!(ws.actions(2026).unwrap().is_empty());
    assert!(ws.verify_audit().unwrap().intact);
}

#[tokio::test(flavor = "multi_thread")]
async fn verification_records_the_verifier_and_self_verification_is_shown() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_sumedang(home.path(), "Ani Operator");
    {
        let mut ws = Workspace::open(&dir).unwrap();
        ws.add_period(2024, None, false).unwrap();
        ws.import_assessments(2024, "1,3\n2,2\n").unwrap();
    }
    let app = App::launch(home.path()).await;
    app.click("#nav-assessment").await;
    app.click("#ind-1").await;
    app.click("#status-diajukan").await;
    app.wait_text("#answer-submitter", "Ani Operator").await;
    // The one who submitted verifies: said first, then recorded and shown as self-verified.
    app.click("#status-terverifikasi").await;
    app.wait_text("#dlg-heading", "Memverifikasi jawaban sendiri?").await;
    app.screenshot("47-self-verify-asked").await;
    app.click("#dlg-ok").await;
    app.wait_text("#answer-status", "Terverifikasi").await;
    app.wait_text("#answer-verifier", "diverifikasi oleh Ani Operator").await;
    app.wait_text("#answer-self-verified", "diverifikasi sendiri").await;
    app.wait_text("#history-list", "Diverifikasi sendiri oleh yang mengajukan").await;
    app.screenshot("48-self-verified").await;
    set_language(&app, "en").await;
    app.wait_text("#answer-self-verified", "self-verified").await;
    app.screenshot("48-self-verified-en").await;
    set_language(&app, "id").await;

    app.click("#ind-2").await;
    app.click("#status-diajukan").await;
    app.wait_text("#answer-status", "Diajukan").await;

    // A user name is required on Profil.
    app.click("#nav-profile").await;
    app.fill("#f-user_name", " ").await;
    app.click("#profile-save").await;
    app.wait_text("#err-user_name", "wajib diisi").await;
    app.screenshot("49-profile-user-required").await;
    app.fill("#f-user_name", "Budi Verifikator").await;
    app.click("#profile-save").await;
    app.wait_text("#toasts", "Profil tersimpan").await;

    // Someone else verifies: no question, the verifier named.
    app.click("#nav-assessment").await;
    app.click("#ind-2").await;
    app.click("#status-terverifikasi").await;
    app.wait_text("#answer-verifier", "diverifikasi oleh Budi Verifikator").await;
    assert!(app.client.find(fantoccini::Locator::Css("#answer-self-verified")).await.is_err());
    app.close().await;

    let ws = Workspace::open(&dir).unwrap();
    let own = ws.assessment(2024, "1").unwrap().unwrap();
    assert_eq!((own.verified_by.as_deref(), own.self_verified), (Some("Ani Operator"), true));
    let other = ws.assessment(2024, "2").unwrap().unwrap();
    assert_eq!(other.submitted_by.as_deref(), Some("Ani Operator"));
    assert_eq!((other.verified_by.as_deref(), other.self_verified), (Some("Budi Verifikator"), false));
    assert_eq!(ws.indicator_history(2024, "2").unwrap()[0].actor, "Budi Verifikator");
    assert!(ws.verify_audit().unwrap().intact);
}
