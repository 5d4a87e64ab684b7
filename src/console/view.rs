//! Drawing the console: a pure function of the app and one [`Snapshot`].
//!
//! Nothing here reads a clock or a file. [`Screen`] is built by the runner
//! (or a test) for one instant and rendered as a ratatui widget. The layout
//! has three sizes: the full console from 80x24, a compact one (countdown,
//! state and total) below that, and a bare time on tiny terminals.

use chrono::Timelike as _;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::app::App;
use crate::recovery::{self, Recovery};
use crate::run::{Countdown, Phase, SegmentState, Snapshot, Time, blink_on};
use crate::text::{self, pad_left, pad_right, truncate};
use crate::time::{clock, hm, hms, minutes, signed};

/// Smallest size that gets the full console.
pub const FULL_WIDTH: u16 = 80;
pub const FULL_HEIGHT: u16 = 24;

/// The colours and emphasis that carry each state, beside its words.
/// Colour-blind-safe by default (Okabe–Ito hues as 256-colour indices);
/// `NO_COLOR` keeps only bold, dim and inversion.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub monochrome: bool,
}

/// Okabe–Ito: bluish green, orange, vermillion, sky blue.
const GREEN: Color = Color::Indexed(36);
const ORANGE: Color = Color::Indexed(214);
const VERMILLION: Color = Color::Indexed(202);
const SKY: Color = Color::Indexed(74);

impl Palette {
    fn fg(self, color: Color) -> Style {
        if self.monochrome {
            Style::new()
        } else {
            Style::new().fg(color)
        }
    }

    /// The style of the countdown digits and the state label.
    pub fn countdown(self, status: Countdown, blink: bool) -> Style {
        let style = match status {
            Countdown::Ready | Countdown::Finished => Style::new().add_modifier(Modifier::BOLD),
            Countdown::OnTime => self.fg(GREEN).add_modifier(Modifier::BOLD),
            Countdown::Amber => self.fg(ORANGE).add_modifier(Modifier::BOLD),
            Countdown::Red | Countdown::Over(_) => self.fg(VERMILLION).add_modifier(Modifier::BOLD),
            Countdown::Paused => self.fg(SKY).add_modifier(Modifier::DIM),
        };
        if matches!(status, Countdown::Over(_)) && blink {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        }
    }

    /// The state label: always inverted, so it reads as a badge.
    pub fn badge(self, status: Countdown) -> Style {
        self.countdown(status, false)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
            .remove_modifier(Modifier::DIM)
    }

    fn late(self, seconds: i64) -> Style {
        match seconds.cmp(&0) {
            std::cmp::Ordering::Greater => self.fg(VERMILLION),
            std::cmp::Ordering::Less => self.fg(GREEN),
            std::cmp::Ordering::Equal => Style::new(),
        }
    }

    fn alarm(self) -> Style {
        if self.monochrome {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(VERMILLION)
                .add_modifier(Modifier::BOLD)
        }
    }
}

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
            super::stage::StageView::from_screen(&self).render(area, buf);
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
        if self.app.ui.help {
            render_help(area, buf);
        }
        if self.app.ui.confirm_quit {
            render_confirm(area, buf, self.app.not_recording.as_deref());
        }
    }
}

/// Cuts `height` rows off the top of `area`.
fn take_top(area: &mut Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    let top = Rect { height, ..*area };
    area.y += height;
    area.height -= height;
    top
}

/// Cuts `height` rows off the bottom of `area`.
fn take_bottom(area: &mut Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    area.height -= height;
    Rect {
        y: area.y + area.height,
        height,
        ..*area
    }
}

/// The countdown's digits: time left, or `+m:ss` once over.
pub fn countdown_text(snap: &Snapshot) -> String {
    match snap.countdown {
        Countdown::Over(over) => format!("+{}", clock(over)),
        Countdown::Finished => clock(snap.used),
        _ => clock(snap.left.max(0)),
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

    fn render_rundown(&self, area: Rect, buf: &mut Buffer) {
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

    /// The finish screen: each segment's planned against actual as bars.
    fn render_finish(&self, area: Rect, buf: &mut Buffer) {
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
            Line::from(truncate(
                &format!("Journal: {path} — report: timekeeper report {path}"),
                rest.width as usize,
            ))
            .style(Style::new().add_modifier(Modifier::DIM))
            .render(take_top(&mut rest, 1), buf);
        }
        take_top(&mut rest, 1);
        let longest = self
            .snap
            .rows
            .iter()
            .map(|r| (r.planned + r.adjusted).max(r.actual.unwrap_or(0)))
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
            .style(Style::new().add_modifier(Modifier::DIM))
            .render(more, buf);
        }
        for (i, row) in self.snap.rows.iter().enumerate().take(visible) {
            let title = &run.plan.segments[i].title;
            // As in the rundown: the time the segment had, plan plus `+`/`-`.
            let allowed = row.planned + row.adjusted;
            let planned = scale(allowed);
            let plan_line = Line::from(vec![
                Span::raw(pad_right(&format!("{} {title}", i + 1), label_w)),
                Span::raw(" "),
                Span::styled(
                    pad_right(&"░".repeat(planned), bar_w),
                    Style::new().add_modifier(Modifier::DIM),
                ),
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

/// First rundown row to show so the current one stays in view with a little
/// context above it.
fn window_start(current: usize, rows: usize, visible: usize) -> usize {
    if rows <= visible {
        return 0;
    }
    current.saturating_sub(visible / 3).min(rows - visible)
}

/// Draws the countdown as large as `area` allows: big 8x8 glyphs when they
/// fit, smaller glyph sizes next, plain bold text last.
pub fn render_digits(digits: &str, area: Rect, buf: &mut Buffer, style: Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let glyphs = digits.chars().count() as u16;
    // (pixel size, columns per glyph, rows per glyph)
    let sizes = [
        (PixelSize::Full, 8, 8),
        (PixelSize::HalfHeight, 8, 4),
        (PixelSize::Quadrant, 4, 4),
        (PixelSize::Sextant, 4, 3),
        (PixelSize::Octant, 4, 2),
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

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

const HELP: &[(&str, &str)] = &[
    ("Space", "start the session; then pause / resume"),
    ("n → Enter", "end this segment, start the next"),
    ("p ←", "undo the last n: the previous segment goes on"),
    ("+ / -", "give / take one minute"),
    ("a", "apply the suggested recovery plan"),
    ("s", "speaker-facing stage view on/off"),
    ("b", "bell on/off (amber, zero, each minute over)"),
    ("?", "this help (any key closes it)"),
    ("q", "quit (asks while a run is in progress)"),
];

fn render_help(area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{key:>10}  "),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .chain([
            Line::raw(""),
            Line::raw("Every event is saved as it happens: if this terminal dies,"),
            Line::raw("run the same command again to carry on."),
        ])
        .collect();
    let target = popup(area, 64, lines.len() as u16 + 2);
    Clear.render(target, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::new().borders(Borders::ALL).title(" Keys "))
        .render(target, buf);
}

fn render_confirm(area: Rect, buf: &mut Buffer, not_recording: Option<&str>) {
    // The reason for NOT RECORDING is on the screen's own warning row; the
    // question only needs to say what it means for quitting.
    let saved = if not_recording.is_some() {
        "NOT RECORDING: this run is not saved."
    } else {
        "Everything so far is saved."
    };
    if area.width < 46 || area.height < 9 {
        // Too small for a box that would hide the time: one row at the
        // bottom instead.
        let row = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        Clear.render(row, buf);
        Line::from(truncate(
            "End run and quit? y: yes · n: keep timing",
            area.width as usize,
        ))
        .style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD))
        .render(row, buf);
        return;
    }
    let lines = vec![
        Line::from(Span::styled(
            "End this run and quit?",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        // Keeping on timing first: it is what a cut-off line must not lose.
        Line::raw("n / Esc: keep timing · y or q: end the run"),
        Line::raw(saved),
    ];
    let target = popup(area, 46, 5);
    Clear.render(target, buf);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .block(Block::new().borders(Borders::ALL))
        .render(target, buf);
}
