//! Sumedang's console: the charts of the hub's dashboard, drawn with the same chart code as the
//! regency's dashboard and its report (SVG for the app).

use livinglab_core::framework::{self, Framework};
use livinglab_core::{format, Error, ErrorCode, Lang, Result};
use livinglab_hub::benchmark::{BenchmarkIssues, UnmatchedRow};
use livinglab_hub::dashboard::{Dashboard, RegionRow};
use livinglab_hub::trends::Trends;
use livinglab_hub::{Benchmark, Hub, KeyStatus, PackageComparison, RegionFilter, RegionKey};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::charts;

/// A region's row of the console's dashboard and roster: the hub's row, with its figures as
/// the reader's language writes them and the region's key as the registry holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionLine {
    #[serde(flatten)]
    pub row: RegionRow,
    /// The predicate in the reader's language (the package gives it in Indonesian).
    pub predicate_display: Option<String>,
    pub change_display: Option<String>,
    pub followup_display: Option<String>,
    pub official_display: Option<String>,
    pub gap_display: Option<String>,
    /// The region's key in the registry: registered if one is, else first seen, else revoked.
    pub registry_key: Option<KeyStatus>,
}

/// The dashboard's rows as the console shows them.
pub fn lines(d: &Dashboard, keys: &[RegionKey], lang: Lang) -> Vec<RegionLine> {
    let parse = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<Decimal>().ok());
    let bands = &framework_of(d.period).predicates;
    d.regions
        .iter()
        .map(|r| {
            let predicate_display = r.predicate.as_ref().map(|p| {
                bands.iter().find(|b| b.name.id == *p).map_or_else(|| p.clone(), |b| b.name.get(lang).to_string())
            });
            let registry_key = [KeyStatus::Registered, KeyStatus::FirstSeen, KeyStatus::Revoked]
                .into_iter()
                .find(|s| keys.iter().any(|k| k.region == r.code && k.status == *s));
            RegionLine {
                predicate_display,
                // As the reader subtracts the two shown indices (the row's and the one before).
                change_display: match (parse(&r.index), parse(&r.change)) {
                    (Some(now), Some(c)) => Some(format::change_between(now, now - c, lang)),
                    (None, Some(c)) => Some(format::change(c, lang)),
                    _ => None,
                },
                followup_display: parse(&r.followup_rate).map(|f| format::percent(f, lang)),
                official_display: parse(&r.official_index).map(|i| format::index(i, lang)),
                gap_display: parse(&r.gap).map(|g| format::change(g, lang)),
                registry_key,
                row: r.clone(),
            }
        })
        .collect()
}

/// The dashboard of a period as a file, as `hub export` writes it: the workbook (ranking,
/// distribution, heat map, targets and trends) or the ranking as CSV.
pub fn export(hub: &Hub, period: i32, filter: &RegionFilter, format: &str, lang: Lang) -> Result<Vec<u8>> {
    let d = hub.dashboard(period, filter, lang)?;
    match format.trim().to_lowercase().as_str() {
        "xlsx" => crate::xlsx::hub_workbook(&d, &hub.heat_map(period, filter)?, &hub.trends(filter)?, &hub.info().name),
        "csv" => Ok(d.csv()?.into_bytes()),
        other => Err(Error::new(ErrorCode::RequiredMissing).with("field", format!("xlsx|csv (not {other})"))),
    }
}

/// A period of the trends as the console's table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendLine {
    pub period: i32,
    pub median_display: Option<String>,
    pub received: usize,
    pub expected: usize,
}

/// The trends' periods, latest first, with the median written out.
pub fn trend_lines(t: &Trends, lang: Lang) -> Vec<TrendLine> {
    t.periods
        .iter()
        .rev()
        .map(|p| TrendLine {
            period: p.period,
            median_display: p.median_index.as_deref().and_then(|m| m.parse().ok()).map(|m| format::index(m, lang)),
            received: p.received,
            expected: p.expected,
        })
        .collect()
}

/// The trends as a chart: each region's index over the periods (thin) and the median of the
/// counted regions (bold), over the predicate bands of the latest period's framework.
pub fn trends_svg(t: &Trends, lang: Lang) -> Result<Option<String>> {
    let parse = |s: &str| s.parse::<Decimal>().ok();
    let median: Vec<charts::TrendPoint> = t
        .periods
        .iter()
        .filter_map(|p| Some(charts::TrendPoint { year: p.period, value: parse(p.median_index.as_deref()?)? }))
        .collect();
    if median.is_empty() {
        return Ok(None);
    }
    let regions: Vec<Vec<charts::TrendPoint>> = t
        .regions
        .iter()
        .map(|r| {
            r.points
                .iter()
                .filter_map(|p| Some(charts::TrendPoint { year: p.period, value: parse(&p.index)? }))
                .collect()
        })
        .collect();
    let years: Vec<i32> = t.periods.iter().map(|p| p.period).collect();
    let bands = &framework_of(*years.last().unwrap_or(&2024)).predicates;
    charts::svg(520, 300, |root| charts::median_trend(root, &years, &regions, &median, bands, lang))
        .map(Some)
        .map_err(|e| Error::io("draw a chart", e))
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

/// A region's self-assessed index beside its official one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionGap {
    pub code: String,
    pub name: String,
    pub province: String,
    pub expected: bool,
    pub self_display: Option<String>,
    pub official_display: Option<String>,
    pub gap_display: Option<String>,
    /// The mean official index of the kabupaten/kota of its province in that year.
    pub province_mean_display: Option<String>,
}

/// The regions of a period beside the official results of the year the hub sets them against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionGaps {
    pub period: i32,
    /// The year of national results: the newest not after the period.
    pub year: Option<i32>,
    pub national_mean_display: Option<String>,
    pub kabupaten_kota_mean_display: Option<String>,
    pub rows: Vec<RegionGap>,
}

/// The dashboard's regions (those expected or that reported) with the gap to their official
/// index; `official` is the benchmark of the dashboard's `benchmark_year`.
pub fn region_gaps(d: &Dashboard, official: Option<&Benchmark>, lang: Lang) -> RegionGaps {
    let parse = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<Decimal>().ok());
    let province_mean = |code: &str| {
        let province = code.split('.').next().unwrap_or_default();
        official
            .and_then(|b| b.provinces.iter().find(|p| p.code == province))
            .and_then(|p| p.kabupaten_kota_mean)
            .map(|m| format::decimal(m, 4, lang))
    };
    RegionGaps {
        period: d.period,
        year: d.benchmark_year,
        national_mean_display: official.map(|b| format::decimal(b.national_mean, 4, lang)),
        kabupaten_kota_mean_display: official.and_then(|b| b.kabupaten_kota_mean).map(|m| format::decimal(m, 4, lang)),
        rows: d
            .regions
            .iter()
            .filter(|r| r.expected || r.index.is_some())
            .map(|r| RegionGap {
                code: r.code.clone(),
                name: r.name.clone(),
                province: r.province.clone(),
                expected: r.expected,
                self_display: parse(&r.index).map(|i| format::index(i, lang)),
                official_display: parse(&r.official_index).map(|i| format::index(i, lang)),
                gap_display: parse(&r.gap).map(|g| format::change(g, lang)),
                province_mean_display: province_mean(&r.code),
            })
            .collect(),
    }
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
    /// The regions of the hub's latest period beside their official index.
    pub gaps: Option<RegionGaps>,
}

/// Means to four decimals, as `hub benchmark show` prints them; an index to two.
pub fn benchmark_view(b: &Benchmark, issues: &BenchmarkIssues, gaps: Option<RegionGaps>, lang: Lang) -> BenchmarkView {
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
        gaps,
    }
}

/// The provinces of a dashboard's regions (code, name), for a filter to choose from.
pub fn provinces_of(d: &Dashboard) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in &d.regions {
        let Some(region) = livinglab_core::regions::Regions::get().find(&r.code) else { continue };
        if out.iter().all(|(c, _)| *c != region.province_code) {
            out.push((region.province_code.clone(), region.province.clone()));
        }
    }
    out.sort();
    out
}

/// Two packages of one region compared, with the index change written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonView {
    #[serde(flatten)]
    pub comparison: PackageComparison,
    pub old_index_display: String,
    pub new_index_display: String,
    pub index_change_display: Option<String>,
}

pub fn comparison_view(c: PackageComparison, lang: Lang) -> ComparisonView {
    let shown = |s: &str| s.parse::<Decimal>().map(|i| format::index(i, lang)).unwrap_or_else(|_| s.to_string());
    ComparisonView {
        old_index_display: shown(&c.old.index),
        new_index_display: shown(&c.new.index),
        index_change_display: c.index_change.as_deref().and_then(|v| v.parse().ok()).map(|v| format::change(v, lang)),
        comparison: c,
    }
}

/// The framework whose predicate bands a period's figures fall in.
fn framework_of(period: i32) -> &'static Framework {
    let shipped = framework::shipped();
    Framework::for_year(shipped, period).unwrap_or(shipped[0])
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

/// The distribution over the predicate bands as an SVG chart (the recap report's chart).
pub fn distribution_svg(d: &Dashboard, lang: Lang) -> Result<String> {
    let counts: Vec<usize> = distribution_counts(d, lang).into_iter().map(|(_, c)| c).collect();
    let bands = &framework_of(d.period).predicates;
    charts::svg(520, 280, |root| charts::band_counts(root, &counts, bands, lang))
        .map_err(|e| Error::io("draw a chart", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use livinglab_hub::dashboard::Band;

    #[test]
    fn the_distribution_names_every_band_in_order_and_counts_each() {
        let d = Dashboard {
            period: 2024,
            filter: RegionFilter::default(),
            benchmark_year: None,
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
