//! The speaker-facing stage view: the time left (or over) as large as the
//! terminal allows, the state in words, the speaker's name, and the
//! timekeeper's message and flash, nothing else, in the current speaker's
//! language (see [`crate::lang`]; Arabic falls back to English on a
//! terminal, [`lang::Lang::on_terminal`]).
//! Shown by `s` in the console and by `timekeeper stage` on a second screen.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::{self, Palette};
use super::widgets::{
    countdown_text, render_badge, render_digits, render_scaled, take_bottom, take_top,
};
use crate::lang::{self, Words};
use crate::run::{Countdown, Mode, Run, Snapshot, Time, blink_on};
use crate::text::truncate;
use crate::time::clock;

/// What the stage shows at one instant.
pub struct StageView<'a> {
    pub snap: &'a Snapshot,
    pub speaker: String,
    pub palette: Palette,
    pub blink: bool,
    pub rehearsal: bool,
    /// Seconds to the scheduled start (negative: late), before the start.
    pub until_start: Option<i64>,
    /// Who comes next, for the line at the bottom.
    pub next: Option<String>,
    /// The digits shown and the state they show: the segment's, or on a
    /// floor the speaker's.
    pub digits: String,
    pub status: Countdown,
    /// A point of order is on: the speaker's time is frozen.
    pub order: bool,
    /// The words, in the speaker's language as a terminal can draw it.
    pub words: &'static Words,
}

impl<'a> StageView<'a> {
    pub fn new(run: &Run, snap: &'a Snapshot, palette: Palette, now: Time) -> Self {
        let segment = run.segment(snap.current);
        let words = lang::of_speaker(run, snap).on_terminal().words();
        if let Some(floor) = crate::screens::floor::stage_floor(run, snap) {
            return Self {
                snap,
                speaker: floor.speaker,
                palette,
                blink: blink_on(now),
                rehearsal: run.mode == Mode::Rehearsal,
                until_start: None,
                next: floor.next,
                digits: floor.digits,
                status: floor.status,
                order: floor.order,
                words,
            };
        }
        Self {
            snap,
            speaker: segment
                .speaker
                .clone()
                .unwrap_or_else(|| segment.title.clone()),
            palette,
            blink: blink_on(now),
            rehearsal: run.mode == Mode::Rehearsal,
            until_start: run.until_start(snap),
            next: snap.next.map(|i| {
                let next = run.segment(i);
                next.speaker.clone().unwrap_or_else(|| next.title.clone())
            }),
            digits: countdown_text(snap),
            status: snap.countdown,
            order: false,
            words,
        }
    }

    /// The state in the speaker's words.
    fn state_words(&self) -> String {
        let words = self.words;
        match self.until_start {
            Some(s) if s > 0 => lang::fill(words.starts_in, &clock(s)),
            Some(s) if s < 0 => lang::fill(words.starting_late, &format!("+{}", clock(-s))),
            _ if self.order => words.point_of_order.to_owned(),
            _ => words.state(self.status),
        }
    }
}

/// Rows a message takes on the stage: as many as it needs at this width,
/// at most a third of the screen, so the time stays the largest thing.
fn message_rows(message: &str, area: Rect) -> u16 {
    if area.height < 8 || area.width < 10 {
        return u16::from(area.height >= 5);
    }
    let width = usize::from(area.width.saturating_sub(4)).max(1);
    let needed = u16::try_from(crate::text::width(message).div_ceil(width)).unwrap_or(u16::MAX);
    needed.clamp(1, area.height / 3)
}

impl Widget for StageView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let status = self.status;
        let mut rest = area;
        let name_h = u16::from(rest.height >= 3);
        let name = take_top(&mut rest, name_h);
        // Who is next, on the last row where the screen has rows to spare.
        let next_h = u16::from(rest.height >= 14 && self.next.is_some());
        let next_row = take_bottom(&mut rest, next_h);
        let label_h = u16::from(rest.height >= 2) + u16::from(rest.height >= 12);
        let label = take_bottom(&mut rest, label_h);
        let message = self.snap.message.as_deref().map(|text| {
            let rows = message_rows(text, area);
            // A blank row between the time and the message where there is room.
            let gap = u16::from(rest.height >= 20);
            let band = take_bottom(&mut rest, rows + gap);
            (
                text,
                Rect {
                    height: rows,
                    ..band
                },
            )
        });
        Line::from(truncate(&self.speaker, name.width as usize))
            .alignment(Alignment::Center)
            .style(theme::BOLD)
            .render(name, buf);
        let digits = &self.digits;
        let style = self.palette.countdown(status, self.blink);
        if !render_scaled(digits, rest, buf, style) {
            render_digits(digits, rest, buf, style);
        }
        if let Some((text, band)) = message {
            let style = theme::BOLD;
            if band.height == 1 {
                Line::from(truncate(text, band.width as usize))
                    .alignment(Alignment::Center)
                    .style(style)
                    .render(band, buf);
            } else {
                Paragraph::new(text)
                    .wrap(Wrap { trim: true })
                    .alignment(Alignment::Center)
                    .style(style)
                    .render(band, buf);
            }
        }
        if label_h > 0 {
            let words = self.state_words();
            render_badge(&words, label, buf, self.palette.badge(status));
            // Beside the state, clear of the centred words, where it fits.
            let width = crate::text::width(&words) as u16 + 2;
            let rehearsal = format!(" {} ", self.words.rehearsal);
            let tag = crate::text::width(&rehearsal) as u16;
            if self.rehearsal && label.width >= width + 2 * (tag + 1) {
                let row = Rect {
                    y: label.y + label.height / 2,
                    height: 1,
                    width: tag,
                    ..label
                };
                Line::from(rehearsal)
                    .style(self.palette.badge(Countdown::Paused))
                    .render(row, buf);
            }
        }
        if let Some(next) = &self.next
            && next_row.height > 0
        {
            let line = lang::fill(self.words.next, next);
            Line::from(truncate(&line, next_row.width as usize))
                .alignment(Alignment::Center)
                .style(theme::DIM)
                .render(next_row, buf);
        }
        if self.snap.flash {
            // The flash: the whole screen inverted, on and off for a few
            // seconds; readable in colour and without.
            for y in area.top()..area.bottom() {
                for x in area.left()..area.right() {
                    let cell = &mut buf[(x, y)];
                    let style = cell.style();
                    let flipped = if style.add_modifier.contains(Modifier::REVERSED) {
                        style.remove_modifier(Modifier::REVERSED)
                    } else {
                        style.add_modifier(Modifier::REVERSED)
                    };
                    cell.set_style(flipped);
                }
            }
        }
    }
}
