//! The signing identity with the explicit key file store: creation, reloading, rotation with a
//! transition statement signed by both keys, retirement, and a wrong passphrase.

mod common;

use livinglab_core::ErrorCode;
use livinglab_sign::{current, load, load_or_create, retire, rotate, verify, Keystore};
use zeroize::Zeroizing;

#[test]
fn the_same_key_comes_back_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::file_store(dir.path());
    assert!(current(&store, "ws").unwrap().is_none());
    let first = load_or_create(&store, "ws").unwrap();
    let again = load_or_create(&common::file_store(dir.path()), "ws").unwrap();
    assert_eq!(first.identity(), again.identity());
    let by_id = load(&store, "ws", &first.identity().key_id).unwrap();
    assert_eq!(by_id.identity(), first.identity());
    let other = load_or_create(&store, "ws-2").unwrap();
    assert_ne!(other.identity().key_id, first.identity().key_id, "one key per workspace");
    let sig = again.sign(b"paket");
    verify(&first.identity().public_key, b"paket", &sig).unwrap();
}

#[test]
fn rotation_signs_the_statement_with_both_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::file_store(dir.path());
    let old = load_or_create(&store, "ws").unwrap();
    let (new, transition) =
        rotate(&store, "ws", |old, new| format!("{} -> {}", old.key_id, new.key_id).into_bytes()).unwrap();
    assert_ne!(new.identity().key_id, old.identity().key_id);
    assert_eq!(&transition.old, old.identity());
    assert_eq!(&transition.new, new.identity());
    assert_eq!(transition.statement, format!("{} -> {}", old.identity().key_id, new.identity().key_id).into_bytes());
    transition.verify().unwrap();
    verify(&old.identity().public_key, &transition.statement, &transition.old_signature).unwrap();
    verify(&new.identity().public_key, &transition.statement, &transition.new_signature).unwrap();
    let mut forged = transition.clone();
    forged.statement.push(b'!');
    assert!(forged.verify().is_err());

    assert_eq!(load_or_create(&store, "ws").unwrap().identity(), new.identity(), "the new key is current");
    assert!(retire(&store, "ws", &new.identity().key_id).is_err(), "the current key cannot be retired");
    retire(&store, "ws", &old.identity().key_id).unwrap();
    assert_eq!(load(&store, "ws", &old.identity().key_id).unwrap_err().code, ErrorCode::SignKeyNotFound);
}

#[test]
fn a_wrong_passphrase_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    load_or_create(&common::file_store(dir.path()), "ws").unwrap();
    let wrong = Keystore::File { path: dir.path().join("keys.json"), passphrase: Zeroizing::new("salah".into()) };
    let err = load_or_create(&wrong, "ws").unwrap_err();
    assert_eq!(err.code, ErrorCode::SignPassphraseWrong);
    assert!(err.message_in(livinglab_core::Lang::Id).contains("Sandi berkas kunci"));
}

#[cfg(unix)]
#[test]
fn the_key_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    load_or_create(&common::file_store(dir.path()), "ws").unwrap();
    let mode = std::fs::metadata(dir.path().join("keys.json")).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "mode {mode:o}");
}
