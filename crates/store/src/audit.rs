//! The append-only, hash-chained audit trail.
//!
//! Entry n stores `hash_n = SHA-256(JSON [seq, id, at, actor, entity, entity_id, action, old,
//! new, prev_hash])` with `prev_hash = hash_{n-1}` (empty for the first). The workspace row keeps
//! the newest seq and hash, written in the same transaction as the entry, so that removing the
//! newest entries is noticed too. Triggers refuse UPDATE and DELETE on the table; `verify`
//! catches whatever gets past them (a tool that drops the triggers, an edited file).
//!
//! The chain rule itself is `livinglab_core::audit_chain`; the functions here work on any
//! database with an `audit_log` table and a singleton row keeping the head (`*_in` take the
//! name of that table: `workspace` here, `hub` in Sumedang's hub).

use livinglab_core::audit_chain::{entry_hash, ChainEntry};
use livinglab_core::{canonical_json, Error, ErrorCode, Result};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;

use crate::clock;
use crate::db::sql_err;

/// One change as the UI's history shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

fn canonical_text(value: &Value) -> Result<String> {
    Ok(String::from_utf8(canonical_json(value)?).expect("canonical JSON is UTF-8"))
}

/// What a write records: the entity, its id, the action, and its value before and after.
pub struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Appends one entry inside the caller's transaction.
pub fn append(tx: &Transaction<'_>, actor: &str, change: Change<'_>) -> Result<()> {
    append_in(tx, "workspace", actor, change)
}

/// Appends one entry to the trail whose head `head_table` keeps.
pub fn append_in(tx: &Transaction<'_>, head_table: &'static str, actor: &str, change: Change<'_>) -> Result<()> {
    let (head_seq, head_hash): (i64, String) = tx
        .query_row(&format!("SELECT audit_head_seq, audit_head_hash FROM {head_table}"), [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(sql_err)?;
    let seq = head_seq + 1;
    let id = clock::new_id();
    let at = clock::now();
    let old = change.old.map(|v| canonical_text(&v)).transpose()?;
    let new = change.new.map(|v| canonical_text(&v)).transpose()?;
    let hash = entry_hash(
        seq,
        &id,
        &at,
        actor,
        change.entity,
        change.entity_id,
        change.action,
        old.as_deref(),
        new.as_deref(),
        &head_hash,
    );
    tx.execute(
        "INSERT INTO audit_log (seq, id, at, actor, entity, entity_id, action, old_value, new_value, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        rusqlite::params![
            seq,
            id,
            at,
            actor,
            change.entity,
            change.entity_id,
            change.action,
            old,
            new,
            head_hash,
            hash
        ],
    )
    .map_err(sql_err)?;
    tx.execute(&format!("UPDATE {head_table} SET audit_head_seq = ?1, audit_head_hash = ?2"), (seq, &hash))
        .map_err(sql_err)?;
    Ok(())
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditReport {
    pub entries: i64,
    pub intact: bool,
    /// The first entry found broken (for a removed entry: the seq that is missing).
    pub broken_at: Option<i64>,
    pub problem: Option<String>,
}

impl AuditReport {
    /// `audit.broken` naming the first broken entry, when the chain is not intact.
    pub fn into_result(self) -> Result<AuditReport> {
        match (self.intact, self.broken_at) {
            (false, Some(seq)) => Err(Error::new(ErrorCode::AuditBroken)
                .with("seq", seq)
                .with("detail", self.problem.unwrap_or_default())),
            _ => Ok(self),
        }
    }
}

pub fn verify(conn: &Connection) -> Result<AuditReport> {
    verify_in(conn, "workspace")
}

/// Every entry as stored, with its links, oldest first.
pub fn chain_entries(conn: &Connection) -> Result<Vec<ChainEntry>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, id, at, actor, entity, entity_id, action, old_value, new_value, prev_hash, hash
             FROM audit_log ORDER BY seq",
        )
        .map_err(sql_err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ChainEntry {
                seq: r.get(0)?,
                id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                action: r.get(6)?,
                old: r.get(7)?,
                new: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
            })
        })
        .map_err(sql_err)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
}

/// Checks the whole chain of the trail whose head `head_table` keeps.
pub fn verify_in(conn: &Connection, head_table: &'static str) -> Result<AuditReport> {
    let entries = chain_entries(conn)?;
    let head: Option<(i64, String)> = conn
        .query_row(&format!("SELECT audit_head_seq, audit_head_hash FROM {head_table}"), [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(sql_err)?;
    let count = entries.len() as i64;
    match livinglab_core::audit_chain::verify_chain(&entries, head.as_ref().map(|(s, h)| (*s, h.as_str()))) {
        Ok(_) => Ok(AuditReport { entries: count, intact: true, broken_at: None, problem: None }),
        Err(b) => Ok(AuditReport {
            entries: count,
            intact: false,
            broken_at: Some(b.seq),
            problem: Some(b.problem.describe().to_string()),
        }),
    }
}

/// Every entry about the record `entity_id` (of any entity kind that files under it), newest first.
pub fn history_of_id(conn: &Connection, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, id, at, actor, entity, entity_id, action, old_value, new_value FROM audit_log
             WHERE entity_id = ?1 ORDER BY seq DESC",
        )
        .map_err(sql_err)?;
    let rows = stmt
        .query_map([entity_id], |r| {
            let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
            Ok(AuditEntry {
                seq: r.get(0)?,
                id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                action: r.get(6)?,
                old: json(r.get(7)?),
                new: json(r.get(8)?),
            })
        })
        .map_err(sql_err)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn entries_hash_as_they_did_before_the_canonical_scheme() {
        // The earlier scheme: SHA-256 of serde_json's text of the same array.
        let tricky = "Kab. Sumedang — \"3,52\" \\ \u{1}\u{1f}\t\n\u{7f} é 😀 </script>";
        let fields =
            ("7", "2026-12-01T00:00:00Z", tricky, "answer", "id-1", "update", Some(tricky), None::<&str>, "ab");
        let old_text = serde_json::json!([
            7, fields.0, fields.1, fields.2, fields.3, fields.4, fields.5, fields.6, fields.7, fields.8
        ])
        .to_string();
        let before = hex::encode(Sha256::digest(old_text.as_bytes()));
        let now =
            entry_hash(7, fields.0, fields.1, fields.2, fields.3, fields.4, fields.5, fields.6, fields.7, fields.8);
        assert_eq!(now, before);
    }
}
