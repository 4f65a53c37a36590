//! End-to-end: a corrected framework file is imported in the app and a period moves to it; the
//! dashboard then scores with the corrected weights. A broken file is refused with its reason.

mod support;

use livinglab_store::Workspace;
use support::{seed_workspace, App};

#[tokio::test(flavor = "multi_thread")]
async fn a_corrected_framework_is_imported_and_used() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_workspace(home.path(), "32.11");
    {
        let mut ws = Workspace::open(&dir).unwrap();
        ws.add_period(2026, None, false).unwrap();
        ws.import_assessments(2026, "19,5\n").unwrap(); // weight 10: 1 + 10×4/100 = 1.40
    }
    // The correction moves weight from indicator 19 to 20 (a new version, same id).
    let shipped =
        livinglab_core::framework::SHIPPED_SOURCES.iter().find(|(n, _, _)| *n == "pemdi-2026.json").unwrap().2;
    let mut v: serde_json::Value = serde_json::from_str(shipped).unwrap();
    v["version"] = "1.0.1".into();
    let ind = v["indicators"].as_array_mut().unwrap();
    let i19 = ind.iter().position(|i| i["id"] == "19").unwrap();
    let i20 = ind.iter().position(|i| i["id"] == "20").unwrap();
    ind[i19]["weight"] = "9".into();
    ind[i20]["weight"] = "16".into();
    let corrected = home.path().join("pemdi-2026-perbaikan.json");
    std::fs::write(&corrected, v.to_string()).unwrap();
    let mut broken = v.clone();
    broken["version"] = "1.0.2".into();
    broken["indicators"][i19]["weight"] = "8".into();
    let broken_file = home.path().join("pemdi-rusak.json");
    std::fs::write(&broken_file, broken.to_string()).unwrap();

    let app = App::launch(home.path()).await;
    app.wait_text("#dash-index", "1,40").await;
    app.click("#nav-frameworks").await;
    app.wait("#frameworks-table").await;

    app.wait("#import-framework").await.send_keys(broken_file.to_str().unwrap()).await.unwrap();
    let err = app.wait_text("#toasts", "tidak sah").await;
    assert!(
        err.contains("kelompok A7: bobot 25"),
        "the message names, in Indonesian, the group whose weights do not add up: {err}"
    );

    app.wait("#import-framework").await.send_keys(corrected.to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "versi 1.0.1 diimpor").await;
    app.wait_text("#frameworks-table", "1.0.1").await;
    app.wait_text("#upgrade-2026", "1.0.1").await;
    app.screenshot("40-frameworks").await;
    app.click("#upgrade-2026 button").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "kini memakai versi 1.0.1").await;

    app.click("#nav-dashboard").await;
    app.wait_text("#dash-index", "1,36").await; // 1 + 9×4/100
    app.close().await;

    // Restarted, the workspace still holds the corrected framework.
    let ws = Workspace::open(&dir).unwrap();
    assert_eq!(ws.period(2026).unwrap().framework_version, "1.0.1");
    assert_eq!(ws.imported_frameworks().unwrap().len(), 1);
}
