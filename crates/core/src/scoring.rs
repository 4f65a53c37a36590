//! The index, exactly as the regulations compute it, in decimals.
//!
//! - Group index (aspect, domain) = Σ(indicator weight × level) / group weight. Nesting the
//!   regulation's aspect → domain formulas gives the same value, so each group is computed from
//!   its indicators with a single division and no rounded intermediate.
//! - Index = Σ(indicator weight × level) / 100, exact (weights are decimals in percent).
//! - The predicate is taken from the unrounded value; for a group it is decided by comparing
//!   Σ(w × level) with band × group weight, so no division rounds the decision.
//!
//! **Incomplete assessments.** While some indicators have no level yet, `index` is the lowest
//! value the final index can take (each unassessed indicator counted at level 1) and `index_max`
//! the highest (counted at 5). Both are exact; `complete` is false, and `assessed` / `total` say
//! how far the assessment is. The predicate of an incomplete index is that of `index`, the
//! floor it can no longer fall below.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::format;
use crate::framework::{Band, Framework, Indicator, Text, ValueKind};
use crate::i18n::Lang;
use crate::levels;

/// Levels by indicator id; indicators not in the map are not assessed yet.
pub type Levels = BTreeMap<String, u8>;

/// Indicator values by indicator id, exact: whole levels 1–5 for a framework of levels, any
/// decimal in [1, 5] for a framework of decimal values (Pemdi). Missing: no value yet.
pub type Values = BTreeMap<String, Decimal>;

pub use crate::levels::{MAX_LEVEL, MIN_LEVEL};

fn hundred() -> Decimal {
    Decimal::from(100)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predicate {
    /// The official (Indonesian) name, e.g. "Sangat Baik".
    pub name: String,
    pub name_en: String,
}

impl Predicate {
    fn of(band: &Band) -> Predicate {
        Predicate { name: band.name.id.clone(), name_en: band.name.get(Lang::En).to_string() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub id: String,
    pub kind: String,
    pub number: u32,
    pub name: Text,
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub index_max: Decimal,
    pub predicate: Predicate,
    pub assessed: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub framework: String,
    pub framework_version: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub index_max: Decimal,
    pub predicate: Predicate,
    /// Every indicator has a value, or is fed by another agency's index that has not been
    /// entered and counts as 1 (see `external_assumed`).
    pub complete: bool,
    /// Indicators with a value.
    pub assessed: usize,
    pub total: usize,
    /// Indicators whose value comes from another agency's index (Pemdi: SDI, SJIG, IPS) and
    /// that have none yet: they count as 1 in `index`, as the evaluators count them, and at 5
    /// in `index_max`, since the index may still raise them.
    pub external_assumed: Vec<String>,
    /// Every group, outermost kind first, in number order.
    pub groups: Vec<GroupScore>,
}

impl Score {
    pub fn groups_of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a GroupScore> {
        self.groups.iter().filter(move |g| g.kind == kind)
    }

    /// "3,50" / "3.50".
    pub fn display(&self, lang: Lang) -> String {
        format::index(self.index, lang)
    }
}

/// The band of `sum / weight` decided without dividing: min × weight ≤ sum < max × weight.
fn band_of_ratio(fw: &Framework, sum: Decimal, weight: Decimal) -> &Band {
    let five = Decimal::from(MAX_LEVEL);
    fw.predicates
        .iter()
        .find(|b| sum >= b.min * weight && (sum < b.max * weight || (b.max == five && sum <= b.max * weight)))
        .unwrap_or_else(|| if sum < weight { &fw.predicates[0] } else { fw.predicates.last().unwrap() })
}

/// Checks that every level is a known indicator with a level 1–5.
pub fn check_levels(fw: &Framework, levels: &Levels) -> Result<()> {
    for (id, &level) in levels {
        fw.require_indicator(id)?;
        levels::check_level(level, id)?;
    }
    Ok(())
}

/// Checks that every value is a known indicator's and lies in its framework's range: a whole
/// level 1–5 (`assessment.level_invalid`) or, for decimal values, a decimal in [1, 5]
/// (`assessment.value_invalid`).
pub fn check_values(fw: &Framework, values: &Values) -> Result<()> {
    for (id, &value) in values {
        fw.require_indicator(id)?;
        match fw.values {
            ValueKind::Levels => {
                if value.fract() != Decimal::ZERO || !levels::is_index(value) {
                    return Err(Error::new(ErrorCode::LevelInvalid)
                        .with("value", value.normalize())
                        .with("indicator", id.trim()));
                }
            }
            ValueKind::Decimal => {
                if !levels::is_index(value) {
                    return Err(Error::new(ErrorCode::ValueInvalid)
                        .with("value", value.normalize())
                        .with("indicator", id.trim()));
                }
            }
        }
    }
    Ok(())
}

/// Σ(weight × value) over `indicators`, with those without a value at `fallback`.
fn weighted<'a>(
    indicators: impl Iterator<Item = &'a Indicator>,
    values: &Values,
    fallback: u8,
) -> (Decimal, usize, usize) {
    let (mut sum, mut assessed, mut total) = (Decimal::ZERO, 0, 0);
    for i in indicators {
        total += 1;
        let value = match values.get(&i.id) {
            Some(&v) => {
                assessed += 1;
                v
            }
            None => Decimal::from(fallback),
        };
        sum += i.weight * value;
    }
    (sum, assessed, total)
}

/// Scores a set of whole levels against a framework (see the module documentation).
pub fn score(fw: &Framework, levels: &Levels) -> Result<Score> {
    check_levels(fw, levels)?;
    score_values(fw, &levels.iter().map(|(id, &l)| (id.clone(), Decimal::from(l))).collect())
}

/// Scores a set of indicator values against a framework: whole levels, or exact decimals in
/// [1, 5] where the framework's values are decimal. An indicator fed by another agency's index
/// without a value counts as 1 and is listed in `external_assumed`.
pub fn score_values(fw: &Framework, values: &Values) -> Result<Score> {
    check_values(fw, values)?;
    let (low, assessed, total) = weighted(fw.indicators.iter(), values, MIN_LEVEL);
    let (high, _, _) = weighted(fw.indicators.iter(), values, MAX_LEVEL);
    let external_assumed: Vec<String> = fw
        .indicators
        .iter()
        .filter(|i| i.valued_externally() && !values.contains_key(&i.id))
        .map(|i| i.id.clone())
        .collect();
    let groups = fw
        .groups
        .iter()
        .map(|g| {
            let (g_low, g_assessed, g_total) = weighted(fw.indicators_under(&g.id), values, MIN_LEVEL);
            let (g_high, _, _) = weighted(fw.indicators_under(&g.id), values, MAX_LEVEL);
            GroupScore {
                id: g.id.clone(),
                kind: g.kind.clone(),
                number: g.number,
                name: g.name.clone(),
                weight: g.weight,
                index: (g_low / g.weight).normalize(),
                index_max: (g_high / g.weight).normalize(),
                predicate: Predicate::of(band_of_ratio(fw, g_low, g.weight)),
                assessed: g_assessed,
                total: g_total,
            }
        })
        .collect();
    Ok(Score {
        framework: fw.id.clone(),
        framework_version: fw.version.clone(),
        index: (low / hundred()).normalize(),
        index_max: (high / hundred()).normalize(),
        predicate: Predicate::of(band_of_ratio(fw, low, hundred())),
        complete: assessed + external_assumed.len() == total,
        assessed,
        total,
        external_assumed,
        groups,
    })
}

/// The index from the values of the outermost groups (SPBE: the four domain indices; Pemdi: the
/// seven aspect indices), as official reports publish them: Σ(group weight × value) / 100.
/// Published values lie in [0, 5] (see `levels`).
pub fn index_from_top_groups(fw: &Framework, values: &[Decimal]) -> Result<(Decimal, Predicate)> {
    let tops: Vec<_> = fw.top_groups().collect();
    if values.len() != tops.len() {
        return Err(Error::new(ErrorCode::ScoreInputInvalid).with_detail(
            format!("{} memiliki {} {}; diberikan {} nilai", fw.id, tops.len(), tops[0].kind, values.len()),
            format!("{} has {} {}s; {} values were given", fw.id, tops.len(), tops[0].kind, values.len()),
        ));
    }
    let mut sum = Decimal::ZERO;
    for (g, &v) in tops.iter().zip(values) {
        if !levels::is_published_value(v) {
            return Err(Error::new(ErrorCode::ScoreInputInvalid).with_detail(
                format!("{} {}: {v} di luar [0, 5]", g.kind, g.number),
                format!("{} {}: {v} is outside [0, 5]", g.kind, g.number),
            ));
        }
        sum += g.weight * v;
    }
    Ok(((sum / hundred()).normalize(), Predicate::of(band_of_ratio(fw, sum, hundred()))))
}

/// How far a published index may lie from the one its published group values give: each of
/// those values and the index are printed rounded to 2 decimals (off by at most 0.005 each,
/// and the weights sum to 100), so an honest row differs by at most 0.01.
pub const PUBLISHED_INDEX_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// A published index recomputed from its published group values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recomputed {
    /// Σ(group weight × published value) / 100, exact.
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    /// The predicate of `index` (the unrounded value).
    pub predicate: Predicate,
    /// The published index lies within [`PUBLISHED_INDEX_TOLERANCE`] of `index`; when it does
    /// not, the row was printed or extracted wrongly.
    pub consistent: bool,
}

/// Recomputes a published index from the published values of the outermost groups (SPBE: D1–D4)
/// and says whether the published index agrees with them.
pub fn recompute_published(fw: &Framework, values: &[Decimal], published_index: Decimal) -> Result<Recomputed> {
    let (index, predicate) = index_from_top_groups(fw, values)?;
    let consistent = (index - published_index).abs() <= PUBLISHED_INDEX_TOLERANCE;
    Ok(Recomputed { index, predicate, consistent })
}

/// Why a plan aims where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// The period's target index.
    Period,
    /// The lowest predicate band above the current index (5 once the top band is reached).
    NextPredicate,
}

impl GoalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GoalKind::Period => "period",
            GoalKind::NextPredicate => "next_predicate",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Goal {
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub kind: GoalKind,
}

/// The goal a plan aims at when none is asked for: the period's target while the index is
/// below it; once reached (or when none is set), the lowest predicate band above the index.
pub fn plan_goal(fw: &Framework, period_target: Option<Decimal>, index: Decimal) -> Goal {
    match period_target {
        Some(t) if t > index => Goal { value: t, kind: GoalKind::Period },
        _ => Goal {
            value: fw.predicates.iter().find(|b| b.min > index).map(|b| b.min).unwrap_or(Decimal::from(MAX_LEVEL)),
            kind: GoalKind::NextPredicate,
        },
    }
}

/// Raising one indicator by one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    pub indicator: String,
    pub number: u32,
    pub name: Text,
    /// The current level (1 where not assessed yet).
    pub level: u8,
    pub assessed: bool,
    /// The index gained by one more level: weight / 100.
    #[serde(with = "rust_decimal::serde::str")]
    pub gain: Decimal,
}

fn current(levels: &Levels, i: &Indicator) -> (u8, bool) {
    levels.get(&i.id).map(|&l| (l, true)).unwrap_or((MIN_LEVEL, false))
}

/// Every indicator that can still rise, ranked by what one more level adds to the index
/// (highest first; ties: lower current level first, then indicator number).
pub fn leverage(fw: &Framework, levels: &Levels) -> Result<Vec<Lever>> {
    check_levels(fw, levels)?;
    let mut out: Vec<Lever> = fw
        .indicators
        .iter()
        .filter_map(|i| {
            let (level, assessed) = current(levels, i);
            (level < MAX_LEVEL).then(|| Lever {
                indicator: i.id.clone(),
                number: i.number,
                name: i.name.clone(),
                level,
                assessed,
                gain: (i.weight / hundred()).normalize(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.gain.cmp(&a.gain).then(a.level.cmp(&b.level)).then(a.number.cmp(&b.number)));
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Raise {
    pub indicator: String,
    pub number: u32,
    pub name: Text,
    pub from: u8,
    pub to: u8,
    #[serde(with = "rust_decimal::serde::str")]
    pub gain: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    #[serde(with = "rust_decimal::serde::str")]
    pub target: Decimal,
    pub reachable: bool,
    /// The number of one-level steps in the plan (its size).
    pub steps: u32,
    /// The raises, one per indicator, in the order they were chosen.
    pub raises: Vec<Raise>,
    #[serde(with = "rust_decimal::serde::str")]
    pub index_before: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub index_after: Decimal,
    pub predicate_after: Predicate,
}

/// The smallest set of one-level raises that brings the index to at least `target`.
///
/// Each one-level raise of indicator i adds weight_i / 100 whatever its current level, so the
/// fewest steps that reach a target are the steps of largest weight: the plan takes them
/// greedily from the leverage ranking (on equal weight, the indicator at the lower level first),
/// raising an indicator as far as 5 before moving on only while it remains the best step.
/// Unassessed indicators count at level 1, as in the incomplete index.
pub fn plan_to(fw: &Framework, levels: &Levels, target: Decimal) -> Result<Plan> {
    check_levels(fw, levels)?;
    let before = score(fw, levels)?.index;
    let mut now: BTreeMap<&str, u8> = fw.indicators.iter().map(|i| (i.id.as_str(), current(levels, i).0)).collect();
    let mut sum = before * hundred();
    let goal = target * hundred();
    let mut order: Vec<&Indicator> = Vec::new();
    let mut steps = 0;
    while sum < goal {
        // The best next step: highest weight, then lowest current level, then number.
        let best = fw.indicators.iter().filter(|i| now[i.id.as_str()] < MAX_LEVEL).max_by(|a, b| {
            a.weight.cmp(&b.weight).then(now[b.id.as_str()].cmp(&now[a.id.as_str()])).then(b.number.cmp(&a.number))
        });
        let Some(best) = best else { break };
        *now.get_mut(best.id.as_str()).unwrap() += 1;
        sum += best.weight;
        steps += 1;
        if !order.iter().any(|i| i.id == best.id) {
            order.push(best);
        }
    }
    let raises = order
        .iter()
        .map(|i| {
            let from = current(levels, i).0;
            let to = now[i.id.as_str()];
            Raise {
                indicator: i.id.clone(),
                number: i.number,
                name: i.name.clone(),
                from,
                to,
                gain: (i.weight * Decimal::from(to - from) / hundred()).normalize(),
            }
        })
        .collect();
    let after = (sum / hundred()).normalize();
    Ok(Plan {
        target,
        reachable: sum >= goal,
        steps,
        raises,
        index_before: before,
        index_after: after,
        predicate_after: Predicate::of(band_of_ratio(fw, sum, hundred())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::shipped;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn spbe() -> &'static Framework {
        shipped().iter().find(|f| f.id == "spbe-2020").unwrap()
    }

    fn pemdi() -> &'static Framework {
        shipped().iter().find(|f| f.id == "pemdi-2026").unwrap()
    }

    fn levels(pairs: &[(u32, u8)]) -> Levels {
        pairs.iter().map(|(i, l)| (i.to_string(), *l)).collect()
    }

    fn all_at(fw: &Framework, level: u8) -> Levels {
        fw.indicators.iter().map(|i| (i.id.clone(), level)).collect()
    }

    #[test]
    fn tabel_10_aspect_2_with_levels_3_4_3_2_is_3_00() {
        let mut l = all_at(spbe(), 1);
        l.extend(levels(&[(11, 3), (12, 4), (13, 3), (14, 2)]));
        let s = score(spbe(), &l).unwrap();
        let a2 = s.groups.iter().find(|g| g.id == "A2").unwrap();
        assert_eq!(a2.index, d("3"));
        assert_eq!(format::index(a2.index, Lang::Id), "3,00");
    }

    #[test]
    fn tabel_11_domain_2_from_aspects_3_4_3_is_3_40() {
        // Aspect 2 at 3.00 (levels 3,4,3,2), aspect 3 at 4.00, aspect 4 at 3.00.
        let mut l = all_at(spbe(), 1);
        l.extend(levels(&[(11, 3), (12, 4), (13, 3), (14, 2), (15, 4), (16, 4), (17, 4), (18, 4), (19, 3), (20, 3)]));
        let s = score(spbe(), &l).unwrap();
        let idx = |id: &str| s.groups.iter().find(|g| g.id == id).unwrap().index;
        assert_eq!((idx("A2"), idx("A3"), idx("A4")), (d("3"), d("4"), d("3")));
        assert_eq!(idx("D2"), d("3.4"));
        assert_eq!(format::index(idx("D2"), Lang::Id), "3,40");
    }

    #[test]
    fn tabel_12_index_from_domains_3_70_3_40_3_00_3_20_is_3_28() {
        let (index, predicate) = index_from_top_groups(spbe(), &[d("3.70"), d("3.40"), d("3.00"), d("3.20")]).unwrap();
        assert_eq!(index, d("3.282"));
        assert_eq!(format::index(index, Lang::Id), "3,28");
        assert_eq!(predicate.name, "Baik");
    }

    #[test]
    fn official_boundary_cases_take_the_predicate_from_the_unrounded_index() {
        for (value, shown, predicate) in
            [("1.7985", "1,80", "Kurang"), ("3.4986", "3,50", "Baik"), ("2.5968", "2,60", "Cukup")]
        {
            // Any domain values with that index: all four domains equal to it.
            let v = d(value);
            let (index, p) = index_from_top_groups(spbe(), &[v, v, v, v]).unwrap();
            assert_eq!(index, v);
            assert_eq!(format::index(index, Lang::Id), shown);
            assert_eq!(p.name, predicate, "{value}");
        }
    }

    #[test]
    fn official_results_of_sumedang_and_banyuwangi() {
        // Published domain indices are rounded to 2 decimals (each off by at most 0.005), so the
        // index computed from them can differ from the published one by at most 0.005 + 0.005.
        for (domains, published, predicate) in [
            (["5.00", "3.60", "2.55", "4.76"], "4.14", "Sangat Baik"), // Sumedang 2023
            (["5.00", "4.30", "3.91", "4.69"], "4.51", "Memuaskan"),   // Sumedang 2024
            (["5.00", "4.60", "4.18", "5.00"], "4.77", "Memuaskan"),   // Banyuwangi 2024
        ] {
            let values: Vec<Decimal> = domains.iter().map(|s| d(s)).collect();
            let (index, p) = index_from_top_groups(spbe(), &values).unwrap();
            assert!((format::round_half_up(index, 2) - d(published)).abs() <= d("0.01"), "{index} vs {published}");
            assert_eq!(p.name, predicate);
        }
        let (sumedang_2023, _) = index_from_top_groups(spbe(), &[d("5"), d("3.6"), d("2.55"), d("4.76")]).unwrap();
        assert_eq!(sumedang_2023, d("4.13655"));
    }

    #[test]
    fn a_level_set_with_index_1_7985_is_shown_1_80_and_kurang() {
        // Σ weight × (level − 1) = 79.85: 2.75×1 + 1.30×7 + 3.00×21 + 2.50×2.
        let l = levels(&[(1, 5), (2, 4), (11, 3), (32, 2), (42, 5), (43, 5), (44, 5), (45, 5), (46, 5), (47, 2)]);
        let mut all = all_at(spbe(), 1);
        all.extend(l);
        let s = score(spbe(), &all).unwrap();
        assert_eq!(s.index, d("1.7985"));
        assert_eq!(s.display(Lang::Id), "1,80");
        assert_eq!(s.predicate.name, "Kurang");
    }

    #[test]
    fn a_published_domain_value_below_one_is_scored() {
        // Kab. Banyuasin 2023: D4 = 0.3, published index 1.05 (Kurang).
        let (index, p) = index_from_top_groups(spbe(), &[d("2.4"), d("1.7"), d("1.09"), d("0.3")]).unwrap();
        assert!((format::round_half_up(index, 2) - d("1.05")).abs() <= d("0.01"), "{index}");
        assert_eq!(p.name, "Kurang");
        assert!(index_from_top_groups(spbe(), &[d("2"), d("2"), d("2"), d("-0.1")]).is_err());
        assert!(index_from_top_groups(spbe(), &[d("2"), d("2"), d("2"), d("5.1")]).is_err());
    }

    #[test]
    fn a_published_index_agrees_with_its_domains_within_a_hundredth() {
        let sumedang = [d("5.00"), d("3.60"), d("2.55"), d("4.76")];
        let r = recompute_published(spbe(), &sumedang, d("4.14")).unwrap();
        assert_eq!((r.index, r.predicate.name.as_str(), r.consistent), (d("4.13655"), "Sangat Baik", true));
        // 4.13655 ± 0.01 holds 4.12655 … 4.14655: 4.15 is a wrong figure, 4.1266 still agrees.
        assert!(!recompute_published(spbe(), &sumedang, d("4.15")).unwrap().consistent);
        assert!(recompute_published(spbe(), &sumedang, d("4.1266")).unwrap().consistent);
        assert!(!recompute_published(spbe(), &sumedang, d("4.1265")).unwrap().consistent);
        assert_eq!(PUBLISHED_INDEX_TOLERANCE, d("0.01"));
        assert!(recompute_published(spbe(), &sumedang[..3], d("4.14")).is_err());
    }

    #[test]
    fn the_plan_aims_at_the_period_target_only_while_it_is_ahead() {
        let fw = spbe();
        let goal = plan_goal(fw, Some(d("3.5")), d("2.9"));
        assert_eq!((goal.value, goal.kind), (d("3.5"), GoalKind::Period));
        // Reached: the next predicate band above the index, as if no target were set.
        let reached = plan_goal(fw, Some(d("2.5")), d("2.9"));
        assert_eq!(reached, plan_goal(fw, None, d("2.9")));
        assert_eq!((reached.value, reached.kind), (d("3.5"), GoalKind::NextPredicate));
        assert_eq!(plan_goal(fw, None, d("5")).value, d("5"));
    }

    #[test]
    fn pemdi_uses_its_own_bands() {
        let s = score(pemdi(), &all_at(pemdi(), 4)).unwrap();
        assert_eq!(s.index, d("4"));
        assert_eq!(s.predicate.name, "Memuaskan");
        let (index, p) = index_from_top_groups(pemdi(), &[d("3.49"); 7]).unwrap();
        assert_eq!((index, p.name.as_str()), (d("3.49"), "Baik"));
        assert!(index_from_top_groups(pemdi(), &[d("3"); 4]).is_err());
    }

    #[test]
    fn incomplete_index_is_the_floor_with_the_ceiling_beside_it() {
        let fw = spbe();
        let s = score(fw, &levels(&[(42, 5)])).unwrap();
        assert!(!s.complete);
        assert_eq!((s.assessed, s.total), (1, 47));
        assert_eq!(s.index, d("1.12")); // 1 + 3.00 × 4 / 100
        assert_eq!(s.index_max, d("5"));
        let empty = score(fw, &Levels::new()).unwrap();
        assert_eq!((empty.index, empty.index_max, empty.assessed), (d("1"), d("5"), 0));
        assert!(score(fw, &all_at(fw, 3)).unwrap().complete);
    }

    #[test]
    fn unknown_indicators_and_bad_levels_are_refused() {
        assert_eq!(score(spbe(), &levels(&[(48, 3)])).unwrap_err().code, ErrorCode::IndicatorUnknown);
        assert_eq!(score(spbe(), &levels(&[(1, 6)])).unwrap_err().code, ErrorCode::LevelInvalid);
        assert_eq!(score(spbe(), &levels(&[(1, 0)])).unwrap_err().code, ErrorCode::LevelInvalid);
    }

    #[test]
    fn leverage_ranks_by_weight_and_the_plan_is_minimal() {
        let fw = spbe();
        let l = all_at(fw, 3);
        let ranking = leverage(fw, &l).unwrap();
        assert_eq!(ranking.len(), 47);
        assert_eq!(ranking[0].gain, d("0.03")); // indicators 42–47 weigh 3.00
        assert_eq!(ranking[0].number, 42);
        assert_eq!(ranking.last().unwrap().gain, d("0.013"));

        // From 3.00 to 3.50 needs +50 weighted points: 6 × 3.00 × 2 levels = 36, then 2.75 × 6 = 16.5 → 14 steps.
        let plan = plan_to(fw, &l, d("3.5")).unwrap();
        assert!(plan.reachable);
        assert_eq!(plan.index_after, d("3.525"));
        assert_eq!(plan.steps, 12 + 6);
        assert_eq!(plan.predicate_after.name, "Sangat Baik");
        // No plan with fewer steps reaches the target: the 17 largest unit gains fall short.
        let mut units: Vec<Decimal> = fw.indicators.iter().flat_map(|i| std::iter::repeat_n(i.weight, 2)).collect();
        units.sort_by(|a, b| b.cmp(a));
        let best_17: Decimal = units.iter().take(17).sum();
        assert!(d("3") + best_17 / d("100") < d("3.5"));

        let already = plan_to(fw, &l, d("2.5")).unwrap();
        assert_eq!((already.steps, already.raises.len()), (0, 0));
        let impossible = plan_to(fw, &l, d("5.01")).unwrap();
        assert!(!impossible.reachable);
        assert_eq!(impossible.index_after, d("5"));
    }

    fn arb_levels(n: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(1u8..=5, n)
    }

    proptest! {
        #[test]
        fn index_is_in_range_and_is_the_weighted_sum(ls in arb_levels(47)) {
            let fw = spbe();
            let l: Levels = fw.indicators.iter().zip(&ls).map(|(i, &v)| (i.id.clone(), v)).collect();
            let s = score(fw, &l).unwrap();
            prop_assert!(s.index >= Decimal::ONE && s.index <= Decimal::from(5));
            let expected: Decimal = fw.indicators.iter().zip(&ls).map(|(i, &v)| i.weight * Decimal::from(v)).sum::<Decimal>() / d("100");
            prop_assert_eq!(s.index, expected.normalize());
            prop_assert_eq!(s.index, s.index_max);
            // Domains → index by the regulation's formula gives the same value.
            let via_domains: Decimal = s.groups.iter().filter(|g| g.kind == "domain").map(|g| g.weight * g.index).sum::<Decimal>() / d("100");
            prop_assert!((via_domains - s.index).abs() < d("0.0000000000000000001"));
            for g in &s.groups {
                prop_assert!(g.index >= Decimal::ONE && g.index <= Decimal::from(5));
            }
        }

        #[test]
        fn raising_a_level_never_lowers_any_index(ls in arb_levels(47), which in 0usize..47) {
            let fw = spbe();
            let l: Levels = fw.indicators.iter().zip(&ls).map(|(i, &v)| (i.id.clone(), v)).collect();
            let id = fw.indicators[which].id.clone();
            prop_assume!(l[&id] < 5);
            let mut up = l.clone();
            *up.get_mut(&id).unwrap() += 1;
            let (a, b) = (score(fw, &l).unwrap(), score(fw, &up).unwrap());
            prop_assert!(b.index > a.index);
            for (ga, gb) in a.groups.iter().zip(&b.groups) {
                prop_assert!(gb.index >= ga.index);
            }
            let rank = |p: &Predicate| fw.predicates.iter().position(|x| x.name.id == p.name).unwrap();
            prop_assert!(rank(&b.predicate) >= rank(&a.predicate));
        }

        #[test]
        fn partial_assessments_stay_between_floor_and_ceiling(ls in proptest::collection::vec(proptest::option::of(1u8..=5), 20)) {
            let fw = pemdi();
            let l: Levels = fw.indicators.iter().zip(&ls).filter_map(|(i, v)| v.map(|v| (i.id.clone(), v))).collect();
            let s = score(fw, &l).unwrap();
            prop_assert!(s.index <= s.index_max);
            prop_assert!(s.index >= Decimal::ONE && s.index_max <= Decimal::from(5));
            // An indicator fed by another agency's index counts (as 1) before its index is entered.
            prop_assert_eq!(s.complete, fw.indicators.iter().all(|i| l.contains_key(&i.id) || i.valued_externally()));
        }

        #[test]
        fn plans_reach_their_target_when_reachable(ls in arb_levels(47), t in 100u32..=500) {
            let fw = spbe();
            let l: Levels = fw.indicators.iter().zip(&ls).map(|(i, &v)| (i.id.clone(), v)).collect();
            let target = Decimal::from(t) / d("100");
            let plan = plan_to(fw, &l, target).unwrap();
            prop_assert!(plan.reachable);
            prop_assert!(plan.index_after >= target);
            let mut after = l.clone();
            for r in &plan.raises { after.insert(r.indicator.clone(), r.to); }
            prop_assert_eq!(score(fw, &after).unwrap().index, plan.index_after);
            // Minimal: without its last step the plan would fall short.
            if plan.steps > 0 {
                let smallest = plan.raises.iter().map(|r| fw.indicator(&r.indicator).unwrap().weight).min().unwrap();
                prop_assert!(plan.index_after - smallest / d("100") < target);
            }
        }
    }
}
