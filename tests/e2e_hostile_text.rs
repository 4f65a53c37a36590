//! End-to-end: text that others typed, holding HTML and script, `javascript:` URLs, very long
//! unbroken words, right-to-left marks and emoji, in every place the region's screens show
//! it: the office name, an imported framework's names, an answer's facts, a practice and the
//! action made from it, an evidence file's name. In the real webview each is shown as text, runs
//! nothing (the payloads would set `window.__pwned` and the title) and pushes nothing out of
//! the main area sideways; the progress report and the commitment letter print the same
//! strings as text (pdftotext), and the workbook holds them as text cells, never formulas.

mod support;

use std::io::Read;
use std::path::Path;

use livinglab_store::actions::{ActionTarget, NewAction};
use livinglab_store::assessment::AssessmentPatch;
use livinglab_store::Workspace;
use serde_json::Value;
use support::hostile::{hostile, inspect, long_word, shows, EMOJI, FORMULA, RTL};
use support::{cli_ok, seed_workspace, App};

/// The window's title while the workspace is open; a payload would change it.
const TITLE: &str = "Kabupaten Sumedang — Living Lab";

fn prepare(home: &Path) -> std::path::PathBuf {
    let dir = seed_workspace(home, "32.11");
    let mut ws = Workspace::open(&dir).unwrap();
    let mut profile = ws.profile().unwrap();
    profile.office_name = hostile("Dinas");
    profile.address = long_word();
    profile.place = "Sumedang".into();
    profile.head.name = FORMULA.into();
    ws.save_profile(profile).unwrap();

    // An imported framework whose names are hostile.
    let shipped =
        livinglab_core::framework::SHIPPED_SOURCES.iter().find(|(n, _, _)| *n == "pemdi-2026.json").unwrap().2;
    let mut v: Value = serde_json::from_str(shipped).unwrap();
    v["version"] = "0.9.9".into();
    v["name"]["id"] = hostile("Kerangka").into();
    v["groups"][0]["name"]["id"] = hostile("Aspek").into();
    v["indicators"][0]["name"]["id"] = hostile("Indikator").into();
    v["indicators"][1]["name"]["id"] = long_word().into();
    ws.import_framework(&v.to_string()).unwrap();
    ws.add_period(2026, None, false).unwrap();
    ws.set_period_framework_version(2026, "0.9.9").unwrap();

    let patch = AssessmentPatch {
        level: Some(Some(3)),
        fakta: Some(hostile("Fakta")),
        analisis: Some(format!("{} {FORMULA}", long_word())),
        owner_office: Some(FORMULA.into()),
        ..AssessmentPatch::default()
    };
    ws.set_assessment(2026, "1", patch).unwrap();

    // The region's own practice, and an action made from it.
    let practices = serde_json::json!({
        "format": livinglab_core::practice::FORMAT,
        "practices": [{
            "id": "praktik-uji",
            "title": {"id": hostile("Praktik"), "en": hostile("Practice")},
            "summary": {"id": long_word(), "en": long_word()},
            "origin": "32.11", "origin_name": "Kabupaten Sumedang",
            "indicators": {"pemdi-2026": [{"indicator": "1", "level": 4}]},
            "evidence": [{"id": hostile("Bukti"), "en": "Evidence"}],
        }],
    });
    ws.add_practices(&practices.to_string()).unwrap();
    ws.add_action(
        2026,
        NewAction {
            title: hostile("Aksi"),
            description: long_word(),
            practice_id: Some("praktik-uji".into()),
            owner_office: FORMULA.into(),
            due: "2026-12-31".into(),
            indicators: vec![ActionTarget { indicator: "1".into(), target_level: Some(4) }],
            ..NewAction::default()
        },
    )
    .unwrap();

    let png = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emblem.png")).unwrap();
    let name = format!("<img src=x onerror=\"window.__pwned=4\"> {RTL} {EMOJI}.png");
    ws.add_evidence_bytes(2026, "1", &name, &png).unwrap();
    ws.add_evidence_bytes(2026, "2", &format!("{}.png", long_word()), &png).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_is_shown_as_text_and_runs_nothing() {
    let home = tempfile::tempdir().unwrap();
    let dir = prepare(home.path());

    let app = App::launch(home.path()).await;
    app.wait("#dash-index").await;
    let v = inspect(&app, TITLE, "dashboard").await;
    assert!(shows(&v, &hostile("Dinas")), "the office name is shown as it was typed");

    app.click("#nav-assessment").await;
    app.click("#ind-1").await;
    app.wait("#f-fakta").await;
    app.wait_text("#view", "Indikator <img src=x").await;
    let v = inspect(&app, TITLE, "assessment").await;
    assert!(shows(&v, &hostile("Indikator")), "the indicator's name as text");
    assert!(shows(&v, &hostile("Fakta")), "the answer's facts as text");
    app.screenshot("70-hostile-assessment").await;
    app.click("#ind-2").await;
    app.wait_text("#view", &long_word()).await;
    inspect(&app, TITLE, "assessment, the long name").await;

    app.click("#nav-followup").await;
    app.wait_text("#view", "Aksi <img src=x").await;
    let v = inspect(&app, TITLE, "followup").await;
    assert!(shows(&v, &hostile("Aksi")), "the action's title as text");
    app.click("#action-from-practice").await;
    app.wait("#dlg-ok").await;
    let v = inspect(&app, TITLE, "followup, from a practice").await;
    assert!(shows(&v, "Praktik <img src=x"), "the practice's title as text");
    app.screenshot("71-hostile-practice").await;
    app.click("#dlg-cancel").await;

    app.click("#nav-evidence").await;
    app.wait_text("#view", "fdp.exe").await;
    let v = inspect(&app, TITLE, "evidence").await;
    app.screenshot("72-hostile-evidence").await;
    let all = v["all"].as_str().unwrap();
    let shown = all.find("fdp.exe").map(|i| &all[all.floor_char_boundary(i.saturating_sub(200))..i + 7]);
    // The stored name is the file's, numbered for the evaluator, with the characters no file
    // system takes replaced: shown as it is stored, as text.
    assert!(shows(&v, "1.a.-img src=x onerror=-window."), "the file's name as text: {shown:?}");

    for view in ["documents", "frameworks", "profile", "dashboard"] {
        app.click(&format!("#nav-{view}")).await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let v = inspect(&app, TITLE, view).await;
        if view == "frameworks" {
            assert!(shows(&v, "Kerangka <img src=x"), "the framework's name as text");
        }
    }
    app.screenshot("73-hostile-profile").await;
    app.close().await;

    // The same strings, printed: text in the PDFs, text cells in the workbook.
    let keys = home.path().join("keys.json");
    let ws = dir.to_str().unwrap();
    let out = home.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let report = out.join("laporan.pdf");
    let letter = out.join("surat.pdf");
    let xlsx = out.join("penilaian.xlsx");
    cli_ok(
        &keys,
        "sandi-uji-panjang",
        &["--workspace", ws, "report", "--period", "2026", "--out", report.to_str().unwrap()],
    );
    // The kop instansi prints the office's name (the kop jabatan, the default, prints the head's).
    cli_ok(&keys, "sandi-uji-panjang", &["--workspace", ws, "documents", "letter-settings", "--kop", "instansi"]);
    cli_ok(&keys, "sandi-uji-panjang", &["--workspace", ws, "letter", "--out", letter.to_str().unwrap()]);
    cli_ok(
        &keys,
        "sandi-uji-panjang",
        &["--workspace", ws, "export", "xlsx", "--period", "2026", "--out", xlsx.to_str().unwrap()],
    );
    for pdf in [&report, &letter] {
        let text = pdftotext(pdf);
        for needle in ["<img src=x onerror=", "<script>window.__pwned=2", "javascript:window.__pwned=3"] {
            // The kop sets the office's name in capitals, broken over lines.
            let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
            assert!(flat(&text).contains(&flat(needle)), "{} prints {needle:?} as text:\n{text}", pdf.display());
        }
    }
    assert!(pdftotext(&report).contains("Indikator <img"), "the report prints the framework's hostile names");

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut strings).unwrap();
    // A text node may escape the quotes or not; either way it is a string, not a formula.
    let unescaped = strings.replace("&quot;", "\"");
    assert!(unescaped.contains(FORMULA), "the formula-looking text is a string: {strings}");
    assert!(strings.contains("&lt;img src=x onerror="), "the HTML is a string");
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::new();
            f.read_to_string(&mut xml).unwrap();
            assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name} holds a formula");
        }
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}
