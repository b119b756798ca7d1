//! Birth dates. The OTP request takes `birth` as YYMMDD (or YYYYMMDD); the
//! record reports `birthday` as `YYYY-MM-DD` and the deprecated `birth` as
//! UNIX seconds of that day's midnight in Korea (UTC+9).

const SECONDS_PER_DAY: i64 = 86_400;
const KST_OFFSET_SECS: i64 = 9 * 3_600;

/// Resident-number birth years the fake accepts (gender digits 1–8 only
/// cover the 1900s and 2000s).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// A calendar date that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// Reads 6 or 8 ASCII digits; a 6-digit date takes its century from the
    /// resident-number gender digit (1, 2, 5, 6 → 1900s; 3, 4, 7, 8 → 2000s).
    pub(crate) fn parse(digits: &str, gender_digit: u8) -> Option<Date> {
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month_day) = match digits.len() {
            8 => (digits[..4].parse().ok()?, &digits[4..]),
            6 => (century(gender_digit) + digits[..2].parse::<i32>().ok()?, &digits[2..]),
            _ => return None,
        };
        let month: u32 = month_day[..2].parse().ok()?;
        let day: u32 = month_day[2..].parse().ok()?;
        let valid =
            YEARS.contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// UNIX seconds of 00:00 KST on this date (negative before 1970).
    pub(crate) fn kst_midnight(self) -> i64 {
        days_since_epoch(self.year, self.month, self.day) * SECONDS_PER_DAY - KST_OFFSET_SECS
    }
}

fn century(gender_digit: u8) -> i32 {
    match gender_digit {
        3 | 4 | 7 | 8 => 2000,
        _ => 1900,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date, counted by
/// whole years and months; the accepted year range keeps the loops short.
fn days_since_epoch(year: i32, month: u32, day: u32) -> i64 {
    let year_days: i64 =
        if year >= 1970 { (1970..year).map(days_in_year).sum() } else { -(year..1970).map(days_in_year).sum::<i64>() };
    let month_days: i64 = (1..month).map(|m| i64::from(days_in_month(year, m))).sum();
    year_days + month_days + i64::from(day) - 1
}

fn days_in_year(year: i32) -> i64 {
    if is_leap(year) { 366 } else { 365 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digit_dates_take_the_century_from_the_gender_digit() {
        let cases = [
            ("900101", 1, Some("1990-01-01")),
            ("900101", 2, Some("1990-01-01")),
            ("050315", 3, Some("2005-03-15")),
            ("050315", 4, Some("2005-03-15")),
            ("850720", 5, Some("1985-07-20")),
            ("850720", 6, Some("1985-07-20")),
            ("101231", 7, Some("2010-12-31")),
            ("101231", 8, Some("2010-12-31")),
            ("19900101", 3, Some("1990-01-01")),
            ("000229", 3, Some("2000-02-29")),
            ("000229", 1, None), // 1900 was not a leap year
            ("901301", 1, None),
            ("900100", 1, None),
            ("900431", 1, None),
            ("9001011", 1, None),
            ("18991231", 1, None),
            ("90o101", 1, None),
        ];
        for (digits, gender, expected) in cases {
            let got = Date::parse(digits, gender).map(Date::iso);
            assert_eq!(got.as_deref(), expected, "{digits} with gender digit {gender}");
        }
    }

    #[test]
    fn birth_seconds_are_kst_midnight() {
        let at = |digits| Date::parse(digits, 1).map(Date::kst_midnight);
        assert_eq!(at("19700101"), Some(-32_400));
        assert_eq!(at("19900101"), Some(631_119_600));
        assert_eq!(at("20000301"), Some(951_836_400));
        assert_eq!(at("19691231"), Some(-118_800));
        assert_eq!(at("19000101"), Some(-2_208_988_800 - 32_400));
    }
}
