//! The console on terminals smaller than 80x24: a compact view (countdown,
//! state and total, and the fit's line when a floor's list is too long) and,
//! on the tiniest, the bare time.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::Screen;
use crate::console::app::Overlay;
use crate::screens::theme;
use crate::screens::widgets::{countdown_text, render_badge, render_digits, take_bottom, take_top};
use crate::text::{self, truncate};
use crate::time::hms;

impl Screen<'_> {
    pub(super) fn render_compact(&self, area: Rect, buf: &mut Buffer) {
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
        .style(theme::BOLD)
        .render(top, buf);
        Line::from(clock_text)
            .alignment(Alignment::Right)
            .render(top, buf);
        let totals = take_bottom(&mut rest, 1);
        let snap = self.snap;
        self.totals_line(totals.width as usize).render(totals, buf);
        // A list too long for its floor is said here too, as `a` fits it.
        if rest.height >= 8
            && let Some(fit) = self.fit
        {
            self.render_fit(fit, take_bottom(&mut rest, 1), buf);
        }
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
            .style(theme::BOLD)
            .render(take_bottom(&mut rest, 1), buf);
        }
        if let Some(Overlay::Prompt(prompt)) = &self.app.ui.overlay {
            let typed = format!("> {}▏", prompt.text);
            Line::from(truncate(&typed, rest.width as usize))
                .style(theme::INVERSE)
                .render(take_bottom(&mut rest, 1), buf);
        }
        let label = take_bottom(&mut rest, 1);
        if let Some((f, view)) = self.floor() {
            // The speaker's time, their name under it.
            let big = super::floor::big(view, snap.countdown, snap.left);
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

    pub(super) fn render_tiny(&self, area: Rect, buf: &mut Buffer) {
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
                let big = super::floor::big(view, status, self.snap.left);
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
                .style(theme::INVERSE)
                .render(bottom, buf);
        }
        for note in notes {
            if rest.height == 0 {
                break;
            }
            let style = if note == "NOT RECORDING" {
                self.palette().alarm()
            } else {
                theme::BOLD
            };
            Line::from(truncate(note, width))
                .style(style)
                .alignment(Alignment::Center)
                .render(take_top(&mut rest, 1), buf);
        }
    }
}
