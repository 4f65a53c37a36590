//! A framework file as `frameworks import` reads it; a framework that validates is then scored
//! (every indicator at each level, and the leverage and plan of a middle answer), as the app does
//! with an imported framework.
#![no_main]

use libfuzzer_sys::fuzz_target;
use livinglab_core::framework::Framework;
use livinglab_core::scoring::{self, Levels};
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(fw) = Framework::from_json(text) else { return };
    for level in 1..=5u8 {
        let levels: Levels = fw.indicators.iter().map(|i| (i.id.clone(), level)).collect();
        let score = scoring::score(&fw, &levels).expect("a validated framework scores every level");
        let _ = score.index;
    }
    let half: Levels = fw.indicators.iter().step_by(2).map(|i| (i.id.clone(), 3)).collect();
    let _ = scoring::score(&fw, &half);
    let _ = scoring::leverage(&fw, &half);
    let _ = scoring::plan_to(&fw, &half, Decimal::from(4));
    let _ = fw.band_of(Decimal::from(4));
    for g in fw.leaf_groups() {
        let _ = fw.indicators_under(&g.id).count();
    }
});
