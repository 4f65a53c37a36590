//! The regency side of report packages: building the package of a period (signed with the
//! workspace's key, saved where the user says) and the packages built so far.

use livinglab_core::format::parse_date;
use livinglab_core::Result;
use livinglab_documents::seal::Sealer;
use livinglab_package::{build, changed_since_last, check_review_answered, BuildOptions, BuildOutcome};
use livinglab_sign::keystore::Keystore;
use livinglab_store::packages::PackageRecord;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::documents::ask_save_path_as;
use super::signing::blocking;
use crate::state::AppState;

#[derive(Serialize)]
pub struct PackageRow {
    #[serde(flatten)]
    pub record: PackageRecord,
    /// The newest package of its period.
    pub head: bool,
}

/// The Paket laporan card: the packages built so far, and whether the chosen period changed
/// since its last package (none when it has no package yet).
#[derive(Serialize)]
pub struct PackagesState {
    pub year: i32,
    pub changed_since_last: Option<bool>,
    pub next_seq: i64,
    pub packages: Vec<PackageRow>,
}

#[tauri::command]
pub async fn package_state(app: AppHandle, year: i32, today: String) -> Result<PackagesState> {
    let today = parse_date(&today)?;
    blocking(&app, move |state| {
        state.with_workspace(|ws| {
            ws.period(year)?; // a year the workspace has no period of is an error, not an empty state
            let mut packages = Vec::new();
            for record in ws.packages(None)? {
                let head = ws.last_package(record.period)?.is_some_and(|l| l.package_id == record.package_id);
                packages.push(PackageRow { record, head });
            }
            let next_seq = ws.last_package(year)?.map_or(1, |l| l.seq + 1);
            Ok(PackagesState { year, changed_since_last: changed_since_last(ws, year, today)?, next_seq, packages })
        })
    })
    .await
}

/// How far a build is, as the card shows it.
#[derive(Clone, Serialize)]
pub struct BuildProgress {
    pub percent: u64,
    pub done_files: usize,
    pub total_files: usize,
}

/// Builds the period's next package where the user chooses; when nothing changed since the
/// last package, offers that one without asking. None when the user cancelled.
#[tauri::command]
pub async fn build_package(
    app: AppHandle,
    year: i32,
    today: String,
    title: String,
    on_progress: Channel<BuildProgress>,
) -> Result<Option<BuildOutcome>> {
    let today = parse_date(&today)?;
    let (changed, name) = blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let changed = changed_since_last(ws, year, today)?;
            // Notes of Sumedang's still unanswered: said before the save dialog, not after.
            check_review_answered(ws, year)?;
            let next = ws.last_package(year)?.map_or(1, |l| l.seq + 1);
            Ok((changed, format!("{}_{year}_seq{next:03}.llpkg", ws.info().region.code)))
        })
    })
    .await?;
    if changed == Some(false) {
        let last = app.state::<AppState>().with_workspace(|ws| ws.last_package(year))?;
        return Ok(last.map(BuildOutcome::Unchanged));
    }
    let Some(out) = ask_save_path_as(&app, &title, &name, ("Living Lab", "llpkg"))? else { return Ok(None) };
    let outcome = blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let store = Keystore::from_env()?;
            let sealer = Sealer::open(ws, &store)?;
            let options = BuildOptions { year, out: Some(out), today, signer: sealer.signer() };
            // One message per percent at most: large evidence must not flood the webview.
            let mut shown = None;
            build(ws, &options, &mut |p| {
                let percent = (p.done_bytes * 100).checked_div(p.total_bytes).unwrap_or(100);
                if shown != Some(percent) {
                    shown = Some(percent);
                    let _ = on_progress.send(BuildProgress {
                        percent,
                        done_files: p.done_files,
                        total_files: p.total_files,
                    });
                }
            })
        })
    })
    .await?;
    Ok(Some(outcome))
}
