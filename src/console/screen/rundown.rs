//! The rundown: every segment with its scheduled start, the time it has,
//! what it took and the difference; the current row stands out.

use chrono::Timelike as _;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::Screen;
use crate::run::{Origin, SegmentId, SegmentState};
use crate::screens::theme;
use crate::screens::widgets::{render_spans, take_top};
use crate::text::{self, push_padded_left, push_padded_right};
use crate::time::{Time, clock, hm, hms, minutes, signed};

impl Screen<'_> {
    #[expect(
        clippy::too_many_lines,
        reason = "measuring the columns and drawing the rows read best together"
    )]
    pub(super) fn render_rundown(&self, area: Rect, buf: &mut Buffer, cursor: Option<SegmentId>) {
        if area.height < 2 {
            return;
        }
        let palette = self.palette();
        let run = &self.app.run;
        let n = self.snap.rows.len();
        let visible = (area.height - 1) as usize;
        let cursor_at = cursor.and_then(|id| run.position(id));
        let first = window_start(cursor_at.unwrap_or(self.snap.current), n, visible);
        // Seconds only when a segment starts off the minute (short plans).
        let seconds = self.snap.rows.iter().any(|r| {
            r.scheduled_start.second() != 0 || r.expected_start.is_some_and(|t| t.second() != 0)
        });
        let start_text = |t: Time| {
            if self.snap.on_plan_clock || self.app.run.started.is_some() {
                if seconds { hms(t) } else { hm(t) }
            } else {
                format!("+{}", minutes((t - self.snap.anchor).num_seconds()))
            }
        };
        // Whenever a segment to come is expected at another time than the
        // plan as filed (Start) says, the time it is now expected stands
        // beside it: Start and Plan never disagree silently.
        let expecting = !run.is_closed()
            && self.snap.rows.iter().any(|r| {
                r.state == SegmentState::NotStarted
                    && r.expected_start.is_some_and(|t| t != r.scheduled_start)
            });

        // The figures of the rows on screen: start, expected, plan, actual,
        // diff. Plan is the time the segment has (plan plus `+`/`-`), and
        // Diff is measured against that same figure.
        let rows: Vec<(usize, [String; 5], Option<i64>)> = self
            .snap
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, row)| {
                let allowed = row.given();
                let (actual, diff) = match (row.state, row.actual) {
                    (SegmentState::Done, Some(actual)) => (clock(actual), Some(actual - allowed)),
                    (SegmentState::Running, Some(actual)) => {
                        (clock(actual), Some(actual - allowed).filter(|d| *d > 0))
                    }
                    (SegmentState::Skipped, _) => ("skipped".to_owned(), None),
                    _ => (String::new(), None),
                };
                let expected = match (row.state, row.expected_start) {
                    (SegmentState::Skipped, _) | (_, None) => String::new(),
                    (_, Some(t)) => start_text(t),
                };
                let figures = [
                    start_text(row.scheduled_start),
                    expected,
                    clock(allowed),
                    actual,
                    diff.map(signed).unwrap_or_default(),
                ];
                (i, figures, diff)
            })
            .collect();
        // Each figure column as wide as its widest entry (an hour-long
        // segment needs more), the names sharing what is left.
        let header = ["Start", "Expect", "Plan", "Actual", "Diff"];
        let minimum = [8, if expecting { 8 } else { 0 }, 6, 7, 7];
        let widths: [usize; 5] = std::array::from_fn(|c| {
            if c == 1 && !expecting {
                return 0;
            }
            rows.iter()
                .map(|(_, f, _)| text::width(&f[c]))
                .chain([text::width(header[c]), minimum[c]])
                .max()
                .unwrap_or(0)
        });
        let number_w = n.to_string().len();
        let columns = widths.iter().filter(|w| **w > 0).count();
        let fixed = 2 + number_w + 1 + widths.iter().sum::<usize>() + columns + 1;
        let names = (area.width as usize).saturating_sub(fixed);
        let title_w = (names * 11 / 20).max(6);
        let speaker_w = names.saturating_sub(title_w);

        // Marker, number and flag, the names, then the figures; the last
        // one (Diff) may carry its own colour. Each row is built in the
        // one string, reused (drawn every second: no string per cell).
        let mut row_text = String::with_capacity(usize::from(area.width) + 16);
        let mut line = |area: Rect,
                        marker: &str,
                        number: &str,
                        names: [&str; 2],
                        figures: [&str; 5],
                        base: Style,
                        diff: Style| {
            row_text.clear();
            row_text.push_str(marker);
            push_padded_left(&mut row_text, number, number_w + 1);
            for (name, cols) in names.into_iter().zip([title_w, speaker_w]) {
                row_text.push(' ');
                push_padded_right(&mut row_text, name, cols);
            }
            for c in 0..4 {
                if widths[c] > 0 {
                    row_text.push(' ');
                    push_padded_left(&mut row_text, figures[c], widths[c]);
                }
            }
            row_text.push(' ');
            let split = row_text.len();
            push_padded_left(&mut row_text, figures[4], widths[4]);
            if self.claim(area, "rundown row", &(&row_text, split, base, diff)) {
                return;
            }
            let (head, last) = row_text.split_at(split);
            render_spans(
                &[
                    Span::styled(head, base),
                    Span::styled(last, base.patch(diff)),
                ],
                area,
                buf,
            );
        };
        let mut rest = area;
        let bold = theme::CURRENT;
        line(
            take_top(&mut rest, 1),
            " ",
            "#",
            ["Segment", "Speaker"],
            header,
            bold,
            Style::new(),
        );

        for (i, figures, diff) in &rows {
            let row = &self.snap.rows[*i];
            let slot = &run.rundown[*i];
            let segment = &slot.segment;
            let under_cursor = cursor_at == Some(*i);
            let marker = match (under_cursor, row.state) {
                (true, _) => "▸",
                (false, SegmentState::Running) => "▶",
                _ => " ",
            };
            // `+` marks a segment added on the day, `~` a flexible one.
            let flag = match (slot.origin, segment.flexible) {
                (Origin::Added, _) => "+",
                (Origin::Plan, true) => "~",
                (Origin::Plan, false) => " ",
            };
            let mut base = match row.state {
                SegmentState::Running => theme::BADGE,
                SegmentState::Done => theme::DIM,
                SegmentState::Skipped => theme::STRUCK,
                SegmentState::NotStarted => Style::new(),
            };
            if under_cursor {
                base = base.patch(theme::CURRENT);
            }
            let diff_style = diff.map_or(Style::new(), |d| palette.late(d));
            line(
                take_top(&mut rest, 1),
                marker,
                &format!("{}{flag}", i + 1),
                [&segment.title, segment.speaker.as_deref().unwrap_or("")],
                figures.each_ref().map(String::as_str),
                base,
                diff_style,
            );
        }
        // The rows under the last segment are the rundown's, and blank:
        // nothing to draw, on screen or not.
        self.claim(rest, "rundown blank", &());
    }
}

/// First rundown row to show so the current one stays in view with a little
/// context above it.
fn window_start(current: usize, rows: usize, visible: usize) -> usize {
    if rows <= visible {
        return 0;
    }
    current.saturating_sub(visible / 3).min(rows - visible)
}
