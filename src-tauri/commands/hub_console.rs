//! The coordinators' console in hub mode: a period's dashboard and roster, a package opened
//! (its documents and evidence, its reviews), reviewing it and giving the region the signed
//! review file, unlocking a period, the exports, and the national benchmark. Each command calls
//! the hub crate (or the documents crate for charts and files) and returns its value or error.

use livinglab_core::package_review::{IndicatorNote, ReviewState};
use livinglab_core::{format, Error, ErrorCode, Result};
use livinglab_documents::hub::{benchmark_view, distribution_svg, lines, BenchmarkView, RegionLine};
use livinglab_hub::dashboard::{parse_roster, Dashboard, ExpectedRegion};
use livinglab_hub::{BenchmarkImport, ManualMatch, PackageDetail, ReviewRow};
use livinglab_sign::keystore::Keystore;
use serde::Serialize;
use tauri::ipc::Request;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use super::documents::{ask_save_path_as, file_safe};
use super::signing::{blocking, header_text, raw_body};

/// A period the hub knows and its due date, as the period chooser lists it.
#[derive(Serialize)]
pub struct HubPeriod {
    pub period: i32,
    pub due: Option<String>,
    pub due_display: Option<String>,
}

#[derive(Serialize)]
pub struct HubDashboardView {
    /// Every period the hub knows, latest first (the one asked for among them).
    pub periods: Vec<HubPeriod>,
    pub dashboard: Dashboard,
    pub lines: Vec<RegionLine>,
    pub expected: Vec<ExpectedRegion>,
    pub distribution_svg: String,
    pub median_display: Option<String>,
}

/// A period's dashboard and roster; with no period, the latest one the hub knows (this year
/// when it knows none).
#[tauri::command]
pub async fn hub_dashboard(app: AppHandle, period: Option<i32>, this_year: i32) -> Result<HubDashboardView> {
    blocking(&app, move |state| {
        let lang = state.language();
        state.with_hub(|hub| {
            let mut periods: Vec<HubPeriod> = hub
                .periods()?
                .into_iter()
                .map(|(period, due)| HubPeriod {
                    due_display: due
                        .as_deref()
                        .and_then(|d| format::parse_date(d).ok())
                        .map(|d| format::date_long(d, lang)),
                    period,
                    due,
                })
                .collect();
            let period = period.or(periods.first().map(|p| p.period)).unwrap_or(this_year);
            if !periods.iter().any(|p| p.period == period) {
                periods.push(HubPeriod { period, due: None, due_display: None });
                periods.sort_by_key(|p| std::cmp::Reverse(p.period));
            }
            let dashboard = hub.dashboard(period, lang)?;
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
                dashboard,
            })
        })
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
        let file = state.with_hub(|hub| hub.package_file(&package_id, &sha256))?;
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

/// Asks where to save, then writes a period's dashboard as xlsx or csv.
#[tauri::command]
pub async fn hub_export_dashboard(
    app: AppHandle,
    period: i32,
    format: String,
    title: String,
) -> Result<Option<String>> {
    let kind = format.clone();
    let bytes = blocking(&app, move |state| {
        let lang = state.language();
        state.with_hub(|hub| {
            let d = hub.dashboard(period, lang)?;
            match kind.as_str() {
                "xlsx" => livinglab_documents::xlsx::dashboard_workbook(&d, &hub.info().name),
                "csv" => Ok(d.csv()?.into_bytes()),
                other => Err(Error::new(ErrorCode::RequiredMissing).with("field", format!("xlsx|csv (not {other})"))),
            }
        })
    })
    .await?;
    let filter = if format == "xlsx" { ("Excel", "xlsx") } else { ("CSV", "csv") };
    let name = format!("Rekap-Living-Lab-{period}.{}", filter.1);
    let Some(path) = ask_save_path_as(&app, &title, &name, filter)? else { return Ok(None) };
    livinglab_documents::write_file(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

#[derive(Serialize)]
pub struct HubBenchmarkView {
    /// The years the hub holds, latest first.
    pub years: Vec<i32>,
    pub benchmark: Option<BenchmarkView>,
}

/// A year's published results (the latest the hub holds when none is asked for), with the rows
/// that need a look.
#[tauri::command]
pub async fn hub_benchmark(app: AppHandle, year: Option<i32>) -> Result<HubBenchmarkView> {
    blocking(&app, move |state| {
        state.with_hub(|hub| {
            let years = hub.benchmark_years()?;
            let Some(year) = year.or(years.first().copied()) else {
                return Ok(HubBenchmarkView { years, benchmark: None });
            };
            let view = benchmark_view(&hub.benchmark(year, None)?, &hub.benchmark_issues(year)?, state.language());
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
