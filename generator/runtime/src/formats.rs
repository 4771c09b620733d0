//! Named format checkers used when validating cloud API requests.
//!
//! Cloud APIs accept many values as plain strings with an implied format
//! (times of day, UTC offsets, ISO 8601 durations, schedule strings, path
//! lists). Checking them before sending a request gives the user a clear
//! message instead of an opaque server error.
//!
//! Every checker is total: it never panics, whatever the input (empty,
//! non-ASCII, huge numbers). Error messages say what was expected and what is
//! wrong but never repeat the checked value, because the caller adds it (and
//! redacts it for secrets).

/// Largest accepted unix timestamp: 9999-12-31T23:59:59Z, the last second
/// that common date libraries (and cloud APIs) can represent.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

/// Minutes in a day, used to wrap local times around midnight.
const MINUTES_PER_DAY: i32 = 24 * 60;

/// Most paths HBR accepts in one backup plan when no wildcard is used.
const MAX_BACKUP_PATHS: usize = 20;

/// Value of two ASCII digits, or `None` if either byte is not one.
fn two_digits(hi: u8, lo: u8) -> Option<u32> {
    if hi.is_ascii_digit() && lo.is_ascii_digit() {
        Some(u32::from(hi - b'0') * 10 + u32::from(lo - b'0'))
    } else {
        None
    }
}

/// Minutes since midnight of a strict `HH:mm` time, or `None` if malformed.
fn hh_mm_minutes(s: &str) -> Option<i32> {
    let [h1, h2, b':', m1, m2] = *s.as_bytes() else {
        return None;
    };
    let hour = two_digits(h1, h2)?;
    let minute = two_digits(m1, m2)?;
    if hour < 24 && minute < 60 {
        i32::try_from(hour * 60 + minute).ok()
    } else {
        None
    }
}

/// Parses a non-empty string of ASCII decimal digits into a `u64`; `None` if
/// it is empty, has any other character, or does not fit.
fn parse_digits_u64(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Formats minutes since midnight as `HH:mm` for messages.
fn format_minutes(minutes: i32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Checks a time of day in the exact form `HH:mm` (00:00 to 23:59).
pub fn time_hh_mm(s: &str) -> Result<(), String> {
    match hh_mm_minutes(s) {
        Some(_) => Ok(()),
        None => Err("expected a time of day HH:mm between 00:00 and 23:59".to_string()),
    }
}

/// Checks a time of day `HH:mm` in UTC, written with or without the `Z` that marks UTC
/// (`14:22` or `14:22Z`), for pages that give the form `HH:mmZ` but show examples without it.
pub fn time_hh_mm_z(s: &str) -> Result<(), String> {
    match hh_mm_minutes(s.strip_suffix('Z').unwrap_or(s)) {
        Some(_) => Ok(()),
        None => {
            Err("expected a UTC time of day HH:mm or HH:mmZ between 00:00 and 23:59".to_string())
        }
    }
}

/// Checks a time of day in the exact form `HH:mm:ss` (00:00:00 to 23:59:59).
pub fn time_hh_mm_ss(s: &str) -> Result<(), String> {
    const MSG: &str = "expected a time of day HH:mm:ss between 00:00:00 and 23:59:59";
    let [h1, h2, b':', m1, m2, b':', s1, s2] = *s.as_bytes() else {
        return Err(MSG.to_string());
    };
    match (two_digits(h1, h2), two_digits(m1, m2), two_digits(s1, s2)) {
        (Some(h), Some(m), Some(sec)) if h < 24 && m < 60 && sec < 60 => Ok(()),
        _ => Err(MSG.to_string()),
    }
}

/// Checks a full hour `HH:00` such as `22:00`, as used by APIs that only
/// schedule on the hour.
pub fn full_hour(s: &str) -> Result<(), String> {
    match hh_mm_minutes(s) {
        None => Err("expected a full hour HH:00 between 00:00 and 23:00".to_string()),
        Some(m) if m % 60 != 0 => {
            Err("expected a full hour such as 22:00, but the minutes are not 00".to_string())
        }
        Some(_) => Ok(()),
    }
}

/// Parses a time zone written as `UTC+HH:mm` or `UTC-HH:mm` and returns the
/// signed offset in minutes.
///
/// Real-world offsets range from UTC-12:00 to UTC+14:00, so anything outside
/// that range is rejected as a likely typo.
pub fn parse_utc_offset(s: &str) -> Result<i32, String> {
    let [b'U', b'T', b'C', sign, h1, h2, b':', m1, m2] = *s.as_bytes() else {
        return Err("expected a utc offset UTC+HH:mm or UTC-HH:mm, such as UTC+08:00".to_string());
    };
    let negative = match sign {
        b'+' => false,
        b'-' => true,
        _ => {
            return Err("expected a utc offset with a + or - sign after UTC".to_string());
        }
    };
    let (Some(hours), Some(minutes)) = (two_digits(h1, h2), two_digits(m1, m2)) else {
        return Err(
            "expected a utc offset UTC+HH:mm or UTC-HH:mm with two-digit fields".to_string(),
        );
    };
    if minutes >= 60 {
        return Err("expected utc offset minutes between 00 and 59".to_string());
    }
    // Both fields are at most 99, so this cannot overflow.
    let total = i32::try_from(hours * 60 + minutes).unwrap_or(i32::MAX);
    let signed = if negative { -total } else { total };
    if (-12 * 60..=14 * 60).contains(&signed) {
        Ok(signed)
    } else {
        Err("expected a utc offset between UTC-12:00 and UTC+14:00".to_string())
    }
}

/// Checks a time zone written as `UTC+HH:mm` or `UTC-HH:mm`; see
/// [`parse_utc_offset`].
pub fn utc_offset(s: &str) -> Result<(), String> {
    parse_utc_offset(s).map(|_| ())
}

/// Checks a unix timestamp in seconds between 0 and 253402300799
/// (9999-12-31T23:59:59Z), the range cloud APIs can represent.
pub fn unix_seconds(v: i64) -> Result<(), String> {
    if (0..=MAX_UNIX_SECONDS).contains(&v) {
        Ok(())
    } else {
        Err(format!(
            "expected unix seconds between 0 and {MAX_UNIX_SECONDS} (9999-12-31T23:59:59Z)"
        ))
    }
}

/// Checks a unix timestamp in seconds written as plain ASCII decimal digits
/// (no sign, no spaces), with the same range as [`unix_seconds`].
pub fn unix_seconds_str(s: &str) -> Result<(), String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected unix seconds written as decimal digits only".to_string());
    }
    // Overflow means far beyond the maximum, which the range check reports.
    let value = parse_digits_u64(s)
        .and_then(|v| i64::try_from(v).ok())
        .unwrap_or(i64::MAX);
    unix_seconds(value)
}

/// Parses the designator/amount pairs of one part of an ISO 8601 duration
/// (before or after `T`). `allowed` lists the designators of this part in
/// their required order; `other` those of the other part, for a clearer
/// message. Returns (number of components, whether any amount is non-zero).
fn duration_part(
    part: &str,
    allowed: &[u8],
    other: &[u8],
    after_t: bool,
) -> Result<(usize, bool), String> {
    let mut last: Option<usize> = None;
    let mut count = 0usize;
    let mut nonzero = false;
    let mut digits = 0usize;
    let mut digits_nonzero = false;
    for b in part.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                digits_nonzero |= b != b'0';
            }
            b'.' | b',' => {
                return Err(
                    "expected whole-number amounts in the duration, fractions are not allowed"
                        .to_string(),
                );
            }
            b'+' | b'-' => {
                return Err(
                    "expected non-negative amounts without a sign in the duration".to_string(),
                );
            }
            _ => {
                let Some(pos) = allowed.iter().position(|&d| d == b) else {
                    let msg = if other.contains(&b) {
                        if after_t {
                            format!(
                                "expected designator {} before T in the duration",
                                char::from(b)
                            )
                        } else {
                            format!(
                                "expected designator {} after T in the duration",
                                char::from(b)
                            )
                        }
                    } else if b == b'T' {
                        "expected at most one T in the duration".to_string()
                    } else {
                        "expected only digits and the designators Y, M, W, D, T, H, M, S in the duration"
                            .to_string()
                    };
                    return Err(msg);
                };
                if digits == 0 {
                    return Err(format!(
                        "expected a number before designator {} in the duration",
                        char::from(b)
                    ));
                }
                if last.is_some_and(|l| pos <= l) {
                    return Err(
                        "expected duration designators in the order Y, M, W, D, T, H, M, S, each at most once"
                            .to_string(),
                    );
                }
                last = Some(pos);
                count += 1;
                nonzero |= digits_nonzero;
                digits = 0;
                digits_nonzero = false;
            }
        }
    }
    if digits > 0 {
        return Err("expected a designator after the last number in the duration".to_string());
    }
    Ok((count, nonzero))
}

/// Checks an ISO 8601 duration `P[nY][nM][nW][nD][T[nH][nM][nS]]` with whole,
/// non-negative amounts, such as `P1D` or `PT1H`.
///
/// A zero duration (`P0D`) is rejected because a zero interval makes no sense
/// for a schedule.
pub fn iso8601_duration(s: &str) -> Result<(), String> {
    const DATE: &[u8] = b"YMWD";
    const TIME: &[u8] = b"HMS";
    let Some(rest) = s.strip_prefix('P') else {
        return Err(
            "expected an iso 8601 duration starting with P, such as P1D or PT1H".to_string(),
        );
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let (date_count, date_nonzero) = duration_part(date, DATE, TIME, false)?;
    let (time_count, time_nonzero) = match time {
        Some(t) => {
            let (count, nonzero) = duration_part(t, TIME, DATE, true)?;
            if count == 0 {
                return Err(
                    "expected at least one of H, M or S after T in the duration".to_string()
                );
            }
            (count, nonzero)
        }
        None => (0, false),
    };
    if date_count + time_count == 0 {
        return Err(
            "expected at least one component in the duration, such as P1D or PT1H".to_string(),
        );
    }
    if !(date_nonzero || time_nonzero) {
        return Err("expected a duration longer than zero".to_string());
    }
    Ok(())
}

/// Checks an Alibaba Cloud HBR schedule `I|{startTime}|{interval}`: a unix
/// seconds start time and an ISO 8601 interval, such as `I|1602673264|P1D`.
pub fn hbr_schedule(s: &str) -> Result<(), String> {
    const SHAPE: &str =
        "expected a schedule I|{start unix seconds}|{iso 8601 interval}, such as I|1602673264|P1D";
    let Some(rest) = s.strip_prefix("I|") else {
        return Err(SHAPE.to_string());
    };
    let Some((start, interval)) = rest.split_once('|') else {
        return Err(SHAPE.to_string());
    };
    if interval.contains('|') {
        return Err(format!("{SHAPE}, but there are extra fields"));
    }
    unix_seconds_str(start).map_err(|e| format!("invalid schedule start time: {e}"))?;
    iso8601_duration(interval).map_err(|e| format!("invalid schedule interval: {e}"))
}

/// Parses an hour of a speed limit rule: 1 or 2 ASCII digits, 0 to 24.
fn speed_limit_hour(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 2 {
        return None;
    }
    let hour = parse_digits_u64(s)?;
    if hour <= 24 {
        usize::try_from(hour).ok()
    } else {
        None
    }
}

/// Calls `each` with every rule of an HBR traffic policy, `{start}:{end}:{bandwidth}`
/// separated by `|`, as (rule index, start hour, end hour, bandwidth), without allocating;
/// `Err` with the first malformed rule, or the first error of `each`.
fn speed_limit_rules(
    s: &str,
    mut each: impl FnMut(usize, usize, usize, u64) -> Result<(), String>,
) -> Result<(), String> {
    const SHAPE: &str =
        "expected rules {start}:{end}:{bandwidth} separated by |, such as 0:8:1024|8:24:512";
    if s.is_empty() {
        return Err(format!("{SHAPE}, but it is empty"));
    }
    for (i, rule) in s.split('|').enumerate() {
        if rule.is_empty() {
            return Err(format!("{SHAPE}, but rule {i} is empty"));
        }
        let Some((start, end, bandwidth)) = three_fields(rule) else {
            return Err(format!("{SHAPE}, but rule {i} does not have three fields"));
        };
        let (Some(start), Some(end)) = (speed_limit_hour(start), speed_limit_hour(end)) else {
            return Err(format!(
                "rule {i}: expected start and end as whole hours from 0 to 24"
            ));
        };
        let Some(bandwidth) = parse_digits_u64(bandwidth) else {
            return Err(format!(
                "rule {i}: expected a bandwidth in KB/s as a whole number"
            ));
        };
        each(i, start, end, bandwidth)?;
    }
    Ok(())
}

/// The three `:`-separated fields of a rule, or `None` when it has another number. A byte loop:
/// rules are a few bytes long, where setting up `str::split` costs more than the scan.
fn three_fields(rule: &str) -> Option<(&str, &str, &str)> {
    let mut cuts = [0usize; 2];
    let mut found = 0;
    for (at, byte) in rule.bytes().enumerate() {
        if byte == b':' {
            *cuts.get_mut(found)? = at;
            found += 1;
        }
    }
    let [first, second] = cuts;
    (found == 2).then_some(())?;
    Some((
        rule.get(..first)?,
        rule.get(first + 1..second)?,
        rule.get(second + 1..)?,
    ))
}

/// Checks an Alibaba Cloud HBR traffic shaping policy as its page states it: rules
/// `{start}:{end}:{bandwidth}` (whole hours from 0 to 24, a bandwidth in KB/s) separated by
/// `|`, whose time ranges do not overlap. A rule whose start is not before its end covers no
/// hour here; [`hbr_speed_limit_windows`] judges it.
pub fn hbr_speed_limit(s: &str) -> Result<(), String> {
    // Which rule (start, end) covers each hour; 24 slots make overlap
    // detection linear in the number of rules.
    let mut owner: [Option<(usize, usize)>; 24] = [None; 24];
    speed_limit_rules(s, |_, start, end, _| {
        // Hours are at most 24 (`speed_limit_hour`); start >= end covers none.
        for slot in owner.iter_mut().take(end).skip(start) {
            if let Some((other_start, other_end)) = *slot {
                return Err(format!(
                    "hours {start}-{end} overlap hours {other_start}-{other_end}"
                ));
            }
            *slot = Some((start, end));
        }
        Ok(())
    })
}

/// What the HBR traffic policy's page leaves unsaid: each rule starts before it ends and
/// limits the bandwidth to more than 0 KB/s. A malformed policy passes here: its format
/// reports it.
pub fn hbr_speed_limit_windows(s: &str) -> Result<(), String> {
    // The first broken window, reported only when every rule is well formed.
    let mut broken = None;
    let parsed = speed_limit_rules(s, |i, start, end, bandwidth| {
        if broken.is_none() && start >= end {
            broken = Some(format!(
                "rule {i} ({start}:{end}) does not start before it ends"
            ));
        } else if broken.is_none() && bandwidth == 0 {
            broken = Some(format!("rule {i} limits the bandwidth to 0 KB/s"));
        }
        Ok(())
    });
    match (parsed, broken) {
        (Ok(()), Some(reason)) => Err(reason),
        _ => Ok(()),
    }
}

/// Tells whether a path is a Windows UNC path (starts with two backslashes).
pub fn is_unc_path(s: &str) -> bool {
    s.starts_with("\\\\")
}

/// Checks an absolute path: Unix (`/data`), Windows with a drive letter
/// (`C:\data` or `C:/data`) or UNC (`\\server\share`).
///
/// Wildcards (`*`) are allowed here; the rules about them belong to the
/// callers that know the service.
pub fn absolute_path(s: &str) -> Result<(), String> {
    const SHAPE: &str = "expected an absolute path such as /data, C:\\data or \\\\server\\share";
    if s.is_empty() {
        return Err(format!("{SHAPE}, but it is empty"));
    }
    if s.contains('\0') {
        return Err("expected a path without NUL characters".to_string());
    }
    if s.starts_with('/') {
        return Ok(());
    }
    if let Some(rest) = s.strip_prefix("\\\\") {
        let server = rest
            .split_once(['\\', '/'])
            .map_or(rest, |(server, _)| server);
        return if server.is_empty() {
            Err("expected a unc path \\\\server\\share with a server name".to_string())
        } else {
            Ok(())
        };
    }
    if let [drive, b':', b'\\' | b'/', ..] = *s.as_bytes()
        && drive.is_ascii_alphabetic()
    {
        return Ok(());
    }
    Err(SHAPE.to_string())
}

/// Checks an Alibaba Cloud HBR backup path list: every path is absolute, at
/// most 20 paths, a path with wildcards (`*`) must be the only path
/// because HBR cannot combine wildcard matching with a path list, and a UNC
/// path holds no wildcards.
pub fn hbr_backup_paths(paths: &[String]) -> Result<(), String> {
    for (i, path) in paths.iter().enumerate() {
        absolute_path(path).map_err(|e| format!("path {i} is not absolute: {e}"))?;
        if is_unc_path(path) && path.contains('*') {
            return Err(format!(
                "path {i} is a UNC path with wildcards (*), which UNC paths do not support"
            ));
        }
    }
    if paths.iter().any(|p| p.contains('*')) {
        if paths.len() != 1 {
            return Err(format!(
                "a path with wildcards (*) must be the only path (got {} paths)",
                paths.len()
            ));
        }
    } else if paths.len() > MAX_BACKUP_PATHS {
        return Err(format!(
            "expected at most {MAX_BACKUP_PATHS} paths (got {} paths)",
            paths.len()
        ));
    }
    Ok(())
}

/// Checks that Huawei Cloud backup execution times, given as `HH:mm` in UTC,
/// are strictly ascending once converted to local time with `offset`
/// (`UTC+HH:mm` style; `None` means UTC+00:00). Local times wrap around
/// midnight, so `["22:00", "00:00"]` at UTC+02:00 is ascending (00:00, 02:00).
///
/// This checker only judges order: if an item or the offset is malformed it
/// returns `Ok(())`, because [`time_hh_mm`] and [`utc_offset`] report those
/// and a second message about the same mistake would only confuse.
pub fn ascending_local_times(times_utc: &[String], offset: Option<&str>) -> Result<(), String> {
    let offset = match offset {
        None => 0,
        Some(o) => match parse_utc_offset(o) {
            Ok(minutes) => minutes,
            Err(_) => return Ok(()),
        },
    };
    // Judge order only when every item is well formed (see above).
    let Some(local): Option<Vec<i32>> = times_utc
        .iter()
        .map(|t| hh_mm_minutes(t).map(|utc| (utc + offset).rem_euclid(MINUTES_PER_DAY)))
        .collect()
    else {
        return Ok(());
    };
    for (i, pair) in local.windows(2).enumerate() {
        if let [prev, cur] = *pair
            && cur <= prev
        {
            return Err(format!(
                "expected execution times in ascending local time order, but time {} (local {}) is not after time {i} (local {})",
                i + 1,
                format_minutes(cur),
                format_minutes(prev)
            ));
        }
    }
    Ok(())
}

/// A region id (`cn-hangzhou`, `ap-shanghai-fsi`): lower-case ASCII letters and digits in
/// dash-separated words. Region ids go into host names, so nothing else may pass.
pub fn region_id(s: &str) -> Result<(), String> {
    let ok = !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err("expected a region id: lower-case letters and digits in dash-separated words, such as cn-hangzhou".to_owned())
    }
}

/// What a [`Format`] checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A list of strings.
    StrList,
}

/// The named format checkers a spec can give a value. This one table serves both the
/// generator (which resolves `format:` names against it) and validation at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `time_hh_mm`: a time of day `HH:mm`.
    TimeHhMm,
    /// `time_hh_mm_z`: a UTC time of day `HH:mm` or `HH:mmZ`.
    TimeHhMmZ,
    /// `time_hh_mm_ss`: a time of day `HH:mm:ss`.
    TimeHhMmSs,
    /// `full_hour`: a full hour `HH:00`.
    FullHour,
    /// `utc_offset`: `UTC+08:00`.
    UtcOffset,
    /// `unix_seconds`: a UNIX time in seconds (an integer).
    UnixSeconds,
    /// `iso8601_duration`: `P1D`, `PT1H`.
    Iso8601Duration,
    /// `hbr_schedule`: `I|{startTime}|{interval}`.
    HbrSchedule,
    /// `hbr_speed_limit`: `{start}:{end}:{bandwidth}|...`.
    HbrSpeedLimit,
    /// `absolute_path`: a Unix, Windows or UNC absolute path.
    AbsolutePath,
    /// `hbr_backup_paths`: a list of backup paths with the HBR wildcard rules.
    HbrBackupPaths,
}

impl Format {
    /// Every format.
    pub const ALL: &'static [Format] = &[
        Format::TimeHhMm,
        Format::TimeHhMmZ,
        Format::TimeHhMmSs,
        Format::FullHour,
        Format::UtcOffset,
        Format::UnixSeconds,
        Format::Iso8601Duration,
        Format::HbrSchedule,
        Format::HbrSpeedLimit,
        Format::AbsolutePath,
        Format::HbrBackupPaths,
    ];

    /// The name a spec uses.
    pub const fn name(self) -> &'static str {
        match self {
            Format::TimeHhMm => "time_hh_mm",
            Format::TimeHhMmZ => "time_hh_mm_z",
            Format::TimeHhMmSs => "time_hh_mm_ss",
            Format::FullHour => "full_hour",
            Format::UtcOffset => "utc_offset",
            Format::UnixSeconds => "unix_seconds",
            Format::Iso8601Duration => "iso8601_duration",
            Format::HbrSchedule => "hbr_schedule",
            Format::HbrSpeedLimit => "hbr_speed_limit",
            Format::AbsolutePath => "absolute_path",
            Format::HbrBackupPaths => "hbr_backup_paths",
        }
    }

    /// The message of a value this format refuses: `must be ` and the checker's reason, which
    /// names the format itself when it starts with `expected` (`must be a time of day HH:mm:ss
    /// between ...`), or the format's description and the reason.
    pub fn message(self, reason: &str) -> String {
        match reason.strip_prefix("expected ") {
            Some(rest) => format!("must be {rest}"),
            None => format!("must be {}: {reason}", self.describe()),
        }
    }

    /// What a valid value is, in words that follow "must be".
    pub const fn describe(self) -> &'static str {
        match self {
            Format::TimeHhMm => "a time of day HH:mm",
            Format::TimeHhMmZ => "a UTC time of day HH:mm or HH:mmZ",
            Format::TimeHhMmSs => "a time of day HH:mm:ss",
            Format::FullHour => "a full hour HH:00",
            Format::UtcOffset => "a UTC offset such as UTC+08:00",
            Format::UnixSeconds => "a UNIX time in seconds",
            Format::Iso8601Duration => "an ISO 8601 duration such as P1D or PT1H",
            Format::HbrSchedule => "a schedule I|{startTime}|{interval}",
            Format::HbrSpeedLimit => "traffic rules {start}:{end}:{bandwidth} separated by |",
            Format::AbsolutePath => "an absolute path",
            Format::HbrBackupPaths => {
                "backup paths: at most 20, or one path with wildcards, and no wildcards in a UNC path"
            }
        }
    }

    /// The kind of value it checks.
    pub const fn target(self) -> Target {
        match self {
            Format::UnixSeconds => Target::Int,
            Format::HbrBackupPaths => Target::StrList,
            _ => Target::Str,
        }
    }

    /// Checks a string; formats of other targets accept every string.
    pub fn check_str(self, s: &str) -> Result<(), String> {
        match self {
            Format::TimeHhMm => time_hh_mm(s),
            Format::TimeHhMmZ => time_hh_mm_z(s),
            Format::TimeHhMmSs => time_hh_mm_ss(s),
            Format::FullHour => full_hour(s),
            Format::UtcOffset => utc_offset(s),
            Format::Iso8601Duration => iso8601_duration(s),
            Format::HbrSchedule => hbr_schedule(s),
            Format::HbrSpeedLimit => hbr_speed_limit(s),
            Format::AbsolutePath => absolute_path(s),
            Format::UnixSeconds | Format::HbrBackupPaths => Ok(()),
        }
    }

    /// Checks an integer; formats of other targets accept every integer.
    pub fn check_int(self, v: i128) -> Result<(), String> {
        match self {
            Format::UnixSeconds => match i64::try_from(v) {
                Ok(v) => unix_seconds(v),
                Err(_) => {
                    Err("expected a UNIX time in seconds between 0 and 253402300799".to_owned())
                }
            },
            _ => Ok(()),
        }
    }

    /// Checks a list of strings; formats of other targets accept every list.
    pub fn check_strs(self, items: &[String]) -> Result<(), String> {
        match self {
            Format::HbrBackupPaths => hbr_backup_paths(items),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_ids_are_lower_case_words_joined_by_dashes() {
        for ok in ["cn-hangzhou", "ap-shanghai-fsi", "eu-west-1", "x", "1"] {
            assert_eq!(region_id(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "-",
            "cn-",
            "-cn",
            "cn--hangzhou",
            "CN-hangzhou",
            "cn_hangzhou",
            "cn.hangzhou",
            "cn-hangzhou/",
            "cn hangzhou",
            "é",
        ] {
            let error = region_id(bad).unwrap_err();
            assert!(error.starts_with("expected a region id"), "{bad}: {error}");
        }
    }

    /// Each format's name, description, target and checker, through the table the generator
    /// and validation share.
    #[test]
    fn formats_name_describe_and_check_what_they_say() {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "time_hh_mm",
                "time_hh_mm_z",
                "time_hh_mm_ss",
                "full_hour",
                "utc_offset",
                "unix_seconds",
                "iso8601_duration",
                "hbr_schedule",
                "hbr_speed_limit",
                "absolute_path",
                "hbr_backup_paths",
            ]
        );
        let mut descriptions: Vec<&str> = Format::ALL.iter().map(|f| f.describe()).collect();
        descriptions.sort_unstable();
        descriptions.dedup();
        assert_eq!(
            descriptions.len(),
            Format::ALL.len(),
            "each description is its own"
        );
        assert_eq!(
            Format::UnixSeconds.message("out of range"),
            "must be a UNIX time in seconds: out of range"
        );

        let paths = |n: usize| (0..n).map(|i| format!("/data/{i}")).collect::<Vec<_>>();
        for &format in Format::ALL {
            let target = format.target();
            let expected = match format {
                Format::UnixSeconds => Target::Int,
                Format::HbrBackupPaths => Target::StrList,
                _ => Target::Str,
            };
            assert_eq!(target, expected, "{}", format.name());
            // Each checker refuses something of its own target, and passes every other value.
            let refused = "not a valid value of any format";
            assert_eq!(
                format.check_str(refused).is_err(),
                target == Target::Str,
                "{}",
                format.name()
            );
            assert_eq!(
                format.check_int(-1).is_err(),
                target == Target::Int,
                "{}",
                format.name()
            );
            assert_eq!(
                format.check_strs(&paths(21)).is_err(),
                target == Target::StrList,
                "{}",
                format.name()
            );
        }
        assert_eq!(Format::UnixSeconds.check_int(1_700_000_000), Ok(()));
        assert!(
            Format::UnixSeconds
                .check_int(i128::from(i64::MAX) + 1)
                .is_err()
        );
        assert_eq!(Format::HbrBackupPaths.check_strs(&paths(20)), Ok(()));
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    proptest::proptest! {
        /// The byte loop splits a rule as `str::split(':')` does, on rules with zero to four
        /// colons anywhere, multi-byte characters included.
        #[test]
        fn three_fields_matches_split(rule in "[0-9:é|]{0,12}") {
            let mut fields = rule.split(':');
            let plain = match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some(a), Some(b), Some(c), None) => Some((a, b, c)),
                _ => None,
            };
            proptest::prop_assert_eq!(three_fields(&rule), plain);
        }
    }

    #[test]
    fn time_hh_mm_accepts_valid_times() {
        for s in ["00:00", "23:59", "12:30", "09:05", "20:00"] {
            assert_eq!(time_hh_mm(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn time_hh_mm_rejects_malformed_and_out_of_range() {
        for s in [
            "",
            "24:00",
            "23:60",
            "99:99",
            "1:00",
            "01:0",
            "0100",
            "01:000",
            "001:00",
            "01-00",
            " 01:00",
            "01:00 ",
            "+1:00",
            "-1:00",
            "ab:cd",
            "１２:００",
            "12:0５",
            "12:00:00",
            "::",
            "12:",
            ":30",
        ] {
            assert_eq!(
                time_hh_mm(s),
                Err("expected a time of day HH:mm between 00:00 and 23:59".to_string()),
                "{s}"
            );
        }
    }

    #[test]
    fn time_hh_mm_ss_accepts_and_rejects() {
        for s in ["00:00:00", "23:59:59", "12:34:56"] {
            assert_eq!(time_hh_mm_ss(s), Ok(()), "{s}");
        }
        for s in [
            "",
            "24:00:00",
            "23:60:00",
            "23:59:60",
            "23:59",
            "1:2:3",
            "12:34:5",
            "12:34:567",
            "12-34-56",
            "１2:34:56",
            "12:34:56Z",
        ] {
            assert!(time_hh_mm_ss(s).is_err(), "{s}");
        }
    }

    #[test]
    fn full_hour_requires_zero_minutes() {
        for s in ["00:00", "22:00", "23:00"] {
            assert_eq!(full_hour(s), Ok(()), "{s}");
        }
        for s in ["22:30", "23:59", "00:01"] {
            let err = full_hour(s).unwrap_err();
            assert!(err.contains("minutes are not 00"), "{s}: {err}");
        }
        for s in ["", "24:00", "22", "22:0", "２2:00"] {
            let err = full_hour(s).unwrap_err();
            assert!(err.starts_with("expected a full hour HH:00"), "{s}: {err}");
        }
    }

    #[test]
    fn parse_utc_offset_returns_signed_minutes() {
        assert_eq!(parse_utc_offset("UTC+00:00"), Ok(0));
        assert_eq!(parse_utc_offset("UTC-00:00"), Ok(0));
        assert_eq!(parse_utc_offset("UTC+08:00"), Ok(480));
        assert_eq!(parse_utc_offset("UTC+05:30"), Ok(330));
        assert_eq!(parse_utc_offset("UTC+05:45"), Ok(345));
        assert_eq!(parse_utc_offset("UTC-03:30"), Ok(-210));
        assert_eq!(parse_utc_offset("UTC+14:00"), Ok(840));
        assert_eq!(parse_utc_offset("UTC-12:00"), Ok(-720));
    }

    #[test]
    fn parse_utc_offset_rejects_out_of_range() {
        for s in [
            "UTC+14:01",
            "UTC+15:00",
            "UTC-12:30",
            "UTC-12:01",
            "UTC-13:00",
            "UTC+99:00",
        ] {
            assert_eq!(
                parse_utc_offset(s),
                Err("expected a utc offset between UTC-12:00 and UTC+14:00".to_string()),
                "{s}"
            );
        }
    }

    #[test]
    fn parse_utc_offset_rejects_malformed() {
        for s in [
            "",
            "UTC",
            "UTC+8",
            "UTC+8:00",
            "UTC+08",
            "UTC+0800",
            "utc+08:00",
            "Utc+08:00",
            "GMT+08:00",
            "UTC 08:00",
            "UTC08:00",
            "UTC*08:00",
            "UTC+08:60",
            "UTC+08:99",
            "UTC+08:00 ",
            " UTC+08:00",
            "UTC+０8:00",
            "UTC−08:00",
            "+08:00",
            "UTC+08:0a",
        ] {
            assert!(parse_utc_offset(s).is_err(), "{s}");
        }
        assert_eq!(
            parse_utc_offset("UTC+08:60"),
            Err("expected utc offset minutes between 00 and 59".to_string())
        );
    }

    #[test]
    fn utc_offset_matches_parse() {
        assert_eq!(utc_offset("UTC+08:00"), Ok(()));
        assert_eq!(utc_offset("UTC-12:00"), Ok(()));
        assert!(utc_offset("UTC+14:01").is_err());
        assert!(utc_offset("").is_err());
    }

    #[test]
    fn unix_seconds_range() {
        assert_eq!(unix_seconds(0), Ok(()));
        assert_eq!(unix_seconds(1_602_673_264), Ok(()));
        assert_eq!(unix_seconds(253_402_300_799), Ok(()));
        assert!(unix_seconds(253_402_300_800).is_err());
        assert!(unix_seconds(-1).is_err());
        assert!(unix_seconds(i64::MIN).is_err());
        assert!(unix_seconds(i64::MAX).is_err());
    }

    #[test]
    fn unix_seconds_str_accepts_digits_in_range() {
        for s in ["0", "00", "1602673264", "253402300799", "0253402300799"] {
            assert_eq!(unix_seconds_str(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn unix_seconds_str_rejects_bad_text_and_range() {
        let digits_msg = "expected unix seconds written as decimal digits only".to_string();
        for s in [
            "", "+1", "-1", " 1", "1 ", "1.0", "1e9", "0x10", "１", "12３", "1_000", "abc",
        ] {
            assert_eq!(unix_seconds_str(s), Err(digits_msg.clone()), "{s}");
        }
        let huge = "9".repeat(1000);
        for s in [
            "253402300800",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            huge.as_str(),
        ] {
            let err = unix_seconds_str(s).unwrap_err();
            assert!(
                err.starts_with("expected unix seconds between 0 and"),
                "{s}: {err}"
            );
        }
    }

    #[test]
    fn iso8601_duration_accepts_valid() {
        for s in [
            "P1D",
            "PT1H",
            "P1W",
            "P1Y2M3DT4H5M6S",
            "PT30M",
            "PT45S",
            "P1M",
            "P1Y",
            "P0DT1H",
            "P0Y0M0W1D",
            "P1Y1M1W1D",
            "PT0H0M1S",
            "P10D",
            "P007D",
            "P99999999999999999999999Y",
        ] {
            assert_eq!(iso8601_duration(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn iso8601_duration_rejects_invalid() {
        for s in [
            "",
            "P",
            "PT",
            "1D",
            "P1H",
            "P1S",
            "P1.5D",
            "P1,5D",
            "PT0.5H",
            "p1d",
            "P1d",
            "pT1H",
            "P1D1D",
            "P1M1M",
            "PT1H1H",
            "PT1H1D",
            "PT1W",
            "P1DT",
            "P0D",
            "PT0S",
            "P0Y0M0W0DT0H0M0S",
            "P-1D",
            "P+1D",
            "PD",
            "PTH",
            "P1",
            "PT1",
            "P1DT1HT1M",
            "P1D2",
            "P1M1Y",
            "P1D1W",
            "PT1S1M",
            "PT1M1H",
            "P1X",
            "P１D",
            "P1Ｄ",
            " P1D",
            "P1D ",
            "P1 D",
            "PP1D",
            "P1TD",
        ] {
            assert!(iso8601_duration(s).is_err(), "{s}");
        }
    }

    #[test]
    fn iso8601_duration_messages_explain_the_problem() {
        let err = |s: &str| iso8601_duration(s).unwrap_err();
        assert!(err("P1H").contains("after T"));
        assert!(err("PT1D").contains("before T"));
        assert!(err("P1.5D").contains("fractions"));
        assert!(err("P-1D").contains("without a sign"));
        assert!(err("PT").contains("after T"));
        assert!(err("P").contains("at least one component"));
        assert!(err("P0D").contains("longer than zero"));
        assert!(err("P1D1D").contains("order"));
        assert!(err("PD").contains("number before designator D"));
        assert!(err("P1").contains("designator after the last number"));
        assert!(err("p1d").contains("starting with P"));
        assert!(err("PT1HT1M").contains("at most one T"));
        assert!(err("P1X").contains("only digits and the designators"));
    }

    #[test]
    fn hbr_schedule_accepts_valid() {
        for s in [
            "I|1602673264|P1D",
            "I|1631685600|PT1H",
            "I|0|P1W",
            "I|253402300799|P1Y2M3DT4H5M6S",
        ] {
            assert_eq!(hbr_schedule(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn hbr_schedule_rejects_invalid() {
        for s in [
            "",
            "I",
            "I|",
            "I||",
            "I|1602673264",
            "I|1602673264|",
            "I||P1D",
            "I|1602673264|P1D|",
            "I|1602673264|P1D|x",
            "i|1602673264|P1D",
            "C|1602673264|P1D",
            " I|1602673264|P1D",
            "I|-1|P1D",
            "I|253402300800|P1D",
            "I|１602673264|P1D",
            "I|1602673264|P0D",
            "I|1602673264|1D",
            "I 1602673264 P1D",
        ] {
            assert!(hbr_schedule(s).is_err(), "{s}");
        }
        assert!(
            hbr_schedule("I|x|P1D")
                .unwrap_err()
                .starts_with("invalid schedule start time: ")
        );
        assert!(
            hbr_schedule("I|1602673264|P0D")
                .unwrap_err()
                .starts_with("invalid schedule interval: ")
        );
        assert!(
            hbr_schedule("I|1|P1D|P1D")
                .unwrap_err()
                .contains("extra fields")
        );
    }

    #[test]
    fn hbr_speed_limit_accepts_valid() {
        for s in [
            "0:24:5120",
            "0:24:1",
            "0:8:1024|8:18:512|18:24:2048",
            "18:24:2048|0:8:1024|8:18:512",
            "00:08:1|08:24:1",
            "23:24:18446744073709551615",
            "0:1:1|2:3:1",
            "5:6:007",
        ] {
            assert_eq!(hbr_speed_limit(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn hbr_speed_limit_rejects_malformed() {
        for s in [
            "",
            "|",
            "0:8:1||8:9:1",
            "0:8:1|",
            "|0:8:1",
            "0:8",
            "0:8:",
            ":8:1",
            "0::1",
            "0:8:1:2",
            "0:25:1",
            "0:100:1",
            "000:8:1",
            "-1:8:1",
            "+0:8:1",
            "0:4:-1",
            "0:4:+1",
            "0:4:1.5",
            "0:4:18446744073709551616",
            "0:4: 1",
            "０:4:1",
            "0:4:１",
            "0-4-1",
            "0:4:1,4:8:1",
        ] {
            assert!(hbr_speed_limit(s).is_err(), "{s}");
        }
        assert!(
            hbr_speed_limit("0:4:1.5")
                .unwrap_err()
                .contains("bandwidth")
        );
        assert!(
            hbr_speed_limit("0:8:1||8:9:1")
                .unwrap_err()
                .contains("rule 1 is empty")
        );
    }

    #[test]
    fn hbr_speed_limit_leaves_empty_windows_and_zero_bandwidth_to_the_reading() {
        // The page states the shape and that ranges do not overlap; it says nothing of
        // windows that end before they start or of a zero bandwidth.
        for s in [
            "24:24:1",
            "3:2:1",
            "5:5:1",
            "0:4:0",
            "0:4:00",
            "8:4:1|4:8:1",
            "22:6:1|0:24:1",
        ] {
            assert_eq!(hbr_speed_limit(s), Ok(()), "{s}");
        }
        for (s, why) in [
            ("3:2:1", "rule 0 (3:2) does not start before it ends"),
            ("0:8:1|5:5:1", "rule 1 (5:5) does not start before it ends"),
            ("0:4:0", "rule 0 limits the bandwidth to 0 KB/s"),
            ("0:4:1|4:8:00", "rule 1 limits the bandwidth to 0 KB/s"),
        ] {
            assert_eq!(hbr_speed_limit_windows(s), Err(why.to_owned()), "{s}");
        }
        // A malformed policy is its format's to report, even after a broken window.
        for s in [
            "0:24:5120",
            "0:8:1024|8:18:512",
            "",
            "0:x:1",
            "0:4",
            "3:2:1|0:x:1",
        ] {
            assert_eq!(hbr_speed_limit_windows(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn time_hh_mm_z_takes_the_utc_mark_or_not() {
        for s in ["14:22", "14:22Z", "00:00", "23:59Z"] {
            assert_eq!(time_hh_mm_z(s), Ok(()), "{s}");
        }
        for s in [
            "",
            "Z",
            "14:22ZZ",
            "14:22z",
            "24:00Z",
            "9:05Z",
            "14:22+08:00",
            "14:22:00Z",
        ] {
            assert!(time_hh_mm_z(s).is_err(), "{s}");
        }
    }

    #[test]
    fn hbr_speed_limit_detects_overlap_in_any_order() {
        assert_eq!(
            hbr_speed_limit("0:4:1|2:8:1"),
            Err("hours 2-8 overlap hours 0-4".to_string())
        );
        assert_eq!(
            hbr_speed_limit("2:8:1|0:4:1"),
            Err("hours 0-4 overlap hours 2-8".to_string())
        );
        assert_eq!(
            hbr_speed_limit("0:24:1|10:11:1"),
            Err("hours 10-11 overlap hours 0-24".to_string())
        );
        assert_eq!(
            hbr_speed_limit("10:11:1|0:24:1"),
            Err("hours 0-24 overlap hours 10-11".to_string())
        );
        assert_eq!(
            hbr_speed_limit("0:8:1|8:18:1|18:24:1|7:8:1"),
            Err("hours 7-8 overlap hours 0-8".to_string())
        );
        assert!(hbr_speed_limit("3:4:1|3:4:1").is_err());
        assert!(hbr_speed_limit("23:24:1|0:1:1|23:24:2").is_err());
    }

    #[test]
    fn absolute_path_accepts_valid() {
        for s in [
            "/",
            "/home/x",
            "/data/*.log",
            "/*",
            "/tmp/日本語",
            "C:\\",
            "C:\\Users\\x",
            "c:/data",
            "Z:\\*",
            "\\\\server\\share",
            "\\\\server\\share\\dir",
            "\\\\s",
            "\\\\10.0.0.1\\share",
        ] {
            assert_eq!(absolute_path(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn absolute_path_rejects_invalid() {
        for s in [
            "",
            "home/x",
            "./x",
            "../x",
            "~/x",
            "x",
            "*",
            "C:x",
            "C:",
            "C",
            "1:\\x",
            "Ä:\\x",
            "Ｃ:\\x",
            ":\\x",
            "\\x",
            "\\\\",
            "\\\\\\share",
            "\\\\/share",
            "/home/\0x",
            "\0",
            "\\\\server\\\0",
            "C:\\a\0",
        ] {
            assert!(absolute_path(s).is_err(), "{s:?}");
        }
        assert!(absolute_path("/a\0").unwrap_err().contains("NUL"));
        assert!(
            absolute_path("\\\\\\share")
                .unwrap_err()
                .contains("server name")
        );
    }

    #[test]
    fn is_unc_path_checks_two_backslashes() {
        assert!(is_unc_path("\\\\server\\share"));
        assert!(is_unc_path("\\\\"));
        assert!(!is_unc_path("\\server"));
        assert!(!is_unc_path("//server/share"));
        assert!(!is_unc_path("C:\\x"));
        assert!(!is_unc_path(""));
    }

    #[test]
    fn hbr_backup_paths_accepts_valid_lists() {
        assert_eq!(hbr_backup_paths(&[]), Ok(()));
        assert_eq!(hbr_backup_paths(&strings(&["/data"])), Ok(()));
        assert_eq!(hbr_backup_paths(&strings(&["/data/*.log"])), Ok(()));
        assert_eq!(
            hbr_backup_paths(&strings(&["/a", "C:\\b", "\\\\srv\\share"])),
            Ok(())
        );
        let twenty: Vec<String> = (0..20).map(|i| format!("/p{i}")).collect();
        assert_eq!(hbr_backup_paths(&twenty), Ok(()));
    }

    #[test]
    fn hbr_backup_paths_rejects_invalid_lists() {
        let err = hbr_backup_paths(&strings(&["/a", "/b", "relative"])).unwrap_err();
        assert!(err.starts_with("path 2 is not absolute: "), "{err}");
        let err = hbr_backup_paths(&strings(&["", "/b"])).unwrap_err();
        assert!(err.starts_with("path 0 is not absolute: "), "{err}");
        assert_eq!(
            hbr_backup_paths(&strings(&["/a/*", "/b", "/c"])),
            Err("a path with wildcards (*) must be the only path (got 3 paths)".to_string())
        );
        assert_eq!(
            hbr_backup_paths(&strings(&["/a", "/b/*"])),
            Err("a path with wildcards (*) must be the only path (got 2 paths)".to_string())
        );
        let twenty_one: Vec<String> = (0..21).map(|i| format!("/p{i}")).collect();
        assert_eq!(
            hbr_backup_paths(&twenty_one),
            Err("expected at most 20 paths (got 21 paths)".to_string())
        );
        assert_eq!(
            hbr_backup_paths(&strings(&["\\\\srv\\share\\*.doc"])),
            Err(
                "path 0 is a UNC path with wildcards (*), which UNC paths do not support"
                    .to_string()
            )
        );
        // A wildcard in a drive path, and a UNC path without one, are fine.
        assert_eq!(hbr_backup_paths(&strings(&["C:\\data\\*"])), Ok(()));
        assert_eq!(hbr_backup_paths(&strings(&["\\\\srv\\share"])), Ok(()));
    }

    #[test]
    fn ascending_local_times_accepts_ascending() {
        assert_eq!(ascending_local_times(&[], None), Ok(()));
        assert_eq!(ascending_local_times(&strings(&["02:00"]), None), Ok(()));
        assert_eq!(
            ascending_local_times(&strings(&["00:00", "02:00", "23:59"]), None),
            Ok(())
        );
        assert_eq!(
            ascending_local_times(&strings(&["22:00", "00:00", "02:00"]), Some("UTC+02:00")),
            Ok(())
        );
        assert_eq!(
            ascending_local_times(&strings(&["12:00", "20:00", "01:00"]), Some("UTC-03:00")),
            Ok(())
        );
        assert_eq!(
            ascending_local_times(&strings(&["10:00", "11:00"]), Some("UTC+14:00")),
            Ok(())
        );
    }

    #[test]
    fn ascending_local_times_rejects_unordered_and_duplicates() {
        assert_eq!(
            ascending_local_times(&strings(&["02:00", "00:00"]), None),
            Err(
                "expected execution times in ascending local time order, but time 1 (local 00:00) is not after time 0 (local 02:00)"
                    .to_string()
            )
        );
        assert!(ascending_local_times(&strings(&["02:00", "02:00"]), None).is_err());
        // Ascending in UTC, but wraps past local midnight.
        assert_eq!(
            ascending_local_times(&strings(&["20:00", "23:00"]), Some("UTC+02:00")),
            Err(
                "expected execution times in ascending local time order, but time 1 (local 01:00) is not after time 0 (local 22:00)"
                    .to_string()
            )
        );
        assert!(
            ascending_local_times(&strings(&["00:00", "01:00", "05:00"]), Some("UTC-02:00"))
                .is_err()
        );
        assert!(ascending_local_times(&strings(&["01:00", "03:00", "02:00"]), None).is_err());
    }

    #[test]
    fn ascending_local_times_ignores_malformed_input() {
        assert_eq!(
            ascending_local_times(&strings(&["02:00", "00:00"]), Some("UTC+15:00")),
            Ok(())
        );
        assert_eq!(
            ascending_local_times(&strings(&["02:00", "00:00"]), Some("bad")),
            Ok(())
        );
        assert_eq!(
            ascending_local_times(&strings(&["02:00", "00:00", "24:00"]), None),
            Ok(())
        );
        assert_eq!(ascending_local_times(&strings(&["", "x"]), None), Ok(()));
    }

    #[test]
    fn checkers_are_total_on_odd_input() {
        let huge = "9".repeat(100_000);
        let odd = [
            "",
            "\0",
            "é",
            "日本語",
            "２３:５９",
            "🦀🦀:🦀🦀",
            "||||",
            ":::",
            huge.as_str(),
        ];
        for s in odd {
            let _ = time_hh_mm(s);
            let _ = time_hh_mm_ss(s);
            let _ = full_hour(s);
            let _ = parse_utc_offset(s);
            let _ = unix_seconds_str(s);
            let _ = iso8601_duration(s);
            let _ = hbr_schedule(s);
            let _ = hbr_speed_limit(s);
            let _ = absolute_path(s);
            let _ = ascending_local_times(&strings(&[s, s]), Some(s));
            assert!(time_hh_mm(s).is_err(), "{s}");
            assert!(iso8601_duration(s).is_err(), "{s}");
            assert!(hbr_speed_limit(s).is_err(), "{s}");
        }
    }

    #[test]
    fn a_refusal_names_the_format_once() {
        let reason = Format::TimeHhMmSs.check_str("25:00:00").unwrap_err();
        assert_eq!(
            Format::TimeHhMmSs.message(&reason),
            "must be a time of day HH:mm:ss between 00:00:00 and 23:59:59"
        );
        // A reason that does not name the format follows its description.
        assert_eq!(
            Format::FullHour.message("the minutes are not 00"),
            format!(
                "must be {}: the minutes are not 00",
                Format::FullHour.describe()
            )
        );
    }

    #[test]
    fn messages_do_not_repeat_the_value() {
        let secret = "UTC+99:99";
        assert!(!parse_utc_offset(secret).unwrap_err().contains(secret));
        let path = "relative/secret-dir";
        assert!(!absolute_path(path).unwrap_err().contains("secret-dir"));
        let sched = "I|424242424242|P1D";
        assert!(!hbr_schedule(sched).unwrap_err().contains("424242424242"));
    }
}
