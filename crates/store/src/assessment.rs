//! Assessment periods and the answer for each indicator: level, target, penjelasan (Fakta and
//! Analisis), the responsible office and person, and the review status.
//!
//! The review (draft → diajukan → terverifikasi, reopening with a reason) is decided by
//! `livinglab_core::review`; editing a verified answer is refused.

use std::collections::BTreeMap;
use std::str::FromStr;

use livinglab_core::framework::Framework;
use livinglab_core::levels::{self, check_level};
use livinglab_core::review;
pub use livinglab_core::review::Status;
use livinglab_core::scoring::Levels;
use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{OptionalExtension, Row, Transaction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, Change};
use crate::clock;
use crate::db::{sql_err, stored};
use crate::workspace::Workspace;

pub const MAX_PENJELASAN: usize = 10_000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Period {
    pub id: String,
    pub year: i32,
    pub framework_id: String,
    pub framework_version: String,
    /// The index the region aims at for this period, exact.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub target_index: Option<Decimal>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Assessment {
    pub id: String,
    pub indicator: String,
    pub level: Option<u8>,
    pub target: Option<u8>,
    pub fakta: String,
    pub analisis: String,
    pub owner_office: String,
    pub owner_person: String,
    pub status: Status,
    pub verified_by: Option<String>,
    pub verified_at: Option<String>,
    /// Who submitted the answer for verification (None while a draft, or when submitted before
    /// this was recorded).
    pub submitted_by: Option<String>,
    /// The one who verified it also submitted it (`review::verifier`).
    pub self_verified: bool,
    /// The value an assessor gave, exact, for a framework of decimal values (Pemdi 2026); it
    /// takes precedence over the level and the butir (see `Workspace::indicator_values`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    pub created_at: String,
    pub updated_at: String,
}

/// The fields to change; `None` leaves a field as it is. A level or target of `Some(None)` clears it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssessmentPatch {
    #[serde(default, deserialize_with = "double_option")]
    pub level: Option<Option<u8>>,
    #[serde(default, deserialize_with = "double_option")]
    pub target: Option<Option<u8>>,
    pub fakta: Option<String>,
    pub analisis: Option<String>,
    pub owner_office: Option<String>,
    pub owner_person: Option<String>,
    /// The value an assessor gave ("2.5" or "2,5"); `Some(None)` clears it.
    #[serde(default, deserialize_with = "double_option_decimal")]
    pub value: Option<Option<Decimal>>,
}

fn double_option<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Option<u8>>, D::Error> {
    Option::<u8>::deserialize(d).map(Some)
}

fn double_option_decimal<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Option<Decimal>>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(Some(None)),
        Some(t) => livinglab_core::format::parse_decimal(t)
            .map(|v| Some(Some(v)))
            .map_err(|_| serde::de::Error::custom(format!("not a decimal number: {t}"))),
    }
}

fn check_text(field: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_PENJELASAN {
        return Err(Error::new(ErrorCode::TextTooLong).with("field", field).with("max", MAX_PENJELASAN));
    }
    Ok(())
}

const ASSESSMENT_COLUMNS: &str = "id, indicator, level, target, fakta, analisis, owner_office, owner_person, status, verified_by, verified_at, created_at, updated_at, submitted_by, self_verified, value";

fn assessment_from_row(r: &Row<'_>) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        id: r.get(0)?,
        indicator: r.get(1)?,
        level: r.get(2)?,
        target: r.get(3)?,
        fakta: r.get(4)?,
        analisis: r.get(5)?,
        owner_office: r.get(6)?,
        owner_person: r.get(7)?,
        status: stored(8, r.get(8)?, Status::from_stored)?,
        verified_by: r.get(9)?,
        verified_at: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        submitted_by: r.get(13)?,
        self_verified: r.get(14)?,
        value: r
            .get::<_, Option<String>>(15)?
            .map(|s| stored(15, s, |s| Decimal::from_str(s).map_err(|_| Error::corrupt_value("assessor value", s))))
            .transpose()?,
    })
}

fn period_from_row(r: &Row<'_>) -> rusqlite::Result<Period> {
    Ok(Period {
        id: r.get(0)?,
        year: r.get(1)?,
        framework_id: r.get(2)?,
        framework_version: r.get(3)?,
        target_index: r
            .get::<_, Option<String>>(4)?
            .map(|s| stored(4, s, |s| Decimal::from_str(s).map_err(|_| Error::corrupt_value("target index", s))))
            .transpose()?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

const PERIOD_COLUMNS: &str = "id, year, framework_id, framework_version, target_index, created_at, updated_at";

/// The assessment row of an indicator in a period, created (empty, draft) when missing.
pub(crate) fn ensure_assessment(tx: &Transaction<'_>, period: &Period, indicator: &str) -> Result<Assessment> {
    let existing = tx
        .query_row(
            &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessment WHERE period_id = ?1 AND indicator = ?2"),
            (&period.id, indicator),
            assessment_from_row,
        )
        .optional()
        .map_err(sql_err)?;
    if let Some(a) = existing {
        return Ok(a);
    }
    let (id, now) = (clock::new_id(), clock::now());
    tx.execute(
        "INSERT INTO assessment (id, period_id, indicator, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        (&id, &period.id, indicator, &now),
    )
    .map_err(sql_err)?;
    Ok(Assessment {
        id,
        indicator: indicator.to_string(),
        level: None,
        target: None,
        fakta: String::new(),
        analisis: String::new(),
        owner_office: String::new(),
        owner_person: String::new(),
        status: Status::Draft,
        verified_by: None,
        verified_at: None,
        submitted_by: None,
        self_verified: false,
        value: None,
        created_at: now.clone(),
        updated_at: now,
    })
}

fn answer_json(a: &Assessment) -> serde_json::Value {
    json!({
        "level": a.level, "target": a.target, "fakta": a.fakta, "analisis": a.analisis,
        "owner_office": a.owner_office, "owner_person": a.owner_person, "status": a.status,
        "value": a.value.map(|v| v.normalize().to_string()),
    })
}

/// Applies a patch inside a transaction, recording the changed fields.
fn apply_patch(
    tx: &Transaction<'_>,
    actor: &str,
    period: &Period,
    indicator: &str,
    patch: &AssessmentPatch,
) -> Result<Assessment> {
    let old = ensure_assessment(tx, period, indicator)?;
    if old.status.is_locked() {
        return Err(Error::new(ErrorCode::AssessmentLocked).with("indicator", indicator));
    }
    let mut new = old.clone();
    if let Some(level) = patch.level {
        new.level = level;
    }
    if let Some(target) = patch.target {
        new.target = target;
    }
    if let Some(value) = patch.value {
        new.value = value.map(|v| v.normalize());
    }
    for (value, field) in [
        (&patch.fakta, &mut new.fakta),
        (&patch.analisis, &mut new.analisis),
        (&patch.owner_office, &mut new.owner_office),
        (&patch.owner_person, &mut new.owner_person),
    ] {
        if let Some(v) = value {
            *field = v.trim().to_string();
        }
    }
    if answer_json(&old) == answer_json(&new) {
        return Ok(old);
    }
    new.updated_at = clock::now();
    tx.execute(
        "UPDATE assessment SET level = ?1, target = ?2, fakta = ?3, analisis = ?4, owner_office = ?5, owner_person = ?6, updated_at = ?7, value = ?9 WHERE id = ?8",
        rusqlite::params![
            new.level,
            new.target,
            new.fakta,
            new.analisis,
            new.owner_office,
            new.owner_person,
            new.updated_at,
            new.id,
            new.value.map(|v| v.to_string())
        ],
    )
    .map_err(sql_err)?;
    let (o, n) = crate::workspace::diff(&answer_json(&old), &answer_json(&new));
    audit::append(
        tx,
        actor,
        Change {
            entity: "assessment",
            entity_id: &new.id,
            action: "update",
            old: Some(json!({"period": period.year, "indicator": indicator, "changes": o})),
            new: Some(json!({"period": period.year, "indicator": indicator, "changes": n})),
        },
    )?;
    Ok(new)
}

fn validate_patch(fw: &Framework, indicator: &str, patch: &AssessmentPatch) -> Result<()> {
    fw.require_indicator(indicator)?;
    for value in [patch.level, patch.target].into_iter().flatten().flatten() {
        check_level(value, indicator)?;
    }
    if let Some(Some(value)) = patch.value {
        crate::butir::check_assessor_value(fw, indicator, value)?;
    }
    for (field, value) in [
        ("fakta", &patch.fakta),
        ("analisis", &patch.analisis),
        ("owner_office", &patch.owner_office),
        ("owner_person", &patch.owner_person),
    ] {
        if let Some(v) = value {
            check_text(field, v)?;
        }
    }
    Ok(())
}

/// The review moves an answer allows now; an indicator not answered yet is a draft.
pub fn allowed_transitions(answer: Option<&Assessment>) -> Vec<review::Transition> {
    review::transitions_from(answer.map_or(Status::Draft, |a| a.status))
}

/// One row of an assessment import: `indicator,level[,target,fakta,analisis,owner]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// The row's line in the file (the first line is 1, a header included).
    pub line: usize,
    pub indicator: String,
    pub patch: AssessmentPatch,
}

impl PartialEq for AssessmentPatch {
    fn eq(&self, other: &Self) -> bool {
        (self.level, self.target, &self.fakta, &self.analisis, &self.owner_office, &self.owner_person)
            == (other.level, other.target, &other.fakta, &other.analisis, &other.owner_office, &other.owner_person)
    }
}

fn row_error(row: usize, id: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::ImportRowInvalid).with("row", row).with_detail(id, en)
}

/// Parses an import CSV (comma or semicolon separated, optional header row). Every row is
/// checked against the framework; the first bad row is reported by its line number.
pub fn parse_import_csv(fw: &Framework, text: &str) -> Result<Vec<ImportRow>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in reader.records() {
        // The line in the file, counted from the record's byte offset: the reader's own line
        // count and offset include the empty lines it skips before a record.
        let line_at = |p: Option<&csv::Position>| {
            let bytes = text.as_bytes();
            let mut offset = p.map_or(0, |p| p.byte() as usize).min(bytes.len());
            while offset < bytes.len() && (bytes[offset] == b'\n' || bytes[offset] == b'\r') {
                offset += 1;
            }
            bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
        };
        let record = record.map_err(|e| row_error(line_at(e.position()), format!("CSV tidak terbaca: {e}"), &e))?;
        let line = line_at(record.position());
        let cell = |i: usize| record.get(i).map(str::trim).unwrap_or("");
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if line == 1 && ["indicator", "indikator", "no", "nomor"].contains(&cell(0).to_lowercase().as_str()) {
            continue; // header
        }
        if record.len() > 6 {
            return Err(row_error(
                line,
                format!("{} kolom; seharusnya indikator,tingkat[,target,fakta,analisis,opd]", record.len()),
                format!("{} columns; expected indicator,level[,target,fakta,analisis,owner]", record.len()),
            ));
        }
        let indicator = cell(0).to_string();
        if fw.indicator(&indicator).is_none() {
            return Err(row_error(
                line,
                format!("indikator \"{indicator}\" tidak ada dalam {}", fw.id),
                format!("indicator \"{indicator}\" is not in {}", fw.id),
            ));
        }
        if !seen.insert(indicator.clone()) {
            return Err(row_error(
                line,
                format!("indikator {indicator} muncul dua kali"),
                format!("indicator {indicator} appears twice"),
            ));
        }
        let level_of = |name: &str, s: &str| -> Result<Option<Option<u8>>> {
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<u8>() {
                Ok(v) if levels::is_level(v) => Ok(Some(Some(v))),
                _ => Err(row_error(
                    line,
                    format!("{} \"{s}\" bukan tingkat 1–5", if name == "level" { "tingkat" } else { name }),
                    format!("{name} \"{s}\" is not a level 1–5"),
                )),
            }
        };
        let level = level_of("level", cell(1))?;
        if level.is_none() {
            return Err(row_error(line, "tingkat belum diisi", "the level is missing"));
        }
        let text_of = |i: usize| (record.len() > i).then(|| cell(i).to_string());
        let patch = AssessmentPatch {
            level,
            target: level_of("target", cell(2))?,
            fakta: text_of(3).filter(|s| !s.is_empty()),
            analisis: text_of(4).filter(|s| !s.is_empty()),
            owner_office: text_of(5).filter(|s| !s.is_empty()),
            owner_person: None,
            value: None,
        };
        validate_patch(fw, &indicator, &patch).map_err(|e| {
            row_error(line, e.message_in(livinglab_core::Lang::Id), e.message_in(livinglab_core::Lang::En))
        })?;
        rows.push(ImportRow { line, indicator, patch });
    }
    if rows.is_empty() {
        return Err(row_error(1, "berkas tidak berisi baris", "the file holds no rows"));
    }
    Ok(rows)
}

impl Workspace {
    pub fn periods(&self) -> Result<Vec<Period>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {PERIOD_COLUMNS} FROM period ORDER BY year"))
            .map_err(sql_err)?;
        let rows = stmt.query_map([], period_from_row).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    /// The period of `year`, or `period.unknown`.
    pub fn period(&self, year: i32) -> Result<Period> {
        self.conn()
            .prepare_cached(&format!("SELECT {PERIOD_COLUMNS} FROM period WHERE year = ?1"))
            .and_then(|mut stmt| stmt.query_row([year], period_from_row))
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::PeriodUnknown).with("year", year))
    }

    /// Starts a period. The framework defaults to the one governing the year (its highest
    /// version); with `from_previous`, the answers of the latest earlier period under the same
    /// framework are copied as drafts (levels, targets, penjelasan, owners; not evidence).
    pub fn add_period(&mut self, year: i32, framework_id: Option<&str>, from_previous: bool) -> Result<Period> {
        if !(2000..=2100).contains(&year) {
            return Err(Error::new(ErrorCode::PeriodYearInvalid)
                .with("year", year)
                .with("framework", framework_id.unwrap_or("-")));
        }
        if self.period(year).is_ok() {
            return Err(Error::new(ErrorCode::PeriodExists).with("year", year));
        }
        let fw = match framework_id {
            Some(id) => self.framework(id, None)?,
            None => {
                let all: Vec<Framework> = self.frameworks()?.into_iter().map(|(f, _)| f).collect();
                std::borrow::Cow::Owned(Framework::for_year(&all, year).cloned().ok_or_else(|| {
                    Error::new(ErrorCode::PeriodYearInvalid).with("year", year).with("framework", "-")
                })?)
            }
        };
        if !fw.years.contains(year) {
            return Err(Error::new(ErrorCode::PeriodYearInvalid).with("year", year).with("framework", &fw.id));
        }
        let previous = if from_previous {
            self.periods()?.into_iter().rfind(|p| p.year < year && p.framework_id == fw.id)
        } else {
            None
        };
        let copied = match &previous {
            Some(p) => self.assessments(p.year)?,
            None => Vec::new(),
        };
        let period = Period {
            id: clock::new_id(),
            year,
            framework_id: fw.id.clone(),
            framework_version: fw.version.clone(),
            target_index: None,
            created_at: clock::now(),
            updated_at: clock::now(),
        };
        let p = period.clone();
        self.write(|tx, actor| {
            tx.execute(
                &format!("INSERT INTO period ({PERIOD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6)"),
                rusqlite::params![p.id, p.year, p.framework_id, p.framework_version, p.created_at, p.updated_at],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "period",
                    entity_id: &p.id,
                    action: "create",
                    old: None,
                    new: Some(json!({"year": p.year, "framework": p.framework_id, "version": p.framework_version,
                                     "copied_from": previous.as_ref().map(|x| x.year)})),
                },
            )?;
            for a in copied.iter().filter(|a| fw.indicator(&a.indicator).is_some()) {
                let patch = AssessmentPatch {
                    level: Some(a.level),
                    target: Some(a.target),
                    fakta: Some(a.fakta.clone()),
                    analisis: Some(a.analisis.clone()),
                    owner_office: Some(a.owner_office.clone()),
                    owner_person: Some(a.owner_person.clone()),
                    // An assessor's value belongs to the year it was given in.
                    value: None,
                };
                apply_patch(tx, actor, &p, &a.indicator, &patch)?;
            }
            Ok(())
        })?;
        Ok(period)
    }

    /// Sets the index the region aims at in a period (None clears it).
    pub fn set_period_target(&mut self, year: i32, target: Option<Decimal>) -> Result<Period> {
        let period = self.period(year)?;
        if let Some(t) = target {
            levels::check_target_index(t)?;
        }
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE period SET target_index = ?1, updated_at = ?2 WHERE id = ?3",
                (target.map(|t| t.to_string()), clock::now(), &period.id),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "period",
                    entity_id: &period.id,
                    action: "set_target",
                    old: Some(json!({"target_index": period.target_index.map(|t| t.to_string())})),
                    new: Some(json!({"target_index": target.map(|t| t.to_string())})),
                },
            )
        })?;
        self.period(year)
    }

    /// Moves a period to another version of its framework (e.g. a corrected file). Refused when
    /// an answered indicator does not exist in that version.
    pub fn set_period_framework_version(&mut self, year: i32, version: &str) -> Result<Period> {
        let period = self.period(year)?;
        let fw = self.framework(&period.framework_id, Some(version))?;
        for a in self.assessments(year)? {
            fw.require_indicator(&a.indicator)?;
        }
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE period SET framework_version = ?1, updated_at = ?2 WHERE id = ?3",
                (version, clock::now(), &period.id),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "period",
                    entity_id: &period.id,
                    action: "set_framework_version",
                    old: Some(json!({"version": period.framework_version})),
                    new: Some(json!({"version": version})),
                },
            )
        })?;
        self.period(year)
    }

    /// The framework (at the period's version) of a period.
    pub fn period_framework(&self, period: &Period) -> Result<std::borrow::Cow<'static, Framework>> {
        self.framework(&period.framework_id, Some(&period.framework_version))
    }

    /// Every answered indicator of a period, in framework order.
    pub fn assessments(&self, year: i32) -> Result<Vec<Assessment>> {
        let period = self.period(year)?;
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {ASSESSMENT_COLUMNS} FROM assessment WHERE period_id = ?1"))
            .map_err(sql_err)?;
        let rows = stmt.query_map([&period.id], assessment_from_row).map_err(sql_err)?;
        let mut out = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)?;
        let order: BTreeMap<String, u32> = match self.period_framework(&period) {
            Ok(fw) => fw.indicators.iter().map(|i| (i.id.clone(), i.number)).collect(),
            Err(_) => BTreeMap::new(),
        };
        out.sort_by_key(|a| order.get(&a.indicator).copied().unwrap_or(u32::MAX));
        Ok(out)
    }

    pub fn assessment(&self, year: i32, indicator: &str) -> Result<Option<Assessment>> {
        let period = self.period(year)?;
        self.conn()
            .query_row(
                &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessment WHERE period_id = ?1 AND indicator = ?2"),
                (&period.id, indicator.trim()),
                assessment_from_row,
            )
            .optional()
            .map_err(sql_err)
    }

    /// The levels of a period, for scoring.
    pub fn levels(&self, year: i32) -> Result<Levels> {
        Ok(self.assessments(year)?.into_iter().filter_map(|a| a.level.map(|l| (a.indicator, l))).collect())
    }

    /// Changes the answer of one indicator; refused when it is verified.
    pub fn set_assessment(&mut self, year: i32, indicator: &str, patch: AssessmentPatch) -> Result<Assessment> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let indicator = fw.require_indicator(indicator)?.id.clone();
        validate_patch(&fw, &indicator, &patch)?;
        self.write(|tx, actor| apply_patch(tx, actor, &period, &indicator, &patch))
    }

    /// Imports answers from CSV: every row is checked first and one bad row changes nothing.
    /// Returns the number of indicators imported.
    pub fn import_assessments(&mut self, year: i32, csv_text: &str) -> Result<usize> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let rows = parse_import_csv(&fw, csv_text)?;
        self.write(|tx, actor| {
            for row in &rows {
                apply_patch(tx, actor, &period, &row.indicator, &row.patch).map_err(|e| {
                    row_error(row.line, e.message_in(livinglab_core::Lang::Id), e.message_in(livinglab_core::Lang::En))
                })?;
            }
            Ok(rows.len())
        })
    }

    /// Moves an answer through review. `reason` is required to reopen a verified answer.
    /// Submitting records who submitted; verifying needs the profile's user name, which it
    /// records as the verifier (self-verified when the same person submitted it); a move back
    /// to draft clears both.
    pub fn set_status(&mut self, year: i32, indicator: &str, to: Status, reason: Option<&str>) -> Result<Assessment> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let indicator = fw.require_indicator(indicator)?.id.clone();
        let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(String::from);
        let user_name = self.profile()?.user_name;
        self.write(|tx, actor| {
            let a = ensure_assessment(tx, &period, &indicator)?;
            let transition = review::check_transition(a.status, to, &indicator, a.level.is_some(), reason.as_deref())?;
            let now = clock::now();
            let mut updated = a.clone();
            updated.status = to;
            updated.updated_at = now.clone();
            let mut new = json!({"period": year, "indicator": indicator, "status": to, "reason": reason});
            match to {
                Status::Diajukan => updated.submitted_by = Some(actor.to_string()),
                Status::Terverifikasi => {
                    let v = review::verifier(a.submitted_by.as_deref(), &user_name)?;
                    new["verified_by"] = json!(v.name);
                    new["self_verified"] = json!(v.self_verified);
                    updated.verified_by = Some(v.name);
                    updated.verified_at = Some(now.clone());
                    updated.self_verified = v.self_verified;
                }
                Status::Draft => {
                    updated.submitted_by = None;
                    updated.verified_by = None;
                    updated.verified_at = None;
                    updated.self_verified = false;
                }
            }
            tx.execute(
                "UPDATE assessment SET status = ?1, verified_by = ?2, verified_at = ?3, updated_at = ?4, submitted_by = ?5, self_verified = ?6 WHERE id = ?7",
                rusqlite::params![
                    to.as_str(),
                    updated.verified_by,
                    updated.verified_at,
                    now,
                    updated.submitted_by,
                    updated.self_verified,
                    a.id
                ],
            )
            .map_err(sql_err)?;
            // The verifier is the one the trail names for a verification.
            let who = updated.verified_by.clone().filter(|_| to == Status::Terverifikasi).unwrap_or_else(|| actor.to_string());
            audit::append(
                tx,
                &who,
                Change {
                    entity: "assessment",
                    entity_id: &a.id,
                    action: transition.action,
                    old: Some(json!({"period": year, "indicator": indicator, "status": a.status})),
                    new: Some(new),
                },
            )?;
            Ok(updated)
        })
    }

    /// Everything recorded about one indicator of a period (answer and evidence), newest first.
    pub fn indicator_history(&self, year: i32, indicator: &str) -> Result<Vec<audit::AuditEntry>> {
        match self.assessment(year, indicator)? {
            Some(a) => audit::history_of_id(self.conn(), &a.id),
            None => Ok(Vec::new()),
        }
    }
}
