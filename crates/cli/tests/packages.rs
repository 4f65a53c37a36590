//! Packages end to end through the CLI: a regency workspace builds packages, Sumedang's hub
//! registers its key from the enrolment letter and imports them; a change supersedes; every
//! import again is idempotent; and a corpus of hostile packages is refused with the right check
//! while the hub folder stays byte-identical (every file hashed before and after).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        Site { tmp: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_livinglab"))
            .env("LANG", "C.UTF-8")
            .env("LIVINGLAB_KEYSTORE", format!("file:{}", self.path("kunci.json").display()))
            .env("LIVINGLAB_KEY_PASSPHRASE", "sandi uji paket")
            .arg("--today")
            .arg("2024-12-01")
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn ws(&self, ws: &str, args: &[&str]) -> String {
        let dir = self.path(ws);
        let mut all = vec!["--workspace", dir.to_str().unwrap()];
        all.extend_from_slice(args);
        self.ok(&all)
    }

    fn build(&self, ws: &str) -> Value {
        let dir = self.path(ws);
        self.json(&["--workspace", dir.to_str().unwrap(), "package", "build", "--period", "2024", "--json"])
    }

    fn hub_args<'a>(&'a self, hub: &'a str, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["--hub", hub, "hub"];
        all.extend_from_slice(args);
        all
    }

    fn import(&self, hub: &str, file: &Path) -> (bool, Value) {
        let out = self.run(&self.hub_args(hub, &["import", file.to_str().unwrap(), "--json"]));
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("no JSON: {}", String::from_utf8_lossy(&out.stderr)));
        if !out.status.success() {
            assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(String::from_utf8_lossy(&out.stderr).trim().lines().count(), 1);
        }
        (out.status.success(), json[0].clone())
    }
}

/// Every file under `dir` by relative path, with its SHA-256.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.insert(format!("{}/", path.strip_prefix(dir).unwrap().display()), String::new());
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().display().to_string(), hex::encode(Sha256::digest(bytes)));
            }
        }
    }
    out
}

fn entries(package: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(package)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::DEFAULT)
            .large_file(bytes.len() as u64 >= u32::MAX as u64);
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn failed_codes(summary: &Value) -> Vec<String> {
    summary["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn regency_to_hub_supersedes_is_idempotent_and_refuses_a_hostile_corpus() {
    let site = Site::new();
    site.ws("ws", &["init", "--region", "32.04"]);
    site.ws("ws", &["period", "add", "--year", "2024"]);
    site.ws(
        "ws",
        &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "3", "--fakta", "Perbup 12/2021"],
    );
    std::fs::write(site.path("perbup.txt"), "Peraturan Bupati tentang SPBE").unwrap();
    std::fs::write(site.path("sk.txt"), "SK Tim Koordinasi SPBE").unwrap();
    site.ws(
        "ws",
        &["evidence", "add", "--period", "2024", "--indicator", "1", site.path("perbup.txt").to_str().unwrap()],
    );
    site.ws("ws", &["evidence", "add", "--period", "2024", "--indicator", "2", site.path("sk.txt").to_str().unwrap()]);
    // A copy of the workspace made now builds a different seq 1 later: a replayed older seq.
    copy_dir(&site.path("ws"), &site.path("ws-early"));

    let p1 = site.build("ws");
    assert_eq!(
        (p1["seq"].as_i64(), p1["supersedes"].is_null(), p1["unchanged"].as_bool()),
        (Some(1), true, Some(false))
    );
    for key in ["package_id", "seq", "supersedes", "manifest_sha256", "size", "files", "path"] {
        assert!(p1.get(key).is_some(), "{key} missing");
    }
    let again = site.build("ws");
    assert_eq!((again["unchanged"].as_bool(), &again["package_id"]), (Some(true), &p1["package_id"]));
    let list: Value = serde_json::from_str(&site.ws("ws", &["package", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["changed_since"], false);

    // The package verifies anywhere, with no workspace.
    let verified = site.json(&["package", "verify", p1["path"].as_str().unwrap(), "--json"]);
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["checks"].as_array().unwrap().len(), 8);
    assert_eq!(verified["manifest"]["seq"], 1);

    // The hub registers the key from the enrolment letter, the fingerprint confirmed.
    let hub_dir = site.path("hub");
    let hub = hub_dir.to_str().unwrap();
    site.ok(&site.hub_args(hub, &["init", "--name", "Hub Sumedang"]));
    let letter = site.path("surat-kunci.pdf");
    site.ws("ws", &["identity", "letter", "--out", letter.to_str().unwrap()]);
    let identity: Value = serde_json::from_str(&site.ws("ws", &["identity", "show", "--json"])).unwrap();
    let fingerprint = identity["fingerprint"].as_str().unwrap();
    let bad = site.run(&site.hub_args(
        hub,
        &["keys", "add", "--region", "32.04", "--letter", letter.to_str().unwrap(), "--confirm", "0000-1111"],
    ));
    assert_eq!(bad.status.code(), Some(2));
    site.ok(&site.hub_args(
        hub,
        &["keys", "add", "--region", "32.04", "--letter", letter.to_str().unwrap(), "--confirm", fingerprint],
    ));
    let keys = site.json(&site.hub_args(hub, &["keys", "list", "--json"]));
    assert_eq!(keys[0]["status"], "registered");
    assert_eq!(keys[0]["key_id"], identity["key_id"]);
    assert_eq!(keys[0]["region"], "32.04");

    // A dry run writes nothing; the import writes; the same again changes nothing.
    let p1_path = PathBuf::from(p1["path"].as_str().unwrap());
    let before = snapshot(&hub_dir);
    let dry = site.json(&site.hub_args(hub, &["import", p1_path.to_str().unwrap(), "--dry-run", "--json"]));
    assert_eq!((dry[0]["status"].as_str(), dry[0]["dry_run"].as_bool()), (Some("imported"), Some(true)));
    assert_eq!(snapshot(&hub_dir), before, "a dry run wrote to the hub");
    let (ok, first) = site.import(hub, &p1_path);
    assert!(ok, "{first:#}");
    assert_eq!(first["status"], "imported");
    assert_eq!(first["counts"], serde_json::json!({"files": 4, "evidence_new": 2, "evidence_known": 0}));
    let after_first = snapshot(&hub_dir);
    let (_, repeat) = site.import(hub, &p1_path);
    assert_eq!(repeat["status"], "already_received");
    assert_eq!(repeat["counts"]["evidence_known"], 2);
    assert_eq!(snapshot(&hub_dir), after_first, "importing again changed the hub");

    // A change: seq 2 supersedes seq 1; the unchanged evidence is already held.
    site.ws("ws", &["assess", "set", "--period", "2024", "--indicator", "2", "--level", "4"]);
    let list: Value = serde_json::from_str(&site.ws("ws", &["package", "list", "--json"])).unwrap();
    assert_eq!(list[0]["changed_since"], true);
    // The fork is made from here: the same key, the same seq 1 before it, other content.
    copy_dir(&site.path("ws"), &site.path("ws-fork"));
    let p2 = site.build("ws");
    assert_eq!((p2["seq"].as_i64(), &p2["supersedes"]), (Some(2), &p1["package_id"]));
    let p2_path = PathBuf::from(p2["path"].as_str().unwrap());
    let (_, second) = site.import(hub, &p2_path);
    assert_eq!(second["status"], "imported", "{second:#}");
    assert_eq!(
        (second["counts"]["evidence_new"].as_u64(), second["counts"]["evidence_known"].as_u64()),
        (Some(0), Some(2))
    );
    let settled = snapshot(&hub_dir);
    for p in [&p1_path, &p2_path] {
        assert_eq!(site.import(hub, p).1["status"], "already_received");
    }
    assert_eq!(snapshot(&hub_dir), settled);

    // The next package, built but not yet imported: the hostile corpus is made from it.
    site.ws("ws", &["assess", "set", "--period", "2024", "--indicator", "3", "--level", "2"]);
    let p3 = site.build("ws");
    let p3_path = PathBuf::from(p3["path"].as_str().unwrap());
    let p3_bytes = std::fs::read(&p3_path).unwrap();
    let p3_entries = entries(&p3_bytes);
    let p2_entries = entries(&std::fs::read(&p2_path).unwrap());

    let mut corpus: Vec<(String, Vec<u8>, &str)> = Vec::new();
    for i in 0..p3_entries.len() {
        let mut changed = p3_entries.clone();
        let last = changed[i].1.len() - 1;
        changed[i].1[last / 2] ^= 0x20;
        let expected = if changed[i].0.starts_with("manifest.") { "package.signature" } else { "package.entries" };
        corpus.push((format!("changed byte in {}", changed[i].0), rezip(&changed), expected));
    }
    let mut swapped = p3_entries.clone();
    swapped[0] = p2_entries[0].clone();
    swapped[1] = p2_entries[1].clone();
    corpus.push(("swapped manifest".into(), rezip(&swapped), "package.entries"));
    let other = livinglab_sign::Signer::from_secret_scalar(&[0x42; 32], time::OffsetDateTime::UNIX_EPOCH).unwrap();
    let mut resigned = p3_entries.clone();
    resigned[1].1 = other.sign(&resigned[0].1);
    corpus.push(("signature by another key".into(), rezip(&resigned), "package.signature"));
    let mut manifest: Value = serde_json::from_slice(&p3_entries[0].1).unwrap();
    let other_id = other.identity();
    manifest["signing_key"]["key_id"] = other_id.key_id.clone().into();
    manifest["signing_key"]["public_key"] =
        base64::engine::general_purpose::STANDARD.encode(&other_id.public_key).into();
    let mut own_key = p3_entries.clone();
    own_key[0].1 = livinglab_core::canonical_json(&manifest).unwrap();
    own_key[1].1 = other.sign(&own_key[0].1);
    corpus.push(("signed and named by an unregistered key".into(), rezip(&own_key), "hub.key"));
    let with = |name: &str, bytes: Vec<u8>| {
        let mut e = p3_entries.clone();
        e.push((name.to_string(), bytes));
        rezip(&e)
    };
    corpus.push(("entry ../../x".into(), with("../../x", b"x".to_vec()), "package.paths"));
    corpus.push(("absolute entry".into(), with("/etc/cron.d/x", b"x".to_vec()), "package.paths"));
    corpus.push(("extra entry".into(), with("evidence/extra", b"x".to_vec()), "package.entries"));
    corpus.push(("zip bomb".into(), with("evidence/bomb", vec![0u8; 130 * 1024 * 1024]), "package.limits"));
    let mut missing = p3_entries.clone();
    let evidence = missing.iter().position(|e| e.0.starts_with("evidence/")).unwrap();
    missing.remove(evidence);
    corpus.push(("missing entry".into(), rezip(&missing), "package.entries"));
    // The writer refuses two entries of one name: write a stand-in name, then rename it in place.
    let mut dup = p3_entries.clone();
    dup.push(("data/period.jsoX".into(), b"{}".to_vec()));
    let dup = replace_all(&rezip(&dup), b"data/period.jsoX", b"data/period.json");
    corpus.push(("duplicate entry".into(), dup, "package.entries"));
    corpus.push(("truncated zip".into(), p3_bytes[..p3_bytes.len() * 2 / 3].to_vec(), "package.container"));
    corpus.push(("not a zip".into(), b"%PDF-1.7 this is no package".to_vec(), "package.container"));

    // A seq 1 with other content (the early copy), and a fork (seq 2 on seq 1, then seq 3 on it).
    site.ws("ws-early", &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "5"]);
    let replay = site.build("ws-early");
    assert_eq!(replay["seq"], 1);
    corpus.push(("replayed older seq".into(), std::fs::read(replay["path"].as_str().unwrap()).unwrap(), "hub.chain"));
    site.ws("ws-fork", &["assess", "set", "--period", "2024", "--indicator", "4", "--level", "4"]);
    assert_eq!(site.build("ws-fork")["seq"], 2);
    site.ws("ws-fork", &["assess", "set", "--period", "2024", "--indicator", "5", "--level", "4"]);
    let fork = site.build("ws-fork");
    assert_eq!(fork["seq"], 3);
    corpus.push(("fork".into(), std::fs::read(fork["path"].as_str().unwrap()).unwrap(), "hub.chain"));

    let before = snapshot(&hub_dir);
    for (i, (what, bytes, expected)) in corpus.iter().enumerate() {
        let file = site.path(&format!("hostile-{i}.llpkg"));
        std::fs::write(&file, bytes).unwrap();
        let (ok, summary) = site.import(hub, &file);
        assert!(!ok, "{what}: accepted");
        assert_eq!(summary["status"], "refused", "{what}");
        assert!(failed_codes(&summary).contains(&expected.to_string()), "{what}: {:?}", failed_codes(&summary));
        assert_eq!(snapshot(&hub_dir), before, "{what}: the hub changed");
        if expected.starts_with("package.") {
            let verify = site.run(&["package", "verify", file.to_str().unwrap(), "--json"]);
            assert_eq!(verify.status.code(), Some(2), "{what}");
        }
    }

    // The real next package is still accepted, and the list shows the chain.
    let (ok, third) = site.import(hub, &p3_path);
    assert!(ok, "{third:#}");
    let rows = site.json(&site.hub_args(hub, &["packages", "list", "--region", "32.04", "--period", "2024", "--json"]));
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.iter().map(|r| r["seq"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(rows.iter().map(|r| r["head"].as_bool().unwrap()).collect::<Vec<_>>(), [false, false, true]);
    for key in [
        "package_id",
        "region",
        "period",
        "seq",
        "supersedes",
        "head",
        "review",
        "index",
        "predicate",
        "key_status",
        "received_at",
    ] {
        assert!(rows[2].get(key).is_some(), "{key} missing");
    }
    assert_eq!(rows[2]["key_status"], "registered");
    assert_eq!(rows[2]["supersedes"], p2["package_id"]);

    // A revoked key: its next package is refused.
    site.ok(&site.hub_args(hub, &["keys", "revoke", identity["key_id"].as_str().unwrap()]));
    site.ws("ws", &["assess", "set", "--period", "2024", "--indicator", "6", "--level", "2"]);
    let p4 = site.build("ws");
    let before = snapshot(&hub_dir);
    let (ok, fourth) = site.import(hub, Path::new(p4["path"].as_str().unwrap()));
    assert!(!ok);
    assert_eq!(failed_codes(&fourth), ["hub.key"]);
    assert_eq!(snapshot(&hub_dir), before);
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = haystack.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}
