//! An enrolment letter (a PDF) as the hub's key registry reads the key out of it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    livinglab_fuzz::keep_caught_panics_caught();
    let _ = livinglab_hub::keys::key_from_letter(data);
});
