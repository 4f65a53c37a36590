//! Opening the SQLite file and bringing its schema up to date.
//!
//! The schema version is SQLite's `user_version`. Each embedded migration runs in its own
//! transaction together with the version bump, so a crash leaves the file at a whole version.
//! A file whose version is newer than this build knows is refused before anything is written
//! (it is first opened read-only just to read the version).

use std::path::Path;
use std::time::Duration;

use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{Connection, OpenFlags};

use crate::clock;

pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// The migrations, oldest first; migration i brings the schema to version i + 1.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_workspace", sql: include_str!("../migrations/0001_workspace.sql") },
    Migration { name: "0002_assessment", sql: include_str!("../migrations/0002_assessment.sql") },
    Migration { name: "0003_documents", sql: include_str!("../migrations/0003_documents.sql") },
    Migration { name: "0004_actions", sql: include_str!("../migrations/0004_actions.sql") },
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

pub(crate) fn sql_err(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::new(ErrorCode::WorkspaceCorrupt).with("detail", "not a database file")
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
            Error::new(ErrorCode::WorkspaceReadOnly).with("reason", "the file or folder cannot be written")
        }
        // A stored value refused while reading a row (see `stored`) keeps its own error.
        rusqlite::Error::FromSqlConversionFailure(_, _, err) if err.is::<Error>() => {
            *err.downcast::<Error>().expect("checked to be an Error")
        }
        other => Error::storage(other),
    }
}

/// Reads a stored word through `parse` inside a row mapping; a word it refuses (a corrupt
/// workspace) travels out as a conversion failure that `sql_err` turns back into its error.
pub(crate) fn stored<T>(column: usize, value: String, parse: impl FnOnce(&str) -> Result<T>) -> rusqlite::Result<T> {
    parse(&value)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e)))
}

/// The schema version of the file at `path`, read without writing anything.
pub fn schema_version_of(path: &Path) -> Result<i64> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql_err)?;
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql_err)
}

/// Opens (or creates) the database at `path`, refusing a newer schema, then migrates it.
pub fn open(path: &Path, create: bool) -> Result<Connection> {
    if !create {
        let found = schema_version_of(path)?;
        if found > SCHEMA_VERSION {
            return Err(Error::new(ErrorCode::WorkspaceNewerVersion)
                .with("found", found)
                .with("supported", SCHEMA_VERSION));
        }
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = Connection::open_with_flags(path, flags).map_err(sql_err)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(sql_err)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(sql_err)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(sql_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::storage(format!("journal mode {mode} instead of WAL")));
    }
    // FULL: a committed change survives a power cut too, not only a crash of the app.
    conn.pragma_update(None, "synchronous", "FULL").map_err(sql_err)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Applies every migration the file lacks, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql_err)?;
    if current > SCHEMA_VERSION {
        return Err(Error::new(ErrorCode::WorkspaceNewerVersion)
            .with("found", current)
            .with("supported", SCHEMA_VERSION));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction().map_err(sql_err)?;
        tx.execute_batch(migration.sql).map_err(|e| Error::storage(format!("migration {}: {e}", migration.name)))?;
        tx.execute(
            "INSERT INTO schema_history (version, name, applied_at, app_version) VALUES (?1, ?2, ?3, ?4)",
            (version, migration.name, clock::now(), APP_VERSION),
        )
        .map_err(sql_err)?;
        tx.pragma_update(None, "user_version", version).map_err(sql_err)?;
        tx.commit().map_err(sql_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_file_reaches_the_latest_version_with_history() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        let conn = open(&path, true).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let names: Vec<String> = conn
            .prepare("SELECT name FROM schema_history ORDER BY version")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(names, MIGRATIONS.iter().map(|m| m.name).collect::<Vec<_>>());
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn reopening_applies_nothing_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        drop(open(&path, true).unwrap());
        let conn = open(&path, false).unwrap();
        let rows: i64 = conn.query_row("SELECT count(*) FROM schema_history", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, SCHEMA_VERSION);
    }

    #[test]
    fn a_newer_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        {
            let conn = open(&path, true).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = open(&path, false).unwrap_err();
        assert_eq!(err.code, ErrorCode::WorkspaceNewerVersion);
        assert_eq!(err.param("found"), Some((SCHEMA_VERSION + 1).to_string().as_str()));
        assert_eq!(std::fs::read(&path).unwrap(), before, "the newer file was altered");
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        // Apply the first migration, then make the second fail half-way by pre-creating a table it creates.
        let tx = conn.transaction().unwrap();
        tx.execute_batch(MIGRATIONS[0].sql).unwrap();
        tx.pragma_update(None, "user_version", 1).unwrap();
        tx.commit().unwrap();
        conn.execute_batch("CREATE TABLE period (x)").unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert_eq!(err.code, ErrorCode::StorageFailed);
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 1);
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_reported_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        std::fs::write(&path, b"this is not a database, just text that is long enough to fill a header").unwrap();
        assert_eq!(open(&path, false).unwrap_err().code, ErrorCode::WorkspaceCorrupt);
    }
}
