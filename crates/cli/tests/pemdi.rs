//! Pemdi 2026 assessed as the evaluators assess it, through the command line: butir checked
//! off level by level move the indicator's suggested value across the level's band (a level
//! counts only above complete ones), an assessor's decimal value overrides it, an index-fed
//! indicator counts as 1 until the agency's index is entered and then its converted value, the
//! evaluators' review of a butir is recorded (a revision needs its reason), the stages keep
//! their dates, and the index, the score and the package all count the same values.

use std::path::Path;

use rust_decimal::Decimal;
use serde_json::Value;

mod support;
use support::Ws;

/// A regency's workspace with a 2026 period, its keys in a file.
fn workspace() -> Ws {
    let ws = Ws::empty()
        .with_globals(&["--lang", "id", "--today", "2026-12-01"])
        .with_key_file("ws.keys.json", "sandi uji pemdi");
    ws.ok(&["init", "--region", "32.11"]);
    ws.ok(&["period", "add", "--year", "2026"]);
    ws
}

trait Scored {
    fn value_of(&self, indicator: &str) -> (Option<Decimal>, Value);
    fn index(&self) -> Decimal;
}

impl Scored for Ws {
    fn value_of(&self, indicator: &str) -> (Option<Decimal>, Value) {
        let values = self.json(&["assess", "values", "--period", "2026", "--json"]);
        let v = values.as_array().unwrap().iter().find(|v| v["indicator"] == indicator).unwrap().clone();
        (v["value"].as_str().map(|s| s.parse().unwrap()), v)
    }

    fn index(&self) -> Decimal {
        self.json(&["score", "--period", "2026", "--json"])["index"].as_str().unwrap().parse().unwrap()
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn butir_values_indices_and_reviews_decide_the_index_as_the_evaluators_do() {
    let ws = workspace();
    // Indicator 1 has one butir at level 1 and four at level 2.
    let list = ws.json(&["butir", "list", "--period", "2026", "--indicator", "1", "--json"]);
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|b| b["butir_id"].as_str().unwrap()).collect();
    assert_eq!(&ids[..5], ["I1.L1.1", "I1.L2.1", "I1.L2.2", "I1.L2.3", "I1.L2.4"]);
    assert!(list[0]["text"]["id"].as_str().unwrap().len() > 10, "each butir says what it asks for");
    assert_eq!(ws.value_of("1").0, None, "nothing checked: unassessed");

    // Level 2's butir do not count while level 1 is not complete.
    ws.ok(&["butir", "set", "--period", "2026", "--butir", "I1.L2.1", "--complete", "yes"]);
    let (value, v) = ws.value_of("1");
    assert_eq!(value, Some(dec("1")), "{v}");
    assert_eq!(v["basis"], "butir_estimate");
    // Level 1 complete: the one of level 2's four counts, a quarter of its band 1.5 → 2.5;
    // with a second one, halfway.
    ws.ok(&["butir", "set", "--period", "2026", "--butir", "I1.L1.1", "--complete", "yes"]);
    assert_eq!(ws.value_of("1").0, Some(dec("1.75")));
    ws.ok(&["butir", "set", "--period", "2026", "--butir", "I1.L2.2", "--complete", "ya"]);
    assert_eq!(ws.value_of("1").0, Some(dec("2")));
    let text = ws.ok(&["assess", "values", "--period", "2026"]);
    assert!(text.contains("1  2  (perkiraan dari butir)"), "{text}");

    // The assessor's value counts instead, the estimate still shown beside it; clearing it
    // brings the estimate back.
    ws.ok(&["assess", "set", "--period", "2026", "--indicator", "1", "--value", "2,26"]);
    let (value, v) = ws.value_of("1");
    assert_eq!((value, v["basis"].as_str()), (Some(dec("2.26")), Some("assessor")));
    assert_eq!(v["estimate"]["value"], "2");
    assert!(ws
        .refused(&["assess", "set", "--period", "2026", "--indicator", "1", "--value", "5,5"])
        .contains("1 sampai 5"));
    let before = ws.index();
    ws.ok(&["assess", "set", "--period", "2026", "--indicator", "1", "--clear-value"]);
    assert_eq!(ws.value_of("1").0, Some(dec("2")));
    assert!(ws.index() < before, "the index follows the value that counts");

    // Indicator 5 (data) takes the SDI of Bappenas: 1 until it is entered, then SDI 68.75 → 3.75.
    let (value, v) = ws.value_of("5");
    assert_eq!((value, v["basis"].as_str()), (None, Some("assumed_one")));
    let score = ws.json(&["score", "--period", "2026", "--json"]);
    assert!(score["external_assumed"].as_array().unwrap().iter().any(|i| i == "5"), "{score}");
    assert!(ws.refused(&["external", "set", "--period", "2026", "--index", "sdi", "--value", "120"]).contains("100"));
    assert!(ws.refused(&["external", "set", "--period", "2026", "--index", "bukan", "--value", "1"]).contains("bukan"));
    ws.ok(&["external", "set", "--period", "2026", "--index", "sdi", "--value", "68,75", "--source", "Bappenas 2026"]);
    let (value, v) = ws.value_of("5");
    assert_eq!((value, v["basis"].as_str()), (Some(dec("3.75")), Some("external_index")));
    assert!(ws.ok(&["external", "list", "--period", "2026"]).contains("sdi  68,75  (Bappenas 2026)"));

    // The index is the weighted sum of exactly these values (an indicator without a value at 1).
    let values = ws.json(&["assess", "values", "--period", "2026", "--json"]);
    let fw: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/frameworks/pemdi-2026.json"
    )))
    .unwrap();
    let mut sum = Decimal::ZERO;
    for i in fw["indicators"].as_array().unwrap() {
        let weight: Decimal = i["weight"].as_str().unwrap().parse().unwrap();
        let v = values.as_array().unwrap().iter().find(|v| v["indicator"] == i["id"]).unwrap();
        sum += weight * v["value"].as_str().map(dec).unwrap_or(Decimal::ONE);
    }
    assert_eq!(ws.index(), (sum / Decimal::from(100)).normalize());

    // What the evaluators returned: accepted, or a revision with its reason.
    assert!(ws
        .refused(&["butir", "set", "--period", "2026", "--butir", "I1.L2.2", "--review", "revisi"])
        .contains("alasan"));
    ws.ok(&["butir", "set", "--period", "2026", "--butir", "I1.L1.1", "--review", "diterima"]);
    ws.ok(&[
        "butir",
        "set",
        "--period",
        "2026",
        "--butir",
        "I1.L2.2",
        "--review",
        "revisi",
        "--reason",
        "SK belum ditandatangani",
    ]);
    let listed = ws.ok(&["butir", "list", "--period", "2026", "--indicator", "1"]);
    assert!(listed.contains("[x] I1.L1.1") && listed.contains("diterima penilai"), "{listed}");
    assert!(listed.contains("revisi: SK belum ditandatangani"), "{listed}");
    assert!(ws
        .refused(&["butir", "set", "--period", "2026", "--butir", "I9.L9.9", "--complete", "yes"])
        .contains("I9.L9.9"));
    let refused = ws.refused(&["butir", "set", "--period", "2026", "--butir", "I1.L1.1", "--review", "ditolak"]);
    assert!(refused.contains("\"ditolak\"") && refused.contains("diterima, revisi, none"), "{refused}");
    let refused = ws.refused(&["butir", "set", "--period", "2026", "--butir", "I1.L1.1", "--complete", "mungkin"]);
    assert!(refused.contains("\"mungkin\"") && refused.contains("yes, no"), "{refused}");

    // Evidence of the indicator backs a butir; evidence of another indicator does not.
    let file = ws.dir.with_extension("sk.pdf");
    std::fs::write(&file, b"%PDF-1.4\n% SK Tim Pemdi\n").unwrap();
    ws.ok(&["evidence", "add", "--period", "2026", "--indicator", "1", file.to_str().unwrap()]);
    ws.ok(&["evidence", "add", "--period", "2026", "--indicator", "2", file.to_str().unwrap()]);
    let evidence = ws.json(&["evidence", "list", "--period", "2026", "--json"]);
    let id_of = |indicator: &str| {
        evidence.as_array().unwrap().iter().find(|e| e["indicator"] == indicator).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    ws.ok(&["butir", "link", "--period", "2026", "--butir", "I1.L1.1", "--evidence", &id_of("1")]);
    ws.refused(&["butir", "link", "--period", "2026", "--butir", "I1.L1.1", "--evidence", &id_of("2")]);
    let b = ws.json(&["butir", "list", "--period", "2026", "--indicator", "1", "--json"]);
    assert_eq!(b[0]["evidence"], serde_json::json!([id_of("1")]));

    // A verified answer keeps its butir as they were; the evaluators' review can still be kept.
    ws.ok(&["profile", "set", "--user", "Operator Diskominfo"]);
    ws.ok(&["assess", "set", "--period", "2026", "--indicator", "1", "--level", "2"]);
    ws.ok(&["assess", "status", "--period", "2026", "--indicator", "1", "--to", "diajukan"]);
    ws.ok(&["assess", "status", "--period", "2026", "--indicator", "1", "--to", "terverifikasi"]);
    ws.refused(&["butir", "set", "--period", "2026", "--butir", "I1.L2.3", "--complete", "yes"]);
    ws.ok(&["butir", "set", "--period", "2026", "--butir", "I1.L2.1", "--review", "diterima"]);

    // The stages of the year, in order, with their dates; an end before the start is refused.
    ws.ok(&["period", "stage", "--year", "2026", "--stage", "dokumen", "--from", "2026-07-01", "--to", "2026-07-31"]);
    assert!(ws
        .refused(&[
            "period",
            "stage",
            "--year",
            "2026",
            "--stage",
            "interviu",
            "--from",
            "2026-08-10",
            "--to",
            "2026-08-01"
        ])
        .contains("lebih awal"));
    ws.refused(&["period", "stage", "--year", "2026", "--stage", "rapat"]);
    let stages = ws.json(&["period", "stages", "--year", "2026", "--json"]);
    let names: Vec<&str> = stages.as_array().unwrap().iter().map(|s| s["stage"].as_str().unwrap()).collect();
    assert_eq!(names, ["penilaian_mandiri", "dokumen", "interviu", "visitasi"]);
    assert_eq!((stages[1]["starts"].as_str(), stages[1]["ends"].as_str()), (Some("2026-07-01"), Some("2026-07-31")));
    assert!(ws.ok(&["period", "stages", "--year", "2026"]).contains("Penilaian dokumen: 2026-07-01 – 2026-07-31"));

    // The package carries the values, the butir and the stages, and the same index.
    let package = ws.json(&["package", "build", "--period", "2026", "--json"]);
    let verified = ws.json(&["package", "verify", package["path"].as_str().unwrap(), "--json"]);
    assert_eq!(verified["valid"], true, "{verified}");
    let data = package_data(Path::new(package["path"].as_str().unwrap()));
    assert_eq!(data["score"]["index"].as_str().map(dec), Some(ws.index()));
    let butir = data["butir"].as_array().unwrap();
    assert!(butir.iter().any(|b| b["butir_id"] == "I1.L2.2" && b["review"] == "revisi"), "{}", data["butir"]);
    assert!(data["values"].as_array().unwrap().iter().any(|v| v["indicator"] == "5" && v["basis"] == "external_index"));
    assert_eq!(data["stages"][1]["starts"], "2026-07-01");
    assert!(ws.ok(&["audit", "verify"]).contains("utuh"));

    // Sumedang's hub reads the values and the butir from the package.
    let hub = ws.dir.with_extension("hub");
    let on_hub = |args: &[&str]| {
        let mut all = vec!["--hub", hub.to_str().unwrap(), "hub"];
        all.extend_from_slice(args);
        ws.ok(&all)
    };
    on_hub(&["init"]);
    let identity = ws.json(&["identity", "show", "--json"]);
    on_hub(&["keys", "add", "--region", "32.11", "--public-key", identity["public_key"].as_str().unwrap()]);
    on_hub(&["import", package["path"].as_str().unwrap()]);
    let shown: Value =
        serde_json::from_str(&on_hub(&["packages", "show", package["package_id"].as_str().unwrap(), "--json"]))
            .unwrap();
    let line = |id: &str| shown["indicators"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(
        (line("5")["value_display"].as_str(), line("5")["basis"].as_str()),
        (Some("3,75"), Some("external_index"))
    );
    assert_eq!(
        (line("1")["butir_complete"].as_u64(), line("1")["butir_revisi"].as_u64()),
        (Some(3), Some(1)),
        "{}",
        line("1")
    );
    assert_eq!(line("6")["value_display"], "1", "an index-fed indicator without its index counts 1");

    // The report prints each indicator's value, its basis, and the checklist with the review.
    let report = ws.dir.with_extension("laporan.pdf");
    ws.ok(&["report", "--period", "2026", "--out", report.to_str().unwrap(), "--preview"]);
    let out = std::process::Command::new("pdftotext").arg(&report).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "3,75 (dari indeks instansi lain)",
        "1 dari 1 lengkap (butir 1); diterima penilai: butir 1",
        "revisi butir 2: SK belum ditandatangani",
        "** dihitung 1 sampai indeks instansi lain",
    ] {
        assert!(text.contains(expected), "the report prints {expected:?}: {text}");
    }
}

/// `data/period.json` of a package file (a zip).
fn package_data(file: &Path) -> Value {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("data/period.json").unwrap(), &mut text).unwrap();
    serde_json::from_str(&text).unwrap()
}
