//! The report packages a workspace has built (the format and the building itself are in
//! `livinglab-package`). A row is written once, in the same transaction as its audit entry,
//! and never changed: triggers refuse UPDATE and DELETE.

use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::db::sql_err;
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PackageRecord {
    pub package_id: String,
    pub period: i32,
    pub seq: i64,
    pub supersedes: Option<String>,
    pub manifest_sha256: String,
    pub content_sha256: String,
    pub key_id: String,
    pub path: String,
    pub size: u64,
    pub files: usize,
    pub created_at: String,
}

const COLUMNS: &str =
    "id, period_year, seq, supersedes, manifest_sha256, content_sha256, key_id, path, size, files, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PackageRecord> {
    Ok(PackageRecord {
        package_id: r.get(0)?,
        period: r.get(1)?,
        seq: r.get(2)?,
        supersedes: r.get(3)?,
        manifest_sha256: r.get(4)?,
        content_sha256: r.get(5)?,
        key_id: r.get(6)?,
        path: r.get(7)?,
        size: r.get::<_, i64>(8)? as u64,
        files: r.get::<_, i64>(9)? as usize,
        created_at: r.get(10)?,
    })
}

impl Workspace {
    /// Every built package, by period and seq; of one period when `year` is given.
    pub fn packages(&self, year: Option<i32>) -> Result<Vec<PackageRecord>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM package WHERE ?1 IS NULL OR period_year = ?1 ORDER BY period_year, seq"
            ))
            .map_err(sql_err)?;
        let rows = stmt.query_map([year], from_row).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    /// The newest package of a period (the head of its chain), if any.
    pub fn last_package(&self, year: i32) -> Result<Option<PackageRecord>> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM package WHERE period_year = ?1 ORDER BY seq DESC LIMIT 1"),
                [year],
                from_row,
            )
            .optional()
            .map_err(sql_err)
    }

    /// Records a built package. `before_commit` runs inside the transaction once the row is
    /// written (the builder moves the file into place there), so a package is recorded only
    /// when its file exists, and a file is in place only when it is recorded or the commit
    /// failed after it (the caller removes it then). Refuses a seq or supersedes that is not
    /// the next link of the period's chain: another build got there first.
    pub fn record_package(
        &mut self,
        record: &PackageRecord,
        manifest: &str,
        before_commit: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        self.write(|tx, actor| {
            let head: Option<(i64, String)> = tx
                .query_row(
                    "SELECT seq, id FROM package WHERE period_year = ?1 ORDER BY seq DESC LIMIT 1",
                    [record.period],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(sql_err)?;
            let (next, expected_supersedes) = match &head {
                Some((seq, id)) => (seq + 1, Some(id.clone())),
                None => (1, None),
            };
            if record.seq != next || record.supersedes != expected_supersedes {
                return Err(Error::new(ErrorCode::PackageChainMoved).with("period", record.period).with("seq", next));
            }
            tx.execute(
                "INSERT INTO package (id, period_year, seq, supersedes, manifest_sha256, content_sha256, key_id, path,
                                      size, files, manifest, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    record.package_id,
                    record.period,
                    record.seq,
                    record.supersedes,
                    record.manifest_sha256,
                    record.content_sha256,
                    record.key_id,
                    record.path,
                    record.size as i64,
                    record.files as i64,
                    manifest,
                    record.created_at
                ],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "package",
                    entity_id: &record.package_id,
                    action: "build",
                    old: None,
                    new: Some(json!({
                        "period": record.period,
                        "seq": record.seq,
                        "supersedes": record.supersedes,
                        "manifest_sha256": record.manifest_sha256,
                        "content_sha256": record.content_sha256,
                        "key_id": record.key_id,
                    })),
                },
            )?;
            before_commit()
        })
    }
}
