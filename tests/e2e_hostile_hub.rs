//! End-to-end: hostile text that travels between a region and Sumedang. The region's package
//! carries an office name, facts, an action's title and an evidence file's name holding HTML
//! and script, `javascript:` URLs, very long unbroken words, right-to-left marks and emoji; the
//! hub's name, the roster's signatory and the review's notes hold the same. In the real
//! webview the coordinators' console (incoming packages, roster, dashboard, the package with
//! its evidence, reviews and comparison) and the region's view of Sumedang's review (on the
//! Documents screen and beside the indicator) show each as text, run nothing and push nothing
//! out of the main area sideways; a right-to-left override in a name reorders nothing around it.

mod support;

use std::path::Path;

use livinglab_store::actions::{ActionTarget, NewAction};
use livinglab_store::assessment::AssessmentPatch;
use livinglab_store::Workspace;
use serde_json::Value;
use support::hostile::{hostile, inspect, long_word, shows, EMOJI, FORMULA, RTL};
use support::{data_dir, seed_workspace, App};

const PASSPHRASE: &str = "sandi uji teks berbahaya";

fn livinglab(key_file: &Path, args: &[&str]) -> String {
    support::cli_ok(key_file, PASSPHRASE, args)
}

fn json(key_file: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&livinglab(key_file, args)).unwrap()
}

/// Sumedang's workspace with hostile text in everything its package carries; the first package
/// is built before the action, so that the second one's comparison lists the action's title.
fn hostile_region(home: &Path, key: &Path) -> (std::path::PathBuf, Vec<Value>) {
    let dir = seed_workspace(home, "32.11");
    let mut ws = Workspace::open(&dir).unwrap();
    let mut profile = ws.profile().unwrap();
    profile.office_name = hostile("Dinas");
    profile.place = "Sumedang".into();
    ws.save_profile(profile).unwrap();
    ws.add_period(2026, None, false).unwrap();
    let patch = AssessmentPatch {
        level: Some(Some(2)),
        fakta: Some(hostile("Fakta")),
        analisis: Some(long_word()),
        owner_office: Some(FORMULA.into()),
        ..AssessmentPatch::default()
    };
    ws.set_assessment(2026, "1", patch).unwrap();
    let png = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emblem.png")).unwrap();
    ws.add_evidence_bytes(2026, "1", &format!("<img src=x onerror=\"window.__pwned=4\"> {RTL} {EMOJI}.png"), &png)
        .unwrap();
    ws.add_evidence_bytes(2026, "2", &format!("{}.png", long_word()), &png).unwrap();
    drop(ws);

    let on_ws = |args: &[&str]| {
        let mut all = vec!["--workspace", dir.to_str().unwrap()];
        all.extend_from_slice(args);
        json(key, &all)
    };
    let first = on_ws(&["package", "build", "--period", "2026", "--json"]);
    let mut ws = Workspace::open(&dir).unwrap();
    ws.add_action(
        2026,
        NewAction {
            title: hostile("Aksi"),
            description: long_word(),
            owner_office: FORMULA.into(),
            due: "2027-03-31".into(),
            indicators: vec![ActionTarget { indicator: "1".into(), target_level: Some(3) }],
            ..NewAction::default()
        },
    )
    .unwrap();
    drop(ws);
    let second = on_ws(&["package", "build", "--period", "2026", "--json"]);
    (dir, vec![first, second])
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_in_packages_and_reviews_is_shown_as_text_on_both_sides() {
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path();
    let ws_key = tmp.join("kunci-ruang-kerja.json");
    let (ws, packages) = hostile_region(tmp, &ws_key);
    let ws_arg = ws.to_str().unwrap().to_string();

    // Sumedang's hub in the app's default place, named, with a roster and a review as hostile.
    let hub_key = tmp.join("kunci-hub.json");
    let hub = data_dir(tmp).join("LivingLab/hub-sumedang");
    let hub_arg = hub.to_str().unwrap().to_string();
    let hub_run = |args: &[&str]| {
        let mut all = vec!["--hub", hub_arg.as_str(), "hub"];
        all.extend_from_slice(args);
        livinglab(&hub_key, &all)
    };
    let hub_name = hostile("Hub");
    hub_run(&["init", "--name", &hub_name]);
    let hub_identity: Value = serde_json::from_str(&hub_run(&["identity", "--json"])).unwrap();
    let identity = json(&ws_key, &["--workspace", &ws_arg, "identity", "show", "--json"]);
    hub_run(&["keys", "add", "--region", "32.11", "--public-key", identity["public_key"].as_str().unwrap()]);
    for p in &packages {
        hub_run(&["import", p["path"].as_str().unwrap()]);
    }
    let roster = tmp.join("penandatangan.csv");
    let signatory = hostile("Bupati").replace('"', "'").replace(',', ";");
    std::fs::write(&roster, format!("region,name\n32.11,{signatory}\n32.04,{}\n", long_word())).unwrap();
    hub_run(&["expected", "set", roster.to_str().unwrap()]);
    let latest = packages[1]["package_id"].as_str().unwrap().to_string();
    let general = hostile("Catatan umum");
    let on_indicator = format!("{} {}", hostile("Catatan indikator"), long_word());
    hub_run(&["review", &latest, "--to", "revisi", "--note", &general, "--indicator", "1", "--note", &on_indicator]);
    let review_file = tmp.join("tinjauan.llreview");
    hub_run(&["review", "export", &latest, "--out", review_file.to_str().unwrap()]);

    // The region takes the review in, under the hub key it pinned.
    let url = "https://hub.example.go.id";
    livinglab(
        &ws_key,
        &[
            "--workspace",
            &ws_arg,
            "hub-link",
            "set",
            "--url",
            url,
            "--hub-key",
            hub_identity["public_key"].as_str().unwrap(),
        ],
    );
    livinglab(&ws_key, &["--workspace", &ws_arg, "review", "import", review_file.to_str().unwrap()]);

    // The region's side: the review on the Documents screen and beside the indicator.
    let keystore = format!("file:{}", ws_key.display());
    let env = [("LIVINGLAB_KEYSTORE", keystore.as_str()), ("LIVINGLAB_KEY_PASSPHRASE", PASSPHRASE)];
    let title = "Kabupaten Sumedang — Living Lab";
    let app = App::launch_with(tmp, &env).await;
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;
    app.click("#nav-documents").await;
    app.wait_text("#review-open", "Catatan indikator <img").await;
    app.show("#reviews-card").await;
    let v = inspect(&app, title, "documents, the review").await;
    assert!(shows(&v, &general), "the general note as text");
    // The hub's name, with its right-to-left override, is isolated: it cannot reorder the date
    // that follows it in the sentence.
    assert!(shows(&v, &format!("\u{2068}{hub_name}\u{2069}")), "the name is bidi-isolated");
    assert!(shows(&v, &hostile("Catatan indikator")), "the indicator's note as text");
    app.screenshot("74-hostile-review").await;
    app.click("#review-open [data-indicator='1'] button").await;
    app.wait_text("#review-note-text", "Catatan indikator <img").await;
    inspect(&app, title, "assessment, the review note").await;
    app.screenshot("75-hostile-review-note").await;
    app.close().await;

    // Sumedang's side: the app opens the hub from the welcome screen.
    std::fs::remove_file(tmp.join(".config/LivingLab/config.json")).unwrap();
    let keystore = format!("file:{}", hub_key.display());
    let env = [("LIVINGLAB_KEYSTORE", keystore.as_str()), ("LIVINGLAB_KEY_PASSPHRASE", PASSPHRASE)];
    let title = format!("{hub_name} — Living Lab");
    let app = App::launch_with(tmp, &env).await;
    app.click("#open-hub").await;
    app.click("#hub-default").await;
    app.wait("#hub-packages-table").await;
    app.screenshot("76-hostile-hub-packages").await;
    let v = inspect(&app, &title, "incoming packages").await;
    assert!(shows(&v, &hub_name), "the hub's name as text");
    // The top bar keeps its height: the name ends in an ellipsis there.
    let bar = app.client.execute("return document.querySelector('.topbar').scrollHeight;", vec![]).await.unwrap();
    assert!(bar.as_i64().unwrap() <= 64, "the hub's name makes the top bar {bar} px tall");
    app.click("#nav-hub-roster").await;
    app.wait("#roster-table").await;
    inspect(&app, &title, "roster").await;
    app.screenshot("77-hostile-roster").await;
    app.click("#nav-hub-dashboard").await;
    app.wait("#hub-ranking").await;
    inspect(&app, &title, "dashboard").await;

    app.click("#nav-hub").await;
    app.click(&format!("#hub-open-{latest}")).await;
    app.wait("#package-documents-card").await;
    app.wait_text("#package-reviews", "Catatan indikator <img").await;
    let v = inspect(&app, &title, "the package").await;
    assert!(shows(&v, "fdp.exe"), "the evidence file's name as text");
    assert!(shows(&v, &general), "the review's note as text");
    app.show("#package-evidence-card").await;
    app.screenshot("78-hostile-package").await;
    // A Pemdi package: each indicator's value and where it comes from, beside its butir.
    app.wait_text("#package-indicators tr[data-indicator='1'] .package-value", "2,00").await;
    app.wait_text("#package-indicators tr[data-indicator='5'] .package-value", "Dihitung 1").await;
    app.show("#package-indicators-card").await;
    app.screenshot("78b-package-values").await;
    app.click("#compare-go").await;
    app.wait_text("#compare-actions-added", "Aksi <img").await;
    let v = inspect(&app, &title, "the package compared").await;
    assert!(shows(&v, &hostile("Aksi")), "the action's title as text");
    app.show("#package-compare-card").await;
    app.screenshot("79-hostile-compare").await;

    // The review dialog lists the indicators and keeps what is typed as text.
    app.click("#package-review").await;
    app.wait("#review-dialog").await;
    app.fill("#review-note", &hostile("Draf")).await;
    inspect(&app, &title, "the review dialog").await;
    app.click("#dlg-cancel").await;
    app.close().await;
}
