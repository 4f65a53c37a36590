//! How numbers and dates are read from and written for people: "3,50" and "21 November 2022"
//! in Indonesian, "3.50" and "21 November 2022" in English; dates typed as YYYY-MM-DD; numbers
//! typed with a decimal point or comma; percentages from exact fractions.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month};

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Lang;

const ISO_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// A date written YYYY-MM-DD (spaces around it ignored), or `input.date_invalid`.
pub fn parse_date(s: &str) -> Result<Date> {
    Date::parse(s.trim(), ISO_DATE).map_err(|_| Error::new(ErrorCode::DateInvalid).with("value", s.trim()))
}

/// A date as YYYY-MM-DD.
pub fn date_iso(date: Date) -> String {
    date.format(ISO_DATE).expect("a date formats as YYYY-MM-DD")
}

/// A decimal typed with a point or a comma ("3.5", "3,50"), or `input.number_invalid`.
pub fn parse_decimal(s: &str) -> Result<Decimal> {
    let text = s.trim();
    if text.contains(',') && text.contains('.') {
        // "1.234,5" and "1,234.5" are ambiguous: refused rather than guessed.
        return Err(Error::new(ErrorCode::NumberInvalid).with("value", text));
    }
    Decimal::from_str(&text.replace(',', ".")).map_err(|_| Error::new(ErrorCode::NumberInvalid).with("value", text))
}

/// A progress in whole percent (0–100) as shown: 40 → "40%".
pub fn progress(percent: u8) -> String {
    format!("{percent}%")
}

/// A fraction as a whole percentage, rounded half-up: 0.6667 → "67%".
pub fn percent(fraction: Decimal, lang: Lang) -> String {
    format!("{}%", decimal(fraction * Decimal::from(100), 0, lang))
}

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

/// The change from `then` to `now` as a reader checks it: the difference of the two indices as
/// they are shown (two decimals each), so that 2,26 − 4,19 reads −1,93 even where the exact
/// values differ by −1,9202.
pub fn change_between(now: Decimal, then: Decimal, lang: Lang) -> String {
    change(round_half_up(now, 2) - round_half_up(then, 2), lang)
}

/// A change of an index with its sign, two decimals: "+0,25", "−0,10" (a minus sign), "0,00".
pub fn change(value: Decimal, lang: Lang) -> String {
    let text = index(value.abs(), lang);
    match round_half_up(value, 2).cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Greater => format!("+{text}"),
        std::cmp::Ordering::Less => format!("\u{2212}{text}"),
        std::cmp::Ordering::Equal => text,
    }
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

/// A date as a person types it in a form, in either language: day first, "01/12/2026",
/// "1/12/2026", "01-12-2026" or "01.12.2026"; "1 Desember 2026", "1 Des 2026", "1 Dec 2026";
/// or YYYY-MM-DD. Never month first: 12/01/2026 is 12 January. A date that cannot be read is
/// `input.date_unreadable`; one that does not exist (31/02/2026) `input.date_not_real`, whose
/// `detail` says why in both languages.
pub fn parse_date_typed(s: &str) -> Result<Date> {
    let text = s.trim();
    let unreadable = || Error::new(ErrorCode::DateUnreadable).with("value", text);
    let num = |p: &str| -> Option<i64> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
    };
    let parts: Vec<&str> = text.split(['/', '-', '.', ' ', ',']).filter(|p| !p.is_empty()).collect();
    let (day, month, year) = match *parts.as_slice() {
        [y, m, d] if y.len() == 4 && text.contains('-') => (num(d), num(m), num(y)),
        [d, m, y] => (num(d), num(m).or_else(|| month_from_name(m)), num(y)),
        _ => return Err(unreadable()),
    };
    let (Some(day), Some(month), Some(year)) = (day, month, year) else { return Err(unreadable()) };
    let year_text = parts.iter().find(|p| p.len() == 4).copied().unwrap_or("");
    if year_text.is_empty() || year_text.parse::<i64>() != Ok(year) {
        return Err(unreadable());
    }
    let not_real = |id: String, en: String| Error::new(ErrorCode::DateNotReal).with("value", text).with_detail(id, en);
    if !(1900..=2200).contains(&year) {
        return Err(not_real(
            "tahun harus antara 1900 dan 2200".into(),
            "the year must be between 1900 and 2200".into(),
        ));
    }
    let Some(m) = u8::try_from(month).ok().and_then(|m| Month::try_from(m).ok()) else {
        return Err(not_real(format!("tidak ada bulan ke-{month}"), format!("there is no month {month}")));
    };
    let days = m.length(year as i32);
    if day < 1 || day > i64::from(days) {
        return Err(not_real(
            format!("{} {year} hanya {days} hari", month_name(m, Lang::Id)),
            format!("{} {year} has {days} days", month_name(m, Lang::En)),
        ));
    }
    Date::from_calendar_date(year as i32, m, day as u8).map_err(|_| unreadable())
}

/// A month named in Indonesian or English, whole or by its first three letters ("Des", "Dec",
/// "Agu", "Aug", "Okt", "Oct", "Mei", "May").
fn month_from_name(word: &str) -> Option<i64> {
    let w = word.to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    (1..=12u8).find_map(|n| {
        let m = Month::try_from(n).ok()?;
        let names = [month_name(m, Lang::Id).to_lowercase(), month_name(m, Lang::En).to_lowercase()];
        names.iter().any(|name| name == &w || (w.chars().count() == 3 && name.starts_with(&w))).then_some(i64::from(n))
    })
}

/// A date as the app's forms show it, day first: "01/12/2026".
pub fn date_numeric(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month() as u8, date.year())
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
    #[test]
    fn dates_typed_in_a_form() {
        use super::*;
        let d = |s: &str| date_iso(parse_date_typed(s).unwrap());
        for typed in [
            "01/12/2026",
            "1/12/2026",
            " 01-12-2026 ",
            "01.12.2026",
            "1 Desember 2026",
            "1 Des 2026",
            "1 dec 2026",
            "1 December, 2026",
            "2026-12-01",
        ] {
            assert_eq!(d(typed), "2026-12-01", "{typed}");
        }
        assert_eq!(d("12/01/2026"), "2026-01-12", "day first, always");
        assert_eq!(d("29/02/2028"), "2028-02-29");
        assert_eq!(d("1 Agustus 2026"), "2026-08-01");
        assert_eq!(d("1 Mei 2026"), "2026-05-01");
        let e = parse_date_typed("31/02/2026").unwrap_err();
        assert_eq!(e.code, ErrorCode::DateNotReal);
        assert_eq!(e.message_in(Lang::Id), "Tanggal \"31/02/2026\" tidak ada: Februari 2026 hanya 28 hari.");
        assert_eq!(parse_date_typed("01/13/2026").unwrap_err().param("detail@id"), Some("tidak ada bulan ke-13"));
        assert_eq!(parse_date_typed("00/12/2026").unwrap_err().code, ErrorCode::DateNotReal);
        assert_eq!(parse_date_typed("01/12/20260").unwrap_err().code, ErrorCode::DateUnreadable);
        for bad in ["", "besok", "01/12", "01/12/26", "1 Dx 2026", "a/b/c", "01/12/2026/1", "2026-1-1x"] {
            assert_eq!(parse_date_typed(bad).unwrap_err().code, ErrorCode::DateUnreadable, "{bad}");
        }
        assert_eq!(date_numeric(parse_date("2026-12-01").unwrap()), "01/12/2026");
    }

    use super::*;
    use time::macros::date;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_change_carries_its_sign() {
        assert_eq!(change(d("0.2500"), Lang::Id), "+0,25");
        assert_eq!(change(d("-0.1049"), Lang::En), "\u{2212}0.10");
        assert_eq!(change(d("-0.001"), Lang::Id), "0,00");
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
    fn dates_are_read_as_typed() {
        assert_eq!(parse_date(" 2026-06-30 ").unwrap(), date!(2026 - 06 - 30));
        assert_eq!(date_iso(date!(2026 - 06 - 03)), "2026-06-03");
        for bad in ["2026-02-30", "30/06/2026", "", "2026-6-3x"] {
            assert_eq!(parse_date(bad).unwrap_err().code, ErrorCode::DateInvalid, "{bad}");
        }
    }

    #[test]
    fn decimals_are_read_with_a_point_or_a_comma() {
        assert_eq!(parse_decimal("3,50").unwrap(), d("3.50"));
        assert_eq!(parse_decimal(" 0.85 ").unwrap(), d("0.85"));
        for bad in ["tiga", "", "1.234,5", "3,5,0"] {
            assert_eq!(parse_decimal(bad).unwrap_err().code, ErrorCode::NumberInvalid, "{bad}");
        }
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(d("0.6667"), Lang::Id), "67%");
        assert_eq!(percent(d("0.125"), Lang::En), "13%");
        assert_eq!(percent(d("1"), Lang::Id), "100%");
        assert_eq!(percent(Decimal::ZERO, Lang::Id), "0%");
        assert_eq!(progress(40), "40%");
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

#[cfg(test)]
mod change_tests {
    use super::*;

    #[test]
    fn a_change_is_the_difference_of_the_shown_values() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // Exact: 2.2649 − 4.1851 = −1.9202, shown −1,92; the reader subtracts 2,26 − 4,19.
        assert_eq!(change_between(d("2.2649"), d("4.1851"), Lang::Id), "\u{2212}1,93");
        assert_eq!(change_between(d("3.005"), d("3.004"), Lang::En), "+0.01");
        assert_eq!(change_between(d("3.1"), d("3.1"), Lang::Id), "0,00");
    }
}
