//! What the running app holds: where its settings live, the settings, the open workspace (or hub),
//! and the sender of the open workspace's outbox.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_hub::{Hub, HubInfo};
use livinglab_store::{AppConfig, Locations, Workspace};

use crate::sender::OutboxSender;

pub struct AppState {
    pub locations: Locations,
    config: Mutex<AppConfig>,
    workspace: Mutex<Option<Workspace>>,
    /// Sumedang's hub, when the window is in hub mode (then no workspace is open).
    hub: Mutex<Option<Hub>>,
    /// Why the last workspace could not be reopened at start, shown once by the UI.
    startup_problem: Mutex<Option<Error>>,
    /// Sends the open workspace's outbox to the hub.
    pub sender: OutboxSender,
    /// The last preview made (its PDF), whose pages the window shows.
    preview: Mutex<Option<StoredPreview>>,
}

/// A preview PDF kept for the window: its pages are drawn on request, and it can be opened with
/// the system's viewer from its temporary file.
#[derive(Clone)]
pub struct StoredPreview {
    pub id: String,
    pub pdf: std::sync::Arc<Vec<u8>>,
    pub path: std::path::PathBuf,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another command must not lock the user out of their workspace.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// Loads the settings and reopens the most recent workspace, if any.
    pub fn start(locations: Locations) -> AppState {
        let config = locations.load_config();
        let mut workspace = None;
        let mut startup_problem = None;
        if let Some(last) = config.last() {
            match Workspace::open(&last.path) {
                Ok(ws) => workspace = Some(ws),
                Err(e) => startup_problem = Some(e),
            }
        }
        AppState {
            locations,
            config: Mutex::new(config),
            workspace: Mutex::new(workspace),
            hub: Mutex::new(None),
            startup_problem: Mutex::new(startup_problem),
            sender: OutboxSender::default(),
            preview: Mutex::new(None),
        }
    }

    /// Keeps `preview` as the one the window shows (a newer one replaces it).
    pub fn set_preview(&self, preview: StoredPreview) {
        *lock(&self.preview) = Some(preview);
    }

    /// The preview `id`, while it is the last one made; `document.unknown` otherwise.
    pub fn preview(&self, id: &str) -> Result<StoredPreview> {
        lock(&self.preview)
            .as_ref()
            .filter(|p| p.id == id)
            .cloned()
            .ok_or_else(|| Error::new(livinglab_core::ErrorCode::DocumentUnknown).with("id", id))
    }

    pub fn config(&self) -> AppConfig {
        lock(&self.config).clone()
    }

    pub fn language(&self) -> Lang {
        lock(&self.config).language
    }

    /// Changes the settings and saves them; the change stays in memory only if saving worked.
    pub fn update_config(&self, f: impl FnOnce(&mut AppConfig)) -> Result<()> {
        let mut guard = lock(&self.config);
        let mut next = guard.clone();
        f(&mut next);
        self.locations.save_config(&next)?;
        *guard = next;
        Ok(())
    }

    pub fn take_startup_problem(&self) -> Option<Error> {
        lock(&self.startup_problem).take()
    }

    /// Makes `ws` the open workspace and puts it first among the recent ones.
    pub fn set_workspace(&self, ws: Workspace) -> Result<()> {
        let (path, name) = (ws.info().path.clone(), ws.info().region.name.clone());
        *lock(&self.workspace) = Some(ws);
        // The sender follows the open workspace: its outbox is looked at now.
        self.sender.wake(false);
        self.update_config(|c| c.remember(&path, &name))
    }

    pub fn close_workspace(&self) {
        *lock(&self.workspace) = None;
        *lock(&self.hub) = None;
        self.sender.wake(false);
    }

    /// The hub folder under the app's data folder, beside the workspaces.
    pub fn default_hub_dir(&self) -> PathBuf {
        let workspaces = &self.locations.workspaces_dir;
        workspaces.parent().unwrap_or(workspaces).join("hub-sumedang")
    }

    /// Makes `hub` the open hub; the workspace closes, as the window shows one or the other.
    pub fn set_hub(&self, hub: Hub) {
        *lock(&self.workspace) = None;
        *lock(&self.hub) = Some(hub);
        self.sender.wake(false);
    }

    pub fn hub_info(&self) -> Option<HubInfo> {
        lock(&self.hub).as_ref().map(|h| h.info().clone())
    }

    /// Runs `f` with the open hub, or fails with `hub.not_found` when none is open.
    pub fn with_hub<T>(&self, f: impl FnOnce(&mut Hub) -> Result<T>) -> Result<T> {
        let mut guard = lock(&self.hub);
        let hub = guard.as_mut().ok_or_else(|| Error::new(ErrorCode::HubNotFound).with("path", "-"))?;
        f(hub)
    }

    /// The open workspace's folder (the sender opens its own connection to it).
    pub fn workspace_dir(&self) -> Option<PathBuf> {
        lock(&self.workspace).as_ref().map(|ws| ws.dir().to_path_buf())
    }

    pub fn has_workspace(&self) -> bool {
        lock(&self.workspace).is_some()
    }

    /// Runs `f` with the open workspace, or fails with `workspace.not_found` when none is open.
    pub fn with_workspace<T>(&self, f: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
        let mut guard = lock(&self.workspace);
        let ws = guard.as_mut().ok_or_else(|| Error::new(ErrorCode::WorkspaceNotFound).with("path", "-"))?;
        f(ws)
    }
}
