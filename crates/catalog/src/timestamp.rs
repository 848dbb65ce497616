//! RFC 3339 timestamps in UTC with whole seconds ("2026-11-22T10:04:05Z").
//!
//! Written by hand rather than pulling in chrono or time: the catalog only
//! ever formats the current instant, and a fixed-width UTC form sorts
//! chronologically as plain text, which keeps `ORDER BY` on the columns honest.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current instant, RFC 3339 UTC to the second.
pub fn now() -> String {
    format_system_time(SystemTime::now())
}

/// Formats `time`, truncated towards the past to a whole second.
pub(crate) fn format_system_time(time: SystemTime) -> String {
    let seconds = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            // A clock set before 1970 is wrong, but the event still deserves
            // a timestamp that sorts where it happened rather than a panic.
            let before = before.duration();
            let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            let partial = i64::from(before.subsec_nanos() > 0);
            whole.saturating_neg().saturating_sub(partial)
        }
    };
    format_unix_seconds(seconds)
}

/// Formats seconds since 1970-01-01T00:00:00Z (negative ones before it).
pub(crate) fn format_unix_seconds(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Year, month and day of the proleptic Gregorian calendar for a count of
/// days since 1970-01-01: Howard Hinnant's `civil_from_days`.
///
/// The trick is to count years from 1 March, so the leap day falls at the
/// end of the year and every month length but February's follows one
/// formula; eras of 400 years repeat exactly.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    #[test]
    fn known_instants() {
        let known = [
            (0, "1970-01-01T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (1_795_341_845, "2026-11-22T10:04:05Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_709_251_199, "2024-02-29T23:59:59Z"),
            (4_107_499_200, "2100-02-28T12:00:00Z"),
            (-2_203_891_200, "1900-03-01T00:00:00Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"),
        ];
        for (seconds, text) in known {
            assert_eq!(format_unix_seconds(seconds), text, "{seconds}");
        }
    }

    #[test]
    fn system_time_truncates_towards_the_past() {
        let after = UNIX_EPOCH + Duration::new(1_795_341_845, 999_999_999);
        assert_eq!(format_system_time(after), "2026-11-22T10:04:05Z");
        let before = UNIX_EPOCH - Duration::from_millis(1);
        assert_eq!(format_system_time(before), "1969-12-31T23:59:59Z");
        let exactly_before = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(format_system_time(exactly_before), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        for seconds in [i64::MIN, i64::MAX] {
            assert!(format_unix_seconds(seconds).ends_with('Z'));
        }
    }

    fn is_leap(year: i64) -> bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    fn month_lengths(year: i64) -> [i64; 12] {
        let february = if is_leap(year) { 29 } else { 28 };
        [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    }

    /// The obvious, slow way: walk whole years, then whole months.
    fn reference(seconds: i64) -> String {
        let mut days = seconds.div_euclid(86_400);
        let of_day = seconds.rem_euclid(86_400);
        let mut year = 1970;
        loop {
            let length = if is_leap(year) { 366 } else { 365 };
            if days < 0 {
                year -= 1;
                days += if is_leap(year) { 366 } else { 365 };
            } else if days >= length {
                days -= length;
                year += 1;
            } else {
                break;
            }
        }
        let mut month = 1;
        for length in month_lengths(year) {
            if days < length {
                break;
            }
            days -= length;
            month += 1;
        }
        format!(
            "{year:04}-{month:02}-{:02}T{:02}:{:02}:{:02}Z",
            days + 1,
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        )
    }

    /// Reads a formatted timestamp back into seconds, to prove the format
    /// loses nothing but the sub-second part.
    fn parse(text: &str) -> Option<i64> {
        let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        let mut days = 0;
        for y in 1970..year {
            days += if is_leap(y) { 366 } else { 365 };
        }
        for y in year..1970 {
            days -= if is_leap(y) { 366 } else { 365 };
        }
        days += month_lengths(year)[..usize::try_from(month - 1).ok()?]
            .iter()
            .sum::<i64>();
        days += day - 1;
        Some(days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    proptest! {
        #[test]
        fn matches_the_reference(seconds in -62_135_596_800i64..=253_402_300_799) {
            let text = format_unix_seconds(seconds);
            prop_assert_eq!(&text, &reference(seconds));
            prop_assert_eq!(text.len(), 20);
            prop_assert_eq!(parse(&text), Some(seconds));
        }

        #[test]
        fn sorts_like_time(a in 0i64..=253_402_300_799, b in 0i64..=253_402_300_799) {
            prop_assert_eq!(a.cmp(&b), format_unix_seconds(a).cmp(&format_unix_seconds(b)));
        }
    }
}
