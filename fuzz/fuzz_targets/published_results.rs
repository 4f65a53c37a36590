//! The national results file KemenPAN-RB publishes, as the hub's benchmark import reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(results) = livinglab_core::published::parse(data) {
        let _ = format!("{results:?}");
    }
});
