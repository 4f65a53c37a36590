//! The ranges a level or an index may take, in one place.
//!
//! - An own assessment gives each indicator a whole level from 1 to 5 (a target level too).
//! - A published domain (or aspect) value is a decimal from 0 to 5: the official results carry
//!   values below 1 (e.g. a domain at 0.3 in 2023), and their printed index is consistent with them.
//! - A period's target index is a decimal from 1 to 5, the range an own index can reach.

use rust_decimal::Decimal;

use crate::error::{Error, ErrorCode, Result};

pub const MIN_LEVEL: u8 = 1;
pub const MAX_LEVEL: u8 = 5;

/// Whether `value` is a level an own assessment can give (1–5).
pub fn is_level(value: u8) -> bool {
    (MIN_LEVEL..=MAX_LEVEL).contains(&value)
}

/// `assessment.level_invalid` unless `value` is a level 1–5.
pub fn check_level(value: u8, indicator: &str) -> Result<()> {
    if is_level(value) {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::LevelInvalid).with("value", value).with("indicator", indicator.trim()))
    }
}

/// Whether `value` is a published group value (0–5).
pub fn is_published_value(value: Decimal) -> bool {
    value >= Decimal::ZERO && value <= Decimal::from(MAX_LEVEL)
}

/// Whether `value` is an index an own assessment can reach (1–5), e.g. a period's target.
pub fn is_index(value: Decimal) -> bool {
    value >= Decimal::from(MIN_LEVEL) && value <= Decimal::from(MAX_LEVEL)
}

/// `score.input_invalid` unless `value` is an index 1–5.
pub fn check_target_index(value: Decimal) -> Result<()> {
    if is_index(value) {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::ScoreInputInvalid).with_detail(
            format!("target indeks {value} di luar [1, 5]"),
            format!("target index {value} is outside [1, 5]"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn own_levels_are_whole_from_one_to_five() {
        assert!(!is_level(0));
        assert!((1..=5).all(is_level));
        assert!(!is_level(6));
        assert_eq!(check_level(6, " 12 ").unwrap_err().param("indicator"), Some("12"));
    }

    #[test]
    fn published_values_may_lie_below_one() {
        assert!(is_published_value(d("0")));
        assert!(is_published_value(d("0.3")));
        assert!(is_published_value(d("5")));
        assert!(!is_published_value(d("5.01")));
        assert!(!is_published_value(d("-0.1")));
    }

    #[test]
    fn a_target_index_lies_within_what_levels_can_reach() {
        assert!(check_target_index(d("1")).is_ok());
        assert!(check_target_index(d("4.5")).is_ok());
        assert_eq!(check_target_index(d("0.9")).unwrap_err().code, ErrorCode::ScoreInputInvalid);
        assert_eq!(check_target_index(d("5.1")).unwrap_err().code, ErrorCode::ScoreInputInvalid);
    }
}
