//! Pemdi 2026 as regencies are evaluated on it: the evidence items (*butir data dukung*) of each
//! level, checked off and backed by evidence, with what the national portal's evaluators
//! returned for each (diterima, or revisi with a reason); other agencies' published indices;
//! the dates of the year's stages; and the one place where an indicator's value is decided.
//!
//! An indicator's value ([`Workspace::indicator_values`]), first that applies:
//! 1. the value an assessor gave (`assessment.value`);
//! 2. for an indicator fed by another agency's index: that index, converted by its bands;
//! 3. the whole level the office chose;
//! 4. the estimate from the completed butir (`indicator_value::estimate_from_butir`), marked so;
//! 5. none: unassessed, except an index-fed indicator, which counts as 1 as the evaluators count
//!    it (`scoring::score_values` lists it in `external_assumed`).
//!
//! A framework of whole levels (SPBE 2020) takes the level only.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use livinglab_core::framework::{Framework, Text, ValueKind};
use livinglab_core::indicator_value::{self, Estimate, ValueBasis};
use livinglab_core::scoring::{self, Score, Values};
use livinglab_core::{format, Error, ErrorCode, Result};
use rusqlite::Transaction;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::assessment::Period;
use crate::audit::{self, Change};
use crate::clock;
use crate::db::{sql_err, stored};
use crate::workspace::Workspace;

/// What the evaluators returned for a butir on the national portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButirReview {
    Diterima,
    Revisi,
}

impl ButirReview {
    pub fn as_str(self) -> &'static str {
        match self {
            ButirReview::Diterima => "diterima",
            ButirReview::Revisi => "revisi",
        }
    }

    pub fn parse(s: &str) -> Option<ButirReview> {
        [ButirReview::Diterima, ButirReview::Revisi].into_iter().find(|r| r.as_str() == s.trim())
    }
}

/// One butir of a period as the office has it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ButirState {
    pub butir_id: String,
    pub indicator: String,
    pub level: u8,
    /// The butir's text, in Indonesian and English.
    pub text: Text,
    pub complete: bool,
    pub review: Option<ButirReview>,
    pub review_reason: String,
    /// Evidence ids (of the same indicator and period) that back it.
    pub evidence: Vec<String>,
    pub updated_at: Option<String>,
}

/// The fields of a butir to change; `None` leaves one as it is. A review of `Some(None)` clears it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ButirPatch {
    pub complete: Option<bool>,
    #[serde(default, deserialize_with = "double_option_review")]
    pub review: Option<Option<ButirReview>>,
    /// Why the evaluators asked for a revision; required with `revisi`.
    pub reason: Option<String>,
}

fn double_option_review<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Option<ButirReview>>, D::Error> {
    Option::<ButirReview>::deserialize(d).map(Some)
}

/// The longest reason kept for a revision.
pub const MAX_REASON: usize = 2_000;

/// An agency's published index for a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExternalIndexValue {
    pub index_id: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Where the figure was published (a title or a URL).
    pub source: String,
    pub updated_at: String,
}

/// The stages of the year's evaluation, in their order.
pub const STAGES: [&str; 4] = ["penilaian_mandiri", "dokumen", "interviu", "visitasi"];

/// The dates of one stage (YYYY-MM-DD); either may be unset.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stage {
    pub stage: String,
    pub starts: Option<String>,
    pub ends: Option<String>,
}

/// The value an indicator counts with, and where it came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorValue {
    pub indicator: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// None while unassessed; `assumed_one` for an index-fed indicator without its index.
    pub basis: Option<ValueBasis>,
    /// The butir estimate (for a framework of decimal values with butir), shown as a suggestion
    /// even where another value counts.
    pub estimate: Option<Estimate>,
    /// The index that feeds the indicator, and its published value when entered.
    pub external_index: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub external_value: Option<Decimal>,
}

/// Refuses an assessor's value where the framework counts whole levels, or outside [1, 5].
pub(crate) fn check_assessor_value(fw: &Framework, indicator: &str, value: Decimal) -> Result<()> {
    if fw.values != ValueKind::Decimal {
        return Err(Error::new(ErrorCode::ValueInvalid).with("value", value.normalize()).with("indicator", indicator));
    }
    scoring::check_values(fw, &Values::from([(indicator.to_string(), value)]))
}

fn butir_unknown(id: &str) -> Error {
    Error::new(ErrorCode::ButirUnknown).with("butir", id.trim())
}

/// The indicator and level of a butir id of the framework.
fn locate(fw: &Framework, butir_id: &str) -> Result<(String, u8, Text)> {
    for ind in &fw.indicators {
        for level in 1..=livinglab_core::levels::MAX_LEVEL {
            if let Some(b) = ind.butir(level).iter().find(|b| b.id == butir_id.trim()) {
                return Ok((ind.id.clone(), level, b.text.clone()));
            }
        }
    }
    Err(butir_unknown(butir_id))
}

struct Row {
    complete: bool,
    review: Option<ButirReview>,
    review_reason: String,
    updated_at: String,
}

fn rows(conn: &rusqlite::Connection, period: &Period) -> Result<BTreeMap<String, Row>> {
    let mut stmt = conn
        .prepare_cached("SELECT butir_id, complete, review, review_reason, updated_at FROM butir WHERE period_id = ?1")
        .map_err(sql_err)?;
    let found = stmt
        .query_map([&period.id], |r| {
            let review: Option<String> = r.get(2)?;
            let review = review
                .map(|s| stored(2, s, |s| ButirReview::parse(s).ok_or_else(|| Error::corrupt_value("butir review", s))))
                .transpose()?;
            Ok((
                r.get::<_, String>(0)?,
                Row { complete: r.get(1)?, review, review_reason: r.get(3)?, updated_at: r.get(4)? },
            ))
        })
        .map_err(sql_err)?;
    found.collect::<rusqlite::Result<BTreeMap<_, _>>>().map_err(sql_err)
}

fn links(conn: &rusqlite::Connection, period: &Period) -> Result<BTreeMap<String, Vec<String>>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT butir_id, evidence_id FROM butir_evidence WHERE period_id = ?1 ORDER BY butir_id, evidence_id",
        )
        .map_err(sql_err)?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in stmt.query_map([&period.id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?))).map_err(sql_err)? {
        let (butir, evidence) = pair.map_err(sql_err)?;
        out.entry(butir).or_default().push(evidence);
    }
    Ok(out)
}

fn ensure_row(tx: &Transaction<'_>, period: &Period, butir_id: &str, indicator: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO butir (period_id, butir_id, indicator, updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        (&period.id, butir_id, indicator, clock::now()),
    )
    .map_err(sql_err)?;
    Ok(())
}

fn decimal_of(col: usize, s: String, what: &'static str) -> rusqlite::Result<Decimal> {
    stored(col, s, |s| Decimal::from_str(s).map_err(|_| Error::corrupt_value(what, s)))
}

impl Workspace {
    /// Every butir of a period's framework (of one indicator, when given), in framework order,
    /// with what the office recorded for it.
    pub fn butir(&self, year: i32, indicator: Option<&str>) -> Result<Vec<ButirState>> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let only = indicator.map(|i| fw.require_indicator(i).map(|i| i.id.clone())).transpose()?;
        let (rows, links) = (rows(self.conn(), &period)?, links(self.conn(), &period)?);
        let mut out = Vec::new();
        for ind in fw.indicators.iter().filter(|i| only.as_ref().is_none_or(|o| o == &i.id)) {
            for level in 1..=livinglab_core::levels::MAX_LEVEL {
                for b in ind.butir(level) {
                    let row = rows.get(&b.id);
                    out.push(ButirState {
                        butir_id: b.id.clone(),
                        indicator: ind.id.clone(),
                        level,
                        text: b.text.clone(),
                        complete: row.is_some_and(|r| r.complete),
                        review: row.and_then(|r| r.review),
                        review_reason: row.map(|r| r.review_reason.clone()).unwrap_or_default(),
                        evidence: links.get(&b.id).cloned().unwrap_or_default(),
                        updated_at: row.map(|r| r.updated_at.clone()),
                    });
                }
            }
        }
        Ok(out)
    }

    fn butir_state(&self, year: i32, butir_id: &str) -> Result<ButirState> {
        let (indicator, _, _) = locate(&*self.period_framework(&self.period(year)?)?, butir_id)?;
        self.butir(year, Some(&indicator))?
            .into_iter()
            .find(|b| b.butir_id == butir_id.trim())
            .ok_or_else(|| butir_unknown(butir_id))
    }

    /// Refuses a change to what backs an answer that is verified (reopen it first).
    fn require_butir_editable(&self, year: i32, indicator: &str) -> Result<()> {
        match self.assessment(year, indicator)? {
            Some(a) if a.status.is_locked() => {
                Err(Error::new(ErrorCode::AssessmentLocked).with("indicator", indicator))
            }
            _ => Ok(()),
        }
    }

    /// Marks a butir complete or not, and records the evaluators' review of it. Completion is
    /// part of the answer (refused while it is verified); the review is what came back and can
    /// always be recorded. A revision needs its reason.
    pub fn set_butir(&mut self, year: i32, butir_id: &str, patch: ButirPatch) -> Result<ButirState> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let (indicator, _, _) = locate(&fw, butir_id)?;
        let butir_id = butir_id.trim().to_string();
        if patch.complete.is_some() {
            self.require_butir_editable(year, &indicator)?;
        }
        let old = self.butir_state(year, &butir_id)?;
        let mut new = old.clone();
        if let Some(c) = patch.complete {
            new.complete = c;
        }
        if let Some(review) = patch.review {
            new.review = review;
            new.review_reason = match review {
                Some(ButirReview::Revisi) => patch.reason.as_deref().unwrap_or(&old.review_reason).trim().to_string(),
                _ => String::new(),
            };
        } else if let Some(reason) = &patch.reason {
            if new.review == Some(ButirReview::Revisi) {
                new.review_reason = reason.trim().to_string();
            }
        }
        if new.review == Some(ButirReview::Revisi) && new.review_reason.is_empty() {
            return Err(Error::new(ErrorCode::ButirReasonRequired).with("butir", &butir_id));
        }
        if new.review_reason.chars().count() > MAX_REASON {
            return Err(Error::new(ErrorCode::TextTooLong).with("field", "reason").with("max", MAX_REASON));
        }
        let state = |b: &ButirState| json!({"complete": b.complete, "review": b.review, "reason": b.review_reason});
        if state(&old) == state(&new) {
            return Ok(old);
        }
        self.write(|tx, actor| {
            ensure_row(tx, &period, &butir_id, &indicator)?;
            tx.execute(
                "UPDATE butir SET complete = ?1, review = ?2, review_reason = ?3, updated_at = ?4 WHERE period_id = ?5 AND butir_id = ?6",
                rusqlite::params![new.complete, new.review.map(|r| r.as_str()), new.review_reason, clock::now(), period.id, butir_id],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "butir",
                    entity_id: &butir_id,
                    action: "update",
                    old: Some(json!({"period": year, "indicator": indicator, "state": state(&old)})),
                    new: Some(json!({"period": year, "indicator": indicator, "state": state(&new)})),
                },
            )
        })?;
        self.butir_state(year, &butir_id)
    }

    /// Links evidence of the butir's own indicator to it (`linked`), or unlinks it.
    pub fn link_butir_evidence(
        &mut self,
        year: i32,
        butir_id: &str,
        evidence_id: &str,
        linked: bool,
    ) -> Result<ButirState> {
        let period = self.period(year)?;
        let (indicator, _, _) = locate(&*self.period_framework(&period)?, butir_id)?;
        let butir_id = butir_id.trim().to_string();
        self.require_butir_editable(year, &indicator)?;
        let evidence = self
            .evidence(year, Some(&indicator))?
            .into_iter()
            .find(|e| e.id == evidence_id.trim())
            .ok_or_else(|| Error::new(ErrorCode::EvidenceUnknown).with("id", evidence_id.trim()))?;
        let old = self.butir_state(year, &butir_id)?;
        if old.evidence.contains(&evidence.id) == linked {
            return Ok(old);
        }
        self.write(|tx, actor| {
            ensure_row(tx, &period, &butir_id, &indicator)?;
            let sql = if linked {
                "INSERT INTO butir_evidence (period_id, butir_id, evidence_id) VALUES (?1, ?2, ?3)"
            } else {
                "DELETE FROM butir_evidence WHERE period_id = ?1 AND butir_id = ?2 AND evidence_id = ?3"
            };
            tx.execute(sql, (&period.id, &butir_id, &evidence.id)).map_err(sql_err)?;
            let change = json!({"period": year, "indicator": indicator, "evidence": evidence.display_name});
            audit::append(
                tx,
                actor,
                Change {
                    entity: "butir",
                    entity_id: &butir_id,
                    action: if linked { "link_evidence" } else { "unlink_evidence" },
                    old: None,
                    new: Some(change),
                },
            )
        })?;
        self.butir_state(year, &butir_id)
    }

    /// The other agencies' indices entered for a period.
    pub fn external_indices(&self, year: i32) -> Result<Vec<ExternalIndexValue>> {
        let period = self.period(year)?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT index_id, value, source, updated_at FROM external_index_value WHERE period_id = ?1 ORDER BY index_id")
            .map_err(sql_err)?;
        let found = stmt
            .query_map([&period.id], |r| {
                Ok(ExternalIndexValue {
                    index_id: r.get(0)?,
                    value: decimal_of(1, r.get(1)?, "external index value")?,
                    source: r.get(2)?,
                    updated_at: r.get(3)?,
                })
            })
            .map_err(sql_err)?;
        found.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    /// Enters (or with `None` removes) an agency's published index for a period; the value must
    /// lie on the index's scale.
    pub fn set_external_index(
        &mut self,
        year: i32,
        index_id: &str,
        value: Option<Decimal>,
        source: &str,
    ) -> Result<()> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let index = fw
            .external_index(index_id.trim())
            .ok_or_else(|| Error::new(ErrorCode::ExternalIndexUnknown).with("index", index_id.trim()))?
            .id
            .clone();
        if let Some(v) = value {
            indicator_value::convert_external(&fw, &index, v)?;
        }
        let source = source.trim().to_string();
        if source.chars().count() > MAX_REASON {
            return Err(Error::new(ErrorCode::TextTooLong).with("field", "source").with("max", MAX_REASON));
        }
        let old = self.external_indices(year)?.into_iter().find(|x| x.index_id == index);
        self.write(|tx, actor| {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO external_index_value (period_id, index_id, value, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (period_id, index_id) DO UPDATE SET value = excluded.value, source = excluded.source, updated_at = excluded.updated_at",
                    (&period.id, &index, v.normalize().to_string(), &source, clock::now()),
                ),
                None => tx.execute("DELETE FROM external_index_value WHERE period_id = ?1 AND index_id = ?2", (&period.id, &index)),
            }
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "external_index",
                    entity_id: &index,
                    action: if value.is_some() { "set" } else { "clear" },
                    old: old.as_ref().map(|o| json!({"period": year, "value": o.value.to_string(), "source": o.source})),
                    new: value.map(|v| json!({"period": year, "value": v.normalize().to_string(), "source": source})),
                },
            )
        })
    }

    /// The dates of the evaluation's stages in a period, every stage in its order.
    pub fn stages(&self, year: i32) -> Result<Vec<Stage>> {
        let period = self.period(year)?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT stage, starts, ends FROM period_stage WHERE period_id = ?1")
            .map_err(sql_err)?;
        let set: BTreeMap<String, (Option<String>, Option<String>)> = stmt
            .query_map([&period.id], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))
            .map_err(sql_err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql_err)?;
        Ok(STAGES
            .iter()
            .map(|s| {
                let (starts, ends) = set.get(*s).cloned().unwrap_or_default();
                Stage { stage: s.to_string(), starts, ends }
            })
            .collect())
    }

    /// Sets the dates of one stage (YYYY-MM-DD, either may be empty); the end is not before the start.
    pub fn set_stage(&mut self, year: i32, stage: &str, starts: Option<&str>, ends: Option<&str>) -> Result<Stage> {
        let period = self.period(year)?;
        let stage = STAGES
            .iter()
            .find(|s| **s == stage.trim())
            .ok_or_else(|| Error::new(ErrorCode::StageUnknown).with("stage", stage.trim()))?
            .to_string();
        let date = |d: Option<&str>| -> Result<Option<String>> {
            d.map(str::trim).filter(|d| !d.is_empty()).map(|d| format::parse_date(d).map(format::date_iso)).transpose()
        };
        let (starts, ends) = (date(starts)?, date(ends)?);
        if let (Some(s), Some(e)) = (&starts, &ends) {
            if e < s {
                return Err(Error::new(ErrorCode::StageDatesInvalid).with("stage", stage.replace('_', " ")));
            }
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO period_stage (period_id, stage, starts, ends) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (period_id, stage) DO UPDATE SET starts = excluded.starts, ends = excluded.ends",
                (&period.id, &stage, &starts, &ends),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "period_stage",
                    entity_id: &stage,
                    action: "set",
                    old: None,
                    new: Some(json!({"period": year, "starts": starts, "ends": ends})),
                },
            )
        })?;
        Ok(Stage { stage, starts, ends })
    }

    /// The value each indicator of a period counts with (see the module documentation).
    pub fn indicator_values(&self, year: i32) -> Result<Vec<IndicatorValue>> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let answers: BTreeMap<String, _> =
            self.assessments(year)?.into_iter().map(|a| (a.indicator.clone(), a)).collect();
        let decimal = fw.values == ValueKind::Decimal;
        let (completed, indices) = if decimal {
            let done: BTreeSet<String> =
                rows(self.conn(), &period)?.into_iter().filter(|(_, r)| r.complete).map(|(id, _)| id).collect();
            let indices: BTreeMap<String, Decimal> =
                self.external_indices(year)?.into_iter().map(|x| (x.index_id, x.value)).collect();
            (done, indices)
        } else {
            Default::default()
        };
        let mut out = Vec::with_capacity(fw.indicators.len());
        for ind in &fw.indicators {
            let answer = answers.get(&ind.id);
            let external =
                ind.external.as_ref().filter(|_| decimal && ind.valued_externally()).map(|l| l.index.clone());
            let external_value = external.as_ref().and_then(|x| indices.get(x)).copied();
            let prefix = format!("I{}.", ind.number);
            let mine: BTreeSet<String> = completed.iter().filter(|b| b.starts_with(&prefix)).cloned().collect();
            let estimate = if decimal && external.is_none() && (1..=5).any(|l| !ind.butir(l).is_empty()) {
                Some(indicator_value::estimate_from_butir(&fw, &ind.id, &mine)?)
            } else {
                None
            };
            let given = answer.and_then(|a| a.value).filter(|_| decimal);
            let level = answer.and_then(|a| a.level).map(Decimal::from);
            let (value, basis) = if let Some(v) = given {
                (Some(v), Some(ValueBasis::Assessor))
            } else if let Some(x) = external_value {
                let converted = indicator_value::external_value(&fw, &ind.id, x)?;
                (Some(converted), Some(ValueBasis::ExternalIndex))
            } else if let Some(l) = level {
                (Some(l), Some(ValueBasis::Assessor))
            } else if external.is_some() {
                (None, Some(ValueBasis::AssumedOne))
            } else if let Some(e) = estimate.as_ref().filter(|_| !mine.is_empty()) {
                (Some(e.value), Some(ValueBasis::ButirEstimate))
            } else {
                (None, None)
            };
            out.push(IndicatorValue {
                indicator: ind.id.clone(),
                value,
                basis,
                estimate,
                external_index: external,
                external_value,
            });
        }
        Ok(out)
    }

    /// The values a period's score counts, by indicator.
    pub fn values(&self, year: i32) -> Result<Values> {
        Ok(self.indicator_values(year)?.into_iter().filter_map(|v| v.value.map(|x| (v.indicator, x))).collect())
    }

    /// The period's score from [`Workspace::values`]: levels for SPBE; for Pemdi the assessor's
    /// values, the indices, the levels and the butir estimates.
    pub fn score(&self, year: i32) -> Result<Score> {
        let period = self.period(year)?;
        scoring::score_values(&*self.period_framework(&period)?, &self.values(year)?)
    }
}
