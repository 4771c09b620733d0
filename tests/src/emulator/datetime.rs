//! UTC date and time formats of the three signing schemes, without a date library.
//!
//! Times are UNIX seconds (`i64`). The conversions use the proleptic Gregorian calendar
//! (days-from-civil and civil-from-days), valid far beyond any timestamp a client sends.

/// The civil UTC date and time of `unix` seconds: (year, month 1-12, day 1-31, hour, minute,
/// second).
pub fn civil(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (secs / 3600) as u32,
        (secs % 3600 / 60) as u32,
        (secs % 60) as u32,
    )
}

/// UNIX seconds of a civil UTC date and time; `None` when a field is out of range.
pub fn from_civil(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day > month_days[month as usize - 1] {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
}

/// `YYYY-MM-DD`, the date of TC3's credential scope.
pub fn utc_date(unix: i64) -> String {
    let (y, mo, d, ..) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ`, Alibaba's `x-acs-date` and V1 `Timestamp`.
pub fn iso8601(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `YYYYMMDDTHHMMSSZ`, Huawei's `X-Sdk-Date`.
pub fn basic(unix: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(unix);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    from_civil(
        i64::from(digits(s.get(0..4)?)?),
        digits(s.get(5..7)?)?,
        digits(s.get(8..10)?)?,
        digits(s.get(11..13)?)?,
        digits(s.get(14..16)?)?,
        digits(s.get(17..19)?)?,
    )
}

/// Parses exactly `YYYYMMDDTHHMMSSZ`.
pub fn parse_basic(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    from_civil(
        i64::from(digits(s.get(0..4)?)?),
        digits(s.get(4..6)?)?,
        digits(s.get(6..8)?)?,
        digits(s.get(9..11)?)?,
        digits(s.get(11..13)?)?,
        digits(s.get(13..15)?)?,
    )
}
