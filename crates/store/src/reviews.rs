//! Sumedang's reviews of this workspace's packages. The store keeps what the caller verified
//! (the transport crate checks the hub's signature under the pinned key first); a review is
//! kept once, and the same review again changes nothing.

use livinglab_core::package_review::{IndicatorNote, ReviewState, MAX_NOTE_CHARS};
use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Change};
use crate::clock;
use crate::db::sql_err;
use crate::workspace::Workspace;

/// What a verified review says, as the workspace keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptReview {
    pub review_id: String,
    pub package_id: String,
    pub period: i32,
    pub seq: i64,
    pub state: ReviewState,
    pub note: String,
    pub notes: Vec<IndicatorNote>,
    pub reviewed_at: String,
    pub reviewed_by: String,
    pub hub_name: String,
    pub hub_key_id: String,
    pub imported_at: String,
}

/// A verified review to keep: its fields and the signed text.
pub struct VerifiedReview<'a> {
    pub review_id: &'a str,
    pub package_id: &'a str,
    pub state: ReviewState,
    pub reviewed_at: &'a str,
    pub hub_key_id: &'a str,
    pub document: &'a str,
    pub signature: &'a [u8],
}

impl Workspace {
    /// Keeps a verified review of one of this workspace's packages. Returns false when it was
    /// kept before.
    pub fn keep_review(&mut self, review: &VerifiedReview<'_>) -> Result<bool> {
        if self.packages(None)?.iter().all(|p| p.package_id != review.package_id) {
            return Err(Error::new(ErrorCode::ReviewFileInvalid).with_detail(
                format!("tinjauan untuk paket {} yang tidak dibuat di ruang kerja ini", review.package_id),
                format!("the review is for package {}, which this workspace did not build", review.package_id),
            ));
        }
        let known: Option<String> = self
            .conn()
            .query_row("SELECT document FROM hub_review WHERE review_id = ?1", [review.review_id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?;
        match known {
            Some(doc) if doc == review.document => return Ok(false),
            Some(_) => {
                return Err(Error::new(ErrorCode::ReviewFileInvalid)
                    .with_detail("tinjauan lain dengan id yang sama", "another review with the same id"))
            }
            None => {}
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO hub_review (review_id, package_id, state, reviewed_at, hub_key_id, document, signature, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    review.review_id,
                    review.package_id,
                    review.state.as_str(),
                    review.reviewed_at,
                    review.hub_key_id,
                    review.document,
                    review.signature,
                    clock::now()
                ],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "hub_review",
                    entity_id: review.package_id,
                    action: review.state.as_str(),
                    old: None,
                    new: Some(json!({"review_id": review.review_id, "reviewed_at": review.reviewed_at})),
                },
            )
        })?;
        Ok(true)
    }

    /// The reviews kept, newest first; of one period when `year` is given.
    pub fn kept_reviews(&self, year: Option<i32>) -> Result<Vec<KeptReview>> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT r.review_id, r.package_id, p.period_year, p.seq, r.document, r.imported_at
                 FROM hub_review r JOIN package p ON p.id = r.package_id
                 WHERE ?1 IS NULL OR p.period_year = ?1 ORDER BY r.reviewed_at DESC, r.rowid DESC",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?, r.get(5)?)))
            .map_err(sql_err)?;
        let mut out = Vec::new();
        for row in rows {
            let (review_id, package_id, period, seq, document, imported_at): (
                String,
                String,
                i32,
                i64,
                String,
                String,
            ) = row.map_err(sql_err)?;
            let doc: serde_json::Value = serde_json::from_str(&document).map_err(|e| {
                Error::new(ErrorCode::WorkspaceCorrupt).with("detail", format!("review {review_id}: {e}"))
            })?;
            let text = |k: &str| doc[k].as_str().unwrap_or_default().to_string();
            out.push(KeptReview {
                state: ReviewState::from_stored(doc["state"].as_str().unwrap_or_default())?,
                note: text("note"),
                notes: serde_json::from_value(doc["notes"].clone()).unwrap_or_default(),
                reviewed_at: text("reviewed_at"),
                reviewed_by: text("reviewed_by"),
                hub_name: text("hub_name"),
                hub_key_id: text("hub_key_id"),
                review_id,
                package_id,
                period,
                seq,
                imported_at,
            });
        }
        Ok(out)
    }
}

/// One of Sumedang's notes and the region's answer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnsweredNote {
    /// The indicator the note is on, as the review names it; empty for the general note.
    pub indicator: String,
    /// The indicator's id when the period's framework has it (the hub names notes by the
    /// package's framework); None for the general note or an indicator it lacks.
    pub indicator_id: Option<String>,
    pub note: String,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
}

/// The review the region has to answer: the newest review of the period, when it returned a
/// package for revision. Its notes carry the answers written so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenReview {
    pub review: KeptReview,
    /// The general note first (when there is one), then the indicator notes in review order.
    pub notes: Vec<AnsweredNote>,
    /// Indicator notes without an answer; the next package cannot be built while any is left.
    pub unanswered: Vec<String>,
    /// The newest package built after the reviewed one (it carries the answers as they were).
    pub answered_in: Option<i64>,
}

impl Workspace {
    /// The newest review of the period when it asks for revision; None otherwise (no review,
    /// or the newest one accepted or rejected the package).
    pub fn open_review(&self, year: i32) -> Result<Option<OpenReview>> {
        let Some(review) = self.kept_reviews(Some(year))?.into_iter().next() else { return Ok(None) };
        if review.state != ReviewState::PerluRevisi {
            return Ok(None);
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT indicator, answer, answered_at FROM review_answer WHERE review_id = ?1")
            .map_err(sql_err)?;
        let answers: Vec<(String, String, String)> = stmt
            .query_map([&review.review_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(sql_err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql_err)?;
        let fw = self.period_framework(&self.period(year)?)?;
        let answered = |indicator: &str, note: &str| {
            let found = answers.iter().find(|(i, _, _)| i == indicator);
            AnsweredNote {
                indicator: indicator.to_string(),
                indicator_id: fw.indicator(indicator).map(|i| i.id.clone()),
                note: note.to_string(),
                answer: found.map(|(_, a, _)| a.clone()),
                answered_at: found.map(|(_, _, at)| at.clone()),
            }
        };
        let general = (!review.note.is_empty()).then(|| answered("", &review.note));
        let notes: Vec<AnsweredNote> =
            general.into_iter().chain(review.notes.iter().map(|n| answered(&n.indicator, &n.note))).collect();
        let unanswered = notes
            .iter()
            .filter(|n| !n.indicator.is_empty() && n.answer.is_none())
            .map(|n| n.indicator.clone())
            .collect();
        let answered_in = self.last_package(year)?.map(|p| p.seq).filter(|seq| *seq > review.seq);
        Ok(Some(OpenReview { review, notes, unanswered, answered_in }))
    }

    /// Writes (or rewrites) the answer to one note of the open review of `year`; `indicator`
    /// empty answers the general note.
    pub fn answer_review_note(
        &mut self,
        year: i32,
        review_id: &str,
        indicator: &str,
        answer: &str,
    ) -> Result<AnsweredNote> {
        let unknown = || Error::new(ErrorCode::ReviewNoteUnknown).with("indicator", indicator);
        let open = self.open_review(year)?.filter(|o| o.review.review_id == review_id).ok_or_else(unknown)?;
        let note = open.notes.iter().find(|n| n.indicator == indicator).ok_or_else(unknown)?.clone();
        let answer = answer.trim();
        if answer.is_empty() {
            return Err(Error::new(ErrorCode::RequiredMissing).with("field", "answer").with("field@id", "tanggapan"));
        }
        if answer.chars().count() > MAX_NOTE_CHARS {
            return Err(Error::new(ErrorCode::TextTooLong)
                .with("field", "answer")
                .with("field@id", "tanggapan")
                .with("max", MAX_NOTE_CHARS));
        }
        if note.answer.as_deref() == Some(answer) {
            return Ok(note);
        }
        let now = clock::now();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO review_answer (review_id, indicator, answer, answered_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(review_id, indicator) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
                (review_id, indicator, answer, &now),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "review_answer",
                    entity_id: &format!("{review_id}/{indicator}"),
                    action: if note.answer.is_some() { "update" } else { "create" },
                    old: note.answer.as_ref().map(|a| json!({"answer": a})),
                    new: Some(json!({"answer": answer})),
                },
            )
        })?;
        Ok(AnsweredNote { answer: Some(answer.to_string()), answered_at: Some(now), ..note })
    }
}
