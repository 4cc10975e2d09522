//! Times as token claims need them: UTC formatting, "in 42s" / "3m ago", and parsing `--at`
//! (RFC 3339, unix seconds, or relative like `-5m`) and `--clock-skew` (`5s`, `500ms`).

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

/// `2026-11-22T10:00:00Z` for unix milliseconds (sub-second digits only when present).
pub fn format_time(ms: i64) -> String {
    match DateTime::<Utc>::from_timestamp_millis(ms) {
        Some(t) if ms % 1000 == 0 => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Millis, true),
        None => format!("{ms}ms since 1970 (out of range)"),
    }
}

/// `in 42s`, `3m 10s ago` or `now`: `at_ms` relative to `now_ms`.
pub fn relative(at_ms: i64, now_ms: i64) -> String {
    let delta = at_ms.saturating_sub(now_ms);
    let secs = (delta.unsigned_abs()) / 1000;
    if secs == 0 {
        return "now".to_string();
    }
    let span = span(secs);
    if delta > 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// `42s`, `3m 10s`, `2h 5m`, `3d 4h`.
pub fn span(secs: u64) -> String {
    let two = |big: u64, big_unit: &str, small: u64, small_unit: &str| {
        if small == 0 {
            format!("{big}{big_unit}")
        } else {
            format!("{big}{big_unit} {small}{small_unit}")
        }
    };
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => two(secs / 60, "m", secs % 60, "s"),
        3600..86400 => two(secs / 3600, "h", secs % 3600 / 60, "m"),
        _ => two(secs / 86400, "d", secs % 86400 / 3600, "h"),
    }
}

/// Parse `--at`: RFC 3339 (`2026-11-22T10:00:00Z`), unix seconds (`1795000000`), or an offset
/// from now (`-5m`, `+1h`, `30s`, `-2d`). Returns unix milliseconds.
pub fn parse_at(text: &str, now_ms: i64) -> Result<i64, String> {
    let ms = parse_at_unchecked(text, now_ms)?;
    // Outside years 0000–9999 nothing prints as RFC 3339 and no token lives; the usual cause is
    // a millisecond timestamp (`Date.now()`) taken for seconds.
    if !(MIN_AT_MS..=MAX_AT_MS).contains(&ms) {
        let text = text.trim();
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        return Err(if digits && text.len() >= 13 {
            format!(
                "`{text}` is past the year 9999 as unix seconds; it looks like milliseconds (drop the last three digits)"
            )
        } else {
            format!("`{text}` is outside the years 0000 to 9999")
        });
    }
    Ok(ms)
}

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in unix milliseconds.
const MIN_AT_MS: i64 = -62_167_219_200_000;
const MAX_AT_MS: i64 = 253_402_300_799_000;

fn parse_at_unchecked(text: &str, now_ms: i64) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty time".to_string());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp_millis());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = text
            .parse()
            .map_err(|_| format!("`{text}` is too large for unix seconds"))?;
        return Ok(secs.saturating_mul(1000));
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'-') => (-1, text.get(1..).unwrap_or_default()),
        Some(b'+') => (1, text.get(1..).unwrap_or_default()),
        _ => (1, text),
    };
    let offset = parse_duration(rest).map_err(|_| {
        format!("`{text}` is not a time: use RFC 3339 (`2026-11-22T10:00:00Z`), unix seconds, or an offset like `-5m`")
    })?;
    let offset_ms = i64::try_from(offset.as_millis()).unwrap_or(i64::MAX);
    Ok(now_ms.saturating_add(sign * offset_ms))
}

/// The one duration syntax of every flag and prompt: plain seconds (`90`), or a number with a
/// unit: `ms`, `s`, `m`, `h`, `d` (also spelled out: `sec`, `min`, `hours`, `days`…), as in `500ms`,
/// `90s`, `10m`, `1h`, `7d`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let split = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (digits, unit) = lower.split_at(split);
    let n: u64 = digits.parse().map_err(|_| {
        format!("`{text}` is not a duration (like `90s`, `10m`, `1h`, `7d` or plain seconds)")
    })?;
    let ms_per = match unit.trim() {
        "ms" => 1,
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1000,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}` (use ms, s, m, h or d)"
            ));
        }
    };
    Ok(Duration::from_millis(n.saturating_mul(ms_per)))
}

/// [`parse_duration`] in whole seconds, for flags that count seconds (`--max-lifetime 1h`).
pub fn parse_seconds(text: &str) -> Result<u64, String> {
    let d = parse_duration(text)?;
    if d.subsec_millis() != 0 {
        return Err(format!(
            "`{}` is not a whole number of seconds",
            text.trim()
        ));
    }
    Ok(d.as_secs())
}

/// [`parse_seconds`], with `off` (or `none`) for 0: a session limit that is switched off.
pub fn parse_seconds_or_off(text: &str) -> Result<u64, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "off" | "none" => Ok(0),
        _ => parse_seconds(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000_000;

    #[test]
    fn formats_times() {
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_time(1_500), "1970-01-01T00:00:01.500Z");
        assert!(format_time(i64::MAX).contains("out of range"));
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(NOW + 42_000, NOW), "in 42s");
        assert_eq!(relative(NOW - 180_000, NOW), "3m ago");
        assert_eq!(relative(NOW - 190_000, NOW), "3m 10s ago");
        assert_eq!(relative(NOW + 7_500_000, NOW), "in 2h 5m");
        assert_eq!(relative(NOW - 3 * 86_400_000, NOW), "3d ago");
        assert_eq!(relative(NOW + 400, NOW), "now");
        assert_eq!(relative(i64::MIN, i64::MAX), relative(i64::MIN, i64::MAX));
    }

    #[test]
    fn parses_at() {
        let cases: &[(&str, i64)] = &[
            ("2026-11-22T10:00:00Z", 1_795_341_600_000),
            ("2026-11-22T11:00:00+01:00", 1_795_341_600_000),
            ("1795341600", 1_795_341_600_000),
            ("-5m", NOW - 300_000),
            ("+1h", NOW + 3_600_000),
            ("30s", NOW + 30_000),
            ("-2d", NOW - 172_800_000),
        ];
        for (text, want) in cases {
            assert_eq!(parse_at(text, NOW), Ok(*want), "{text}");
        }
        for bad in [
            "",
            "yesterday",
            "-",
            "5x",
            "99999999999999999999999",
            "--5m",
            // Milliseconds taken for seconds, and offsets past the calendar.
            "1795341600000",
            "-99999999999d",
            "+9999999d",
        ] {
            assert!(parse_at(bad, NOW).is_err(), "{bad}");
        }
    }

    #[test]
    fn millisecond_timestamps_are_named_as_such() {
        let err = parse_at("1795341600000", NOW).expect_err("out of range");
        assert!(err.contains("looks like milliseconds"), "{err}");
        assert_eq!(
            parse_at("9999-12-31T23:59:59Z", NOW),
            Ok(MAX_AT_MS),
            "the last representable second is accepted"
        );
    }

    #[test]
    fn one_duration_syntax_for_every_flag() {
        for (text, secs) in [
            ("90", 90),
            ("90s", 90),
            ("10m", 600),
            ("1h", 3600),
            ("7d", 604_800),
            ("2 hours", 7200),
            ("30 MIN", 1800),
        ] {
            assert_eq!(parse_seconds(text), Ok(secs), "{text}");
        }
        assert_eq!(parse_seconds_or_off("off"), Ok(0));
        assert!(
            parse_seconds("1500ms")
                .unwrap_err()
                .contains("whole number of seconds")
        );
        assert!(parse_seconds("7w").unwrap_err().contains("unknown unit"));
        assert!(parse_seconds("h").is_err());
    }

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("5y").is_err());
    }
}
