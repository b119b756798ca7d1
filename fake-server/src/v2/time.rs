//! RFC 3339 timestamps (`format: date-time`) from and to the server's UNIX
//! seconds. Written out in UTC with a `Z`; read with any offset and with or
//! without fractional seconds (which are dropped).

const SECONDS_PER_DAY: i64 = 86_400;

/// `2026-12-01T09:30:00Z` for `unix` seconds.
pub(crate) fn format(unix: i64) -> String {
    let days = unix.div_euclid(SECONDS_PER_DAY);
    let secs = unix.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3_600, secs % 3_600 / 60, secs % 60)
}

/// UNIX seconds of an RFC 3339 date-time, or `None` when it is not one.
pub(crate) fn parse(text: &str) -> Option<i64> {
    // Every slice below is at a byte offset, so only ASCII is sliced.
    let bytes = text.as_bytes();
    if !text.is_ascii()
        || bytes.len() < 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't' | b' ')
    {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let year = number(&text[0..4])?;
    let month = number(&text[5..7])?;
    let day = number(&text[8..10])?;
    let (hour, minute, second) = (number(&text[11..13])?, number(&text[14..16])?, number(&text[17..19])?);
    let days_in_month = match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = offset_seconds(&text[19..])?;
    let local = days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3_600 + minute * 60 + second;
    Some(local - offset)
}

/// Reads `[.fraction](Z|±HH:MM)`.
fn offset_seconds(rest: &str) -> Option<i64> {
    let rest = match rest.strip_prefix('.') {
        Some(fraction) => {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            &fraction[digits..]
        }
        None => rest,
    };
    if rest == "Z" || rest == "z" {
        return Some(0);
    }
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if rest.len() != 6 || rest.as_bytes()[3] != b':' {
        return None;
    }
    let (hours, minutes) = (number(&rest[1..3])?, number(&rest[4..6])?);
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3_600 + minutes * 60))
}

fn number(digits: &str) -> Option<i64> {
    digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok()).flatten()
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

// The two conversions below are Howard Hinnant's `days_from_civil` and
// `civil_from_days`: exact for the proleptic Gregorian calendar, no loops.

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_utc() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_798_761_599, "2026-12-31T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ];
        for (unix, text) in cases {
            assert_eq!(format(unix), text);
            assert_eq!(parse(text), Some(unix), "{text}");
        }
    }

    #[test]
    fn reads_offsets_and_fractions() {
        let cases = [
            ("2026-12-01T09:00:00+09:00", Some(1_796_083_200)),
            ("2026-12-01T00:00:00.123Z", Some(1_796_083_200)),
            ("2026-12-01t00:00:00z", Some(1_796_083_200)),
            ("2026-11-30T23:30:00-00:30", Some(1_796_083_200)),
            ("2026-12-01", None),
            ("2026-12-01T00:00:00", None),
            ("2026-02-29T00:00:00Z", None),
            ("2026-12-01T24:00:00Z", None),
            ("2026-12-01T00:00:00.Z", None),
            ("2026-12-01T00:00:00+0900", None),
            ("２026-12-01T00:00:00Z", None),
        ];
        for (text, unix) in cases {
            assert_eq!(parse(text), unix, "{text}");
        }
    }
}
