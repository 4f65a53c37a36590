//! A workspace is a folder: `workspace.sqlite` (the records) and `evidence/` (the files).
//! Every write happens in one transaction with its audit entry.

use std::path::{Path, PathBuf};

use livinglab_core::profile::{emblem_mime, Official, Profile};
use livinglab_core::regions::{Region, RegionKind, Regions};
use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::clock;
use crate::db::{self, sql_err, stored, APP_VERSION};

pub const DB_FILE: &str = "workspace.sqlite";
pub const EVIDENCE_DIR: &str = "evidence";

/// The region a workspace belongs to, as stored in the workspace itself.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    pub province: String,
}

impl RegionRef {
    pub fn short_name(&self) -> &str {
        self.name.strip_prefix(self.kind.word()).map(str::trim_start).unwrap_or(&self.name)
    }
}

impl From<&Region> for RegionRef {
    fn from(r: &Region) -> Self {
        RegionRef { code: r.code.clone(), name: r.name.clone(), kind: r.kind, province: r.province.clone() }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WorkspaceInfo {
    pub id: String,
    pub path: PathBuf,
    pub region: RegionRef,
    pub is_sample: bool,
    pub created_at: String,
    pub created_by: String,
    pub schema_version: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EmblemInfo {
    pub mime: String,
    pub sha256: String,
    pub size: usize,
}

/// The two emblems a kop prints: the region's (kop instansi) and the national one (kop jabatan).
#[derive(Debug, Clone, Copy)]
enum Emblem {
    Regional,
    National,
}

impl Emblem {
    /// The profile's column holding the image; `<column>_mime` and `<column>_sha256` beside it.
    fn column(self) -> &'static str {
        match self {
            Emblem::Regional => "emblem",
            Emblem::National => "national_emblem",
        }
    }
}

pub struct Workspace {
    dir: PathBuf,
    conn: Connection,
    info: WorkspaceInfo,
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(format!("read {}", dir.display()), e))?;
    Ok(entries.next().is_none())
}

/// The OS user name, for the audit trail until the profile names a user.
fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "pengguna".to_string())
}

impl Workspace {
    /// Creates a workspace for the region `region_code` in `dir`, which must be empty or absent.
    /// The database is built under a temporary name and renamed into place when complete, so
    /// a crash half-way leaves no file that looks like a workspace.
    pub fn init(dir: &Path, region_code: &str) -> Result<Workspace> {
        let region = Regions::get().require(region_code)?;
        Self::create(dir, &RegionRef::from(region), false)
    }

    /// Creates a workspace for a region that is not on the official list (the sample).
    pub fn init_sample(dir: &Path, region: &RegionRef) -> Result<Workspace> {
        Self::create(dir, region, true)
    }

    fn create(dir: &Path, region: &RegionRef, is_sample: bool) -> Result<Workspace> {
        if dir.exists() {
            if !dir.is_dir() || !is_empty_dir(dir)? {
                return Err(Error::new(ErrorCode::WorkspaceNotEmpty).with("path", dir.display()));
            }
        } else {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("create {}", dir.display()), e))?;
        }
        let partial = dir.join(format!("{DB_FILE}.partial"));
        {
            let mut conn = db::open(&partial, true)?;
            let tx = db::begin_write(&mut conn)?;
            let id = clock::new_id();
            let now = clock::now();
            tx.execute(
                "INSERT INTO workspace (singleton, id, region_code, region_name, region_kind, province_name, is_sample, created_at, created_by)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    id,
                    region.code,
                    region.name,
                    kind_str(region.kind),
                    region.province,
                    is_sample,
                    now,
                    APP_VERSION
                ],
            )
            .map_err(sql_err)?;
            let profile = Profile::defaults(region.short_name(), region.kind);
            tx.execute(
                "INSERT INTO profile (singleton, id, created_at, updated_at) VALUES (1, ?1, ?2, ?2)",
                (clock::new_id(), &now),
            )
            .map_err(sql_err)?;
            write_profile(&tx, &profile, &now)?;
            audit::append(
                &tx,
                &os_user(),
                Change {
                    entity: "workspace",
                    entity_id: &id,
                    action: "create",
                    old: None,
                    new: Some(json!({"region": region.code, "name": region.name, "sample": is_sample})),
                },
            )?;
            tx.commit().map_err(sql_err)?;
            // Closing checkpoints the WAL into the main file, which is then complete on its own.
            conn.close().map_err(|(_, e)| sql_err(e))?;
        }
        std::fs::create_dir_all(dir.join(EVIDENCE_DIR)).map_err(|e| Error::io("create the evidence folder", e))?;
        std::fs::rename(&partial, dir.join(DB_FILE)).map_err(|e| Error::io("finish the workspace file", e))?;
        Self::open(dir)
    }

    /// Opens the workspace in `dir`, migrating an older schema and refusing a newer one.
    pub fn open(dir: &Path) -> Result<Workspace> {
        if !dir.is_dir() {
            return Err(Error::new(ErrorCode::WorkspaceNotFound).with("path", dir.display()));
        }
        let file = dir.join(DB_FILE);
        if !file.is_file() {
            return Err(Error::new(ErrorCode::WorkspaceNotWorkspace).with("path", dir.display()));
        }
        let conn = db::open(&file, false)?;
        let schema_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql_err)?;
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let info = conn
            .query_row(
                "SELECT id, region_code, region_name, region_kind, province_name, is_sample, created_at, created_by FROM workspace",
                [],
                |r| {
                    Ok(WorkspaceInfo {
                        id: r.get(0)?,
                        region: RegionRef {
                            code: r.get(1)?,
                            name: r.get(2)?,
                            kind: stored(3, r.get::<_, String>(3)?, RegionKind::from_stored)?,
                            province: r.get(4)?,
                        },
                        is_sample: r.get(5)?,
                        created_at: r.get(6)?,
                        created_by: r.get(7)?,
                        path: dir.clone(),
                        schema_version,
                    })
                },
            )
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::WorkspaceCorrupt).with("detail", "the workspace record is missing"))?;
        std::fs::create_dir_all(dir.join(EVIDENCE_DIR)).map_err(|e| Error::io("create the evidence folder", e))?;
        crate::evidence::tidy_incoming(&dir.join(EVIDENCE_DIR));
        Ok(Workspace { dir, conn, info })
    }

    pub fn info(&self) -> &WorkspaceInfo {
        &self.info
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction with the actor the audit trail records; commits on Ok.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        let actor = self.actor()?;
        self.write_as(&actor, f)
    }

    fn write_as<T>(&mut self, actor: &str, f: impl FnOnce(&Transaction<'_>, &str) -> Result<T>) -> Result<T> {
        let dir = self.dir.clone();
        let tx = db::begin_write(&mut self.conn).map_err(|e| db::explain(e, &dir))?;
        let value = f(&tx, actor).map_err(|e| db::explain(e, &dir))?;
        tx.commit().map_err(|e| db::explain(sql_err(e), &dir))?;
        Ok(value)
    }

    /// Who the audit trail names: the profile's user name, else the OS user.
    pub fn actor(&self) -> Result<String> {
        let name: String = self.conn.query_row("SELECT user_name FROM profile", [], |r| r.get(0)).map_err(sql_err)?;
        Ok(if name.trim().is_empty() { os_user() } else { name })
    }

    pub fn profile(&self) -> Result<Profile> {
        read_profile(&self.conn)
    }

    /// Validates and stores the whole profile; records the changed fields in the audit trail.
    /// Returns the profile as stored (trimmed, NIPs normalised).
    pub fn save_profile(&mut self, profile: Profile) -> Result<Profile> {
        let profile = profile.validated()?;
        let old = self.profile()?;
        if old == profile {
            return Ok(profile);
        }
        let (old_json, new_json) = diff(&serde_json::to_value(&old).unwrap(), &serde_json::to_value(&profile).unwrap());
        let stored = profile.clone();
        // A user who gives their name with this change is the one making it.
        let actor = if profile.user_name.is_empty() { self.actor()? } else { profile.user_name.clone() };
        self.write_as(&actor, |tx, actor| {
            write_profile(tx, &profile, &clock::now())?;
            let id: String = tx.query_row("SELECT id FROM profile", [], |r| r.get(0)).map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "profile",
                    entity_id: &id,
                    action: "update",
                    old: Some(old_json),
                    new: Some(new_json),
                },
            )
        })?;
        Ok(stored)
    }

    /// Stores the regional emblem (PNG or JPEG, at most 2 MB) for the letterhead.
    pub fn set_emblem(&mut self, bytes: &[u8]) -> Result<EmblemInfo> {
        self.set_image(Emblem::Regional, bytes)
    }

    pub fn emblem(&self) -> Result<Option<(String, Vec<u8>)>> {
        self.image(Emblem::Regional)
    }

    pub fn emblem_info(&self) -> Result<Option<EmblemInfo>> {
        self.image_info(Emblem::Regional)
    }

    /// Stores the national emblem (Garuda Pancasila) for the kop jabatan: the user loads it once,
    /// as the app does not ship it.
    pub fn set_national_emblem(&mut self, bytes: &[u8]) -> Result<EmblemInfo> {
        self.set_image(Emblem::National, bytes)
    }

    pub fn national_emblem(&self) -> Result<Option<(String, Vec<u8>)>> {
        self.image(Emblem::National)
    }

    pub fn national_emblem_info(&self) -> Result<Option<EmblemInfo>> {
        self.image_info(Emblem::National)
    }

    fn set_image(&mut self, which: Emblem, bytes: &[u8]) -> Result<EmblemInfo> {
        let mime = emblem_mime(bytes)?;
        let sha = hex::encode(Sha256::digest(bytes));
        let old = self.image_info(which)?;
        let c = which.column();
        self.write(|tx, actor| {
            tx.execute(
                &format!("UPDATE profile SET {c} = ?1, {c}_mime = ?2, {c}_sha256 = ?3, updated_at = ?4"),
                rusqlite::params![bytes, mime, sha, clock::now()],
            )
            .map_err(sql_err)?;
            let id: String = tx.query_row("SELECT id FROM profile", [], |r| r.get(0)).map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "profile",
                    entity_id: &id,
                    action: &format!("set_{c}"),
                    old: old.map(|o| json!({format!("{c}_sha256"): o.sha256})),
                    new: Some(json!({format!("{c}_sha256"): sha, "mime": mime, "size": bytes.len()})),
                },
            )
        })?;
        Ok(EmblemInfo { mime: mime.into(), sha256: sha, size: bytes.len() })
    }

    fn image(&self, which: Emblem) -> Result<Option<(String, Vec<u8>)>> {
        let c = which.column();
        self.conn
            .query_row(&format!("SELECT {c}_mime, {c} FROM profile WHERE {c} IS NOT NULL"), [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(sql_err)
    }

    fn image_info(&self, which: Emblem) -> Result<Option<EmblemInfo>> {
        let c = which.column();
        self.conn
            .query_row(
                &format!("SELECT {c}_mime, {c}_sha256, length({c}) FROM profile WHERE {c} IS NOT NULL"),
                [],
                |r| Ok(EmblemInfo { mime: r.get(0)?, sha256: r.get(1)?, size: r.get::<_, i64>(2)? as usize }),
            )
            .optional()
            .map_err(sql_err)
    }

    /// The audit trail's state; see [`audit::verify`].
    pub fn verify_audit(&self) -> Result<audit::AuditReport> {
        audit::verify(&self.conn)
    }

    /// Every audit entry filed under the record `entity_id`, newest first.
    pub fn history(&self, entity_id: &str) -> Result<Vec<audit::AuditEntry>> {
        audit::history_of_id(&self.conn, entity_id)
    }
}

fn kind_str(kind: RegionKind) -> &'static str {
    kind.as_str()
}

/// The fields that differ between two JSON objects (nested objects compared field by field).
pub(crate) fn diff(old: &serde_json::Value, new: &serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    let (mut o, mut n) = (serde_json::Map::new(), serde_json::Map::new());
    if let (Some(old), Some(new)) = (old.as_object(), new.as_object()) {
        for (key, new_value) in new {
            let old_value = old.get(key).cloned().unwrap_or(serde_json::Value::Null);
            if &old_value == new_value {
                continue;
            }
            if old_value.is_object() && new_value.is_object() {
                let (so, sn) = diff(&old_value, new_value);
                o.insert(key.clone(), so);
                n.insert(key.clone(), sn);
            } else {
                o.insert(key.clone(), old_value);
                n.insert(key.clone(), new_value.clone());
            }
        }
    }
    (o.into(), n.into())
}

fn read_profile(conn: &Connection) -> Result<Profile> {
    conn.query_row(
        "SELECT office_name, address, postal_code, phone, email, website, place,
                head_title, head_name, head_nip, head_rank,
                sekda_title, sekda_name, sekda_nip, sekda_rank,
                office_head_title, office_head_name, office_head_nip, office_head_rank, user_name
         FROM profile",
        [],
        |r| {
            let official = |i: usize| -> rusqlite::Result<Official> {
                Ok(Official { title: r.get(i)?, name: r.get(i + 1)?, nip: r.get(i + 2)?, rank: r.get(i + 3)? })
            };
            Ok(Profile {
                office_name: r.get(0)?,
                address: r.get(1)?,
                postal_code: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                website: r.get(5)?,
                place: r.get(6)?,
                head: official(7)?,
                sekda: official(11)?,
                office_head: official(15)?,
                user_name: r.get(19)?,
            })
        },
    )
    .map_err(sql_err)
}

fn write_profile(tx: &Transaction<'_>, p: &Profile, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE profile SET office_name = ?1, address = ?2, postal_code = ?3, phone = ?4, email = ?5, website = ?6,
            place = ?7, head_title = ?8, head_name = ?9, head_nip = ?10, head_rank = ?11,
            sekda_title = ?12, sekda_name = ?13, sekda_nip = ?14, sekda_rank = ?15,
            office_head_title = ?16, office_head_name = ?17, office_head_nip = ?18, office_head_rank = ?19,
            user_name = ?20, updated_at = ?21",
        rusqlite::params![
            p.office_name,
            p.address,
            p.postal_code,
            p.phone,
            p.email,
            p.website,
            p.place,
            p.head.title,
            p.head.name,
            p.head.nip,
            p.head.rank,
            p.sekda.title,
            p.sekda.name,
            p.sekda.nip,
            p.sekda.rank,
            p.office_head.title,
            p.office_head.name,
            p.office_head.nip,
            p.office_head.rank,
            p.user_name,
            now
        ],
    )
    .map_err(sql_err)?;
    Ok(())
}
