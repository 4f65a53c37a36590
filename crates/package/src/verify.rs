//! Verification of a package: pure (no workspace, no network), bounded, and the same at
//! both ends. Every check is reported in a fixed order with a stable code, as passed, failed
//! or skipped (a check that needs what an earlier one refused), with a message in both
//! languages. The package is valid only when every check passed.
//!
//! Nothing is inflated before the paths and the limits are known to hold: the names, sizes
//! and ratios come from the zip's central directory, and the content is read only when they
//! pass, each entry cut off one byte past the size the signed manifest gives it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, Write};
use std::path::Path;

use base64::Engine;
use livinglab_core::audit_chain::{verify_chain, ChainEntry};
use livinglab_core::framework::{self, Framework};
use livinglab_core::i18n::{text, text_with};
use livinglab_core::{canonical_json, Lang, Sha256Hash};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::ZipArchive;

use crate::limits::{self, path_problem};
use crate::manifest::{AuditHead, FileEntry, Manifest, Role, MANIFEST_FILE, SIGNATURE_FILE};

macro_rules! check_codes {
    ($($variant:ident = $code:literal, $title:literal;)*) => {
        /// The checks, in the order they are reported. Never rename a code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CheckCode { $($variant,)* }

        impl CheckCode {
            pub const ALL: &'static [CheckCode] = &[$(CheckCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(CheckCode::$variant => $code,)* }
            }

            /// The catalog key of the check's title.
            pub fn title_key(self) -> &'static str {
                match self { $(CheckCode::$variant => $title,)* }
            }
        }
    };
}

check_codes! {
    Container = "package.container", "package.check.container";
    Signature = "package.signature", "package.check.signature";
    Manifest = "package.manifest", "package.check.manifest";
    Entries = "package.entries", "package.check.entries";
    Paths = "package.paths", "package.check.paths";
    Limits = "package.limits", "package.check.limits";
    Framework = "package.framework", "package.check.framework";
    Audit = "package.audit", "package.check.audit";
}

impl Serialize for CheckCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Passed,
    Failed,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Messages {
    pub id: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub code: CheckCode,
    pub ok: bool,
    pub status: CheckStatus,
    /// In the language asked for.
    pub message: String,
    pub messages: Messages,
}

impl Check {
    /// A check of another layer (the hub's key registry and chain) in the same shape.
    pub fn new_other(
        title_key: &str,
        status: CheckStatus,
        detail: Option<(String, String)>,
        lang: Lang,
    ) -> (Messages, String) {
        let render = |l: Lang, d: &str| {
            let title = text(l, title_key);
            let key = match status {
                CheckStatus::Passed => "package.check.passed",
                CheckStatus::Failed => "package.check.failed",
                CheckStatus::Skipped => "package.check.skipped",
            };
            text_with(l, key, &[("title".into(), title), ("detail".into(), d.to_string())])
        };
        let (en, id) = detail.unwrap_or_default();
        let messages = Messages { id: render(Lang::Id, &id), en: render(Lang::En, &en) };
        let message = if lang == Lang::Id { messages.id.clone() } else { messages.en.clone() };
        (messages, message)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub valid: bool,
    pub checks: Vec<Check>,
    /// The first check that failed, in report order.
    pub failed: Option<CheckCode>,
    /// The manifest when it parsed (trust it only when `valid`).
    pub manifest: Option<Manifest>,
    pub manifest_sha256: Option<String>,
}

impl Report {
    pub fn check(&self, code: CheckCode) -> Option<&Check> {
        self.checks.iter().find(|c| c.code == code)
    }

    pub fn status(&self, code: CheckCode) -> Option<CheckStatus> {
        self.check(code).map(|c| c.status)
    }
}

/// What the verifier knows beyond the package.
pub struct VerifyContext<'a> {
    /// Whether a framework id and version are known here (besides those the app ships).
    pub known_framework: &'a dyn Fn(&str, &str) -> bool,
    pub lang: Lang,
}

fn no_other_framework(_: &str, _: &str) -> bool {
    false
}

impl VerifyContext<'static> {
    /// Frameworks the app ships only; messages in `lang`.
    pub fn shipped(lang: Lang) -> VerifyContext<'static> {
        VerifyContext { known_framework: &no_other_framework, lang }
    }
}

/// (English, Indonesian).
type Detail = (String, String);

enum Outcome {
    Passed,
    Failed(Detail),
    Skipped(Detail),
}

fn detail(en: impl Into<String>, id: impl Into<String>) -> Detail {
    (en.into(), id.into())
}

pub fn verify_file(path: &Path, ctx: &VerifyContext<'_>) -> Result<Report, livinglab_core::Error> {
    let file = File::open(path).map_err(|e| {
        livinglab_core::Error::new(livinglab_core::ErrorCode::PackageUnreadable)
            .with("detail", format!("{}: {e}", path.display()))
    })?;
    Ok(verify_reader(BufReader::with_capacity(256 * 1024, file), ctx))
}

pub fn verify_bytes(bytes: &[u8], ctx: &VerifyContext<'_>) -> Report {
    verify_reader(Cursor::new(bytes), ctx)
}

/// One entry as the central directory describes it.
struct EntryMeta {
    name: String,
    size: u64,
    compressed: u64,
    special: Option<&'static str>,
}

pub fn verify_reader<R: Read + Seek>(reader: R, ctx: &VerifyContext<'_>) -> Report {
    let mut outcomes: BTreeMap<CheckCode, Outcome> = BTreeMap::new();
    let mut manifest: Option<Manifest> = None;
    let mut manifest_sha = None;
    let finish = |outcomes: BTreeMap<CheckCode, Outcome>, manifest, manifest_sha256| {
        report(outcomes, manifest, manifest_sha256, ctx.lang)
    };

    // Container: a zip whose central directory reads, with entries this format uses.
    let mut archive = match ZipArchive::new(reader) {
        Ok(a) => a,
        Err(e) => {
            outcomes.insert(
                CheckCode::Container,
                Outcome::Failed(detail(format!("not a readable zip: {e}"), format!("bukan zip yang terbaca: {e}"))),
            );
            return finish(outcomes, None, None);
        }
    };
    let mut entries = Vec::with_capacity(archive.len().min(limits::MAX_ENTRIES + 1));
    let mut container_problem = None;
    for i in 0..archive.len() {
        match archive.by_index_raw(i) {
            Ok(f) => {
                let name = match std::str::from_utf8(f.name_raw()) {
                    Ok(n) => n.to_string(),
                    Err(_) => {
                        container_problem = Some(detail("an entry name is not UTF-8", "nama entri bukan UTF-8"));
                        break;
                    }
                };
                let special = if f.encrypted() {
                    Some("encrypted entry")
                } else if f.is_dir() {
                    Some("directory entry")
                } else if f.is_symlink() {
                    Some("symbolic link")
                } else if !matches!(f.compression(), zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated)
                {
                    Some("unsupported compression")
                } else {
                    None
                };
                entries.push(EntryMeta { name, size: f.size(), compressed: f.compressed_size(), special });
            }
            Err(e) => {
                container_problem =
                    Some(detail(format!("entry {i} cannot be read: {e}"), format!("entri {i} tidak terbaca: {e}")));
                break;
            }
        }
    }
    if let Some(problem) = container_problem {
        outcomes.insert(CheckCode::Container, Outcome::Failed(problem));
        return finish(outcomes, None, None);
    }
    outcomes.insert(CheckCode::Container, Outcome::Passed);
    let duplicates = archive.has_duplicate_names();

    // Signature: manifest.json and manifest.sig, each read with its own limit.
    let manifest_bytes = read_small(&mut archive, MANIFEST_FILE, limits::MAX_MANIFEST_BYTES);
    let signature = read_small(&mut archive, SIGNATURE_FILE, limits::MAX_SIGNATURE_BYTES);
    let signature_outcome = match (&manifest_bytes, &signature) {
        (Err(e), _) | (_, Err(e)) => Outcome::Failed(e.clone()),
        (Ok(m), Ok(sig)) => match signature_check(m, sig) {
            Ok(()) => Outcome::Passed,
            Err(d) => Outcome::Failed(d),
        },
    };
    outcomes.insert(CheckCode::Signature, signature_outcome);

    // Manifest: it parses, its bytes are canonical, its fields hold together.
    let manifest_outcome = match &manifest_bytes {
        Err(_) => Outcome::Skipped(detail("the manifest could not be read", "manifest tidak terbaca")),
        Ok(bytes) => match parse_manifest(bytes) {
            Ok(m) => {
                let result = m.consistency();
                manifest_sha = Some(Sha256Hash::of(bytes).to_string());
                manifest = Some(m);
                match result {
                    Ok(()) => Outcome::Passed,
                    Err(d) => Outcome::Failed(d),
                }
            }
            Err(d) => Outcome::Failed(d),
        },
    };
    let manifest_ok = matches!(manifest_outcome, Outcome::Passed);
    outcomes.insert(CheckCode::Manifest, manifest_outcome);

    // Paths: every entry of the zip and every path the manifest lists.
    let mut path_problems: Vec<String> = entries
        .iter()
        .filter_map(|e| path_problem(&e.name).or(e.special).map(|p| format!("{:?}: {p}", e.name)))
        .collect();
    if let Some(m) = &manifest {
        path_problems
            .extend(m.files.iter().filter_map(|f| path_problem(&f.path).map(|p| format!("{:?}: {p}", f.path))));
    }
    let paths_ok = path_problems.is_empty();
    outcomes.insert(
        CheckCode::Paths,
        if paths_ok {
            Outcome::Passed
        } else {
            let list = path_problems.into_iter().take(5).collect::<Vec<_>>().join("; ");
            Outcome::Failed(detail(list.clone(), list))
        },
    );

    // Limits: from the central directory (and the manifest), before anything is inflated.
    let limits_outcome = limits_check(&entries, manifest.as_ref());
    let limits_ok = matches!(limits_outcome, Outcome::Passed);
    outcomes.insert(CheckCode::Limits, limits_outcome);

    // Entries: the names are exactly the file list; then sizes; then, when paths and limits
    // hold, every byte against its hash.
    let entries_outcome = match (&manifest, manifest_ok) {
        (Some(m), true) => match names_check(&entries, m, duplicates) {
            Err(d) => Outcome::Failed(d),
            Ok(()) if !(paths_ok && limits_ok) => Outcome::Skipped(detail(
                "not read: the paths or the limits were refused",
                "tidak dibaca: nama berkas atau batas ditolak",
            )),
            Ok(()) => content_check(&mut archive, m),
        },
        _ => Outcome::Skipped(detail("no consistent manifest", "manifest tidak konsisten")),
    };
    let entries_ok = matches!(entries_outcome, Outcome::Passed);
    outcomes.insert(CheckCode::Entries, entries_outcome);

    // Framework: shipped, known here, or carried by the package (then it must parse as one).
    let framework_outcome = match (&manifest, manifest_ok) {
        (Some(m), true) => framework_check(&mut archive, m, entries_ok, ctx),
        _ => Outcome::Skipped(detail("no consistent manifest", "manifest tidak konsisten")),
    };
    outcomes.insert(CheckCode::Framework, framework_outcome);

    // Audit: the trail the signed hash names, checked from its first entry to the head.
    let audit_outcome = match (&manifest, entries_ok) {
        (Some(m), true) => audit_check(&mut archive, m),
        _ => Outcome::Skipped(detail("the entries were not verified", "isi paket belum terverifikasi")),
    };
    outcomes.insert(CheckCode::Audit, audit_outcome);

    finish(outcomes, manifest, manifest_sha)
}

/// The checks that need only the signed manifest, for a manifest that arrives before its
/// files (the hub's receiver): the signature, the manifest itself, the listed paths and the
/// listed sizes, by the same code as [`verify_reader`]. The checks of the entries, the
/// framework and the audit trail are skipped here: they run on the whole package.
/// `valid` means only that these checks passed.
pub fn verify_signed_manifest(manifest_bytes: &[u8], signature: &[u8], lang: Lang) -> Report {
    let mut outcomes: BTreeMap<CheckCode, Outcome> = BTreeMap::new();
    outcomes.insert(CheckCode::Container, Outcome::Passed);
    let too_big = |name: &str, limit: u64| {
        detail(format!("{name} is larger than {limit} bytes"), format!("{name} lebih dari {limit} bita"))
    };
    let sizes = if manifest_bytes.len() as u64 > limits::MAX_MANIFEST_BYTES {
        Err(too_big(MANIFEST_FILE, limits::MAX_MANIFEST_BYTES))
    } else if signature.len() as u64 > limits::MAX_SIGNATURE_BYTES {
        Err(too_big(SIGNATURE_FILE, limits::MAX_SIGNATURE_BYTES))
    } else {
        Ok(())
    };
    let signature_outcome = match sizes.clone().and_then(|()| signature_check(manifest_bytes, signature)) {
        Ok(()) => Outcome::Passed,
        Err(d) => Outcome::Failed(d),
    };
    outcomes.insert(CheckCode::Signature, signature_outcome);
    let (mut manifest, mut manifest_sha) = (None, None);
    let manifest_outcome = match sizes.and_then(|()| parse_manifest(manifest_bytes)) {
        Ok(m) => {
            let result = m.consistency();
            manifest_sha = Some(Sha256Hash::of(manifest_bytes).to_string());
            manifest = Some(m);
            match result {
                Ok(()) => Outcome::Passed,
                Err(d) => Outcome::Failed(d),
            }
        }
        Err(d) => Outcome::Failed(d),
    };
    outcomes.insert(CheckCode::Manifest, manifest_outcome);
    let path_problems: Vec<String> = manifest
        .iter()
        .flat_map(|m| m.files.iter())
        .filter_map(|f| path_problem(&f.path).map(|p| format!("{:?}: {p}", f.path)))
        .take(5)
        .collect();
    outcomes.insert(
        CheckCode::Paths,
        if path_problems.is_empty() {
            Outcome::Passed
        } else {
            let list = path_problems.join("; ");
            Outcome::Failed(detail(list.clone(), list))
        },
    );
    outcomes.insert(CheckCode::Limits, limits_check(&[], manifest.as_ref()));
    let later = || Outcome::Skipped(detail("checked when the files have arrived", "diperiksa setelah berkas tiba"));
    for code in [CheckCode::Entries, CheckCode::Framework, CheckCode::Audit] {
        outcomes.insert(code, later());
    }
    let mut report = report(outcomes, manifest, manifest_sha, lang);
    report.valid = report.failed.is_none();
    report
}

fn report(
    mut outcomes: BTreeMap<CheckCode, Outcome>,
    manifest: Option<Manifest>,
    manifest_sha256: Option<String>,
    lang: Lang,
) -> Report {
    let checks: Vec<Check> = CheckCode::ALL
        .iter()
        .map(|&code| {
            let outcome = outcomes
                .remove(&code)
                .unwrap_or_else(|| Outcome::Skipped(detail("the zip could not be read", "berkas zip tidak terbaca")));
            let (status, d) = match outcome {
                Outcome::Passed => (CheckStatus::Passed, None),
                Outcome::Failed(d) => (CheckStatus::Failed, Some(d)),
                Outcome::Skipped(d) => (CheckStatus::Skipped, Some(d)),
            };
            let (messages, message) = Check::new_other(code.title_key(), status, d, lang);
            Check { code, ok: status == CheckStatus::Passed, status, message, messages }
        })
        .collect();
    let failed = checks.iter().find(|c| c.status == CheckStatus::Failed).map(|c| c.code);
    Report { valid: checks.iter().all(|c| c.ok), checks, failed, manifest, manifest_sha256 }
}

fn read_small<R: Read + Seek>(archive: &mut ZipArchive<R>, name: &str, limit: u64) -> Result<Vec<u8>, Detail> {
    let file = archive.by_name(name).map_err(|_| detail(format!("{name} is missing"), format!("{name} tidak ada")))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| detail(format!("{name} cannot be read: {e}"), format!("{name} tidak terbaca: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(detail(format!("{name} is larger than {limit} bytes"), format!("{name} lebih dari {limit} bita")));
    }
    Ok(bytes)
}

fn signature_check(manifest: &[u8], signature: &[u8]) -> Result<(), Detail> {
    #[derive(Deserialize)]
    struct KeyOnly {
        signing_key: crate::manifest::SigningKeyRef,
    }
    let key: KeyOnly = serde_json::from_slice(manifest)
        .map_err(|_| detail("the manifest names no signing key", "manifest tidak menyebut kunci penanda tangan"))?;
    let spki = base64::engine::general_purpose::STANDARD
        .decode(&key.signing_key.public_key)
        .map_err(|_| detail("the public key is not base64", "kunci publik bukan base64"))?;
    if livinglab_sign::key_id_of(&spki) != key.signing_key.key_id {
        return Err(detail("the key id is not the id of the public key", "id kunci bukan id dari kunci publik"));
    }
    livinglab_sign::verify(&spki, manifest, signature).map_err(|_| {
        detail(
            format!("the signature does not verify with key {}", key.signing_key.key_id),
            format!("tanda tangan tidak cocok dengan kunci {}", key.signing_key.key_id),
        )
    })
}

fn parse_manifest(bytes: &[u8]) -> Result<Manifest, Detail> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| detail(format!("not JSON: {e}"), format!("bukan JSON: {e}")))?;
    let canonical = canonical_json(&value).map_err(|e| detail(e.to_string(), e.to_string()))?;
    if canonical != bytes {
        return Err(detail("the manifest's bytes are not canonical JSON", "manifest bukan JSON kanonik"));
    }
    serde_json::from_value(value).map_err(|e| detail(format!("not a manifest: {e}"), format!("bukan manifest: {e}")))
}

fn limits_check(entries: &[EntryMeta], manifest: Option<&Manifest>) -> Outcome {
    let fail = |en: String, id: String| Outcome::Failed((en, id));
    if entries.len() > limits::MAX_ENTRIES {
        return fail(
            format!("{} entries, more than {}", entries.len(), limits::MAX_ENTRIES),
            format!("{} entri, lebih dari {}", entries.len(), limits::MAX_ENTRIES),
        );
    }
    let mut total = 0u64;
    for e in entries {
        if e.size > limits::MAX_ENTRY_BYTES {
            return fail(
                format!("{:?} inflates to {} bytes, more than {}", e.name, e.size, limits::MAX_ENTRY_BYTES),
                format!("{:?} mengembang menjadi {} bita, lebih dari {}", e.name, e.size, limits::MAX_ENTRY_BYTES),
            );
        }
        if e.size > limits::RATIO_FLOOR_BYTES && e.size / e.compressed.max(1) > limits::MAX_RATIO {
            return fail(
                format!("{:?} is compressed more than {}:1 (a zip bomb)", e.name, limits::MAX_RATIO),
                format!("{:?} dikompresi lebih dari {}:1 (bom zip)", e.name, limits::MAX_RATIO),
            );
        }
        total = total.saturating_add(e.size);
    }
    let listed: u64 = manifest.map(|m| m.files.iter().map(|f| f.size).fold(0u64, u64::saturating_add)).unwrap_or(0);
    if total.max(listed) > limits::MAX_TOTAL_BYTES {
        return fail(
            format!("{} bytes in all, more than {}", total.max(listed), limits::MAX_TOTAL_BYTES),
            format!("{} bita seluruhnya, lebih dari {}", total.max(listed), limits::MAX_TOTAL_BYTES),
        );
    }
    if let Some(f) = manifest.and_then(|m| m.files.iter().find(|f| f.size > limits::MAX_ENTRY_BYTES)) {
        return fail(
            format!("{} is listed with {} bytes, more than {}", f.path, f.size, limits::MAX_ENTRY_BYTES),
            format!("{} tercantum {} bita, lebih dari {}", f.path, f.size, limits::MAX_ENTRY_BYTES),
        );
    }
    Outcome::Passed
}

fn names_check(entries: &[EntryMeta], m: &Manifest, duplicates: bool) -> Result<(), Detail> {
    let mut seen = BTreeSet::new();
    for e in entries {
        if !seen.insert(e.name.as_str()) {
            return Err(detail(
                format!("{:?} is in the zip twice", e.name),
                format!("{:?} ada dua kali di zip", e.name),
            ));
        }
    }
    if duplicates {
        return Err(detail("an entry is in the zip twice", "ada entri yang muncul dua kali di zip"));
    }
    let listed: BTreeMap<&str, &FileEntry> = m.files.iter().map(|f| (f.path.as_str(), f)).collect();
    for e in entries {
        if e.name == MANIFEST_FILE || e.name == SIGNATURE_FILE {
            continue;
        }
        match listed.get(e.name.as_str()) {
            None => {
                return Err(detail(
                    format!("{:?} is not in the file list", e.name),
                    format!("{:?} tidak ada dalam daftar berkas", e.name),
                ))
            }
            Some(f) if f.size != e.size => {
                return Err(detail(
                    format!("{} has {} bytes, the list says {}", f.path, e.size, f.size),
                    format!("{} berukuran {} bita, daftar menyebut {}", f.path, e.size, f.size),
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(f) = m.files.iter().find(|f| !seen.contains(f.path.as_str())) {
        return Err(detail(format!("{} is missing from the zip", f.path), format!("{} tidak ada di zip", f.path)));
    }
    Ok(())
}

/// Streams one listed entry into `out`, checking its size and SHA-256 as it goes; reads at
/// most one byte more than the size the manifest gives it.
pub fn copy_entry<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    entry: &FileEntry,
    out: &mut dyn Write,
) -> Result<(), (String, String)> {
    let file = archive
        .by_name(&entry.path)
        .map_err(|e| detail(format!("{}: {e}", entry.path), format!("{}: {e}", entry.path)))?;
    let mut limited = file.take(entry.size + 1);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut count = 0u64;
    loop {
        let n = limited.read(&mut buf).map_err(|e| {
            detail(format!("{} cannot be read: {e}", entry.path), format!("{} tidak terbaca: {e}", entry.path))
        })?;
        if n == 0 {
            break;
        }
        count += n as u64;
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(|e| detail(format!("write: {e}"), format!("menulis: {e}")))?;
    }
    if count != entry.size {
        return Err(detail(
            format!("{} holds {count} bytes, the list says {}", entry.path, entry.size),
            format!("{} berisi {count} bita, daftar menyebut {}", entry.path, entry.size),
        ));
    }
    if hex::encode(hasher.finalize()) != entry.sha256 {
        return Err(detail(
            format!("{} does not match its SHA-256", entry.path),
            format!("{} tidak cocok dengan SHA-256-nya", entry.path),
        ));
    }
    Ok(())
}

fn content_check<R: Read + Seek>(archive: &mut ZipArchive<R>, m: &Manifest) -> Outcome {
    for f in &m.files {
        if let Err(d) = copy_entry(archive, f, &mut std::io::sink()) {
            return Outcome::Failed(d);
        }
    }
    Outcome::Passed
}

/// Reads a verified entry whole (it is at most MAX_ENTRY_BYTES).
fn read_verified<R: Read + Seek>(archive: &mut ZipArchive<R>, f: &FileEntry) -> Result<Vec<u8>, Detail> {
    let mut bytes = Vec::with_capacity(f.size as usize);
    copy_entry(archive, f, &mut bytes)?;
    Ok(bytes)
}

fn framework_check<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    m: &Manifest,
    entries_ok: bool,
    ctx: &VerifyContext<'_>,
) -> Outcome {
    let (id, version) = (&m.framework.id, &m.framework.version);
    if framework::shipped().iter().any(|f| &f.id == id && &f.version == version) || (ctx.known_framework)(id, version) {
        return Outcome::Passed;
    }
    let Some(file) = m.file(Role::Framework) else {
        return Outcome::Failed(detail(
            format!("framework {id} {version} is not known here and the package does not carry it"),
            format!("kerangka {id} {version} tidak dikenal di sini dan tidak dibawa paket"),
        ));
    };
    if !entries_ok {
        return Outcome::Skipped(detail("the entries were not verified", "isi paket belum terverifikasi"));
    }
    let parsed = read_verified(archive, file).and_then(|bytes| {
        let text = String::from_utf8(bytes).map_err(|_| detail("not UTF-8", "bukan UTF-8"))?;
        Framework::from_json(&text).map_err(|e| detail(e.to_string(), e.message_in(Lang::Id)))
    });
    match parsed {
        Ok(fw) if &fw.id == id && &fw.version == version => Outcome::Passed,
        Ok(fw) => Outcome::Failed(detail(
            format!("{FRAMEWORK} is {} {}, the manifest says {id} {version}", fw.id, fw.version),
            format!("{FRAMEWORK} adalah {} {}, manifest menyebut {id} {version}", fw.id, fw.version),
        )),
        Err((en, id_text)) => Outcome::Failed(detail(format!("{FRAMEWORK}: {en}"), format!("{FRAMEWORK}: {id_text}"))),
    }
}

const FRAMEWORK: &str = crate::manifest::FRAMEWORK_FILE;

/// `data/audit.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFile {
    pub head: AuditHead,
    pub entries: Vec<ChainEntry>,
}

/// The audit trail of a verified package (for the hub's chain checks).
pub fn read_audit<R: Read + Seek>(archive: &mut ZipArchive<R>, m: &Manifest) -> Result<AuditFile, Detail> {
    let file = m.file(Role::Audit).ok_or_else(|| detail("no audit file", "tidak ada berkas audit"))?;
    let bytes = read_verified(archive, file)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| detail(format!("not an audit file: {e}"), format!("bukan berkas audit: {e}")))
}

fn audit_check<R: Read + Seek>(archive: &mut ZipArchive<R>, m: &Manifest) -> Outcome {
    let audit = match read_audit(archive, m) {
        Ok(a) => a,
        Err(d) => return Outcome::Failed(d),
    };
    if audit.head != m.audit_head {
        return Outcome::Failed(detail(
            "the trail's head is not the one the manifest names",
            "ujung jejak audit bukan yang disebut manifest",
        ));
    }
    match verify_chain(&audit.entries, Some((audit.head.seq, &audit.head.hash))) {
        Ok(_) => Outcome::Passed,
        Err(b) => Outcome::Failed(detail(
            format!("entry {}: {}", b.seq, b.problem.describe()),
            format!("entri {}: {}", b.seq, b.problem.describe_id()),
        )),
    }
}
