//! Drawing pieces shared by the console and the stage screens: the big
//! digits, the state badge, popups and the little layout helpers.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

// The cell-level drawing lives in a crate built for speed (crates/frame-draw).
use frame_draw::{all_one_cell, render_plain};
pub use frame_draw::{fit_terminal_widths, fit_terminal_widths_except, render_scaled};

use crate::run::{Countdown, Snapshot};
use crate::text::truncate;
use crate::time::clock;

/// Renders `line` as ratatui's `Line::render` does, cell for cell, but
/// for a left-aligned line of characters that each take one cell on their
/// own ([`frame_draw::one_cell`]: printable ASCII, and the dots, dashes, arrows and
/// blocks the screen draws between words) without cutting it into
/// graphemes and measuring each: one character is one cell. Anything else
/// is ratatui's own render. The frame is drawn whole every second; the
/// ASCII path took a third off it (174 to 117 µs at 120x40, `cargo bench
/// --bench render`).
pub fn render_line(line: &Line, area: Rect, buf: &mut Buffer) {
    let plain = matches!(line.alignment, None | Some(Alignment::Left))
        && line.spans.iter().all(|s| all_one_cell(&s.content));
    if !plain {
        line.render(area, buf);
        return;
    }
    render_plain(&line.spans, line.style, area, buf);
}

/// A left-aligned line of `spans` drawn as [`render_line`] draws it, from
/// spans borrowed where they lie (a row built in one string, cut in two
/// for its colours) rather than gathered into a [`Line`] of their own.
pub fn render_spans(spans: &[Span], area: Rect, buf: &mut Buffer) {
    if spans.iter().all(|s| all_one_cell(&s.content)) {
        render_plain(spans, Style::new(), area, buf);
    } else {
        Line::from(spans.to_vec()).render(area, buf);
    }
}

/// [`render_line`] as a method: `line.draw(area, buf)`.
pub trait DrawLine {
    fn draw(&self, area: Rect, buf: &mut Buffer);
}

impl DrawLine for Line<'_> {
    fn draw(&self, area: Rect, buf: &mut Buffer) {
        render_line(self, area, buf);
    }
}

/// Cuts `height` rows off the top of `area` (what is left when the rows
/// depend on what came before; else [`rows`]).
pub fn take_top(area: &mut Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    let top = Rect { height, ..*area };
    area.y += height;
    area.height -= height;
    top
}

/// Cuts `height` rows off the bottom of `area`.
pub fn take_bottom(area: &mut Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    area.height -= height;
    Rect {
        y: area.y + area.height,
        height,
        ..*area
    }
}

/// A row of [`rows`] that takes what the others leave.
pub const REST: u16 = u16::MAX;

/// Cuts `area` into named rows, top to bottom: each row as tall as it asks
/// while rows are left, the first ones first, then a [`REST`] row (at most
/// one) gets what is left. So a short terminal loses the rundown before
/// the countdown, as [`take_top`] would, and a layout reads as
/// `let [header, body, help] = rows(area, [2, REST, 1]);`.
pub fn rows<const N: usize>(area: Rect, wants: [u16; N]) -> [Rect; N] {
    let mut left = area.height;
    let heights = wants.map(|want| {
        if want == REST {
            return 0;
        }
        let height = want.min(left);
        left -= height;
        height
    });
    let mut y = area.y;
    std::array::from_fn(|i| {
        let height = if wants[i] == REST {
            std::mem::take(&mut left)
        } else {
            heights[i]
        };
        let row = Rect { y, height, ..area };
        y += height;
        row
    })
}

/// The countdown's digits: time left, or `+m:ss` once over.
pub fn countdown_text(snap: &Snapshot) -> String {
    match snap.countdown {
        Countdown::Over(over) => format!("+{}", clock(over)),
        Countdown::Finished => clock(snap.used),
        _ => clock(snap.left.max(0)),
    }
}

/// Draws the countdown as large as `area` allows: big 8x8 glyphs when they
/// fit, half-height ones next, plain bold text last.
///
/// Only the full and half blocks (`█ ▀ ▄ ▌ ▐`) are drawn, the glyphs that
/// Consolas, Cascadia Mono, Menlo and `DejaVu Sans Mono` all have: the
/// quadrant, sextant and octant blocks of smaller sizes are missing from
/// Consolas (Windows's console font) and most others, and a podium laptop
/// would show boxes where the time should be.
pub fn render_digits(digits: &str, area: Rect, buf: &mut Buffer, style: Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let glyphs = digits.chars().count() as u16;
    // (pixel size, columns per glyph, rows per glyph)
    let sizes = [
        (PixelSize::Full, 8, 8),
        (PixelSize::HalfHeight, 8, 4),
        (PixelSize::HalfWidth, 4, 8),
    ];
    for (size, w, h) in sizes {
        if glyphs * w <= area.width && h <= area.height {
            let width = glyphs * w;
            let target = Rect {
                x: area.x + (area.width - width) / 2,
                y: area.y + (area.height - h) / 2,
                width,
                height: h,
            };
            BigText::builder()
                .pixel_size(size)
                .style(style)
                .lines(vec![digits.to_owned().into()])
                .build()
                .render(target, buf);
            return;
        }
    }
    let row = Rect {
        y: area.y + area.height / 2,
        height: 1,
        ..area
    };
    Line::from(truncate(digits, area.width as usize))
        .style(style)
        .alignment(Alignment::Center)
        .render(row, buf);
}

/// The state in words, as an inverted badge centred in `area`.
pub fn render_badge(label: &str, area: Rect, buf: &mut Buffer, style: Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = truncate(&format!(" {label} "), area.width as usize);
    let row = Rect {
        y: area.y + area.height / 2,
        height: 1,
        ..area
    };
    Line::from(Span::styled(text, style))
        .alignment(Alignment::Center)
        .render(row, buf);
}

/// A centred box of at most `width` x `height`.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU16;

    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::{Cell, CellDiffOption, CellWidth as _};
    use ratatui::style::{Color, Modifier};

    fn style() -> impl Strategy<Value = Style> {
        let colour = prop::option::of(prop_oneof![
            Just(Color::Red),
            Just(Color::Reset),
            (0u8..=255).prop_map(Color::Indexed)
        ]);
        let modifier = (0u16..0x200).prop_map(Modifier::from_bits_truncate);
        (colour.clone(), colour, modifier.clone(), modifier).prop_map(|(fg, bg, add, sub)| {
            let mut style = Style::new();
            style.fg = fg;
            style.bg = bg;
            style.add_modifier = add;
            style.sub_modifier = sub;
            style
        })
    }

    /// What tui-big-text draws for `digits`, each pixel scaled up: the
    /// reference `render_scaled` draws the same as, without its buffer.
    fn scaled_by_big_text(digits: &str, area: Rect, sx: u16, sy: u16) -> Buffer {
        let glyphs = digits.chars().count() as u16;
        let small = Rect::new(0, 0, glyphs * 8, 8);
        let mut pixels = Buffer::empty(small);
        BigText::builder()
            .pixel_size(PixelSize::Full)
            .lines(vec![digits.to_owned().into()])
            .build()
            .render(small, &mut pixels);
        let mut buf = Buffer::empty(area);
        let (x0, y0) = (
            area.x + (area.width - small.width * sx) / 2,
            area.y + (area.height - small.height * sy) / 2,
        );
        for (px, py) in (0..small.height).flat_map(|y| (0..small.width).map(move |x| (x, y))) {
            if pixels[(px, py)].symbol() == " " {
                continue;
            }
            for (dx, dy) in (0..sy).flat_map(|y| (0..sx).map(move |x| (x, y))) {
                buf[(x0 + px * sx + dx, y0 + py * sy + dy)]
                    .set_symbol("█")
                    .set_style(Style::new().fg(Color::Red));
            }
        }
        buf
    }

    #[test]
    fn scaled_digits_are_tui_big_texts_glyphs_scaled() {
        for (digits, area, sx, sy) in [
            ("12:34", Rect::new(0, 0, 100, 20), 2, 2),
            ("+1:05:59", Rect::new(3, 2, 140, 30), 2, 2),
            ("0:30", Rect::new(0, 0, 120, 12), 2, 1),
            ("-0:07", Rect::new(0, 0, 170, 40), 4, 4),
            ("9…é", Rect::new(1, 1, 100, 40), 4, 4),
        ] {
            let mut ours = Buffer::empty(area);
            assert!(render_scaled(
                digits,
                area,
                &mut ours,
                Style::new().fg(Color::Red)
            ));
            assert_eq!(ours, scaled_by_big_text(digits, area, sx, sy), "{digits}");
        }
    }

    #[test]
    fn every_one_cell_character_is_one_cell_wide_and_a_grapheme_of_its_own() {
        use frame_draw::one_cell;
        use unicode_segmentation::UnicodeSegmentation as _;
        use unicode_width::UnicodeWidthStr as _;
        let all: Vec<char> = (0..=0x10_ffff)
            .filter_map(char::from_u32)
            .filter(|c| one_cell(*c))
            .collect();
        assert!(all.contains(&'▶') && all.contains(&'█') && !all.contains(&'◽'));
        for c in all {
            let alone = c.to_string();
            assert_eq!(alone.width(), 1, "{c:?} U+{:04X}", u32::from(c));
            for beside in [
                "a", "\u{301}", "\u{200d}", "\u{fe0f}", "ក", "中", "\u{17d2}",
            ] {
                for text in [format!("{beside}{c}"), format!("{c}{beside}")] {
                    let graphemes: Vec<&str> = text.graphemes(true).collect();
                    // A combining mark or joiner after `c` joins it, as it
                    // would any character: what is tested is that `c` never
                    // joins what comes before or after it of its own accord.
                    if text.starts_with(c) && graphemes.len() == 1 {
                        assert!(
                            matches!(beside, "\u{301}" | "\u{200d}" | "\u{fe0f}" | "\u{17d2}"),
                            "{c:?} joins {beside:?}"
                        );
                        continue;
                    }
                    assert_eq!(graphemes.len(), 2, "{c:?} joins {beside:?} in {text:?}");
                }
            }
        }
    }

    proptest! {
        /// The fast path draws what ratatui draws, over a row already
        /// drawn on: plain ASCII, names in other scripts, control
        /// characters, any alignment, lines wider than their room.
        #[test]
        fn render_line_draws_what_ratatui_draws(
            spans in prop::collection::vec(
                ("[ -~]{0,12}|[ -~·–—…»→█▶\u{a0}-\u{ff}\u{2010}-\u{205e}\u{2190}-\u{21ff}\u{2500}-\u{25ff}]{0,12}|[ -~ក្ម្ខ中文é\u{301}\u{200d}\t]{0,6}", style()), 0..5),
            line_style in style(),
            alignment in prop::option::of(prop_oneof![
                Just(Alignment::Left), Just(Alignment::Center), Just(Alignment::Right)
            ]),
            x in 0u16..6,
            width in 0u16..40,
            under in "[a-z 中]{0,30}",
        ) {
            let mut line = Line::from(
                spans.into_iter().map(|(t, s)| Span::styled(t, s)).collect::<Vec<_>>(),
            )
            .style(line_style);
            line.alignment = alignment;
            let area = Rect::new(x, 1, width, 1);
            let mut ours = Buffer::empty(Rect::new(0, 0, 30, 3));
            ours.set_string(0, 1, &under, Style::new().fg(Color::Blue));
            let mut theirs = ours.clone();
            render_line(&line, area, &mut ours);
            line.clone().render(area, &mut theirs);
            prop_assert_eq!(&ours, &theirs);
            // The same spans, borrowed: what ratatui draws of a plain line.
            let mut spans_ours = Buffer::empty(Rect::new(0, 0, 30, 3));
            spans_ours.set_string(0, 1, &under, Style::new().fg(Color::Blue));
            let mut spans_theirs = spans_ours.clone();
            render_spans(&line.spans, area, &mut spans_ours);
            Line::from(line.spans.clone()).render(area, &mut spans_theirs);
            prop_assert_eq!(spans_ours, spans_theirs);
        }
    }

    /// What every common monospace font draws: the full and half blocks,
    /// and the plain text of the smallest sizes.
    fn every_font_has(symbol: &str) -> bool {
        matches!(symbol, " " | "█" | "▀" | "▄" | "▌" | "▐")
            || symbol
                .chars()
                .all(|c| c.is_ascii_digit() || ":+…".contains(c))
    }

    #[test]
    fn a_fitted_last_row_never_leaves_ratatuis_diff_a_cell_running_past_the_buffer() {
        // Khmer with a subscript pushes a halfwidth sound mark (one column
        // to a terminal, two to ratatui's diff) into the last column; on a
        // colour, the next frame's diff looked past the buffer's end.
        let area = Rect::new(0, 0, 5, 1);
        let mut shown = Buffer::empty(area);
        shown.set_string(2, 0, "ក្ខ", Style::new());
        shown.set_string(3, 0, "\u{ff9e}", Style::new().bg(Color::Red));
        fit_terminal_widths(&mut shown);
        let last = shown.content.last().unwrap();
        assert!(usize::from(last.cell_width()) <= 1, "{last:?}");
        assert_eq!(shown.content[2].symbol(), "ក្ខ", "the Khmer stays");
        let next = Buffer::empty(area);
        let sent = std::panic::catch_unwind(|| shown.diff(&next).len());
        assert!(sent.is_ok(), "ratatui's diff ran past the buffer");
    }

    #[test]
    fn a_khmer_subscript_takes_the_column_a_terminal_gives_it() {
        // "កម្ពុជា": tmux draws it in 5 columns, unicode-width says 4.
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        buf.set_string(0, 0, "កម្ពុជា|ok", Style::new());
        fit_terminal_widths(&mut buf);
        let fitted = buf.clone();
        fit_terminal_widths(&mut buf);
        assert_eq!(buf, fitted, "fitting twice changes nothing");
        let symbols: Vec<&str> = buf.content().iter().map(Cell::symbol).collect();
        // The bar stands where the terminal will have its cursor.
        assert_eq!(symbols[5], "|", "{symbols:?}");
        assert_eq!(symbols[6..8], ["o", "k"]);
        let cluster = buf
            .content()
            .iter()
            .position(|c| c.symbol().contains('\u{17d2}'));
        assert_eq!(
            buf.content()[cluster.unwrap()].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap())
        );
        // A row without one is left alone.
        let mut plain = Buffer::empty(area);
        plain.set_string(0, 0, "王毅 Иван", Style::new());
        let before = plain.clone();
        fit_terminal_widths(&mut plain);
        assert_eq!(plain, before);
        // A header's clock at the end of the row stays whole: the blanks
        // before it give up the column.
        let mut header = Buffer::empty(Rect::new(0, 0, 13, 1));
        header.set_string(0, 0, "កម្ពុជា     9:31", Style::new());
        fit_terminal_widths(&mut header);
        let symbols: Vec<&str> = header.content().iter().map(Cell::symbol).collect();
        assert_eq!(symbols[9..], ["9", ":", "3", "1"], "{symbols:?}");
        assert_eq!(symbols[5..9], [" "; 4], "{symbols:?}");
        // At the edge: what would spill is not drawn.
        let mut edge = Buffer::empty(Rect::new(0, 0, 4, 1));
        edge.set_string(0, 0, "កម្ពុជា", Style::new());
        fit_terminal_widths(&mut edge);
        let symbols: Vec<&str> = edge.content().iter().map(Cell::symbol).collect();
        assert_eq!(symbols, ["ក", "ម\u{17d2}ព\u{17bb}", "", " "]);
    }

    #[test]
    fn rows_give_the_first_rows_their_height_and_the_rest_what_is_left() {
        let area = Rect::new(3, 5, 80, 10);
        let [header, body, form, help] = rows(area, [2, REST, 4, 1]);
        assert_eq!((header.y, header.height), (5, 2));
        assert_eq!((body.y, body.height), (7, 3));
        assert_eq!((form.y, form.height), (10, 4));
        assert_eq!((help.y, help.height), (14, 1));
        assert!(
            [header, body, form, help]
                .iter()
                .all(|r| r.x == 3 && r.width == 80)
        );
        // Too short: the rows asked first keep theirs; the rest gets none.
        let [header, body, form, help] = rows(Rect::new(0, 0, 80, 5), [2, REST, 4, 1]);
        assert_eq!(
            [header.height, body.height, form.height, help.height],
            [2, 0, 3, 0]
        );
        assert_eq!(form.y, 2);
    }

    #[test]
    fn the_countdown_uses_only_glyphs_that_consolas_and_menlo_draw_at_every_size() {
        for width in 1..=100 {
            for height in 1..=12 {
                let area = Rect::new(0, 0, width, height);
                for digits in ["14:59", "+1:05", "1:02:03"] {
                    let mut buf = Buffer::empty(area);
                    render_digits(digits, area, &mut buf, Style::new());
                    render_scaled(digits, area, &mut buf, Style::new());
                    for cell in buf.content() {
                        assert!(
                            every_font_has(cell.symbol()),
                            "{digits} at {width}x{height}: {:?}",
                            cell.symbol()
                        );
                    }
                }
            }
        }
    }
}
