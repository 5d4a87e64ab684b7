//! Drawing the console: a pure function of the app and one [`Snapshot`].
//!
//! Nothing here reads a clock or a file. [`Screen`] is built by the runner
//! (or a test) for one instant and rendered as a ratatui widget. The layout
//! has three sizes: the full console from 80x24, a compact one (countdown,
//! state and total) below that, and a bare time on tiny terminals.

use std::hash::Hash;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

mod countdown;
mod finish;
mod fit;
mod floor;
mod overlay;
mod paste;
mod prompt;
mod rundown;
mod small;
mod words;

use super::app::{App, Editor, ListEditor, Overlay};
use crate::moment::Moment;
use crate::recovery::Recovery;
use crate::run::{FloorFit, Rebalance, Snapshot, Time, blink_on};
use crate::screens::stage::StageView;
use crate::screens::theme::{self, GREEN, ORANGE, Palette};
use crate::screens::widgets::{DrawLine as _, REST, rows, take_top};
use crate::shell::Claims;
use crate::text::{self, truncate};
use crate::time::clock;

/// Smallest size that gets the full console.
pub const FULL_WIDTH: u16 = 80;
pub const FULL_HEIGHT: u16 = 24;

/// The console at one instant.
pub struct Screen<'a> {
    pub app: &'a App,
    pub snap: &'a Snapshot,
    /// The session's recovery, if worth saying.
    pub recovery: Option<&'a Recovery>,
    /// The fit of a floor's list too long for its time.
    pub fit: Option<&'a FloorFit>,
    /// The unfloored instant, for the OVER blink phase.
    pub now: Time,
    /// Where to say what rows were drawn from (the shell's, which then
    /// does not compare a row drawn from the same as the row on screen).
    pub claims: Option<&'a Claims>,
}

impl<'a> Screen<'a> {
    /// The console at `moment`, which the pages were told too.
    pub fn new(app: &'a App, moment: &'a Moment) -> Self {
        Self {
            app,
            snap: &moment.snap,
            recovery: moment.recovery.as_ref(),
            fit: moment.fit.as_ref(),
            now: moment.now,
            claims: None,
        }
    }
}

/// Works out the run at `now` and draws it (what the tests call).
pub fn draw(app: &App, now: Time, area: Rect, buf: &mut Buffer) {
    draw_moment(app, &Moment::of(&app.run, now), area, buf, None);
}

/// [`draw`] for a moment already worked out (the console's, once per
/// wake-up, which the pages and the bell use too), saying in `claims` what
/// rows were drawn from what.
pub fn draw_moment(
    app: &App,
    moment: &Moment,
    area: Rect,
    buf: &mut Buffer,
    claims: Option<&Claims>,
) {
    Screen {
        claims,
        ..Screen::new(app, moment)
    }
    .render(area, buf);
}

impl Widget for Screen<'_> {
    fn render(mut self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        // What is drawn over the layout leaves no row as the layout's alone;
        // nor does the speaker's view claim its rows.
        if self.app.ui.stage
            || matches!(
                self.app.ui.overlay,
                Some(Overlay::Help | Overlay::ConfirmQuit | Overlay::Links)
            )
        {
            self.claims = None;
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
                .draw(Rect { height: 1, ..area }, buf);
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
    /// Says that each row of `area` (whole rows of the screen) is drawn by
    /// `drawing` from `what` alone ([`Claims::claim`]); true when they are
    /// on screen as they are, and are not to be drawn again.
    fn claim(&self, area: Rect, drawing: &'static str, what: &impl Hash) -> bool {
        self.claims
            .is_some_and(|claims| claims.claim(area, drawing, what))
    }

    /// Draws `line` on `area`, its row claimed as drawn from it.
    fn draw_claimed(&self, line: &Line, area: Rect, buf: &mut Buffer) {
        if !self.claim(area, "line", line) {
            line.draw(area, buf);
        }
    }

    /// One line a row, as many as `area` has rows for, each claimed.
    fn draw_lines(&self, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
        let mut rest = area;
        for line in lines.into_iter().take(area.height as usize) {
            self.draw_claimed(&line, take_top(&mut rest, 1), buf);
        }
    }

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

    /// The full console, top to bottom: the header, the notices, the
    /// segment and its speaker, the countdown and the lines under it, the
    /// suggestions, then the rundown (or the speakers' list) with what is
    /// left, and the totals and the keys at the bottom.
    fn render_full(&self, area: Rect, buf: &mut Buffer) {
        let prompt = match &self.app.ui.overlay {
            Some(Overlay::Prompt(prompt)) => Some(prompt),
            _ => None,
        };
        let prompt_rows = prompt.map_or(0, |_| self.prompt_height());
        let help_lines = self.help_lines(area.width as usize);
        let help_rows = help_lines.len() as u16;
        let [header, middle, prompt_area, totals, help] =
            rows(area, [2, REST, prompt_rows, 1, help_rows]);
        self.header_rows(header, buf);
        if let Some(prompt) = prompt {
            self.render_prompt(prompt, prompt_area, buf);
        }
        self.totals_line(totals.width as usize).draw(totals, buf);
        self.draw_lines(help_lines, help, buf);

        let width = middle.width as usize;
        // Two notices at 80x24 (the newest first), more on a taller
        // terminal; the countdown and some rundown always keep their rows.
        let notices = self.status_rows(width);
        // A form being filled in takes its rows first: every field stays
        // in view at 80x24.
        let form_open = matches!(
            &self.app.ui.overlay,
            Some(
                Overlay::Editor(Editor { form: Some(_), .. })
                    | Overlay::List(ListEditor { form: Some(_), .. })
            )
        );
        let kept = if form_open { 18 + 7 } else { 18 };
        let mut notice_rows = (notices.len() as u16).min(middle.height.saturating_sub(kept));
        // NOT RECORDING (the first of them) is never given up.
        if self.app.not_recording.is_some() {
            notice_rows = notice_rows.max(1).min(middle.height.saturating_sub(18));
        }
        let [notices_area, rest] = rows(middle, [notice_rows, REST]);
        self.draw_lines(notices, notices_area, buf);
        if self.app.run.is_closed() {
            self.render_finish(rest, buf);
        } else {
            self.render_segment(rest, area.height, buf);
        }
    }

    /// The segment on the countdown, what is said under it, and the rundown
    /// (or the list) in what is left; `height` is the terminal's.
    fn render_segment(&self, area: Rect, height: u16, buf: &mut Buffer) {
        let width = area.width as usize;
        let floor = self.floor();
        let notes = self.app.ui.notes.then(|| {
            let notes = self.app.run.segment(self.snap.current).notes.as_deref();
            notes.map_or_else(|| "(no notes)".to_owned(), |n| format!("Notes: {n}"))
        });
        let notes_rows = notes.as_ref().map_or(0, |text| {
            (text::width(text) / width.max(1) + 1).min(3) as u16
        });
        // The countdown grows with the terminal: the 8 rows of the big
        // digits up to 30 rows, two fifths of a taller one (room for digits
        // scaled to twice their height from 40 rows).
        let countdown_rows = if height < 30 { 8 } else { height * 2 / 5 };
        let on_stage = self.on_stage_line();
        let recovery = self.recovery.map(|r| self.recovery_line(r, width));
        let editor = match &self.app.ui.overlay {
            Some(Overlay::Editor(editor)) => Some(editor),
            _ => None,
        };
        let form = editor.and_then(|e| e.form.as_ref());
        let [
            heading,
            who,
            notes_area,
            countdown,
            on_stage_area,
            progress,
            next,
            recovery_area,
            fit,
            body,
            form_area,
        ] = rows(
            area,
            [
                1,
                1,
                notes_rows,
                countdown_rows,
                u16::from(on_stage.is_some()),
                1,
                1,
                u16::from(recovery.is_some()),
                u16::from(self.fit.is_some()),
                REST,
                if form.is_some() { 7 } else { 0 },
            ],
        );
        let (heading_text, speaker) = self.segment_heading();
        self.draw_claimed(
            &Line::from(Span::styled(heading_text, theme::BOLD)),
            heading,
            buf,
        );
        let speaker = floor.map_or(speaker, |(f, v)| self.floor_who(f, v));
        self.draw_claimed(&Line::from(truncate(&speaker, width)), who, buf);
        if let Some(text) = notes {
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .style(theme::ITALIC)
                .render(notes_area, buf);
        }
        match floor {
            Some((_, view)) => self.render_floor_countdown(view, countdown, buf),
            None => self.render_countdown(countdown, buf),
        }
        if let Some(line) = on_stage {
            line.draw(on_stage_area, buf);
        }
        self.render_progress(progress, buf);
        let next_text = match floor {
            Some((f, v)) => self.floor_line(f, v, width),
            None => self.next_line(width),
        };
        self.draw_claimed(&Line::from(truncate(&next_text, width)), next, buf);
        if let Some(line) = recovery {
            line.draw(recovery_area, buf);
        }
        if let Some(f) = self.fit {
            self.render_fit(f, fit, buf);
        }
        if let Some(form) = form {
            self.render_form(form, form_area, buf);
        }
        if let Some(Overlay::List(list)) = &self.app.ui.overlay {
            self.render_list(Some(list), body, buf);
            return;
        }
        self.render_rundown(body, buf, editor.and_then(|e| e.cursor));
    }

    /// The recovery's line: how late (or early) and what `a` does, the key
    /// first so a narrow screen cuts the details, not it; the whole
    /// suggestion where it fits, its short form where not.
    fn recovery_line(&self, recovery: &Recovery, width: usize) -> Line<'static> {
        let action = if recovery.cuts.is_empty() { "" } else { "a: " };
        let (mark, word, colour) = match recovery.kind {
            Rebalance::Recovery => ("⚠", "late", ORANGE),
            Rebalance::GiveBack => ("✓", "early", GREEN),
        };
        let run = &self.app.run;
        let line =
            |what: String| format!("{mark} {} {word} · {action}{what}", clock(recovery.needed));
        let short = recovery.describe_short(run);
        let text = text::first_fitting([recovery.describe(run), short.clone()].map(line), width)
            .unwrap_or_else(|| line(short));
        Line::from(truncate(&text, width)).style(self.palette().strong(colour))
    }
}
