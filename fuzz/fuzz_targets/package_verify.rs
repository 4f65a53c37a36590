//! A package file (`.llpkg`) as both ends verify it: the hub's import and the region's own check.
//! The verifier must never panic, and a report that passes must have a manifest.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livinglab_core::Lang;
use livinglab_package::{verify_bytes, VerifyContext};

fuzz_target!(|data: &[u8]| {
    let report = verify_bytes(data, &VerifyContext::shipped(Lang::Id));
    let (summary, manifest) = livinglab_hub::import::summarise("fuzz.llpkg".into(), &report, true, Lang::En);
    if report.valid {
        assert!(manifest.is_some(), "a package that verifies has a manifest");
    }
    let _ = serde_json::to_string(&summary).expect("a summary serializes");
});
