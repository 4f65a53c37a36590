//! Commands for the workspace itself and its office profile.

use std::path::PathBuf;

use livinglab_core::profile::{emblem_mime, Profile};
use livinglab_core::regions::Regions;
use livinglab_core::{Error, Result};
use livinglab_store::workspace::EmblemInfo;
use livinglab_store::{Workspace, WorkspaceInfo};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{data_url, decode_base64};
use crate::state::AppState;

#[derive(Serialize)]
pub struct WorkspaceView {
    pub info: WorkspaceInfo,
    pub profile: Profile,
    /// The emblem as a data URL for an <img>, when one is set.
    pub emblem: Option<String>,
    /// The national emblem (kop jabatan) as a data URL, when the user has loaded it.
    pub national_emblem: Option<String>,
}

impl WorkspaceView {
    pub fn of(ws: &Workspace) -> Result<WorkspaceView> {
        Ok(WorkspaceView {
            info: ws.info().clone(),
            profile: ws.profile()?,
            emblem: ws.emblem()?.map(|(mime, bytes)| data_url(&mime, &bytes)),
            national_emblem: ws.national_emblem()?.map(|(mime, bytes)| data_url(&mime, &bytes)),
        })
    }
}

#[tauri::command]
pub fn default_workspace_dir(state: State<'_, AppState>, region: String) -> Result<String> {
    let r = Regions::get().require(&region)?;
    Ok(state.locations.default_workspace_dir(&r.code, &r.name).display().to_string())
}

/// Every problem of a profile form (the wizard's or Profil's), one per field; empty when it can
/// be saved.
#[tauri::command]
pub fn validate_profile(profile: Profile) -> Vec<Error> {
    profile.form_problems()
}

/// Creates a workspace with its profile and emblem. Everything is checked before the folder is
/// touched, so a refused form leaves no half-made workspace behind.
#[tauri::command]
pub async fn create_workspace(
    state: State<'_, AppState>,
    region: String,
    dir: Option<String>,
    profile: Profile,
    emblem: Option<String>,
) -> Result<WorkspaceView> {
    let r = Regions::get().require(&region)?;
    profile.require_user_name()?;
    let profile = profile.validated()?;
    let emblem = emblem.map(|data| decode_base64(&data)).transpose()?;
    if let Some(bytes) = &emblem {
        emblem_mime(bytes)?;
    }
    let dir = match dir.filter(|d| !d.trim().is_empty()) {
        Some(d) => PathBuf::from(d.trim()),
        None => state.locations.default_workspace_dir(&r.code, &r.name),
    };
    let mut ws = Workspace::init(&dir, &r.code)?;
    ws.save_profile(profile)?;
    if let Some(bytes) = emblem {
        ws.set_emblem(&bytes)?;
    }
    let view = WorkspaceView::of(&ws)?;
    state.set_workspace(ws)?;
    Ok(view)
}

#[tauri::command]
pub async fn open_workspace(state: State<'_, AppState>, dir: String) -> Result<WorkspaceView> {
    let ws = Workspace::open(&PathBuf::from(dir))?;
    let view = WorkspaceView::of(&ws)?;
    state.set_workspace(ws)?;
    Ok(view)
}

/// The native folder picker; None when the user cancels.
#[tauri::command]
pub async fn pick_folder(app: AppHandle, title: String) -> Result<Option<String>> {
    let picked = app.dialog().file().set_title(title).blocking_pick_folder();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

#[tauri::command]
pub fn close_workspace(state: State<'_, AppState>) {
    state.close_workspace();
}

#[tauri::command]
pub async fn forget_recent(state: State<'_, AppState>, path: String) -> Result<()> {
    state.update_config(|c| c.forget(&PathBuf::from(path)))
}

#[tauri::command]
pub async fn get_profile(state: State<'_, AppState>) -> Result<WorkspaceView> {
    state.with_workspace(|ws| WorkspaceView::of(ws))
}

#[tauri::command]
pub async fn save_profile(state: State<'_, AppState>, profile: Profile) -> Result<WorkspaceView> {
    profile.require_user_name()?;
    state.with_workspace(|ws| {
        ws.save_profile(profile)?;
        WorkspaceView::of(ws)
    })
}

#[tauri::command]
pub async fn set_emblem(state: State<'_, AppState>, data: String) -> Result<EmblemInfo> {
    let bytes = decode_base64(&data)?;
    state.with_workspace(|ws| ws.set_emblem(&bytes))
}

/// Stores the national emblem (Garuda Pancasila) for the kop jabatan.
#[tauri::command]
pub async fn set_national_emblem(state: State<'_, AppState>, data: String) -> Result<EmblemInfo> {
    let bytes = decode_base64(&data)?;
    state.with_workspace(|ws| ws.set_national_emblem(&bytes))
}

/// Opens the example workspace, creating it (in the app's data folder) the first time.
#[tauri::command]
pub async fn open_sample(state: State<'_, AppState>, today: String) -> Result<WorkspaceView> {
    let today = livinglab_core::format::parse_date(&today)?;
    let dir = state.locations.workspaces_dir.join("00.00-kabupaten-contoh");
    let ws = livinglab_documents::sample::open_or_create(&dir, today)?;
    let view = WorkspaceView::of(&ws)?;
    state.set_workspace(ws)?;
    Ok(view)
}
