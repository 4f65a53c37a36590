//! An assessment CSV (`assess import`), checked against each shipped framework; the first byte
//! picks the framework.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livinglab_fuzz::split_selector;

fuzz_target!(|data: &[u8]| {
    let (pick, rest) = split_selector(data);
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let shipped = livinglab_core::framework::shipped();
    let fw = &shipped[pick as usize % shipped.len()];
    if let Ok(rows) = livinglab_store::assessment::parse_import_csv(fw, text) {
        for row in rows {
            let _ = fw.require_indicator(&row.indicator).expect("an imported row names an indicator");
        }
    }
});
