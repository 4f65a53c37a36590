//! The national benchmark through the CLI: a new hub holds the published 2023 results; a later
//! year's file is imported, its unmatched row matched by hand, the match kept when the year is
//! imported again (which replaces the year's rows, with an audit entry); a region's place; and
//! hostile files refused naming their line, in both languages, with the hub folder
//! byte-identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest, Sha256};

struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    /// A site with a new hub in `hub/`.
    fn new() -> Site {
        let site = Site { tmp: tempfile::tempdir().unwrap() };
        site.ok(&["hub", "init"]);
        site
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_livinglab"))
            .env("LANG", "C.UTF-8")
            .arg("--hub")
            .arg(self.path("hub"))
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Runs a command that must fail as bad input: exit 2 and one line on stderr, returned.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?} printed {}", String::from_utf8_lossy(&out.stdout));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn audit(&self) -> Vec<(String, String, String)> {
        let conn = rusqlite::Connection::open(self.path("hub").join("hub.sqlite")).unwrap();
        let mut stmt = conn.prepare("SELECT entity, entity_id, action FROM audit_log ORDER BY seq").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    }
}

fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.insert(format!("{}/", path.strip_prefix(dir).unwrap().display()), String::new());
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().display().to_string(), hex::encode(Sha256::digest(bytes)));
            }
        }
    }
    out
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

const HEADER: &str = "year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat\n";

/// A small file of "2024" in the published format: Sumedang and Banyuwangi as KemenPAN-RB
/// published them for 2024, a name misspelled as tables often do (Kutai "Kertanegara"), and a
/// central agency whose index was mistyped (4.76 for the 4.66 its domains give).
fn results_2024() -> String {
    [
        HEADER,
        "2024,Pemerintah Daerah di Jawa Barat,1,Pemerintah Kab. Sumedang,kabupaten,5.00,4.30,3.91,4.69,4.51,Memuaskan\n",
        "2024,Pemerintah Daerah di Jawa Timur,1,Pemerintah Kabupaten Banyuwangi,kabupaten,5.00,4.60,4.18,5.00,4.77,Memuaskan\n",
        "2024,Pemerintah Daerah di Kalimantan Timur,1,Pemerintah Kab. Kutai Kertanegara,kabupaten,3.1,2.9,2.1,3.6,3.11,Baik\n",
        "2024,Kementerian,1,Kementerian Keuangan,instansi_pusat,4.9,4.7,4.18,4.74,4.76,Memuaskan\n",
        "2024,Pemerintah Daerah di Jawa Barat,2,Pemerintah Provinsi Jawa Barat,provinsi,4.5,3.9,3.2,4.1,3.95,Sangat Baik\n",
    ]
    .concat()
}

#[test]
fn a_new_hub_shows_the_2023_results_and_a_regions_place() {
    let site = Site::new();
    let b = site.json(&["hub", "benchmark", "show", "--year", "2023"]);
    assert_eq!(
        keys(&b),
        ["central_mean", "kabupaten_kota_mean", "national_mean", "provinces", "provincial_mean", "rows", "year"]
    );
    assert_eq!(b["year"], 2023);
    assert_eq!(b["national_mean"], "2.8159");
    let rows = b["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 621);
    assert_eq!(keys(&rows[0]), ["code", "index", "kind", "name", "predicate"]);
    let sumedang = rows.iter().find(|r| r["code"] == "32.11").unwrap();
    assert_eq!(sumedang["name"], "Kabupaten Sumedang");
    assert_eq!((sumedang["index"].as_str(), sumedang["predicate"].as_str()), (Some("4.14"), Some("Sangat Baik")));
    assert_eq!(sumedang["kind"], "kabupaten");
    let central = rows.iter().filter(|r| r["kind"] == "instansi_pusat").collect::<Vec<_>>();
    assert_eq!(central.len(), 92);
    assert!(central.iter().all(|r| r["code"].is_null()));
    assert_eq!(rows.iter().filter(|r| r["code"].is_string()).count(), 529);
    // Highest first.
    let indices: Vec<f64> = rows.iter().map(|r| r["index"].as_str().unwrap().parse().unwrap()).collect();
    assert!(indices.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(b["provinces"].as_array().unwrap().len(), 38);

    let place = &site.json(&["hub", "benchmark", "show", "--year", "2023", "--region", "32.11"])["region"];
    assert_eq!(place["index"], "4.14");
    assert_eq!(place["computed_index"], "4.13655");
    let above = indices.iter().filter(|&&i| i > 4.14).count() as u64;
    assert_eq!(place["national"]["rank"].as_u64(), Some(above + 1));
    assert_eq!(place["national"]["of"], 621);
    assert_eq!(place["among_peers"]["of"], 491);
    assert_eq!(place["in_province"]["of"], 27);
    let percentile: f64 = place["national"]["percentile"].as_str().unwrap().parse().unwrap();
    assert!(percentile > 90.0 && percentile < 100.0, "{percentile}");

    let province = &site.json(&["hub", "benchmark", "show", "--year", "2023", "--region", "32"])["region"];
    assert_eq!(
        (province["name"].as_str(), province["among_peers"]["of"].as_u64()),
        (Some("Provinsi Jawa Barat"), Some(38))
    );
    assert!(province["in_province"].is_null());

    assert!(site.refused(&["hub", "benchmark", "show", "--year", "2030"]).contains("[benchmark.year_unknown]"));
    assert!(site
        .refused(&["hub", "benchmark", "show", "--year", "2023", "--region", "99.99"])
        .contains("[region.unknown]"));
    // Kota Administrasi Jakarta Pusat was not evaluated on its own in 2023.
    let absent = site.refused(&["hub", "benchmark", "show", "--year", "2023", "--region", "31.71"]);
    assert!(absent.contains("[benchmark.region_absent]"), "{absent}");
}

#[test]
fn a_later_year_is_imported_matched_by_hand_and_imported_again() {
    let site = Site::new();
    let file = site.write("hasil-2024.csv", results_2024().as_bytes());
    let summary = site.json(&["hub", "benchmark", "import", file.to_str().unwrap()]);
    assert_eq!(keys(&summary), ["central", "inconsistent", "manual", "matched", "rows", "unmatched", "year"]);
    assert_eq!(summary["year"], 2024);
    assert_eq!(summary["rows"], 5);
    assert_eq!(summary["matched"], 3);
    assert_eq!(summary["central"], 1);
    assert_eq!(
        summary["unmatched"],
        serde_json::json!([{"row": 4, "instansi": "Pemerintah Kab. Kutai Kertanegara", "jenis": "kabupaten"}])
    );
    assert_eq!(
        summary["inconsistent"],
        serde_json::json!([{"row": 5, "instansi": "Kementerian Keuangan", "published": "4.76", "computed": "4.6584"}])
    );

    // The rows that need a look are kept with the year.
    let issues = site.json(&["hub", "benchmark", "issues", "--year", "2024"]);
    assert_eq!((&issues["unmatched"], &issues["inconsistent"]), (&summary["unmatched"], &summary["inconsistent"]));

    // The coordinator's fix, and what it refuses.
    let matched = site.json(&["hub", "benchmark", "match", "--year", "2024", "--row", "4", "--code", "64.02"]);
    assert_eq!(site.json(&["hub", "benchmark", "issues", "--year", "2024"])["unmatched"], serde_json::json!([]));
    assert_eq!(
        matched,
        serde_json::json!({"year": 2024, "row": 4, "instansi": "Pemerintah Kab. Kutai Kertanegara",
                           "code": "64.02", "name": "Kabupaten Kutai Kartanegara", "kind": "kabupaten"})
    );
    let taken = site.refused(&["hub", "benchmark", "match", "--year", "2024", "--row", "4", "--code", "32.11"]);
    assert!(taken.contains("[benchmark.code_taken]") && taken.contains("line 2"), "{taken}");
    assert!(site
        .refused(&["hub", "benchmark", "match", "--year", "2024", "--row", "9", "--code", "64.03"])
        .contains("[benchmark.row_unknown]"));
    assert!(site
        .refused(&["hub", "benchmark", "match", "--year", "2024", "--row", "4", "--code", "64.99"])
        .contains("[region.unknown]"));
    assert!(site
        .refused(&["hub", "benchmark", "match", "--year", "2031", "--row", "4", "--code", "64.02"])
        .contains("[benchmark.year_unknown]"));

    let b = site.json(&["hub", "benchmark", "show", "--year", "2024"]);
    let rows = b["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["code"], "35.10"); // Banyuwangi, 4.77
    let kukar = rows.iter().find(|r| r["code"] == "64.02").unwrap();
    assert_eq!((kukar["name"].as_str(), kukar["index"].as_str()), (Some("Kabupaten Kutai Kartanegara"), Some("3.11")));
    assert_eq!(b["national_mean"], "4.22"); // (4.51 + 4.77 + 3.11 + 4.76 + 3.95) / 5
    assert_eq!(b["kabupaten_kota_mean"], "4.13");
    assert_eq!(b["provincial_mean"], "3.95");
    assert_eq!(b["central_mean"], "4.76");
    let jabar = b["provinces"].as_array().unwrap().iter().find(|p| p["code"] == "32").unwrap();
    assert_eq!(
        jabar,
        &serde_json::json!({"code": "32", "name": "Provinsi Jawa Barat", "index": "3.95",
                                           "kabupaten_kota_mean": "4.51", "kabupaten_kota": 1})
    );
    let sumedang = &site.json(&["hub", "benchmark", "show", "--year", "2024", "--region", "32.11"])["region"];
    assert_eq!(sumedang["national"], serde_json::json!({"rank": 3, "of": 5, "percentile": "50"}));
    assert_eq!(sumedang["among_peers"], serde_json::json!({"rank": 2, "of": 3, "percentile": "50"}));

    // Imported again (a corrected file: the mistyped index fixed): the year's rows are replaced,
    // the hand match holds, and the 2023 results are untouched.
    let corrected = results_2024().replace(",4.76,Memuaskan", ",4.66,Memuaskan");
    let file = site.write("hasil-2024-perbaikan.csv", corrected.as_bytes());
    let again = site.json(&["hub", "benchmark", "import", file.to_str().unwrap()]);
    assert_eq!(
        (again["rows"].as_u64(), again["matched"].as_u64(), again["manual"].as_u64()),
        (Some(5), Some(4), Some(1))
    );
    assert_eq!(again["unmatched"], serde_json::json!([]));
    assert_eq!(again["inconsistent"], serde_json::json!([]));
    let rows = site.json(&["hub", "benchmark", "show", "--year", "2024"])["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().any(|r| r["code"] == "64.02"));
    assert_eq!(site.json(&["hub", "benchmark", "show", "--year", "2023"])["rows"].as_array().unwrap().len(), 621);

    let trail: Vec<(String, String)> =
        site.audit().into_iter().filter(|(e, _, _)| e.starts_with("benchmark")).map(|(e, _, a)| (e, a)).collect();
    let expected = [
        ("benchmark_year", "import"),
        ("benchmark_year", "import"),
        ("benchmark_match", "set"),
        ("benchmark_year", "replace"),
    ];
    assert_eq!(trail, expected.map(|(e, a)| (e.to_string(), a.to_string())));
    assert!(site.audit().iter().any(|(e, id, a)| e == "benchmark_year" && id == "2023" && a == "import"));

    // The shipped results again: the 2023 rows replaced by the same rows.
    let shipped = site.json(&["hub", "benchmark", "import", "--shipped"]);
    assert_eq!((shipped[0]["year"].as_u64(), shipped[0]["matched"].as_u64()), (Some(2023), Some(529)));
}

#[test]
fn a_hostile_file_is_refused_naming_its_line_and_changes_nothing() {
    let site = Site::new();
    let good = results_2024();
    let sumedang_line = good.lines().nth(1).unwrap();
    let mut huge = good.clone().into_bytes();
    huge.resize(3 * 1024 * 1024, b'\n');
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("angka.csv", good.replace("4.30", "4.3O").into_bytes(), "Line 2", "Baris 2"),
        ("kolom.csv", good.replace(",D3,", ",").into_bytes(), "Line 1", "Baris 1"),
        (
            "rumus.csv",
            good.replace("Kementerian Keuangan", "=HYPERLINK(\"http://x.test\";\"klik\")").into_bytes(),
            "Line 5",
            "Baris 5",
        ),
        ("rumus-at.csv", good.replace("Pemerintah Kab. Sumedang", "@cmd").into_bytes(), "Line 2", "Baris 2"),
        ("rentang.csv", good.replace("4.69", "46.9").into_bytes(), "Line 2", "Baris 2"),
        (
            "tahun.csv",
            format!("{good}{}\n", sumedang_line.replace("2024", "2023").replace("Sumedang", "Garut")).into_bytes(),
            "Line 7",
            "Baris 7",
        ),
        ("sel.csv", good.replace(",4.77,", ",4.77,x,").into_bytes(), "Line 3", "Baris 3"),
        ("biner.csv", [good.as_bytes(), b"2024,\xff\xfe\x00,1\n"].concat(), "Line 7", "Baris 7"),
        ("besar.csv", huge, "2 MB", "2 MB"),
    ];
    let before = snapshot(&site.path("hub"));
    for (name, bytes, en, id) in cases {
        let file = site.write(name, &bytes);
        let file = file.to_str().unwrap();
        let english = site.refused(&["hub", "benchmark", "import", file, "--json"]);
        assert!(english.contains(en) && english.contains("Nothing was changed"), "{name}: {english}");
        let indonesian = site.refused(&["--lang", "id", "hub", "benchmark", "import", file]);
        assert!(indonesian.contains(id) && indonesian.contains("Tidak ada yang diubah"), "{name}: {indonesian}");
        let code = if name == "besar.csv" { "[benchmark.file_too_large]" } else { "[benchmark.row_invalid]" };
        assert!(english.contains(code), "{name}: {english}");
    }
    assert_eq!(snapshot(&site.path("hub")), before, "a refused file changed the hub");
    assert!(site.refused(&["hub", "benchmark", "show", "--year", "2024"]).contains("[benchmark.year_unknown]"));
}
