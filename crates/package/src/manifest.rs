//! The manifest of a package: what it is, who signed it, and every file it holds.
//!
//! Its bytes are `canonical_json(manifest)` (RFC 8785) and nothing else; `manifest.sig` beside
//! it is the workspace identity's DER ECDSA P-256 signature over exactly those bytes.

use livinglab_core::{canonical_json, Sha256Hash};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::str::FromStr;

use crate::limits::{self, path_problem};

/// The format this code writes and the only one it reads.
pub const FORMAT_VERSION: u32 = 1;
pub const FORMAT_NAME: &str = "livinglab-package";
pub const MANIFEST_FILE: &str = "manifest.json";
pub const SIGNATURE_FILE: &str = "manifest.sig";
pub const DATA_FILE: &str = "data/period.json";
pub const AUDIT_FILE: &str = "data/audit.json";
pub const FRAMEWORK_FILE: &str = "data/framework.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// `data/period.json`: the period's answers, score, actions, follow-up, profile.
    Data,
    /// `data/audit.json`: the workspace's audit trail from its first entry.
    Audit,
    /// `data/framework.json`: the framework file, when it is not one the app ships.
    Framework,
    /// `documents/<sha256>`: an issued document as sealed by the workspace.
    Document,
    /// `documents/<sha256>`: the TTE-signed PDF of an issued document.
    DocumentTte,
    /// `documents/<sha256>`: the scan (PDF or image) of an issued document signed in ink.
    DocumentScan,
    /// `evidence/<sha256>`: an evidence file, named by its SHA-256.
    Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub role: Role,
}

impl FileEntry {
    /// The path a file of this role and hash must have.
    pub fn path_for(role: Role, sha256: &str) -> String {
        match role {
            Role::Data => DATA_FILE.into(),
            Role::Audit => AUDIT_FILE.into(),
            Role::Framework => FRAMEWORK_FILE.into(),
            Role::Document | Role::DocumentTte | Role::DocumentScan => format!("documents/{sha256}"),
            Role::Evidence => format!("evidence/{sha256}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKeyRef {
    /// `key_id_of(public_key)`: 16 hex digits.
    pub key_id: String,
    pub algorithm: String,
    /// SPKI DER, standard base64.
    pub public_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// The exact index as a decimal string, e.g. "3.4986".
    pub index: String,
    /// The predicate of the unrounded index, in Indonesian (e.g. "Baik").
    pub predicate: String,
    /// The follow-up rate, exact, e.g. "0.6667".
    pub followup_rate: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub package_id: String,
    pub region: RegionRef,
    pub period: i32,
    pub framework: FrameworkRef,
    /// Rises by one per (region, period), from 1.
    pub seq: i64,
    /// The package this one replaces: the previous head of (region, period); None for seq 1.
    pub supersedes: Option<String>,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub app_version: String,
    pub signing_key: SigningKeyRef,
    /// SHA-256 of the package's content without its identity (see PACKAGE-FORMAT.md): equal
    /// for two packages of the same data, whatever their id, seq or time.
    pub content_sha256: String,
    /// The newest audit entry the package's trail holds.
    pub audit_head: AuditHead,
    /// Every file of the package except the manifest and its signature, sorted by path.
    pub files: Vec<FileEntry>,
    pub summary: Summary,
}

impl Manifest {
    pub fn canonical_bytes(&self) -> Vec<u8> {
        canonical_json(self).expect("a manifest holds strings and integers only")
    }

    pub fn sha256(&self) -> Sha256Hash {
        Sha256Hash::of(&self.canonical_bytes())
    }

    pub fn file(&self, role: Role) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.role == role)
    }

    /// The problems of the manifest taken alone (English, Indonesian), or Ok.
    pub fn consistency(&self) -> Result<(), (String, String)> {
        let fail = |en: String, id: String| Err((en, id));
        if self.format != FORMAT_NAME || self.format_version != FORMAT_VERSION {
            return fail(
                format!("format {} version {} is not {FORMAT_NAME} {FORMAT_VERSION}", self.format, self.format_version),
                format!("format {} versi {} bukan {FORMAT_NAME} {FORMAT_VERSION}", self.format, self.format_version),
            );
        }
        if uuid::Uuid::parse_str(&self.package_id)
            .map(|u| u.hyphenated().to_string() != self.package_id)
            .unwrap_or(true)
        {
            return fail(
                format!("package id {:?} is not a UUID", self.package_id),
                format!("id paket {:?} bukan UUID", self.package_id),
            );
        }
        if !region_code_ok(&self.region.code) {
            return fail(
                format!("region code {:?} is not NN.NN", self.region.code),
                format!("kode daerah {:?} bukan NN.NN", self.region.code),
            );
        }
        if !(2000..=2100).contains(&self.period) {
            return fail(
                format!("period {} is out of range", self.period),
                format!("periode {} di luar batas", self.period),
            );
        }
        if self.framework.id.is_empty() || self.framework.version.is_empty() {
            return fail("the framework is not named".into(), "kerangka tidak disebut".into());
        }
        match (self.seq, &self.supersedes) {
            (1, None) => {}
            (s, Some(id)) if s > 1 && uuid::Uuid::parse_str(id).is_ok() && id != &self.package_id => {}
            _ => {
                return fail(
                    format!(
                        "seq {} with supersedes {:?}: seq 1 supersedes nothing, a later seq its predecessor",
                        self.seq, self.supersedes
                    ),
                    format!("nomor urut {} dengan supersedes {:?} tidak sesuai", self.seq, self.supersedes),
                )
            }
        }
        let utc = time::OffsetDateTime::parse(&self.created_at, &time::format_description::well_known::Rfc3339)
            .map(|t| t.offset().is_utc() && self.created_at.ends_with('Z'))
            .unwrap_or(false);
        if !utc {
            return fail(
                format!("created_at {:?} is not a UTC RFC 3339 time", self.created_at),
                format!("created_at {:?} bukan waktu UTC RFC 3339", self.created_at),
            );
        }
        if self.signing_key.algorithm != "ecdsa-p256-sha256" || self.signing_key.key_id.len() != 16 {
            return fail(
                "the signing key is not an ECDSA P-256 key id".into(),
                "kunci penanda tangan tidak sah".into(),
            );
        }
        if Sha256Hash::parse(&self.content_sha256).is_err() || Sha256Hash::parse(&self.audit_head.hash).is_err() {
            return fail("a hash of the manifest is not a SHA-256".into(), "hash dalam manifest bukan SHA-256".into());
        }
        if Decimal::from_str(&self.summary.index).is_err() || Decimal::from_str(&self.summary.followup_rate).is_err() {
            return fail(
                "the summary's index or follow-up rate is not a decimal".into(),
                "indeks atau tingkat tindak lanjut ringkasan bukan desimal".into(),
            );
        }
        if self.files.len() + 2 > limits::MAX_ENTRIES {
            return fail("too many files".into(), "terlalu banyak berkas".into());
        }
        let mut seen = BTreeSet::new();
        let mut previous: Option<&str> = None;
        for f in &self.files {
            if Sha256Hash::parse(&f.sha256).is_err() {
                return fail(format!("{}: not a SHA-256", f.path), format!("{}: bukan SHA-256", f.path));
            }
            // A path breaking the path rule is the paths check's to report.
            if path_problem(&f.path).is_none() && f.path != FileEntry::path_for(f.role, &f.sha256) {
                return fail(
                    format!("{} is not where a {:?} file goes", f.path, f.role),
                    format!("{} bukan tempat berkas {:?}", f.path, f.role),
                );
            }
            if f.path == MANIFEST_FILE || f.path == SIGNATURE_FILE || !seen.insert(f.path.as_str()) {
                return fail(format!("{} is listed twice", f.path), format!("{} tercantum dua kali", f.path));
            }
            if previous.is_some_and(|p| p >= f.path.as_str()) {
                return fail("the files are not sorted by path".into(), "berkas tidak urut menurut path".into());
            }
            previous = Some(&f.path);
        }
        for role in [Role::Data, Role::Audit] {
            if self.files.iter().filter(|f| f.role == role).count() != 1 {
                return fail(format!("not exactly one {role:?} file"), format!("berkas {role:?} tidak tepat satu"));
            }
        }
        if self.files.iter().filter(|f| f.role == Role::Framework).count() > 1 {
            return fail("more than one framework file".into(), "lebih dari satu berkas kerangka".into());
        }
        Ok(())
    }
}

fn region_code_ok(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5 && b[2] == b'.' && b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit())
}
