//! Settings of the app on this computer (not of a workspace): the language and the recent
//! workspaces. A small JSON file in the OS config folder, replaced atomically on every save.

use std::path::{Path, PathBuf};

use livinglab_core::{Error, Lang, Result};
use serde::{Deserialize, Serialize};

use crate::clock;

const APP_DIR: &str = "LivingLab";
const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RecentWorkspace {
    pub path: PathBuf,
    /// The region's name, e.g. "Kabupaten Sumedang".
    pub name: String,
    pub opened_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default)]
pub struct AppConfig {
    pub language: Lang,
    /// Most recent first.
    pub recent: Vec<RecentWorkspace>,
}

impl AppConfig {
    /// Puts `path` first in the recent list (once), keeping at most ten.
    pub fn remember(&mut self, path: &Path, name: &str) {
        self.recent.retain(|r| r.path != path);
        self.recent
            .insert(0, RecentWorkspace { path: path.to_path_buf(), name: name.to_string(), opened_at: clock::now() });
        self.recent.truncate(MAX_RECENT);
    }

    pub fn forget(&mut self, path: &Path) {
        self.recent.retain(|r| r.path != path);
    }

    /// The workspace to open at start: the most recent one.
    pub fn last(&self) -> Option<&RecentWorkspace> {
        self.recent.first()
    }
}

/// Where this computer keeps Living Lab's settings and, by default, its workspaces.
#[derive(Debug, Clone)]
pub struct Locations {
    pub config_file: PathBuf,
    pub workspaces_dir: PathBuf,
}

impl Locations {
    /// The OS folders: on Linux `~/.config/LivingLab` and `~/.local/share/LivingLab/workspaces`
    /// (or the XDG variables), on Windows `%APPDATA%\LivingLab`, on macOS
    /// `~/Library/Application Support/LivingLab`.
    pub fn from_os() -> Result<Locations> {
        let base = directories::BaseDirs::new()
            .ok_or_else(|| Error::io("find the home folder", "no home folder is set for this user"))?;
        Ok(Locations {
            config_file: base.config_dir().join(APP_DIR).join("config.json"),
            workspaces_dir: base.data_dir().join(APP_DIR).join("workspaces"),
        })
    }

    /// The default folder of a new workspace for a region, e.g. `…/workspaces/32.11-kabupaten-sumedang`,
    /// with a number appended when that folder is already taken and not empty.
    pub fn default_workspace_dir(&self, code: &str, name: &str) -> PathBuf {
        let slug: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let base = format!("{code}-{slug}");
        let free = |p: &Path| !p.exists() || std::fs::read_dir(p).map(|mut d| d.next().is_none()).unwrap_or(false);
        let first = self.workspaces_dir.join(&base);
        if free(&first) {
            return first;
        }
        (2..)
            .map(|n| self.workspaces_dir.join(format!("{base}-{n}")))
            .find(|p| free(p))
            .expect("an unbounded range finds a free name")
    }

    /// The settings, or the defaults when there are none yet. A damaged file is set aside as
    /// `config.json.damaged` and the defaults are used, so the app always starts.
    pub fn load_config(&self) -> AppConfig {
        match std::fs::read(&self.config_file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                let _ = std::fs::rename(&self.config_file, self.config_file.with_extension("json.damaged"));
                AppConfig::default()
            }),
            Err(_) => AppConfig::default(),
        }
    }

    /// Writes the settings to a temporary file and renames it over the old one.
    pub fn save_config(&self, config: &AppConfig) -> Result<()> {
        let dir = self.config_file.parent().expect("the config file has a folder");
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create the settings folder", e))?;
        let tmp = self.config_file.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(config).expect("settings serialize");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write the settings", e))?;
        std::fs::rename(&tmp, &self.config_file).map_err(|e| Error::io("write the settings", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locations(dir: &Path) -> Locations {
        Locations { config_file: dir.join("cfg/config.json"), workspaces_dir: dir.join("ws") }
    }

    #[test]
    fn settings_round_trip_and_recent_is_most_recent_first() {
        let dir = tempfile::tempdir().unwrap();
        let loc = locations(dir.path());
        assert_eq!(loc.load_config(), AppConfig::default());
        let mut cfg = AppConfig { language: Lang::En, ..AppConfig::default() };
        cfg.remember(Path::new("/a"), "Kabupaten A");
        cfg.remember(Path::new("/b"), "Kabupaten B");
        cfg.remember(Path::new("/a"), "Kabupaten A");
        loc.save_config(&cfg).unwrap();
        let back = loc.load_config();
        assert_eq!(back.language, Lang::En);
        assert_eq!(back.recent.iter().map(|r| r.path.to_str().unwrap()).collect::<Vec<_>>(), ["/a", "/b"]);
        assert_eq!(back.last().unwrap().name, "Kabupaten A");
    }

    #[test]
    fn a_damaged_settings_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let loc = locations(dir.path());
        std::fs::create_dir_all(loc.config_file.parent().unwrap()).unwrap();
        std::fs::write(&loc.config_file, b"{not json").unwrap();
        assert_eq!(loc.load_config(), AppConfig::default());
        assert!(loc.config_file.with_extension("json.damaged").exists());
    }

    #[test]
    fn default_folder_is_named_after_the_region_and_never_reuses_a_full_one() {
        let dir = tempfile::tempdir().unwrap();
        let loc = locations(dir.path());
        let first = loc.default_workspace_dir("32.11", "Kabupaten Sumedang");
        assert!(first.ends_with("32.11-kabupaten-sumedang"));
        std::fs::create_dir_all(first.join("x")).unwrap();
        assert!(loc.default_workspace_dir("32.11", "Kabupaten Sumedang").ends_with("32.11-kabupaten-sumedang-2"));
    }
}
