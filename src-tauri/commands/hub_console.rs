//! The coordinators' console in hub mode: a period's dashboard and roster, a package opened
//! (its documents and evidence, its reviews), reviewing it and giving the region the signed
//! review file, unlocking a period, the exports, and the national benchmark. Each command calls
//! the hub crate (or the documents crate for charts and files) and returns its value or error.

use livinglab_core::package_review::{IndicatorNote, ReviewState};
use livinglab_core::{format, Error, ErrorCode, Result};
use livinglab_documents::common::Issuer;
use livinglab_documents::hub::{
    benchmark_view, comparison_view, distribution_svg, export, lines, provinces_of, region_gaps, trend_lines,
    trends_svg, BenchmarkView, ComparisonView, RegionLine, TrendLine,
};
use livinglab_documents::recap;
use livinglab_documents::seal::Sealer;
use livinglab_hub::dashboard::{parse_roster, Dashboard, ExpectedRegion};
use livinglab_hub::trends::Trends;
use livinglab_hub::{BenchmarkImport, HeatMap, ManualMatch, PackageDetail, RegionFilter, ReviewRow};
use livinglab_sign::keystore::Keystore;
use serde::Serialize;
use tauri::ipc::Request;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use super::documents::{ask_save_path_as, file_safe};
use super::signing::{blocking, header_text, raw_body};

#[derive(Serialize)]
pub struct HubDashboardView {
    /// Every period the hub knows, latest first (the one asked for among them).
    pub periods: Vec<i32>,
    pub dashboard: Dashboard,
    pub lines: Vec<RegionLine>,
    pub expected: Vec<ExpectedRegion>,
    pub distribution_svg: String,
    pub median_display: Option<String>,
    pub due_display: Option<String>,
    /// The provinces of the regions the hub follows (expected or reported), for the filter.
    pub provinces: Vec<(String, String)>,
}

fn filter_of(province: Option<String>, kind: Option<String>) -> Result<RegionFilter> {
    let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    RegionFilter::parse(blank(province).as_deref(), blank(kind).as_deref())
}

/// A period's dashboard and roster over the regions the filter keeps; with no period, the
/// latest one the hub knows (this year when it knows none).
#[tauri::command]
pub async fn hub_dashboard(
    app: AppHandle,
    period: Option<i32>,
    this_year: i32,
    province: Option<String>,
    kind: Option<String>,
) -> Result<HubDashboardView> {
    blocking(&app, move |state| {
        let lang = state.language();
        let filter = filter_of(province, kind)?;
        state.with_hub(|hub| {
            let mut periods = hub.periods()?;
            periods.reverse();
            let period = period.or(periods.first().copied()).unwrap_or(this_year);
            if !periods.contains(&period) {
                periods.push(period);
                periods.sort_by_key(|p| std::cmp::Reverse(*p));
            }
            let dashboard = hub.dashboard(period, &filter, lang)?;
            let all = hub.dashboard(period, &RegionFilter::default(), lang)?;
            Ok(HubDashboardView {
                periods,
                lines: lines(&dashboard, &hub.keys()?, lang),
                expected: hub.expected()?,
                distribution_svg: distribution_svg(&dashboard, lang)?,
                median_display: dashboard
                    .median_index
                    .as_deref()
                    .and_then(|m| m.parse().ok())
                    .map(|m| format::index(m, lang)),
                due_display: dashboard
                    .due
                    .as_deref()
                    .and_then(|d| format::parse_date(d).ok())
                    .map(|d| format::date_long(d, lang)),
                provinces: provinces_of(&all),
                dashboard,
            })
        })
    })
    .await
}

#[derive(Serialize)]
pub struct HubHeatMapView {
    pub heat_map: HeatMap,
    pub trends: Trends,
    pub trend_rows: Vec<TrendLine>,
    pub trends_svg: Option<String>,
}

/// The heat map of a period (regions × indicators) and the trends over the periods, over the
/// regions the filter keeps.
#[tauri::command]
pub async fn hub_heat_map(
    app: AppHandle,
    period: i32,
    province: Option<String>,
    kind: Option<String>,
) -> Result<HubHeatMapView> {
    blocking(&app, move |state| {
        let lang = state.language();
        let filter = filter_of(province, kind)?;
        state.with_hub(|hub| {
            let trends = hub.trends(&filter)?;
            Ok(HubHeatMapView {
                heat_map: hub.heat_map(period, &filter)?,
                trends_svg: trends_svg(&trends, lang)?,
                trend_rows: trend_lines(&trends, lang),
                trends,
            })
        })
    })
    .await
}

/// What changed between two packages of one region.
#[tauri::command]
pub async fn hub_compare(app: AppHandle, a: String, b: String) -> Result<ComparisonView> {
    blocking(&app, move |state| {
        let lang = state.language();
        state.with_hub(|hub| Ok(comparison_view(hub.compare(&a, &b)?, lang)))
    })
    .await
}

/// Replaces the roster with the codes of a file's text (one code a line, or a signatory CSV);
/// a file with a bad line changes nothing.
#[tauri::command]
pub async fn hub_set_roster(app: AppHandle, text: String) -> Result<Vec<ExpectedRegion>> {
    blocking(&app, move |state| {
        let roster = parse_roster(&text)?;
        if roster.is_empty() {
            return Err(Error::new(ErrorCode::RequiredMissing).with("field", "kode daerah / region code"));
        }
        state.with_hub(|hub| hub.set_expected(&roster))?;
        Ok(roster)
    })
    .await
}

#[tauri::command]
pub async fn hub_set_due(app: AppHandle, period: i32, date: String) -> Result<()> {
    blocking(&app, move |state| {
        let date = format::parse_date(&date)?;
        state.with_hub(|hub| hub.set_due(period, date))
    })
    .await
}

#[tauri::command]
pub async fn hub_package(app: AppHandle, package_id: String) -> Result<PackageDetail> {
    blocking(&app, move |state| {
        let lang = state.language();
        state.with_hub(|hub| hub.package_detail(&package_id, lang))
    })
    .await
}

/// Reviews a package (the newest of its region and period), signed with the hub's key from the
/// key store: `diterima`, `perlu_revisi` with notes, or `ditolak` with a reason.
#[tauri::command]
pub async fn hub_review(
    app: AppHandle,
    package_id: String,
    decision: String,
    note: String,
    notes: Vec<IndicatorNote>,
) -> Result<ReviewRow> {
    let review_state = ReviewState::from_stored(&decision)
        .map_err(|_| Error::new(ErrorCode::ReviewInvalid).with_detail("pilih keputusan", "choose a decision"))?;
    blocking(&app, move |state| {
        let store = Keystore::from_env()?;
        state.with_hub(|hub| {
            let signer = hub.signer(&store)?;
            hub.review(&package_id, review_state, &note, &notes, &signer)
        })
    })
    .await
}

#[tauri::command]
pub async fn hub_unlock(app: AppHandle, region: String, period: i32, reason: String) -> Result<()> {
    blocking(&app, move |state| state.with_hub(|hub| hub.unlock_period(&region, period, &reason))).await
}

/// Asks where to save, then writes the package's newest review as the signed `.llreview` file.
#[tauri::command]
pub async fn hub_export_review(app: AppHandle, package_id: String, title: String) -> Result<Option<String>> {
    let id = package_id.clone();
    let (text, name) = blocking(&app, move |state| {
        state.with_hub(|hub| {
            let detail = hub.package_detail(&id, state.language())?;
            let p = &detail.package;
            let name = format!("Tinjauan-{}-{}-seq{}.llreview", file_safe(&detail.region_name), p.period, p.seq);
            Ok((hub.review_file(&id)?, name))
        })
    })
    .await?;
    let Some(path) = ask_save_path_as(&app, &title, &name, ("Living Lab", "llreview"))? else { return Ok(None) };
    livinglab_documents::write_file(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// Opens a stored file of a package (a document's PDF, an evidence file) with the system's
/// viewer, from a copy outside the hub folder; returns the copy's path.
#[tauri::command]
pub async fn hub_open_file(app: AppHandle, package_id: String, sha256: String) -> Result<String> {
    let copy = blocking(&app, move |state| {
        let file = state.with_hub(|hub| hub.stored_file(&package_id, &sha256))?;
        let dir = std::env::temp_dir().join("LivingLab").join(livinglab_store::clock::new_id());
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("prepare a copy to open", e))?;
        let copy = dir.join(&file.name);
        std::fs::copy(&file.path, &copy).map_err(|e| Error::io("prepare a copy to open", e))?;
        Ok(copy)
    })
    .await?;
    app.opener().open_path(copy.display().to_string(), None::<&str>).map_err(|e| Error::io("open the file", e))?;
    Ok(copy.display().to_string())
}

/// Asks where to save, then writes a period's dashboard (over the filter's regions) as the
/// workbook or the CSV `hub export` writes.
#[tauri::command]
pub async fn hub_export_dashboard(
    app: AppHandle,
    period: i32,
    format: String,
    title: String,
    province: Option<String>,
    kind: Option<String>,
) -> Result<Option<String>> {
    let which = format.clone();
    let bytes = blocking(&app, move |state| {
        let lang = state.language();
        let filter = filter_of(province, kind)?;
        state.with_hub(|hub| export(hub, period, &filter, &which, lang))
    })
    .await?;
    let filter = if format == "xlsx" { ("Excel", "xlsx") } else { ("CSV", "csv") };
    let name = format!("Rekap-Living-Lab-{period}.{}", filter.1);
    let Some(path) = ask_save_path_as(&app, &title, &name, filter)? else { return Ok(None) };
    livinglab_documents::write_file(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Asks where to save, then issues the recap report of a period (Laporan Rekapitulasi) over the
/// filter's regions, numbered and sealed with the hub's key, as `hub report` does.
#[tauri::command]
pub async fn hub_recap(
    app: AppHandle,
    period: i32,
    today: String,
    title: String,
    province: Option<String>,
    kind: Option<String>,
) -> Result<Option<String>> {
    let today = format::parse_date(&today)?;
    let filter = filter_of(province, kind)?;
    let name = format!("Laporan-Rekapitulasi-Living-Lab-{period}.pdf");
    let Some(path) = ask_save_path_as(&app, &title, &name, ("PDF", "pdf"))? else { return Ok(None) };
    let pdf = blocking(&app, move |state| {
        let lang = state.language();
        let store = Keystore::from_env()?;
        state.with_hub(|hub| {
            let sealer = Sealer::for_issuer(hub.signer(&store)?, &Issuer::of_hub(hub)?)?;
            Ok(recap::issue(hub, period, &filter, lang, today, Some(&sealer))?.1)
        })
    })
    .await?;
    livinglab_documents::write_file(&path, &pdf)?;
    Ok(Some(path.display().to_string()))
}

#[derive(Serialize)]
pub struct HubBenchmarkView {
    /// The years the hub holds, latest first.
    pub years: Vec<i32>,
    pub benchmark: Option<BenchmarkView>,
}

/// A year's published results (the latest the hub holds when none is asked for), with the rows
/// that need a look, and the regions of `period` (the latest the hub knows when none is given)
/// beside their official index.
#[tauri::command]
pub async fn hub_benchmark(app: AppHandle, year: Option<i32>, period: Option<i32>) -> Result<HubBenchmarkView> {
    blocking(&app, move |state| {
        let lang = state.language();
        state.with_hub(|hub| {
            let years = hub.benchmark_years()?;
            let Some(year) = year.or(years.first().copied()) else {
                return Ok(HubBenchmarkView { years, benchmark: None });
            };
            let gaps = match period.or(hub.periods()?.last().copied()) {
                Some(p) => {
                    let d = hub.dashboard(p, &RegionFilter::default(), lang)?;
                    let official = d.benchmark_year.map(|y| hub.benchmark(y, None)).transpose()?;
                    Some(region_gaps(&d, official.as_ref(), lang))
                }
                None => None,
            };
            let view = benchmark_view(&hub.benchmark(year, None)?, &hub.benchmark_issues(year)?, gaps, lang);
            Ok(HubBenchmarkView { benchmark: Some(view), years })
        })
    })
    .await
}

/// Imports a published-results file (CSV, sent as the raw body; its name in `x-name`),
/// replacing that year's rows; a file with a bad row changes nothing.
#[tauri::command]
pub async fn hub_import_benchmark(app: AppHandle, request: Request<'_>) -> Result<BenchmarkImport> {
    let name = header_text(&request, "x-name").unwrap_or_default();
    let data = raw_body(&request)?.to_vec();
    blocking(&app, move |state| state.with_hub(|hub| hub.import_benchmark(&name, &data))).await
}

#[tauri::command]
pub async fn hub_match_benchmark(app: AppHandle, year: i32, row: usize, code: String) -> Result<ManualMatch> {
    blocking(&app, move |state| state.with_hub(|hub| hub.match_benchmark_row(year, row, &code))).await
}
