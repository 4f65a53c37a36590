//! End-to-end: a self-assessment in the real app: levels, evidence, review, the dashboard,
//! and an altered evidence file caught by the integrity check.

mod support;

use livinglab_store::assessment::AssessmentPatch;
use livinglab_store::Workspace;
use support::{seed_workspace, App};

/// Period 2024 with every SPBE indicator at level 2 except the ten service indicators 32–41,
/// which are left for the test to assess: index 1.725 (Kurang).
fn seed_period(dir: &std::path::Path) {
    let mut ws = Workspace::open(dir).unwrap();
    let mut profile = ws.profile().unwrap();
    profile.user_name = "Operator Diskominfo".into();
    ws.save_profile(profile).unwrap();
    ws.add_period(2024, None, false).unwrap();
    let csv: String = (1..=47).filter(|i| !(32..=41).contains(i)).map(|i| format!("{i},2\n")).collect();
    ws.import_assessments(2024, &csv).unwrap();
    assert_eq!(ws.score(2024).unwrap().index.to_string(), "1.725");
}

async fn choose_level(app: &App, indicator: u32, level: u8) {
    app.click(&format!("#ind-{indicator}")).await;
    app.wait_text("#indicator-title", "Tingkat Kematangan").await;
    app.wait_text("#criteria", "Kriteria").await;
    app.click(&format!("#level-{level}")).await;
    app.click("#save-answer").await;
    app.wait_text("#toasts", &format!("Indikator {indicator} tersimpan")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn levels_and_evidence_move_the_dashboard_and_verify_catches_an_altered_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_workspace(home.path(), "32.11");
    seed_period(&dir);

    let app = App::launch(home.path()).await;
    app.wait_text("#dash-index", "1,73").await;
    assert_eq!(app.text("#dash-predicate").await, "Kurang");
    assert!(app.text("#dash-assessed").await.contains("37 dari 47"));
    app.wait("#dash-incomplete").await;
    app.screenshot("10-dashboard-before").await;

    app.click("#nav-assessment").await;
    app.wait("#indicator-list").await;
    choose_level(&app, 32, 3).await;
    choose_level(&app, 33, 3).await;
    // Penjelasan and an owner for 34, with its level.
    app.click("#ind-34").await;
    app.wait_text("#indicator-title", "Layanan Keuangan").await;
    app.click("#level-2").await;
    app.fill("#f-fakta", "Aplikasi SIPD dipakai seluruh OPD; tangkapan layar 34.a").await;
    app.fill("#f-analisis", "Baru interaksi dua arah: tingkat 2").await;
    app.fill("#f-owner_office", "BPKAD").await;
    app.click("#save-answer").await;
    app.wait_text("#toasts", "Indikator 34 tersimpan").await;

    // Attach a file to 32, through the file chooser of the page.
    app.click("#ind-32").await;
    app.wait_text("#indicator-title", "Layanan Perencanaan").await;
    let file = home.path().join("Tangkapan layar e-planning.png");
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emblem.png"), &file).unwrap();
    app.wait("#evidence-file").await.send_keys(file.to_str().unwrap()).await.unwrap();
    app.wait_text("#evidence-list", "32.a.Tangkapan layar e-planning.png").await;

    // Review: submit and verify 32; a verified answer is locked.
    app.click("#status-diajukan").await;
    app.wait_text("#answer-status", "Diajukan").await;
    app.click("#status-terverifikasi").await;
    // One operator submitted and verifies: asked first, recorded as self-verified.
    app.wait_text("#dlg-heading", "Memverifikasi jawaban sendiri?").await;
    app.click("#dlg-ok").await;
    app.wait_text("#answer-status", "Terverifikasi").await;
    app.wait_text("#answer-self-verified", "diverifikasi sendiri").await;
    assert!(app.wait("#level-3").await.attr("disabled").await.unwrap().is_some(), "a verified answer is locked");
    app.wait_text("#history-list", "Diverifikasi").await;
    app.screenshot("11-indicator").await;

    // The dashboard shows the new index (1.8625) and predicate.
    app.click("#nav-dashboard").await;
    app.wait_text("#dash-index", "1,86").await;
    assert_eq!(app.text("#dash-predicate").await, "Cukup");
    assert!(app.text("#dash-assessed").await.contains("40 dari 47"));
    app.wait("#chart-groups img").await;
    app.screenshot("12-dashboard-after").await;

    // Alter the stored file behind the app's back: the integrity check reports it.
    let ws = Workspace::open(&dir).unwrap();
    let stored = ws.stored_files().unwrap();
    assert_eq!(stored.len(), 1);
    std::fs::write(ws.evidence_path(&livinglab_core::Sha256Hash::parse(&stored[0].sha256).unwrap()), b"altered")
        .unwrap();
    drop(ws);
    app.click("#nav-evidence").await;
    app.wait_text("#evidence-table", "32.a.Tangkapan layar e-planning.png").await;
    app.click("#verify-all").await;
    let report = app.wait_text("#verify-evidence", "berubah").await;
    assert!(report.contains("Tangkapan layar e-planning.png"), "{report}");
    app.wait_text("#verify-audit", "utuh").await;
    app.screenshot("13-evidence-verify").await;
    app.close().await;

    // What the app wrote is what the store holds.
    let ws = Workspace::open(&dir).unwrap();
    let a34 = ws.assessment(2024, "34").unwrap().unwrap();
    assert_eq!((a34.level, a34.owner_office.as_str()), (Some(2), "BPKAD"));
    assert!(a34.fakta.starts_with("Aplikasi SIPD"));
    assert_eq!(ws.score(2024).unwrap().index.to_string(), "1.8625");
    assert!(ws.verify_audit().unwrap().intact);
    let _ = AssessmentPatch::default();
}
