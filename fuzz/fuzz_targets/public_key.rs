//! A public key as a coordinator types or pastes it (the QR's `LLKEY1:` text, PEM or base64).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok((_, der)) = livinglab_hub::keys::parse_public_key(text) {
        livinglab_sign::Identity::from_public_key(&der, time::OffsetDateTime::UNIX_EPOCH).expect("a parsed key reads");
    }
});
