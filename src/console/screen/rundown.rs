//! The rundown: every segment with its scheduled start, the time it has,
//! what it took and the difference; the current row stands out.

use chrono::Timelike as _;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::Screen;
use crate::run::SegmentState;
use crate::screens::widgets::take_top;
use crate::text::{self, pad_left, pad_right};
use crate::time::{Time, clock, hm, hms, minutes, signed};

impl Screen<'_> {
    #[expect(
        clippy::too_many_lines,
        reason = "measuring the columns and drawing the rows read best together"
    )]
    pub(super) fn render_rundown(&self, area: Rect, buf: &mut Buffer) {
        if area.height < 2 {
            return;
        }
        let palette = self.palette();
        let n = self.snap.rows.len();
        let visible = (area.height - 1) as usize;
        let first = window_start(self.snap.current, n, visible);
        // Seconds only when a segment starts off the minute (short plans).
        let seconds = self
            .snap
            .rows
            .iter()
            .any(|r| r.scheduled_start.second() != 0);
        let start_text = |t: Time| {
            if self.snap.on_plan_clock {
                if seconds { hms(t) } else { hm(t) }
            } else {
                format!("+{}", minutes((t - self.snap.anchor).num_seconds()))
            }
        };

        // The figures of the rows on screen: start, plan, actual, diff.
        // Plan is the time the segment has (plan plus `+`/`-`), and Diff is
        // measured against that same figure.
        let rows: Vec<(usize, [String; 4], Option<i64>)> = self
            .snap
            .rows
            .iter()
            .enumerate()
            .skip(first)
            .take(visible)
            .map(|(i, row)| {
                let allowed = row.planned + row.adjusted;
                let (actual, diff) = match (row.state, row.actual) {
                    (SegmentState::Done, Some(actual)) => (clock(actual), Some(actual - allowed)),
                    (SegmentState::Running, Some(actual)) => {
                        (clock(actual), Some(actual - allowed).filter(|d| *d > 0))
                    }
                    (SegmentState::Skipped, _) => ("skipped".to_owned(), None),
                    _ => (String::new(), None),
                };
                let figures = [
                    start_text(row.scheduled_start),
                    clock(allowed),
                    actual,
                    diff.map(signed).unwrap_or_default(),
                ];
                (i, figures, diff)
            })
            .collect();
        // Each figure column as wide as its widest entry (an hour-long
        // segment needs more), the names sharing what is left.
        let header = ["Start", "Plan", "Actual", "Diff"];
        let minimum = [8, 6, 7, 7];
        let widths: [usize; 4] = std::array::from_fn(|c| {
            rows.iter()
                .map(|(_, f, _)| text::width(&f[c]))
                .chain([text::width(header[c]), minimum[c]])
                .max()
                .unwrap_or(0)
        });
        let number_w = n.to_string().len();
        let fixed = 1 + number_w + 1 + widths.iter().map(|w| w + 1).sum::<usize>() + 1;
        let names = (area.width as usize).saturating_sub(fixed);
        let title_w = (names * 11 / 20).max(6);
        let speaker_w = names.saturating_sub(title_w);

        // Marker and number, the names, then the figures; the last one
        // (Diff) may carry its own colour.
        let line = |marker: &str,
                    number: &str,
                    names: [&str; 2],
                    figures: &[String; 4],
                    base: Style,
                    diff: Style| {
            let head = [
                format!("{marker}{}", pad_left(number, number_w)),
                pad_right(names[0], title_w),
                pad_right(names[1], speaker_w),
                pad_left(&figures[0], widths[0]),
                pad_left(&figures[1], widths[1]),
                pad_left(&figures[2], widths[2]),
            ];
            Line::from(vec![
                Span::styled(head.join(" ") + " ", base),
                Span::styled(pad_left(&figures[3], widths[3]), base.patch(diff)),
            ])
        };
        let mut rest = area;
        let bold = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        line(
            " ",
            "#",
            ["Segment", "Speaker"],
            &header.map(str::to_owned),
            bold,
            Style::new(),
        )
        .render(take_top(&mut rest, 1), buf);

        for (i, figures, diff) in &rows {
            let row = &self.snap.rows[*i];
            let segment = &self.plan().segments[*i];
            let marker = if row.state == SegmentState::Running {
                "▶"
            } else {
                " "
            };
            let base = match row.state {
                SegmentState::Running => {
                    Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
                }
                SegmentState::Done | SegmentState::Skipped => {
                    Style::new().add_modifier(Modifier::DIM)
                }
                SegmentState::NotStarted => Style::new(),
            };
            let diff_style = diff.map_or(Style::new(), |d| palette.late(d));
            line(
                marker,
                &(i + 1).to_string(),
                [&segment.title, segment.speaker.as_deref().unwrap_or("")],
                figures,
                base,
                diff_style,
            )
            .render(take_top(&mut rest, 1), buf);
        }
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
