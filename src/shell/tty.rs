//! The terminal backend: ratatui's crossterm backend, with the cells of a
//! frame written straight to the buffer.
//!
//! Ratatui's crossterm backend sends each cell's text and each cursor move
//! through crossterm's commands, which format them with `write!`. Here the
//! cursor moves and the text are written as bytes, and the style changes go
//! through crossterm's commands as before: 3 % fewer instructions in the
//! console's idle frame (docs/measurements.md). The bytes are the same,
//! cell for cell: a property test holds them to ratatui's. On Windows,
//! whose older consoles take crossterm's API calls instead of escape
//! sequences, the frame is ratatui's own.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm as _, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Color as CrosstermColor, Colors, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor, SetUnderlineColor,
};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use super::Bell;

/// Ratatui's crossterm backend over `W`, drawing frames as its own `draw`
/// does, with fewer instructions.
#[derive(Debug)]
pub struct Tty<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> Tty<W> {
    pub fn new(writer: W) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
        }
    }
}

impl<W: Write> Bell for Tty<W> {
    fn ring(&mut self, times: u8) {
        self.inner.ring(times);
    }
}

impl<W: Write> Backend for Tty<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if cfg!(windows) {
            return self.inner.draw(content);
        }
        // The backend writes to its writer, buffered: no flush here.
        draw_cells(&mut self.inner, content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Writes `content` to `w` in the bytes ratatui's crossterm backend writes
/// for it: a cursor move where a cell does not follow the last, the style's
/// changes, the cell's text; every colour and attribute reset at the end.
fn draw_cells<'a, W, I>(w: &mut W, content: I) -> io::Result<()>
where
    W: Write,
    I: Iterator<Item = (u16, u16, &'a Cell)>,
{
    let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
    let mut modifier = Modifier::empty();
    let mut last: Option<(u16, u16)> = None;
    for (x, y, cell) in content {
        if !matches!(last, Some((lx, ly)) if x == lx.wrapping_add(1) && y == ly) {
            write_move(w, x, y)?;
        }
        last = Some((x, y));
        if cell.modifier != modifier {
            write_modifier_change(w, modifier, cell.modifier)?;
            modifier = cell.modifier;
        }
        if cell.fg != fg || cell.bg != bg {
            queue!(
                w,
                SetColors(Colors::new(
                    cell.fg.into_crossterm(),
                    cell.bg.into_crossterm()
                ))
            )?;
            fg = cell.fg;
            bg = cell.bg;
        }
        if cell.underline_color != underline {
            queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
            underline = cell.underline_color;
        }
        w.write_all(cell.symbol().as_bytes())?;
    }
    queue!(
        w,
        SetForegroundColor(CrosstermColor::Reset),
        SetBackgroundColor(CrosstermColor::Reset),
        SetUnderlineColor(CrosstermColor::Reset),
        SetAttribute(Attribute::Reset),
    )
}

/// `CSI row;col H`, the columns and rows counted from one.
fn write_move<W: Write>(w: &mut W, x: u16, y: u16) -> io::Result<()> {
    // At most `ESC [ 65536 ; 65536 H`: 14 bytes.
    let mut bytes = [0u8; 16];
    bytes[..2].copy_from_slice(b"\x1b[");
    let mut len = 2;
    len = put_decimal(&mut bytes, len, u32::from(y) + 1);
    bytes[len] = b';';
    len = put_decimal(&mut bytes, len + 1, u32::from(x) + 1);
    bytes[len] = b'H';
    w.write_all(&bytes[..=len])
}

/// Puts `number` in decimal digits at `at`; where they end.
fn put_decimal(bytes: &mut [u8; 16], at: usize, number: u32) -> usize {
    let mut end = at;
    let mut rest = number;
    loop {
        bytes[end] = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        end += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    bytes[at..end].reverse();
    end
}

/// The attributes that take a cell from `from` to `to`: those removed
/// first (bold and dim share one reset, after which the ones kept are set
/// again), then those added, in the order ratatui's backend sends them.
fn write_modifier_change<W: Write>(w: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let added = to - from;
    let mut set = |attribute: Attribute| queue!(w, SetAttribute(attribute));
    if removed.contains(Modifier::REVERSED) {
        set(Attribute::NoReverse)?;
    }
    let intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if intensity {
        set(Attribute::NormalIntensity)?;
        if to.contains(Modifier::DIM) {
            set(Attribute::Dim)?;
        }
        if to.contains(Modifier::BOLD) {
            set(Attribute::Bold)?;
        }
    }
    for (modifier, attribute) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(modifier) {
            set(attribute)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(Attribute::NoBlink)?;
    }
    for (modifier, attribute, after_reset) in [
        (Modifier::REVERSED, Attribute::Reverse, true),
        (Modifier::BOLD, Attribute::Bold, false),
        (Modifier::ITALIC, Attribute::Italic, true),
        (Modifier::UNDERLINED, Attribute::Underlined, true),
        (Modifier::DIM, Attribute::Dim, false),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut, true),
        (Modifier::HIDDEN, Attribute::Hidden, true),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink, true),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink, true),
    ] {
        // Bold and dim were set with the intensity's reset, if there was one.
        if added.contains(modifier) && (after_reset || !intensity) {
            set(attribute)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not on Windows, where crossterm may move the console's cursor by an
    /// API call instead of writing the bytes (and the frame is ratatui's own).
    #[cfg(not(windows))]
    mod same_bytes {
        use proptest::prelude::*;
        use ratatui::style::Style;

        use super::*;

        fn colour() -> impl Strategy<Value = Color> {
            prop_oneof![
                Just(Color::Reset),
                Just(Color::Red),
                Just(Color::LightYellow),
                Just(Color::DarkGray),
                any::<u8>().prop_map(Color::Indexed),
                any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
            ]
        }

        fn cell() -> impl Strategy<Value = Cell> {
            (
                prop_oneof![
                    Just(" "),
                    Just("a"),
                    Just("█"),
                    Just("中"),
                    Just("ស្រ"),
                    Just("")
                ],
                colour(),
                colour(),
                colour(),
                any::<u16>(),
            )
                .prop_map(|(symbol, fg, bg, underline, bits)| {
                    let mut cell = Cell::new(symbol);
                    cell.set_style(
                        Style::new()
                            .fg(fg)
                            .bg(bg)
                            .underline_color(underline)
                            .add_modifier(Modifier::from_bits_truncate(bits)),
                    );
                    cell
                })
        }

        proptest! {
            /// Whatever the cells, their places and styles, the bytes are
            /// ratatui's crossterm backend's, byte for byte.
            #[test]
            fn a_frame_is_written_in_the_bytes_ratatui_writes(
                cells in proptest::collection::vec((0u16..300, 0u16..120, cell()), 0..60),
                runs in proptest::collection::vec(any::<bool>(), 0..60),
            ) {
                // Runs of neighbours too, where no cursor move is sent.
                let mut placed = Vec::new();
                for (i, (x, y, cell)) in cells.iter().enumerate() {
                    let (x, y) = match (runs.get(i), placed.last()) {
                        (Some(true), Some(&(px, py, _))) => (px + 1, py),
                        _ => (*x, *y),
                    };
                    placed.push((x, y, cell));
                }
                let mut ours = Vec::new();
                draw_cells(&mut ours, placed.iter().map(|&(x, y, c)| (x, y, c))).unwrap();
                let mut theirs = Vec::new();
                CrosstermBackend::new(&mut theirs)
                    .draw(placed.iter().map(|&(x, y, c)| (x, y, c)))
                    .unwrap();
                prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
            }
        }
    }

    #[test]
    fn a_cursor_move_counts_from_one() {
        let mut out = Vec::new();
        write_move(&mut out, 0, 0).unwrap();
        write_move(&mut out, 65534, 9).unwrap();
        assert_eq!(out, b"\x1b[1;1H\x1b[10;65535H");
    }
}
