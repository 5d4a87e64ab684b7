//! The speaker-facing stage view: the time left (or over) as large as the
//! terminal allows, the state in words and the speaker's name, nothing else.
//! Shown by `s` in the console and by `timekeeper stage` on a second screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::theme::Palette;
use super::widgets::{countdown_text, render_badge, render_digits, render_scaled};
use crate::run::{Countdown, Mode, Run, Snapshot, Time, blink_on};
use crate::text::truncate;

/// What the stage shows at one instant.
pub struct StageView<'a> {
    pub snap: &'a Snapshot,
    pub speaker: String,
    pub palette: Palette,
    pub blink: bool,
    pub rehearsal: bool,
}

impl<'a> StageView<'a> {
    pub fn new(run: &Run, snap: &'a Snapshot, palette: Palette, now: Time) -> Self {
        let segment = &run.plan.segments[snap.current];
        Self {
            snap,
            speaker: segment
                .speaker
                .clone()
                .unwrap_or_else(|| segment.title.clone()),
            palette,
            blink: blink_on(now),
            rehearsal: run.mode == Mode::Rehearsal,
        }
    }
}

impl Widget for StageView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let status = self.snap.countdown;
        let mut rest = area;
        let name_h = u16::from(rest.height >= 3);
        let name = Rect {
            height: name_h,
            ..rest
        };
        rest.y += name_h;
        rest.height -= name_h;
        let label_h = u16::from(rest.height >= 2) + u16::from(rest.height >= 12);
        let label = Rect {
            y: rest.y + rest.height - label_h,
            height: label_h,
            ..rest
        };
        rest.height -= label_h;
        Line::from(truncate(&self.speaker, name.width as usize))
            .alignment(Alignment::Center)
            .style(Style::new().add_modifier(Modifier::BOLD))
            .render(name, buf);
        let digits = countdown_text(self.snap);
        let style = self.palette.countdown(status, self.blink);
        if !render_scaled(&digits, rest, buf, style) {
            render_digits(&digits, rest, buf, style);
        }
        if label_h > 0 {
            render_badge(
                &status_words(status),
                label,
                buf,
                self.palette.badge(status),
            );
            // Beside the state, clear of the centred words, where it fits.
            let words = crate::text::width(&status_words(status)) as u16 + 2;
            if self.rehearsal && label.width >= words + 2 * 12 {
                let row = Rect {
                    y: label.y + label.height / 2,
                    height: 1,
                    width: 11,
                    ..label
                };
                Line::from(" REHEARSAL ")
                    .style(self.palette.badge(Countdown::Paused))
                    .render(row, buf);
            }
        }
    }
}

/// The state as the speaker reads it.
fn status_words(status: Countdown) -> String {
    match status {
        Countdown::Ready => "STARTING SOON".to_owned(),
        Countdown::OnTime => "ON TIME".to_owned(),
        Countdown::Amber => "WRAP UP SOON".to_owned(),
        Countdown::Red => "PLEASE CONCLUDE".to_owned(),
        Countdown::Over(_) => status.label(),
        Countdown::Paused => "PAUSED".to_owned(),
        Countdown::Finished => "THANK YOU".to_owned(),
    }
}
