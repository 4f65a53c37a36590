//! Importing a package file.
//!
//! Order: the package's own verification (every check of `livinglab-package`), then the
//! hub's: the signing key is registered for the region and not revoked (`hub.key`), and the
//! package continues the chain of its region and period (`hub.chain`). Only a package that
//! passes all of them is written, in one transaction:
//! - the same package again (same id, same manifest) is `already_received` and changes nothing;
//! - with no package of the region and period yet, any seq is accepted (the first one seen);
//! - otherwise the seq must be above the head's and `supersedes` must name the head, and the
//!   package's audit trail must continue the head's (its entry at the head's audit seq has the
//!   head's hash); a lower or equal seq, or a fork of either chain, is refused.
//!
//! A refused import, an already received one and a dry run write nothing: not even an audit
//! entry, so the hub stays byte-identical. Every import that changes the hub is in its trail.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use livinglab_core::{Error, ErrorCode, Lang, Result, Sha256Hash};
use livinglab_package::manifest::{Manifest, Role, SIGNATURE_FILE};
use livinglab_package::verify::{copy_entry, read_audit, Check, CheckStatus, Messages};
use livinglab_package::{verify_file, Report, VerifyContext};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;
use zip::ZipArchive;

use crate::hub::{Hub, HEAD, TMP_DIR};
use crate::keys::KeyStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    Imported,
    AlreadyReceived,
    Refused,
    /// Reserved: this hub never holds a package (an unknown or revoked key is refused).
    Held,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Files the package lists (besides its manifest and signature).
    pub files: usize,
    /// Evidence files the hub did not hold yet (stored once by hash across all regions).
    pub evidence_new: usize,
    /// Evidence files the hub already held, from this or any other region.
    pub evidence_known: usize,
}

/// A check of the package or of the hub, as the import summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryCheck {
    pub code: String,
    pub ok: bool,
    pub status: CheckStatus,
    pub message: String,
    pub messages: Messages,
}

impl From<&Check> for SummaryCheck {
    fn from(c: &Check) -> Self {
        SummaryCheck {
            code: c.code.as_str().into(),
            ok: c.ok,
            status: c.status,
            message: c.message.clone(),
            messages: c.messages.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    pub file: String,
    pub status: ImportStatus,
    /// True when nothing was written because it was asked so (`--dry-run`).
    pub dry_run: bool,
    pub package_id: Option<String>,
    pub region: Option<String>,
    pub period: Option<i32>,
    pub seq: Option<i64>,
    pub supersedes: Option<String>,
    pub key_status: Option<KeyStatus>,
    pub checks: Vec<SummaryCheck>,
    /// The codes of the checks that refused it.
    pub conflicts: Vec<String>,
    pub counts: Counts,
}

pub const CHECK_KEY: &str = "hub.key";
pub const CHECK_CHAIN: &str = "hub.chain";

fn hub_check(
    code: &str,
    title: &str,
    status: CheckStatus,
    detail: Option<(String, String)>,
    lang: Lang,
) -> SummaryCheck {
    let (messages, message) = Check::new_other(title, status, detail, lang);
    SummaryCheck { code: code.into(), ok: status == CheckStatus::Passed, status, message, messages }
}

fn d(en: impl Into<String>, id: impl Into<String>) -> Option<(String, String)> {
    Some((en.into(), id.into()))
}

pub struct Head {
    package_id: String,
    seq: i64,
    audit_seq: i64,
    audit_hash: String,
}

impl Hub {
    /// Imports (or, with `dry_run`, only checks) one package file.
    pub fn import(&mut self, path: &Path, dry_run: bool, lang: Lang) -> Result<ImportSummary> {
        let report = verify_file(path, &VerifyContext::shipped(lang))?;
        let (mut summary, manifest) = summarise(path.display().to_string(), &report, dry_run, lang);
        let Some(m) = manifest else { return Ok(summary) };
        let manifest_sha = report.manifest_sha256.clone().unwrap_or_default();
        let head = match self.admit(&m, &manifest_sha, &mut summary, lang)? {
            Admission::Refused | Admission::AlreadyReceived => return Ok(summary),
            Admission::New(head) => head,
        };
        // The chain of the region and period continues under the audit trail too.
        if let Some(head) = head {
            let file = File::open(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
            let mut archive = ZipArchive::new(BufReader::new(file))
                .map_err(|e| Error::new(ErrorCode::PackageUnreadable).with("detail", e))?;
            let trail = read_audit(&mut archive, &m)
                .map_err(|(en, _)| Error::new(ErrorCode::PackageUnreadable).with("detail", en))?;
            let continues = head.audit_seq >= 1
                && trail.entries.get((head.audit_seq - 1) as usize).is_some_and(|e| e.hash == head.audit_hash);
            if !continues {
                refuse_chain(
                    &mut summary,
                    d(
                        "its audit trail does not continue the newest package's (a fork of the trail)",
                        "jejak auditnya tidak melanjutkan jejak paket terbaru (cabang jejak)",
                    ),
                    lang,
                );
                return Ok(summary);
            }
        }
        summary.checks.push(hub_check(CHECK_CHAIN, "hub.check.chain", CheckStatus::Passed, None, lang));
        self.count_blobs(&m, &mut summary.counts)?;
        summary.status = ImportStatus::Imported;
        if dry_run {
            return Ok(summary);
        }
        self.store(path, &m, &manifest_sha)?;
        Ok(summary)
    }

    fn head(&self, region: &str, period: i32) -> Result<Option<Head>> {
        self.conn
            .query_row(
                "SELECT package_id, seq, audit_head_seq, audit_head_hash FROM package
                 WHERE region_code = ?1 AND period = ?2 ORDER BY seq DESC LIMIT 1",
                (region, period),
                |r| Ok(Head { package_id: r.get(0)?, seq: r.get(1)?, audit_seq: r.get(2)?, audit_hash: r.get(3)? }),
            )
            .optional()
            .map_err(sql_err)
    }

    pub fn has_blob(&self, sha: &str) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM blob WHERE sha256 = ?1", [sha], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(sql_err)
    }

    fn count_blobs(&self, m: &Manifest, counts: &mut Counts) -> Result<()> {
        for f in m.files.iter().filter(|f| f.role == Role::Evidence) {
            if self.has_blob(&f.sha256)? {
                counts.evidence_known += 1;
            } else {
                counts.evidence_new += 1;
            }
        }
        Ok(())
    }

    /// Writes a verified package: new blobs into `tmp/` (hashed again on the way), then one
    /// transaction that records everything and, just before it commits, renames the blobs
    /// into place. A failure removes what is still in `tmp/`.
    fn store(&mut self, path: &Path, m: &Manifest, manifest_sha: &str) -> Result<()> {
        let file = File::open(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        let mut archive = ZipArchive::new(BufReader::new(file))
            .map_err(|e| Error::new(ErrorCode::PackageUnreadable).with("detail", e))?;
        let mut staged: Vec<(PathBuf, Sha256Hash)> = Vec::new();
        let result = (|| -> Result<()> {
            let mut seen = std::collections::BTreeSet::new();
            for f in &m.files {
                if self.has_blob(&f.sha256)? || !seen.insert(f.sha256.clone()) {
                    continue;
                }
                let hash = Sha256Hash::parse(&f.sha256)?;
                let tmp = self.dir().join(TMP_DIR).join(format!("{}.part", clock::new_id()));
                let mut out = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&tmp)
                    .map_err(|e| Error::io("write into the hub's tmp folder", e))?;
                staged.push((tmp, hash));
                copy_entry(&mut archive, f, &mut out).map_err(|(en, _)| {
                    Error::new(ErrorCode::PackageInvalid).with("check", "package.entries").with("detail", en)
                })?;
                out.flush()
                    .and_then(|_| out.sync_all())
                    .map_err(|e| Error::io("write into the hub's tmp folder", e))?;
            }
            let mut signature = Vec::new();
            std::io::Read::read_to_end(
                &mut archive
                    .by_name(SIGNATURE_FILE)
                    .map_err(|e| Error::new(ErrorCode::PackageUnreadable).with("detail", e))?,
                &mut signature,
            )
            .map_err(|e| Error::io("read the signature", e))?;
            let data_entry = m.file(Role::Data).expect("a verified manifest lists its data file");
            let mut data = Vec::with_capacity(data_entry.size as usize);
            copy_entry(&mut archive, data_entry, &mut data).map_err(|(en, _)| {
                Error::new(ErrorCode::PackageInvalid).with("check", "package.entries").with("detail", en)
            })?;
            let manifest_text = String::from_utf8(m.canonical_bytes()).expect("canonical JSON is UTF-8");
            let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let blobs: Vec<(PathBuf, PathBuf)> =
                staged.iter().map(|(tmp, hash)| (tmp.clone(), self.blob_path(hash))).collect();
            self.write(|tx, actor| {
                let now = clock::now();
                tx.execute(
                    "INSERT INTO package (package_id, region_code, period, seq, supersedes, manifest_sha256, content_sha256,
                        key_id, manifest, signature, index_value, predicate, followup_rate, audit_head_seq, audit_head_hash,
                        file_name, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                    rusqlite::params![
                        m.package_id,
                        m.region.code,
                        m.period,
                        m.seq,
                        m.supersedes,
                        manifest_sha,
                        m.content_sha256,
                        m.signing_key.key_id,
                        manifest_text,
                        signature,
                        m.summary.index,
                        m.summary.predicate,
                        m.summary.followup_rate,
                        m.audit_head.seq,
                        m.audit_head.hash,
                        file_name,
                        now
                    ],
                )
                .map_err(sql_err)?;
                for f in &m.files {
                    tx.execute(
                        "INSERT OR IGNORE INTO blob (sha256, size, stored_at) VALUES (?1, ?2, ?3)",
                        (&f.sha256, f.size as i64, &now),
                    )
                    .map_err(sql_err)?;
                    tx.execute(
                        "INSERT INTO package_file (package_id, path, sha256, size, role) VALUES (?1, ?2, ?3, ?4, ?5)",
                        rusqlite::params![m.package_id, f.path, f.sha256, f.size as i64, serde_json::to_value(f.role).unwrap().as_str()],
                    )
                    .map_err(sql_err)?;
                }
                audit::append_in(
                    tx,
                    HEAD,
                    actor,
                    Change {
                        entity: "package",
                        entity_id: &m.package_id,
                        action: "import",
                        old: None,
                        new: Some(json!({
                            "region": m.region.code, "period": m.period, "seq": m.seq, "supersedes": m.supersedes,
                            "manifest_sha256": manifest_sha, "key_id": m.signing_key.key_id, "file": file_name,
                        })),
                    },
                )?;
                crate::documents::index_in(tx, &m.package_id, &m.region.code, &data)?;
                for (tmp, dest) in &blobs {
                    if let Some(parent) = dest.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| Error::io("create a blob folder", e))?;
                    }
                    std::fs::rename(tmp, dest).map_err(|e| Error::io("move a blob into place", e))?;
                }
                Ok(())
            })
        })();
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        result
    }
}

fn refuse_chain(summary: &mut ImportSummary, detail: Option<(String, String)>, lang: Lang) {
    summary.checks.push(hub_check(CHECK_CHAIN, "hub.check.chain", CheckStatus::Failed, detail, lang));
    summary.conflicts.push(CHECK_CHAIN.into());
    summary.status = ImportStatus::Refused;
}

/// The summary of a package's own verification, with the hub's checks skipped when it did
/// not verify; and the manifest when it did.
pub fn summarise(file: String, report: &Report, dry_run: bool, lang: Lang) -> (ImportSummary, Option<Manifest>) {
    let mut summary = ImportSummary {
        file,
        status: ImportStatus::Refused,
        dry_run,
        package_id: None,
        region: None,
        period: None,
        seq: None,
        supersedes: None,
        key_status: None,
        checks: report.checks.iter().map(SummaryCheck::from).collect(),
        conflicts: report
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Failed)
            .map(|c| c.code.as_str().into())
            .collect(),
        counts: Counts::default(),
    };
    if let Some(m) = &report.manifest {
        summary.package_id = Some(m.package_id.clone());
        summary.region = Some(m.region.code.clone());
        summary.period = Some(m.period);
        summary.seq = Some(m.seq);
        summary.supersedes = m.supersedes.clone();
        summary.counts.files = m.files.len();
    }
    match (&report.manifest, report.valid) {
        (Some(m), true) => (summary, Some(m.clone())),
        _ => {
            let detail = d("the package did not verify", "paket tidak lolos verifikasi");
            summary.checks.push(hub_check(CHECK_KEY, "hub.check.key", CheckStatus::Skipped, detail.clone(), lang));
            summary.checks.push(hub_check(CHECK_CHAIN, "hub.check.chain", CheckStatus::Skipped, detail, lang));
            (summary, None)
        }
    }
}

/// What the key registry and the chain say of a signed manifest.
pub enum Admission {
    /// A check failed; the summary says which.
    Refused,
    /// The very package was received before.
    AlreadyReceived,
    /// A new package; the newest package of its region and period, if any, that it follows.
    New(Option<Head>),
}

impl Hub {
    /// The hub's rules that need only the verified manifest: the key (`hub.key`) and the
    /// package chain (`hub.chain`, apart from the audit trail's continuation, which needs the
    /// package's files). Both entrances (a file, the receiver) run this same code. Adds its
    /// checks to `summary` except a passed chain check, which the caller adds when the whole
    /// chain holds.
    pub fn admit(
        &self,
        m: &Manifest,
        manifest_sha: &str,
        summary: &mut ImportSummary,
        lang: Lang,
    ) -> Result<Admission> {
        // The key: registered for this region, not revoked, and the very key (not only its id).
        let key = self.key(&m.signing_key.key_id)?;
        let stored_key: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT public_key FROM region_key WHERE key_id = ?1", [&m.signing_key.key_id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?;
        let manifest_key = base64::engine::general_purpose::STANDARD.decode(&m.signing_key.public_key).ok();
        let key_problem = match &key {
            None => d(
                format!("key {} is not registered for any region", m.signing_key.key_id),
                format!("kunci {} tidak terdaftar untuk daerah mana pun", m.signing_key.key_id),
            ),
            Some(k) if k.region != m.region.code => d(
                format!("key {} is registered for {}, not {}", k.key_id, k.region, m.region.code),
                format!("kunci {} terdaftar untuk {}, bukan {}", k.key_id, k.region, m.region.code),
            ),
            Some(k) if k.status == KeyStatus::Revoked => {
                d(format!("key {} was revoked", k.key_id), format!("kunci {} telah dicabut", k.key_id))
            }
            Some(_) if stored_key != manifest_key => d(
                "the public key is not the registered one with that id",
                "kunci publik bukan kunci terdaftar dengan id itu",
            ),
            Some(_) => None,
        };
        summary.key_status = key.as_ref().map(|k| k.status);
        if let Some(problem) = key_problem {
            summary.checks.push(hub_check(CHECK_KEY, "hub.check.key", CheckStatus::Failed, Some(problem), lang));
            summary.checks.push(hub_check(
                CHECK_CHAIN,
                "hub.check.chain",
                CheckStatus::Skipped,
                d("the key was refused", "kunci ditolak"),
                lang,
            ));
            summary.conflicts.push(CHECK_KEY.into());
            return Ok(Admission::Refused);
        }
        summary.checks.push(hub_check(CHECK_KEY, "hub.check.key", CheckStatus::Passed, None, lang));

        // Received before?
        let known: Option<String> = self
            .conn
            .query_row("SELECT manifest_sha256 FROM package WHERE package_id = ?1", [&m.package_id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?;
        if let Some(known) = known {
            if known == manifest_sha {
                summary.status = ImportStatus::AlreadyReceived;
                summary.checks.push(hub_check(CHECK_CHAIN, "hub.check.chain", CheckStatus::Passed, None, lang));
                self.count_blobs(m, &mut summary.counts)?;
                return Ok(Admission::AlreadyReceived);
            }
            refuse_chain(
                summary,
                d("another package with the same id was received", "paket lain dengan id yang sama sudah diterima"),
                lang,
            );
            return Ok(Admission::Refused);
        }

        // An accepted period is closed until a coordinator opens it again.
        if let Some(locked_by) = self.period_lock(&m.region.code, m.period)? {
            refuse_chain(
                summary,
                d(
                    format!(
                        "period {} of {} was accepted (package {locked_by}) and is locked; ask Sumedang to unlock it",
                        m.period, m.region.code
                    ),
                    format!(
                        "periode {} daerah {} sudah diterima (paket {locked_by}) dan dikunci; minta Sumedang membukanya",
                        m.period, m.region.code
                    ),
                ),
                lang,
            );
            return Ok(Admission::Refused);
        }

        // The chain of the region and period.
        let head = self.head(&m.region.code, m.period)?;
        if let Some(head) = &head {
            if m.seq <= head.seq {
                refuse_chain(
                    summary,
                    d(
                        format!(
                            "seq {} is not above the newest package's seq {} (an older package again, or a fork)",
                            m.seq, head.seq
                        ),
                        format!(
                            "nomor urut {} tidak di atas nomor urut paket terbaru {} (paket lama atau cabang)",
                            m.seq, head.seq
                        ),
                    ),
                    lang,
                );
                return Ok(Admission::Refused);
            }
            if m.supersedes.as_deref() != Some(head.package_id.as_str()) {
                refuse_chain(
                    summary,
                    d(
                        format!(
                            "it supersedes {:?}, not the newest package {} (a fork)",
                            m.supersedes, head.package_id
                        ),
                        format!("menggantikan {:?}, bukan paket terbaru {} (cabang)", m.supersedes, head.package_id),
                    ),
                    lang,
                );
                return Ok(Admission::Refused);
            }
        }
        Ok(Admission::New(head))
    }
}
