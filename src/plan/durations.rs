//! Durations as a plan writes them (`10m`, `90s`, `1m30s`, `1h 15m`,
//! `mm:ss`) and the longest anything in a plan may last.

use crate::text;

/// Longest duration anything in a plan may have; more is a typo.
pub const ABSURD_SECONDS: i64 = 24 * 3600;

/// Whether a duration could be meant: more than nothing, at most a day.
pub fn sane(seconds: i64) -> bool {
    (1..=ABSURD_SECONDS).contains(&seconds)
}

/// Parses a duration as a plan writes it: humantime's forms (`10m`, `90s`,
/// `1m30s`, `1h 15m`) or a clock form (`mm:ss`, `h:mm:ss`).
pub fn parse_duration(written: &str) -> Result<i64, String> {
    let s = written.trim();
    if s.is_empty() {
        return Err("is empty".to_owned());
    }
    // The text goes into messages: show its escapes, never send them.
    let shown = text::sanitize(s);
    if s.starts_with('-') {
        return Err(format!("\"{shown}\" is negative"));
    }
    let seconds = if s.contains(':') {
        parse_clock(s).ok_or_else(|| {
            format!("\"{shown}\" is not a duration: write mm:ss (like 12:30) or 12m30s")
        })?
    } else {
        let d = humantime::parse_duration(s).map_err(|_| {
            format!("\"{shown}\" is not a duration: write it like 10m, 90s, 1m30s or 1h 15m")
        })?;
        i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
            + i64::from(d.subsec_millis() >= 500 && d.as_secs() < u64::MAX)
    };
    if seconds <= 0 {
        return Err(format!("\"{shown}\" is zero"));
    }
    if !sane(seconds) {
        return Err(format!("\"{shown}\" is longer than 24 hours"));
    }
    Ok(seconds)
}

fn parse_clock(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split(':').collect();
    let nums: Option<Vec<i64>> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.len() > 4 {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect();
    match nums?.as_slice() {
        [m, s] if *s < 60 => Some(m * 60 + s),
        [h, m, s] if *m < 60 && *s < 60 => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}
