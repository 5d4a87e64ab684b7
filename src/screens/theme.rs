//! The colours and emphasis that carry each state, beside its words, shared
//! by every screen. Colour-blind-safe by default (Okabe–Ito hues as
//! 256-colour indices); `NO_COLOR` keeps only bold, dim and inversion.

use ratatui::style::{Color, Modifier, Style};

use crate::run::Countdown;

/// Whether `NO_COLOR` asks for a monochrome screen.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// How a screen colours things: the Okabe–Ito palette, or none.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub monochrome: bool,
}

/// Emphasis without colour, the same on every screen and under `NO_COLOR`.
pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
/// What is past, or only a hint.
pub const DIM: Style = Style::new().add_modifier(Modifier::DIM);
/// Notes and placeholders.
pub const ITALIC: Style = Style::new().add_modifier(Modifier::ITALIC);
/// The cursor's row, and a field being typed into.
pub const INVERSE: Style = Style::new().add_modifier(Modifier::REVERSED);
/// A word that must be seen at a glance: a state, a title bar.
pub const BADGE: Style = Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD));
/// The row on the countdown.
pub const CURRENT: Style = Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));
/// Skipped or struck: still there, never hidden.
pub const STRUCK: Style = Style::new().add_modifier(Modifier::DIM.union(Modifier::CROSSED_OUT));

/// Okabe–Ito: bluish green, orange, vermillion, sky blue.
pub const GREEN: Color = Color::Indexed(36);
pub const ORANGE: Color = Color::Indexed(214);
pub const VERMILLION: Color = Color::Indexed(202);
pub const SKY: Color = Color::Indexed(74);

impl Palette {
    pub fn fg(self, color: Color) -> Style {
        if self.monochrome {
            Style::new()
        } else {
            Style::new().fg(color)
        }
    }

    /// A warning or a suggestion in `color`, bold.
    pub fn strong(self, color: Color) -> Style {
        self.fg(color).add_modifier(Modifier::BOLD)
    }

    /// The style of the countdown digits and the state label.
    pub fn countdown(self, status: Countdown, blink: bool) -> Style {
        let style = match status {
            Countdown::Ready | Countdown::Finished => BOLD,
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

    /// Late in vermillion, early in green.
    pub fn late(self, seconds: i64) -> Style {
        match seconds.cmp(&0) {
            std::cmp::Ordering::Greater => self.fg(VERMILLION),
            std::cmp::Ordering::Less => self.fg(GREEN),
            std::cmp::Ordering::Equal => Style::new(),
        }
    }

    /// The NOT RECORDING bar.
    pub fn alarm(self) -> Style {
        if self.monochrome {
            BADGE
        } else {
            Style::new()
                .fg(Color::Black)
                .bg(VERMILLION)
                .add_modifier(Modifier::BOLD)
        }
    }
}
