//! The OS keychain for real (Secret Service on Linux): a key created by one process signs in
//! the next, no file holds the private key, and an unreachable keychain is a clear error.
//!
//! Needs a Secret Service (e.g. gnome-keyring in a dbus session). Without one these tests skip,
//! unless LIVINGLAB_REQUIRE_KEYCHAIN=1 (CI), when they fail.

mod common;

use std::path::Path;
use std::process::Command;

use base64::Engine;
use livinglab_core::{ErrorCode, Lang};
use livinglab_sign::{
    forget, load, load_or_create, seal_certificate, seal_pdf, verify, Keystore, SealOptions, SealSubject,
};

const CHILD_WS: &str = "LIVINGLAB_TEST_CHILD_WS";
const CHILD_MESSAGE: &[u8] = b"manifest paket Living Lab";

fn keychain_reachable() -> bool {
    match Keystore::Os.check() {
        Ok(()) => true,
        Err(e) => {
            let required = std::env::var("LIVINGLAB_REQUIRE_KEYCHAIN").is_ok_and(|v| v == "1");
            assert!(!required, "LIVINGLAB_REQUIRE_KEYCHAIN=1 but the OS keychain is not reachable: {e}");
            eprintln!("no OS keychain reachable ({e}); skipping (set LIVINGLAB_REQUIRE_KEYCHAIN=1 to fail instead)");
            false
        }
    }
}

/// Runs one ignored test of this binary as a child process and returns its stdout.
fn run_child(test: &str, workspace_id: &str, env: &[(&str, &str)]) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--include-ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_WS, workspace_id)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{test} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

/// A `name=value` line of a child's output (the test harness may print before it on the line).
fn marker<'a>(stdout: &'a str, name: &str) -> &'a str {
    let prefix = format!("{name}=");
    stdout
        .lines()
        .find_map(|l| l.find(&prefix).map(|at| &l[at + prefix.len()..]))
        .unwrap_or_else(|| panic!("no {name} in:\n{stdout}"))
}

fn unique_workspace() -> String {
    format!("test-{}-{}", std::process::id(), time::OffsetDateTime::now_utc().unix_timestamp_nanos())
}

#[test]
#[ignore = "run as a child process by a_key_created_in_one_process_signs_in_the_next"]
fn child_creates_the_key() {
    let Ok(ws) = std::env::var(CHILD_WS) else { return };
    let signer = load_or_create(&Keystore::Os, &ws).unwrap();
    // What the app keeps in a workspace: the identity, the seal certificate, a sealed PDF.
    let workspace = Path::new(&std::env::var("HOME").unwrap()).join("workspace");
    std::fs::create_dir_all(&workspace).unwrap();
    std::fs::write(workspace.join("identity.json"), serde_json::to_vec(signer.identity()).unwrap()).unwrap();
    let subject = SealSubject { region: "Kabupaten Contoh".into(), office: "Diskominfo".into() };
    let now = time::OffsetDateTime::now_utc();
    let cert = seal_certificate(&signer, &subject, now, now + time::Duration::days(3650)).unwrap();
    std::fs::write(workspace.join("seal.pem"), cert.pem()).unwrap();
    let options =
        SealOptions { reason: "Segel".into(), location: "Contoh".into(), name: "Diskominfo".into(), signing_time: now };
    let sealed = seal_pdf(&common::sample_pdf("Surat", 1), &signer, &cert, &options).unwrap();
    std::fs::write(workspace.join("surat.pdf"), sealed).unwrap();
    println!("key_id={}", signer.identity().key_id);
    println!("public_key={}", signer.identity().public_key_hex());
}

#[test]
#[ignore = "run as a child process by a_key_created_in_one_process_signs_in_the_next"]
fn child_signs_with_the_stored_key() {
    let Ok(ws) = std::env::var(CHILD_WS) else { return };
    let signer = livinglab_sign::current(&Keystore::Os, &ws).unwrap().expect("the key made by the first process");
    println!("key_id={}", signer.identity().key_id);
    println!("signature={}", hex::encode(signer.sign(CHILD_MESSAGE)));
}

#[test]
#[ignore = "run as a child process by an_unreachable_keychain_is_a_clear_error"]
fn child_tries_an_unreachable_keychain() {
    let Ok(ws) = std::env::var(CHILD_WS) else { return };
    let err = load_or_create(&Keystore::Os, &ws).unwrap_err();
    println!("code={}", err.code.as_str());
    println!("message_id={}", err.message_in(Lang::Id));
}

#[test]
fn a_key_created_in_one_process_signs_in_the_next() {
    if !keychain_reachable() {
        return;
    }
    let ws = unique_workspace();
    let home = tempfile::tempdir().unwrap();
    let home_env = [("HOME", home.path().to_str().unwrap()), ("XDG_CONFIG_HOME", home.path().to_str().unwrap())];
    let first = run_child("child_creates_the_key", &ws, &home_env);
    let second = run_child("child_signs_with_the_stored_key", &ws, &home_env);
    assert_eq!(marker(&first, "key_id"), marker(&second, "key_id"), "the second process found the same key");
    let public_key = hex::decode(marker(&first, "public_key")).unwrap();
    let signature = hex::decode(marker(&second, "signature")).unwrap();
    verify(&public_key, CHILD_MESSAGE, &signature).unwrap();

    // The key bytes are in the keychain only: not under the processes' HOME.
    let secret = private_key_forms_from_keychain(&ws, marker(&first, "key_id"));
    assert!(home.path().join("workspace/surat.pdf").exists());
    assert_no_file_contains(home.path(), &secret);

    forget(&Keystore::Os, &ws).unwrap();
    assert!(livinglab_sign::current(&Keystore::Os, &ws).unwrap().is_none());
    assert_eq!(load(&Keystore::Os, &ws, marker(&first, "key_id")).unwrap_err().code, ErrorCode::SignKeyNotFound);
}

#[test]
fn an_unreachable_keychain_is_a_clear_error() {
    let ws = unique_workspace();
    let out = run_child(
        "child_tries_an_unreachable_keychain",
        &ws,
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/livinglab-test-bus")],
    );
    assert_eq!(marker(&out, "code"), "sign.keychain_unavailable", "{out}");
    let message = marker(&out, "message_id");
    assert!(message.contains("LIVINGLAB_KEYSTORE=file:"), "{message}");
    assert!(message.contains("Buka kunci atau jalankan"), "{message}");
}

#[test]
fn the_key_file_holds_the_private_key_only_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::file_store(dir.path());
    let signer = load_or_create(&store, "ws-file").unwrap();
    let file = std::fs::read_to_string(dir.path().join("keys.json")).unwrap();
    assert!(file.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    // Decrypt it the way openssl would, to know what must not appear anywhere in plain form.
    let json: serde_json::Value = serde_json::from_str(&file).unwrap();
    let pem = json["workspaces"]["ws-file"]["keys"][0]["encrypted_private_key"].as_str().unwrap();
    let key = <p256::ecdsa::SigningKey as p256::pkcs8::DecodePrivateKey>::from_pkcs8_encrypted_pem(
        pem,
        "uji-sandi-panjang".as_bytes(),
    )
    .unwrap();
    assert_eq!(key.verifying_key(), signer_verifying_key(&signer));
    let der = p256::pkcs8::EncodePrivateKey::to_pkcs8_der(&key).unwrap();
    assert_no_file_contains(dir.path(), &forms(&[der.as_bytes(), &key.to_bytes()]));
}

fn signer_verifying_key(signer: &livinglab_sign::Signer) -> &p256::ecdsa::VerifyingKey {
    // The public key is what the identity states; compare through it.
    let spki = &signer.identity().public_key;
    Box::leak(Box::new(<p256::ecdsa::VerifyingKey as p256::pkcs8::DecodePublicKey>::from_public_key_der(spki).unwrap()))
}

/// Reads the stored secret straight from the keychain (service "Living Lab", account
/// "<workspace>/<key id>") and returns the private key in each form that must not leak.
fn private_key_forms_from_keychain(ws: &str, key_id: &str) -> Vec<Vec<u8>> {
    let entry = keyring::Entry::new(livinglab_sign::keystore::SERVICE, &format!("{ws}/{key_id}")).unwrap();
    let secret = String::from_utf8(entry.get_secret().unwrap()).unwrap();
    let b64 = secret.lines().nth(3).unwrap();
    let der = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    let key = <p256::ecdsa::SigningKey as p256::pkcs8::DecodePrivateKey>::from_pkcs8_der(&der).unwrap();
    forms(&[&der, &key.to_bytes()])
}

/// Raw bytes, base64 and hex (both cases) of each secret.
fn forms(secrets: &[&[u8]]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for s in secrets {
        out.push(s.to_vec());
        out.push(base64::engine::general_purpose::STANDARD.encode(s).into_bytes());
        out.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s).into_bytes());
        out.push(hex::encode(s).into_bytes());
        out.push(hex::encode_upper(s).into_bytes());
    }
    out
}

fn assert_no_file_contains(dir: &Path, needles: &[Vec<u8>]) {
    let mut checked = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if let Ok(bytes) = std::fs::read(&path) {
            checked += 1;
            for needle in needles {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                    "{} holds the private key",
                    path.display()
                );
            }
        }
    }
    eprintln!("{checked} files under {} hold no form of the private key", dir.display());
}
