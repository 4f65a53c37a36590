//! End-to-end: the regency builds the signed report package of a period on the Dokumen page
//! (saved through the native dialog; building again with nothing changed offers the same
//! package; after a change the card says so and the next build supersedes it); then the app, opened as Hub Sumedang, registers the region's key from its
//! enrolment letter, imports the package, lists it with its index and key status, says a
//! second import was already received, and refuses a file that is not a package. Run inside a
//! session bus with an unlocked gnome-keyring (scripts/test.sh).

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;

use livinglab_store::Workspace;
use support::{answer_save_dialog, create_sumedang_workspace, data_dir, App};

fn workspace_dir(home: &Path) -> PathBuf {
    data_dir(home).join("LivingLab/workspaces/32.11-kabupaten-sumedang")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_package_built_by_the_regency_is_imported_by_the_hub_with_its_key_registered() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    create_sumedang_workspace(&app).await;

    // The key of this computer and its enrolment letter, as Profil makes them.
    app.click("#key-create").await;
    // The OS keychain may take a while on a busy session bus; a refusal shows in a toast.
    let made = app.client.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css("#key-fingerprint")).await;
    if made.is_err() {
        app.screenshot("failed-key-create").await;
        panic!("no key was made; the window says {:?}", app.text("body").await);
    }
    let fingerprint = app.text("#key-fingerprint").await;
    let letter = home.path().join("surat-pendaftaran-kunci.pdf");
    app.click("#key-letter").await;
    let (title, path) = ("Simpan surat pendaftaran kunci".to_string(), letter.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    app.wait_text("#toasts", letter.to_str().unwrap()).await;

    // A period to report on.
    app.click("#nav-dashboard").await;
    app.click("#first-period").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "Periode").await;
    let year = Workspace::open(&workspace_dir(home.path())).unwrap().periods().unwrap()[0].year;

    // Dokumen → Paket laporan: nothing built yet.
    app.click("#nav-documents").await;
    app.wait_text("#packages-none", "Belum ada paket").await;
    app.show("#packages-card").await;
    app.screenshot("80-packages-none").await;

    let package = home.path().join("paket-sumedang.llpkg");
    app.click("#package-build").await;
    let (title, path) = ("Simpan paket laporan".to_string(), package.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    app.wait_text("#package-outcome", "nomor urut 1 selesai dibuat").await;
    let record = Workspace::open(&workspace_dir(home.path())).unwrap().last_package(year).unwrap().unwrap();
    assert_eq!(record.path, package.display().to_string());
    assert!(package.is_file(), "the package was saved where the dialog was told");
    assert_eq!(app.text("#package-seq").await, "1");
    assert_eq!(app.text("#package-hash").await, record.manifest_sha256);
    assert_eq!(app.text("#package-files").await, record.files.to_string());
    app.wait_text("#packages-table", "Terbaru").await;
    app.wait_text("#package-current", "Paket terakhir sudah memuat data terbaru").await;
    app.show("#packages-card").await;
    app.screenshot("81-package-built").await;

    // Nothing changed: the same package is offered, no dialog, no new package.
    app.click("#package-build").await;
    app.wait_text("#package-outcome", "Tidak ada perubahan sejak paket terakhir").await;
    assert_eq!(app.text("#package-seq").await, "1");
    assert_eq!(Workspace::open(&workspace_dir(home.path())).unwrap().packages(None).unwrap().len(), 1);
    app.show("#packages-card").await;
    app.screenshot("82-package-unchanged").await;

    // A change in the workspace: the card says so, and the next build supersedes the first.
    app.click("#nav-profile").await;
    app.fill("#f-phone", "(0261) 201255").await;
    app.click("#profile-save").await;
    app.wait_text("#toasts", "Profil tersimpan").await;
    app.click("#nav-documents").await;
    app.wait_text("#package-changed", "berubah sejak paket terakhir").await;
    app.show("#packages-card").await;
    app.screenshot("82-package-changed").await;
    let second = home.path().join("paket-sumedang-2.llpkg");
    app.click("#package-build").await;
    let (title, path) = ("Simpan paket laporan".to_string(), second.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    app.wait_text("#package-outcome", "nomor urut 2 selesai dibuat").await;
    let records = Workspace::open(&workspace_dir(home.path())).unwrap().packages(None).unwrap();
    assert_eq!(records.len(), 2);
    assert!(records.iter().any(|r| r.seq == 2 && r.supersedes.as_deref() == Some(record.package_id.as_str())));
    app.wait_text("#packages-table", "Digantikan").await;

    app.click("#lang-en").await;
    app.wait_text("#packages-card", "Report package for Kabupaten Sumedang").await;
    app.show("#packages-card").await;
    app.screenshot("83-packages-en").await;
    app.click("#lang-id").await;
    app.wait_text("#packages-card", "Paket laporan").await;
    app.close().await;

    // Sumedang's side: the same computer, the app opened as the hub.
    let app = App::launch(home.path()).await;
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;
    app.click("#nav-switch").await;
    app.click("#open-hub").await;
    app.wait_text("#hub-choice", "Buka hub bawaan").await;
    app.screenshot("84-welcome-hub").await;
    app.click("#hub-default").await;
    app.wait_text("#hub-title", "Hub Sumedang").await;
    app.wait_text("#hub-keys-none", "Belum ada kunci").await;
    app.wait_text("#hub-packages-none", "Belum ada paket").await;
    app.screenshot("85-hub-empty").await;

    // The key from the enrolment letter: its fingerprint is shown before it is registered.
    app.wait("#hub-letter-file").await.send_keys(letter.to_str().unwrap()).await.unwrap();
    app.wait_text("#hub-letter-confirm", "Kabupaten Sumedang (32.11)").await;
    assert_eq!(app.text("#hub-letter-fingerprint").await, fingerprint);
    app.screenshot("86-hub-key-confirm").await;
    app.click("#hub-key-confirm").await;
    app.wait_text("#hub-keys-table", "Terdaftar").await;
    app.wait_text("#hub-keys-table", &fingerprint).await;

    // The package: imported, then listed with its index and the key's status.
    app.wait("#hub-import-file").await.send_keys(package.to_str().unwrap()).await.unwrap();
    let summary = app.wait_text("#hub-import-result .import-summary[data-status='imported']", "Diterima").await;
    assert!(summary.contains("Kabupaten Sumedang (32.11)"), "{summary}");
    app.wait_text("#hub-packages-table", "Terdaftar").await;
    app.show("#hub-import-card").await;
    app.screenshot("87-hub-imported").await;

    // Again: already received, nothing changes.
    app.wait("#hub-import-file").await.send_keys(package.to_str().unwrap()).await.unwrap();
    app.wait_text("#hub-import-result .import-summary[data-status='already_received']", "Sudah diterima sebelumnya")
        .await;
    app.show("#hub-import-card").await;
    app.screenshot("88-hub-already-received").await;

    // Only checking the second package first: it would be imported, and nothing is stored.
    app.click("#hub-dry-run").await;
    app.wait("#hub-import-file").await.send_keys(second.to_str().unwrap()).await.unwrap();
    app.wait_text("#hub-import-result .import-summary[data-status='imported']", "hanya diperiksa, tidak disimpan")
        .await;
    assert_eq!(app.client.find_all(fantoccini::Locator::Css("#hub-packages-table tbody tr")).await.unwrap().len(), 1);
    app.click("#hub-dry-run").await;

    // The second package supersedes the first: it becomes the latest of the period.
    app.wait("#hub-import-file").await.send_keys(second.to_str().unwrap()).await.unwrap();
    let summary = app.wait_text("#hub-import-result .import-summary[data-status='imported']", "Diterima").await;
    assert!(summary.contains("paket-sumedang-2.llpkg"), "{summary}");
    app.wait("#hub-packages-table tr[data-head='false']").await;
    app.wait_text("#hub-packages-table tr[data-head='true']", "Terbaru").await;

    // A file that is not a package is refused with its checks.
    let not_package = home.path().join("bukan-paket.llpkg");
    std::fs::write(&not_package, "ini bukan paket\n").unwrap();
    app.wait("#hub-import-file").await.send_keys(not_package.to_str().unwrap()).await.unwrap();
    let refusal = app.wait_text("#hub-import-result .import-summary[data-status='refused']", "Ditolak").await;
    assert!(refusal.contains("Berkas zip terbaca: gagal"), "{refusal}");
    app.show("#hub-import-card").await;
    app.screenshot("89-hub-refused").await;

    app.click("#lang-en").await;
    app.wait_text("#hub-title", "Sumedang hub").await;
    app.wait_text("#hub-packages-table", "Registered").await;
    app.screenshot("90-hub-en").await;
    app.show("#hub-packages-card").await;
    app.screenshot("91-hub-packages-en").await;
    app.click("#lang-id").await;
    app.wait_text("#hub-packages-table", "Terdaftar").await;
    app.show("#hub-packages-card").await;
    app.screenshot("92-hub-packages").await;
    let listed = app.text("#hub-packages-table").await;
    app.close().await;

    let hub = livinglab_hub::Hub::open(&data_dir(home.path()).join("LivingLab/hub-sumedang")).unwrap();
    let rows = hub.packages(None, None).unwrap();
    assert_eq!(rows.len(), 2, "importing the first package again changed nothing");
    assert!(rows.iter().any(|r| r.package_id == record.package_id && !r.head));
    for row in &rows {
        assert_eq!(row.key_status, "registered");
        // As Indonesian writes it: "1,00", not the stored "1".
        let shown = livinglab_core::format::index(row.index.parse().unwrap(), livinglab_core::Lang::Id);
        assert!(listed.contains(&shown), "the list shows the index {shown}: {listed}");
    }
    assert!(hub.verify_audit().unwrap().intact);
}
