//! A workspace as the app and the CLI use it: create, reopen, profile, emblem, audit trail.

use livinglab_core::ErrorCode;
use livinglab_store::db::SCHEMA_VERSION;
use livinglab_store::Workspace;

#[test]
fn init_creates_a_complete_workspace_for_the_region() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sumedang");
    let ws = Workspace::init(&dir, "32.11").unwrap();
    let info = ws.info().clone();
    assert_eq!(info.region.name, "Kabupaten Sumedang");
    assert_eq!(info.region.province, "Jawa Barat");
    assert_eq!(info.schema_version, SCHEMA_VERSION);
    assert_eq!(info.id.len(), 36, "a UUID");
    assert!(info.created_at.ends_with('Z'), "UTC: {}", info.created_at);
    assert!(dir.join("workspace.sqlite").is_file());
    assert!(dir.join("evidence").is_dir());
    assert!(!dir.join("workspace.sqlite.partial").exists());
    let p = ws.profile().unwrap();
    assert_eq!((p.head.title.as_str(), p.place.as_str()), ("Bupati", "Sumedang"));
    drop(ws);

    let again = Workspace::open(&dir).unwrap();
    assert_eq!(again.info().id, info.id, "the id is stable across opens");
}

#[test]
fn init_refuses_a_non_empty_folder_and_an_unknown_region() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "x").unwrap();
    let err = Workspace::init(tmp.path(), "32.11").err().unwrap();
    assert_eq!(err.code, ErrorCode::WorkspaceNotEmpty);
    assert!(!tmp.path().join("workspace.sqlite").exists());

    let fresh = tmp.path().join("new");
    assert_eq!(Workspace::init(&fresh, "99.99").err().unwrap().code, ErrorCode::RegionUnknown);
    assert!(!fresh.exists(), "nothing is created for an unknown region");
}

#[test]
fn open_tells_a_missing_folder_from_a_folder_that_is_not_a_workspace() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(Workspace::open(&tmp.path().join("nope")).err().unwrap().code, ErrorCode::WorkspaceNotFound);
    assert_eq!(Workspace::open(tmp.path()).err().unwrap().code, ErrorCode::WorkspaceNotWorkspace);
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("w");
    drop(Workspace::init(&dir, "32.11").unwrap());
    {
        // A later version changed the meaning of the schema: older code must not touch it.
        let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
        conn.execute("UPDATE schema_compat SET min_reader = ?1", [SCHEMA_VERSION + 5]).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(dir.join("workspace.sqlite")).unwrap();
    let err = Workspace::open(&dir).err().unwrap();
    assert_eq!(err.code, ErrorCode::WorkspaceNewerVersion);
    assert_eq!(std::fs::read(dir.join("workspace.sqlite")).unwrap(), before);
}

#[test]
fn a_workspace_a_newer_version_only_added_to_still_opens_and_takes_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("w");
    drop(Workspace::init(&dir, "32.11").unwrap());
    {
        // A later, additive migration: a new table, the compatibility record left as it was.
        let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
        conn.execute_batch("CREATE TABLE later_feature (x TEXT)").unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let mut ws = Workspace::open(&dir).unwrap();
    assert_eq!(ws.info().schema_version, SCHEMA_VERSION + 1);
    ws.add_period(2026, None, false).unwrap();
    assert!(ws.verify_audit().unwrap().intact);
    drop(ws);
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, SCHEMA_VERSION + 1, "the newer file was not migrated backwards");
}

#[test]
fn saving_a_profile_validates_normalises_and_audits() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("w"), "32.11").unwrap();
    let mut p = ws.profile().unwrap();
    p.user_name = "Operator Diskominfo".into();
    p.head.name = "Dr. H. Dony Ahmad Munir, S.T., M.M.".into();
    p.sekda.name = "Herman Suryatman".into();
    p.sekda.nip = "19700101 199003 1 002".into();
    p.email = "diskominfo@sumedangkab.go.id".into();
    let saved = ws.save_profile(p).unwrap();
    assert_eq!(saved.sekda.nip, "197001011990031002");
    assert_eq!(ws.profile().unwrap(), saved);

    let entries_before = ws.verify_audit().unwrap().entries;
    let mut bad = saved.clone();
    bad.office_head.nip = "12345".into();
    bad.address = "Jl. Prabu Geusan Ulun No. 36".into();
    let err = ws.save_profile(bad).unwrap_err();
    assert_eq!(err.code, ErrorCode::NipInvalid);
    assert_eq!(ws.profile().unwrap(), saved, "a refused profile changes nothing");
    assert_eq!(ws.verify_audit().unwrap().entries, entries_before);

    let report = ws.verify_audit().unwrap();
    assert!(report.intact);
    let profile_id: String = ws.conn().query_row("SELECT id FROM profile", [], |r| r.get(0)).unwrap();
    let history = ws.history(&profile_id).unwrap();
    assert_eq!(history[0].actor, "Operator Diskominfo");
    assert_eq!(history[0].new.as_ref().unwrap()["sekda"]["nip"], "197001011990031002");
    assert!(
        history[0].old.as_ref().unwrap().get("office_name").is_none(),
        "only changed fields are recorded: {:?}",
        history[0]
    );
}

#[test]
fn emblem_is_stored_and_refused_when_not_an_image() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("w"), "32.11").unwrap();
    assert_eq!(ws.set_emblem(b"GIF89a...").unwrap_err().code, ErrorCode::EmblemInvalid);
    assert!(ws.emblem().unwrap().is_none());
    let png = b"\x89PNG\r\n\x1a\n rest of a png".to_vec();
    let info = ws.set_emblem(&png).unwrap();
    assert_eq!(info.mime, "image/png");
    assert_eq!(ws.emblem().unwrap().unwrap().1, png);
}
