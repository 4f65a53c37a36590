//! Test vectors (tests/vectors/): a package from a fixed key and fixed data with a pinned
//! manifest hash and signature, and one package per verification rule that breaks exactly
//! that rule. The files are made by the code below; `LIVINGLAB_WRITE_VECTORS=1 cargo test -p
//! livinglab-package --test vectors` writes them again, and every run checks that the files
//! in the repository are byte for byte what the code makes.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use base64::Engine;
use livinglab_core::audit_chain::ChainEntry;
use livinglab_core::{canonical_json, Lang, Sha256Hash};
use livinglab_package::manifest::{AuditHead, FrameworkRef, RegionRef, SigningKeyRef, Summary, FORMAT_NAME};
use livinglab_package::verify::AuditFile;
use livinglab_package::write::{write_package, PackageFile, Source};
use livinglab_package::{verify_bytes, CheckCode, CheckStatus, FileEntry, Manifest, Role, VerifyContext};
use livinglab_sign::Signer;
use time::macros::datetime;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The manifest's SHA-256 and its signature (hex DER) for the valid vector.
const PINNED_MANIFEST_SHA256: &str = "7ffdd7efd84cb891db1482a90220d3382ca9caf68ab77d29768381a1a2594eb8";
const PINNED_SIGNATURE: &str = "304402202583d5ace49311bb4da856a91751a79425b7b5a0e19f8cc32001989e0634c73e0220222af60bd6761e6927069615067bc4eee4880e2a7d93a3d303c682e1a60cd1d2";

fn key(seed: u8) -> Signer {
    Signer::from_secret_scalar(&[seed; 32], datetime!(2026-01-01 00:00 UTC)).unwrap()
}

fn chain() -> Vec<ChainEntry> {
    let mut prev = String::new();
    let mut out = Vec::new();
    for (seq, action) in [(1, "create"), (2, "update")] {
        let mut e = ChainEntry {
            seq,
            id: format!("01900000-0000-7000-8000-00000000000{seq}"),
            at: format!("2026-01-0{seq}T08:00:00.000Z"),
            actor: "Operator Diskominfo".into(),
            entity: if seq == 1 { "workspace" } else { "assessment" }.into(),
            entity_id: "01900000-0000-7000-8000-0000000000aa".into(),
            action: action.into(),
            old: None,
            new: Some(if seq == 1 { r#"{"region":"32.04"}"# } else { r#"{"level":3}"# }.into()),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        e.hash = e.recomputed_hash();
        prev = e.hash.clone();
        out.push(e);
    }
    out
}

struct Parts {
    manifest: Manifest,
    files: Vec<(FileEntry, Vec<u8>)>,
}

fn entry(role: Role, bytes: &[u8]) -> FileEntry {
    let sha = Sha256Hash::of(bytes).to_string();
    FileEntry { path: FileEntry::path_for(role, &sha), sha256: sha, size: bytes.len() as u64, role }
}

fn parts_with(edit_files: impl FnOnce(&mut Vec<(Role, Vec<u8>)>), signer: &Signer) -> Parts {
    let data = canonical_json(&serde_json::json!({
        "format_version": 1,
        "region": {"code": "32.04", "name": "Kabupaten Bandung"},
        "period": {"year": 2024, "framework_id": "spbe-2020", "framework_version": "1.0.0"},
        "answers": [{"indicator": "1", "level": 3}],
    }))
    .unwrap();
    let chain = chain();
    let head = AuditHead { seq: 2, hash: chain[1].hash.clone() };
    let audit = canonical_json(&AuditFile { head: head.clone(), entries: chain }).unwrap();
    let mut raw = vec![(Role::Data, data), (Role::Audit, audit), (Role::Evidence, b"Peraturan Bupati SPBE".to_vec())];
    edit_files(&mut raw);
    let mut files: Vec<(FileEntry, Vec<u8>)> = raw.into_iter().map(|(role, b)| (entry(role, &b), b)).collect();
    files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let id = signer.identity();
    let manifest = Manifest {
        format: FORMAT_NAME.into(),
        format_version: 1,
        package_id: "01900000-0000-7000-8000-000000000001".into(),
        region: RegionRef { code: "32.04".into(), name: "Kabupaten Bandung".into() },
        period: 2024,
        framework: FrameworkRef { id: "spbe-2020".into(), version: "1.0.0".into() },
        seq: 1,
        supersedes: None,
        created_at: "2026-01-02T09:00:00Z".into(),
        app_version: "0.1.0".into(),
        signing_key: SigningKeyRef {
            key_id: id.key_id.clone(),
            algorithm: "ecdsa-p256-sha256".into(),
            public_key: base64::engine::general_purpose::STANDARD.encode(&id.public_key),
        },
        content_sha256: Sha256Hash::of(b"content").to_string(),
        audit_head: head,
        files: files.iter().map(|f| f.0.clone()).collect(),
        summary: Summary { index: "3.2500".into(), predicate: "Baik".into(), followup_rate: "0".into() },
    };
    Parts { manifest, files }
}

fn parts() -> Parts {
    parts_with(|_| {}, &key(1))
}

/// A package through the real writer.
fn package(parts: &Parts, signer: &Signer) -> Vec<u8> {
    let files: Vec<PackageFile> =
        parts.files.iter().map(|(e, b)| PackageFile { entry: e.clone(), source: Source::Bytes(b.clone()) }).collect();
    write_package(Cursor::new(Vec::new()), &parts.manifest, signer, &files, &mut |_| {}).unwrap().into_inner()
}

/// A zip of exactly these entries, for packages the real writer would refuse to make.
fn raw_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::DEFAULT)
            .unix_permissions(0o644);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn signed_raw(parts: &Parts, signer: &Signer, signature_by: &Signer) -> Vec<u8> {
    let manifest = parts.manifest.canonical_bytes();
    let sig = signature_by.sign(&manifest);
    let _ = signer;
    let mut entries: Vec<(&str, &[u8])> = vec![("manifest.json", &manifest), ("manifest.sig", &sig)];
    for (e, b) in &parts.files {
        entries.push((&e.path, b));
    }
    raw_zip(&entries)
}

/// (file name, bytes, the check that must fail first).
fn vectors() -> Vec<(&'static str, Vec<u8>, Option<CheckCode>)> {
    let a = key(1);
    let valid = package(&parts(), &a);
    let mut out = vec![("valid.llpkg", valid.clone(), None)];

    out.push(("container-truncated.llpkg", valid[..valid.len() - 30].to_vec(), Some(CheckCode::Container)));
    out.push(("signature-other-key.llpkg", signed_raw(&parts(), &a, &key(2)), Some(CheckCode::Signature)));

    let mut p = parts();
    p.manifest.seq = 2;
    out.push(("manifest-seq-without-supersedes.llpkg", package(&p, &a), Some(CheckCode::Manifest)));

    let mut p = parts();
    let evidence = p.files.iter_mut().find(|f| f.0.role == Role::Evidence).unwrap();
    evidence.1[0] ^= 0x01;
    out.push(("entries-changed-byte.llpkg", signed_raw(&p, &a, &a), Some(CheckCode::Entries)));

    let mut p = parts();
    let i = p.files.iter().position(|f| f.0.role == Role::Evidence).unwrap();
    p.files[i].0.path = "../../x".into();
    p.files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    p.manifest.files = p.files.iter().map(|f| f.0.clone()).collect();
    out.push(("paths-dotdot.llpkg", signed_raw(&p, &a, &a), Some(CheckCode::Paths)));

    let p = parts_with(|files| files.push((Role::Evidence, vec![0u8; 4 * 1024 * 1024])), &a);
    // The writer stores evidence as it is; a hostile zip deflates 4 MiB of zeros to 4 KiB.
    out.push(("limits-ratio-bomb.llpkg", signed_raw(&p, &a, &a), Some(CheckCode::Limits)));

    let mut p = parts();
    p.manifest.framework = FrameworkRef { id: "spbe-1999".into(), version: "0.1".into() };
    out.push(("framework-unknown.llpkg", package(&p, &a), Some(CheckCode::Framework)));

    let p = parts_with(
        |files| {
            let audit = files.iter_mut().find(|f| f.0 == Role::Audit).unwrap();
            let mut file: AuditFile = serde_json::from_slice(&audit.1).unwrap();
            file.entries[0].actor = "someone else".into();
            audit.1 = canonical_json(&file).unwrap();
        },
        &a,
    );
    out.push(("audit-edited-entry.llpkg", package(&p, &a), Some(CheckCode::Audit)));
    out
}

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

#[test]
fn the_valid_vector_has_the_pinned_manifest_hash_and_signature() {
    let bytes = package(&parts(), &key(1));
    let report = verify_bytes(&bytes, &VerifyContext::shipped(Lang::En));
    assert!(report.valid, "{:#?}", report.checks);
    let mut zip = ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut sig = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("manifest.sig").unwrap(), &mut sig).unwrap();
    assert_eq!(report.manifest_sha256.as_deref(), Some(PINNED_MANIFEST_SHA256));
    assert_eq!(hex::encode(sig), PINNED_SIGNATURE);
}

#[test]
fn each_vector_fails_its_own_check_and_the_files_are_what_the_code_makes() {
    let write = std::env::var_os("LIVINGLAB_WRITE_VECTORS").is_some();
    for (name, bytes, expected) in vectors() {
        let path = vector_dir().join(name);
        if write {
            std::fs::write(&path, &bytes).unwrap();
        }
        let stored = std::fs::read(&path).unwrap_or_else(|_| panic!("{name} is missing; write the vectors"));
        assert_eq!(stored, bytes, "{name} is not what the code makes");
        let report = verify_bytes(&stored, &VerifyContext::shipped(Lang::En));
        assert_eq!(report.failed, expected, "{name}: {:#?}", report.checks);
        assert_eq!(report.valid, expected.is_none(), "{name}");
        // Every check is reported, in order, each passed, failed or skipped.
        assert_eq!(report.checks.iter().map(|c| c.code).collect::<Vec<_>>(), CheckCode::ALL);
        if let Some(code) = expected {
            let check = report.check(code).unwrap();
            assert_eq!(check.status, CheckStatus::Failed);
            assert_ne!(check.messages.id, check.messages.en, "{name}: one language only");
        }
    }
}
