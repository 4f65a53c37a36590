//! Building a package from a workspace and a period, and knowing whether one is due.
//!
//! "Changed since the last package" compares `content_sha256`: the canonical SHA-256 of the
//! period's data (everything in `data/period.json` except the follow-up figures, which
//! depend on the day they are computed) together with the file list of the documents, the
//! framework file and the evidence (path, SHA-256, size, role). The package's id, seq,
//! supersedes, created_at, the signing key and the audit trail are not part of it: a new
//! entry in the trail that changes none of those (e.g. the record of a build) is no change.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use livinglab_core::framework;
use livinglab_core::{canonical_json, canonical_sha256, Error, ErrorCode, Result, Sha256Hash};
use livinglab_sign::Signer;
use livinglab_store::audit;
use livinglab_store::clock;
use livinglab_store::db::{sql_err, APP_VERSION};
use livinglab_store::packages::PackageRecord;
use livinglab_store::Workspace;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::{json, Value};
use time::Date;

use crate::manifest::{
    AuditHead, FileEntry, FrameworkRef, Manifest, RegionRef, Role, SigningKeyRef, Summary, FORMAT_NAME, FORMAT_VERSION,
};
use crate::verify::AuditFile;
pub use crate::write::Progress;
use crate::write::{write_package, PackageFile, Source};

pub struct BuildOptions<'a> {
    pub year: i32,
    /// Where to write the package; by default `packages/<region>_<period>_seq<NNN>_<id8>.llpkg`
    /// in the workspace folder.
    pub out: Option<PathBuf>,
    /// The day the follow-up figures are computed for.
    pub today: Date,
    /// The workspace identity (its key must be recorded in the workspace).
    pub signer: &'a Signer,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum BuildOutcome {
    Built(PackageRecord),
    /// Nothing changed since this package: it is offered instead of a new one.
    Unchanged(PackageRecord),
}

impl BuildOutcome {
    pub fn record(&self) -> &PackageRecord {
        match self {
            BuildOutcome::Built(r) | BuildOutcome::Unchanged(r) => r,
        }
    }
}

/// What a package of the period holds, before it has an identity.
struct Content {
    data: Value,
    framework: FrameworkRef,
    summary: Summary,
    /// Framework, documents and evidence, sorted by path (data and audit come apart).
    files: Vec<PackageFile>,
    content_sha256: String,
}

fn content(ws: &Workspace, year: i32, today: Date) -> Result<Content> {
    let period = ws.period(year)?;
    let fw = ws.period_framework(&period)?;
    let score = ws.score(year)?;
    let followup = ws.follow_up(year, today)?;
    let evidence = ws.evidence(year, None)?;
    let documents: Vec<_> = ws
        .documents()?
        .into_iter()
        // The key enrolment letter goes to Sumedang on its own; it is no report of a period.
        .filter(|d| d.kind != "enrolment" && (d.period_year.is_none() || d.period_year == Some(year)))
        .collect();
    let region = &ws.info().region;

    let mut files: BTreeMap<String, PackageFile> = BTreeMap::new();
    let mut add_stored = |ws: &Workspace, role: Role, sha: &str| -> Result<()> {
        let hash = Sha256Hash::parse(sha).map_err(|_| {
            Error::new(ErrorCode::WorkspaceCorrupt).with("detail", format!("a stored file is named {sha:?}"))
        })?;
        let path = ws.evidence_path(&hash);
        let size = std::fs::metadata(&path)
            .map_err(|_| Error::new(ErrorCode::EvidenceDamaged).with("count", 1).with("name", sha))?
            .len();
        let entry = FileEntry { path: FileEntry::path_for(role, sha), sha256: sha.to_string(), size, role };
        files.entry(entry.path.clone()).or_insert(PackageFile { entry, source: Source::File(path) });
        Ok(())
    };
    for item in &evidence {
        if let Some(sha) = &item.sha256 {
            add_stored(ws, Role::Evidence, sha)?;
        }
    }
    for d in &documents {
        add_stored(ws, Role::Document, &d.pdf_sha256)?;
        if let Some(sha) = &d.tte_sha256 {
            add_stored(ws, Role::DocumentTte, sha)?;
        }
        if let Some(sha) = &d.signed_scan_sha256 {
            add_stored(ws, Role::DocumentScan, sha)?;
        }
    }
    let shipped = framework::shipped().iter().any(|f| f.id == fw.id && f.version == fw.version);
    if !shipped {
        let text: Option<String> = ws
            .conn()
            .query_row(
                "SELECT json FROM framework WHERE framework_id = ?1 AND version = ?2",
                (&fw.id, &fw.version),
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err)?;
        let text = text.ok_or_else(|| Error::new(ErrorCode::FrameworkUnknown).with("id", &fw.id))?;
        let bytes = text.into_bytes();
        let entry = FileEntry {
            path: FileEntry::path_for(Role::Framework, ""),
            sha256: Sha256Hash::of(&bytes).to_string(),
            size: bytes.len() as u64,
            role: Role::Framework,
        };
        files.insert(entry.path.clone(), PackageFile { entry, source: Source::Bytes(bytes) });
    }

    let (review_response, _) = answers_to_review(ws, year)?;
    let mut stable = json!({
        "format_version": FORMAT_VERSION,
        "region": region,
        "period": period,
        "framework": {"id": fw.id, "version": fw.version, "name": fw.name.id},
        "profile": ws.profile()?,
        "answers": ws.assessments(year)?,
        "score": score,
        "actions": ws.actions(year)?,
        "evidence": evidence,
        "documents": documents,
    });
    if !review_response.is_null() {
        stable["review_response"] = review_response;
    }
    // Pemdi 2026: the value each indicator counts with and why, the butir checklist with the
    // evaluators' review of each, and the stages' dates (a framework of levels has none).
    if fw.values == livinglab_core::framework::ValueKind::Decimal {
        stable["values"] = json!(ws.indicator_values(year)?);
        stable["butir"] = json!(ws.butir(year, None)?);
        stable["stages"] = json!(ws.stages(year)?);
    }
    let listed: Vec<&FileEntry> = files.values().map(|f| &f.entry).collect();
    let content_sha256 = canonical_sha256(&json!({"data": stable, "files": listed}))?.1.to_string();
    let mut data = stable;
    data["followup"] = json!({"date": today.to_string(), "figures": followup});
    Ok(Content {
        data,
        framework: FrameworkRef { id: fw.id.clone(), version: fw.version.clone() },
        summary: Summary {
            index: score.index.to_string(),
            predicate: score.predicate.name.clone(),
            followup_rate: followup.rate.to_string(),
        },
        files: files.into_values().collect(),
        content_sha256,
    })
}

/// What the period's next package answers to the review that returned the one before it
/// (Null when no review asks for revision), and the indicators whose notes have no answer.
fn answers_to_review(ws: &Workspace, year: i32) -> Result<(Value, Vec<String>)> {
    let Some(open) = ws.open_review(year)? else { return Ok((Value::Null, Vec::new())) };
    let response = json!({
        "review_id": open.review.review_id,
        "package_id": open.review.package_id,
        "seq": open.review.seq,
        "reviewed_at": open.review.reviewed_at,
        "answers": open.notes.iter().map(|n| json!({
            "indicator": n.indicator, "note": n.note, "answer": n.answer,
        })).collect::<Vec<_>>(),
    });
    Ok((response, open.unanswered))
}

/// Whether the period's next package can be built as far as Sumedang's review goes: refused
/// while a note on an indicator has no answer (the app asks before it asks where to save).
pub fn check_review_answered(ws: &Workspace, year: i32) -> Result<()> {
    let (_, unanswered) = answers_to_review(ws, year)?;
    if unanswered.is_empty() {
        return Ok(());
    }
    Err(Error::new(ErrorCode::ReviewUnanswered)
        .with("count", unanswered.len())
        .with("indicators", unanswered.join(", ")))
}

/// Whether the period changed since its last package; None when it has none yet.
pub fn changed_since_last(ws: &Workspace, year: i32, today: Date) -> Result<Option<bool>> {
    let Some(last) = ws.last_package(year)? else { return Ok(None) };
    Ok(Some(content(ws, year, today)?.content_sha256 != last.content_sha256))
}

/// The default file name: `<region>_<period>_seq<NNN>_<id8>.llpkg`.
pub fn file_name(region: &str, year: i32, seq: i64, package_id: &str) -> String {
    let id8: String = package_id.chars().filter(|c| *c != '-').take(8).collect();
    format!("{region}_{year}_seq{seq:03}_{id8}.llpkg")
}

/// Builds the period's next package, or returns the last one when nothing changed.
pub fn build(ws: &mut Workspace, opts: &BuildOptions<'_>, progress: &mut dyn FnMut(Progress)) -> Result<BuildOutcome> {
    ws.verify_audit()?.into_result()?;
    let content = content(ws, opts.year, opts.today)?;
    let last = ws.last_package(opts.year)?;
    if let Some(last) = last.as_ref().filter(|l| l.content_sha256 == content.content_sha256) {
        return Ok(BuildOutcome::Unchanged(last.clone()));
    }
    check_review_answered(ws, opts.year)?;
    let identity = opts.signer.identity();
    if ws.signing_key(&identity.key_id)?.is_none() {
        return Err(Error::new(ErrorCode::SignKeyNotFound).with("key_id", &identity.key_id));
    }
    let chain = audit::chain_entries(ws.conn())?;
    let head = chain
        .last()
        .map(|e| AuditHead { seq: e.seq, hash: e.hash.clone() })
        .ok_or_else(|| Error::new(ErrorCode::AuditBroken).with("seq", 1).with("detail", "the trail is empty"))?;
    let audit_bytes = canonical_json(&AuditFile { head: head.clone(), entries: chain })?;
    let data_bytes = canonical_json(&content.data)?;

    let package_id = clock::new_id();
    let (seq, supersedes) = match &last {
        Some(l) => (l.seq + 1, Some(l.package_id.clone())),
        None => (1, None),
    };
    let mut files = content.files;
    for (role, bytes) in [(Role::Data, data_bytes), (Role::Audit, audit_bytes)] {
        let entry = FileEntry {
            path: FileEntry::path_for(role, ""),
            sha256: Sha256Hash::of(&bytes).to_string(),
            size: bytes.len() as u64,
            role,
        };
        files.push(PackageFile { entry, source: Source::Bytes(bytes) });
    }
    files.sort_by(|a, b| a.entry.path.cmp(&b.entry.path));
    let region = &ws.info().region;
    let manifest = Manifest {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        package_id: package_id.clone(),
        region: RegionRef { code: region.code.clone(), name: region.name.clone() },
        period: opts.year,
        framework: content.framework,
        seq,
        supersedes: supersedes.clone(),
        created_at: clock::now(),
        app_version: APP_VERSION.into(),
        signing_key: SigningKeyRef {
            key_id: identity.key_id.clone(),
            algorithm: identity.algorithm.as_str().into(),
            public_key: base64::engine::general_purpose::STANDARD.encode(&identity.public_key),
        },
        content_sha256: content.content_sha256.clone(),
        audit_head: head,
        files: files.iter().map(|f| f.entry.clone()).collect(),
        summary: content.summary,
    };

    let out = match &opts.out {
        Some(p) => p.clone(),
        None => ws.dir().join("packages").join(file_name(&region.code, opts.year, seq, &package_id)),
    };
    if out.exists() {
        return Err(Error::new(ErrorCode::PackageOutExists).with("path", out.display()));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(format!("create {}", parent.display()), e))?;
    }
    let partial = partial_path(&out);
    let written = write_file(&partial, &manifest, opts.signer, &files, progress);
    let size = match written {
        Ok(size) => size,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    let record = PackageRecord {
        package_id,
        period: opts.year,
        seq,
        supersedes,
        manifest_sha256: manifest.sha256().to_string(),
        content_sha256: content.content_sha256,
        key_id: identity.key_id.clone(),
        path: out.display().to_string(),
        size,
        files: manifest.files.len(),
        created_at: manifest.created_at.clone(),
    };
    let manifest_text = String::from_utf8(manifest.canonical_bytes()).expect("canonical JSON is UTF-8");
    let recorded = ws.record_package(&record, &manifest_text, || {
        if out.exists() {
            return Err(Error::new(ErrorCode::PackageOutExists).with("path", out.display()));
        }
        std::fs::rename(&partial, &out).map_err(|e| Error::io(format!("move the package to {}", out.display()), e))
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(&partial);
        if e.code != ErrorCode::PackageOutExists {
            let _ = std::fs::remove_file(&out);
        }
        return Err(e);
    }
    Ok(BuildOutcome::Built(record))
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

fn write_file(
    path: &Path,
    manifest: &Manifest,
    signer: &Signer,
    files: &[PackageFile],
    progress: &mut dyn FnMut(Progress),
) -> Result<u64> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(format!("create {}", path.display()), e))?;
    let writer = write_package(BufWriter::with_capacity(1024 * 1024, file), manifest, signer, files, progress)?;
    let file: File = writer.into_inner().map_err(|e| Error::io("write the package", e.error()))?;
    file.sync_all().map_err(|e| Error::io("write the package", e))?;
    let size = file.metadata().map_err(|e| Error::io("write the package", e))?.len();
    drop(file);
    let _ = std::io::stdout().flush();
    Ok(size)
}
