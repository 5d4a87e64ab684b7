//! Drawing the console: a pure function of the app and one [`Snapshot`].
//!
//! Nothing here reads a clock or a file. [`Screen`] is built by the runner
//! (or a test) for one instant and rendered as a ratatui widget. The layout
//! has three sizes: the full console from 80x24, a compact one (countdown,
//! state and total) below that, and a bare time on tiny terminals.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
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

use super::app::{App, Editor, Overlay};
use crate::moment::Moment;
use crate::recovery::Recovery;
use crate::run::{FloorFit, Rebalance, Snapshot, Time, blink_on};
use crate::screens::stage::StageView;
use crate::screens::theme::{GREEN, ORANGE, Palette};
use crate::screens::widgets::{take_bottom, take_top};
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
        }
    }
}

/// Works out the run at `now` and draws it (what the tests call).
pub fn draw(app: &App, now: Time, area: Rect, buf: &mut Buffer) {
    draw_moment(app, &Moment::of(&app.run, now), area, buf);
}

/// [`draw`] for a moment already worked out (the console's, once per
/// wake-up, which the pages and the bell use too).
pub fn draw_moment(app: &App, moment: &Moment, area: Rect, buf: &mut Buffer) {
    Screen::new(app, moment).render(area, buf);
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
        if let Some(fit) = self.fit {
            self.render_fit(fit, take_top(&mut rest, 1), buf);
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
}
