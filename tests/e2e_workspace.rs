//! End-to-end: the first run, the workspace and the language, in the real app and webview.

mod support;

use std::path::Path;

use livinglab_store::Workspace;
use support::{create_sumedang_workspace, data_dir, App};

#[tokio::test(flavor = "multi_thread")]
async fn first_run_wizard_creates_sumedang_and_reopens_it_after_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_text("#welcome-title", "Selamat datang").await;
    app.screenshot("01-welcome").await;

    // Region step: search as you type, keyboard choice.
    app.click("#start-wizard").await;
    app.fill("#region-search", "kota band").await;
    app.wait_text("#region-results", "Kota Bandung").await;
    let results = app.text("#region-results").await;
    assert!(!results.contains("Kabupaten Bandung"), "every word must match: {results}");
    app.fill("#region-search", "sumedang").await;
    app.wait("#region-32\\.11").await;
    app.screenshot("02-wizard-region").await;
    app.click("#region-32\\.11").await;
    app.wait_text("#region-chosen", "Kabupaten Sumedang").await;
    app.click("#wizard-next").await;

    // Office step: a bad e-mail is refused in Indonesian and keeps the user on the step.
    app.fill("#f-email", "diskominfo@").await;
    app.click("#wizard-next").await;
    let err = app.wait_text("#err-email", "tidak sah").await;
    assert!(err.contains("diskominfo@"), "{err}");
    app.screenshot("03-wizard-office-error").await;
    app.click("#wizard-back").await;
    app.click("#wizard-back").await;
    app.wait("#welcome-title").await;

    create_sumedang_workspace(&app).await;
    app.screenshot("04-profile").await;
    assert_eq!(app.value("#f-sekda_nip").await, "196805051990032004", "the NIP is stored without spaces");
    assert!(app.text("#ws-name").await.contains("Kabupaten Sumedang"));
    app.close().await;

    // The workspace is in the OS app-data folder, with the profile and the emblem.
    let dir = data_dir(home.path()).join("LivingLab/workspaces/32.11-kabupaten-sumedang");
    let ws = Workspace::open(&dir).expect("workspace in the default place");
    let profile = ws.profile().unwrap();
    assert_eq!(profile.sekda.nip, "196805051990032004");
    assert_eq!(profile.user_name, "Operator Diskominfo");
    assert_eq!(profile.place, "Sumedang");
    let (mime, bytes) = ws.emblem().unwrap().expect("emblem stored");
    assert_eq!(mime, "image/png");
    assert_eq!(bytes, std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emblem.png")).unwrap());
    assert!(ws.verify_audit().unwrap().intact);
    drop(ws);

    // After a restart the app opens the same workspace, its name and office in the title bar,
    // and its profile one click away.
    let app = App::launch(home.path()).await;
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;
    app.screenshot("06-reopened").await;
    // (WebKit's driver reads no visible text from an ellipsised line; the DOM holds it.)
    let office = app.wait("#ws-office").await.prop("textContent").await.unwrap().unwrap_or_default();
    assert_eq!(office, "Dinas Komunikasi dan Informatika");
    app.click("#nav-profile").await;
    app.wait_text("#profile-region", "Kabupaten Sumedang (32.11)").await;
    assert_eq!(app.value("#f-sekda_name").await, "Tuti Ruswati, S.E., M.M.");
    assert_eq!(app.value("#f-office_head_nip").await, "197203101998031005");
    app.wait(".emblem-preview img").await;

    // Editing the profile: a bad NIP is refused with a message at the field; a good change is saved.
    app.fill("#f-office_head_nip", "1972").await;
    app.click("#profile-save").await;
    app.wait_text("#err-office_head_nip", "18 angka").await;
    app.fill("#f-office_head_nip", "19720310 199803 1 005").await;
    app.fill("#f-address", "Jl. Prabu Geusan Ulun No. 36").await;
    app.click("#profile-save").await;
    app.wait_text("#toasts", "Profil tersimpan").await;
    app.close().await;
    let ws = Workspace::open(&dir).unwrap();
    assert_eq!(ws.profile().unwrap().address, "Jl. Prabu Geusan Ulun No. 36");
    assert_eq!(ws.profile().unwrap().office_head.nip, "197203101998031005");
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_to_english_changes_the_ui_and_is_remembered() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.wait_text("#welcome-title", "Selamat datang di Living Lab").await;
    app.wait_text("#start-wizard", "Buat ruang kerja baru").await;
    app.click("#lang-en").await;
    app.wait_text("#welcome-title", "Welcome to Living Lab").await;
    app.wait_text("#start-wizard", "Create a new workspace").await;
    app.screenshot("05-welcome-en").await;
    app.close().await;

    let app = App::launch(home.path()).await;
    app.wait_text("#welcome-title", "Welcome to Living Lab").await;
    // Errors come in the chosen language too.
    app.click("#start-wizard").await;
    app.fill("#region-search", "sumedang").await;
    app.click("#region-32\\.11").await;
    app.click("#wizard-next").await;
    app.fill("#f-postal_code", "453").await;
    app.click("#wizard-next").await;
    app.wait_text("#err-postal_code", "5 digits").await;
    app.click("#lang-id").await;
    app.wait_text(".wizard h1", "Ruang kerja baru").await;
    app.close().await;
}
