//! Living Lab storage: a workspace folder (SQLite + evidence files), its migrations, its audit
//! trail, and the app's settings on this computer. Every write is one transaction together
//! with its audit entry; nothing here knows about Tauri or the UI.

pub mod actions;
pub mod assessment;
pub mod audit;
pub mod butir;
pub mod clock;
pub mod config;
pub mod db;
pub mod documents;
pub mod evidence;
pub mod frameworks;
pub mod outbox;
pub mod packages;
pub mod reviews;
pub mod signing;
pub mod workspace;

pub use config::{AppConfig, Locations, RecentWorkspace};
pub use workspace::{RegionRef, Workspace, WorkspaceInfo};
