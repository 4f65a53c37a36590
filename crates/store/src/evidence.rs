//! Evidence (*data dukung*): files stored content-addressed by SHA-256 under `evidence/`, and
//! links from an indicator of a period to a stored file or to a URL.
//!
//! A stored file is written once (to a temporary name, synced, then renamed to
//! `evidence/<first two hex>/<sha256>`) and never modified; the same bytes are stored once
//! however often they are attached. Each link gets the next letter of its indicator, so that
//! it is shown by the naming convention `<indikator>.<huruf>.<nama>`, e.g. `1.a.Perbup-1-2020.pdf`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use livinglab_core::{Error, ErrorCode, Result, Sha256Hash};
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::assessment::ensure_assessment;
use crate::audit::{self, Change};
use crate::clock;
use crate::db::sql_err;
use crate::workspace::{Workspace, EVIDENCE_DIR};

pub const MAX_EVIDENCE_MB: u64 = 100;
const MAX_EVIDENCE_BYTES: u64 = MAX_EVIDENCE_MB * 1024 * 1024;

/// Accepted file types by extension: PDF, images, office documents, video.
const ACCEPTED: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("bmp", "image/bmp"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("odp", "application/vnd.oasis.opendocument.presentation"),
    ("rtf", "application/rtf"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("mp4", "video/mp4"),
    ("m4v", "video/x-m4v"),
    ("mov", "video/quicktime"),
    ("webm", "video/webm"),
    ("mkv", "video/x-matroska"),
    ("avi", "video/x-msvideo"),
    ("3gp", "video/3gpp"),
];

/// Office formats that are zip containers inside.
const ZIP_BASED: &[&str] = &["docx", "xlsx", "pptx", "odt", "ods", "odp"];

fn extension(name: &str) -> String {
    Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// The MIME type of an accepted file name, or `evidence.type_refused`.
pub fn accepted_mime(name: &str) -> Result<&'static str> {
    let ext = extension(name);
    ACCEPTED
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, m)| *m)
        .ok_or_else(|| Error::new(ErrorCode::EvidenceTypeRefused).with("name", name))
}

/// Refuses content that is not what its name says: programs, and archives that are not office files.
fn check_content(name: &str, head: &[u8]) -> Result<()> {
    let Some(kind) = infer::get(head) else { return Ok(()) };
    let ext = extension(name);
    let refused = match kind.matcher_type() {
        infer::MatcherType::App => true,
        infer::MatcherType::Archive => {
            !ZIP_BASED.contains(&ext.as_str())
                && kind.mime_type() != "application/pdf"
                && kind.mime_type() != "application/rtf"
        }
        _ => false,
    } || (ext == "pdf" && kind.mime_type() != "application/pdf");
    if refused {
        return Err(Error::new(ErrorCode::EvidenceTypeRefused).with("name", name));
    }
    Ok(())
}

/// The letters a, b, …, z, aa, ab, … for the n-th (0-based) evidence of an indicator.
pub fn letter(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

fn letter_index(s: &str) -> usize {
    s.bytes().fold(0, |acc, b| acc * 26 + (b - b'a' + 1) as usize) - 1
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceItem {
    pub id: String,
    pub period: i32,
    pub indicator: String,
    pub letter: String,
    /// "file" or "url".
    pub kind: &'static str,
    /// The original file name, or the title of a URL.
    pub name: String,
    /// `<indikator>.<huruf>.<nama>`, e.g. "1.a.Perbup-1-2020.pdf".
    pub display_name: String,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub mime: Option<String>,
    pub url: Option<String>,
    pub note: String,
    pub created_at: String,
}

/// A stored file with the indicators it is attached to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoredFile {
    pub sha256: String,
    pub name: String,
    pub size: u64,
    pub mime: String,
    /// Indicator ids it is attached to (over all periods), in order.
    pub indicators: Vec<String>,
    /// Where it is attached: `<year>:<indicator>.<letter>`.
    pub links: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VerifyReport {
    pub checked: usize,
    pub intact: bool,
    pub changed: Vec<StoredFile>,
    pub missing: Vec<StoredFile>,
    /// Files in the store that no record names: the blob of a write that failed before it
    /// committed. Harmless (nothing refers to them) and not counted against `intact`.
    pub unreferenced: Vec<String>,
}

fn display_name(indicator: &str, letter: &str, name: &str) -> String {
    // Characters that file systems refuse become '-'.
    let clean: String =
        name.chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '-' } else { c }).collect();
    format!("{indicator}.{letter}.{clean}")
}

const ITEM_QUERY: &str =
    "SELECT e.id, p.year, e.indicator, e.letter, e.file_sha256, e.url, e.name, e.note, e.created_at, f.size, f.mime
     FROM evidence e JOIN period p ON p.id = e.period_id LEFT JOIN evidence_file f ON f.sha256 = e.file_sha256";

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<EvidenceItem> {
    let indicator: String = r.get(2)?;
    let letter: String = r.get(3)?;
    let name: String = r.get(6)?;
    let sha: Option<String> = r.get(4)?;
    Ok(EvidenceItem {
        id: r.get(0)?,
        period: r.get(1)?,
        display_name: display_name(&indicator, &letter, &name),
        kind: if sha.is_some() { "file" } else { "url" },
        indicator,
        letter,
        sha256: sha,
        url: r.get(5)?,
        name,
        note: r.get(7)?,
        created_at: r.get(8)?,
        size: r.get::<_, Option<i64>>(9)?.map(|s| s as u64),
        mime: r.get(10)?,
    })
}

/// Hashes a file while copying it to `dest`; returns (sha256, size, first bytes).
fn copy_hashing(src: &Path, dest: &Path) -> Result<(String, u64, Vec<u8>)> {
    let mut input = File::open(src).map_err(|e| Error::io(format!("read {}", src.display()), e))?;
    let mut output = File::create(dest).map_err(|e| Error::io("write into the evidence folder", e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let (mut size, mut head) = (0u64, Vec::new());
    loop {
        let n = input.read(&mut buf).map_err(|e| Error::io(format!("read {}", src.display()), e))?;
        if n == 0 {
            break;
        }
        if head.len() < 8192 {
            head.extend_from_slice(&buf[..n.min(8192 - head.len())]);
        }
        hasher.update(&buf[..n]);
        output.write_all(&buf[..n]).map_err(|e| Error::io("write into the evidence folder", e))?;
        size += n as u64;
    }
    output.sync_all().map_err(|e| Error::io("write into the evidence folder", e))?;
    Ok((hex::encode(hasher.finalize()), size, head))
}

/// Hashes a stored file.
fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

impl Workspace {
    /// Where the bytes of a stored file live.
    pub fn evidence_path(&self, sha256: &Sha256Hash) -> PathBuf {
        self.dir().join(EVIDENCE_DIR).join(sha256.prefix()).join(sha256.as_str())
    }

    /// Where the bytes of the stored file a record names live; a value that is not a hash is a
    /// corrupt record, never a path.
    pub(crate) fn stored_path(&self, sha256: &str) -> Result<PathBuf> {
        let hash = Sha256Hash::parse(sha256).map_err(|_| {
            Error::new(ErrorCode::WorkspaceCorrupt).with("detail", format!("a stored file is named {sha256:?}"))
        })?;
        Ok(self.evidence_path(&hash))
    }

    /// The names in the store that no stored-file record has.
    fn unreferenced_blobs(&self, known: &std::collections::HashSet<&str>) -> Vec<String> {
        let root = self.dir().join(EVIDENCE_DIR);
        let mut found = Vec::new();
        for fan in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            if !fan.path().is_dir() {
                continue;
            }
            for entry in std::fs::read_dir(fan.path()).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !known.contains(name.as_str()) {
                    found.push(name);
                }
            }
        }
        found.sort();
        found
    }

    /// Stores a file (once, whatever how often it is attached) and links it to an indicator of a
    /// period. Linking the same file to the same indicator again returns the existing link.
    pub fn add_evidence_file(&mut self, year: i32, indicator: &str, src: &Path) -> Result<EvidenceItem> {
        let name = src.file_name().and_then(|n| n.to_str()).unwrap_or("berkas").to_string();
        let bytes = std::fs::metadata(src).map_err(|e| Error::io(format!("read {}", src.display()), e))?.len();
        self.add_evidence_from(year, indicator, &name, bytes, |dest| copy_hashing(src, dest))
    }

    /// As `add_evidence_file`, for bytes the app received (e.g. a file dropped in the window).
    pub fn add_evidence_bytes(&mut self, year: i32, indicator: &str, name: &str, data: &[u8]) -> Result<EvidenceItem> {
        self.add_evidence_from(year, indicator, name, data.len() as u64, |dest| write_bytes(data, dest))
    }

    /// Writes a file into the content-addressed store; see [`BlobStore::put`].
    pub(crate) fn store_blob(
        &self,
        name: &str,
        size_hint: u64,
        write: impl FnOnce(&Path) -> Result<(String, u64, Vec<u8>)>,
    ) -> Result<(String, u64, &'static str)> {
        self.blob_store().put(name, size_hint, write)
    }

    /// The content-addressed store of this workspace, usable inside a write transaction.
    pub(crate) fn blob_store(&self) -> BlobStore {
        BlobStore { root: self.dir().join(EVIDENCE_DIR) }
    }

    fn add_evidence_from(
        &mut self,
        year: i32,
        indicator: &str,
        name: &str,
        size_hint: u64,
        write: impl FnOnce(&Path) -> Result<(String, u64, Vec<u8>)>,
    ) -> Result<EvidenceItem> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let indicator = fw.require_indicator(indicator)?.id.clone();
        livinglab_core::evidence::check_link_text(name, "")?;
        let (sha, size, mime) = self.store_blob(name, size_hint, write)?;
        let name = name.to_string();
        let id = self.write(|tx, actor| {
            insert_file_row(tx, &sha, size, mime, &name)?;
            let existing: Option<String> = tx
                .query_row(
                    "SELECT id FROM evidence WHERE period_id = ?1 AND indicator = ?2 AND file_sha256 = ?3",
                    (&period.id, &indicator, &sha),
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql_err)?;
            if let Some(id) = existing {
                return Ok(id);
            }
            insert_link(tx, actor, &period, &indicator, Link::File { sha256: &sha, size }, &name, "")
        })?;
        self.evidence_item(&id)
    }

    /// Links a URL (e.g. a public service page) with a title and a note to an indicator.
    pub fn add_evidence_url(
        &mut self,
        year: i32,
        indicator: &str,
        url: &str,
        title: &str,
        note: &str,
    ) -> Result<EvidenceItem> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let indicator = fw.require_indicator(indicator)?.id.clone();
        let url = url.trim().to_string();
        let valid = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() > 10
            && url.len() <= 2000
            && !url.contains(char::is_whitespace);
        if !valid {
            return Err(Error::new(ErrorCode::EvidenceUrlInvalid).with("value", &url));
        }
        let title = if title.trim().is_empty() { url.clone() } else { title.trim().to_string() };
        let note = note.trim().to_string();
        livinglab_core::evidence::check_link_text(&title, &note)?;
        let id = self.write(|tx, actor| insert_link(tx, actor, &period, &indicator, Link::Url(&url), &title, &note))?;
        self.evidence_item(&id)
    }

    /// Removes a link. The stored file stays (it may serve other links and is never altered).
    pub fn remove_evidence(&mut self, id: &str) -> Result<()> {
        let item = self.evidence_item(id)?;
        let period = self.period(item.period)?;
        self.write(|tx, actor| {
            let assessment = ensure_assessment(tx, &period, &item.indicator)?;
            // What a verifier saw stays as verified: reopen the answer first.
            if assessment.status.is_locked() {
                return Err(Error::new(ErrorCode::AssessmentLocked).with("indicator", &item.indicator));
            }
            tx.execute("DELETE FROM evidence WHERE id = ?1", [&item.id]).map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "evidence",
                    entity_id: &assessment.id,
                    action: "detach",
                    old: Some(json!({"evidence": item.id, "period": item.period, "indicator": item.indicator,
                                     "letter": item.letter, "name": item.name, "sha256": item.sha256, "url": item.url})),
                    new: None,
                },
            )
        })
    }

    pub fn evidence_item(&self, id: &str) -> Result<EvidenceItem> {
        self.conn()
            .query_row(&format!("{ITEM_QUERY} WHERE e.id = ?1"), [id], item_from_row)
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::EvidenceUnknown).with("id", id))
    }

    /// The evidence of a period (optionally of one indicator), by indicator then letter.
    pub fn evidence(&self, year: i32, indicator: Option<&str>) -> Result<Vec<EvidenceItem>> {
        let period = self.period(year)?;
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{ITEM_QUERY} WHERE e.period_id = ?1 AND (?2 IS NULL OR e.indicator = ?2)"))
            .map_err(sql_err)?;
        let rows = stmt.query_map(rusqlite::params![period.id, indicator], item_from_row).map_err(sql_err)?;
        let mut items = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)?;
        items.sort_by(|a, b| {
            let num = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
            num(&a.indicator)
                .cmp(&num(&b.indicator))
                .then(a.indicator.cmp(&b.indicator))
                .then(letter_index(&a.letter).cmp(&letter_index(&b.letter)))
        });
        Ok(items)
    }

    /// Every stored file with where it is attached.
    pub fn stored_files(&self) -> Result<Vec<StoredFile>> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT f.sha256, f.original_name, f.size, f.mime, p.year, e.indicator, e.letter
                 FROM evidence_file f LEFT JOIN evidence e ON e.file_sha256 = f.sha256 LEFT JOIN period p ON p.id = e.period_id
                 ORDER BY f.stored_at, f.sha256",
            )
            .map_err(sql_err)?;
        let mut files: BTreeMap<String, StoredFile> = BTreeMap::new();
        let mut order = Vec::new();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<i32>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(sql_err)?;
        for row in rows {
            let (sha, name, size, mime, year, indicator, letter) = row.map_err(sql_err)?;
            let entry = files.entry(sha.clone()).or_insert_with(|| {
                order.push(sha.clone());
                StoredFile {
                    sha256: sha.clone(),
                    name,
                    size: size as u64,
                    mime,
                    indicators: Vec::new(),
                    links: Vec::new(),
                }
            });
            if let (Some(year), Some(indicator), Some(letter)) = (year, indicator, letter) {
                if !entry.indicators.contains(&indicator) {
                    entry.indicators.push(indicator.clone());
                }
                entry.links.push(format!("{year}:{indicator}.{letter}"));
            }
        }
        let num = |s: &String| s.parse::<u32>().unwrap_or(u32::MAX);
        Ok(order
            .into_iter()
            .map(|sha| {
                let mut f = files.remove(&sha).unwrap();
                f.indicators.sort_by_key(num);
                f
            })
            .collect())
    }

    /// Re-hashes every stored file; reports those that changed or went missing.
    pub fn verify_evidence(&self) -> Result<VerifyReport> {
        let files = self.stored_files()?;
        let (mut changed, mut missing) = (Vec::new(), Vec::new());
        for f in &files {
            match hash_file(&self.stored_path(&f.sha256)?) {
                Ok(h) if h == f.sha256 => {}
                Ok(_) => changed.push(f.clone()),
                Err(_) => missing.push(f.clone()),
            }
        }
        let known = files.iter().map(|f| f.sha256.as_str()).collect();
        let unreferenced = self.unreferenced_blobs(&known);
        Ok(VerifyReport {
            checked: files.len(),
            intact: changed.is_empty() && missing.is_empty(),
            changed,
            missing,
            unreferenced,
        })
    }

    /// A copy of an evidence file named by the convention, in `dir`, for opening with the
    /// system's default app (the stored file itself is never handed out for editing).
    pub fn evidence_copy(&self, id: &str, dir: &Path) -> Result<PathBuf> {
        let item = self.evidence_item(id)?;
        let sha = item.sha256.as_ref().ok_or_else(|| Error::new(ErrorCode::EvidenceUnknown).with("id", id))?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io("prepare a copy to open", e))?;
        // Only the last component: a name from the database never chooses the folder.
        let file_name = Path::new(&item.display_name).file_name().unwrap_or_else(|| "berkas".as_ref());
        let dest = dir.join(file_name);
        std::fs::copy(self.stored_path(sha)?, &dest).map_err(|e| Error::io("prepare a copy to open", e))?;
        Ok(dest)
    }
}

/// The folder of stored files, `evidence/<2 hex>/<sha256>`.
pub(crate) struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    /// Writes a file into the store (once per content) after checking its type and size;
    /// returns (sha256, size, mime). Records nothing in the database. The bytes go to a
    /// temporary name first and are renamed into place once synced, so a stored file is
    /// always whole.
    pub(crate) fn put(
        &self,
        name: &str,
        size_hint: u64,
        write: impl FnOnce(&Path) -> Result<(String, u64, Vec<u8>)>,
    ) -> Result<(String, u64, &'static str)> {
        let mime = accepted_mime(name)?;
        if size_hint > MAX_EVIDENCE_BYTES {
            return Err(Error::new(ErrorCode::EvidenceTooLarge).with("name", name).with("max_mb", MAX_EVIDENCE_MB));
        }
        let tmp = self.root.join(format!(".incoming-{}", clock::new_id()));
        let result = write(&tmp).and_then(|(sha, size, head)| {
            if size > MAX_EVIDENCE_BYTES {
                return Err(Error::new(ErrorCode::EvidenceTooLarge).with("name", name).with("max_mb", MAX_EVIDENCE_MB));
            }
            check_content(name, &head)?;
            let hash = Sha256Hash::parse(&sha)?;
            let dest = self.root.join(hash.prefix()).join(hash.as_str());
            if dest.exists() {
                std::fs::remove_file(&tmp).map_err(|e| Error::io("tidy the evidence folder", e))?;
            } else {
                std::fs::create_dir_all(dest.parent().expect("a stored file has a folder"))
                    .map_err(|e| Error::io("write into the evidence folder", e))?;
                std::fs::rename(&tmp, &dest).map_err(|e| Error::io("write into the evidence folder", e))?;
                sync_folder(dest.parent().expect("a stored file has a folder"));
            }
            Ok((sha, size, mime))
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// How long a temporary evidence file may go unwritten before it counts as left behind.
const INCOMING_STALE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the temporary files of evidence writes that never finished: the program was killed
/// or the drive removed half-way (a write that fails tidies its own). Another program may be
/// storing a file at this moment, so only a file untouched for [`INCOMING_STALE`] goes; on a
/// read-only folder nothing can go, and that is not an error.
pub(crate) fn tidy_incoming(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(".incoming-") {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > INCOMING_STALE);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes a rename in `dir` durable before the record naming the file commits (a no-op where
/// the system cannot sync a folder).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// What an evidence link points at.
enum Link<'a> {
    File { sha256: &'a str, size: u64 },
    Url(&'a str),
}

/// Adds a link with the next letter of its indicator, and its audit entry; returns its id.
fn insert_link(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    period: &crate::assessment::Period,
    indicator: &str,
    link: Link<'_>,
    name: &str,
    note: &str,
) -> Result<String> {
    let assessment = ensure_assessment(tx, period, indicator)?;
    let letter = next_letter(tx, &period.id, indicator)?;
    let id = clock::new_id();
    let (sha, url) = match &link {
        Link::File { sha256, .. } => (Some(*sha256), None),
        Link::Url(u) => (None, Some(*u)),
    };
    tx.execute(
        "INSERT INTO evidence (id, period_id, indicator, letter, file_sha256, url, name, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![id, period.id, indicator, letter, sha, url, name, note, clock::now()],
    )
    .map_err(sql_err)?;
    let (action, new) = match link {
        Link::File { sha256, size } => (
            "attach_file",
            json!({"evidence": id, "period": period.year, "indicator": indicator, "letter": letter, "name": name, "sha256": sha256, "size": size}),
        ),
        Link::Url(u) => (
            "attach_url",
            json!({"evidence": id, "period": period.year, "indicator": indicator, "letter": letter, "url": u, "title": name, "note": note}),
        ),
    };
    audit::append(
        tx,
        actor,
        Change { entity: "evidence", entity_id: &assessment.id, action, old: None, new: Some(new) },
    )?;
    Ok(id)
}

/// Records a stored file (once) inside the caller's transaction.
pub(crate) fn insert_file_row(
    tx: &rusqlite::Transaction<'_>,
    sha: &str,
    size: u64,
    mime: &str,
    name: &str,
) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO evidence_file (sha256, id, size, mime, original_name, stored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![sha, clock::new_id(), size as i64, mime, name, clock::now()],
    )
    .map_err(sql_err)?;
    Ok(())
}

/// Writes `data` to `dest` and returns (sha256, size, first bytes), for `store_blob`.
pub(crate) fn write_bytes(data: &[u8], dest: &Path) -> Result<(String, u64, Vec<u8>)> {
    let mut f = File::create(dest).map_err(|e| Error::io("write into the evidence folder", e))?;
    f.write_all(data).and_then(|_| f.sync_all()).map_err(|e| Error::io("write into the evidence folder", e))?;
    Ok((hex::encode(Sha256::digest(data)), data.len() as u64, data[..data.len().min(8192)].to_vec()))
}

fn next_letter(tx: &rusqlite::Transaction<'_>, period_id: &str, indicator: &str) -> Result<String> {
    let mut stmt =
        tx.prepare_cached("SELECT letter FROM evidence WHERE period_id = ?1 AND indicator = ?2").map_err(sql_err)?;
    let used = stmt
        .query_map((period_id, indicator), |r| r.get::<_, String>(0))
        .map_err(sql_err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(sql_err)?;
    let next = used.iter().map(|l| letter_index(l) + 1).max().unwrap_or(0);
    Ok(letter(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_a_to_z_then_aa() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
        assert_eq!(letter(27), "ab");
        for n in [0, 1, 25, 26, 51, 52, 700] {
            assert_eq!(letter_index(&letter(n)), n);
        }
    }

    #[test]
    fn accepted_types_and_names() {
        assert_eq!(accepted_mime("Perbup 1 2020.PDF").unwrap(), "application/pdf");
        assert_eq!(accepted_mime("video.mp4").unwrap(), "video/mp4");
        assert_eq!(accepted_mime("setup.exe").unwrap_err().code, ErrorCode::EvidenceTypeRefused);
        assert_eq!(accepted_mime("arsip.zip").unwrap_err().code, ErrorCode::EvidenceTypeRefused);
        assert_eq!(accepted_mime("tanpa-ekstensi").unwrap_err().code, ErrorCode::EvidenceTypeRefused);
        assert_eq!(display_name("1", "a", "Perbup 1/2020.pdf"), "1.a.Perbup 1-2020.pdf");
    }

    #[test]
    fn content_must_match_the_name() {
        assert!(check_content("a.pdf", b"%PDF-1.7\n").is_ok());
        let program = |magic: &[u8]| [magic, &[0u8; 120]].concat();
        assert!(check_content("a.pdf", &program(b"MZ\x90\x00")).is_err());
        assert!(check_content("a.png", &program(b"\x7fELF\x02\x01\x01")).is_err());
        assert!(check_content("a.jpg", &program(b"PK\x03\x04")).is_err(), "a zip archive named .jpg");
        assert!(check_content("a.txt", b"plain text").is_ok());
    }
}
