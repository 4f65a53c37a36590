//! Opening and creating a hub folder, and reading what it holds.

use std::path::{Path, PathBuf};

use livinglab_core::{Error, ErrorCode, Result, Sha256Hash};
use livinglab_store::audit::{self, AuditReport, Change};
use livinglab_store::clock;
use livinglab_store::db::{self, sql_err, Migration, Schema, APP_VERSION};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use serde_json::json;

pub const DB_FILE: &str = "hub.sqlite";
pub const BLOB_DIR: &str = "blobs";
pub const TMP_DIR: &str = "tmp";
/// The head of the audit chain lives in the `hub` row.
pub(crate) const HEAD: &str = "hub";

pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_hub", sql: include_str!("../migrations/0001_hub.sql"), additive: false },
    Migration { name: "0002_receiver", sql: include_str!("../migrations/0002_receiver.sql"), additive: true },
    Migration { name: "0003_review", sql: include_str!("../migrations/0003_review.sql"), additive: true },
    Migration { name: "0004_roster", sql: include_str!("../migrations/0004_roster.sql"), additive: true },
    Migration { name: "0005_benchmark", sql: include_str!("../migrations/0005_benchmark.sql"), additive: true },
    Migration { name: "0006_issuer", sql: include_str!("../migrations/0006_issuer.sql"), additive: true },
];
pub const SCHEMA: Schema = Schema { migrations: MIGRATIONS, compat_since: 1 };

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HubInfo {
    pub id: String,
    pub name: String,
    pub path: PathBuf,
    pub created_at: String,
}

pub struct Hub {
    dir: PathBuf,
    pub(crate) conn: Connection,
    info: HubInfo,
}

/// One received package as `hub packages list` shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PackageRow {
    pub package_id: String,
    pub region: String,
    pub period: i32,
    pub seq: i64,
    pub supersedes: Option<String>,
    /// The newest package of its region and period.
    pub head: bool,
    pub review: String,
    pub index: String,
    pub predicate: String,
    pub followup_rate: String,
    pub key_id: String,
    pub key_status: String,
    pub manifest_sha256: String,
    pub received_at: String,
}

pub(crate) fn actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "koordinator".into())
}

impl Hub {
    /// Makes a hub in `dir`, which must be empty or absent. The database is built under a
    /// temporary name and renamed when complete; it holds the national results that ship with
    /// the app from the start.
    pub fn init(dir: &Path, name: &str) -> Result<Hub> {
        if dir.exists() {
            let empty = std::fs::read_dir(dir).map_err(|e| Error::io("read the hub folder", e))?.next().is_none();
            if !dir.is_dir() || !empty {
                return Err(Error::new(ErrorCode::HubNotEmpty).with("path", dir.display()));
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create the hub folder", e))?;
        let partial = dir.join(format!("{DB_FILE}.partial"));
        {
            let mut conn = db::open_with(&partial, true, &SCHEMA)?;
            let tx = db::begin_write(&mut conn)?;
            let id = clock::new_id();
            tx.execute(
                "INSERT INTO hub (singleton, id, name, created_at, created_by) VALUES (1, ?1, ?2, ?3, ?4)",
                (&id, name, clock::now(), APP_VERSION),
            )
            .map_err(sql_err)?;
            audit::append_in(
                &tx,
                HEAD,
                &actor(),
                Change { entity: "hub", entity_id: &id, action: "create", old: None, new: Some(json!({"name": name})) },
            )?;
            crate::benchmark::store_shipped(&tx, &actor())?;
            tx.commit().map_err(sql_err)?;
            conn.close().map_err(|(_, e)| sql_err(e))?;
        }
        for sub in [BLOB_DIR, TMP_DIR] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| Error::io("create the hub folder", e))?;
        }
        std::fs::rename(&partial, dir.join(DB_FILE)).map_err(|e| Error::io("finish the hub file", e))?;
        Hub::open(dir)
    }

    pub fn open(dir: &Path) -> Result<Hub> {
        if !dir.is_dir() {
            return Err(Error::new(ErrorCode::HubNotFound).with("path", dir.display()));
        }
        let file = dir.join(DB_FILE);
        if !file.is_file() {
            return Err(Error::new(ErrorCode::HubNotHub).with("path", dir.display()));
        }
        let conn = db::open_with(&file, false, &SCHEMA)?;
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let info = conn
            .query_row("SELECT id, name, created_at FROM hub", [], |r| {
                Ok(HubInfo { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)?, path: dir.clone() })
            })
            .map_err(sql_err)?;
        Ok(Hub { dir, conn, info })
    }

    pub fn info(&self) -> &HubInfo {
        &self.info
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn blob_path(&self, sha256: &Sha256Hash) -> PathBuf {
        self.dir.join(BLOB_DIR).join(sha256.prefix()).join(sha256.as_str())
    }

    /// A stored file read as JSON, e.g. a package's data (`data/period.json`). Data arriving in
    /// packages was verified at import, but it is read defensively all the same: a file that is
    /// missing or no JSON is None, and each view treats what it lacks as absent.
    pub(crate) fn data_blob(&self, sha256: &str) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.blob_bytes(sha256)?).ok()
    }

    /// A stored file's bytes; None when the name is no SHA-256 or the file cannot be read.
    pub(crate) fn blob_bytes(&self, sha256: &str) -> Option<Vec<u8>> {
        std::fs::read(self.blob_path(&Sha256Hash::parse(sha256).ok()?)).ok()
    }

    /// The SHA-256 of a package's file of `role` ("data", "framework").
    pub(crate) fn package_file(&self, package_id: &str, role: &str) -> Result<Option<String>> {
        rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT sha256 FROM package_file WHERE package_id = ?1 AND role = ?2",
            (package_id, role),
            |r| r.get(0),
        ))
        .map_err(sql_err)
    }

    /// Runs `f` in one IMMEDIATE transaction with the actor the audit trail records.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        let actor = actor();
        let tx = db::begin_write(&mut self.conn)?;
        let value = f(&tx, &actor)?;
        tx.commit().map_err(sql_err)?;
        Ok(value)
    }

    pub fn verify_audit(&self) -> Result<AuditReport> {
        audit::verify_in(&self.conn, HEAD)
    }

    /// The received packages, newest period first, then by region and seq.
    pub fn packages(&self, region: Option<&str>, period: Option<i32>) -> Result<Vec<PackageRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.package_id, p.region_code, p.period, p.seq, p.supersedes,
                        p.seq = (SELECT max(q.seq) FROM package q WHERE q.region_code = p.region_code AND q.period = p.period),
                        p.review, p.index_value, p.predicate, p.followup_rate, p.key_id, k.status, p.manifest_sha256,
                        p.received_at
                 FROM package p JOIN region_key k ON k.key_id = p.key_id
                 WHERE (?1 IS NULL OR p.region_code = ?1) AND (?2 IS NULL OR p.period = ?2)
                 ORDER BY p.period DESC, p.region_code, p.seq",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map((region, period), |r| {
                Ok(PackageRow {
                    package_id: r.get(0)?,
                    region: r.get(1)?,
                    period: r.get(2)?,
                    seq: r.get(3)?,
                    supersedes: r.get(4)?,
                    head: r.get(5)?,
                    review: r.get(6)?,
                    index: r.get(7)?,
                    predicate: r.get(8)?,
                    followup_rate: r.get(9)?,
                    key_id: r.get(10)?,
                    key_status: r.get(11)?,
                    manifest_sha256: r.get(12)?,
                    received_at: r.get(13)?,
                })
            })
            .map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }
}
