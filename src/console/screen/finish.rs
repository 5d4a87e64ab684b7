//! The finish screen: planned against actual per segment, as bars, once the
//! run is over.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::Screen;
use crate::run::{Countdown, Phase, SegmentState};
use crate::screens::theme;
use crate::screens::widgets::{take_bottom, take_top};
use crate::text::{pad_left, pad_right, truncate};
use crate::time::{clock, minutes, signed};

impl Screen<'_> {
    /// The finish screen: each segment's planned against actual as bars.
    pub(super) fn render_finish(&self, area: Rect, buf: &mut Buffer) {
        let mut rest = area;
        let run = &self.app.run;
        let word = if matches!(run.phase, Phase::Finished) {
            "FINISHED"
        } else {
            "RUN ENDED"
        };
        let mut heading = vec![Span::styled(
            format!(" {word} "),
            self.palette().badge(Countdown::Finished),
        )];
        heading.push(Span::raw(format!(
            "  {} used of {}",
            minutes(self.snap.used),
            minutes(run.plan.budget_seconds)
        )));
        Line::from(heading).render(take_top(&mut rest, 1), buf);
        if let Some(path) = &self.app.journal {
            // The report command on a line of its own, so it fits whole and
            // can be copied as it stands.
            let dim = theme::DIM;
            Line::from(truncate(&format!("Journal {path}"), rest.width as usize))
                .style(dim)
                .render(take_top(&mut rest, 1), buf);
            Line::from(truncate(
                &format!("timekeeper report {}", crate::console::shell_quoted(path)),
                rest.width as usize,
            ))
            .style(dim)
            .render(take_top(&mut rest, 1), buf);
        }
        take_top(&mut rest, 1);
        let longest = self
            .snap
            .rows
            .iter()
            .map(|r| r.given().max(r.actual.unwrap_or(0)))
            .max()
            .unwrap_or(1)
            .max(1);
        let label_w = (rest.width as usize / 3).clamp(8, 34);
        let numbers_w = 22;
        let bar_w = (rest.width as usize)
            .saturating_sub(label_w + numbers_w + 2)
            .max(1);
        let scale = |s: i64| ((s as f64 / longest as f64) * bar_w as f64).round() as usize;
        let palette = self.palette();
        let rows = self.snap.rows.len();
        let mut visible = (rest.height / 2) as usize;
        if visible < rows {
            // Room for the "and N more" line.
            visible = ((rest.height.saturating_sub(1)) / 2) as usize;
        }
        if visible < rows {
            let more = take_bottom(&mut rest, 1);
            Line::from(format!(
                "… and {} more: timekeeper report has them all",
                rows - visible
            ))
            .style(theme::DIM)
            .render(more, buf);
        }
        for (i, row) in self.snap.rows.iter().enumerate().take(visible) {
            let title = &run.segment(i).title;
            // As in the rundown: the time the segment had, plan plus `+`/`-`.
            let allowed = row.given();
            let planned = scale(allowed);
            let plan_line = Line::from(vec![
                Span::raw(pad_right(&format!("{} {title}", i + 1), label_w)),
                Span::raw(" "),
                Span::styled(pad_right(&"░".repeat(planned), bar_w), theme::DIM),
                Span::raw(format!(" plan   {}", pad_left(&clock(allowed), 8))),
            ]);
            plan_line.render(take_top(&mut rest, 1), buf);
            let (actual_text, diff, bar) = match row.actual {
                Some(a) if row.state != SegmentState::Skipped => {
                    (clock(a), signed(a - allowed), scale(a))
                }
                _ => ("—".to_owned(), String::new(), 0),
            };
            let d = row.actual.map_or(0, |a| a - allowed);
            Line::from(vec![
                Span::raw(" ".repeat(label_w + 1)),
                Span::styled(pad_right(&"█".repeat(bar), bar_w), palette.late(d)),
                Span::raw(format!(" actual {}", pad_left(&actual_text, 8))),
                Span::styled(format!(" {diff}"), palette.late(d)),
            ])
            .render(take_top(&mut rest, 1), buf);
        }
    }
}
