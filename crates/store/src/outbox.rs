//! The outbox: packages on their way to the hub, and the hub link they go by.
//!
//! States: `queued` → `sending` → `sent` | `failed` (tried again after a back-off) | `refused`
//! (needs the user). Every change is one IMMEDIATE transaction, so two runs (the app's and a
//! script's) never send one package at once: a run claims an entry for a while and renews the
//! claim as it goes; a run that crashed lets go when the claim runs out. `sent` is written
//! only with the receipt, which the sender has verified; the audit trail records it.

use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::audit::{self, Change};
use crate::clock;
use crate::db::sql_err;
use crate::workspace::Workspace;

/// Where packages go: the hub's address, its key (pinned once: from the hub's enrolment reply,
/// typed, or taken at the first connection and shown), and a manual proxy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HubLink {
    pub url: String,
    /// The hub's public key, SPKI DER in base64; empty until known.
    pub hub_key: String,
    pub hub_key_id: String,
    pub hub_name: String,
    /// A proxy to use instead of the system's (`http://host:port`); empty for the system's.
    pub proxy: String,
}

pub const HUB_LINK_SETTING: &str = "hub_link";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Queued,
    Sending,
    Sent,
    Failed,
    Refused,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Refused => "refused",
        }
    }

    fn from_stored(s: &str) -> Result<OutboxState> {
        Ok(match s {
            "queued" => OutboxState::Queued,
            "sending" => OutboxState::Sending,
            "sent" => OutboxState::Sent,
            "failed" => OutboxState::Failed,
            "refused" => OutboxState::Refused,
            other => return Err(Error::corrupt_value("outbox state", other)),
        })
    }
}

/// The last error of an entry as kept: its code and params, so that it reads in the
/// language of whoever looks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredError {
    pub code: String,
    pub params: Vec<(String, String)>,
}

impl StoredError {
    pub fn of(e: &Error) -> StoredError {
        StoredError { code: e.code.as_str().into(), params: e.params.clone() }
    }

    pub fn to_error(&self) -> Error {
        let code = ErrorCode::ALL.iter().copied().find(|c| c.as_str() == self.code).unwrap_or(ErrorCode::HubFailed);
        Error { code, params: self.params.clone() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxEntry {
    pub package_id: String,
    pub period: i32,
    pub seq: i64,
    pub url: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<StoredError>,
    pub next_attempt_at: Option<String>,
    pub receipt: Option<Value>,
    pub queued_at: String,
    pub updated_at: String,
    pub sent_at: Option<String>,
}

const COLUMNS: &str = "o.package_id, p.period_year, p.seq, o.url, o.state, o.attempts, o.last_error,
    o.next_attempt_at, o.receipt, o.queued_at, o.updated_at, o.sent_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(OutboxEntry, String)> {
    let last_error: Option<String> = r.get(6)?;
    let receipt: Option<String> = r.get(8)?;
    Ok((
        OutboxEntry {
            package_id: r.get(0)?,
            period: r.get(1)?,
            seq: r.get(2)?,
            url: r.get(3)?,
            state: OutboxState::Queued,
            attempts: r.get(5)?,
            last_error: last_error.and_then(|t| serde_json::from_str(&t).ok()),
            next_attempt_at: r.get(7)?,
            receipt: receipt.and_then(|t| serde_json::from_str(&t).ok()),
            queued_at: r.get(9)?,
            updated_at: r.get(10)?,
            sent_at: r.get(11)?,
        },
        r.get(4)?,
    ))
}

fn with_state((mut entry, state): (OutboxEntry, String)) -> Result<OutboxEntry> {
    entry.state = OutboxState::from_stored(&state)?;
    Ok(entry)
}

/// How long a failed send waits before the next try: 30 s, doubling per attempt, at most
/// 30 minutes. Offices lose the network for minutes, sometimes for a day; a hub that is down
/// should not be hammered by 500 regencies at once either.
pub fn retry_delay(attempts: i64) -> Duration {
    let exp = attempts.clamp(1, 7) - 1;
    Duration::seconds((30i64 << exp).min(30 * 60))
}

/// How long a run holds an entry it sends before another run may take it over.
pub const CLAIM: Duration = Duration::minutes(10);

fn at(t: OffsetDateTime) -> String {
    clock::format(t)
}

impl Workspace {
    pub fn hub_link(&self) -> Result<HubLink> {
        self.setting(HUB_LINK_SETTING)
    }

    pub fn save_hub_link(&mut self, link: &HubLink) -> Result<()> {
        self.save_setting(HUB_LINK_SETTING, link)
    }

    /// Every entry, newest package first; of one period when `year` is given.
    pub fn outbox(&self, year: Option<i32>) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox o JOIN package p ON p.id = o.package_id
                 WHERE ?1 IS NULL OR p.period_year = ?1 ORDER BY p.period_year DESC, p.seq DESC"
            ))
            .map_err(sql_err)?;
        let rows = stmt.query_map([year], from_row).map_err(sql_err)?;
        rows.map(|r| r.map_err(sql_err).and_then(with_state)).collect()
    }

    pub fn outbox_entry(&self, package_id: &str) -> Result<Option<OutboxEntry>> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM outbox o JOIN package p ON p.id = o.package_id WHERE o.package_id = ?1"
                ),
                [package_id],
                from_row,
            )
            .optional()
            .map_err(sql_err)?
            .map(with_state)
            .transpose()
    }

    /// Puts a built package in the outbox for `url`, due now. One already sent stays sent; one
    /// waiting or refused is due again now (a user asking to send is asking to try now).
    pub fn queue_package(&mut self, package_id: &str, url: &str) -> Result<OutboxEntry> {
        if self.packages(None)?.iter().all(|p| p.package_id != package_id) {
            return Err(Error::new(ErrorCode::PackageUnknown).with("id", package_id));
        }
        let now = clock::now();
        self.write(|tx, actor| {
            let state: Option<String> = tx
                .query_row("SELECT state FROM outbox WHERE package_id = ?1", [package_id], |r| r.get(0))
                .optional()
                .map_err(sql_err)?;
            match state.as_deref().map(OutboxState::from_stored).transpose()? {
                Some(OutboxState::Sent) | Some(OutboxState::Sending) => return Ok(()),
                Some(_) => {
                    tx.execute(
                        "UPDATE outbox SET state = 'queued', url = ?2, next_attempt_at = NULL, updated_at = ?3
                         WHERE package_id = ?1",
                        (package_id, url, &now),
                    )
                    .map_err(sql_err)?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO outbox (package_id, url, state, queued_at, updated_at) VALUES (?1, ?2, 'queued', ?3, ?3)",
                        (package_id, url, &now),
                    )
                    .map_err(sql_err)?;
                }
            }
            audit::append(
                tx,
                actor,
                Change { entity: "outbox", entity_id: package_id, action: "queue", old: None, new: Some(json!({"url": url})) },
            )
        })?;
        self.outbox_entry(package_id)?.ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", package_id))
    }

    /// Takes the entries due now for sending (all waiting ones with `now_all`), marking them
    /// `sending` with a claim and one more attempt. Entries another run holds are left alone.
    pub fn claim_due(&mut self, now_all: bool) -> Result<Vec<OutboxEntry>> {
        let now = OffsetDateTime::now_utc();
        let (now_s, until) = (at(now), at(now + CLAIM));
        let ids: Vec<String> = self.write(|tx, _| {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT package_id FROM outbox
                     WHERE (state IN ('queued', 'failed') AND (?2 OR next_attempt_at IS NULL OR next_attempt_at <= ?1))
                        OR (state = 'sending' AND claimed_until <= ?1)",
                )
                .map_err(sql_err)?;
            let ids = stmt
                .query_map((&now_s, now_all), |r| r.get::<_, String>(0))
                .map_err(sql_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(sql_err)?;
            for id in &ids {
                tx.execute(
                    "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_until = ?2, updated_at = ?3
                     WHERE package_id = ?1",
                    (id, &until, &now_s),
                )
                .map_err(sql_err)?;
            }
            Ok(ids)
        })?;
        ids.iter().filter_map(|id| self.outbox_entry(id).transpose()).collect()
    }

    /// Keeps the claim on an entry being sent (a long upload over a slow line).
    pub fn renew_claim(&mut self, package_id: &str) -> Result<()> {
        let until = at(OffsetDateTime::now_utc() + CLAIM);
        self.write(|tx, _| {
            tx.execute(
                "UPDATE outbox SET claimed_until = ?2 WHERE package_id = ?1 AND state = 'sending'",
                (package_id, until),
            )
            .map(|_| ())
            .map_err(sql_err)
        })
    }

    /// The hub gave a receipt the sender verified: the package is sent.
    pub fn record_sent(&mut self, package_id: &str, receipt: &Value) -> Result<()> {
        let now = clock::now();
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE outbox SET state = 'sent', receipt = ?2, last_error = NULL, next_attempt_at = NULL,
                     claimed_until = NULL, updated_at = ?3, sent_at = ?3
                 WHERE package_id = ?1",
                (package_id, receipt.to_string(), &now),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "outbox",
                    entity_id: package_id,
                    action: "sent",
                    old: None,
                    new: Some(json!({"receipt": receipt})),
                },
            )
        })
    }

    /// A send that did not finish: tried again after the back-off (`refused` false), or kept
    /// for the user (`refused` true).
    pub fn record_failure(&mut self, package_id: &str, error: &Error, refused: bool) -> Result<()> {
        let now = OffsetDateTime::now_utc();
        let attempts: i64 = self
            .conn()
            .query_row("SELECT attempts FROM outbox WHERE package_id = ?1", [package_id], |r| r.get(0))
            .map_err(sql_err)?;
        let next = (!refused).then(|| at(now + retry_delay(attempts)));
        let state = if refused { OutboxState::Refused } else { OutboxState::Failed };
        let stored = serde_json::to_string(&StoredError::of(error)).expect("errors serialize");
        self.write(|tx, _| {
            tx.execute(
                "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4, claimed_until = NULL, updated_at = ?5
                 WHERE package_id = ?1 AND state = 'sending'",
                rusqlite::params![package_id, state.as_str(), stored, next, at(now)],
            )
            .map(|_| ())
            .map_err(sql_err)
        })
    }

    /// When the next waiting entry is due, if any (for a sender that sleeps until then).
    pub fn outbox_next_due(&self) -> Result<Option<String>> {
        self.conn()
            .query_row(
                "SELECT min(coalesce(CASE WHEN state = 'sending' THEN claimed_until ELSE next_attempt_at END, ''))
                 FROM outbox WHERE state IN ('queued', 'failed', 'sending')",
                [],
                |r| r.get(0),
            )
            .map_err(sql_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_and_stops_at_half_an_hour() {
        assert_eq!(retry_delay(1), Duration::seconds(30));
        assert_eq!(retry_delay(2), Duration::seconds(60));
        assert_eq!(retry_delay(3), Duration::seconds(120));
        assert_eq!(retry_delay(7), Duration::minutes(30));
        assert_eq!(retry_delay(50), Duration::minutes(30));
        assert_eq!(retry_delay(0), Duration::seconds(30));
    }

    #[test]
    fn a_stored_error_reads_back_as_the_same_error() {
        let e = Error::new(ErrorCode::HubUnreachable).with_detail("koneksi terputus", "connection reset");
        let back = StoredError::of(&e).to_error();
        assert_eq!(back, e);
    }
}
