//! The rule of a hash-chained audit trail, shared by the workspace, the hub and the package
//! verifier (which checks a trail with no database at all).
//!
//! Entry n stores `hash_n = SHA-256(canonical JSON [seq, id, at, actor, entity, entity_id,
//! action, old, new, prev_hash])` with `prev_hash = hash_{n-1}` (empty for the first).

use serde::{Deserialize, Serialize};

use crate::canonical_sha256;

/// One entry as stored, with its link and its own hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEntry {
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    /// Canonical JSON text of the value before the change.
    pub old: Option<String>,
    /// Canonical JSON text of the value after the change.
    pub new: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Where a chain breaks, and why (in English; callers translate the kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub problem: ChainProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainProblem {
    EntryMissing,
    LinkMismatch,
    ContentChanged,
    HeadMismatch,
}

impl ChainProblem {
    pub fn describe(self) -> &'static str {
        match self {
            ChainProblem::EntryMissing => "entry missing",
            ChainProblem::LinkMismatch => "link to the previous entry does not match",
            ChainProblem::ContentChanged => "content was changed after it was written",
            ChainProblem::HeadMismatch => "newest entries were removed",
        }
    }

    pub fn describe_id(self) -> &'static str {
        match self {
            ChainProblem::EntryMissing => "ada entri yang hilang",
            ChainProblem::LinkMismatch => "tautan ke entri sebelumnya tidak cocok",
            ChainProblem::ContentChanged => "isi entri diubah setelah ditulis",
            ChainProblem::HeadMismatch => "entri terbaru dihapus",
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    id: &str,
    at: &str,
    actor: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    old: Option<&str>,
    new: Option<&str>,
    prev_hash: &str,
) -> String {
    // Strings and integers only, so these bytes are also what serde_json prints for the array:
    // entries written before the canonical scheme verify unchanged (a test in the store pins it).
    let fields = serde_json::json!([seq, id, at, actor, entity, entity_id, action, old, new, prev_hash]);
    canonical_sha256(&fields).expect("strings and integers are canonical").1.to_string()
}

impl ChainEntry {
    pub fn recomputed_hash(&self) -> String {
        entry_hash(
            self.seq,
            &self.id,
            &self.at,
            &self.actor,
            &self.entity,
            &self.entity_id,
            &self.action,
            self.old.as_deref(),
            self.new.as_deref(),
            &self.prev_hash,
        )
    }
}

/// Checks a whole chain from its first entry, in order; `head` is the (seq, hash) the owner
/// recorded as the newest, when it keeps one.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a ChainEntry>,
    head: Option<(i64, &str)>,
) -> Result<i64, ChainBreak> {
    let mut expected = 1i64;
    let mut prev = String::new();
    for e in entries {
        if e.seq != expected {
            return Err(ChainBreak { seq: expected, problem: ChainProblem::EntryMissing });
        }
        if e.prev_hash != prev {
            return Err(ChainBreak { seq: e.seq, problem: ChainProblem::LinkMismatch });
        }
        if e.recomputed_hash() != e.hash {
            return Err(ChainBreak { seq: e.seq, problem: ChainProblem::ContentChanged });
        }
        prev.clone_from(&e.hash);
        expected += 1;
    }
    if let Some((seq, hash)) = head {
        if seq != expected - 1 || hash != prev {
            return Err(ChainBreak { seq: expected, problem: ChainProblem::HeadMismatch });
        }
    }
    Ok(expected - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<ChainEntry> {
        let mut prev = String::new();
        (1..=n)
            .map(|seq| {
                let mut e = ChainEntry {
                    seq,
                    id: format!("id-{seq}"),
                    at: "2026-01-01T00:00:00.000Z".into(),
                    actor: "a".into(),
                    entity: "answer".into(),
                    entity_id: "x".into(),
                    action: "update".into(),
                    old: None,
                    new: Some("{\"level\":3}".into()),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.recomputed_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_and_each_break_is_named() {
        let c = chain(4);
        assert_eq!(verify_chain(&c, Some((4, &c[3].hash))), Ok(4));
        let mut edited = c.clone();
        edited[1].actor = "b".into();
        assert_eq!(verify_chain(&edited, None).unwrap_err().problem, ChainProblem::ContentChanged);
        let mut removed = c.clone();
        removed.remove(2);
        assert_eq!(
            verify_chain(&removed, None).unwrap_err(),
            ChainBreak { seq: 3, problem: ChainProblem::EntryMissing }
        );
        assert_eq!(verify_chain(&c[..3], Some((4, &c[3].hash))).unwrap_err().problem, ChainProblem::HeadMismatch);
    }
}
