//! Evaluation frameworks as validated data (docs/FRAMEWORK-FORMAT.md).
//!
//! A framework file is parsed into [`Framework`] only when every rule of the format holds:
//! unique ids, known references, weights that add up exactly at every level, scales of exactly
//! the levels 1–5, predicate bands that tile [1, 5]. Weights are decimal strings so that the
//! arithmetic stays exact.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Lang;
use crate::levels;

pub const FORMAT: &str = "livinglab-framework/1";

/// A text in Indonesian and (optionally) English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.en.as_deref().filter(|s| !s.is_empty()).unwrap_or(&self.id),
            Lang::Id => &self.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Years {
    pub from: i32,
    pub to: Option<i32>,
}

impl Years {
    pub fn contains(&self, year: i32) -> bool {
        year >= self.from && self.to.is_none_or(|to| year <= to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// A short name that level alternatives refer to ("at-mod"); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupKind {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: String,
    pub kind: String,
    pub number: u32,
    pub parent: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleLevel {
    pub level: u8,
    pub name: Text,
    pub criterion: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub id: String,
    pub name: Text,
    pub levels: Vec<ScaleLevel>,
}

/// How an indicator's value is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A whole level 1–5 (SPBE 2020).
    #[default]
    Levels,
    /// An exact decimal in [1, 5] (Pemdi 2026: the evaluators give values such as 1.26 or 2.5).
    Decimal,
}

/// An evidence item (*butir data dukung*) a level expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Butir {
    /// `I{indicator number}.L{level}.{position}`, e.g. "I1.L2.3"; unique in the framework.
    pub id: String,
    pub text: Text,
    /// Its share of the level when the butir of a level weigh differently; None: all equal.
    #[serde(with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    pub weight: Option<Decimal>,
}

/// Another reading of a level's criterion, from a source that disagrees with the main one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    /// The id of one of the framework's `sources`.
    pub source: String,
    pub criterion: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// What a level of an indicator expects beyond its criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct LevelContent {
    /// The conditions (*kondisi*) that describe the level in practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Text>,
    pub butir: Vec<Butir>,
    pub alternatives: Vec<Alternative>,
}

/// An index published by another agency, converted to an indicator value band by band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalIndex {
    pub id: String,
    pub name: Text,
    pub agency: String,
    /// Six bounds: the index range of level 1 is `bands[0]..bands[1]`, of level 5
    /// `bands[4]..=bands[5]`; `bands[0]` and `bands[5]` are the ends of the index's scale.
    #[serde(with = "decimal_list")]
    pub bands: Vec<Decimal>,
}

/// What an external index does for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ExternalRole {
    /// The converted index is the indicator's value; without it the indicator counts as 1.
    #[default]
    Value,
    /// The index is part of the evidence; the value still comes from the butir or an assessor.
    Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalLink {
    pub index: String,
    pub role: ExternalRole,
}

/// How far a part of an indicator's content can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// The regulation's own wording (possibly through a machine extraction).
    Primary,
    /// Two independent secondary sources agree.
    Corroborated,
    /// One secondary source (official training material, a regency's guide).
    Secondary,
    /// Sources conflict, or one weak source.
    Uncertain,
}

impl Reliability {
    const NAMES: [&'static str; 4] = ["primary", "corroborated", "secondary", "uncertain"];

    fn parse(s: &str) -> Option<Reliability> {
        Some(match s {
            "primary" => Reliability::Primary,
            "corroborated" => Reliability::Corroborated,
            "secondary" => Reliability::Secondary,
            "uncertain" => Reliability::Uncertain,
            _ => return None,
        })
    }
}

/// Where an indicator's content comes from and how reliable each part is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct IndicatorSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Reliability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Reliability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Reliability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

mod decimal_list {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(values: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(|d| d.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: String,
    pub number: u32,
    pub group: String,
    pub scale: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    pub name: Text,
    pub description: Text,
    /// Criteria specific to this indicator, by level (1–5); may be empty.
    pub criteria: BTreeMap<u8, Text>,
    pub evidence: Vec<Text>,
    /// Conditions, butir and alternative readings by level (1–5); may be empty.
    pub levels: BTreeMap<u8, LevelContent>,
    /// Set when another agency's index feeds this indicator.
    pub external: Option<ExternalLink>,
    pub source: Option<IndicatorSource>,
}

impl Indicator {
    /// The butir of `level` (empty when the level lists none).
    pub fn butir(&self, level: u8) -> &[Butir] {
        self.levels.get(&level).map(|l| l.butir.as_slice()).unwrap_or(&[])
    }

    /// Whether another agency's index gives this indicator its value.
    pub fn valued_externally(&self) -> bool {
        self.external.as_ref().is_some_and(|e| e.role == ExternalRole::Value)
    }

    /// Whether some level carries another reading of its criterion.
    pub fn has_alternatives(&self) -> bool {
        self.levels.values().any(|l| !l.alternatives.is_empty())
    }
}

impl Indicator {
    /// The name without the words every indicator of its framework repeats ("Tingkat
    /// Kematangan …", "… Instansi Pusat/Pemerintah Daerah"), for a column head or a chart
    /// label: "Kebijakan Internal Manajemen Data", "Layanan Pusat Data".
    pub fn short_name(&self) -> Text {
        fn cut<'a>(name: &'a str, prefixes: &[&str], suffixes: &[&str]) -> &'a str {
            let name = prefixes.iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
            suffixes.iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name).trim()
        }
        const ID_PREFIXES: [&str; 2] = ["Tingkat Kematangan ", "Tingkat "];
        const ID_SUFFIXES: [&str; 1] = [" Instansi Pusat/Pemerintah Daerah"];
        const EN_PREFIXES: [&str; 3] = ["Maturity of the ", "Maturity of ", "Level of "];
        const EN_SUFFIXES: [&str; 1] = [" of the Central Agency/Regional Government"];
        Text {
            id: cut(&self.name.id, &ID_PREFIXES, &ID_SUFFIXES).to_string(),
            en: self.name.en.as_deref().map(|en| cut(en, &EN_PREFIXES, &EN_SUFFIXES).to_string()),
        }
    }
}

/// A predicate band: `min ≤ index < max`, or `≤ max` for the band that ends at 5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    #[serde(with = "rust_decimal::serde::str")]
    pub min: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Framework {
    pub id: String,
    pub version: String,
    pub name: Text,
    pub short_name: String,
    pub legal_basis: String,
    pub years: Years,
    pub provisional: bool,
    pub sources: Vec<Source>,
    pub index_name: Text,
    pub group_kinds: Vec<GroupKind>,
    pub groups: Vec<Group>,
    pub scales: Vec<Scale>,
    pub indicators: Vec<Indicator>,
    /// Sorted by `min`.
    pub predicates: Vec<Band>,
    /// Whole levels (default) or decimal values.
    pub values: ValueKind,
    /// For decimal values: the six bounds of the value range of each level
    /// (Pemdi: 1, 1.5, 2.5, 3.5, 4, 5; level k spans `value_bands[k-1]..value_bands[k]`).
    #[serde(with = "decimal_list", skip_serializing_if = "Vec::is_empty")]
    pub value_bands: Vec<Decimal>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_indices: Vec<ExternalIndex>,
}

// ---- The file as written (weights as strings), before validation. ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    format: String,
    id: String,
    version: String,
    name: Text,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    legal_basis: String,
    years: Years,
    #[serde(default)]
    provisional: bool,
    #[serde(default)]
    sources: Vec<Source>,
    index_name: Text,
    group_kinds: Vec<GroupKind>,
    groups: Vec<RawGroup>,
    scales: Vec<Scale>,
    indicators: Vec<RawIndicator>,
    predicates: Vec<RawBand>,
    #[serde(default)]
    values: Option<String>,
    #[serde(default)]
    value_bands: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    external_indices: Vec<RawExternalIndex>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExternalIndex {
    id: String,
    name: Text,
    #[serde(default)]
    agency: String,
    bands: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    #[serde(default)]
    criterion: Option<Text>,
    #[serde(default)]
    conditions: Option<Text>,
    #[serde(default)]
    butir: Vec<RawButir>,
    #[serde(default)]
    alternatives: Vec<Alternative>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawButir {
    id: String,
    text: Text,
    #[serde(default)]
    weight: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExternalLink {
    index: String,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicatorSource {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    criteria: Option<String>,
    #[serde(default)]
    evidence: Option<String>,
    #[serde(default)]
    note: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    kind: String,
    number: u32,
    parent: Option<String>,
    weight: serde_json::Value,
    name: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    number: u32,
    group: String,
    scale: String,
    weight: serde_json::Value,
    name: Text,
    #[serde(default)]
    description: Text,
    #[serde(default)]
    criteria: BTreeMap<String, Text>,
    #[serde(default)]
    evidence: Vec<Text>,
    #[serde(default)]
    levels: BTreeMap<String, RawLevel>,
    #[serde(default)]
    external: Option<RawExternalLink>,
    #[serde(default)]
    source: Option<RawIndicatorSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    min: serde_json::Value,
    max: serde_json::Value,
    name: Text,
}

fn invalid(id: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::FrameworkInvalid).with_detail(id, en)
}

/// A decimal written as a JSON string; numbers are refused because they pass through binary floats.
fn decimal(value: &serde_json::Value, what: &str, what_id: &str) -> Result<Decimal> {
    match value {
        serde_json::Value::String(s) => Decimal::from_str(s.trim()).map_err(|_| {
            invalid(
                format!("{what_id}: \"{s}\" bukan bilangan desimal"),
                format!("{what}: \"{s}\" is not a decimal number"),
            )
        }),
        other => Err(invalid(
            format!("{what_id}: tulis bilangan sebagai teks (\"{other}\") agar tetap tepat"),
            format!("{what}: write the number as a string (\"{other}\"), so it stays exact"),
        )),
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Six strictly rising decimal bounds (the five bands of a value range or of an external index).
fn six_bounds(values: &[serde_json::Value], what: &str, what_id: &str) -> Result<Vec<Decimal>> {
    if values.len() != 6 {
        return Err(invalid(
            format!("{what_id}: harus tepat 6 batas (5 rentang tingkat), ada {}", values.len()),
            format!("{what}: needs exactly 6 bounds (5 level bands), found {}", values.len()),
        ));
    }
    let mut out = Vec::with_capacity(6);
    for (n, v) in values.iter().enumerate() {
        let d = decimal(v, &format!("{what} bound {}", n + 1), &format!("{what_id} batas {}", n + 1))?;
        if let Some(&prev) = out.last() {
            if d <= prev {
                return Err(invalid(
                    format!("{what_id}: batas {} ({d}) tidak lebih besar dari batas sebelumnya ({prev})", n + 1),
                    format!("{what}: bound {} ({d}) is not above the one before it ({prev})", n + 1),
                ));
            }
        }
        out.push(d);
    }
    Ok(out)
}

fn reliability(
    value: &Option<String>,
    part: &str,
    part_id: &str,
    what: &str,
    what_id: &str,
) -> Result<Option<Reliability>> {
    value
        .as_deref()
        .map(|v| {
            Reliability::parse(v).ok_or_else(|| {
                let names = Reliability::NAMES.join(", ");
                invalid(
                    format!("{what_id}: keandalan {part_id} \"{v}\" tidak dikenal (pilih {names})"),
                    format!("{what}: {part} reliability \"{v}\" is unknown (one of {names})"),
                )
            })
        })
        .transpose()
}

/// The level content of one indicator, checked: keys 1–5, butir ids of the form
/// `I{number}.L{level}.{position}`, butir weights all given or none per level, alternatives
/// naming a known source.
#[allow(clippy::too_many_arguments)]
fn level_contents(
    raw: &BTreeMap<String, RawLevel>,
    number: u32,
    criteria: &mut BTreeMap<u8, Text>,
    source_ids: &HashSet<&str>,
    butir_ids: &mut HashSet<String>,
    what: &str,
    what_id: &str,
) -> Result<BTreeMap<u8, LevelContent>> {
    let mut out = BTreeMap::new();
    for (k, l) in raw {
        let level: u8 = k.parse().ok().filter(|l| levels::is_level(*l)).ok_or_else(|| {
            invalid(
                format!("{what_id}: kunci levels \"{k}\" bukan tingkat 1–5"),
                format!("{what}: levels key \"{k}\" is not a level 1–5"),
            )
        })?;
        if let Some(c) = &l.criterion {
            if criteria.insert(level, c.clone()).is_some() {
                return Err(invalid(
                    format!("{what_id}: kriteria tingkat {level} ditulis dua kali (criteria dan levels)"),
                    format!("{what}: the criterion of level {level} is given twice (criteria and levels)"),
                ));
            }
        }
        let prefix = format!("I{number}.L{level}.");
        let mut butir = Vec::with_capacity(l.butir.len());
        for b in &l.butir {
            let position_ok =
                b.id.strip_prefix(&prefix)
                    .is_some_and(|m| !m.is_empty() && !m.starts_with('0') && m.chars().all(|c| c.is_ascii_digit()));
            if !position_ok {
                return Err(invalid(
                    format!("{what_id} tingkat {level}: id butir \"{}\" harus berbentuk {prefix}<nomor>", b.id),
                    format!("{what} level {level}: butir id \"{}\" must read {prefix}<number>", b.id),
                ));
            }
            if !butir_ids.insert(b.id.clone()) {
                return Err(invalid(
                    format!("butir \"{}\" muncul dua kali", b.id),
                    format!("butir \"{}\" appears twice", b.id),
                ));
            }
            if b.text.id.trim().is_empty() {
                return Err(invalid(
                    format!("butir {}: teks kosong", b.id),
                    format!("butir {}: the text is empty", b.id),
                ));
            }
            let weight = match &b.weight {
                None => None,
                Some(w) => {
                    let w = decimal(w, &format!("butir {} weight", b.id), &format!("bobot butir {}", b.id))?;
                    if w <= Decimal::ZERO {
                        return Err(invalid(
                            format!("butir {}: bobot harus positif", b.id),
                            format!("butir {}: weight must be positive", b.id),
                        ));
                    }
                    Some(w)
                }
            };
            butir.push(Butir { id: b.id.clone(), text: b.text.clone(), weight });
        }
        let weighted = butir.iter().filter(|b| b.weight.is_some()).count();
        if weighted != 0 && weighted != butir.len() {
            return Err(invalid(
                format!("{what_id} tingkat {level}: beri bobot pada semua butir atau tidak sama sekali"),
                format!("{what} level {level}: give every butir a weight, or none"),
            ));
        }
        for a in &l.alternatives {
            if !source_ids.contains(a.source.as_str()) {
                return Err(invalid(
                    format!("{what_id} tingkat {level}: sumber bacaan lain \"{}\" tidak ada di sources", a.source),
                    format!("{what} level {level}: the alternative's source \"{}\" is not among the sources", a.source),
                ));
            }
            if a.criterion.id.trim().is_empty() {
                return Err(invalid(
                    format!("{what_id} tingkat {level}: bacaan lain tanpa kriteria"),
                    format!("{what} level {level}: an alternative reading has no criterion"),
                ));
            }
        }
        out.insert(
            level,
            LevelContent { conditions: l.conditions.clone(), butir, alternatives: l.alternatives.clone() },
        );
    }
    Ok(out)
}

impl Framework {
    /// Parses and validates a framework file.
    pub fn from_json(text: &str) -> Result<Framework> {
        let raw: RawFramework = serde_json::from_str(text)
            .map_err(|e| invalid(format!("bukan berkas kerangka: {e}"), format!("not a framework file: {e}")))?;
        Self::validate(raw)
    }

    fn validate(raw: RawFramework) -> Result<Framework> {
        if raw.format != FORMAT {
            return Err(invalid(
                format!("format \"{}\", seharusnya \"{FORMAT}\"", raw.format),
                format!("format is \"{}\", expected \"{FORMAT}\"", raw.format),
            ));
        }
        if !is_identifier(&raw.id) {
            return Err(invalid(
                format!("id \"{}\" hanya boleh huruf kecil, angka, dan '-'", raw.id),
                format!("id \"{}\" must be lower-case letters, digits and '-'", raw.id),
            ));
        }
        if raw.version.trim().is_empty() {
            return Err(invalid("versi tidak ada", "version is missing"));
        }
        if raw.name.id.trim().is_empty() {
            return Err(invalid("nama tidak ada", "name is missing"));
        }
        if let Some(to) = raw.years.to {
            if to < raw.years.from {
                return Err(invalid(
                    format!("tahun: awal {} sesudah akhir {to}", raw.years.from),
                    format!("years: from {} is after to {to}", raw.years.from),
                ));
            }
        }

        // Sources that level alternatives may name.
        let mut source_ids = HashSet::new();
        for src in &raw.sources {
            if let Some(id) = &src.id {
                if !is_identifier(id) || !source_ids.insert(id.as_str()) {
                    return Err(invalid(
                        format!("id sumber \"{id}\" ganda atau bukan huruf kecil, angka, dan '-'"),
                        format!("source id \"{id}\" is duplicated or not lower-case letters, digits and '-'"),
                    ));
                }
            }
        }

        // Whole levels or decimal values, and the value range of each level.
        let values = match raw.values.as_deref() {
            None | Some("levels") => ValueKind::Levels,
            Some("decimal") => ValueKind::Decimal,
            Some(other) => {
                return Err(invalid(
                    format!("values \"{other}\" tidak dikenal (pilih \"levels\" atau \"decimal\")"),
                    format!("values \"{other}\" is unknown (one of \"levels\", \"decimal\")"),
                ))
            }
        };
        let value_bands = match (&raw.value_bands, values) {
            (None, ValueKind::Levels) => Vec::new(),
            (Some(_), ValueKind::Levels) => {
                return Err(invalid(
                    "value_bands hanya untuk kerangka dengan values \"decimal\"",
                    "value_bands belongs only to a framework whose values are \"decimal\"",
                ))
            }
            (None, ValueKind::Decimal) => {
                return Err(invalid(
                    "values \"decimal\" memerlukan value_bands (rentang nilai tiap tingkat)",
                    "values \"decimal\" needs value_bands (the value range of each level)",
                ))
            }
            (Some(b), ValueKind::Decimal) => {
                let bands = six_bounds(b, "value_bands", "value_bands")?;
                if bands[0] != Decimal::from(levels::MIN_LEVEL) || bands[5] != Decimal::from(levels::MAX_LEVEL) {
                    return Err(invalid(
                        format!("value_bands harus dari 1 sampai 5, bukan {} sampai {}", bands[0], bands[5]),
                        format!("value_bands must run from 1 to 5, not {} to {}", bands[0], bands[5]),
                    ));
                }
                bands
            }
        };
        let mut external_indices = Vec::with_capacity(raw.external_indices.len());
        for x in &raw.external_indices {
            if !is_identifier(&x.id) || external_indices.iter().any(|e: &ExternalIndex| e.id == x.id) {
                return Err(invalid(
                    format!("id indeks eksternal \"{}\" ganda atau bukan huruf kecil, angka, dan '-'", x.id),
                    format!("external index id \"{}\" is duplicated or not lower-case letters, digits and '-'", x.id),
                ));
            }
            if x.name.id.trim().is_empty() {
                return Err(invalid(
                    format!("indeks eksternal {}: nama tidak ada", x.id),
                    format!("external index {}: the name is missing", x.id),
                ));
            }
            let bands = six_bounds(
                &x.bands,
                &format!("external index {} bands", x.id),
                &format!("rentang indeks eksternal {}", x.id),
            )?;
            external_indices.push(ExternalIndex {
                id: x.id.clone(),
                name: x.name.clone(),
                agency: x.agency.clone(),
                bands,
            });
        }
        let mut butir_ids = HashSet::new();

        // Group kinds, outermost first.
        let mut kind_depth = HashMap::new();
        for (depth, kind) in raw.group_kinds.iter().enumerate() {
            if kind_depth.insert(kind.id.as_str(), depth).is_some() {
                return Err(invalid(
                    format!("jenis kelompok \"{}\" muncul dua kali", kind.id),
                    format!("group kind \"{}\" appears twice", kind.id),
                ));
            }
        }
        if kind_depth.is_empty() {
            return Err(invalid("group_kinds kosong", "group_kinds is empty"));
        }
        let innermost = raw.group_kinds.len() - 1;

        // Groups.
        let mut groups = Vec::with_capacity(raw.groups.len());
        let mut group_ids = HashSet::new();
        for g in &raw.groups {
            if g.id.is_empty() || !group_ids.insert(g.id.as_str()) {
                return Err(invalid(
                    format!("id kelompok \"{}\" kosong atau ganda", g.id),
                    format!("group id \"{}\" is empty or duplicated", g.id),
                ));
            }
        }
        for g in &raw.groups {
            let (what, what_id) = (format!("group {}", g.id), format!("kelompok {}", g.id));
            let depth = *kind_depth.get(g.kind.as_str()).ok_or_else(|| {
                invalid(
                    format!("{what_id}: jenis \"{}\" tidak dikenal", g.kind),
                    format!("{what}: unknown kind \"{}\"", g.kind),
                )
            })?;
            match (&g.parent, depth) {
                (None, 0) => {}
                (None, _) => {
                    return Err(invalid(
                        format!("{what_id}: {} harus punya induk", g.kind),
                        format!("{what}: a {} needs a parent", g.kind),
                    ))
                }
                (Some(_), 0) => {
                    return Err(invalid(
                        format!("{what_id}: {} tidak punya induk", g.kind),
                        format!("{what}: a {} has no parent", g.kind),
                    ))
                }
                (Some(p), _) => {
                    let parent = raw.groups.iter().find(|x| &x.id == p).ok_or_else(|| {
                        invalid(
                            format!("{what_id}: induk \"{p}\" tidak ada"),
                            format!("{what}: parent \"{p}\" does not exist"),
                        )
                    })?;
                    if kind_depth.get(parent.kind.as_str()) != Some(&(depth - 1)) {
                        return Err(invalid(
                            format!(
                                "{what_id}: induk {p} berjenis {}, bukan jenis tepat di luar {}",
                                parent.kind, g.kind
                            ),
                            format!("{what}: parent {p} is a {}, not the kind just outside {}", parent.kind, g.kind),
                        ));
                    }
                }
            }
            let weight = decimal(&g.weight, &format!("{what} weight"), &format!("bobot {what_id}"))?;
            if weight <= Decimal::ZERO {
                return Err(invalid(
                    format!("{what_id}: bobot harus positif"),
                    format!("{what}: weight must be positive"),
                ));
            }
            groups.push(Group {
                id: g.id.clone(),
                kind: g.kind.clone(),
                number: g.number,
                parent: g.parent.clone(),
                weight,
                name: g.name.clone(),
            });
        }

        // Scales.
        let mut scale_ids = HashSet::new();
        for s in &raw.scales {
            if s.id.is_empty() || !scale_ids.insert(s.id.as_str()) {
                return Err(invalid(
                    format!("id skala \"{}\" kosong atau ganda", s.id),
                    format!("scale id \"{}\" is empty or duplicated", s.id),
                ));
            }
            let levels: Vec<u8> = s.levels.iter().map(|l| l.level).collect();
            if levels != [1, 2, 3, 4, 5] {
                return Err(invalid(
                    format!("skala {}: tingkat harus tepat 1, 2, 3, 4, 5 berurutan (ada {levels:?})", s.id),
                    format!("scale {}: levels must be exactly 1, 2, 3, 4, 5 in order (found {levels:?})", s.id),
                ));
            }
        }

        // Indicators.
        let mut indicators = Vec::with_capacity(raw.indicators.len());
        let (mut ind_ids, mut ind_numbers) = (HashSet::new(), HashSet::new());
        for i in &raw.indicators {
            let (what, what_id) = (format!("indicator {}", i.id), format!("indikator {}", i.id));
            if i.id.is_empty() || !ind_ids.insert(i.id.as_str()) {
                return Err(invalid(
                    format!("id indikator \"{}\" kosong atau ganda", i.id),
                    format!("indicator id \"{}\" is empty or duplicated", i.id),
                ));
            }
            // Answers name an indicator by its trimmed id: an id with spaces around could never
            // be answered.
            if i.id.trim() != i.id {
                return Err(invalid(
                    format!("id indikator \"{}\" diawali atau diakhiri spasi", i.id),
                    format!("indicator id \"{}\" starts or ends with a space", i.id),
                ));
            }
            if !ind_numbers.insert(i.number) {
                return Err(invalid(
                    format!("{what_id}: nomor {} dipakai dua kali", i.number),
                    format!("{what}: number {} is used twice", i.number),
                ));
            }
            let group = groups.iter().find(|g| g.id == i.group).ok_or_else(|| {
                invalid(
                    format!("{what_id}: kelompok \"{}\" tidak ada", i.group),
                    format!("{what}: group \"{}\" does not exist", i.group),
                )
            })?;
            if kind_depth[group.kind.as_str()] != innermost {
                return Err(invalid(
                    format!("{what_id}: kelompok {} bukan jenis terdalam", i.group),
                    format!("{what}: group {} is not of the innermost kind", i.group),
                ));
            }
            if i.scale.is_empty() {
                return Err(invalid(format!("{what_id}: tidak punya skala"), format!("{what}: has no scale")));
            }
            if !scale_ids.contains(i.scale.as_str()) {
                return Err(invalid(
                    format!("{what_id}: skala \"{}\" tidak ada", i.scale),
                    format!("{what}: scale \"{}\" does not exist", i.scale),
                ));
            }
            let weight = decimal(&i.weight, &format!("{what} weight"), &format!("bobot {what_id}"))?;
            if weight <= Decimal::ZERO {
                return Err(invalid(
                    format!("{what_id}: bobot harus positif"),
                    format!("{what}: weight must be positive"),
                ));
            }
            let mut criteria = BTreeMap::new();
            for (k, v) in &i.criteria {
                let level: u8 = k.parse().ok().filter(|l| levels::is_level(*l)).ok_or_else(|| {
                    invalid(
                        format!("{what_id}: kunci kriteria \"{k}\" bukan tingkat 1–5"),
                        format!("{what}: criteria key \"{k}\" is not a level 1–5"),
                    )
                })?;
                criteria.insert(level, v.clone());
            }
            let level_content =
                level_contents(&i.levels, i.number, &mut criteria, &source_ids, &mut butir_ids, &what, &what_id)?;
            let external = match &i.external {
                None => None,
                Some(x) => {
                    if !external_indices.iter().any(|e| e.id == x.index) {
                        return Err(invalid(
                            format!("{what_id}: indeks eksternal \"{}\" tidak ada di external_indices", x.index),
                            format!("{what}: external index \"{}\" is not among external_indices", x.index),
                        ));
                    }
                    let role = match x.role.as_deref() {
                        None | Some("value") => ExternalRole::Value,
                        Some("evidence") => ExternalRole::Evidence,
                        Some(other) => {
                            return Err(invalid(
                                format!("{what_id}: peran indeks eksternal \"{other}\" tidak dikenal (pilih \"value\" atau \"evidence\")"),
                                format!("{what}: external role \"{other}\" is unknown (one of \"value\", \"evidence\")"),
                            ))
                        }
                    };
                    if role == ExternalRole::Value && values != ValueKind::Decimal {
                        return Err(invalid(
                            format!("{what_id}: nilai dari indeks eksternal memerlukan values \"decimal\""),
                            format!("{what}: a value from an external index needs values \"decimal\""),
                        ));
                    }
                    Some(ExternalLink { index: x.index.clone(), role })
                }
            };
            let source = match &i.source {
                None => None,
                Some(src) => Some(IndicatorSource {
                    description: reliability(&src.description, "description", "deskripsi", &what, &what_id)?,
                    criteria: reliability(&src.criteria, "criteria", "kriteria", &what, &what_id)?,
                    evidence: reliability(&src.evidence, "evidence", "data dukung", &what, &what_id)?,
                    note: src.note.clone(),
                }),
            };
            if level_content.values().any(|l| !l.alternatives.is_empty()) && !raw.provisional {
                return Err(invalid(
                    format!("{what_id}: memuat bacaan lain dari sumber yang berbeda, maka kerangka harus provisional: true"),
                    format!("{what}: carries alternative readings from conflicting sources, so the framework must be provisional: true"),
                ));
            }
            indicators.push(Indicator {
                id: i.id.clone(),
                number: i.number,
                group: i.group.clone(),
                scale: i.scale.clone(),
                weight,
                name: i.name.clone(),
                description: i.description.clone(),
                criteria,
                evidence: i.evidence.clone(),
                levels: level_content,
                external,
                source,
            });
        }
        if indicators.is_empty() {
            return Err(invalid("tidak ada indikator", "there are no indicators"));
        }
        indicators.sort_by_key(|i| i.number);
        groups.sort_by(|a, b| {
            kind_depth[a.kind.as_str()].cmp(&kind_depth[b.kind.as_str()]).then(a.number.cmp(&b.number))
        });

        // Weights add up exactly at every level.
        let hundred = Decimal::from(100);
        let top_sum: Decimal = groups.iter().filter(|g| g.parent.is_none()).map(|g| g.weight).sum();
        if top_sum != hundred {
            return Err(invalid(
                format!("jumlah bobot kelompok terluar {top_sum}, bukan 100"),
                format!("the weights of the outermost groups add up to {top_sum}, not 100"),
            ));
        }
        for g in &groups {
            let children: Decimal = if kind_depth[g.kind.as_str()] == innermost {
                indicators.iter().filter(|i| i.group == g.id).map(|i| i.weight).sum()
            } else {
                groups.iter().filter(|c| c.parent.as_deref() == Some(g.id.as_str())).map(|c| c.weight).sum()
            };
            if children.is_zero() {
                return Err(invalid(
                    format!("kelompok {} tidak berisi indikator", g.id),
                    format!("group {} holds no indicators", g.id),
                ));
            }
            if children != g.weight {
                return Err(invalid(
                    format!("kelompok {}: bobot {} tetapi jumlah bagiannya {children}", g.id, g.weight),
                    format!("group {}: weight {} but its parts add up to {children}", g.id, g.weight),
                ));
            }
        }

        // Predicate bands tile [1, 5].
        let mut predicates = Vec::with_capacity(raw.predicates.len());
        for (n, b) in raw.predicates.iter().enumerate() {
            let (what, what_id) = (
                format!("predicate band {} ({})", n + 1, b.name.id),
                format!("rentang predikat {} ({})", n + 1, b.name.id),
            );
            let (min, max) = (
                decimal(&b.min, &format!("{what} min"), &format!("batas bawah {what_id}"))?,
                decimal(&b.max, &format!("{what} max"), &format!("batas atas {what_id}"))?,
            );
            if min >= max {
                return Err(invalid(
                    format!("{what_id}: batas bawah {min} tidak di bawah batas atas {max}"),
                    format!("{what}: min {min} is not below max {max}"),
                ));
            }
            if !levels::is_index(min) || !levels::is_index(max) {
                return Err(invalid(
                    format!("{what_id}: [{min}, {max}) di luar [1, 5]"),
                    format!("{what}: [{min}, {max}) lies outside [1, 5]"),
                ));
            }
            predicates.push(Band { min, max, name: b.name.clone() });
        }
        predicates.sort_by_key(|b| b.min);
        let mut expected = Decimal::ONE;
        for b in &predicates {
            if b.min > expected {
                return Err(invalid(
                    format!("rentang predikat berlubang antara {expected} dan {}", b.min),
                    format!("predicate bands leave a gap between {expected} and {}", b.min),
                ));
            }
            if b.min < expected {
                return Err(invalid(
                    format!("rentang predikat bertumpuk antara {} dan {expected}", b.min),
                    format!("predicate bands overlap between {} and {expected}", b.min),
                ));
            }
            expected = b.max;
        }
        if expected != Decimal::from(levels::MAX_LEVEL) {
            return Err(invalid(
                format!("rentang predikat berakhir di {expected}, bukan 5"),
                format!("predicate bands end at {expected}, not 5"),
            ));
        }

        Ok(Framework {
            id: raw.id,
            version: raw.version.trim().to_string(),
            name: raw.name,
            short_name: raw.short_name,
            legal_basis: raw.legal_basis,
            years: raw.years,
            provisional: raw.provisional,
            sources: raw.sources,
            index_name: raw.index_name,
            group_kinds: raw.group_kinds,
            groups,
            scales: raw.scales,
            indicators,
            predicates,
            values,
            value_bands,
            external_indices,
        })
    }

    /// The external index `id`, if the framework defines it.
    pub fn external_index(&self, id: &str) -> Option<&ExternalIndex> {
        self.external_indices.iter().find(|x| x.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id.trim())
    }

    /// The indicator `id`, or `indicator.unknown`.
    pub fn require_indicator(&self, id: &str) -> Result<&Indicator> {
        self.indicator(id).ok_or_else(|| {
            Error::new(ErrorCode::IndicatorUnknown).with("indicator", id.trim()).with("framework", &self.id)
        })
    }

    pub fn scale(&self, id: &str) -> &Scale {
        self.scales.iter().find(|s| s.id == id).expect("validated: every indicator's scale exists")
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The groups of the outermost kind (SPBE: domains; Pemdi: aspects).
    pub fn top_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|g| g.parent.is_none())
    }

    /// The groups of the innermost kind (aspects in both shipped frameworks).
    pub fn leaf_groups(&self) -> impl Iterator<Item = &Group> {
        let innermost = &self.group_kinds.last().expect("validated: at least one kind").id;
        self.groups.iter().filter(move |g| &g.kind == innermost)
    }

    /// The indicators under a group, at any depth.
    pub fn indicators_under<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Indicator> {
        self.indicators.iter().filter(move |i| self.is_under(&i.group, group))
    }

    fn is_under(&self, group: &str, ancestor: &str) -> bool {
        let mut cur = Some(group);
        while let Some(g) = cur {
            if g == ancestor {
                return true;
            }
            cur = self.group(g).and_then(|g| g.parent.as_deref());
        }
        false
    }

    /// The band that holds `value` (the band ending at 5 includes 5).
    pub fn band_of(&self, value: Decimal) -> &Band {
        self.predicates
            .iter()
            .find(|b| {
                value >= b.min && (value < b.max || (b.max == Decimal::from(levels::MAX_LEVEL) && value <= b.max))
            })
            .unwrap_or_else(|| if value < Decimal::ONE { &self.predicates[0] } else { self.predicates.last().unwrap() })
    }

    /// The framework that governs `year` by default among `candidates` (latest version of the
    /// one whose years contain it).
    pub fn for_year<F: std::borrow::Borrow<Framework>>(candidates: &[F], year: i32) -> Option<&Framework> {
        candidates
            .iter()
            .map(|f| f.borrow())
            .filter(|f| f.years.contains(year))
            .max_by(|a, b| compare_versions(&a.version, &b.version))
    }
}

/// Orders framework versions. A version is a release of dot-separated parts, optionally
/// followed by `-` and a pre-release ("2.0-draft"), and by `+` and build data (ignored):
/// - release parts compare numerically, a missing part counting as 0 ("2.0" = "2.0.0");
///   a part that is not a number compares as text, after every number;
/// - a pre-release sorts before its release ("2.0-draft" < "2.0"), as in semantic versioning;
///   pre-releases compare by their dot-separated identifiers, numbers numerically and before text,
///   a shorter list of equal identifiers first ("1.0-rc" < "1.0-rc.1").
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Part<'a> {
        Number(u64),
        Text(&'a str),
    }
    fn part(p: &str) -> Part<'_> {
        p.parse::<u64>().map(Part::Number).unwrap_or(Part::Text(p))
    }
    fn split(v: &str) -> (Vec<Part<'_>>, Option<Vec<Part<'_>>>) {
        let v = v.trim();
        let v = v.split_once('+').map_or(v, |(head, _)| head);
        let (release, pre) = match v.split_once('-') {
            Some((r, p)) => (r, Some(p)),
            None => (v, None),
        };
        (release.split('.').map(part).collect(), pre.map(|p| p.split('.').map(part).collect()))
    }
    let (release_a, pre_a) = split(a);
    let (release_b, pre_b) = split(b);
    let width = release_a.len().max(release_b.len());
    fn padded<'a>(release: &[Part<'a>], i: usize) -> Part<'a> {
        release.get(i).copied().unwrap_or(Part::Number(0))
    }
    let release = (0..width)
        .map(|i| padded(&release_a, i).cmp(&padded(&release_b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal);
    release.then_with(|| match (pre_a, pre_b) {
        (None, None) => Ordering::Equal,
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(x), Some(y)) => x.cmp(&y),
    })
}

/// The frameworks that ship with the app (assets/frameworks).
pub fn shipped() -> &'static [&'static Framework] {
    static ALL: OnceLock<Vec<&'static Framework>> = OnceLock::new();
    ALL.get_or_init(|| (0..SHIPPED_SOURCES.len()).map(shipped_source).collect())
}

/// The shipped frameworks with the id `id`. Only their files are parsed: a document or a view
/// of an SPBE period does not wait for the two Pemdi files, the largest.
pub fn shipped_with_id(id: &str) -> impl Iterator<Item = &'static Framework> + '_ {
    SHIPPED_SOURCES
        .iter()
        .enumerate()
        .filter(move |(_, (_, file_id, _))| *file_id == id)
        .map(|(i, _)| shipped_source(i))
}

fn shipped_source(index: usize) -> &'static Framework {
    static PARSED: [OnceLock<Framework>; SHIPPED_SOURCES.len()] = [const { OnceLock::new() }; SHIPPED_SOURCES.len()];
    PARSED[index].get_or_init(|| {
        let (name, id, text) = SHIPPED_SOURCES[index];
        let framework = Framework::from_json(text).unwrap_or_else(|e| panic!("assets/frameworks/{name}: {e}"));
        assert_eq!(framework.id, id, "assets/frameworks/{name}: its id is listed in SHIPPED_SOURCES");
        framework
    })
}

/// Each shipped framework file: its name, the framework's id, its text. The current version of
/// a framework comes before any earlier version still shipped: pemdi-2026 0.9.0 (generic
/// criteria, whole levels) stays so that periods and packages made with it keep their
/// framework; new periods take the highest version.
pub const SHIPPED_SOURCES: &[(&str, &str, &str)] = &[
    ("spbe-2020.json", "spbe-2020", include_str!("../../../assets/frameworks/spbe-2020.json")),
    ("pemdi-2026.json", "pemdi-2026", include_str!("../../../assets/frameworks/pemdi-2026.json")),
    ("pemdi-2026-0.9.0.json", "pemdi-2026", include_str!("../../../assets/frameworks/pemdi-2026-0.9.0.json")),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn spbe() -> &'static Framework {
        shipped().iter().find(|f| f.id == "spbe-2020").unwrap()
    }

    fn pemdi() -> &'static Framework {
        shipped().iter().find(|f| f.id == "pemdi-2026").unwrap()
    }

    #[test]
    fn a_short_name_drops_the_words_every_indicator_repeats() {
        let short = |fw: &Framework, id: &str| fw.indicator(id).unwrap().short_name();
        let one = short(spbe(), "1");
        assert_eq!(one.id, "Kebijakan Internal Arsitektur SPBE");
        assert_eq!(one.en.as_deref(), Some("Internal Policy on the SPBE Architecture"));
        assert_eq!(short(spbe(), "16").id, "Layanan Pusat Data");
        assert_eq!(short(pemdi(), "20").id, "Pengelolaan Kepuasan Pengguna Layanan Digital Pemerintah");
        assert_eq!(short(pemdi(), "1").id, "Tata Kelola Pemerintah Digital");
        assert_eq!(short(pemdi(), "1").en.as_deref(), Some("Digital Government Governance"));
    }

    #[test]
    fn shipped_frameworks_have_the_official_shape() {
        let s = spbe();
        assert_eq!(s.top_groups().count(), 4);
        assert_eq!(s.leaf_groups().count(), 8);
        assert_eq!(s.indicators.len(), 47);
        assert_eq!(s.scales.len(), 2);
        assert_eq!(s.predicates.len(), 5);
        assert!(!s.provisional);
        assert_eq!(s.require_indicator("12").unwrap().weight, Decimal::from_str("2.5").unwrap());
        assert_eq!(s.indicators_under("D2").count(), 10);
        assert_eq!(s.indicator("32").unwrap().scale, "kapabilitas_layanan");
        let p = pemdi();
        assert_eq!(p.top_groups().count(), 7);
        assert_eq!(p.leaf_groups().count(), 7);
        assert_eq!(p.indicators.len(), 20);
        assert!(p.provisional);
        assert_eq!(p.scales[0].levels[4].name.id, "Unggul");
    }

    #[test]
    fn the_framework_for_a_year() {
        assert_eq!(Framework::for_year(shipped(), 2021).unwrap().id, "spbe-2020");
        assert_eq!(Framework::for_year(shipped(), 2025).unwrap().id, "spbe-2020");
        assert_eq!(Framework::for_year(shipped(), 2026).unwrap().id, "pemdi-2026");
        assert_eq!(Framework::for_year(shipped(), 2031).unwrap().id, "pemdi-2026");
        assert!(Framework::for_year(shipped(), 2019).is_none());
    }

    /// The shipped SPBE file, changed by `edit`, then validated.
    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Error {
        let mut v: serde_json::Value = serde_json::from_str(SHIPPED_SOURCES[0].2).unwrap();
        edit(&mut v);
        Framework::from_json(&v.to_string()).unwrap_err()
    }

    fn detail(e: &Error) -> &str {
        assert_eq!(e.code, ErrorCode::FrameworkInvalid);
        e.param("detail").unwrap()
    }

    #[test]
    fn weights_that_do_not_add_up_are_refused_precisely() {
        let e = edited(|v| v["indicators"][0]["weight"] = "1.31".into());
        assert_eq!(detail(&e), "group A1: weight 13 but its parts add up to 13.01");
        let e = edited(|v| v["groups"][0]["weight"] = "12".into());
        assert!(detail(&e).contains("outermost groups add up to 99"), "{}", detail(&e));
        let e = edited(|v| v["indicators"][0]["weight"] = serde_json::json!(1.3));
        assert!(detail(&e).contains("as a string"), "{}", detail(&e));
    }

    #[test]
    fn duplicate_and_missing_ids_are_refused() {
        let e = edited(|v| v["indicators"][1]["id"] = "1".into());
        assert!(detail(&e).contains("indicator id \"1\""), "{}", detail(&e));
        let e = edited(|v| v["indicators"][0]["group"] = "A99".into());
        assert!(detail(&e).contains("group \"A99\" does not exist"), "{}", detail(&e));
        let e = edited(|v| v["groups"][5]["parent"] = "D9".into());
        assert!(detail(&e).contains("parent \"D9\" does not exist"), "{}", detail(&e));
        let e = edited(|v| v["indicators"][0].as_object_mut().unwrap().remove("id").map(|_| ()).unwrap());
        assert!(detail(&e).contains("missing field `id`"), "{}", detail(&e));
        // Found by the `framework` fuzz target: "13 " validated, then no answer could name it.
        let e = edited(|v| v["indicators"][12]["id"] = "13 ".into());
        assert!(detail(&e).contains("starts or ends with a space"), "{}", detail(&e));
    }

    #[test]
    fn an_indicator_without_a_scale_is_refused() {
        let e = edited(|v| v["indicators"][3]["scale"] = "".into());
        assert_eq!(detail(&e), "indicator 4: has no scale");
        let e = edited(|v| v["indicators"][3]["scale"] = "nope".into());
        assert!(detail(&e).contains("scale \"nope\" does not exist"));
        let e = edited(|v| {
            v["indicators"][3].as_object_mut().unwrap().remove("scale");
        });
        assert!(detail(&e).contains("missing field `scale`"), "{}", detail(&e));
    }

    #[test]
    fn bands_with_a_gap_or_overlap_are_refused() {
        let e = edited(|v| v["predicates"][1]["max"] = "2.5".into());
        assert_eq!(detail(&e), "predicate bands leave a gap between 2.5 and 2.6");
        let e = edited(|v| v["predicates"][1]["max"] = "2.7".into());
        assert_eq!(detail(&e), "predicate bands overlap between 2.6 and 2.7");
        let e = edited(|v| v["predicates"][4]["max"] = "4.9".into());
        assert_eq!(detail(&e), "predicate bands end at 4.9, not 5");
        let e = edited(|v| v["predicates"][0]["min"] = "0".into());
        assert!(detail(&e).contains("outside [1, 5]"));
    }

    #[test]
    fn scales_must_have_levels_one_to_five() {
        let e = edited(|v| {
            v["scales"][0]["levels"].as_array_mut().unwrap().pop();
        });
        assert!(detail(&e).contains("levels must be exactly 1, 2, 3, 4, 5"));
    }

    #[test]
    fn predicate_bands_by_value() {
        let s = spbe();
        let d = |x: &str| Decimal::from_str(x).unwrap();
        assert_eq!(s.band_of(d("1")).name.id, "Kurang");
        assert_eq!(s.band_of(d("1.7985")).name.id, "Kurang");
        assert_eq!(s.band_of(d("1.8")).name.id, "Cukup");
        assert_eq!(s.band_of(d("3.4986")).name.id, "Baik");
        assert_eq!(s.band_of(d("4.2")).name.id, "Memuaskan");
        assert_eq!(s.band_of(d("5")).name.id, "Memuaskan");
        assert_eq!(pemdi().band_of(d("3.99")).name.id, "Sangat Baik");
        assert_eq!(pemdi().band_of(d("4.0")).name.id, "Memuaskan");
    }

    #[test]
    fn versions_compare_numerically() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_versions("1.0.10", "1.0.9"), Greater);
        assert_eq!(compare_versions("0.9.0", "1.0.0"), Less);
        assert_eq!(compare_versions("1.0.0", "1.0.0"), Equal);
        assert_eq!(compare_versions("2.0", "2.0.0"), Equal);
        assert_eq!(compare_versions("1.0.0+build.7", "1.0.0"), Equal);
    }

    #[test]
    fn a_pre_release_sorts_before_its_release() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_versions("2.0-draft", "2.0"), Less);
        assert_eq!(compare_versions("2.0", "2.0-draft"), Greater);
        assert_eq!(compare_versions("2.0-draft", "1.9"), Greater);
        assert_eq!(compare_versions("1.0-rc", "1.0-rc.1"), Less);
        assert_eq!(compare_versions("1.0-rc.2", "1.0-rc.10"), Less);
        assert_eq!(compare_versions("1.0-1", "1.0-alpha"), Less);
        let mut versions = vec!["2.0", "2.0-draft", "1.0.10", "1.0.9", "2.0-rc.1"];
        versions.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(versions, ["1.0.9", "1.0.10", "2.0-draft", "2.0-rc.1", "2.0"]);
    }
}
