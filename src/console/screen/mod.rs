//! Drawing the console: a pure function of the app and one [`Snapshot`].
//!
//! Nothing here reads a clock or a file. [`Screen`] is built by the runner
//! (or a test) for one instant and rendered as a ratatui widget. The layout
//! has three sizes: the full console from 80x24, a compact one (countdown,
//! state and total) below that, and a bare time on tiny terminals.

use chrono::Timelike as _;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

mod finish;
mod overlay;
mod rundown;

use super::app::{App, Overlay};
use crate::recovery::{self, Recovery};
use crate::run::{Countdown, Phase, Snapshot, Time, blink_on};
use crate::screens::stage::StageView;
use crate::screens::theme::{ORANGE, Palette};
use crate::screens::widgets::{countdown_text, render_badge, render_digits, take_bottom, take_top};
use crate::text::{self, truncate};
use crate::time::{clock, hms, minutes};

/// Smallest size that gets the full console.
pub const FULL_WIDTH: u16 = 80;
pub const FULL_HEIGHT: u16 = 24;

/// The console at one instant.
pub struct Screen<'a> {
    pub app: &'a App,
    pub snap: &'a Snapshot,
    pub recovery: Option<&'a Recovery>,
    /// The unfloored instant, for the OVER blink phase.
    pub now: Time,
}

impl<'a> Screen<'a> {
    pub fn new(
        app: &'a App,
        snap: &'a Snapshot,
        recovery: Option<&'a Recovery>,
        now: Time,
    ) -> Self {
        Self {
            app,
            snap,
            recovery,
            now,
        }
    }
}

/// Computes what a frame needs and draws it: the one call the runner and the
/// tests make.
pub fn draw(app: &App, now: Time, area: Rect, buf: &mut Buffer) {
    draw_snapshot(app, &app.run.at(now), now, area, buf);
}

/// [`draw`] for a snapshot already computed (the runner's, which it also
/// needs for the bell and for when to wake).
pub fn draw_snapshot(app: &App, snap: &Snapshot, now: Time, area: Rect, buf: &mut Buffer) {
    let recovery = recovery::suggest_for(&app.run, snap);
    Screen::new(app, snap, recovery.as_ref(), now).render(area, buf);
}

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        if self.app.ui.stage {
            StageView::new(&self.app.run, self.snap, self.palette(), self.now).render(area, buf);
            // The timekeeper's own warning stays on the speaker's view too.
            if let Some(reason) = &self.app.not_recording {
                Line::from(truncate(
                    &format!("NOT RECORDING: {reason}"),
                    area.width as usize,
                ))
                .style(self.palette().alarm())
                .render(Rect { height: 1, ..area }, buf);
            }
        } else if area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT {
            self.render_full(area, buf);
        } else if area.width >= 24 && area.height >= 6 {
            self.render_compact(area, buf);
        } else {
            self.render_tiny(area, buf);
        }
        match self.app.ui.overlay {
            Some(Overlay::Help) => overlay::render_help(area, buf),
            Some(Overlay::ConfirmQuit) => {
                overlay::render_confirm(area, buf, self.app.not_recording.as_deref());
            }
            None => {}
        }
    }
}

impl Screen<'_> {
    fn palette(&self) -> Palette {
        Palette {
            monochrome: self.app.ui.monochrome,
        }
    }

    fn blink(&self) -> bool {
        blink_on(self.now)
    }

    fn plan(&self) -> &crate::plan::Plan {
        &self.app.run.plan
    }

    /// "10:00–11:15", on the plan's clock or counted from the start.
    fn window(&self) -> String {
        let plan = self.plan();
        match plan.start {
            Some(start) if self.snap.on_plan_clock => {
                let end = start + chrono::TimeDelta::seconds(plan.budget_seconds);
                let format = if start.second() == 0 && end.second() == 0 {
                    "%H:%M"
                } else {
                    "%H:%M:%S"
                };
                format!("{}–{}", start.format(format), end.format(format))
            }
            Some(start) => format!(
                "planned {}, timed from {}",
                start.format("%H:%M"),
                if self.app.run.started.is_some() {
                    hms(self.snap.anchor)
                } else {
                    "Space".to_owned()
                }
            ),
            None => format!("{} from Space", minutes(plan.budget_seconds)),
        }
    }

    /// "Session 32:10 / 75:00 · 2:10 behind · projected 11:17:10, 2:10 late".
    fn totals_line(&self) -> Line<'static> {
        let snap = self.snap;
        let palette = self.palette();
        let behind = match snap.behind.cmp(&0) {
            std::cmp::Ordering::Greater => format!("{} behind", clock(snap.behind)),
            std::cmp::Ordering::Less => format!("{} ahead", clock(-snap.behind)),
            std::cmp::Ordering::Equal => "on schedule".to_owned(),
        };
        let late = match snap.late.cmp(&0) {
            std::cmp::Ordering::Greater => format!("{} late", clock(snap.late)),
            std::cmp::Ordering::Less => format!("{} early", clock(-snap.late)),
            std::cmp::Ordering::Equal => "on time".to_owned(),
        };
        let end_word = if self.app.run.is_closed() {
            "ended"
        } else {
            "projected"
        };
        Line::from(vec![
            Span::styled("Session ", Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(
                format!(
                    "{} / {}",
                    minutes(snap.used),
                    minutes(self.plan().budget_seconds)
                ),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(" · "),
            Span::styled(behind, palette.late(snap.behind)),
            Span::raw(format!(" · {end_word} {}, ", hms(snap.projected_end))),
            Span::styled(late, palette.late(snap.late)),
        ])
    }

    /// The one-line key help, the least needed keys dropped to fit `width`.
    fn help_line(&self, width: usize) -> Line<'static> {
        let closed = self.app.run.is_closed();
        let mut keys: Vec<&str> = if closed {
            vec!["p reopen the last segment"]
        } else {
            let space = match self.app.run.phase {
                Phase::Ready => "Space start",
                Phase::Paused(_) => "Space resume",
                _ => "Space pause",
            };
            vec![space, "n next", "p undo", "+/- min"]
        };
        if self.recovery.is_some_and(|r| !r.cuts.is_empty()) {
            keys.push("a apply");
        }
        keys.push("? help");
        keys.push("q quit");
        let optional = [
            "s stage",
            if self.app.ui.bell {
                "b bell"
            } else {
                "b bell (off)"
            },
        ];
        for extra in optional {
            let longer =
                keys.iter().map(|k| text::width(k) + 3).sum::<usize>() + text::width(extra);
            if longer <= width {
                let at = keys.len() - 2;
                keys.insert(at, extra);
            }
        }
        Line::from(keys.join(" · ")).style(Style::new().add_modifier(Modifier::DIM))
    }

    fn segment_heading(&self) -> (String, String) {
        let run = &self.app.run;
        let i = self.snap.current;
        let segment = &run.plan.segments[i];
        let heading = format!("{}/{}  {}", i + 1, run.plan.segments.len(), segment.title);
        let who = match (&segment.speaker, &segment.role) {
            (Some(s), Some(r)) => format!("{s} · {r}"),
            (Some(s), None) => s.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => String::new(),
        };
        (heading, who)
    }

    fn next_line(&self) -> String {
        let run = &self.app.run;
        let next = match run.phase {
            Phase::Ready => Some(0),
            Phase::Running(i) | Phase::Paused(i) => Some(i + 1),
            Phase::Finished | Phase::Ended(_) => None,
        };
        match next.map(|i| (i, run.plan.segments.get(i))) {
            Some((0, _)) if matches!(run.phase, Phase::Ready) => {
                "Press Space to start the session".to_owned()
            }
            Some((i, Some(s))) => {
                let speaker = s
                    .speaker
                    .as_ref()
                    .map_or_else(String::new, |speaker| format!(" · {speaker}"));
                format!("Next: {}{speaker} ({})", s.title, clock(run.allowed(i)))
            }
            Some((_, None)) => format!(
                "Next: end of session (scheduled {})",
                hms(self.snap.scheduled_end)
            ),
            None if matches!(run.phase, Phase::Finished) => {
                "Last segment ended: the run is finished".to_owned()
            }
            None => "The run was ended early".to_owned(),
        }
    }

    fn header_rows(&self, area: Rect, buf: &mut Buffer) {
        let palette = self.palette();
        let rehearsal = self.app.run.mode == crate::run::Mode::Rehearsal;
        let mut right = Vec::new();
        if rehearsal {
            right.push(Span::styled(
                " REHEARSAL ",
                palette.badge(Countdown::Paused),
            ));
            right.push(Span::raw("  "));
        }
        right.push(Span::styled(
            hms(self.snap.now),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        let right = Line::from(right).alignment(Alignment::Right);
        let mut row = Rect { height: 1, ..area };
        let title_w = row.width.saturating_sub(right.width() as u16 + 1) as usize;
        Line::from(Span::styled(
            truncate(&self.plan().title, title_w),
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .render(row, buf);
        right.render(row, buf);
        row.y += 1;
        if area.height > 1 {
            let mut about = Vec::new();
            if let Some(location) = &self.plan().location {
                about.push(location.clone());
            }
            about.push(self.window());
            Line::from(truncate(&about.join(" · "), row.width as usize))
                .style(Style::new().add_modifier(Modifier::DIM))
                .render(row, buf);
        }
    }

    /// The NOT RECORDING warning and notices, one row each.
    fn status_rows(&self) -> Vec<Line<'static>> {
        let mut rows = Vec::new();
        if let Some(reason) = &self.app.not_recording {
            rows.push(
                Line::from(format!(
                    " NOT RECORDING: {reason} — timing goes on; events are kept and retried "
                ))
                .style(self.palette().alarm()),
            );
        }
        for notice in self.app.live_notices(self.now) {
            rows.push(
                Line::from(format!("» {}", notice.text))
                    .style(Style::new().add_modifier(Modifier::ITALIC)),
            );
        }
        rows
    }

    fn render_full(&self, area: Rect, buf: &mut Buffer) {
        let mut rest = area;
        let header = take_top(&mut rest, 2);
        self.header_rows(header, buf);
        let help = take_bottom(&mut rest, 1);
        self.help_line(help.width as usize).render(help, buf);
        let totals = take_bottom(&mut rest, 1);
        self.totals_line().render(totals, buf);

        for line in self.status_rows() {
            if rest.height < 20 {
                break;
            }
            line.render(take_top(&mut rest, 1), buf);
        }

        if self.app.run.is_closed() {
            self.render_finish(rest, buf);
            return;
        }

        let (heading, who) = self.segment_heading();
        Line::from(Span::styled(
            heading,
            Style::new().add_modifier(Modifier::BOLD),
        ))
        .render(take_top(&mut rest, 1), buf);
        Line::from(truncate(&who, rest.width as usize)).render(take_top(&mut rest, 1), buf);

        let big = take_top(&mut rest, 8);
        self.render_countdown(big, buf);
        self.render_progress(take_top(&mut rest, 1), buf);
        Line::from(truncate(&self.next_line(), rest.width as usize))
            .render(take_top(&mut rest, 1), buf);
        if let Some(recovery) = self.recovery {
            // The key first, so a narrow screen cuts the details, not it.
            let action = if recovery.cuts.is_empty() { "" } else { "a: " };
            let text = format!(
                "⚠ {} late · {action}{}",
                clock(recovery.needed),
                recovery.describe(&self.app.run)
            );
            Line::from(truncate(&text, rest.width as usize))
                .style(self.palette().fg(ORANGE).add_modifier(Modifier::BOLD))
                .render(take_top(&mut rest, 1), buf);
        }
        self.render_rundown(rest, buf);
    }

    /// Big digits on the left, the state in words on the right.
    fn render_countdown(&self, area: Rect, buf: &mut Buffer) {
        let status = self.snap.countdown;
        let digits = countdown_text(self.snap);
        let label = status.label();
        let label_w = (text::width(&label) as u16 + 4).max(14);
        let digits_w = digits.chars().count() as u16 * 8;
        let mut digits_area = area;
        let label_area = if area.width >= digits_w + label_w + 2 {
            let label_area = Rect {
                x: area.x + area.width - label_w,
                width: label_w,
                ..area
            };
            digits_area.width -= label_w;
            label_area
        } else {
            take_bottom(&mut digits_area, 1)
        };
        render_digits(
            &digits,
            digits_area,
            buf,
            self.palette().countdown(status, self.blink()),
        );
        render_badge(&label, label_area, buf, self.palette().badge(status));
    }

    fn render_progress(&self, area: Rect, buf: &mut Buffer) {
        let snap = self.snap;
        let caption = format!(" {} of {} ", clock(snap.elapsed), clock(snap.allowed));
        let caption_w = text::width(&caption) as u16;
        let bar_w = area.width.saturating_sub(caption_w + 2) as usize;
        let ratio = if snap.allowed > 0 {
            (snap.elapsed as f64 / snap.allowed as f64).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let filled = (ratio * bar_w as f64).round() as usize;
        let style = self
            .palette()
            .countdown(snap.countdown, false)
            .remove_modifier(Modifier::REVERSED);
        if area.width < 2 || area.height == 0 {
            return;
        }
        // Cell by cell: the bar is one symbol repeated, and a string of it
        // would be cut into graphemes again on every frame.
        let (x0, y) = (area.x, area.y);
        buf[(x0, y)].set_symbol("[");
        let dim = Style::new().add_modifier(Modifier::DIM);
        for i in 0..bar_w {
            let (symbol, cell_style) = if i < filled {
                ("█", style)
            } else {
                ("░", dim)
            };
            buf[(x0 + 1 + i as u16, y)]
                .set_symbol(symbol)
                .set_style(cell_style);
        }
        let after = x0 + 1 + bar_w as u16;
        buf[(after, y)].set_symbol("]");
        let rest = Rect {
            x: after + 1,
            width: area.right().saturating_sub(after + 1),
            ..area
        };
        Line::from(caption).render(rest, buf);
    }

    fn render_compact(&self, area: Rect, buf: &mut Buffer) {
        let mut rest = area;
        let (heading, _) = self.segment_heading();
        let clock_text = if self.app.run.mode == crate::run::Mode::Rehearsal {
            format!("REHEARSAL {}", hms(self.snap.now))
        } else {
            hms(self.snap.now)
        };
        let top = take_top(&mut rest, 1);
        let clock_w = text::width(&clock_text) as u16 + 1;
        Line::from(truncate(
            &heading,
            top.width.saturating_sub(clock_w) as usize,
        ))
        .style(Style::new().add_modifier(Modifier::BOLD))
        .render(top, buf);
        Line::from(clock_text)
            .alignment(Alignment::Right)
            .render(top, buf);
        let totals = take_bottom(&mut rest, 1);
        let snap = self.snap;
        let behind = match snap.behind.cmp(&0) {
            std::cmp::Ordering::Greater => format!(" · {} behind", clock(snap.behind)),
            std::cmp::Ordering::Less => format!(" · {} ahead", clock(-snap.behind)),
            std::cmp::Ordering::Equal => String::new(),
        };
        Line::from(truncate(
            &format!(
                "{} / {}{behind}",
                minutes(snap.used),
                minutes(self.plan().budget_seconds)
            ),
            totals.width as usize,
        ))
        .render(totals, buf);
        if let Some(reason) = &self.app.not_recording {
            Line::from(truncate(
                &format!("NOT RECORDING: {reason}"),
                rest.width as usize,
            ))
            .style(self.palette().alarm())
            .render(take_top(&mut rest, 1), buf);
        }
        let label = take_bottom(&mut rest, 1);
        let status = snap.countdown;
        render_badge(&status.label(), label, buf, self.palette().badge(status));
        render_digits(
            &countdown_text(snap),
            rest,
            buf,
            self.palette().countdown(status, self.blink()),
        );
    }

    fn render_tiny(&self, area: Rect, buf: &mut Buffer) {
        let status = self.snap.countdown;
        let width = area.width as usize;
        let mut notes = Vec::new();
        if self.app.not_recording.is_some() {
            notes.push("NOT RECORDING");
        }
        if self.app.run.mode == crate::run::Mode::Rehearsal {
            notes.push("REHEARSAL");
        }
        // On a single row the warnings shrink to a mark before the time.
        let mark = match (
            area.height,
            self.app.not_recording.is_some(),
            notes.is_empty(),
        ) {
            (1, true, _) => "! ",
            (1, false, false) => "R ",
            _ => "",
        };
        let digits = countdown_text(self.snap);
        let with_label = format!("{mark}{digits} {}", status.label());
        let first = if text::width(&with_label) <= width {
            with_label
        } else {
            format!("{mark}{digits}")
        };
        let mut rest = area;
        Line::from(truncate(&first, width))
            .style(self.palette().countdown(status, self.blink()))
            .alignment(Alignment::Center)
            .render(take_top(&mut rest, 1), buf);
        for note in notes {
            if rest.height == 0 {
                break;
            }
            let style = if note == "NOT RECORDING" {
                self.palette().alarm()
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            Line::from(truncate(note, width))
                .style(style)
                .alignment(Alignment::Center)
                .render(take_top(&mut rest, 1), buf);
        }
    }
}
