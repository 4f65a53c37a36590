//! Opening the SQLite file, bringing its schema up to date, and starting write transactions.
//!
//! The schema version is SQLite's `user_version`: the number of migrations applied. Each
//! embedded migration runs in its own IMMEDIATE transaction together with the version bump, so
//! a crash leaves the file at a whole version, and two programs opening an old file at once
//! apply each migration once (the second reads the version after the first has committed).
//!
//! Compatibility is kept apart from the count: `schema_compat.min_reader` is the oldest schema
//! version whose code may still read and write the file. A migration that only adds (tables,
//! nullable or defaulted columns, indexes) leaves it unchanged, so an older app still opens a
//! file that a newer one has migrated; one that changes meaning raises it, and an older app
//! then refuses the file before anything is written (it is first opened read-only).
//!
//! Every write starts IMMEDIATE: it takes the write lock before it reads, so a writer that
//! finds the file busy waits (up to [`BUSY_TIMEOUT`]) instead of failing half-way as a
//! DEFERRED transaction that read first would.

use std::path::Path;
use std::time::Duration;

use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use crate::clock;

pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
    /// True when the migration only adds to the schema, so code that predates it can still
    /// read and write the file correctly.
    pub additive: bool,
}

/// The migrations, oldest first; migration i brings the schema to version i + 1.
/// The first four predate the compatibility record and count as breaking.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_workspace", sql: include_str!("../migrations/0001_workspace.sql"), additive: false },
    Migration { name: "0002_assessment", sql: include_str!("../migrations/0002_assessment.sql"), additive: false },
    Migration { name: "0003_documents", sql: include_str!("../migrations/0003_documents.sql"), additive: false },
    Migration { name: "0004_actions", sql: include_str!("../migrations/0004_actions.sql"), additive: false },
    Migration { name: "0005_compat", sql: include_str!("../migrations/0005_compat.sql"), additive: true },
    Migration { name: "0006_signing", sql: include_str!("../migrations/0006_signing.sql"), additive: true },
    Migration { name: "0007_packages", sql: include_str!("../migrations/0007_packages.sql"), additive: true },
    Migration { name: "0008_outbox", sql: include_str!("../migrations/0008_outbox.sql"), additive: true },
    Migration { name: "0009_reviews", sql: include_str!("../migrations/0009_reviews.sql"), additive: true },
    Migration {
        name: "0010_review_answers",
        sql: include_str!("../migrations/0010_review_answers.sql"),
        additive: true,
    },
    Migration { name: "0011_kop_and_cover", sql: include_str!("../migrations/0011_kop_and_cover.sql"), additive: true },
    Migration { name: "0012_verification", sql: include_str!("../migrations/0012_verification.sql"), additive: true },
    Migration { name: "0013_pemdi", sql: include_str!("../migrations/0013_pemdi.sql"), additive: true },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The migration that creates `schema_compat`; older files have no such table.
const COMPAT_SINCE: i64 = 5;

/// A database's migrations and the version from which it has a `schema_compat` record.
/// Its first migration must create `schema_history` (and, by `compat_since`, `schema_compat`).
#[derive(Clone, Copy)]
pub struct Schema {
    pub migrations: &'static [Migration],
    pub compat_since: i64,
}

impl Schema {
    pub fn version(&self) -> i64 {
        self.migrations.len() as i64
    }
}

/// The workspace's schema.
pub const WORKSPACE: Schema = Schema { migrations: MIGRATIONS, compat_since: COMPAT_SINCE };

/// How long a write waits for another program's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The schema a file is at and the oldest schema whose code may still open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaState {
    pub version: i64,
    pub min_reader: i64,
}

impl SchemaState {
    /// Whether this build may open the file (migrating it when older).
    pub fn readable(&self) -> bool {
        self.readable_by(&WORKSPACE)
    }

    pub fn readable_by(&self, schema: &Schema) -> bool {
        self.version <= schema.version() || self.min_reader <= schema.version()
    }
}

pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn sql_err(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::new(ErrorCode::WorkspaceCorrupt).with("detail", "not a database file")
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
            Error::new(ErrorCode::WorkspaceReadOnly).with("reason", "the file or folder cannot be written")
        }
        rusqlite::Error::SqliteFailure(f, ref detail) if f.code == rusqlite::ErrorCode::DiskFull => {
            Error::storage_full("write the workspace", detail.as_deref().unwrap_or("database or disk is full"))
        }
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) =>
        {
            Error::new(ErrorCode::WorkspaceBusy).with("seconds", BUSY_TIMEOUT.as_secs())
        }
        // A stored value refused while reading a row (see `stored`) keeps its own error.
        rusqlite::Error::FromSqlConversionFailure(_, _, err) if err.is::<Error>() => {
            *err.downcast::<Error>().expect("checked to be an Error")
        }
        other => Error::storage(other),
    }
}

/// Starts a write transaction that holds the write lock from its first statement on.
pub fn begin_write(conn: &mut Connection) -> Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)
}

/// Reads a stored word through `parse` inside a row mapping; a word it refuses (a corrupt
/// workspace) travels out as a conversion failure that `sql_err` turns back into its error.
pub fn stored<T>(column: usize, value: String, parse: impl FnOnce(&str) -> Result<T>) -> rusqlite::Result<T> {
    parse(&value)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e)))
}

fn schema_state(conn: &Connection, schema: &Schema) -> Result<SchemaState> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql_err)?;
    // A file at this build's version or older is readable whatever its record says; not asking
    // spares SQLite reading the whole schema on a connection that reads nothing else.
    let min_reader = if version >= schema.compat_since && version > schema.version() {
        conn.query_row("SELECT min_reader FROM schema_compat", [], |r| r.get(0))
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| {
                Error::new(ErrorCode::WorkspaceCorrupt).with("detail", "the schema compatibility record is missing")
            })?
    } else {
        version
    };
    Ok(SchemaState { version, min_reader })
}

fn refuse_newer(state: SchemaState, schema: &Schema) -> Error {
    Error::new(ErrorCode::WorkspaceNewerVersion).with("found", state.version).with("supported", schema.version())
}

/// The schema state of the file at `path`, read without writing anything.
pub fn schema_state_of(path: &Path) -> Result<SchemaState> {
    schema_state_in(path, &WORKSPACE)
}

fn schema_state_in(path: &Path, schema: &Schema) -> Result<SchemaState> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_err)?;
    schema_state(&conn, schema)
}

/// Opens (or creates) the workspace database at `path`, refusing a schema this build cannot
/// read, then migrates it.
pub fn open(path: &Path, create: bool) -> Result<Connection> {
    open_with(path, create, &WORKSPACE)
}

/// What a storage failure means for the folder holding the database: SQLite reports a full or
/// read-only disk as a generic I/O or can't-open error (the WAL and its shared-memory file are
/// written first), so a small probe file is written beside the database. A full disk becomes
/// `storage.full`, a read-only one `workspace.read_only`; anything else keeps its error.
pub fn explain(err: Error, folder: &Path) -> Error {
    if err.code != ErrorCode::StorageFailed {
        return err;
    }
    let probe = folder.join(format!(".probe-{}", clock::new_id()));
    let written = (|| {
        use std::io::Write;
        let mut f = std::fs::File::create(&probe)?;
        f.write_all(&[0u8; 64 * 1024])?;
        f.sync_all()
    })();
    let _ = std::fs::remove_file(&probe);
    match written {
        Ok(()) => err,
        Err(e) => {
            let seen = Error::io("write the workspace", e);
            if matches!(seen.code, ErrorCode::StorageFull | ErrorCode::WorkspaceReadOnly) {
                seen
            } else {
                err
            }
        }
    }
}

/// [`open`] for any database with its own [`Schema`] (Sumedang's hub has one).
pub fn open_with(path: &Path, create: bool, schema: &Schema) -> Result<Connection> {
    let folder = path.parent().unwrap_or(Path::new("."));
    open_checked(path, create, schema).map_err(|e| explain(e, folder))
}

fn open_checked(path: &Path, create: bool, schema: &Schema) -> Result<Connection> {
    if !create {
        let state = schema_state_in(path, schema)?;
        if !state.readable_by(schema) {
            return Err(refuse_newer(state, schema));
        }
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = Connection::open_with_flags(path, flags).map_err(sql_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_err)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(sql_err)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(sql_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::storage(format!("journal mode {mode} instead of WAL")));
    }
    // FULL: a committed change survives a power cut too, not only a crash of the app.
    conn.pragma_update(None, "synchronous", "FULL").map_err(sql_err)?;
    migrate_with(&mut conn, schema)?;
    Ok(conn)
}

/// Applies every migration the file lacks, each in its own transaction. The version is read
/// inside that transaction, so a migration another program applied meanwhile is skipped.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_with(conn, &WORKSPACE)
}

pub fn migrate_with(conn: &mut Connection, schema: &Schema) -> Result<()> {
    // A file already at this build's version needs no write lock (every open would take one).
    let state = schema_state(conn, schema)?;
    if state.version as usize >= schema.migrations.len() {
        return if state.readable_by(schema) { Ok(()) } else { Err(refuse_newer(state, schema)) };
    }
    loop {
        let tx = begin_write(conn)?;
        let state = schema_state(&tx, schema)?;
        if !state.readable_by(schema) {
            return Err(refuse_newer(state, schema));
        }
        let Some(migration) = schema.migrations.get(state.version as usize) else {
            return Ok(());
        };
        let version = state.version + 1;
        tx.execute_batch(migration.sql).map_err(|e| Error::storage(format!("migration {}: {e}", migration.name)))?;
        tx.execute(
            "INSERT INTO schema_history (version, name, applied_at, app_version) VALUES (?1, ?2, ?3, ?4)",
            (version, migration.name, clock::now(), APP_VERSION),
        )
        .map_err(sql_err)?;
        if version > schema.compat_since && !migration.additive {
            tx.execute("UPDATE schema_compat SET min_reader = ?1", [version]).map_err(sql_err)?;
        }
        tx.pragma_update(None, "user_version", version).map_err(sql_err)?;
        tx.commit().map_err(sql_err)?;
    }
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
            .prepare_cached("SELECT name FROM schema_history ORDER BY version")
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
            conn.execute("UPDATE schema_compat SET min_reader = ?1", [SCHEMA_VERSION + 1]).unwrap();
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
