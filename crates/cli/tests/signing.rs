//! Signatures through the CLI: the workspace identity, sealed documents checked by pdfsig, the
//! TTE round trip (a PDF signed by a BSrE-shaped test PKI coming back), trust anchors, rotation.

use std::process::Command;

use livinglab_sign::testpki::{pem, pki, tte_sign};

mod support;
use support::{keychain_reachable, pdfsig, s, Ws};

/// A regency's workspace with its heads named and a 2026 period; its keys in a file of their
/// own, or in the OS keychain.
fn workspace(key_file: bool) -> Ws {
    let ws = Ws::empty().with_globals(&["--today", "2026-12-01"]);
    let ws = if key_file { ws.with_key_file("kunci.json", "sandi uji segel") } else { ws };
    ws.ok(&["init", "--region", "32.11"]);
    ws.ok(&["profile", "set", "--head-name", "Dony Ahmad Munir", "--office-head-name", "Asep Suhendar"]);
    ws.ok(&["period", "add", "--year", "2026"]);
    ws
}

trait Documents {
    fn audit_entries(&self) -> u64;
    fn letter(&self) -> (String, Vec<u8>);
    fn status_of(&self, id: &str) -> String;
}

impl Documents for Ws {
    fn audit_entries(&self) -> u64 {
        self.json(&["audit", "verify", "--json"])["entries"].as_u64().unwrap()
    }

    fn letter(&self) -> (String, Vec<u8>) {
        let out = self.path("surat.pdf");
        self.ok(&["letter", "--out", s(&out)]);
        let docs = self.json(&["documents", "list", "--json"]);
        let id = docs.as_array().unwrap().iter().find(|d| d["kind"] == "letter").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        (id, std::fs::read(out).unwrap())
    }

    fn status_of(&self, id: &str) -> String {
        let docs = self.json(&["documents", "list", "--json"]);
        docs.as_array().unwrap().iter().find(|d| d["id"] == id).unwrap()["status"].as_str().unwrap().to_string()
    }
}

#[test]
fn a_key_made_in_the_keychain_by_one_process_seals_in_the_next() {
    if !keychain_reachable() {
        return;
    }
    let ws = workspace(false);
    let first = ws.json(&["identity", "show", "--json"]);
    assert_eq!(first["store"], "os");
    assert_eq!(first["algorithm"], "ecdsa-p256-sha256");
    let fingerprint = first["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 39, "8 groups of 4: {fingerprint}");
    assert_eq!(ws.json(&["identity", "show", "--json"])["key_id"], first["key_id"], "the same key next time");

    let (id, bytes) = ws.letter();
    let report = pdfsig(&ws.path("surat.pdf"));
    assert!(report.contains("Signature is Valid.") && report.contains("Total document signed"), "{report}");
    let check = ws.json(&["documents", "verify", s(&ws.path("surat.pdf")), "--json"]);
    assert_eq!(check["verdict"], "valid");
    assert_eq!(check["issued"]["id"], id.as_str());
    assert_eq!(check["signatures"][0]["kind"], "seal");

    // One changed byte inside the signed range: pdfsig and the app both refuse it.
    let mut tampered = bytes.clone();
    let at = tampered.windows(7).position(|w| w == b"BUPATI ").unwrap_or(2000);
    tampered[at] ^= 0x20;
    std::fs::write(ws.path("ubah.pdf"), &tampered).unwrap();
    assert!(pdfsig(&ws.path("ubah.pdf")).contains("Digest Mismatch"));
    ws.refused(&["documents", "verify", s(&ws.path("ubah.pdf"))]);

    // No file of the workspace holds the key: only its public half is recorded.
    let keys = ws.json(&["identity", "keys", "--json"]);
    assert_eq!(keys.as_array().unwrap().len(), 1);
}

#[test]
fn a_tte_signed_letter_is_verified_before_it_is_attached() {
    let ws = workspace(true);
    let (id, issued) = ws.letter();
    let pki = pki();
    let now = time::OffsetDateTime::now_utc();
    let signed = tte_sign(&issued, &pki.signer_der, &[&pki.ca_der], now);
    std::fs::write(ws.path("surat-tte.pdf"), &signed).unwrap();

    // Without the root as a trust anchor: refused, nothing recorded.
    let before = ws.audit_entries();
    let why = ws.refused(&["documents", "attach-signed", &id, s(&ws.path("surat-tte.pdf"))]);
    assert!(why.contains("trusted root") || why.contains("akar tepercaya"), "{why}");
    assert_eq!(ws.audit_entries(), before, "a refused PDF records nothing");
    assert_eq!(ws.status_of(&id), "issued");

    std::fs::write(ws.path("root.pem"), pem(&pki.root_der)).unwrap();
    ws.ok(&["trust", "add", s(&ws.path("root.pem"))]);
    let anchors = ws.json(&["trust", "list", "--json"]);
    assert!(anchors
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["origin"] == "added" && a["subject"].as_str().unwrap().contains("Root CA Indonesia DS G1 (TEST")));

    // Tampered, appended to, signed under an unknown root, by an expired certificate: refused.
    let mut tampered = signed.clone();
    tampered[1500] ^= 0x01;
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% later\n");
    let stranger = tte_sign(&issued, &pki.stranger_der, &[&pki.other_root_der], now);
    let expired = tte_sign(&issued, &pki.expired_signer_der, &[&pki.ca_der], now);
    for (name, bytes) in
        [("tampered", &tampered), ("appended", &appended), ("stranger", &stranger), ("expired", &expired)]
    {
        let file = ws.path(&format!("{name}.pdf"));
        std::fs::write(&file, bytes).unwrap();
        ws.refused(&["documents", "attach-signed", &id, s(&file)]);
        assert_eq!(ws.status_of(&id), "issued", "{name} changed the document");
    }
    // Another document's signed PDF is not this one's.
    let report = ws.path("laporan.pdf");
    ws.ok(&["report", "--period", "2026", "--out", s(&report)]);
    let other = tte_sign(&std::fs::read(&report).unwrap(), &pki.signer_der, &[&pki.ca_der], now);
    std::fs::write(ws.path("lain.pdf"), &other).unwrap();
    ws.refused(&["documents", "attach-signed", &id, s(&ws.path("lain.pdf"))]);

    // The real one: verified, attached, the document is signed by TTE.
    let check = ws.json(&["documents", "verify", s(&ws.path("surat-tte.pdf")), "--json"]);
    assert_eq!(check["verdict"], "valid");
    assert!(check["prefix_of_issued"].as_bool().unwrap());
    let kinds: Vec<&str> =
        check["signatures"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["seal", "tte"], "the workspace's seal under the head of region's TTE");
    let tte = &check["signatures"][1];
    assert!(tte["signer"].as_str().unwrap().contains("PEJABAT CONTOH"));
    assert!(tte["issuer"].as_str().unwrap().contains("BSRE CA DS G1"));
    assert_eq!(tte["chain_trusted"], true);
    assert!(check["revocation_note"].as_str().unwrap().contains("not checked"));
    let attached = ws.json(&["documents", "attach-signed", &id, s(&ws.path("surat-tte.pdf")), "--json"]);
    assert_eq!(attached["document"]["status"], "tte");
    assert_eq!(ws.status_of(&id), "tte");
    ws.ok(&["audit", "verify"]);
    ws.ok(&["evidence", "verify"]);
}

#[test]
fn a_rotated_key_keeps_older_documents_verifiable() {
    let ws = workspace(true);
    let (_, _) = ws.letter();
    std::fs::rename(ws.path("surat.pdf"), ws.path("surat-lama.pdf")).unwrap();
    let old = ws.json(&["identity", "show", "--json"]);
    let rotated = ws.json(&["identity", "rotate"]);
    assert_eq!(rotated["transition_signed"], true);
    assert_ne!(rotated["identity"]["key_id"], old["key_id"]);
    let keys = ws.json(&["identity", "keys", "--json"]);
    let keys = keys.as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().any(|k| k["key_id"] == old["key_id"] && !k["retired_at"].is_null()));

    // The letter sealed with the old key still verifies as the workspace's seal.
    let check = ws.json(&["documents", "verify", s(&ws.path("surat-lama.pdf")), "--json"]);
    assert_eq!(check["verdict"], "valid");
    assert_eq!(check["signatures"][0]["kind"], "seal");
    // The enrolment letter of the new key names the key it replaces, on one page.
    let letter = ws.path("pendaftaran.pdf");
    ws.ok(&["identity", "letter", "--out", s(&letter)]);
    let text =
        String::from_utf8_lossy(&Command::new("pdftotext").arg(&letter).arg("-").output().unwrap().stdout).into_owned();
    assert!(text.contains(rotated["identity"]["fingerprint"].as_str().unwrap()), "{text}");
    assert!(text.contains(old["key_id"].as_str().unwrap()), "the replaced key is named: {text}");
    let info = String::from_utf8_lossy(&Command::new("pdfinfo").arg(&letter).output().unwrap().stdout).into_owned();
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(pdfsig(&letter).contains("Signature is Valid."));
}

#[test]
fn a_keystore_file_without_a_passphrase_is_refused_clearly() {
    let ws = workspace(true);
    let out = Command::new(env!("CARGO_BIN_EXE_livinglab"))
        .env("LIVINGLAB_KEYSTORE", format!("file:{}", ws.path("k.json").display()))
        .env_remove("LIVINGLAB_KEY_PASSPHRASE")
        .arg("--workspace")
        .arg(&ws.dir)
        .args(["identity", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LIVINGLAB_KEY_PASSPHRASE"));
}
