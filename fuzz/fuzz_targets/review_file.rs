//! A review file (`.llreview`) as the region takes it in (`review import`, Dokumen → Tinjauan):
//! the file's JSON, then the review under the pinned hub key. With an even first byte the target
//! signs the rest with the hub key and wraps it as a review file, so that the review's own
//! reading (canonical JSON, format, key id, the fields) runs, not only the signature's.
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use livinglab_fuzz::{hub_key, split_selector};
use livinglab_hub::SignedReview;

fuzz_target!(|data: &[u8]| {
    let (mode, rest) = split_selector(data);
    let file = if mode & 1 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else { return };
        let signature = base64::engine::general_purpose::STANDARD.encode(hub_key().sign(rest));
        SignedReview { review: text.to_string(), signature }.file_text().into_bytes()
    } else {
        rest.to_vec()
    };
    let Ok(signed) = serde_json::from_slice::<SignedReview>(&file) else { return };
    if let Ok(review) = signed.verify(&hub_key().identity().public_key) {
        let _ = livinglab_core::package_review::validate(review.state, &review.note, &review.notes);
        let _ = livinglab_core::canonical_json(&review).expect("a verified review is canonical again");
    }
});
