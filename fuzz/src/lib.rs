//! What the fuzz targets share: fixed keys (so that a target can sign what it makes up and reach
//! the code behind a signature check), the shipped frameworks, and a receiver serving one
//! in-memory connection at a time.

use std::sync::OnceLock;

use livinglab_sign::Signer;
use time::macros::datetime;

/// The key the package test vectors are signed with (`crates/package/tests/vectors.rs`, seed 1),
/// so that the valid vector's manifest verifies.
pub fn region_key() -> &'static Signer {
    static KEY: OnceLock<Signer> = OnceLock::new();
    KEY.get_or_init(|| Signer::from_secret_scalar(&[1; 32], datetime!(2026-01-01 00:00 UTC)).unwrap())
}

/// The hub's key for review files.
pub fn hub_key() -> &'static Signer {
    static KEY: OnceLock<Signer> = OnceLock::new();
    KEY.get_or_init(|| Signer::from_secret_scalar(&[7; 32], datetime!(2026-01-01 00:00 UTC)).unwrap())
}

/// Splits off the first byte as a selector (0 when the input is empty).
pub fn split_selector(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((s, rest)) => (*s, rest),
        None => (0, data),
    }
}

/// Lets panics that the code under test catches itself (the PDF parser runs under
/// `catch_unwind`) stay caught: libFuzzer's hook would abort on them. A panic that escapes the
/// code under test still reaches libfuzzer-sys, which reports it as a crash.
pub fn keep_caught_panics_caught() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
}
