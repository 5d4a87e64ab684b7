//! What a screen says of the rows it drew: which thing alone each was drawn
//! from. A row drawn from the same thing as the row on screen holds the same
//! cells, so the screen does not draw it again, the shell copies it from the
//! frame on screen, and the diff does not compare it.
//!
//! The frame is still drawn from the run every second: a row is copied only
//! when what it would be drawn from is, byte for byte, what the row on
//! screen was drawn from. That spares a sixth of a frame's instructions at
//! 100x30, most of them the comparison of each cell with the cell on screen
//! (docs/measurements.md, "Rows claimed"). A claim is a key: the bytes that
//! `Hash` feeds for what the row was drawn from (its text and styles, say),
//! after the name of the drawing and the row's place in it. Drawing is a
//! pure function of those, so two rows with the same key hold the same
//! cells. A row nobody claimed, or that two drawings claimed, is drawn and
//! compared as every row used to be. What a claim cannot see is something
//! else drawn on its row without a claim; the shell checks, in every test
//! that drives it in a debug build (and the console's shell tests in any),
//! that a row passed over holds what the screen draws
//! ([`super::Shell::check_claims`]).

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use ratatui::layout::Rect;

/// The claims made on the rows of the frame being drawn, filled in while it
/// is drawn, and those of the frame on screen.
#[derive(Debug, Default)]
pub struct Claims {
    drawn: RefCell<Keys>,
    shown: Keys,
    /// Whether a row whose claim is the row's on screen may be left
    /// undrawn (the shell then copies it from the screen); not while the
    /// shell checks the claims, which must see every row drawn.
    may_skip: bool,
}

#[derive(Debug, Default)]
struct Keys {
    /// The frame's area: a claim covers whole rows of it.
    area: Rect,
    /// The keys of the rows claimed, one after the other.
    bytes: Vec<u8>,
    /// Each row's claim, top to bottom.
    rows: Vec<Row>,
    /// The rows left undrawn, as they are on screen.
    skipped: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    Unclaimed,
    /// Its key: where in `bytes`.
    Claimed(Range<usize>),
    /// Claimed twice: compared like an unclaimed row.
    Shared,
}

impl Keys {
    fn key(&self, at: usize) -> Option<&[u8]> {
        match self.rows.get(at)? {
            Row::Claimed(key) => Some(&self.bytes[key.clone()]),
            Row::Unclaimed | Row::Shared => None,
        }
    }
}

impl Claims {
    /// No claims yet on the next frame, of `area`; rows whose claim is the
    /// screen's may be left undrawn if `may_skip`.
    pub fn begin(&mut self, area: Rect, may_skip: bool) {
        let drawn = self.drawn.get_mut();
        drawn.area = area;
        drawn.bytes.clear();
        drawn.rows.clear();
        drawn.rows.resize(usize::from(area.height), Row::Unclaimed);
        drawn.skipped.clear();
        drawn.skipped.resize(usize::from(area.height), false);
        self.may_skip = may_skip;
    }

    /// The frame drawn is on screen now: its claims are the screen's.
    pub fn commit(&mut self) {
        std::mem::swap(self.drawn.get_mut(), &mut self.shown);
    }

    /// Nothing known of the screen (cleared, or of another size).
    pub fn forget(&mut self) {
        self.shown = Keys::default();
    }

    /// Says that each row of `area` is drawn by `drawing` from `what`
    /// alone: nothing else is drawn on those rows, and what is drawn there
    /// follows from `drawing`, `what` and the row's place in `area`. Only
    /// whole rows of the frame can be claimed; a claim on part of a row is
    /// not taken.
    ///
    /// True when the rows are on screen already, each claimed the same:
    /// the caller then leaves them undrawn, and the shell copies them.
    pub fn claim(&self, area: Rect, drawing: &'static str, what: &impl Hash) -> bool {
        let mut drawn = self.drawn.borrow_mut();
        let frame = drawn.area;
        if area.x != frame.x || area.width != frame.width || area.height == 0 {
            return false;
        }
        let mut on_screen = self.may_skip && self.shown.area == frame;
        let rows = area.top()..area.bottom().min(frame.bottom());
        for y in rows.clone() {
            let Some(at) = y.checked_sub(frame.y).map(usize::from) else {
                on_screen = false;
                continue;
            };
            let from = drawn.bytes.len();
            let mut key = KeyBytes(&mut drawn.bytes);
            drawing.hash(&mut key);
            (y - area.y).hash(&mut key);
            what.hash(&mut key);
            let to = drawn.bytes.len();
            let row = &mut drawn.rows[at];
            *row = match row {
                Row::Unclaimed => Row::Claimed(from..to),
                Row::Claimed(_) | Row::Shared => Row::Shared,
            };
            debug_assert!(
                !drawn.skipped[at],
                "row {at} claimed again after it was left undrawn"
            );
            on_screen &= drawn.key(at).is_some() && drawn.key(at) == self.shown.key(at);
        }
        if on_screen {
            for y in rows {
                drawn.skipped[usize::from(y - frame.y)] = true;
            }
        }
        on_screen
    }

    /// Whether row `at` (from the frame's top) is claimed in the frame
    /// drawn with the key it has on screen: the same cells.
    pub fn unchanged(&self, at: usize) -> bool {
        let drawn = self.drawn.borrow();
        drawn.area == self.shown.area
            && drawn.key(at).is_some_and(|k| Some(k) == self.shown.key(at))
    }

    /// Whether row `at` was left undrawn ([`Claims::claim`]): the shell
    /// copies it from the screen.
    pub fn skipped(&self, at: usize) -> bool {
        self.drawn.borrow().skipped.get(at) == Some(&true)
    }

    /// How many rows of the frame on screen are claimed (by one drawing
    /// each).
    pub fn claimed(&self) -> usize {
        self.shown
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Claimed(_)))
            .count()
    }
}

/// A `Hasher` that keeps every byte it is fed: the key itself, compared
/// whole, so two different things never pass for the same (a hash would,
/// once in a great while).
struct KeyBytes<'a>(&'a mut Vec<u8>);

impl Hasher for KeyBytes<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        // Never asked for: the bytes are the key.
        0
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Style};
    use ratatui::text::{Line, Span};

    use super::*;

    const FRAME: Rect = Rect::new(0, 0, 20, 4);

    fn row(y: u16) -> Rect {
        Rect::new(0, y, 20, 1)
    }

    /// Claims with a frame on screen drawn by `shown`, and the next begun.
    fn after(shown: impl Fn(&Claims)) -> Claims {
        let mut claims = Claims::default();
        claims.begin(FRAME, true);
        shown(&claims);
        claims.commit();
        claims.begin(FRAME, true);
        claims
    }

    #[test]
    fn a_row_drawn_from_the_same_line_is_the_same_and_from_another_not() {
        let claims = after(|c| {
            c.claim(row(0), "line", &Line::from("Opening"));
            c.claim(row(1), "line", &Line::from("0:42"));
        });
        assert!(claims.claim(row(0), "line", &Line::from("Opening")));
        assert!(!claims.claim(row(1), "line", &Line::from("0:41")));
        assert!(claims.unchanged(0) && claims.skipped(0));
        assert!(!claims.unchanged(1) && !claims.skipped(1), "another text");
        assert!(!claims.unchanged(2), "claimed in neither");
    }

    #[test]
    fn the_style_the_drawing_and_the_place_are_part_of_the_key() {
        let red = Line::from(Span::styled("Talk", Style::new().fg(Color::Red)));
        let claims = after(|c| {
            c.claim(row(0), "line", &red);
            c.claim(row(1), "rundown row", &"Talk");
            c.claim(Rect::new(0, 2, 20, 2), "blank", &());
        });
        assert!(!claims.claim(row(0), "line", &Line::from("Talk")), "colour");
        assert!(!claims.claim(row(1), "help line", &"Talk"), "drawing");
        // The same blank area, moved up a row: each row keeps its place
        // in the area in its key.
        assert!(!claims.claim(Rect::new(0, 1, 20, 2), "blank", &()));
        assert!(!(0..4).any(|at| claims.unchanged(at)));
    }

    #[test]
    fn only_whole_rows_are_claimed_and_a_row_claimed_twice_is_compared() {
        let claims = after(|c| {
            c.claim(Rect::new(2, 0, 18, 1), "line", &"right");
            c.claim(Rect::new(0, 1, 10, 1), "line", &"left");
            c.claim(row(2), "line", &"one");
            c.claim(row(2), "badge", &"two");
            c.claim(row(3), "line", &"one");
        });
        assert_eq!(claims.claimed(), 1, "not part of a row, nor two on one");
        assert!(claims.claim(row(3), "line", &"one"));
        assert!(!claims.claim(row(2), "line", &"one"), "shared on screen");
    }

    #[test]
    fn a_frame_of_another_size_or_a_screen_forgotten_is_never_the_same() {
        let mut claims = after(|c| {
            c.claim(row(0), "line", &"Opening");
        });
        claims.begin(Rect::new(0, 0, 20, 5), true);
        assert!(!claims.claim(row(0), "line", &"Opening"));
        assert!(!claims.unchanged(0));
        let mut claims = after(|c| {
            c.claim(row(0), "line", &"Opening");
        });
        claims.forget();
        assert!(!claims.claim(row(0), "line", &"Opening"));
        assert!(!claims.unchanged(0));
    }

    #[test]
    fn while_claims_are_checked_every_row_is_drawn() {
        let mut claims = after(|c| {
            c.claim(row(0), "line", &"Opening");
        });
        claims.begin(FRAME, false);
        assert!(!claims.claim(row(0), "line", &"Opening"), "drawn");
        assert!(claims.unchanged(0), "and still passed over by the diff");
        assert!(!claims.skipped(0));
    }

    #[test]
    fn a_claim_past_the_frame_is_cut_to_it() {
        let claims = after(|c| {
            c.claim(Rect::new(0, 2, 20, 9), "blank", &());
        });
        assert_eq!(claims.claimed(), 2);
        assert!(claims.claim(Rect::new(0, 2, 20, 9), "blank", &()));
    }
}
