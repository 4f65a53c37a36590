//! Workspaces made by earlier releases open in this one and lose nothing.
//!
//! `tests/fixtures/workspaces/schema-<N>/` holds a workspace as the release with schema `N`
//! made it (answers, evidence, actions, a practice, the profile, the audit trail) and
//! `tables.json`, every row of every table as that release wrote it. The test copies each
//! fixture, opens it with this build (which applies the migrations since), and checks that every
//! row and every column the old file had is still there with the same value (a migration may
//! add tables and columns, never drop or change one), that the audit trail and the evidence
//! verify, and that the upgraded workspace takes a write.
//!
//! One fixture per released schema: when a release changes the schema, run
//! `LIVINGLAB_WRITE_FIXTURES=1 cargo test -p livinglab-store --test old_workspaces` once
//! with that release, which adds the fixture of the current schema if it is missing (it never
//! rewrites an existing one), and commit it.

use std::path::{Path, PathBuf};

use livinglab_store::actions::{ActionTarget, NewAction};
use livinglab_store::assessment::AssessmentPatch;
use livinglab_store::db::SCHEMA_VERSION;
use livinglab_store::Workspace;
use serde_json::{Map, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspaces")
}

/// Every row of every table (by rowid, or by every column for a table without one), as JSON.
fn tables(db: &Path) -> Map<String, Value> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = Map::new();
    for name in names {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1, 2"))
            .unwrap_or_else(|_| conn.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1")).unwrap());
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let rows: Vec<Value> = stmt
            .query_map([], |r| {
                let mut row = Map::new();
                for (i, c) in columns.iter().enumerate() {
                    let v = match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => Value::Null,
                        rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                        rusqlite::types::ValueRef::Real(f) => Value::from(f),
                        rusqlite::types::ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                        rusqlite::types::ValueRef::Blob(b) => Value::from(format!("blob:{}", hex(b))),
                    };
                    row.insert(c.clone(), v);
                }
                Ok(Value::Object(row))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        out.insert(name, Value::Array(rows));
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A workspace with something in every part a region fills in.
fn make_fixture(dir: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let ws_dir = tmp.path().join("ws");
    let mut ws = Workspace::init(&ws_dir, "32.11").unwrap();
    let mut p = ws.profile().unwrap();
    p.office_name = "Dinas Komunikasi dan Informatika".into();
    p.address = "Jl. Prabu Geusan Ulun No. 36, Sumedang".into();
    p.email = "diskominfo@sumedangkab.go.id".into();
    p.user_name = "Operator Diskominfo".into();
    p.head.name = "H. Dony Ahmad Munir, S.T., M.M.".into();
    ws.save_profile(p).unwrap();
    let emblem = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/emblem.png")).unwrap();
    ws.set_emblem(&emblem).unwrap();
    ws.add_period(2024, Some("spbe-2020"), false).unwrap();
    ws.import_assessments(2024, "indicator,level,target,fakta,analisis\n1,3,4,Perbup SPBE 2021,Perlu reviu\n2,2,,,\n")
        .unwrap();
    ws.set_assessment(
        2024,
        "3",
        AssessmentPatch { level: Some(Some(4)), fakta: Some("Tim koordinasi SPBE".into()), ..Default::default() },
    )
    .unwrap();
    ws.add_evidence_bytes(2024, "1", "perbup-spbe.png", &emblem).unwrap();
    ws.add_evidence_url(2024, "2", "https://jdih.sumedangkab.go.id/perbup-spbe", "JDIH", "").unwrap();
    ws.add_period(2026, None, true).unwrap();
    let a = ws
        .add_action(
            2024,
            NewAction {
                title: "Susun Perbup Arsitektur SPBE".into(),
                due: "2024-06-30".into(),
                indicators: vec![ActionTarget { indicator: "1".into(), target_level: Some(4) }],
                ..NewAction::default()
            },
        )
        .unwrap();
    ws.add_milestone(&a.id, "Rancangan ke bagian hukum", "2024-03-31").unwrap();
    // Pemdi 2026 as evaluated (schema 13 on): butir, an assessor's value, an index, a stage.
    if SCHEMA_VERSION >= 13 {
        use livinglab_store::butir::{ButirPatch, ButirReview};
        let done = ButirPatch { complete: Some(true), ..Default::default() };
        ws.set_butir(2026, "I1.L1.1", done.clone()).unwrap();
        ws.set_butir(2026, "I1.L2.1", done).unwrap();
        let returned = ButirPatch {
            review: Some(Some(ButirReview::Revisi)),
            reason: Some("SK belum ditandatangani".into()),
            ..Default::default()
        };
        ws.set_butir(2026, "I1.L2.1", returned).unwrap();
        let sk = ws.add_evidence_bytes(2026, "1", "sk-tim-pemdi.png", &emblem).unwrap();
        ws.link_butir_evidence(2026, "I1.L1.1", &sk.id, true).unwrap();
        ws.set_assessment(
            2026,
            "2",
            AssessmentPatch { value: Some(Some("2.26".parse().unwrap())), ..Default::default() },
        )
        .unwrap();
        ws.set_external_index(2026, "sdi", Some("68.75".parse().unwrap()), "Bappenas").unwrap();
        ws.set_stage(2026, "dokumen", Some("2026-07-01"), Some("2026-07-31")).unwrap();
    }
    drop(ws);
    // The folder as a user would hand it over: no WAL or shared-memory file beside it.
    let conn = rusqlite::Connection::open(ws_dir.join("workspace.sqlite")).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    copy_dir(&ws_dir, dir);
    let snapshot = tables(&dir.join("workspace.sqlite"));
    std::fs::write(dir.join("tables.json"), serde_json::to_string_pretty(&snapshot).unwrap() + "\n").unwrap();
}

#[test]
fn every_released_schema_opens_and_upgrades_without_loss() {
    let current = fixtures().join(format!("schema-{SCHEMA_VERSION}"));
    if std::env::var_os("LIVINGLAB_WRITE_FIXTURES").is_some() && !current.exists() {
        make_fixture(&current);
    }
    let mut found = Vec::new();
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let fixture = e.unwrap().path();
        let schema: i64 =
            fixture.file_name().unwrap().to_str().unwrap().strip_prefix("schema-").unwrap().parse().unwrap();
        found.push(schema);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ws");
        copy_dir(&fixture, &dir);
        std::fs::remove_file(dir.join("tables.json")).unwrap();
        let before: Map<String, Value> =
            serde_json::from_str(&std::fs::read_to_string(fixture.join("tables.json")).unwrap()).unwrap();
        assert_eq!(before, tables(&dir.join("workspace.sqlite")), "schema-{schema}: tables.json is the file's content");

        let mut ws = Workspace::open(&dir).unwrap_or_else(|e| panic!("schema-{schema} does not open: {e:?}"));
        assert_eq!(ws.info().schema_version, SCHEMA_VERSION);
        assert!(ws.verify_audit().unwrap().intact, "schema-{schema}: the audit trail");
        let ev = ws.verify_evidence().unwrap();
        assert!(ev.changed.is_empty() && ev.missing.is_empty(), "schema-{schema}: the evidence");
        assert_eq!(ws.assessments(2024).unwrap().iter().filter(|a| a.level.is_some()).count(), 3);
        let after = tables(&dir.join("workspace.sqlite"));
        // The upgraded workspace takes a write, and its trail goes on.
        ws.add_period(2027, None, true).unwrap();
        assert!(ws.verify_audit().unwrap().intact);
        drop(ws);

        for (table, rows) in &before {
            let new_rows = after.get(table).unwrap_or_else(|| panic!("schema-{schema}: table {table} is gone"));
            for row in rows.as_array().unwrap() {
                let kept = new_rows
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| row.as_object().unwrap().iter().all(|(col, v)| n.get(col) == Some(v)));
                assert!(kept, "schema-{schema}: a row of {table} was lost or changed: {row}");
            }
        }
    }
    assert!(
        found.contains(&SCHEMA_VERSION),
        "no fixture of the current schema {SCHEMA_VERSION}: run with LIVINGLAB_WRITE_FIXTURES=1"
    );
}
