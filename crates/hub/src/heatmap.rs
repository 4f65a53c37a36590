//! The heat map of a period: regions × indicators, each cell the level a region's newest
//! package of the period gives the indicator and the target it set, with the state the two
//! make (below the target, at or above it, no target, not assessed).
//!
//! Rows are the dashboard's regions that have a package, in its ranking order (the same
//! filter, the same ranks). Columns are the indicators, in order, of the framework most of
//! those packages were assessed against (on a tie, the one of the higher-ranked region); with
//! no package, of the framework that governs the period. A package of another framework has
//! every cell not assessed; one of another version of the same framework is matched by
//! indicator id. Each package's data is read defensively: a missing answer, level or target is
//! an absent value, never an error.

use std::collections::BTreeMap;

use livinglab_core::framework::{self, Framework, Text};
use livinglab_core::levels;
use livinglab_core::regions::RegionKind;
use livinglab_core::{Lang, Result};
use serde::Serialize;
use serde_json::Value;

use crate::filter::RegionFilter;
use crate::hub::Hub;

/// A framework as a package names it (`data.framework`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
    pub name: String,
}

impl FrameworkRef {
    /// The framework a package's data names; None when it names none.
    pub fn of_data(data: &Value) -> Option<FrameworkRef> {
        let f = &data["framework"];
        Some(FrameworkRef {
            id: f["id"].as_str()?.to_string(),
            version: f["version"].as_str()?.to_string(),
            name: f["name"].as_str().unwrap_or_default().to_string(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// A level below the target the region set.
    BelowTarget,
    /// A level at or above the target.
    AtOrAboveTarget,
    /// A level, and no target set.
    NoTarget,
    /// No level (the indicator is not assessed in the package, or the package is of another
    /// framework).
    NotAssessed,
}

impl CellState {
    fn of(level: Option<u8>, target: Option<u8>) -> CellState {
        match (level, target) {
            (None, _) => CellState::NotAssessed,
            (Some(_), None) => CellState::NoTarget,
            (Some(l), Some(t)) if l < t => CellState::BelowTarget,
            _ => CellState::AtOrAboveTarget,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatCell {
    pub level: Option<u8>,
    pub target: Option<u8>,
    pub state: CellState,
}

/// How many of a column's or a row's cells are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StateCounts {
    pub below_target: usize,
    pub at_or_above_target: usize,
    pub no_target: usize,
    pub not_assessed: usize,
}

impl StateCounts {
    fn add(&mut self, state: CellState) {
        match state {
            CellState::BelowTarget => self.below_target += 1,
            CellState::AtOrAboveTarget => self.at_or_above_target += 1,
            CellState::NoTarget => self.no_target += 1,
            CellState::NotAssessed => self.not_assessed += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatColumn {
    /// The indicator's id in its framework.
    pub indicator: String,
    pub number: u32,
    pub name: Text,
    /// The name without the words every indicator repeats, for a column head.
    pub short_name: Text,
    pub counts: StateCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatRow {
    pub code: String,
    pub name: String,
    pub province: String,
    pub kind: Option<RegionKind>,
    pub expected: bool,
    /// The dashboard's rank.
    pub rank: Option<usize>,
    pub package_id: String,
    pub seq: Option<i64>,
    pub index: Option<String>,
    pub predicate: Option<String>,
    /// The framework the package was assessed against (None when its data names none).
    pub framework: Option<FrameworkRef>,
    /// One a column, in the columns' order.
    pub cells: Vec<HeatCell>,
    pub counts: StateCounts,
}

/// `hub heatmap --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatMap {
    pub period: i32,
    /// The regions it is over (the province as its code).
    pub filter: RegionFilter,
    /// The framework of the columns.
    pub framework: Option<FrameworkRef>,
    pub columns: Vec<HeatColumn>,
    pub rows: Vec<HeatRow>,
}

/// A level or target as the data gives it: a whole number 1–5, else absent.
fn level(v: &Value) -> Option<u8> {
    v.as_u64().and_then(|l| u8::try_from(l).ok()).filter(|l| levels::is_level(*l))
}

/// (level, target) by indicator id, from a package's `data.answers`.
pub(crate) fn answers_of(data: &Value) -> BTreeMap<String, (Option<u8>, Option<u8>)> {
    data["answers"]
        .as_array()
        .map(|answers| {
            answers
                .iter()
                .filter_map(|a| Some((a["indicator"].as_str()?.to_string(), (level(&a["level"]), level(&a["target"])))))
                .collect()
        })
        .unwrap_or_default()
}

impl Hub {
    /// The framework a package was assessed against: the shipped one of its id and version,
    /// else the framework file the package carries (an imported framework), else the latest
    /// shipped version of its id. None when none of them is there.
    pub(crate) fn package_framework(&self, package_id: &str, named: &FrameworkRef) -> Option<Framework> {
        if let Some(f) = framework::shipped_with_id(&named.id).find(|f| f.version == named.version) {
            return Some(f.clone());
        }
        let carried = self
            .package_file(package_id, "framework")
            .ok()
            .flatten()
            .and_then(|sha| self.blob_bytes(&sha))
            .and_then(|bytes| Framework::from_json(std::str::from_utf8(&bytes).ok()?).ok())
            .filter(|f| f.id == named.id);
        carried.or_else(|| {
            framework::shipped_with_id(&named.id)
                .max_by(|a, b| framework::compare_versions(&a.version, &b.version))
                .cloned()
        })
    }

    /// The heat map of `period` over the regions `filter` keeps (see the module documentation).
    pub fn heat_map(&self, period: i32, filter: &RegionFilter) -> Result<HeatMap> {
        let dashboard = self.dashboard(period, filter, Lang::Id)?;
        let mut received = Vec::new();
        for row in dashboard.regions {
            let Some(package_id) = row.package_id.clone() else { continue };
            let data = self.package_data(&package_id)?.unwrap_or(Value::Null);
            received.push((row, package_id, FrameworkRef::of_data(&data), answers_of(&data)));
        }

        // The framework most packages name; on a tie the higher-ranked region's.
        let mut uses: Vec<(&FrameworkRef, usize, usize, &str)> = Vec::new();
        for (place, (_, package_id, named, _)) in received.iter().enumerate() {
            let Some(named) = named else { continue };
            match uses.iter_mut().find(|(f, ..)| *f == named) {
                Some(entry) => entry.1 += 1,
                None => uses.push((named, 1, place, package_id)),
            }
        }
        uses.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        let chosen = uses
            .first()
            .and_then(|(named, _, _, package_id)| Some(((*named).clone(), self.package_framework(package_id, named)?)));
        let (framework_ref, fw) = match chosen {
            Some((named, fw)) => (Some(named), Some(fw)),
            None => {
                let fw = Framework::for_year(framework::shipped(), period).cloned();
                let named = fw.as_ref().map(|f| FrameworkRef {
                    id: f.id.clone(),
                    version: f.version.clone(),
                    name: f.name.id.clone(),
                });
                (named, fw)
            }
        };
        let indicators = fw.as_ref().map(|f| f.indicators.as_slice()).unwrap_or_default();
        let mut columns: Vec<HeatColumn> = indicators
            .iter()
            .map(|i| HeatColumn {
                indicator: i.id.clone(),
                number: i.number,
                name: i.name.clone(),
                short_name: i.short_name(),
                counts: StateCounts::default(),
            })
            .collect();

        let same_framework =
            |named: &Option<FrameworkRef>| matches!((named, &framework_ref), (Some(a), Some(b)) if a.id == b.id);
        let mut rows = Vec::new();
        for (row, package_id, named, answers) in received {
            let comparable = same_framework(&named);
            let mut counts = StateCounts::default();
            let cells: Vec<HeatCell> = columns
                .iter_mut()
                .map(|column| {
                    let (level, target) = if comparable {
                        answers.get(&column.indicator).copied().unwrap_or_default()
                    } else {
                        (None, None)
                    };
                    let state = CellState::of(level, target);
                    column.counts.add(state);
                    counts.add(state);
                    HeatCell { level, target, state }
                })
                .collect();
            rows.push(HeatRow {
                code: row.code,
                name: row.name,
                province: row.province,
                kind: row.kind,
                expected: row.expected,
                rank: row.rank,
                package_id,
                seq: row.seq,
                index: row.index,
                predicate: row.predicate,
                framework: named,
                cells,
                counts,
            });
        }
        Ok(HeatMap { period, filter: dashboard.filter, framework: framework_ref, columns, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_cell_has_a_state_from_its_level_and_target() {
        assert_eq!(CellState::of(None, Some(3)), CellState::NotAssessed);
        assert_eq!(CellState::of(Some(2), None), CellState::NoTarget);
        assert_eq!(CellState::of(Some(2), Some(3)), CellState::BelowTarget);
        assert_eq!(CellState::of(Some(3), Some(3)), CellState::AtOrAboveTarget);
        assert_eq!(CellState::of(Some(5), Some(3)), CellState::AtOrAboveTarget);
    }

    #[test]
    fn answers_are_read_defensively() {
        let data = json!({"answers": [
            {"indicator": "1", "level": 3, "target": 4},
            {"indicator": "2", "level": "3"},
            {"indicator": "3", "level": 9, "target": 0},
            {"level": 2},
            "not an answer",
            {"indicator": "4"},
        ]});
        let a = answers_of(&data);
        assert_eq!(a.get("1"), Some(&(Some(3), Some(4))));
        assert_eq!(a.get("2"), Some(&(None, None)));
        assert_eq!(a.get("3"), Some(&(None, None)));
        assert_eq!(a.get("4"), Some(&(None, None)));
        assert_eq!(a.len(), 4);
        assert!(answers_of(&json!({"answers": {"1": 3}})).is_empty());
        assert!(answers_of(&Value::Null).is_empty());
        assert_eq!(FrameworkRef::of_data(&json!({"framework": {"id": 1}})), None);
    }
}
