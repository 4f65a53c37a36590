//! A year of a regency's work through the CLI contract: periods, answers, score, simulation,
//! evidence, audit, follow-up, documents, export.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod support;
use support::{s, Ws};

/// A regency's workspace, nothing in it yet but its region.
fn workspace() -> Ws {
    let ws = Ws::empty();
    ws.ok(&["init", "--region", "32.11"]);
    ws
}

#[test]
fn frameworks_list_and_score_from_published_domains() {
    let out = Command::cargo_bin("livinglab").unwrap().args(["frameworks", "list", "--json"]).output().unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let spbe = list.as_array().unwrap().iter().find(|f| f["id"] == "spbe-2020").unwrap();
    assert_eq!((spbe["indicators"].as_u64(), spbe["years"]["from"].as_i64()), (Some(47), Some(2021)));
    assert!(spbe["name"].as_str().unwrap().contains("SPBE"));
    let pemdi = list.as_array().unwrap().iter().find(|f| f["id"] == "pemdi-2026").unwrap();
    assert_eq!(pemdi["indicators"], 20);

    let score = |args: &[&str]| -> Value {
        let out = Command::cargo_bin("livinglab").unwrap().args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = score(&["score", "--framework", "spbe-2020", "--domains", "3.70,3.40,3.00,3.20", "--json"]);
    assert_eq!(
        (v["index"].as_str(), v["index_display"].as_str(), v["predicate"].as_str()),
        (Some("3.282"), Some("3,28"), Some("Baik"))
    );
    let v = score(&["score", "--framework", "spbe-2020", "--domains", "3.4986,3.4986,3.4986,3.4986", "--json"]);
    assert_eq!((v["index_display"].as_str(), v["predicate"].as_str()), (Some("3,50"), Some("Baik")));
    let v = score(&["score", "--framework", "pemdi-2026", "--domains", "4,4,4,4,4,4,4", "--json"]);
    assert_eq!(v["predicate"], "Memuaskan");
    // Kab. Banyuasin 2023 as published: a domain value below 1, index 1,05 Kurang.
    let v = score(&["score", "--framework", "spbe-2020", "--domains", "2.4,1.7,1.09,0.3", "--json"]);
    assert_eq!((v["index_display"].as_str(), v["predicate"].as_str()), (Some("1,05"), Some("Kurang")));
    let v = score(&["score", "--framework", "spbe-2020", "--domains", "0.85,1,1,1", "--json"]);
    assert_eq!(v["predicate"], "Kurang");
    let bad = Command::cargo_bin("livinglab")
        .unwrap()
        .args(["score", "--framework", "spbe-2020", "--domains", "3,3", "--json"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("score.input_invalid"));
}

#[test]
fn a_period_scored_simulated_and_exported() {
    let ws = workspace();
    ws.ok(&["period", "add", "--year", "2024"]);
    ws.ok(&[
        "assess",
        "set",
        "--period",
        "2024",
        "--indicator",
        "11",
        "--level",
        "3",
        "--target",
        "4",
        "--fakta",
        "Perbup 1/2020",
        "--analisis",
        "Tingkat 3",
        "--owner",
        "Bappeda",
    ]);
    let csv = ws.file("a.csv", b"indicator,level\n12,4\n13,3\n14,2\n");
    ws.ok(&["assess", "import", "--period", "2024", s(&csv)]);

    let v = ws.json(&["score", "--period", "2024", "--json"]);
    assert_eq!(v["framework"], "spbe-2020");
    assert_eq!(
        (v["assessed"].as_u64(), v["total"].as_u64(), v["complete"].as_bool()),
        (Some(4), Some(47), Some(false))
    );
    assert_eq!(v["index"], "1.2", "unassessed indicators count at 1: 1 + 2.5×(2 + 3 + 2 + 1)/100");
    assert_eq!(v["index_display"], "1,20");
    assert_eq!(v["predicate"], "Kurang");
    let a2 = v["aspects"].as_array().unwrap().iter().find(|a| a["id"] == "A2").unwrap();
    assert_eq!(a2["index"], "3", "Tabel 10");
    assert_eq!(v["domains"].as_array().unwrap().len(), 4);
    assert!(v["domains"][0]["predicate"].is_string());

    let sim = ws.json(&["simulate", "--period", "2024", "--target", "1.5", "--json"]);
    assert_eq!(sim["leverage"][0]["gain"], "0.03");
    assert!(sim["plan"]["reachable"].as_bool().unwrap());
    let steps = sim["plan"]["steps"].as_u64().unwrap();
    assert_eq!(steps, 10, "0.30 needed: ten one-level steps of the 3.00-weighted indicators");

    // A period target already reached: the plan aims at the next predicate, as the dashboard does.
    ws.ok(&["period", "target", "--year", "2024", "--index", "1,1"]);
    let sim = ws.json(&["simulate", "--period", "2024", "--json"]);
    assert_eq!((sim["plan"]["target"].as_str(), sim["plan"]["goal"].as_str()), (Some("1.8"), Some("next_predicate")));
    ws.ok(&["period", "target", "--year", "2024", "--index", "1.5"]);
    let sim = ws.json(&["simulate", "--period", "2024", "--json"]);
    assert_eq!((sim["plan"]["target"].as_str(), sim["plan"]["goal"].as_str()), (Some("1.5"), Some("period")));

    let bad = ws.file("bad.csv", b"1,3\n2,9\n");
    let out = ws.run(&["assess", "import", "--period", "2024", s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Row 2"), "{}", String::from_utf8_lossy(&out.stderr));

    let xlsx = ws.tmp.path().join("out.xlsx");
    ws.ok(&["export", "xlsx", "--period", "2024", "--out", s(&xlsx)]);
    let bytes = std::fs::read(&xlsx).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    assert!(bytes.len() > 5000);
}

#[test]
fn evidence_and_audit_verify_set_their_exit_codes() {
    let ws = workspace();
    ws.ok(&["period", "add", "--year", "2024"]);
    let pdf = ws.file("Perbup-1-2020.pdf", b"%PDF-1.4\n% a regulation\n");
    let out = ws.ok(&["evidence", "add", "--period", "2024", "--indicator", "1", s(&pdf)]);
    assert!(out.contains("1.a.Perbup-1-2020.pdf"));
    ws.ok(&["evidence", "add", "--period", "2024", "--indicator", "11", s(&pdf)]);
    let list = ws.json(&["evidence", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "one stored file");
    assert_eq!(list[0]["indicators"], serde_json::json!(["1", "11"]));
    assert_eq!(list[0]["name"], "Perbup-1-2020.pdf");
    assert_eq!(list[0]["size"], 24);
    ws.ok(&["evidence", "verify"]);
    ws.ok(&["audit", "verify"]);

    let sha = list[0]["sha256"].as_str().unwrap();
    std::fs::write(ws.dir.join("evidence").join(&sha[..2]).join(sha), b"changed").unwrap();
    let out = ws.run(&["evidence", "verify"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CHANGED"));

    tamper_with_audit(&ws.dir);
    let out = ws.run(&["audit", "verify"]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit.broken") && err.contains("entry 2"), "{err}");
}

/// Alters the second audit entry the way a tool outside the app could: guards dropped, row edited.
fn tamper_with_audit(dir: &Path) {
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE seq = 2;")
        .unwrap();
}

#[test]
fn follow_up_actions_and_rate_through_the_cli() {
    let ws = workspace();
    ws.ok(&["period", "add", "--year", "2026"]);
    ws.ok(&["assess", "set", "--period", "2026", "--indicator", "19", "--level", "2"]);
    let a1 = ws
        .ok(&[
            "action",
            "add",
            "--period",
            "2026",
            "--title",
            "Helpdesk",
            "--indicator",
            "19",
            "--due",
            "2026-06-30",
            "--target-level",
            "4",
            "--owner",
            "Diskominfo",
        ])
        .trim()
        .to_string();
    let a2 = ws
        .ok(&[
            "action",
            "add",
            "--period",
            "2026",
            "--title",
            "Survei kepuasan",
            "--indicator",
            "20",
            "--due",
            "2026-12-31",
            "--target-level",
            "3",
        ])
        .trim()
        .to_string();
    let a3 = ws
        .ok(&["action", "add", "--period", "2026", "--title", "Dibatalkan", "--indicator", "1", "--due", "2026-03-31"])
        .trim()
        .to_string();
    assert_eq!(a1.len(), 36);
    ws.ok(&["action", "update", &a3, "--status", "batal"]);
    ws.ok(&["action", "update", &a2, "--status", "berjalan", "--progress", "40"]);

    let list = ws.json(&["--today", "2026-07-15", "action", "list", "--period", "2026", "--json"]);
    let by_id = |id: &str| list.as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone();
    assert_eq!(by_id(&a1)["overdue"], true);
    assert_eq!(by_id(&a2)["overdue"], false);
    assert_eq!(by_id(&a2)["progress"], 40);
    assert_eq!(by_id(&a1)["indicators"], serde_json::json!(["19"]));

    let f = ws.json(&["--today", "2026-07-15", "followup", "--period", "2026", "--json"]);
    assert_eq!(
        (f["total"].as_u64(), f["done"].as_u64(), f["on_schedule"].as_u64(), f["overdue"].as_u64()),
        (Some(2), Some(0), Some(1), Some(1))
    );
    assert_eq!(f["rate"], "0.5");
    // Planned levels: 19 → 4 (weight 10), 20 → 3 (weight 15): 1 + 10×3/100 + 15×2/100.
    assert_eq!(f["expected_index"], "1.6");
    let before = ws.json(&["--today", "2026-06-01", "followup", "--period", "2026", "--json"]);
    assert_eq!((before["overdue"].as_u64(), before["rate"].as_str()), (Some(0), Some("1")));

    ws.ok(&["action", "update", &a1, "--status", "selesai"]);
    let f = ws.json(&["--today", "2026-07-15", "followup", "--period", "2026", "--json"]);
    assert_eq!((f["done"].as_u64(), f["overdue"].as_u64(), f["rate"].as_str()), (Some(1), Some(0), Some("1")));

    let out =
        ws.run(&["action", "add", "--period", "2026", "--title", "X", "--indicator", "99", "--due", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    let out = ws.run(&["action", "add", "--period", "2026", "--title", "X", "--indicator", "1", "--due", "31-12-2026"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("input.date_invalid"));
    let out = ws.run(&["action", "update", &a2, "--status", "selesaiii"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn letter_and_report_commands_write_pdfs_and_record_them() {
    let ws = workspace();
    ws.ok(&["profile", "set", "--head-name", "H. Dony Ahmad Munir, S.T., M.M.", "--sekda-name", "Tuti Ruswati"]);
    ws.ok(&["period", "add", "--year", "2024"]);
    ws.ok(&["period", "target", "--year", "2024", "--index", "3,50"]);
    let letter = ws.tmp.path().join("surat.pdf");
    let number = ws.ok(&["--today", "2026-11-21", "letter", "--out", s(&letter)]);
    assert_eq!(number.trim(), "000.8.3.3/1/Diskominfo/XI/2026");
    assert!(std::fs::read(&letter).unwrap().starts_with(b"%PDF"));
    let preview = ws.tmp.path().join("pratinjau.pdf");
    ws.ok(&["--today", "2026-11-21", "letter", "--preview", "--out", s(&preview)]);
    let report = ws.tmp.path().join("laporan.pdf");
    assert_eq!(
        ws.ok(&["--today", "2026-11-21", "report", "--period", "2024", "--out", s(&report)]).trim(),
        "LK-2026-1"
    );
    let docs = ws.json(&["documents", "list", "--json"]);
    assert_eq!(docs.as_array().unwrap().len(), 2, "a preview is not recorded");
    let letter_doc = docs.as_array().unwrap().iter().find(|d| d["kind"] == "letter").unwrap();
    let check = ws.json(&["documents", "check", letter_doc["data_sha256"].as_str().unwrap()]);
    assert_eq!(check["match"], true);
    let scan = ws.file("scan.pdf", b"%PDF-1.4 signed scan");
    ws.ok(&["documents", "attach-signed", letter_doc["id"].as_str().unwrap(), s(&scan)]);
    let docs = ws.json(&["documents", "list", "--json"]);
    assert_eq!(docs.as_array().unwrap().iter().find(|d| d["kind"] == "letter").unwrap()["status"], "signed");
    let out = ws.run(&["documents", "check", "0000000000000000000"]);
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn what_the_app_does_to_evidence_actions_and_documents_the_cli_does_too() {
    let ws = workspace();
    ws.ok(&["period", "add", "--year", "2026"]);
    ws.ok(&["assess", "set", "--period", "2026", "--indicator", "19", "--level", "2"]);
    let pdf = ws.file("sop.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    ws.ok(&["evidence", "add", "--period", "2026", "--indicator", "19", s(&pdf)]);
    let items = ws.json(&["evidence", "list", "--period", "2026", "--json"]);
    let evidence = items[0]["id"].as_str().unwrap().to_string();

    // One indicator as the app shows it, with the review moves allowed now.
    let shown = ws.json(&["assess", "show", "--period", "2026", "--indicator", "19"]);
    assert_eq!(shown["answer"]["level"], 2);
    assert_eq!(shown["evidence"].as_array().unwrap().len(), 1);
    assert_eq!(shown["allowed_transitions"][0]["to"], "diajukan");
    assert_eq!(shown["allowed_transitions"][0]["action"], "submit");
    assert_eq!(shown["locked"], false);

    let copies = ws.tmp.path().join("copies");
    let copied = ws.ok(&["evidence", "copy", &evidence, "--to", s(&copies)]);
    assert_eq!(std::fs::read(copied.trim()).unwrap(), std::fs::read(&pdf).unwrap());

    let action = ws
        .ok(&["action", "add", "--period", "2026", "--title", "Helpdesk", "--indicator", "19", "--due", "2026-06-30"])
        .trim()
        .to_string();
    ws.ok(&[
        "action",
        "update",
        &action,
        "--indicator",
        " 20 ",
        "--indicator",
        "19",
        "--target-level",
        "4",
        "--person",
        "Rina",
        "--start",
        "2026-02-01",
        "--description",
        "Layanan bantuan",
    ]);
    let milestone = ws.ok(&["action", "milestone", &action, "--title", "Uji coba", "--due", "2026-04-30"]);
    ws.ok(&["action", "milestone-done", milestone.trim()]);
    ws.ok(&["action", "link-evidence", &action, &evidence]);
    let list = ws.json(&["action", "list", "--period", "2026", "--json"]);
    let a = &list[0];
    assert_eq!(a["indicators"], serde_json::json!(["19", "20"]));
    assert_eq!(a["targets"][0]["target_level"], 4);
    assert_eq!((a["person"].as_str(), a["start"].as_str()), (Some("Rina"), Some("2026-02-01")));
    assert_eq!(a["description"], "Layanan bantuan");
    assert!(a["milestones"][0]["done_at"].is_string());
    assert_eq!(a["evidence"], serde_json::json!([evidence]));
    ws.ok(&["action", "milestone-done", milestone.trim(), "--undo"]);
    let list = ws.json(&["action", "list", "--period", "2026", "--json"]);
    assert!(list[0]["milestones"][0]["done_at"].is_null());

    ws.ok(&["evidence", "remove", &evidence]);
    assert_eq!(ws.json(&["evidence", "list", "--period", "2026", "--json"]).as_array().unwrap().len(), 0);

    let dashboard = ws.json(&["--today", "2026-05-01", "dashboard", "--period", "2026", "--json"]);
    assert_eq!(dashboard["year"], 2026);
    assert!(dashboard["charts"]["groups_svg"].as_str().unwrap().starts_with("<svg"));

    let out = ws.tmp.path().join("laporan.pdf");
    let number = ws.ok(&["--today", "2026-05-01", "report", "--period", "2026", "--out", s(&out)]);
    let docs = ws.json(&["documents", "list", "--json"]);
    assert_eq!(docs[0]["number"].as_str(), Some(number.trim()));
    let again = ws.tmp.path().join("salinan.pdf");
    ws.ok(&["documents", "pdf", docs[0]["id"].as_str().unwrap(), "--out", s(&again)]);
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&out).unwrap());

    let bad = ws.run(&["assess", "status", "--period", "2026", "--indicator", "19", "--to", "selesai"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("assessment.status_unknown"));
}
