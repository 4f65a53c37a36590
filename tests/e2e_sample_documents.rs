//! End-to-end: the example workspace from the first screen, and the documents page: issued
//! documents, checking a printed copy, attaching the signed scan.

mod support;

use livinglab_store::Workspace;
use support::{data_dir, App};

#[tokio::test(flavor = "multi_thread")]
async fn the_example_opens_from_the_first_screen_and_its_documents_can_be_checked_and_signed() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.click("#open-sample").await;
    app.wait_text("#ws-name", "Kabupaten Contoh").await;
    app.wait_text("#sample-badge", "CONTOH").await;
    // The example opens on its complete period, 2025 (SPBE); 2026 (Pemdi) is being assessed.
    app.wait_text("#dash-index", "4,19").await;
    assert_eq!(app.value("#period-select").await, "2025");
    assert_eq!(app.text("#dash-predicate").await, "Sangat Baik");
    app.wait("#chart-trend img").await;
    app.screenshot("31-sample-dashboard-2025").await;

    app.click("#period-select").await;
    app.wait("#period-select").await.select_by_value("2026").await.unwrap();
    app.wait("#dash-incomplete").await;
    app.screenshot("30-sample-dashboard").await;

    app.click("#nav-documents").await;
    app.wait_text("#documents-table", "LK-").await;
    app.wait_text("#letter-card", "Surat Pernyataan Komitmen").await;
    app.screenshot("32-documents").await;

    // A printed copy is checked by the text of its QR code.
    let dir = data_dir(home.path()).join("LivingLab/workspaces/00.00-kabupaten-contoh");
    let (letter_id, sha) = {
        let ws = Workspace::open(&dir).unwrap();
        assert!(ws.info().is_sample);
        let docs = ws.documents().unwrap();
        let letter = docs.iter().find(|d| d.kind == "letter").unwrap().clone();
        (letter.id, letter.data_sha256)
    };
    app.fill("#check-text", &livinglab_core::verification::VerificationCode::new(&letter_id, &sha).encode()).await;
    app.click("#check-button").await;
    app.wait_text("#check-result", "Cocok").await;
    app.fill("#check-text", "LIVINGLAB:1;doc=00000000-0000-0000-0000-000000000000;sha256=ff").await;
    app.click("#check-button").await;
    app.wait_text("#check-result", "Tidak ada dokumen").await;

    // The signed paper comes back as a scan.
    let scan = home.path().join("surat-ditandatangani.png");
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emblem.png"), &scan).unwrap();
    app.wait(&format!("#scan-{letter_id}")).await.send_keys(scan.to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "ditandatangani").await;
    app.wait_text("#documents-table", "Ditandatangani").await;
    app.close().await;

    let ws = Workspace::open(&dir).unwrap();
    let letter = ws.document(&letter_id).unwrap();
    assert_eq!(letter.status, "signed");
    assert!(ws.verify_evidence().unwrap().intact);
    assert!(ws.verify_audit().unwrap().intact);
}
