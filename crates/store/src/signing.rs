//! The workspace's side of signatures: the public keys it has sealed with (on any computer),
//! key transitions, and the trust anchors its user added. Private keys are never here: the
//! signing crate keeps them in the OS keychain.

use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::clock;
use crate::db::sql_err;
use crate::workspace::Workspace;

/// A public key the workspace has used, as recorded.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SigningKey {
    pub key_id: String,
    pub algorithm: String,
    #[serde(skip)]
    pub public_key: Vec<u8>,
    pub fingerprint: String,
    /// The computer the key lives on (its keychain).
    pub computer: String,
    /// Where the private key is kept: "os" (the keychain) or "file:PATH".
    pub keystore: String,
    #[serde(skip)]
    pub certificate: Vec<u8>,
    pub created_at: String,
    pub retired_at: Option<String>,
}

/// A root certificate the user added.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AddedAnchor {
    pub sha256: String,
    #[serde(skip)]
    pub der: Vec<u8>,
    pub subject: String,
    pub added_at: String,
}

const KEY_COLUMNS: &str =
    "key_id, algorithm, public_key, fingerprint, computer, keystore, certificate, created_at, retired_at";

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SigningKey> {
    Ok(SigningKey {
        key_id: r.get(0)?,
        algorithm: r.get(1)?,
        public_key: r.get(2)?,
        fingerprint: r.get(3)?,
        computer: r.get(4)?,
        keystore: r.get(5)?,
        certificate: r.get(6)?,
        created_at: r.get(7)?,
        retired_at: r.get(8)?,
    })
}

impl Workspace {
    /// Every key the workspace has used, oldest first.
    pub fn signing_keys(&self) -> Result<Vec<SigningKey>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {KEY_COLUMNS} FROM signing_key ORDER BY created_at, rowid"))
            .map_err(sql_err)?;
        let rows = stmt.query_map([], key_from_row).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    pub fn signing_key(&self, key_id: &str) -> Result<Option<SigningKey>> {
        self.conn()
            .query_row(&format!("SELECT {KEY_COLUMNS} FROM signing_key WHERE key_id = ?1"), [key_id], key_from_row)
            .optional()
            .map_err(sql_err)
    }

    /// Records a key the workspace now seals with (once; recording it again changes nothing).
    pub fn record_signing_key(&mut self, key: &SigningKey) -> Result<()> {
        if self.signing_key(&key.key_id)?.is_some() {
            return Ok(());
        }
        self.write(|tx, actor| {
            tx.execute(
                &format!("INSERT INTO signing_key ({KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                rusqlite::params![
                    key.key_id,
                    key.algorithm,
                    key.public_key,
                    key.fingerprint,
                    key.computer,
                    key.keystore,
                    key.certificate,
                    key.created_at,
                    key.retired_at
                ],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "signing_key",
                    entity_id: &key.key_id,
                    action: "create",
                    old: None,
                    new: Some(json!({"fingerprint": key.fingerprint, "algorithm": key.algorithm, "computer": key.computer, "keystore": key.keystore})),
                },
            )
        })
    }

    /// Records that `old` was replaced by `new`, with the statement both keys signed, and
    /// marks `old` retired.
    pub fn record_key_transition(
        &mut self,
        old_key_id: &str,
        new_key_id: &str,
        statement: &[u8],
        old_signature: &[u8],
        new_signature: &[u8],
    ) -> Result<()> {
        for id in [old_key_id, new_key_id] {
            if self.signing_key(id)?.is_none() {
                return Err(Error::new(ErrorCode::SignKeyNotFound).with("key_id", id));
            }
        }
        self.write(|tx, actor| {
            let now = clock::now();
            let id = clock::new_id();
            tx.execute(
                "INSERT INTO key_transition (id, old_key_id, new_key_id, statement, old_signature, new_signature, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![id, old_key_id, new_key_id, statement, old_signature, new_signature, now],
            )
            .map_err(sql_err)?;
            tx.execute("UPDATE signing_key SET retired_at = ?1 WHERE key_id = ?2 AND retired_at IS NULL", (&now, old_key_id))
                .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "signing_key",
                    entity_id: new_key_id,
                    action: "rotate",
                    old: Some(json!({"key_id": old_key_id})),
                    new: Some(json!({"key_id": new_key_id, "transition": id})),
                },
            )
        })
    }

    /// Marks a key retired without a transition (lost, or replaced on another computer).
    pub fn retire_signing_key(&mut self, key_id: &str) -> Result<()> {
        if self.signing_key(key_id)?.is_none() {
            return Err(Error::new(ErrorCode::SignKeyNotFound).with("key_id", key_id));
        }
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE signing_key SET retired_at = ?1 WHERE key_id = ?2 AND retired_at IS NULL",
                (clock::now(), key_id),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change { entity: "signing_key", entity_id: key_id, action: "retire", old: None, new: None },
            )
        })
    }

    /// The trust anchors the user added, in the order added.
    pub fn added_trust_anchors(&self) -> Result<Vec<AddedAnchor>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT sha256, der, subject, added_at FROM trust_anchor ORDER BY added_at, rowid")
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AddedAnchor { sha256: r.get(0)?, der: r.get(1)?, subject: r.get(2)?, added_at: r.get(3)? })
            })
            .map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    /// Adds a root certificate (already parsed and checked by the caller) as a trust anchor.
    /// Returns false when it was already there.
    pub fn add_trust_anchor(&mut self, sha256: &str, der: &[u8], subject: &str) -> Result<bool> {
        if self.added_trust_anchors()?.iter().any(|a| a.sha256 == sha256) {
            return Ok(false);
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO trust_anchor (sha256, der, subject, added_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![sha256, der, subject, clock::now()],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "trust_anchor",
                    entity_id: sha256,
                    action: "add",
                    old: None,
                    new: Some(json!({"subject": subject})),
                },
            )
        })?;
        Ok(true)
    }
}
