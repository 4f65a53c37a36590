//! Reviews: a coordinator's word on a received package, signed by the hub's key so that the
//! region can take it back (by file or over the network) and know it is Sumedang's.
//!
//! Only the newest package of a region and period is reviewed. Every review is kept (never
//! changed); the newest is the package's state. *Diterima* locks the period: a later package
//! of that region and period is refused until a coordinator unlocks it, with a reason. Every
//! step is in the hub's audit trail.

use base64::Engine;
use livinglab_core::package_review::{validate, IndicatorNote, ReviewState};
use livinglab_core::{canonical_json, Error, ErrorCode, Result};
use livinglab_sign::Signer;
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::hub::{Hub, HEAD};
use crate::receipt::{check_header, verify_signed_text};

pub const REVIEW_FORMAT: &str = "livinglab-review";
pub const REVIEW_VERSION: u32 = 1;

/// A review as signed and given to the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub format: String,
    pub format_version: u32,
    pub review_id: String,
    pub hub_id: String,
    pub hub_name: String,
    pub hub_key_id: String,
    pub package_id: String,
    pub manifest_sha256: String,
    pub region: String,
    pub period: i32,
    pub seq: i64,
    pub state: ReviewState,
    pub note: String,
    pub notes: Vec<IndicatorNote>,
    pub reviewed_at: String,
    pub reviewed_by: String,
}

/// A review as it travels (a `.llreview` file, or the receiver's answer): the exact signed
/// bytes as text and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedReview {
    pub review: String,
    /// DER ECDSA P-256 over `review`, base64.
    pub signature: String,
}

impl SignedReview {
    /// Checks the review under the hub key (SPKI DER) and returns what it says.
    pub fn verify(&self, hub_public_key: &[u8]) -> Result<Review> {
        let review: Review =
            verify_signed_text(hub_public_key, &self.review, &self.signature, ErrorCode::ReviewFileInvalid)?;
        let known = review.format == REVIEW_FORMAT && review.format_version == REVIEW_VERSION;
        check_header(known, &review.hub_key_id, hub_public_key, ErrorCode::ReviewFileInvalid)?;
        Ok(review)
    }
}

impl SignedReview {
    /// The text of the `.llreview` file the region takes in (`review import`).
    pub fn file_text(&self) -> String {
        serde_json::to_string_pretty(self).expect("a review serializes")
    }
}

/// One review as `hub reviews` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewRow {
    pub review_id: String,
    pub package_id: String,
    pub state: ReviewState,
    pub reviewed_at: String,
    pub reviewed_by: String,
    pub review: Review,
}

/// A package's answers to the review that returned the package before it (the package's
/// `review_response`): each note as the region read it and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewResponse {
    pub review_id: String,
    /// The package the review returned, and its seq.
    pub package_id: String,
    pub seq: i64,
    pub answers: Vec<NoteAnswer>,
    /// Whether this hub issued that review (its id is in the hub's reviews).
    #[serde(default)]
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteAnswer {
    /// Empty for the review's general note.
    pub indicator: String,
    pub note: String,
    pub answer: Option<String>,
}

impl Hub {
    /// What a package answers to the review of the package before it; None when it answers none.
    pub fn review_response(&self, package_id: &str) -> Result<Option<ReviewResponse>> {
        let Some(data) = self.package_data(package_id)? else {
            return Err(Error::new(ErrorCode::PackageUnknown).with("id", package_id));
        };
        let Ok(mut response) = serde_json::from_value::<ReviewResponse>(data["review_response"].clone()) else {
            return Ok(None);
        };
        response.known = self
            .conn
            .query_row("SELECT count(*) FROM review WHERE review_id = ?1", [&response.review_id], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(sql_err)?
            > 0;
        Ok(Some(response))
    }

    /// Reviews the newest package of its region and period, signed by `signer`.
    pub fn review(
        &mut self,
        package_id: &str,
        state: ReviewState,
        note: &str,
        notes: &[IndicatorNote],
        signer: &Signer,
    ) -> Result<ReviewRow> {
        let (note, notes) = validate(state, note, notes)?;
        let (manifest_sha256, region, period, seq): (String, String, i32, i64) = self
            .conn
            .query_row(
                "SELECT manifest_sha256, region_code, period, seq FROM package WHERE package_id = ?1",
                [package_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", package_id))?;
        let head: String = self
            .conn
            .query_row(
                "SELECT package_id FROM package WHERE region_code = ?1 AND period = ?2 ORDER BY seq DESC LIMIT 1",
                (&region, period),
                |r| r.get(0),
            )
            .map_err(sql_err)?;
        if head != package_id {
            return Err(Error::new(ErrorCode::ReviewNotHead).with("head", head));
        }
        // A note names an indicator of the package's own framework.
        if !notes.is_empty() {
            let fw = self.framework_of_package(package_id)?;
            for n in &notes {
                fw.require_indicator(&n.indicator)?;
            }
        }
        let info = self.info().clone();
        let review = Review {
            format: REVIEW_FORMAT.into(),
            format_version: REVIEW_VERSION,
            review_id: clock::new_id(),
            hub_id: info.id,
            hub_name: info.name,
            hub_key_id: signer.identity().key_id.clone(),
            package_id: package_id.into(),
            manifest_sha256,
            region: region.clone(),
            period,
            seq,
            state,
            note,
            notes,
            reviewed_at: clock::now(),
            reviewed_by: crate::hub::actor(),
        };
        let bytes = canonical_json(&review)?;
        let signature = signer.sign(&bytes);
        let text = String::from_utf8(bytes).expect("canonical JSON is UTF-8");
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO review (review_id, package_id, state, reviewed_at, reviewed_by, document, signature, key_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    review.review_id,
                    package_id,
                    state.as_str(),
                    review.reviewed_at,
                    actor,
                    text,
                    signature,
                    review.hub_key_id
                ],
            )
            .map_err(sql_err)?;
            tx.execute("UPDATE package SET review = ?2 WHERE package_id = ?1", (package_id, state.as_str()))
                .map_err(sql_err)?;
            if state == ReviewState::Diterima {
                tx.execute(
                    "INSERT INTO period_lock (region_code, period, package_id, locked_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(region_code, period) DO UPDATE SET package_id = excluded.package_id,
                         locked_at = excluded.locked_at",
                    (&region, period, package_id, &review.reviewed_at),
                )
                .map_err(sql_err)?;
            }
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "review",
                    entity_id: package_id,
                    action: state.as_str(),
                    old: None,
                    new: Some(json!({"review_id": review.review_id, "note": review.note, "notes": review.notes})),
                },
            )
        })?;
        Ok(ReviewRow {
            review_id: review.review_id.clone(),
            package_id: package_id.into(),
            state,
            reviewed_at: review.reviewed_at.clone(),
            reviewed_by: review.reviewed_by.clone(),
            review,
        })
    }

    /// The newest review of a package, as signed.
    pub fn latest_review(&self, package_id: &str) -> Result<Option<SignedReview>> {
        self.conn
            .query_row(
                "SELECT document, signature FROM review WHERE package_id = ?1 ORDER BY reviewed_at DESC, rowid DESC LIMIT 1",
                [package_id],
                |r| {
                    Ok(SignedReview {
                        review: r.get(0)?,
                        signature: base64::engine::general_purpose::STANDARD.encode(r.get::<_, Vec<u8>>(1)?),
                    })
                },
            )
            .optional()
            .map_err(sql_err)
    }

    /// The newest review of a package as the signed file for the region (`hub review export`);
    /// `package.unknown` when the package has no review.
    pub fn review_file(&self, package_id: &str) -> Result<String> {
        let signed = self
            .latest_review(package_id)?
            .ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", package_id))?;
        Ok(signed.file_text())
    }

    /// Every review of a package (or of all packages), oldest first.
    pub fn reviews(&self, package_id: Option<&str>) -> Result<Vec<ReviewRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT review_id, package_id, state, reviewed_at, reviewed_by, document FROM review
                 WHERE ?1 IS NULL OR package_id = ?1 ORDER BY reviewed_at, rowid",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([package_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
            })
            .map_err(sql_err)?;
        let mut out = Vec::new();
        for row in rows {
            let (review_id, package_id, state, reviewed_at, reviewed_by, document) = row.map_err(sql_err)?;
            let review: Review = serde_json::from_str(&document).map_err(|e| {
                Error::new(ErrorCode::WorkspaceCorrupt).with("detail", format!("review {review_id}: {e}"))
            })?;
            out.push(ReviewRow {
                review_id,
                package_id,
                state: ReviewState::from_stored(&state)?,
                reviewed_at,
                reviewed_by,
                review,
            });
        }
        Ok(out)
    }

    /// Whether an accepted package locks the region's period (its package id).
    pub fn period_lock(&self, region: &str, period: i32) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT package_id FROM period_lock WHERE region_code = ?1 AND period = ?2",
                (region, period),
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err)
    }

    /// Unlocks an accepted period so that the region can send a corrected package.
    pub fn unlock_period(&mut self, region: &str, period: i32, reason: &str) -> Result<()> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::new(ErrorCode::UnlockReasonRequired));
        }
        let Some(package_id) = self.period_lock(region, period)? else {
            return Err(Error::new(ErrorCode::PeriodNotLocked).with("region", region).with("period", period));
        };
        self.write(|tx, actor| {
            tx.execute("DELETE FROM period_lock WHERE region_code = ?1 AND period = ?2", (region, period))
                .map_err(sql_err)?;
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "period_lock",
                    entity_id: &format!("{region}/{period}"),
                    action: "unlock",
                    old: Some(json!({"package_id": package_id})),
                    new: Some(json!({"reason": reason})),
                },
            )
        })
    }
}
