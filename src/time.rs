//! Time in one place: the instant type, whole-second rounding (every figure
//! on screen and in a report counts whole seconds, so they flip together and
//! add up) and the ways a time or a duration is written.

use chrono::{DateTime, FixedOffset, SecondsFormat, Timelike as _};

/// A wall-clock instant with the UTC offset it was read in.
pub type Time = DateTime<FixedOffset>;

/// Whole seconds of an instant, rounded to the nearest second: how an
/// event's time counts.
pub fn second(t: Time) -> i64 {
    (t.timestamp_millis() + 500).div_euclid(1000)
}

/// Whole seconds of `now`, floored: the second the wall clock shows.
pub fn floor_second(t: Time) -> i64 {
    t.timestamp_millis().div_euclid(1000)
}

/// The instant at whole second `s`, in `offset`.
pub fn at_second(s: i64, offset: FixedOffset) -> Time {
    DateTime::from_timestamp(s, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// An instant rounded to the nearest second, as every figure counts it.
pub fn rounded(t: Time) -> Time {
    at_second(second(t), *t.offset())
}

/// A time as the journal and the reports write it: RFC 3339 with
/// milliseconds and the UTC offset.
pub fn rfc3339(t: Time) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// The UTC offset in force at an instant on this machine.
pub fn local_offset(at: DateTime<chrono::Utc>) -> FixedOffset {
    *at.with_timezone(&chrono::Local).offset()
}

/// A time of day as the wall clock shows it: `10:02:10`.
// By hand rather than with `format("%H:%M:%S")`, which parses its pattern
// on every call: these run for every row of every frame.
pub fn hms(t: Time) -> String {
    // The local time worked out once, not once a field.
    let t = t.time();
    let mut out = String::with_capacity(8);
    push_two(&mut out, t.hour().into());
    out.push(':');
    push_two(&mut out, t.minute().into());
    out.push(':');
    push_two(&mut out, t.second().into());
    out
}

/// A time of day to the minute: `10:02`.
pub fn hm(t: Time) -> String {
    let t = t.time();
    let mut out = String::with_capacity(5);
    push_two(&mut out, t.hour().into());
    out.push(':');
    push_two(&mut out, t.minute().into());
    out
}

/// A duration in whole seconds as `m:ss`, or `h:mm:ss` from an hour on:
/// `750` → `12:30`, `4500` → `1:15:00`. Negative values keep their sign.
pub fn clock(seconds: i64) -> String {
    let mut out = String::with_capacity(9);
    push_clock(&mut out, seconds);
    out
}

/// [`clock`] pushed onto `out`. The screens write dozens of these every
/// second, so the digits are pushed rather than formatted (13,000 fewer
/// instructions a frame with the others here, docs/measurements.md).
fn push_clock(out: &mut String, seconds: i64) {
    if seconds < 0 {
        out.push('-');
    }
    let s = seconds.unsigned_abs();
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        out.push_str(itoa::Buffer::new().format(h));
        out.push(':');
        push_two(out, m);
    } else {
        out.push_str(itoa::Buffer::new().format(m));
    }
    out.push(':');
    push_two(out, s);
}

/// `n` with two digits at least: `7` → `07`.
fn push_two(out: &mut String, n: u64) {
    if n < 10 {
        out.push('0');
    }
    out.push_str(itoa::Buffer::new().format(n));
}

/// Minutes and seconds without an hour field, `75:00` for a budget, so the
/// session total reads `32:10 / 75:00` as the contract shows it.
pub fn minutes(seconds: i64) -> String {
    let mut out = String::with_capacity(7);
    if seconds < 0 {
        out.push('-');
    }
    let s = seconds.unsigned_abs();
    out.push_str(itoa::Buffer::new().format(s / 60));
    out.push(':');
    push_two(&mut out, s % 60);
    out
}

/// A difference with its sign always shown: `+2:10`, `-0:45`, `±0:00`.
pub fn signed(seconds: i64) -> String {
    match seconds.cmp(&0) {
        std::cmp::Ordering::Greater => {
            let mut out = String::with_capacity(10);
            out.push('+');
            push_clock(&mut out, seconds);
            out
        }
        std::cmp::Ordering::Less => clock(seconds),
        std::cmp::Ordering::Equal => "±0:00".to_owned(),
    }
}

/// A duration as a plan would write it: `15m`, `1m 30s`, `1h 15m`.
pub fn human(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s}s"));
    }
    format!("{sign}{}", parts.join(" "))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The digits pushed read as `format!` writes them, for every
        /// duration and time of day.
        #[test]
        fn times_read_as_format_writes_them(
            seconds in prop_oneof![-400_000i64..400_000, any::<i64>()],
            at in 0i64..4_000_000_000,
        ) {
            let sign = if seconds < 0 { "-" } else { "" };
            let s = seconds.unsigned_abs();
            let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
            let expected = if h > 0 {
                format!("{sign}{h}:{m:02}:{sec:02}")
            } else {
                format!("{sign}{m}:{sec:02}")
            };
            prop_assert_eq!(clock(seconds), expected.clone());
            prop_assert_eq!(minutes(seconds), format!("{sign}{}:{:02}", s / 60, s % 60));
            let expected_signed = match seconds.cmp(&0) {
                std::cmp::Ordering::Greater => format!("+{expected}"),
                std::cmp::Ordering::Less => expected,
                std::cmp::Ordering::Equal => "±0:00".to_owned(),
            };
            prop_assert_eq!(signed(seconds), expected_signed);
            // Kathmandu's offset, of a quarter hour: the fields of local time.
            let t_at = at_second(at, FixedOffset::east_opt(5 * 3600 + 2700).unwrap());
            let t = t_at.time();
            prop_assert_eq!(
                hms(t_at),
                format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
            );
            prop_assert_eq!(hm(t_at), format!("{:02}:{:02}", t.hour(), t.minute()));
        }
    }

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(clock(750), "12:30");
        assert_eq!(clock(4500), "1:15:00");
        assert_eq!(clock(-45), "-0:45");
        assert_eq!(minutes(4500), "75:00");
        assert_eq!(signed(130), "+2:10");
        assert_eq!(signed(0), "±0:00");
        assert_eq!(human(90), "1m 30s");
        assert_eq!(human(4500), "1h 15m");
    }

    #[test]
    fn events_round_to_the_nearest_second_and_now_floors() {
        let t = DateTime::parse_from_rfc3339("2026-11-27T10:00:00.600+01:00").unwrap();
        assert_eq!(hms(rounded(t)), "10:00:01");
        assert_eq!(floor_second(t) + 1, second(t));
    }
}
