//! Sumedang's console: the charts of the hub's dashboard, drawn with the same chart code as the
//! regency's dashboard and its report (SVG for the app).

use livinglab_core::framework::{self, Framework};
use livinglab_core::{format, Error, Lang, Result};
use livinglab_hub::benchmark::{BenchmarkIssues, UnmatchedRow};
use livinglab_hub::dashboard::{Dashboard, RegionRow};
use livinglab_hub::{Benchmark, KeyStatus, RegionKey};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::charts;

/// A region's row of the console's dashboard and roster: the hub's row, with its rank, its
/// figures as the reader's language writes them and the region's key as the registry holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionLine {
    #[serde(flatten)]
    pub row: RegionRow,
    /// Its place among the regions that reported (the order of the hub's ranking).
    pub rank: Option<usize>,
    pub change_display: Option<String>,
    pub followup_display: Option<String>,
    /// The region's key in the registry: registered if one is, else first seen, else revoked.
    pub registry_key: Option<KeyStatus>,
}

/// The dashboard's rows as the console shows them.
pub fn lines(d: &Dashboard, keys: &[RegionKey], lang: Lang) -> Vec<RegionLine> {
    let parse = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<Decimal>().ok());
    let mut rank = 0;
    d.regions
        .iter()
        .map(|r| {
            let ranked = r.index.is_some().then(|| {
                rank += 1;
                rank
            });
            let registry_key = [KeyStatus::Registered, KeyStatus::FirstSeen, KeyStatus::Revoked]
                .into_iter()
                .find(|s| keys.iter().any(|k| k.region == r.code && k.status == *s));
            RegionLine {
                rank: ranked,
                change_display: parse(&r.change).map(|c| format::change(c, lang)),
                followup_display: parse(&r.followup_rate).map(|f| format::percent(f, lang)),
                registry_key,
                row: r.clone(),
            }
        })
        .collect()
}

/// A province's line of the benchmark, as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceLine {
    pub code: String,
    pub name: String,
    pub index_display: Option<String>,
    pub mean_display: Option<String>,
    pub kabupaten_kota: usize,
}

/// A row that needs a look because its published index is not the one its domains give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InconsistentLine {
    pub row: usize,
    pub instansi: String,
    pub published_display: String,
    pub computed_display: String,
}

/// A year of the national benchmark as the console shows it: its means, its provinces, and
/// the rows that need a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkView {
    pub year: i32,
    pub national_mean_display: String,
    pub provincial_mean_display: Option<String>,
    pub kabupaten_kota_mean_display: Option<String>,
    pub row_count: usize,
    pub provinces: Vec<ProvinceLine>,
    pub unmatched: Vec<UnmatchedRow>,
    pub inconsistent: Vec<InconsistentLine>,
}

/// Means to four decimals, as `hub benchmark show` prints them; an index to two.
pub fn benchmark_view(b: &Benchmark, issues: &BenchmarkIssues, lang: Lang) -> BenchmarkView {
    let mean = |m: Option<Decimal>| m.map(|v| format::decimal(v, 4, lang));
    BenchmarkView {
        year: b.year,
        national_mean_display: format::decimal(b.national_mean, 4, lang),
        provincial_mean_display: mean(b.provincial_mean),
        kabupaten_kota_mean_display: mean(b.kabupaten_kota_mean),
        row_count: b.rows.len(),
        provinces: b
            .provinces
            .iter()
            .map(|p| ProvinceLine {
                code: p.code.clone(),
                name: p.name.clone(),
                index_display: p.index.map(|i| format::index(i, lang)),
                mean_display: mean(p.kabupaten_kota_mean),
                kabupaten_kota: p.kabupaten_kota,
            })
            .collect(),
        unmatched: issues.unmatched.clone(),
        inconsistent: issues
            .inconsistent
            .iter()
            .map(|i| InconsistentLine {
                row: i.row,
                instansi: i.instansi.clone(),
                published_display: format::index(i.published, lang),
                computed_display: format::decimal(i.computed, 4, lang),
            })
            .collect(),
    }
}

/// The framework whose predicate bands a period's figures fall in.
fn framework_of(period: i32) -> &'static Framework {
    let shipped = framework::shipped();
    Framework::for_year(shipped, period).unwrap_or(&shipped[0])
}

/// Each predicate band of the period's framework (lowest first, named in `lang`) with the
/// regions the dashboard counts in it; bands nobody is in count zero.
pub fn distribution_counts(d: &Dashboard, lang: Lang) -> Vec<(String, usize)> {
    framework_of(d.period)
        .predicates
        .iter()
        .map(|band| {
            let count = d.distribution.iter().filter(|b| b.predicate == band.name.id).map(|b| b.count).sum();
            (band.name.get(lang).to_string(), count)
        })
        .collect()
}

/// The distribution over the predicate bands as an SVG chart.
pub fn distribution_svg(d: &Dashboard, lang: Lang) -> Result<String> {
    let counts = distribution_counts(d, lang);
    charts::svg(640, 260, |root| charts::distribution(root, &counts)).map_err(|e| Error::io("draw a chart", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use livinglab_hub::dashboard::Band;

    #[test]
    fn the_distribution_names_every_band_in_order_and_counts_each() {
        let d = Dashboard {
            period: 2024,
            due: None,
            expected: 3,
            received: 3,
            on_time: 0,
            regions: vec![],
            distribution: vec![
                Band { predicate: "Baik".into(), count: 2 },
                Band { predicate: "Memuaskan".into(), count: 1 },
            ],
            median_index: None,
        };
        let counts = distribution_counts(&d, Lang::En);
        assert_eq!(
            counts,
            [("Poor", 0), ("Fair", 0), ("Good", 2), ("Very good", 0), ("Excellent", 1)]
                .map(|(n, c)| (n.to_string(), c))
        );
        let svg = distribution_svg(&d, Lang::Id).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Sangat Baik") && svg.contains("Memuaskan"), "{svg}");
    }
}
