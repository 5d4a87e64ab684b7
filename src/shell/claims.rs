//! What a screen says of the rows it drew: which thing alone each was drawn
//! from. A row drawn from the same thing as the row on screen holds the same
//! cells, so the shell does not compare it with the frame on screen.
//!
//! The frame is still drawn whole from the run every second; a claim only
//! spares the comparison of each of its cells with the cells on screen,
//! which is what an idle second spends most on (docs/measurements.md). A
//! claim is a key: the bytes that `Hash` feeds for what the row was drawn
//! from (its text and styles, say), after the name of the drawing and the
//! row's place in it. Drawing is a pure function of those, so two rows with
//! the same key hold the same cells. A row nobody claimed, or that two
//! drawings claimed, is compared as every row used to be. What a claim
//! cannot see is something else drawn on its row without a claim; the
//! shell checks, in every test that drives it, that a row passed over
//! holds what the screen shows ([`super::Shell::check_claims`]).

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use ratatui::layout::Rect;

/// The claims made on one frame's rows, filled in while it is drawn.
#[derive(Debug, Default)]
pub struct Claims {
    keys: RefCell<Keys>,
}

#[derive(Debug, Default)]
struct Keys {
    /// The frame's area: a claim covers whole rows of it.
    area: Rect,
    /// The keys of the rows claimed, one after the other.
    bytes: Vec<u8>,
    /// Each row's claim, top to bottom.
    rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    Unclaimed,
    /// Its key: where in `bytes`.
    Claimed(Range<usize>),
    /// Claimed twice: compared like an unclaimed row.
    Shared,
}

impl Claims {
    /// No claims yet, on a frame of `area`.
    pub fn reset(&mut self, area: Rect) {
        let keys = self.keys.get_mut();
        keys.area = area;
        keys.bytes.clear();
        keys.rows.clear();
        keys.rows.resize(usize::from(area.height), Row::Unclaimed);
    }

    /// Says that each row of `area` was drawn by `drawing` from `what`
    /// alone: nothing else is drawn on those rows, and what is drawn there
    /// follows from `drawing`, `what` and the row's place in `area`. Only
    /// whole rows of the frame can be claimed; a claim on part of a row is
    /// not taken.
    pub fn claim(&self, area: Rect, drawing: &'static str, what: &impl Hash) {
        let mut keys = self.keys.borrow_mut();
        let frame = keys.area;
        if area.x != frame.x || area.width != frame.width || area.height == 0 {
            return;
        }
        for y in area.top()..area.bottom().min(frame.bottom()) {
            let Some(at) = y.checked_sub(frame.y).map(usize::from) else {
                continue;
            };
            let from = keys.bytes.len();
            let mut key = KeyBytes(&mut keys.bytes);
            drawing.hash(&mut key);
            (y - area.y).hash(&mut key);
            what.hash(&mut key);
            let to = keys.bytes.len();
            let row = &mut keys.rows[at];
            *row = match row {
                Row::Unclaimed => Row::Claimed(from..to),
                Row::Claimed(_) | Row::Shared => Row::Shared,
            };
        }
    }

    /// Whether row `at` (from the frame's top) is claimed in both frames
    /// with the same key.
    pub fn same(&self, other: &Self, at: usize) -> bool {
        let (mine, theirs) = (self.keys.borrow(), other.keys.borrow());
        if mine.area != theirs.area {
            return false;
        }
        match (mine.rows.get(at), theirs.rows.get(at)) {
            (Some(Row::Claimed(a)), Some(Row::Claimed(b))) => {
                mine.bytes[a.clone()] == theirs.bytes[b.clone()]
            }
            _ => false,
        }
    }

    /// How many rows are claimed (by one drawing each).
    pub fn claimed(&self) -> usize {
        let keys = self.keys.borrow();
        keys.rows
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

    fn claims(area: Rect) -> Claims {
        let mut claims = Claims::default();
        claims.reset(area);
        claims
    }

    const FRAME: Rect = Rect::new(0, 0, 20, 4);

    #[test]
    fn a_row_drawn_from_the_same_line_is_the_same_and_from_another_not() {
        let (shown, next) = (claims(FRAME), claims(FRAME));
        let row = |y| Rect::new(0, y, 20, 1);
        shown.claim(row(0), "line", &Line::from("Opening"));
        next.claim(row(0), "line", &Line::from("Opening"));
        shown.claim(row(1), "line", &Line::from("0:42"));
        next.claim(row(1), "line", &Line::from("0:41"));
        assert!(next.same(&shown, 0));
        assert!(!next.same(&shown, 1), "another text");
        assert!(!next.same(&shown, 2), "claimed in neither");
    }

    #[test]
    fn the_style_the_drawing_and_the_place_are_part_of_the_key() {
        let (shown, next) = (claims(FRAME), claims(FRAME));
        let red = Line::from(Span::styled("Talk", Style::new().fg(Color::Red)));
        let plain = Line::from("Talk");
        shown.claim(Rect::new(0, 0, 20, 1), "line", &red);
        next.claim(Rect::new(0, 0, 20, 1), "line", &plain);
        assert!(!next.same(&shown, 0), "another colour");
        shown.claim(Rect::new(0, 1, 20, 1), "rundown row", &"Talk");
        next.claim(Rect::new(0, 1, 20, 1), "help line", &"Talk");
        assert!(!next.same(&shown, 1), "another drawing");
        // The same blank area, moved up a row: its rows are other rows of
        // it, and each row keeps its place in the key.
        shown.claim(Rect::new(0, 2, 20, 2), "blank", &());
        next.claim(Rect::new(0, 1, 20, 2), "blank", &());
        assert!(
            !next.same(&shown, 2),
            "first row of one, second of the other"
        );
    }

    #[test]
    fn only_whole_rows_are_claimed_and_a_row_claimed_twice_is_compared() {
        let next = claims(FRAME);
        next.claim(Rect::new(2, 0, 18, 1), "line", &"right");
        next.claim(Rect::new(0, 1, 10, 1), "line", &"left");
        assert_eq!(next.claimed(), 0, "a part of a row");
        next.claim(Rect::new(0, 2, 20, 1), "line", &"one");
        next.claim(Rect::new(0, 2, 20, 1), "badge", &"two");
        assert_eq!(next.claimed(), 0, "two drawings on one row");
        let shown = claims(FRAME);
        shown.claim(Rect::new(0, 2, 20, 1), "line", &"one");
        assert!(!next.same(&shown, 2));
    }

    #[test]
    fn claims_on_a_frame_of_another_size_are_never_the_same() {
        let shown = claims(FRAME);
        let next = claims(Rect::new(0, 0, 20, 5));
        shown.claim(Rect::new(0, 0, 20, 1), "line", &"Opening");
        next.claim(Rect::new(0, 0, 20, 1), "line", &"Opening");
        assert!(!next.same(&shown, 0));
    }

    #[test]
    fn a_claim_past_the_frame_is_cut_to_it() {
        let next = claims(FRAME);
        next.claim(Rect::new(0, 2, 20, 9), "blank", &());
        assert_eq!(next.claimed(), 2);
    }
}
