//! The countdown: the big digits (or the largest size that fits), the
//! one-line strip kept in view over the web links, and the progress bar.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::Screen;
use crate::run::Countdown;
use crate::screens::theme;
use crate::screens::widgets::{
    DrawLine as _, countdown_text, render_badge, render_digits, render_scaled, take_bottom,
};
use crate::text::{self, truncate};
use crate::time::{clock, hms};

impl Screen<'_> {
    /// The countdown on one line, for when an overlay covers the big
    /// digits: "12:34 ON TIME · Presentation 1 · 10:23:26".
    pub(super) fn render_time_strip(&self, area: Rect, buf: &mut Buffer) {
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
            Span::styled(truncate(&heading, room), theme::BOLD),
        ])
        .render(area, buf);
        Line::from(clock_text)
            .alignment(Alignment::Right)
            .render(area, buf);
    }

    /// Big digits on the left, the state in words on the right.
    pub(super) fn render_countdown(&self, area: Rect, buf: &mut Buffer) {
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

    pub(super) fn render_progress(&self, area: Rect, buf: &mut Buffer) {
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
        let dim = theme::DIM;
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
        Line::from(caption).draw(rest, buf);
    }
}
