//! End-to-end: what the office prepares for the Bupati and for Sumedang, in the real webview.
//! The national emblem loaded once on Profil for the kop jabatan; the checklist that names what
//! is missing before a report is issued (and issues nothing when the user goes back); the cover
//! letter to Sumedang issued through the save dialog and sealed; both languages.

mod support;

use std::path::Path;
use std::process::Command;

use livinglab_store::Workspace;
use support::{answer_save_dialog, data_dir, App};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_office_loads_garuda_checks_before_issuing_and_sends_a_cover_letter() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.click("#open-sample").await;
    app.wait_text("#ws-name", "Kabupaten Contoh").await;
    let dir = data_dir(home.path()).join("LivingLab/workspaces/00.00-kabupaten-contoh");

    // Profil: the national emblem is not shipped; the office loads its file once.
    app.click("#nav-profile").await;
    app.wait_text("[data-field=national_emblem]", "Belum dimuat").await;
    app.show("[data-field=national_emblem]").await;
    app.screenshot("o-id-1-profile-garuda-missing").await;
    app.wait("#f-national-emblem").await.send_keys(fixture("emblem.png").to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "Lambang Negara tersimpan").await;
    app.wait("[data-field=national_emblem] img").await;
    assert!(Workspace::open(&dir).unwrap().national_emblem_info().unwrap().is_some());

    // Dokumen: a joint letter speaks for every signatory, so its commitments are the common ones.
    app.click("#nav-documents").await;
    app.wait("#report-card").await;
    let own = app.value("#commitment-0").await;
    assert!(own.contains("3,50"), "the region's own target: {own}");
    app.click("#joint").await;
    let common = app.value("#commitment-0").await;
    assert!(common.contains("daerah masing-masing") && !common.contains("3,50"), "{common}");
    assert_eq!(app.value("#letter-title").await, "Komitmen Bersama");
    app.click("#joint").await;
    assert_eq!(app.value("#commitment-0").await, own, "and back");

    // Issuing the report of a period still being assessed asks first.
    let issued_before = Workspace::open(&dir).unwrap().documents().unwrap().len();
    app.wait("#report-year").await.select_by_value("2026").await.unwrap();
    app.click("#report-issue").await;
    let items = app.wait_text("#checklist-items", "belum dinilai").await;
    assert!(items.contains("data dukung"), "{items}");
    app.screenshot("o-id-2-checklist").await;
    app.click("#dlg-cancel").await;
    assert_eq!(Workspace::open(&dir).unwrap().documents().unwrap().len(), issued_before, "going back issues nothing");

    // The cover letter to Sumedang: its draft, then issued through the save dialog and sealed.
    app.wait("#cover-year").await.select_by_value("2025").await.unwrap();
    let to = loop {
        let v = app.value("#cover-to").await;
        if v.contains("Bupati Sumedang") {
            break v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(to.contains("Koordinator"), "{to}");
    app.show("#cover-card").await;
    app.screenshot("o-id-3-cover-card").await;
    let out = home.path().join("surat-pengantar.pdf");
    app.click("#cover-issue").await;
    let (title, file) = ("Simpan surat pengantar".to_string(), out.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &file)).await.unwrap();
    // The first seal may make the workspace's key in the keychain: that can take a while.
    let started = std::time::Instant::now();
    while !out.exists() {
        assert!(started.elapsed().as_secs() < 60, "the cover letter was not saved");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    app.wait_text("#toasts", "tersimpan").await;
    let sig = Command::new("pdfsig").arg(&out).output().expect("pdfsig (poppler-utils)");
    assert!(String::from_utf8_lossy(&sig.stdout).contains("Signature is Valid."), "the cover letter is sealed");
    let text = Command::new("pdftotext").args([out.to_str().unwrap(), "-"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("SURAT PENGANTAR") && text.contains("Bupati Sumedang"), "{text}");
    app.wait_text("#documents-table", "Surat Pengantar").await;

    // The same screens in English.
    app.click("#lang-en").await;
    app.click("#nav-documents").await;
    app.wait_text("#cover-card", "Cover letter to Kabupaten Sumedang").await;
    app.show("#cover-card").await;
    app.screenshot("o-en-3-cover-card").await;
    app.click("#report-issue").await;
    app.wait_text("#checklist-dialog", "Check before issuing").await;
    app.screenshot("o-en-2-checklist").await;
    app.click("#dlg-cancel").await;
    app.click("#nav-profile").await;
    app.wait_text("[data-field=national_emblem]", "National emblem").await;
    app.show("[data-field=national_emblem]").await;
    app.screenshot("o-en-1-profile-garuda").await;
    app.click("#lang-id").await;
    app.close().await;

    let ws = Workspace::open(&dir).unwrap();
    assert!(ws.documents().unwrap().iter().any(|d| d.kind == "cover"));
    assert!(ws.verify_audit().unwrap().intact);
}
