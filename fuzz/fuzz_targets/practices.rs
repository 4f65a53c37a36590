//! A practices file (the catalogue of replicable practices) as the app reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(practices) = livinglab_core::practice::parse(text) {
        for p in &practices {
            p.validate().expect("a parsed practice validates again");
            for fw in livinglab_core::framework::shipped() {
                let _ = p.targets(&fw.id);
            }
        }
    }
});
