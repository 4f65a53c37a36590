//! The IPC commands: each one unpacks its arguments, calls the library, and returns the
//! result or the one error type (`{code, message, params}`). No business logic here.

mod assessment;
mod documents;
mod hub;
mod hub_console;
mod outbox;
mod packages;
mod reviews;
mod signing;
mod workspace;

pub use assessment::*;
pub use documents::*;
pub use hub::*;
pub use hub_console::*;
pub use outbox::*;
pub use packages::*;
pub use reviews::*;
pub use signing::*;
pub use workspace::*;

use base64::Engine;
use livinglab_core::i18n::{self, Catalog, Lang};
use livinglab_core::regions::{Region, Regions};
use livinglab_core::{Error, ErrorCode, Result};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

#[derive(Serialize)]
pub struct RecentView {
    pub path: String,
    pub name: String,
    pub opened_at: String,
    pub exists: bool,
}

#[derive(Serialize)]
pub struct AppStateView {
    pub language: Lang,
    pub workspace: Option<WorkspaceView>,
    pub recent: Vec<RecentView>,
    /// The open hub, when the window is in hub mode.
    pub hub: Option<livinglab_hub::HubInfo>,
    /// Where a new hub goes by default.
    pub default_hub_dir: String,
    /// Why the last workspace could not be reopened, once.
    pub startup_problem: Option<Error>,
}

#[tauri::command]
pub async fn app_state(state: State<'_, AppState>) -> Result<AppStateView> {
    let workspace = if state.has_workspace() { Some(state.with_workspace(|ws| WorkspaceView::of(ws))?) } else { None };
    let config = state.config();
    Ok(AppStateView {
        language: config.language,
        workspace,
        recent: config
            .recent
            .iter()
            .map(|r| RecentView {
                path: r.path.display().to_string(),
                name: r.name.clone(),
                opened_at: r.opened_at.clone(),
                exists: r.path.join(livinglab_store::workspace::DB_FILE).is_file(),
            })
            .collect(),
        hub: state.hub_info(),
        default_hub_dir: state.default_hub_dir().display().to_string(),
        startup_problem: state.take_startup_problem(),
    })
}

#[tauri::command]
pub fn ui_texts(lang: String) -> Result<&'static Catalog> {
    let lang = Lang::parse(&lang).ok_or_else(|| Error::new(ErrorCode::LanguageUnknown).with("value", &lang))?;
    Ok(i18n::catalog(lang))
}

#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, lang: String) -> Result<Lang> {
    let lang = Lang::parse(&lang).ok_or_else(|| Error::new(ErrorCode::LanguageUnknown).with("value", &lang))?;
    state.update_config(|c| c.language = lang)?;
    Ok(lang)
}

#[tauri::command]
pub fn search_regions(query: String, limit: Option<usize>) -> Vec<Region> {
    Regions::get().search(&query).into_iter().take(limit.unwrap_or(50)).cloned().collect()
}

/// A date as typed in one of the app's date fields, read by `format::parse_date_typed`.
#[derive(Serialize)]
pub struct TypedDate {
    /// YYYY-MM-DD: what is stored.
    pub iso: String,
    /// As the field shows it: "01/12/2026".
    pub display: String,
    /// Written out in the app's language: "1 Desember 2026".
    pub long: String,
}

#[tauri::command]
pub fn parse_date(state: State<'_, AppState>, text: String) -> Result<TypedDate> {
    let date = livinglab_core::format::parse_date_typed(&text)?;
    Ok(TypedDate {
        iso: livinglab_core::format::date_iso(date),
        display: livinglab_core::format::date_numeric(date),
        long: livinglab_core::format::date_long(date, state.config().language),
    })
}

/// Decodes a file the webview read as base64.
pub(crate) fn decode_base64(data: &str) -> Result<Vec<u8>> {
    let payload = data.split_once(";base64,").map(|(_, b)| b).unwrap_or(data);
    base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .map_err(|e| Error::new(ErrorCode::EmblemInvalid).with("detail", e))
}

pub(crate) fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}
