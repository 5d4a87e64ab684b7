//! The cell-level drawing of timekeeper's frame, built for speed.
//!
//! The console draws its frame whole every second. Most of a frame's
//! instructions are spent a cell at a time: a plain line written a
//! character a cell, the text measured, the rows fitted to a terminal's
//! widths, the digits scaled up. timekeeper itself is built for size (the
//! dist profile, `opt-level = "z"`), and there these loops cost a third
//! more; this crate is built at `opt-level = 3`, as ratatui's buffer and
//! the frame's diff (`frame-diff`) are (docs/measurements.md). Its tests
//! are timekeeper's (`src/screens/widgets.rs`, `src/text.rs`), where
//! frames are drawn.

// The link-time pass runs at the binary's `opt-level = "z"` and leaves
// small helpers as calls: the one asked of every character is marked to be
// inlined, as frame-diff's are.
#![allow(clippy::inline_always)]

use std::num::NonZeroU16;

use font8x8::UnicodeFonts;
use ratatui_core::buffer::{Buffer, Cell, CellDiffOption, CellWidth as _};
use ratatui_core::layout::Rect;
use ratatui_core::style::Style;
use ratatui_core::text::Span;
use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the text takes on a terminal: each grapheme as it is drawn in a
/// cell of its own (so an Arabic lam-alef is the two letters terminals
/// draw, not the one ligature of unicode-width's rule).
pub fn width(text: &str) -> usize {
    // Measured for every phrasing of every frame: the common cases first.
    if text.is_ascii() {
        return text.len();
    }
    let measured_apart = |c: char| c == '\u{17d2}' || ('\u{0600}'..='\u{06ff}').contains(&c);
    if !text.chars().any(measured_apart) {
        return UnicodeWidthStr::width(text);
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// Columns one grapheme takes on a terminal. A Khmer cluster with a
/// subscript consonant (after the coeng sign, U+17D2: "ម្ពុ" in
/// "កម្ពុជា") takes a column for each spacing letter on the terminals
/// that matter here (tmux, glibc's wcwidth, the Linux console, Windows
/// Terminal's default), where unicode-width gives the subscript none: a
/// screen drawn with the smaller figure leaves stray vowel signs behind.
pub fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.contains('\u{17d2}') {
        grapheme.chars().map(|c| c.width().unwrap_or(0)).sum()
    } else {
        UnicodeWidthStr::width(grapheme)
    }
}

/// The fast path: one character, one cell.
pub fn render_plain(spans: &[Span], line_style: Style, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() || spans.iter().all(|s| s.content.is_empty()) {
        return;
    }
    // A style that sets nothing changes no cell, and most lines have none
    // of their own (their spans have).
    if line_style != Style::default() {
        buf.set_style(Rect { height: 1, ..area }, line_style);
    }
    let start = buf.index_of(area.x, area.y);
    let mut row = buf.content[start..start + usize::from(area.width)].iter_mut();
    for span in spans {
        let style = Style::default().patch(span.style);
        // A style that sets nothing changes no cell, and a space written
        // on a blank cell leaves it as it was: the padding that fills most
        // rows costs a comparison, not a write.
        let styled = style != Style::default();
        for c in span.content.chars() {
            let Some(cell) = row.next() else {
                return;
            };
            if c != ' ' || cell.symbol() != " " {
                cell.set_char(c);
            }
            if styled {
                cell.set_style(style);
            }
        }
    }
}

/// Whether every character of `s` is [`one_cell`], printable ASCII (what
/// nearly every line is) looked at byte by byte first.
pub fn all_one_cell(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b)) || s.chars().all(one_cell)
}

/// Whether `c` is a grapheme of its own one cell wide wherever it stands:
/// printable ASCII, Latin-1's letters and signs, general punctuation
/// (dashes, quotes, bullets, the ellipsis), arrows, box drawing, blocks and
/// the geometric shapes but the two drawn as emoji (◽◾). None of these
/// joins the characters beside it into one grapheme or is drawn wider than
/// a cell (the tests hold each to ratatui's width and segmentation, and the
/// fast path to ratatui's own render).
#[inline(always)]
pub fn one_cell(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2500}'..='\u{25fc}'
        | '\u{25ff}')
}

/// Lays each row of `buf` out as a terminal will draw it. A grapheme that
/// takes more columns on a terminal ([`grapheme_width`]: a
/// Khmer subscript consonant) than ratatui gave it pushes the rest of its
/// row right, into the blanks at the row's end, else into its widest run
/// of blanks after it (so the clock at the end of a header stays whole),
/// else off the edge; and it is
/// marked with its real width, so that ratatui's diff moves the cursor past
/// it instead of writing the next cell where the terminal has already
/// drawn. Rows without such a grapheme are left as they are; fitting twice
/// changes nothing.
pub fn fit_terminal_widths(buf: &mut Buffer) {
    fit_terminal_widths_except(buf, &[]);
}

/// [`fit_terminal_widths`], leaving the rows marked in `fitted` (top
/// first) as they are: rows fitted already.
pub fn fit_terminal_widths_except(buf: &mut Buffer, fitted: &[bool]) {
    /// The Khmer sign coeng, which joins a subscript consonant on, in UTF-8.
    const COENG: &[u8] = "\u{17d2}".as_bytes();
    let area = buf.area;
    let width = usize::from(area.width);
    if width == 0 {
        return;
    }
    // Drawn every frame: one pass over the cells finds the rows holding a
    // coeng sign (in a symbol of more than one byte), and only those are
    // looked at again.
    let rows: Vec<u16> = buf
        .content
        .chunks(width)
        .zip(area.top()..area.bottom())
        .zip(fitted.iter().chain(std::iter::repeat(&false)))
        .filter(|&(_, done)| !done)
        .map(|(row, _)| row)
        .filter(|(row, _)| {
            row.iter().any(|c| {
                let symbol = c.symbol().as_bytes();
                // Byte by byte: most cells are ASCII, and the others (the
                // digits' blocks, the bars) a single character of 3 bytes.
                symbol.len() >= COENG.len() && symbol.windows(COENG.len()).any(|w| w == COENG)
            })
        })
        .map(|(_, y)| y)
        .collect();
    for y in rows {
        let row: Vec<Cell> = (area.left()..area.right())
            .map(|x| buf[(x, y)].clone())
            .collect();
        if !row.iter().any(|c| drawn_width(c) > given_width(c)) {
            continue;
        }
        let mut out: Vec<Cell> = Vec::with_capacity(row.len() + 4);
        let mut first_widened = None;
        let mut i = 0;
        while i < row.len() {
            let cell = &row[i];
            let (given, drawn) = (given_width(cell), drawn_width(cell));
            let mut head = cell.clone();
            if drawn > given
                && let Some(w) = u16::try_from(drawn).ok().and_then(NonZeroU16::new)
            {
                head.set_diff_option(CellDiffOption::ForcedWidth(w));
                first_widened.get_or_insert(out.len());
            }
            out.push(head);
            // Covered by it. Empty, not a space: a terminal keeps a piece
            // of the cluster in these columns, so when the next frame puts
            // anything else here, even a space, it differs and is written.
            for _ in 1..drawn {
                let mut covered = Cell::EMPTY;
                covered.set_symbol("").set_style(cell.style());
                out.push(covered);
            }
            i += given;
        }
        // The row's own trailing blanks first (they were padding), then
        // the widest run of blanks after the first widened grapheme.
        while out.len() > row.len()
            && out
                .last()
                .is_some_and(|c| c.symbol() == " " && c.diff_option == CellDiffOption::None)
        {
            out.pop();
        }
        let from = first_widened.unwrap_or(0);
        while out.len() > row.len() {
            let Some(at) = widest_blank_run_end(&out[from..]) else {
                break;
            };
            out.remove(from + at);
        }
        out.truncate(row.len());
        // A grapheme whose columns no longer all fit is not drawn: the
        // columns a terminal draws it in, or those ratatui's diff takes it
        // to cover, if more (a halfwidth sound mark counts one more there).
        // Past the buffer's end ratatui's diff would index out of it.
        if let Some(p) = (0..out.len()).rev().find(|&p| out[p].symbol() != "")
            && p + drawn_width(&out[p]).max(usize::from(out[p].cell_width())) > out.len()
        {
            let style = out[p].style();
            for cell in &mut out[p..] {
                *cell = Cell::EMPTY;
                cell.set_style(style);
            }
        }
        let style = row.last().map(Cell::style).unwrap_or_default();
        while out.len() < row.len() {
            let mut blank = Cell::EMPTY;
            blank.set_style(style);
            out.push(blank);
        }
        for (x, cell) in (area.left()..).zip(out) {
            buf[(x, y)] = cell;
        }
    }
}

/// The last cell of the widest run of plain blanks in `cells`, if any.
fn widest_blank_run_end(cells: &[Cell]) -> Option<usize> {
    let blank = |c: &Cell| c.symbol() == " " && c.diff_option == CellDiffOption::None;
    let mut best: Option<(usize, usize)> = None;
    let mut run = 0;
    for (i, cell) in cells.iter().enumerate() {
        run = if blank(cell) { run + 1 } else { 0 };
        if run > 0 && best.is_none_or(|(len, _)| run >= len) {
            best = Some((run, i));
        }
    }
    best.map(|(_, end)| end)
}

/// The columns ratatui placed a cell's grapheme in (at least its own; a
/// width already forced, so that fitting twice changes nothing).
fn given_width(cell: &Cell) -> usize {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => usize::from(w.get()),
        _ => UnicodeWidthStr::width(cell.symbol()).max(1),
    }
}

/// The columns a terminal draws it in.
fn drawn_width(cell: &Cell) -> usize {
    grapheme_width(cell.symbol()).max(given_width(cell))
}

/// The fonts tui-big-text looks a character up in, in its order.
const FONTS: [&dyn UnicodeFonts; 8] = [
    &font8x8::BASIC_FONTS,
    &font8x8::LATIN_FONTS,
    &font8x8::HIRAGANA_FONTS,
    &font8x8::GREEK_FONTS,
    &font8x8::BLOCK_FONTS,
    &font8x8::BOX_FONTS,
    &font8x8::MISC_FONTS,
    &font8x8::SGA_FONTS,
];

/// The 8x8 bitmap tui-big-text draws for `c`, if it has one.
fn glyph(c: char) -> Option<[u8; 8]> {
    FONTS.iter().find_map(|font| font.get(c))
}

/// Draws 8x8 glyphs scaled up by whole cells to fill `area`; false when
/// even one cell per pixel does not fit.
pub fn render_scaled(digits: &str, area: Rect, buf: &mut Buffer, style: Style) -> bool {
    let glyphs = digits.chars().count() as u16;
    if glyphs == 0 {
        return true;
    }
    let sx = area.width / (glyphs * 8);
    let sy = area.height / 8;
    // Terminal cells are about twice as tall as wide: keep the glyphs from
    // turning into thin towers or flat bars.
    let sy = sy.min(sx);
    let sx = sx.min(sy * 2);
    if sx == 0 || sy == 0 {
        return false;
    }
    let width = glyphs * 8 * sx;
    let height = 8 * sy;
    let x0 = area.x + (area.width - width) / 2;
    let y0 = area.y + (area.height - height) / 2;
    // Each glyph's pixels straight from its bitmap, as tui-big-text draws
    // them at full size (bit `px` of row `py` lit), but with no buffer of
    // pixels allocated every second.
    for (g, c) in (0u16..).zip(digits.chars()) {
        let Some(bits) = glyph(c) else {
            continue;
        };
        for (py, row) in (0u16..).zip(bits) {
            for px in (0..8).filter(|px| row & (1 << px) != 0) {
                for dy in 0..sy {
                    for dx in 0..sx {
                        let at = (x0 + (g * 8 + px) * sx + dx, y0 + py * sy + dy);
                        if let Some(cell) = buf.cell_mut(at) {
                            cell.set_symbol("█").set_style(style);
                        }
                    }
                }
            }
        }
    }
    true
}
