//! The shell's diff ([`frame_diff`], a crate of its own so that it is built
//! for speed), held to ratatui's `Buffer::diff` over frames drawn as the
//! screens draw theirs, and passing over the rows the screen claimed as
//! drawn the same ([`super::claims`]) without sending anything else.

pub use frame_diff::changes_except;

#[cfg(test)]
mod tests {
    use std::num::NonZeroU16;

    use proptest::prelude::*;
    use ratatui::buffer::{Buffer, Cell, CellDiffOption};
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier, Style};

    use crate::screens::widgets::fit_terminal_widths;
    use frame_diff::{changes, changes_except};

    /// Text a frame holds: ASCII, the digits' block, a bar's shades, wide
    /// Chinese, an emoji with its presentation selector, Khmer with a
    /// subscript consonant (which the width fit forces wider), Arabic,
    /// Tajik Cyrillic, a combining accent, the halfwidth sound mark.
    const WORDS: &[&str] = &[
        " ",
        "  ",
        "a",
        "Q7",
        ":",
        "█",
        "██",
        "░▓",
        "中文",
        "會議",
        "❤\u{fe0f}",
        "👍",
        "ស្រី",
        "ភ្នំពេញ",
        "مرحبا",
        "Ҷумҳурии",
        "é",
        "ｶﾞ",
        "…",
    ];

    fn style() -> impl Strategy<Value = Style> {
        let colour = prop_oneof![
            Just(Color::Reset),
            Just(Color::Red),
            Just(Color::Yellow),
            (0u8..4).prop_map(Color::Indexed),
            (0u8..2, 0u8..2, 0u8..2).prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
        ];
        let modifier = prop_oneof![
            Just(Modifier::empty()),
            Just(Modifier::BOLD),
            Just(Modifier::REVERSED),
            Just(Modifier::UNDERLINED | Modifier::DIM),
        ];
        (colour.clone(), colour, modifier)
            .prop_map(|(fg, bg, m)| Style::new().fg(fg).bg(bg).add_modifier(m))
    }

    /// A frame drawn as the screens draw theirs: strings set at places,
    /// then the width fit; some cells told to be skipped or always sent.
    fn frame() -> impl Strategy<Value = Buffer> {
        let put = (0u16..12, 0u16..4, proptest::sample::select(WORDS), style());
        let option = (0usize..48, 0u8..3);
        (
            proptest::collection::vec(put, 0..24),
            proptest::collection::vec(option, 0..3),
        )
            .prop_map(|(puts, options)| {
                let mut buf = Buffer::empty(Rect::new(0, 0, 12, 4));
                for (x, y, word, style) in puts {
                    buf.set_stringn(x, y, word.repeat(3), usize::from(12 - x), style);
                }
                fit_terminal_widths(&mut buf);
                for (at, option) in options {
                    let cell = &mut buf.content[at];
                    if cell.diff_option == CellDiffOption::None {
                        match option {
                            0 => cell.diff_option = CellDiffOption::Skip,
                            1 => cell.diff_option = CellDiffOption::AlwaysUpdate,
                            _ => {
                                #[allow(deprecated)]
                                let _ = cell.set_skip(true);
                            }
                        }
                    }
                }
                buf
            })
    }

    /// The changes as (column, row, cell).
    fn ours(shown: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
        let mut changed = Vec::new();
        changes(shown, next, &mut changed);
        sent(next, &changed)
    }

    /// [`ours`], passing over the rows `unchanged` lists.
    fn ours_except(shown: &Buffer, next: &Buffer, unchanged: &[bool]) -> Vec<(u16, u16, Cell)> {
        let mut changed = Vec::new();
        changes_except(shown, next, unchanged, &mut changed);
        sent(next, &changed)
    }

    /// The cells of `next` at `changed`, as (column, row, cell).
    fn sent(next: &Buffer, changed: &[usize]) -> Vec<(u16, u16, Cell)> {
        changed
            .iter()
            .map(|&i| {
                let (x, y) = next.pos_of(i);
                (x, y, next.content[i].clone())
            })
            .collect()
    }

    fn ratatuis(shown: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
        shown
            .diff(next)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.clone()))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Frame after frame, the cells sent are ratatui's.
        #[test]
        fn the_changes_are_ratatuis(shown in frame(), next in frame()) {
            prop_assert_eq!(ours(&shown, &next), ratatuis(&shown, &next));
            prop_assert_eq!(ours(&next, &next), ratatuis(&next, &next));
        }

        /// Rows that are the same in both frames, passed over: the cells
        /// sent are ratatui's but for those rows, where ratatui sends only
        /// cells told to be sent always (a row passed over is passed over
        /// whole; no screen tells a cell that).
        #[test]
        fn rows_passed_over_as_the_same_change_nothing_sent(
            shown in frame(),
            next in frame(),
            same in proptest::collection::vec(any::<bool>(), 4),
        ) {
            let mut next = next;
            let width = usize::from(next.area.width);
            for (row, _) in same.iter().enumerate().filter(|(_, s)| **s) {
                let cells = row * width..(row + 1) * width;
                next.content[cells.clone()].clone_from_slice(&shown.content[cells]);
            }
            let on_same_row = |(_, y, _): &&(u16, u16, Cell)| same[usize::from(*y)];
            let theirs = ratatuis(&shown, &next);
            let (passed, rest): (Vec<_>, Vec<_>) = theirs.iter().partition(on_same_row);
            let ours = ours_except(&shown, &next, &same);
            prop_assert_eq!(ours.iter().collect::<Vec<_>>(), rest);
            prop_assert!(passed.iter().all(|(_, _, c)| c.diff_option == CellDiffOption::AlwaysUpdate));
        }

        /// Cells set one by one, wide ones where their columns do not
        /// follow: whatever ratatui's diff gives for them, ours gives too.
        #[test]
        fn loose_cells_are_diffed_as_ratatui_does(
            cells in proptest::collection::vec(
                (0usize..36, proptest::sample::select(WORDS), style(), 0u8..5),
                0..30,
            ),
            base in frame(),
        ) {
            let mut next = base.clone();
            next.resize(Rect::new(0, 0, 12, 3));
            let mut shown = next.clone();
            for (n, (at, word, style, option)) in cells.into_iter().enumerate() {
                let buf = if n % 2 == 0 { &mut next } else { &mut shown };
                let cell = &mut buf.content[at];
                cell.set_symbol(word).set_style(style);
                if option == 0 {
                    cell.diff_option = CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap());
                }
            }
            let theirs = std::panic::catch_unwind(|| ratatuis(&shown, &next));
            if let Ok(theirs) = theirs {
                prop_assert_eq!(ours(&shown, &next), theirs);
            }
        }
    }

    #[test]
    fn a_wide_character_replaced_writes_the_columns_it_covered() {
        let area = Rect::new(0, 0, 4, 1);
        let mut shown = Buffer::empty(area);
        shown.set_string(0, 0, "中", Style::new().add_modifier(Modifier::REVERSED));
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "ab", Style::new());
        let sent: Vec<(u16, u16)> = ours(&shown, &next).iter().map(|c| (c.0, c.1)).collect();
        assert_eq!(sent, [(0, 0), (1, 0)]);
        assert_eq!(ours(&shown, &next), ratatuis(&shown, &next));
    }
}
