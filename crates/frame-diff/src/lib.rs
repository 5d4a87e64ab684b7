//! Which cells of the next frame the terminal must be sent: ratatui's
//! buffer diff, with the comparison each of a frame's 3,000 cells takes made
//! cheap.
//!
//! A crate of its own so that it is built for speed where timekeeper is
//! built for size (the dist profile; docs/measurements.md). Its tests are
//! timekeeper's (`src/shell/diff.rs`), where frames are drawn.
//!
//! The console draws its frame whole every second and sends only the cells
//! that differ from the frame on screen. Ratatui's `Buffer::diff` asks each
//! cell its width (the Unicode tables, for the digits' blocks) before it
//! compares it, and compares the text first (a call to `memcmp`): half the
//! instructions of an idle frame. Here a cell is first compared field by
//! field, the text last and byte by byte, and only a cell that differs, or
//! whose text is more than one byte, is measured; the last such width is
//! remembered, since the digits and the bar repeat one block. What is sent
//! is what ratatui's diff sends, change for change, wide characters and
//! their trailing columns included: a property test holds the two together.
//!
//! A row the screen says it drew from the same as the row on screen is not
//! looked at at all ([`changes_except`]; the shell's claims).

// The dist build optimises the program once more at link time, at the
// binary's `opt-level = "z"`, and that leaves these small helpers as calls
// (three a cell), so they are marked to be inlined: 867,367 instructions a
// frame with the marks, 989,806 without (docs/measurements.md).
#![allow(clippy::inline_always)]

use ratatui_core::buffer::{Buffer, Cell, CellDiffOption, CellWidth as _};
use ratatui_core::style::{Color, Modifier};

/// Modifiers a terminal shows on a blank cell: a wide character drawn with
/// one of them leaves it on the columns it covered until they are written.
const SEEN_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// Fills `changed` with the indices of the cells of `next` to write over
/// `shown`, in order: the cells `shown.diff(next)` gives. The two buffers
/// have the same width (the shell resizes them together).
pub fn changes(shown: &Buffer, next: &Buffer, changed: &mut Vec<usize>) {
    changes_except(shown, next, &[], changed);
}

/// [`changes`], passing over the rows marked in `unchanged` (top first; the
/// rows past its end are looked at), which the two buffers hold the same.
/// What it gives is what [`changes`] gives whenever the rows marked are the
/// same, no cell on them is told to be sent always (a row passed over is
/// passed over whole), and no wide character reaches into them from the
/// row before (ratatui cuts a string at its area's edge, and the width fit
/// keeps a row's widths within it).
///
/// A slice rather than a closure: a generic function would be built in
/// the crate that calls it, and at its optimisation level.
pub fn changes_except(shown: &Buffer, next: &Buffer, unchanged: &[bool], changed: &mut Vec<usize>) {
    changed.clear();
    let len = shown.content.len().min(next.content.len());
    let width = usize::from(next.area.width).max(1);
    let mut diff = Diff {
        shown: &shown.content,
        next: &next.content,
        len,
        widths: Widths::new(),
        changed,
    };
    let mut i = 0;
    for (row, start) in (0..len).step_by(width).enumerate() {
        if unchanged.get(row) == Some(&true) {
            continue;
        }
        // A wide character at the end of the row before may have taken
        // the first columns of this one already.
        i = i.max(start);
        let end = (start + width).min(len);
        while i < end {
            i = diff.cell(i);
        }
    }
}

struct Diff<'a> {
    shown: &'a [Cell],
    next: &'a [Cell],
    len: usize,
    widths: Widths,
    changed: &'a mut Vec<usize>,
}

impl Diff<'_> {
    /// Looks at the cell at `i`; returns the next one to look at.
    #[inline(always)]
    fn cell(&mut self, i: usize) -> usize {
        let (next, shown) = (&self.next[i], &self.shown[i]);
        match next.diff_option {
            CellDiffOption::Skip => i + 1,
            CellDiffOption::None if skipped(next) => i + 1,
            CellDiffOption::ForcedWidth(width) => {
                if !same(next, shown) {
                    self.changed.push(i);
                }
                i + usize::from(width.get())
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                // The text asked for once: ratatui's `Cell::symbol` stays a
                // call, 3,000 times a frame.
                let text = next.symbol();
                let width = self.widths.of_text(next.diff_option, text);
                if next.diff_option == CellDiffOption::None
                    && same_with(next, text.as_bytes(), shown)
                {
                    // Its columns are as they were.
                    return i + width.max(1);
                }
                self.changed.push(i);
                if width > 1 {
                    if next.symbol().contains('\u{fe0f}') {
                        // An emoji's presentation selector: some terminals
                        // leave its second column as it was; any text that
                        // changed there is written again.
                        self.trailing(i + 1, i + width, false)
                    } else {
                        i + width
                    }
                } else {
                    let shown_width = self.widths.of(shown);
                    if shown_width > width
                        && (shown.bg != Color::Reset || shown.modifier.intersects(SEEN_ON_BLANK))
                    {
                        // A wide character's colour may stay on the columns
                        // it covered: every one of them is written.
                        self.trailing(i + 1, i + shown_width, true)
                    } else {
                        i + 1
                    }
                }
            }
        }
    }

    /// The columns from `from` until `end` that a wide character covered,
    /// written when `all` or where their text changed (each, if wide itself,
    /// taking its own columns and pushing `end` on); returns the cell after.
    fn trailing(&mut self, from: usize, end: usize, all: bool) -> usize {
        let mut end = end.min(self.len);
        let mut j = from;
        while j < end {
            let at = j;
            j += self.widths.of(&self.next[at]).max(1);
            end = end.max(j).min(self.len);
            let cell = &self.next[at];
            if !skipped(cell) && (all || cell.symbol() != self.shown[at].symbol()) {
                self.changed.push(at);
            }
        }
        end
    }
}

/// Whether the diff passes over `cell` (ratatui's two ways of saying so).
#[allow(deprecated)] // `skip` is read for cells that still set it
#[inline(always)]
fn skipped(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::Skip
        || (cell.skip && cell.diff_option == CellDiffOption::None)
}

/// `a == b` (a missing symbol equal to a space, as ratatui has it), the
/// cheap fields first and the text byte by byte.
#[allow(deprecated)] // `skip` is part of a cell's equality
#[inline(always)]
fn same(a: &Cell, b: &Cell) -> bool {
    same_with(a, a.symbol().as_bytes(), b)
}

/// [`same`], with `a`'s text already at hand.
#[allow(deprecated)] // `skip` is part of a cell's equality
#[inline(always)]
fn same_with(a: &Cell, a_text: &[u8], b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
        && a.skip == b.skip
        && same_text(a_text, b.symbol().as_bytes())
}

/// Byte for byte, without a call to `memcmp` for the one to four bytes of
/// a cell's usual character.
#[inline(always)]
fn same_text(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() <= 4 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    a == b
}

/// The columns a cell takes, as ratatui measures them, remembering the
/// last text of more than one byte measured.
struct Widths {
    text: [u8; 16],
    /// The length of the text remembered; none yet when more than 16.
    len: usize,
    width: u16,
}

impl Widths {
    fn new() -> Self {
        Self {
            text: [0; 16],
            len: usize::MAX,
            width: 0,
        }
    }

    #[inline(always)]
    fn of(&mut self, cell: &Cell) -> usize {
        self.of_text(cell.diff_option, cell.symbol())
    }

    /// The columns of a cell whose option is `option` and text `text`.
    #[inline(always)]
    fn of_text(&mut self, option: CellDiffOption, symbol: &str) -> usize {
        if let CellDiffOption::ForcedWidth(width) = option {
            return usize::from(width.get());
        }
        let text = symbol.as_bytes();
        if text.len() == 1 {
            return 1;
        }
        if text.len() == self.len && same_text(text, &self.text[..self.len]) {
            return usize::from(self.width);
        }
        let width = symbol.cell_width();
        if let Some(memo) = self.text.get_mut(..text.len()) {
            memo.copy_from_slice(text);
            self.len = text.len();
            self.width = width;
        }
        usize::from(width)
    }
}
