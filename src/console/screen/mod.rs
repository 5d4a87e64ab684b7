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
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

mod finish;
mod fit;
mod floor;
mod overlay;
mod rundown;

use super::app::{
    App, Editor, FORM_FIELDS, FloorIntent, Form, Intent, Overlay, Prompt, Purpose, expected_start,
    fill,
};
use super::keys::hint;
use crate::recovery::{self, Recovery};
use crate::run::{Command as Run, Countdown, Phase, Rebalance, Snapshot, Time, blink_on};
use crate::screens::stage::StageView;
use crate::screens::theme::{GREEN, ORANGE, Palette, SKY, VERMILLION};
use crate::screens::widgets::{
    countdown_text, render_badge, render_digits, render_scaled, take_bottom, take_top,
};
use crate::text::{self, truncate};
use crate::time::{clock, hms, minutes};

/// A time of day to the minute when it falls on one ("11:15"), else to
/// the second.
fn short_time(t: Time) -> String {
    if t.second() == 0 {
        crate::time::hm(t)
    } else {
        hms(t)
    }
}

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
            if let Some(Overlay::Prompt(prompt)) = &self.app.ui.overlay {
                self.render_prompt(prompt, area, buf);
            }
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
        match &self.app.ui.overlay {
            Some(Overlay::Help) => overlay::render_help(area, buf),
            Some(Overlay::ConfirmQuit) => {
                overlay::render_confirm(area, buf, self.app.not_recording.as_deref());
            }
            Some(Overlay::Links) => {
                // The time stays in view on its own line above the links.
                let mut rest = area;
                if area.height >= 3 {
                    self.render_time_strip(take_top(&mut rest, 1), buf);
                }
                overlay::render_links(self.app.web.as_ref(), rest, buf);
            }
            // Drawn in their place by the layouts.
            Some(Overlay::Prompt(_) | Overlay::Editor(_) | Overlay::List(_)) | None => {}
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

    /// The one question at the podium: will the room be handed over on
    /// time? "Session 32:10 / 75:00 · projected end 11:17:10, 2:10 late
    /// (scheduled 11:15)": the projected end against the scheduled end
    /// (start plus budget), the longest phrasing that fits `width`.
    fn totals_line(&self, width: usize) -> Line<'static> {
        let snap = self.snap;
        let palette = self.palette();
        let used = format!(
            "{} / {}",
            minutes(snap.used),
            minutes(self.plan().budget_seconds)
        );
        let late = text::lateness(snap.late);
        let scheduled = short_time(snap.scheduled_end);
        let end = hms(snap.projected_end);
        let word = if self.app.run.is_closed() {
            "ended"
        } else {
            "projected end"
        };
        let short_word = if self.app.run.is_closed() {
            "ended"
        } else {
            "ends"
        };
        // (lead, figures, the lateness, what it is against)
        let phrasings = [
            (
                "Session ",
                format!(" · {word} {end}, "),
                format!(" (scheduled {scheduled})"),
            ),
            (
                "Session ",
                format!(" · {short_word} {end}, "),
                format!(" ({scheduled})"),
            ),
            ("", format!(" · {short_word} {end}, "), String::new()),
            ("", " · ".to_owned(), String::new()),
        ];
        let (lead, middle, tail) = phrasings
            .iter()
            .find(|(lead, middle, tail)| {
                text::width(lead)
                    + text::width(&used)
                    + text::width(middle)
                    + text::width(&late)
                    + text::width(tail)
                    <= width
            })
            .unwrap_or(&phrasings[3]);
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Line::from(vec![
            Span::styled(*lead, bold),
            Span::styled(used, bold),
            Span::raw(middle.clone()),
            Span::styled(late, palette.late(snap.late)),
            Span::raw(tail.clone()),
        ])
    }

    /// The one-line key help for what is open, the least needed keys
    /// dropped to fit `width`.
    fn help_line(&self, width: usize) -> Line<'static> {
        let dim = Style::new().add_modifier(Modifier::DIM);
        match &self.app.ui.overlay {
            Some(Overlay::Editor(Editor { form: Some(_), .. })) => {
                return Line::from(truncate(
                    "Tab next field · Space flexible on/off · Enter save · Esc cancel",
                    width,
                ))
                .style(dim);
            }
            Some(Overlay::Editor(_)) => {
                return Line::from(truncate(
                    "EDIT ↑↓ · x skip · K/J move · i insert · c change · u/r undo/redo · Esc done",
                    width,
                ))
                .style(Style::new().add_modifier(Modifier::BOLD));
            }
            Some(Overlay::List(crate::console::app::ListEditor { form: Some(_), .. })) => {
                return Line::from(truncate(
                    "Tab next field · Enter save · Esc cancel · the countdown keeps running",
                    width,
                ))
                .style(dim);
            }
            Some(Overlay::List(_)) => {
                return Line::from(truncate(
                    "LIST ↑↓ · i add · x strike · K/J move · c change · u/r undo/redo · Esc done",
                    width,
                ))
                .style(Style::new().add_modifier(Modifier::BOLD));
            }
            Some(Overlay::Prompt(_)) => {
                return Line::from(truncate(
                    "type, Enter sends · a preset: its number, Enter · Tab pin · Esc cancel",
                    width,
                ))
                .style(dim);
            }
            _ => {}
        }
        // Each key as the one key table names it: `n next`, `? help`.
        let closed = self.app.run.is_closed();
        let mut keys: Vec<String> = if closed {
            vec![hint(&Intent::Run(Run::Back), "reopen the last segment")]
        } else {
            let space = match self.app.run.phase {
                Phase::Ready => "start",
                Phase::Paused(_) => "resume",
                _ => "pause",
            };
            let space = hint(&Intent::Run(Run::StartOrPause), space);
            if self.snap.floor.is_some() {
                vec![
                    space,
                    hint(&Intent::Run(Run::Next), "next speaker"),
                    hint(&Intent::Floor(FloorIntent::Chair), "chair"),
                    hint(&Intent::Floor(FloorIntent::Order), "order"),
                    hint(&Intent::Floor(FloorIntent::OpenList), "list"),
                ]
            } else {
                vec![
                    space,
                    hint(&Intent::Run(Run::Next), "next"),
                    hint(&Intent::Run(Run::Back), "back"),
                    "+/- min".to_owned(),
                ]
            }
        };
        if self.recovery.is_some_and(|r| !r.cuts.is_empty()) || self.floor_fit().is_some() {
            keys.push(hint(&Intent::ApplySuggestion, "apply"));
        }
        keys.push(hint(&Intent::ToggleHelp, "help"));
        keys.push(hint(&Intent::Quit, "quit"));
        let undo = if self.app.run.undo_label().is_some() {
            hint(&Intent::Run(Run::Undo), "undo")
        } else {
            String::new()
        };
        let bell = if self.app.ui.bell {
            "bell on"
        } else {
            "bell OFF"
        };
        let optional = [
            undo,
            hint(&Intent::OpenPrompt, "message"),
            hint(&Intent::OpenEditor, "edit"),
            hint(&Intent::ToggleStage, "stage"),
            hint(&Intent::ToggleBell, bell),
        ];
        for extra in optional.into_iter().filter(|k| !k.is_empty()) {
            let longer =
                keys.iter().map(|k| text::width(k) + 3).sum::<usize>() + text::width(&extra);
            if longer <= width {
                let at = keys.len() - 2;
                keys.insert(at, extra);
            }
        }
        Line::from(keys.join(" · ")).style(dim)
    }

    fn segment_heading(&self) -> (String, String) {
        let run = &self.app.run;
        let i = self.snap.current;
        let segment = run.segment(i);
        let flexible = if segment.flexible { "  (flexible)" } else { "" };
        let heading = format!(
            "{}/{}  {}{flexible}",
            i + 1,
            run.rundown.len(),
            segment.title
        );
        let who = match (&segment.speaker, &segment.role) {
            (Some(s), Some(r)) => format!("{s} · {r}"),
            (Some(s), None) => s.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => String::new(),
        };
        (heading, who)
    }

    /// The line under the countdown: who is next (and when, once the
    /// session runs ahead or behind), or how long until the start; its
    /// details dropped, least needed first, to fit `width`.
    fn next_line(&self, width: usize) -> String {
        let run = &self.app.run;
        let snap = self.snap;
        if let Some(seconds) = run.until_start(snap) {
            return if seconds > 0 {
                format!(
                    "Starts in {} (scheduled {}) · Space starts the session",
                    clock(seconds),
                    hms(snap.anchor)
                )
            } else {
                format!(
                    "Starting late +{} (scheduled {}) · Space starts the session",
                    clock(-seconds),
                    hms(snap.anchor)
                )
            };
        }
        match (run.phase, snap.next) {
            (Phase::Ready, _) => "Press Space to start the session".to_owned(),
            (Phase::Running(_) | Phase::Paused(_), Some(i)) => {
                let s = run.segment(i);
                let speaker = s
                    .speaker
                    .as_ref()
                    .map_or_else(String::new, |speaker| format!(" · {speaker}"));
                // When the next speaker is due at another time than the
                // plan as filed says, they need to know when to be ready:
                // that stays longest.
                let expected = expected_start(snap, i)
                    .filter(|t| *t != snap.rows[i].scheduled_start)
                    .map_or_else(String::new, |t| format!(" · expected {}", hms(t)));
                let time = format!(" ({})", clock(run.allowed(i)));
                [
                    format!("Next: {}{speaker}{time}{expected}", s.title),
                    format!("Next: {}{speaker}{expected}", s.title),
                    format!("Next: {}{time}{expected}", s.title),
                    format!("Next: {}{expected}", s.title),
                ]
                .into_iter()
                .find(|line| text::width(line) <= width)
                .unwrap_or_else(|| {
                    // The time it is expected, whole, and the title cut.
                    let room = width.saturating_sub(text::width(&expected));
                    format!(
                        "{}{expected}",
                        truncate(&format!("Next: {}", s.title), room)
                    )
                })
            }
            (Phase::Running(_) | Phase::Paused(_), None) => format!(
                "Next: end of session (scheduled {})",
                hms(snap.scheduled_end)
            ),
            (Phase::Finished, _) => "Last segment ended: the run is finished".to_owned(),
            (Phase::Ended(_), _) => "The session was ended early".to_owned(),
        }
    }

    /// What the speaker sees besides the time: the message, a flash.
    fn on_stage_line(&self) -> Option<Line<'static>> {
        let snap = self.snap;
        let flashing = self.app.run.flashing(self.now);
        if snap.message.is_none() && !flashing {
            return None;
        }
        let lead = if snap.message.is_some() {
            "On stage (M clears): "
        } else {
            "On stage: "
        };
        let mut spans = vec![Span::styled(
            lead,
            Style::new().add_modifier(Modifier::BOLD),
        )];
        if flashing {
            spans.push(Span::styled(
                " FLASH ",
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ));
            spans.push(Span::raw(" "));
        }
        if let Some(message) = &snap.message {
            if self.app.run.message.as_ref().is_some_and(|m| m.pinned) {
                spans.push(Span::raw("(pinned) "));
            }
            spans.push(Span::styled(
                format!("“{message}”"),
                self.palette().fg(SKY).add_modifier(Modifier::BOLD),
            ));
        }
        Some(Line::from(spans))
    }

    fn header_rows(&self, area: Rect, buf: &mut Buffer) {
        let palette = self.palette();
        let rehearsal = self.app.run.mode == crate::run::Mode::Rehearsal;
        let mut right = Vec::new();
        if let Some(web) = &self.app.web {
            let text = match &web.off {
                Some(why) => format!("WEB OFF: {why}"),
                None if web.refused > 0 => format!(
                    "web · {} connected · {} open · {} refused",
                    web.connected,
                    web.open,
                    grouped(web.refused)
                ),
                None if self.app.web_unreached => {
                    "web · nobody connected: check the firewall".to_owned()
                }
                None => format!("web · {} connected", web.connected),
            };
            right.push(Span::styled(text, Style::new().add_modifier(Modifier::DIM)));
            right.push(Span::raw("  "));
        }
        if !self.app.ui.bell {
            right.push(Span::styled(
                "bell off",
                Style::new().add_modifier(Modifier::DIM),
            ));
            right.push(Span::raw("  "));
        }
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
            if self.app.awake_problem.is_some() {
                about.push("SCREEN MAY SLEEP".to_owned());
            }
            Line::from(truncate(&about.join(" · "), row.width as usize))
                .style(Style::new().add_modifier(Modifier::DIM))
                .render(row, buf);
        }
    }

    /// The NOT RECORDING warning and notices, one row each, for `width`.
    fn status_rows(&self, width: usize) -> Vec<Line<'static>> {
        let mut rows = Vec::new();
        if let Some(reason) = &self.app.not_recording {
            // The reason first; what it means as far as it fits.
            // A time the journal cannot hold is not retried: say the reason
            // alone then.
            let retried = !reason.starts_with("cannot record");
            let text = [
                if retried {
                    format!(
                        " NOT RECORDING: {reason} — timing goes on; events are kept and retried "
                    )
                } else {
                    format!(" NOT RECORDING: {reason} — timing goes on ")
                },
                if retried {
                    format!(" NOT RECORDING: {reason} — events kept, retried ")
                } else {
                    format!(" NOT RECORDING: {reason} ")
                },
                format!(" NOT RECORDING: {reason} "),
            ]
            .into_iter()
            .find(|t| text::width(t) <= width)
            .unwrap_or_else(|| format!(" NOT RECORDING: {reason} "));
            rows.push(Line::from(text).style(self.palette().alarm()));
        }
        // The newest first: it is the one a key just caused.
        let notices: Vec<_> = self.app.live_notices(self.now).collect();
        for notice in notices.into_iter().rev() {
            rows.push(
                Line::from(format!("» {}", notice.text))
                    .style(Style::new().add_modifier(Modifier::ITALIC)),
            );
        }
        rows
    }

    #[expect(
        clippy::too_many_lines,
        reason = "the full console laid out top to bottom, one block after another"
    )]
    fn render_full(&self, area: Rect, buf: &mut Buffer) {
        let mut rest = area;
        let header = take_top(&mut rest, 2);
        self.header_rows(header, buf);
        let help = take_bottom(&mut rest, 1);
        self.help_line(help.width as usize).render(help, buf);
        let totals = take_bottom(&mut rest, 1);
        self.totals_line(totals.width as usize).render(totals, buf);
        if let Some(Overlay::Prompt(prompt)) = &self.app.ui.overlay {
            let height = self.prompt_height();
            let bottom = take_bottom(&mut rest, height);
            self.render_prompt(prompt, bottom, buf);
        }

        // Two notices at 80x24 (the newest first), more on a taller
        // terminal; the countdown and some rundown always keep their rows.
        for line in self.status_rows(rest.width as usize) {
            if rest.height < 19 {
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
        let floor = self.floor();
        let who = floor.map_or(who, |(f, v)| self.floor_who(f, v));
        Line::from(truncate(&who, rest.width as usize)).render(take_top(&mut rest, 1), buf);
        if self.app.ui.notes {
            let notes = self.app.run.segment(self.snap.current).notes.as_deref();
            let text = notes.map_or_else(|| "(no notes)".to_owned(), |n| format!("Notes: {n}"));
            let lines = (text::width(&text) / rest.width.max(1) as usize + 1).min(3) as u16;
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .style(Style::new().add_modifier(Modifier::ITALIC))
                .render(take_top(&mut rest, lines), buf);
        }

        // The countdown grows with the terminal: the 8 rows of the big
        // digits up to 30 rows, two fifths of a taller one (room for digits
        // scaled to twice their height from 40 rows).
        let countdown_rows = if area.height < 30 {
            8
        } else {
            area.height * 2 / 5
        };
        let big = take_top(&mut rest, countdown_rows);
        match floor {
            Some((_, view)) => self.render_floor_countdown(view, big, buf),
            None => self.render_countdown(big, buf),
        }
        if let Some(line) = self.on_stage_line() {
            line.render(take_top(&mut rest, 1), buf);
        }
        self.render_progress(take_top(&mut rest, 1), buf);
        let next = match floor {
            Some((f, v)) => self.floor_line(f, v, rest.width as usize),
            None => self.next_line(rest.width as usize),
        };
        Line::from(truncate(&next, rest.width as usize)).render(take_top(&mut rest, 1), buf);
        if let Some(suggestion) = self.recovery {
            // The key first, so a narrow screen cuts the details, not it.
            let action = if suggestion.cuts.is_empty() {
                ""
            } else {
                "a: "
            };
            let (mark, word) = match suggestion.kind {
                Rebalance::Recovery => ("⚠", "late"),
                Rebalance::GiveBack => ("✓", "early"),
            };
            // The whole suggestion where it fits, its short form where not.
            let width = rest.width as usize;
            let text = [
                suggestion.describe(&self.app.run),
                suggestion.describe_short(&self.app.run),
            ]
            .into_iter()
            .map(|what| {
                format!(
                    "{mark} {} {word} · {action}{what}",
                    clock(suggestion.needed)
                )
            })
            .find(|t| text::width(t) <= width)
            .unwrap_or_else(|| {
                format!(
                    "{mark} {} {word} · {action}{}",
                    clock(suggestion.needed),
                    suggestion.describe_short(&self.app.run)
                )
            });
            let colour = match suggestion.kind {
                Rebalance::Recovery => ORANGE,
                Rebalance::GiveBack => GREEN,
            };
            Line::from(truncate(&text, rest.width as usize))
                .style(self.palette().fg(colour).add_modifier(Modifier::BOLD))
                .render(take_top(&mut rest, 1), buf);
        }
        if let Some(fit) = self.floor_fit() {
            self.render_fit(&fit, take_top(&mut rest, 1), buf);
        }
        let editor = match &self.app.ui.overlay {
            Some(Overlay::Editor(editor)) => Some(editor),
            _ => None,
        };
        if let Some(Editor {
            form: Some(form), ..
        }) = editor
        {
            let bottom = take_bottom(&mut rest, 7);
            self.render_form(form, bottom, buf);
        }
        if let Some(Overlay::List(list)) = &self.app.ui.overlay {
            self.render_list(Some(list), rest, buf);
            return;
        }
        self.render_rundown(rest, buf, editor.and_then(|e| e.cursor));
    }

    /// Rows the message prompt takes: the presets, the line typed, a border.
    fn prompt_height(&self) -> u16 {
        self.app.run.plan.messages.len() as u16 + 3
    }

    /// The message prompt: numbered presets and the line being typed.
    fn render_prompt(&self, prompt: &Prompt, area: Rect, buf: &mut Buffer) {
        let height = self.prompt_height().min(area.height);
        let area = take_bottom(&mut area.clone(), height);
        Clear.render(area, buf);
        let width = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = self
            .app
            .run
            .plan
            .messages
            .iter()
            .enumerate()
            .map(|(n, preset)| {
                let filled = fill(&preset.text, &self.app.run, self.snap);
                // The preset that Enter would send stands out.
                let chosen = if prompt.preset() == Some(n) {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::styled(
                        format!("{} ", n + 1),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(truncate(&filled, width.saturating_sub(2)), chosen),
                ])
            })
            .collect();
        let pin = if prompt.pinned { "[pinned] " } else { "" };
        let typed = format!("{pin}> {}▏", prompt.text);
        // The end of a long line stays in view as it is typed.
        let shown = if text::width(&typed) > width {
            let tail: String = typed
                .chars()
                .rev()
                .take(width.saturating_sub(1))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        } else {
            typed
        };
        lines.push(Line::from(Span::styled(
            shown,
            Style::new().add_modifier(Modifier::BOLD),
        )));
        Paragraph::new(lines)
            .block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(" Message to the speaker "),
            )
            .render(area, buf);
    }

    /// The insert / change form, in a box over the rundown.
    fn render_form(&self, form: &Form, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let title = match form.purpose {
            Purpose::Insert { .. } => " Insert a segment ",
            Purpose::Change { .. } => " Change the segment ",
        };
        let width = area.width.saturating_sub(14) as usize;
        let mut lines: Vec<Line> = FORM_FIELDS
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let value = match i {
                    3 => if form.flexible { "[x] yes" } else { "[ ] no" }.to_owned(),
                    _ => form.fields[i].clone(),
                };
                let cursor = if i == form.focus && i < 3 { "▏" } else { "" };
                let style = if i == form.focus {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::styled(
                        format!("{name:>9}: "),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(truncate(&format!("{value}{cursor}"), width), style),
                ])
            })
            .collect();
        if let Some(error) = &form.error {
            lines.push(
                Line::from(truncate(&format!("✗ {error}"), area.width as usize))
                    .style(self.palette().fg(VERMILLION).add_modifier(Modifier::BOLD)),
            );
        }
        Paragraph::new(lines)
            .block(Block::new().borders(Borders::ALL).title(title))
            .render(area, buf);
    }

    /// The countdown on one line, for when an overlay covers the big
    /// digits: "12:34 ON TIME · Presentation 1 · 10:23:26".
    fn render_time_strip(&self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let status = self.snap.countdown;
        let (heading, _) = self.segment_heading();
        let time = format!(" {} {} ", countdown_text(self.snap), status.label());
        let clock_text = hms(self.snap.now);
        let room =
            (area.width as usize).saturating_sub(text::width(&time) + text::width(&clock_text) + 4);
        Line::from(vec![
            Span::styled(time, self.palette().badge(status)),
            Span::raw(" "),
            Span::styled(
                truncate(&heading, room),
                Style::new().add_modifier(Modifier::BOLD),
            ),
        ])
        .render(area, buf);
        Line::from(clock_text)
            .alignment(Alignment::Right)
            .render(area, buf);
    }

    /// Big digits on the left, the state in words on the right.
    fn render_countdown(&self, area: Rect, buf: &mut Buffer) {
        let status = self.snap.countdown;
        self.render_big_time(
            &countdown_text(self.snap),
            &status.label(),
            status,
            self.palette().badge(status),
            area,
            buf,
        );
    }

    /// The layout of every big countdown (the segment's, a floor
    /// speaker's): `digits` on the left, scaled up where the terminal has
    /// room so the time reads across the room, and `label` in a badge on
    /// the right, or under the digits where the width is short.
    pub(super) fn render_big_time(
        &self,
        digits: &str,
        label: &str,
        status: Countdown,
        badge: Style,
        area: Rect,
        buf: &mut Buffer,
    ) {
        let label_w = (text::width(label) as u16 + 4).max(14);
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
        let style = self.palette().countdown(status, self.blink());
        if !render_scaled(digits, digits_area, buf, style) {
            render_digits(digits, digits_area, buf, style);
        }
        render_badge(label, label_area, buf, badge);
    }

    fn render_progress(&self, area: Rect, buf: &mut Buffer) {
        let snap = self.snap;
        // On a floor, the bar is the speaker's, as the big countdown is.
        let (elapsed, allowed, countdown) = snap
            .floor
            .as_ref()
            .and_then(|f| f.speaker)
            .map_or((snap.elapsed, snap.allowed, snap.countdown), |s| {
                (s.elapsed, s.limit, snap.display_countdown())
            });
        let caption = format!(" {} of {} ", clock(elapsed), clock(allowed));
        let caption_w = text::width(&caption) as u16;
        let bar_w = area.width.saturating_sub(caption_w + 2) as usize;
        let ratio = if allowed > 0 {
            (elapsed as f64 / allowed as f64).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let filled = (ratio * bar_w as f64).round() as usize;
        let style = self
            .palette()
            .countdown(countdown, false)
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
        self.totals_line(totals.width as usize).render(totals, buf);
        if let Some(reason) = &self.app.not_recording {
            Line::from(truncate(
                &format!("NOT RECORDING: {reason}"),
                rest.width as usize,
            ))
            .style(self.palette().alarm())
            .render(take_top(&mut rest, 1), buf);
        }
        if rest.height >= 5
            && let Some(message) = &snap.message
        {
            Line::from(truncate(
                &format!("On stage: {message}"),
                rest.width as usize,
            ))
            .style(Style::new().add_modifier(Modifier::BOLD))
            .render(take_bottom(&mut rest, 1), buf);
        }
        if let Some(Overlay::Prompt(prompt)) = &self.app.ui.overlay {
            let typed = format!("> {}▏", prompt.text);
            Line::from(truncate(&typed, rest.width as usize))
                .style(Style::new().add_modifier(Modifier::REVERSED))
                .render(take_bottom(&mut rest, 1), buf);
        }
        let label = take_bottom(&mut rest, 1);
        if let Some((f, view)) = self.floor() {
            // The speaker's time, their name under it.
            let big = floor::big(view, snap.countdown, snap.left);
            let who = take_bottom(&mut rest, 1);
            Line::from(truncate(&self.floor_who(f, view), who.width as usize)).render(who, buf);
            render_badge(&big.label, label, buf, self.palette().badge(big.status));
            render_digits(
                &big.digits,
                rest,
                buf,
                self.palette().countdown(big.status, self.blink()),
            );
            return;
        }
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
        // On a floor, the speaker's time, as the larger layouts show it.
        let (digits, status, label) = match self.snap.floor.as_ref() {
            Some(view) => {
                let big = floor::big(view, status, self.snap.left);
                (big.digits, big.status, big.label)
            }
            None => (countdown_text(self.snap), status, status.label()),
        };
        let with_label = format!("{mark}{digits} {label}");
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
        // What is being typed stays in view, even this small.
        if let Some(Overlay::Prompt(prompt)) = &self.app.ui.overlay {
            let bottom = take_bottom(&mut rest, 1);
            let typed = format!("> {}▏", prompt.text);
            let tail: Vec<char> = typed.chars().rev().take(width).collect();
            Line::from(tail.into_iter().rev().collect::<String>())
                .style(Style::new().add_modifier(Modifier::REVERSED))
                .render(bottom, buf);
        }
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

/// A count with its thousands grouped: 1,100.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
