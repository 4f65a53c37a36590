//! A package manifest as the receiver's offer carries it. The first byte says whether the target
//! signs the input with the vectors' region key (so that the manifest's own checks run, not only
//! the signature's) or takes the rest as `signature-length, signature, manifest`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livinglab_core::Lang;
use livinglab_fuzz::{region_key, split_selector};
use livinglab_package::verify::verify_signed_manifest;

fuzz_target!(|data: &[u8]| {
    let (mode, rest) = split_selector(data);
    let report = if mode & 1 == 0 {
        let signature = region_key().sign(rest);
        verify_signed_manifest(rest, &signature, Lang::Id)
    } else {
        let (len, rest) = split_selector(rest);
        let len = (len as usize).min(rest.len());
        verify_signed_manifest(&rest[len..], &rest[..len], Lang::En)
    };
    let (_summary, manifest) = livinglab_hub::import::summarise("(network)".into(), &report, false, Lang::Id);
    if let Some(m) = manifest {
        let _ = m.canonical_bytes();
        let _ = m.consistency();
    }
});
