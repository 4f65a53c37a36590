//! What changed between two packages of one region: the index, each indicator's level and
//! target, the evidence (a file by its name and SHA-256, a link by its address, each under its
//! indicator), and the follow-up actions (by id: added, removed, status, progress or due date
//! changed). Whichever order the two are given in, `old` is the earlier one (by period, then
//! seq). Packages of two regions are refused (`hub.compare_regions_differ`). The packages'
//! data is read defensively: what it lacks is absent, never an error.

use std::collections::{BTreeMap, BTreeSet};

use livinglab_core::framework::Text;
use livinglab_core::regions::Regions;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::db::sql_err;
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::heatmap::{answers_of, FrameworkRef};
use crate::hub::Hub;

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparedPackage {
    pub package_id: String,
    pub period: i32,
    pub seq: i64,
    pub index: String,
    pub predicate: String,
    pub review: String,
    pub received_at: String,
    pub framework: Option<FrameworkRef>,
}

/// An indicator whose level or target differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    pub indicator: String,
    /// Its number and short name in the newer package's framework (None when it has none).
    pub number: Option<u32>,
    pub name: Option<Text>,
    pub old_level: Option<u8>,
    pub new_level: Option<u8>,
    pub old_target: Option<u8>,
    pub new_target: Option<u8>,
}

/// An evidence item: a file by name and SHA-256, or a link by its address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EvidenceRef {
    pub indicator: String,
    /// The original file name, or the title of a link.
    pub name: String,
    pub sha256: Option<String>,
    pub url: Option<String>,
    /// `<indikator>.<huruf>.<nama>` as the region's app shows it.
    pub display_name: String,
}

/// A follow-up action as a package lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRef {
    pub id: String,
    pub title: String,
    pub status: Option<String>,
    pub progress: Option<u64>,
    pub due: Option<String>,
}

/// An action in both packages whose status, progress or due date differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionChange {
    pub id: String,
    pub title: String,
    pub old_status: Option<String>,
    pub new_status: Option<String>,
    pub old_progress: Option<u64>,
    pub new_progress: Option<u64>,
    pub old_due: Option<String>,
    pub new_due: Option<String>,
}

/// `hub compare --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageComparison {
    pub region: String,
    pub name: String,
    pub old: ComparedPackage,
    pub new: ComparedPackage,
    /// New index minus old, exact to 4 decimals.
    pub index_change: Option<String>,
    /// In the newer framework's indicator order (indicators it does not hold last, by id).
    pub levels: Vec<LevelChange>,
    pub evidence_added: Vec<EvidenceRef>,
    pub evidence_removed: Vec<EvidenceRef>,
    pub actions_added: Vec<ActionRef>,
    pub actions_removed: Vec<ActionRef>,
    pub actions_changed: Vec<ActionChange>,
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn evidence_of(data: &Value) -> BTreeSet<EvidenceRef> {
    let items = data["evidence"].as_array().map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .filter_map(|e| {
            Some(EvidenceRef {
                indicator: text(&e["indicator"])?,
                name: text(&e["name"]).unwrap_or_default(),
                sha256: text(&e["sha256"]),
                url: text(&e["url"]),
                display_name: text(&e["display_name"]).unwrap_or_default(),
            })
        })
        .collect()
}

fn actions_of(data: &Value) -> BTreeMap<String, ActionRef> {
    let items = data["actions"].as_array().map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .filter_map(|a| {
            let id = text(&a["id"])?;
            Some((
                id.clone(),
                ActionRef {
                    id,
                    title: text(&a["title"]).unwrap_or_default(),
                    status: text(&a["status"]),
                    progress: a["progress"].as_u64(),
                    due: text(&a["due"]),
                },
            ))
        })
        .collect()
}

/// Two evidence sets apart, each item by what identifies it (indicator, name, hash or link).
fn difference(from: &BTreeSet<EvidenceRef>, to: &BTreeSet<EvidenceRef>) -> Vec<EvidenceRef> {
    let key = |e: &EvidenceRef| (e.indicator.clone(), e.name.clone(), e.sha256.clone(), e.url.clone());
    let keys: BTreeSet<_> = to.iter().map(key).collect();
    from.iter().filter(|e| !keys.contains(&key(e))).cloned().collect()
}

impl Hub {
    fn compared(&self, package_id: &str) -> Result<(String, ComparedPackage, Value)> {
        let (region, period, seq, index, predicate, review, received_at) = self
            .conn
            .query_row(
                "SELECT region_code, period, seq, index_value, predicate, review, received_at FROM package
                 WHERE package_id = ?1",
                [package_id],
                |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", package_id))?;
        let data = self.package_data(package_id)?.unwrap_or(Value::Null);
        let side = ComparedPackage {
            package_id: package_id.to_string(),
            period,
            seq,
            index,
            predicate,
            review,
            received_at,
            framework: FrameworkRef::of_data(&data),
        };
        Ok((region, side, data))
    }

    /// What changed from one package of a region to another (see the module documentation).
    pub fn compare(&self, a: &str, b: &str) -> Result<PackageComparison> {
        let (region_a, side_a, data_a) = self.compared(a)?;
        let (region_b, side_b, data_b) = self.compared(b)?;
        if region_a != region_b {
            return Err(Error::new(ErrorCode::CompareRegionsDiffer)
                .with("a", a)
                .with("a_region", region_a)
                .with("b", b)
                .with("b_region", region_b));
        }
        let ((old, old_data), (new, new_data)) = if (side_b.period, side_b.seq) < (side_a.period, side_a.seq) {
            ((side_b, data_b), (side_a, data_a))
        } else {
            ((side_a, data_a), (side_b, data_b))
        };

        let fw = new.framework.as_ref().and_then(|named| self.package_framework(&new.package_id, named));
        let (old_answers, new_answers) = (answers_of(&old_data), answers_of(&new_data));
        let mut ids: Vec<&String> =
            old_answers.keys().chain(new_answers.keys()).collect::<BTreeSet<_>>().into_iter().collect();
        let place =
            |id: &str| fw.as_ref().and_then(|f| f.indicators.iter().position(|i| i.id == id)).unwrap_or(usize::MAX);
        ids.sort_by_key(|id| place(id));
        let levels = ids
            .into_iter()
            .filter_map(|id| {
                let (old_level, old_target) = old_answers.get(id).copied().unwrap_or_default();
                let (new_level, new_target) = new_answers.get(id).copied().unwrap_or_default();
                if (old_level, old_target) == (new_level, new_target) {
                    return None;
                }
                let indicator = fw.as_ref().and_then(|f| f.indicator(id));
                Some(LevelChange {
                    indicator: id.clone(),
                    number: indicator.map(|i| i.number),
                    name: indicator.map(|i| i.short_name()),
                    old_level,
                    new_level,
                    old_target,
                    new_target,
                })
            })
            .collect();

        let (old_evidence, new_evidence) = (evidence_of(&old_data), evidence_of(&new_data));
        let (old_actions, new_actions) = (actions_of(&old_data), actions_of(&new_data));
        let actions_changed = new_actions
            .values()
            .filter_map(|n| {
                let o = old_actions.get(&n.id)?;
                let same = (&o.status, o.progress, &o.due) == (&n.status, n.progress, &n.due);
                (!same).then(|| ActionChange {
                    id: n.id.clone(),
                    title: n.title.clone(),
                    old_status: o.status.clone(),
                    new_status: n.status.clone(),
                    old_progress: o.progress,
                    new_progress: n.progress,
                    old_due: o.due.clone(),
                    new_due: n.due.clone(),
                })
            })
            .collect();
        let only_in = |from: &BTreeMap<String, ActionRef>, to: &BTreeMap<String, ActionRef>| {
            from.values().filter(|a| !to.contains_key(&a.id)).cloned().collect::<Vec<_>>()
        };
        let index_change = match (old.index.parse::<Decimal>(), new.index.parse::<Decimal>()) {
            (Ok(o), Ok(n)) => Some((n - o).round_dp(4).to_string()),
            _ => None,
        };
        Ok(PackageComparison {
            name: Regions::get().find(&region_a).map_or_else(|| region_a.clone(), |r| r.name.clone()),
            region: region_a,
            index_change,
            levels,
            evidence_added: difference(&new_evidence, &old_evidence),
            evidence_removed: difference(&old_evidence, &new_evidence),
            actions_added: only_in(&new_actions, &old_actions),
            actions_removed: only_in(&old_actions, &new_actions),
            actions_changed,
            old,
            new,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evidence_is_told_apart_by_indicator_name_and_hash() {
        let old = evidence_of(&json!({"evidence": [
            {"indicator": "1", "name": "perbup.pdf", "sha256": "aa", "display_name": "1.a.perbup.pdf"},
            {"indicator": "2", "name": "sk.pdf", "sha256": "bb", "display_name": "2.a.sk.pdf"},
            {"name": "no indicator"},
        ]}));
        let new = evidence_of(&json!({"evidence": [
            // The same file, renamed by its letter only: the same item.
            {"indicator": "1", "name": "perbup.pdf", "sha256": "aa", "display_name": "1.b.perbup.pdf"},
            {"indicator": "2", "name": "sk.pdf", "sha256": "cc", "display_name": "2.a.sk.pdf"},
            {"indicator": "3", "name": "Portal", "url": "https://example.go.id", "display_name": "3.a.Portal"},
        ]}));
        let added = difference(&new, &old);
        let removed = difference(&old, &new);
        assert_eq!(added.iter().map(|e| e.indicator.as_str()).collect::<Vec<_>>(), ["2", "3"]);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].sha256.as_deref(), Some("bb"));
        assert!(evidence_of(&json!({"evidence": "none"})).is_empty());
    }
}
