//! The frameworks a workspace can use: the shipped ones and those imported into it.

use std::borrow::Cow;

use livinglab_core::framework::{self, compare_versions, Framework};
use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::clock;
use crate::db::sql_err;
use crate::workspace::Workspace;

/// A framework in a listing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FrameworkSummary {
    pub id: String,
    pub version: String,
    pub name: String,
    pub indicators: usize,
    pub years: framework::Years,
    pub provisional: bool,
    /// "shipped" with the app, or "imported" into this workspace.
    pub origin: &'static str,
}

impl FrameworkSummary {
    pub fn of(fw: &Framework, origin: &'static str) -> FrameworkSummary {
        FrameworkSummary {
            id: fw.id.clone(),
            version: fw.version.clone(),
            name: fw.name.id.clone(),
            indicators: fw.indicators.len(),
            years: fw.years.clone(),
            provisional: fw.provisional,
            origin,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportOutcome {
    pub framework: FrameworkSummary,
    /// False when an identical file was already there (nothing was stored).
    pub stored: bool,
}

impl Workspace {
    /// The frameworks imported into this workspace, oldest first.
    pub fn imported_frameworks(&self) -> Result<Vec<Framework>> {
        let mut stmt =
            self.conn().prepare_cached("SELECT json FROM framework ORDER BY imported_at, rowid").map_err(sql_err)?;
        let texts = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(sql_err)?;
        texts.map(|t| Framework::from_json(&t.map_err(sql_err)?)).collect()
    }

    /// Shipped and imported frameworks, each with its origin.
    pub fn frameworks(&self) -> Result<Vec<(Framework, &'static str)>> {
        let mut all: Vec<(Framework, &'static str)> =
            framework::shipped().iter().map(|f| ((*f).clone(), "shipped")).collect();
        all.extend(self.imported_frameworks()?.into_iter().map(|f| (f, "imported")));
        Ok(all)
    }

    /// The framework `id` at `version`, or at its highest version when `version` is None.
    /// Every view and document asks for its period's framework: a shipped one is lent, not
    /// copied, and only the imported files of that id are parsed.
    pub fn framework(&self, id: &str, version: Option<&str>) -> Result<Cow<'static, Framework>> {
        let wanted = |f: &Framework| version.is_none_or(|v| f.version == v);
        let newest = |a: &Framework, b: &Framework| compare_versions(&a.version, &b.version);
        let shipped = framework::shipped_with_id(id).filter(|f| wanted(f)).max_by(|a, b| newest(a, b));
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT json FROM framework WHERE framework_id = ?1 ORDER BY imported_at, rowid")
            .map_err(sql_err)?;
        let texts = stmt.query_map([id], |r| r.get::<_, String>(0)).map_err(sql_err)?;
        let mut imported: Option<Framework> = None;
        for text in texts {
            let f = Framework::from_json(&text.map_err(sql_err)?)?;
            if f.id == id && wanted(&f) && imported.as_ref().is_none_or(|best| newest(&f, best).is_ge()) {
                imported = Some(f);
            }
        }
        match (shipped, imported) {
            (Some(s), Some(i)) if newest(s, &i).is_gt() => Ok(Cow::Borrowed(s)),
            (_, Some(i)) => Ok(Cow::Owned(i)),
            (Some(s), None) => Ok(Cow::Borrowed(s)),
            (None, None) => {
                let shown = version.map(|v| format!("{id} {v}")).unwrap_or_else(|| id.to_string());
                Err(Error::new(ErrorCode::FrameworkUnknown).with("id", shown))
            }
        }
    }

    /// Validates and stores a framework file. A file with the id and version of a framework
    /// already known (shipped or imported) is accepted only when its content is identical.
    pub fn import_framework(&mut self, text: &str) -> Result<ImportOutcome> {
        let fw = Framework::from_json(text)?;
        if let Some((existing, origin)) =
            self.frameworks()?.into_iter().find(|(f, _)| f.id == fw.id && f.version == fw.version)
        {
            if existing != fw {
                return Err(Error::new(ErrorCode::FrameworkConflict).with("id", &fw.id).with("version", &fw.version));
            }
            return Ok(ImportOutcome { framework: FrameworkSummary::of(&fw, origin), stored: false });
        }
        let sha = hex::encode(Sha256::digest(text.as_bytes()));
        let id = clock::new_id();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO framework (id, framework_id, version, sha256, json, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![id, fw.id, fw.version, sha, text, clock::now()],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "framework",
                    entity_id: &id,
                    action: "import",
                    old: None,
                    new: Some(json!({"framework": fw.id, "version": fw.version, "sha256": sha, "indicators": fw.indicators.len()})),
                },
            )
        })?;
        Ok(ImportOutcome { framework: FrameworkSummary::of(&fw, "imported"), stored: true })
    }

    /// The SHA-256 of an imported framework's file, if it was imported.
    pub fn imported_framework_sha(&self, id: &str, version: &str) -> Result<Option<String>> {
        self.conn()
            .query_row("SELECT sha256 FROM framework WHERE framework_id = ?1 AND version = ?2", (id, version), |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql_err)
    }
}
