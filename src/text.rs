//! Text that reaches a terminal or a report: making plan text safe to show,
//! measuring it by display width (Khmer, CJK and emoji are not one column per
//! `char`), and writing durations the way a timekeeper reads them (`12:50`).

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Makes text from a plan safe to print: whitespace controls become a space,
/// other C0 controls (ESC among them) become their visible Control Pictures
/// (`␛`), DEL becomes `␡` and C1 controls become `�`, so an escape sequence in
/// a speaker's name is shown as text and never interpreted by the terminal.
pub fn sanitize(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            // C1 controls, and bidirectional overrides that could reorder the
            // rest of a terminal line.
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Columns the text takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` columns, ending with `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // Per-char widths undercount some sequences (an emoji with its
    // variation selector is two columns, not one): measure the whole.
    while width(&out) > max - 1 {
        out.pop();
    }
    out.push('…');
    out
}

/// Pads (or cuts) `text` on the right to exactly `cols` columns.
pub fn pad_right(text: &str, cols: usize) -> String {
    let mut out = truncate(text, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Pads `text` on the left to `cols` columns (numbers in tables).
pub fn pad_left(text: &str, cols: usize) -> String {
    let out = truncate(text, cols);
    let w = width(&out);
    let mut padded = " ".repeat(cols.saturating_sub(w));
    padded.push_str(&out);
    padded
}

/// A duration in whole seconds as `m:ss`, or `h:mm:ss` from an hour on:
/// `750` → `12:30`, `4500` → `1:15:00`. Negative values keep their sign.
pub fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    let mut out = String::from(sign);
    if h > 0 {
        let _ = write!(out, "{h}:{m:02}:{s:02}");
    } else {
        let _ = write!(out, "{m}:{s:02}");
    }
    out
}

/// Minutes and seconds without an hour field, `75:00` for a budget, so the
/// session total reads `32:10 / 75:00` as the contract shows it.
pub fn minutes(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

/// A difference with its sign always shown: `+2:10`, `-0:45`, `±0:00`.
pub fn signed(seconds: i64) -> String {
    match seconds.cmp(&0) {
        std::cmp::Ordering::Greater => format!("+{}", clock(seconds)),
        std::cmp::Ordering::Less => clock(seconds),
        std::cmp::Ordering::Equal => "±0:00".to_owned(),
    }
}

/// A duration as a plan would write it: `15m`, `1m30s`, `1h 15m`.
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
    use super::*;

    #[test]
    fn escape_sequences_in_names_are_shown_not_obeyed() {
        let shown = sanitize("Dr. \u{1b}[31mRed\u{7}\nNext");
        assert_eq!(shown, "Dr. ␛[31mRed␇ Next");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn wide_scripts_are_measured_in_columns() {
        assert_eq!(width("王毅"), 4);
        assert_eq!(width("Иброхимзода"), 11);
        assert_eq!(pad_right("王毅", 6), "王毅  ");
        assert_eq!(truncate("王毅王毅", 5), "王毅…");
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
}
