//! Where a decimal indicator value comes from (frameworks whose values are decimal: Pemdi 2026).
//!
//! - **An estimate from the butir** ([`estimate_from_butir`]). The value starts at 1; completing
//!   the butir of level k moves it linearly across the value band of level k (Pemdi: 1 → 1.5 →
//!   2.5 → 3.5 → 4 → 5), in proportion to the completed butir (or their weights). A level counts
//!   only when every level below it is complete, as the national portal rejects a level whose
//!   level below was rejected. This reproduces most of the 2026 evaluators' values, but it is an
//!   inference, not a published rule: the result is marked as an estimate, and the value an
//!   assessor gave replaces it.
//! - **Another agency's index** ([`convert_external`]): the index's level bands map linearly onto
//!   the value bands (SDI 25 → 2.00, SDI 68.75 → 3.75).
//! - Without either, an indicator fed by an external index counts as 1 (see `scoring`).
//!
//! Everything is exact: values are `Decimal`s; a third of a band is 28 significant digits.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::framework::{Framework, ValueKind};
use crate::levels::MAX_LEVEL;

/// Where an indicator's value came from; the UI and the report say it beside the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueBasis {
    /// Entered by the user: a whole level, or the value an assessor gave.
    Assessor,
    /// Suggested from the completed butir ([`estimate_from_butir`]); an estimate.
    ButirEstimate,
    /// Converted from another agency's index ([`convert_external`]).
    ExternalIndex,
    /// An external indicator without its index, counted as 1 as the evaluators do.
    AssumedOne,
}

impl ValueBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueBasis::Assessor => "assessor",
            ValueBasis::ButirEstimate => "butir_estimate",
            ValueBasis::ExternalIndex => "external_index",
            ValueBasis::AssumedOne => "assumed_one",
        }
    }

    pub fn parse(s: &str) -> Option<ValueBasis> {
        [ValueBasis::Assessor, ValueBasis::ButirEstimate, ValueBasis::ExternalIndex, ValueBasis::AssumedOne]
            .into_iter()
            .find(|b| b.as_str() == s)
    }
}

/// How far the butir of one level are complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelProgress {
    pub level: u8,
    /// Butir of the level.
    pub butir: usize,
    /// The completed share: completed butir (or the sum of their weights) …
    #[serde(with = "rust_decimal::serde::str")]
    pub done: Decimal,
    /// … out of all butir (or the sum of all weights).
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    pub complete: bool,
    /// Whether the level moves the value: every level below it is complete.
    pub counted: bool,
}

/// The value the completed butir suggest; an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub indicator: String,
    /// Exact; e.g. 1.1666666666666666666666666667 for a third of level 1's band.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Always [`ValueBasis::ButirEstimate`].
    pub basis: ValueBasis,
    /// The highest level complete with every level below it; 0 when level 1 is not complete.
    pub level_complete: u8,
    pub levels: Vec<LevelProgress>,
    /// Completed butir that do not count, because a level below theirs is not complete.
    pub not_counted: Vec<String>,
    /// The lowest level that lists no butir, when the estimate stops there: beyond it only an
    /// assessor's value can say more.
    pub stops_at: Option<u8>,
}

fn input(id: String, en: String) -> Error {
    Error::new(ErrorCode::ScoreInputInvalid).with_detail(id, en)
}

fn require_decimal(fw: &Framework) -> Result<()> {
    if fw.values == ValueKind::Decimal {
        Ok(())
    } else {
        Err(input(
            format!("{} memakai tingkat bulat, bukan nilai desimal", fw.id),
            format!("{} uses whole levels, not decimal values", fw.id),
        ))
    }
}

/// The value the completed butir of an indicator suggest (see the module documentation).
/// `completed` holds butir ids of this indicator; an id it does not list is refused.
pub fn estimate_from_butir(fw: &Framework, indicator: &str, completed: &BTreeSet<String>) -> Result<Estimate> {
    require_decimal(fw)?;
    let ind = fw.require_indicator(indicator)?;
    if ind.valued_externally() {
        let index = &ind.external.as_ref().expect("valued externally").index;
        return Err(input(
            format!("indikator {}: nilainya berasal dari indeks {index}, bukan dari butir", ind.id),
            format!("indicator {}: its value comes from the index {index}, not from butir", ind.id),
        ));
    }
    for id in completed {
        if !(1..=MAX_LEVEL).any(|l| ind.butir(l).iter().any(|b| &b.id == id)) {
            return Err(input(
                format!("butir \"{id}\" bukan butir indikator {}", ind.id),
                format!("butir \"{id}\" is not a butir of indicator {}", ind.id),
            ));
        }
    }
    let bands = &fw.value_bands;
    let mut value = bands[0];
    let mut level_complete = 0;
    let mut stops_at = None;
    let mut still_counting = true;
    let mut levels = Vec::new();
    let mut not_counted = Vec::new();
    for level in 1..=MAX_LEVEL {
        let butir = ind.butir(level);
        let share = |b: &crate::framework::Butir| b.weight.unwrap_or(Decimal::ONE);
        let total: Decimal = butir.iter().map(share).sum();
        let done: Decimal = butir.iter().filter(|b| completed.contains(&b.id)).map(share).sum();
        let complete = !butir.is_empty() && done == total;
        let counted = still_counting && !butir.is_empty();
        if still_counting {
            if butir.is_empty() {
                stops_at = Some(level);
            } else {
                let (from, to) = (bands[usize::from(level) - 1], bands[usize::from(level)]);
                value = from + (to - from) * done / total;
                if complete {
                    level_complete = level;
                }
            }
        } else {
            not_counted.extend(butir.iter().filter(|b| completed.contains(&b.id)).map(|b| b.id.clone()));
        }
        still_counting = still_counting && complete;
        levels.push(LevelProgress { level, butir: butir.len(), done, total, complete, counted });
    }
    Ok(Estimate {
        indicator: ind.id.clone(),
        value: value.normalize(),
        basis: ValueBasis::ButirEstimate,
        level_complete,
        levels,
        not_counted,
        stops_at,
    })
}

/// Converts another agency's published index to an indicator value: the index's band k maps
/// linearly onto the value band of level k (the top band includes its upper end).
pub fn convert_external(fw: &Framework, index: &str, value: Decimal) -> Result<Decimal> {
    require_decimal(fw)?;
    let x = fw.external_index(index).ok_or_else(|| {
        input(
            format!("{} tidak mengenal indeks eksternal \"{index}\"", fw.id),
            format!("{} has no external index \"{index}\"", fw.id),
        )
    })?;
    let (low, high) = (x.bands[0], x.bands[5]);
    if value < low || value > high {
        return Err(input(
            format!("{} {}: di luar rentang {low}–{high}", x.name.id, value.normalize()),
            format!("{} {}: outside the range {low}–{high}", x.name.get(crate::Lang::En), value.normalize()),
        ));
    }
    let k = (1..=5).find(|&k| value < x.bands[k]).unwrap_or(5);
    let (from, to) = (fw.value_bands[k - 1], fw.value_bands[k]);
    let (b_from, b_to) = (x.bands[k - 1], x.bands[k]);
    Ok((from + (to - from) * (value - b_from) / (b_to - b_from)).normalize())
}

/// The value of an indicator fed by another agency's index, from that index's published value.
pub fn external_value(fw: &Framework, indicator: &str, index_value: Decimal) -> Result<Decimal> {
    let ind = fw.require_indicator(indicator)?;
    match &ind.external {
        Some(link) if ind.valued_externally() => convert_external(fw, &link.index, index_value),
        _ => Err(input(
            format!("indikator {} tidak bernilai dari indeks eksternal", ind.id),
            format!("indicator {} does not take its value from an external index", ind.id),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::shipped;
    use crate::scoring::{score_values, Values};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn pemdi() -> &'static Framework {
        shipped().iter().find(|f| f.id == "pemdi-2026").unwrap()
    }

    fn done(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn estimate(indicator: &str, ids: &[&str]) -> Estimate {
        estimate_from_butir(pemdi(), indicator, &done(ids)).unwrap()
    }

    #[test]
    fn completed_butir_move_the_value_across_the_band_of_their_level() {
        // Aspect 1, I1: level 1 (one butir) complete, two of level 2's four → 1.5 + 1 × 2/4.
        let e = estimate("1", &["I1.L1.1", "I1.L2.1", "I1.L2.2"]);
        assert_eq!((e.value, e.level_complete, e.basis), (d("2"), 1, ValueBasis::ButirEstimate));
        assert_eq!((e.levels[1].done, e.levels[1].total, e.levels[1].counted), (d("2"), d("4"), true));
        // Aspect 2, I4: two of level 1's three butir → 1 + 0.5 × 2/3.
        assert_eq!(estimate("4", &["I4.L1.1", "I4.L1.2"]).value.round_dp(4), d("1.3333"));
        // Aspect 4, I12: one of two → 1.25; aspect 5, I13: one of three → 1.1666….
        assert_eq!(estimate("12", &["I12.L1.1"]).value, d("1.25"));
        assert_eq!(estimate("13", &["I13.L1.1"]).value.round_dp(3), d("1.167"));
        // Aspect 6, I17: levels 1 and 2 complete → the top of level 2's band.
        let e = estimate("17", &["I17.L1.1", "I17.L1.2", "I17.L2.1", "I17.L2.2"]);
        assert_eq!((e.value, e.level_complete), (d("2.5"), 2));
        // Aspect 7, I20: nothing completed → 1, and level 1 is not complete.
        let e = estimate("20", &[]);
        assert_eq!((e.value, e.level_complete), (d("1"), 0));
    }

    #[test]
    fn a_level_counts_only_when_every_level_below_it_is_complete() {
        // Aspect 3, I8: all of level 2 but one butir of level 1 missing.
        let mut ids: Vec<String> = (2..=7).map(|n| format!("I8.L1.{n}")).collect();
        ids.extend((1..=7).map(|n| format!("I8.L2.{n}")));
        let e = estimate_from_butir(pemdi(), "8", &ids.iter().cloned().collect()).unwrap();
        assert_eq!(e.level_complete, 0);
        assert_eq!(e.value, (d("1") + d("0.5") * d("6") / d("7")).normalize());
        assert_eq!(e.not_counted.len(), 7);
        assert!(!e.levels[1].counted);
        // Completing the last butir of level 1 lets level 2 count: the top of its band.
        ids.push("I8.L1.1".into());
        let e = estimate_from_butir(pemdi(), "8", &ids.iter().cloned().collect()).unwrap();
        assert_eq!((e.level_complete, e.value, e.not_counted.len()), (2, d("2.5"), 0));
    }

    #[test]
    fn foreign_butir_external_indicators_and_whole_level_frameworks_are_refused() {
        assert!(estimate_from_butir(pemdi(), "1", &done(&["I2.L1.1"])).is_err());
        assert!(estimate_from_butir(pemdi(), "5", &done(&[])).is_err());
        assert!(estimate_from_butir(pemdi(), "99", &done(&[])).is_err());
        let spbe = shipped().iter().find(|f| f.id == "spbe-2020").unwrap();
        assert!(estimate_from_butir(spbe, "1", &done(&[])).is_err());
        assert!(convert_external(spbe, "sdi", d("25")).is_err());
    }

    #[test]
    fn an_agency_index_converts_by_the_documented_bands() {
        let fw = pemdi();
        // Module I5: SDI 25 → 2.00, SDI 68.75 → 3.75.
        assert_eq!(convert_external(fw, "sdi", d("25")).unwrap(), d("2"));
        assert_eq!(convert_external(fw, "sdi", d("68.75")).unwrap(), d("3.75"));
        // Band edges and the ends of the range.
        assert_eq!(convert_external(fw, "sdi", d("0")).unwrap(), d("1"));
        assert_eq!(convert_external(fw, "sdi", d("12.5")).unwrap(), d("1.5"));
        assert_eq!(convert_external(fw, "sdi", d("75")).unwrap(), d("4"));
        assert_eq!(convert_external(fw, "sdi", d("100")).unwrap(), d("5"));
        assert!(convert_external(fw, "sdi", d("100.01")).is_err());
        assert!(convert_external(fw, "sdi", d("-1")).is_err());
        assert!(convert_external(fw, "nope", d("1")).is_err());
        // Through the indicator: I5 takes SDI; I1 takes no index.
        assert_eq!(external_value(fw, "5", d("25")).unwrap(), d("2"));
        assert!(external_value(fw, "1", d("25")).is_err());
    }

    #[test]
    fn aceh_tengah_2026_from_its_accepted_butir_recomputes_exactly() {
        let fw = pemdi();
        let mut values = Values::new();
        // Accepted butir (AT-EVAL) where the model reproduces the assessor's value.
        for (ind, ids) in [
            ("1", &["I1.L1.1", "I1.L2.1", "I1.L2.2"][..]),
            ("2", &["I2.L1.1", "I2.L1.2"][..]),
            ("11", &["I11.L1.1"][..]),
            ("12", &["I12.L1.1"][..]),
            ("13", &["I13.L1.1"][..]),
            ("17", &["I17.L1.1", "I17.L1.2", "I17.L2.1", "I17.L2.2"][..]),
            ("8", &[][..]),
            ("9", &[][..]),
            ("10", &[][..]),
            ("14", &[][..]),
            ("15", &[][..]),
            ("16", &[][..]),
            ("19", &[][..]),
        ] {
            values.insert(ind.to_string(), estimate(ind, ids).value);
        }
        // The three the equal-share model misses: the assessor's values override it.
        for (ind, v) in [("3", "1.26"), ("4", "1.3"), ("20", "1.3")] {
            values.insert(ind.to_string(), d(v));
        }
        // I5, I6, I7, I18 (external) have no index yet: counted as 1 and said so.
        let s = score_values(fw, &values).unwrap();
        assert_eq!(s.external_assumed, ["5", "6", "7", "18"]);
        assert!(s.complete);
        let aspects: Vec<Decimal> = s.groups_of_kind("aspect").map(|g| g.index.round_dp(4)).collect();
        assert_eq!(aspects, ["1.75", "1.28", "1", "1.1667", "1.0833", "1.4", "1.18"].map(d));
        assert_eq!(s.index.round_dp(4), d("1.2413"));
        assert_eq!(s.predicate.name, "Kurang");
    }
}
