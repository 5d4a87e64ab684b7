//! Text that reaches a terminal or a report: making plan text safe to show,
//! measuring it by display width (Khmer, CJK and emoji are not one column per
//! `char`), and writing durations the way a timekeeper reads them (`12:50`).

use unicode_width::UnicodeWidthChar;

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

pub use frame_draw::{grapheme_width, width};

/// The first of `phrasings` (in order of preference, the fullest first)
/// that fits in `cols` columns: how every line of the console words itself
/// for its width. Preference, not length: a later phrasing may be the
/// longer one, and is still taken only when those before it do not fit.
pub fn first_fitting<I>(phrasings: I, cols: usize) -> Option<String>
where
    I: IntoIterator<Item = String>,
{
    phrasings.into_iter().find(|p| width(p) <= cols)
}

/// Cuts `text` to at most `max` columns, ending with `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let mut out = String::new();
    push_truncated(&mut out, text, max);
    out
}

/// [`truncate`] onto the end of `out` (a frame's row is built in one
/// string, not one per piece).
pub fn push_truncated(out: &mut String, text: &str, max: usize) {
    if width(text) <= max {
        out.push_str(text);
        return;
    }
    if max == 0 {
        return;
    }
    let start = out.len();
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
    while width(&out[start..]) > max - 1 {
        out.pop();
    }
    out.push('…');
}

/// Pads (or cuts) `text` on the right to exactly `cols` columns.
pub fn pad_right(text: &str, cols: usize) -> String {
    let mut out = String::new();
    push_padded_right(&mut out, text, cols);
    out
}

/// [`pad_right`] onto the end of `out`.
pub fn push_padded_right(out: &mut String, text: &str, cols: usize) {
    let start = out.len();
    push_truncated(out, text, cols);
    let w = width(&out[start..]);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
}

/// Pads `text` on the left to `cols` columns (numbers in tables).
pub fn pad_left(text: &str, cols: usize) -> String {
    let mut out = String::new();
    push_padded_left(&mut out, text, cols);
    out
}

/// [`pad_left`] onto the end of `out`.
pub fn push_padded_left(out: &mut String, text: &str, cols: usize) {
    const BLANKS: &str = "                                ";
    let start = out.len();
    push_truncated(out, text, cols);
    let w = width(&out[start..]);
    // The blanks go before what was just written.
    let pad = cols.saturating_sub(w);
    match BLANKS.get(..pad) {
        Some(blanks) => out.insert_str(start, blanks),
        None => out.insert_str(start, &" ".repeat(pad)),
    }
}

/// How far a time is from the one it was due: "2:10 late", "1:05 early",
/// "on time".
pub fn lateness(seconds: i64) -> String {
    ahead_or_behind(seconds, "late", "early", "on time")
}

fn ahead_or_behind(seconds: i64, after: &str, before: &str, level: &str) -> String {
    match seconds.cmp(&0) {
        std::cmp::Ordering::Greater => format!("{} {after}", crate::time::clock(seconds)),
        std::cmp::Ordering::Less => format!("{} {before}", crate::time::clock(-seconds)),
        std::cmp::Ordering::Equal => level.to_owned(),
    }
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
    fn khmer_and_arabic_are_measured_as_terminals_draw_them() {
        // tmux puts the cursor at 17 after the Cambodian kingdom's name,
        // and at 8 after "Emirates" in Arabic (lam-alef as two letters).
        assert_eq!(width("ព្រះរាជាណាចក្រកម្ពុជា"), 17);
        assert_eq!(width("الإمارات"), 8);
        assert_eq!(width("Тоҷикистон"), 10);
        assert_eq!(pad_right("កម្ពុជា", 6), "កម្ពុជា ");
        assert_eq!(width(&truncate("ព្រះរាជាណាចក្រកម្ពុជា", 10)), 10);
    }

    #[test]
    fn a_row_is_built_in_one_string_as_its_pieces_would_be_apart() {
        let mut row = String::from("▶");
        push_padded_left(&mut row, "12", 4);
        row.push(' ');
        push_padded_right(&mut row, "王毅王毅", 5);
        row.push(' ');
        push_padded_left(&mut row, &"9".repeat(40), 35);
        let apart = format!(
            "▶{} {} {}",
            pad_left("12", 4),
            pad_right("王毅王毅", 5),
            pad_left(&"9".repeat(40), 35)
        );
        assert_eq!(row, apart);
        assert_eq!(row, format!("▶  12 王毅… {}…", "9".repeat(34)));
    }

    #[test]
    fn lateness_is_worded_with_its_direction() {
        assert_eq!(lateness(130), "2:10 late");
        assert_eq!(lateness(-65), "1:05 early");
        assert_eq!(lateness(0), "on time");
    }
}
