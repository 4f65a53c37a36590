//! How numbers and dates are written for people: "3,50" and "21 November 2022" in Indonesian,
//! "3.50" and "21 November 2022" in English.

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month};

use crate::i18n::Lang;

/// Rounds half away from zero (half-up for the non-negative values an index has) to `dp` decimals.
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// The value rounded half-up to `dp` decimals and written with exactly `dp` decimals, with a
/// decimal comma in Indonesian: 3.4986 → "3,50".
pub fn decimal(value: Decimal, dp: u32, lang: Lang) -> String {
    let mut rounded = round_half_up(value, dp);
    rounded.rescale(dp);
    let text = rounded.to_string();
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// An index as shown everywhere: two decimals.
pub fn index(value: Decimal, lang: Lang) -> String {
    decimal(value, 2, lang)
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub fn month_name(month: Month, lang: Lang) -> String {
    match lang {
        Lang::Id => MONTHS_ID[month as usize - 1].to_string(),
        Lang::En => month.to_string(),
    }
}

/// "21 November 2022" (both languages write the day first in the documents).
pub fn date_long(date: Date, lang: Lang) -> String {
    format!("{} {} {}", date.day(), month_name(date.month(), lang), date.year())
}

/// The month in Roman numerals, as in a nomor surat ".../XI/2026".
pub fn roman_month(month: Month) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][month as usize - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use time::macros::date;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn index_display_rounds_half_up_with_a_decimal_comma() {
        assert_eq!(index(d("3.4986"), Lang::Id), "3,50");
        assert_eq!(index(d("1.7985"), Lang::Id), "1,80");
        assert_eq!(index(d("2.5968"), Lang::Id), "2,60");
        assert_eq!(index(d("4.13655"), Lang::Id), "4,14");
        assert_eq!(index(d("3.125"), Lang::En), "3.13");
        assert_eq!(index(d("3"), Lang::Id), "3,00");
        assert_eq!(index(d("3.3"), Lang::En), "3.30");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(date_long(date!(2022 - 11 - 21), Lang::Id), "21 November 2022");
        assert_eq!(date_long(date!(2026 - 08 - 17), Lang::Id), "17 Agustus 2026");
        assert_eq!(date_long(date!(2026 - 08 - 17), Lang::En), "17 August 2026");
        assert_eq!(roman_month(Month::November), "XI");
        assert_eq!(roman_month(Month::April), "IV");
    }
}
