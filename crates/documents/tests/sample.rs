//! The example workspace is made again only when it is missing, half-made or corrupt; any other
//! problem while opening it is reported and its folder left untouched.

use livinglab_core::ErrorCode;
use livinglab_documents::sample;
use livinglab_store::Workspace;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 21);

#[test]
fn the_sample_is_made_again_only_when_missing_or_corrupt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("00.00-kabupaten-contoh");
    let first = sample::open_or_create(&dir, TODAY).unwrap().info().id.clone();
    assert_eq!(sample::open_or_create(&dir, TODAY).unwrap().info().id, first, "opened, not remade");

    // From a newer app that changed the schema's meaning: refused, and the folder kept as it is.
    let db = dir.join("workspace.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    conn.execute("UPDATE schema_compat SET min_reader = 999", []).unwrap();
    drop(conn);
    let err = sample::open_or_create(&dir, TODAY).err().expect("refused");
    assert_eq!(err.code, ErrorCode::WorkspaceNewerVersion);
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 999);
    let id: String = conn.query_row("SELECT id FROM workspace", [], |r| r.get(0)).unwrap();
    assert_eq!(id, first, "the newer sample is still there");
    drop(conn);

    // Really corrupt: made again.
    std::fs::write(&db, b"not a database at all, just bytes that were once a workspace").unwrap();
    for extra in ["workspace.sqlite-wal", "workspace.sqlite-shm"] {
        let _ = std::fs::remove_file(dir.join(extra));
    }
    let remade = sample::open_or_create(&dir, TODAY).unwrap();
    assert!(remade.info().is_sample);
    assert_ne!(remade.info().id, first);
}

#[test]
fn a_half_made_sample_is_made_again_and_another_workspace_is_never_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("00.00-kabupaten-contoh");
    std::fs::create_dir_all(dir.join("evidence")).unwrap();
    std::fs::write(dir.join("workspace.sqlite.partial"), b"").unwrap();
    assert!(sample::open_or_create(&dir, TODAY).unwrap().info().is_sample);

    let other = tmp.path().join("32.11-kabupaten-sumedang");
    let real = Workspace::init(&other, "32.11").unwrap().info().id.clone();
    let err = sample::open_or_create(&other, TODAY).err().expect("refused");
    assert_eq!(err.code, ErrorCode::WorkspaceNotEmpty);
    assert_eq!(Workspace::open(&other).unwrap().info().id, real, "the region's own workspace is kept");
}
