//! A signed PDF as "Periksa PDF bertanda tangan" and the TTE attachment read it: every signature
//! verified against the seeds' test root and the shipped anchors, a seal key, and an issued
//! original. Verification never panics (the PDF parser's own panics are caught inside).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use livinglab_sign::{shipped_anchors, verify_pdf, AnchorOrigin, TrustAnchor};

fn anchors() -> &'static [TrustAnchor] {
    static ANCHORS: OnceLock<Vec<TrustAnchor>> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        let mut a = shipped_anchors();
        // The test root that signed the TTE seed (crates/transport/tests/fuzz_seeds.rs).
        a.push(TrustAnchor::from_der(include_bytes!("../seeds/anchors/test-root.der"), AnchorOrigin::Added).unwrap());
        a
    })
}

fuzz_target!(|data: &[u8]| {
    livinglab_fuzz::keep_caught_panics_caught();
    let seal_key = livinglab_fuzz::region_key().identity().public_key.clone();
    let original = data.get(..data.len() / 2);
    if let Ok(report) = verify_pdf(data, anchors(), &[seal_key.as_slice()], original) {
        let _ = serde_json::to_string(&report).expect("a report serializes");
    }
});
