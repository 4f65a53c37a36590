//! Trends over periods: per period the median index of the expected regions (every region
//! that reported, when the hub has no roster), how many of them reported and how many are
//! expected, the same figures the period's dashboard gives; and per region its index in each
//! period, from its newest package of the period. Over the regions a [`RegionFilter`] keeps.

use std::collections::BTreeMap;

use livinglab_core::regions::{RegionKind, Regions};
use livinglab_core::Result;
use livinglab_store::db::sql_err;
use serde::Serialize;

use crate::dashboard::{median_of, region_name};
use crate::filter::RegionFilter;
use crate::hub::Hub;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPeriod {
    pub period: i32,
    /// The median of the counted regions' indices, exact to 4 decimals.
    pub median_index: Option<String>,
    /// Expected regions with a package of the period.
    pub received: usize,
    pub expected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub period: i32,
    /// The exact index of the region's newest package of the period.
    pub index: String,
    pub predicate: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendRegion {
    pub code: String,
    pub name: String,
    pub province: String,
    pub kind: Option<RegionKind>,
    pub expected: bool,
    /// Oldest period first; a period without a package has no point.
    pub points: Vec<TrendPoint>,
}

/// `hub trends --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trends {
    /// The regions it is over (the province as its code).
    pub filter: RegionFilter,
    /// Every period with a package or a due date, oldest first.
    pub periods: Vec<TrendPeriod>,
    /// The expected regions and every region that reported in any period, by code.
    pub regions: Vec<TrendRegion>,
}

impl Hub {
    /// The periods the hub knows: those with a package or a due date, oldest first.
    pub fn periods(&self) -> Result<Vec<i32>> {
        let mut stmt = self
            .conn
            .prepare("SELECT period FROM package UNION SELECT period FROM period_due ORDER BY period")
            .map_err(sql_err)?;
        let periods = stmt.query_map([], |r| r.get(0)).map_err(sql_err)?;
        periods.collect::<rusqlite::Result<Vec<i32>>>().map_err(sql_err)
    }

    /// Every period's median, reports and roster, and each region's index over the periods.
    pub fn trends(&self, filter: &RegionFilter) -> Result<Trends> {
        let filter = filter.resolved()?;
        let roster = self.roster(&filter)?;
        let mut points: BTreeMap<String, Vec<TrendPoint>> =
            roster.regions.keys().map(|code| (code.clone(), Vec::new())).collect();
        let mut periods = Vec::new();
        for period in self.periods()? {
            let heads = self.heads(period, &filter)?;
            periods.push(TrendPeriod {
                period,
                median_index: median_of(&heads, &roster).map(|m| m.round_dp(4).to_string()),
                received: heads.keys().filter(|code| roster.regions.contains_key(*code)).count(),
                expected: roster.regions.len(),
            });
            for (code, head) in heads {
                if head.index().is_some() {
                    points.entry(code).or_default().push(TrendPoint {
                        period,
                        index: head.index,
                        predicate: head.predicate,
                    });
                }
            }
        }
        let regions = Regions::get();
        let regions = points
            .into_iter()
            .map(|(code, points)| {
                let known = regions.find(&code);
                TrendRegion {
                    name: region_name(&code, &roster),
                    province: known.map(|r| r.province.clone()).unwrap_or_default(),
                    kind: known.map(|r| r.kind),
                    expected: roster.regions.contains_key(&code),
                    points,
                    code,
                }
            })
            .collect();
        Ok(Trends { filter, periods, regions })
    }
}
