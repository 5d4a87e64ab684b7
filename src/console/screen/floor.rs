//! The console in a floor segment: the large countdown is the speaker's time
//! against their limit (or, while the chair holds the floor, the segment's),
//! with their name, kind and number; beside it the segment's time left, how
//! many are still to speak and when the list is projected to finish against
//! the segment's end. `l` puts the speakers' list where the rundown was.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Screen;
use crate::console::app::{ListEditor, SPEAKER_FIELDS, SpeakerForm, SpeakerPurpose};
use crate::run::{Countdown, EntryId, FloorState, FloorView};
use crate::screens::theme::{self, VERMILLION};
use crate::screens::widgets::{take_bottom, take_top};
use crate::text::{self, pad_left, pad_right, truncate};
use crate::time::{clock, hms};

pub use crate::screens::floor::POINT_OF_ORDER;
/// The words of the badge while the chair holds the floor.
pub const CHAIR: &str = "CHAIR";

/// What the big countdown shows on a floor: its digits, the state whose
/// colour they take, and the badge's words.
pub struct Big {
    pub digits: String,
    pub status: Countdown,
    pub label: String,
}

/// The floor's big countdown at this instant.
pub fn big(view: &FloorView, segment: Countdown, segment_left: i64) -> Big {
    match (view.speaker, view.order) {
        (Some(s), order) => {
            let digits = match s.countdown {
                Countdown::Over(over) => format!("+{}", clock(over)),
                _ => clock(s.left.max(0)),
            };
            let label = if order.is_some() {
                POINT_OF_ORDER.to_owned()
            } else {
                s.countdown.label()
            };
            let status = if order.is_some() {
                Countdown::Paused
            } else {
                s.countdown
            };
            Big {
                digits,
                status,
                label,
            }
        }
        (None, order) => Big {
            digits: clock(segment_left.max(0)),
            status: if order.is_some() {
                Countdown::Paused
            } else {
                Countdown::Ready
            },
            label: if order.is_some() {
                POINT_OF_ORDER.to_owned()
            } else if matches!(segment, Countdown::Paused) {
                segment.label()
            } else {
                CHAIR.to_owned()
            },
        },
    }
}

impl Screen<'_> {
    /// The floor on the countdown, with what it shows now.
    pub(super) fn floor(&self) -> Option<(&FloorState, &FloorView)> {
        let view = self.snap.floor.as_ref()?;
        let floor = self.app.run.floor(self.snap.current)?;
        Some((floor, view))
    }

    /// Who holds the floor, in one line: "Cambodia · statement 3:00 · 3 of
    /// 11", or the chair.
    pub(super) fn floor_who(&self, floor: &FloorState, view: &FloorView) -> String {
        let order = view
            .order
            .map_or_else(String::new, |s| format!("POINT OF ORDER {} · ", clock(s)));
        if let Some(s) = view.speaker {
            let e = floor.entry_at(s.index);
            return format!(
                "{order}{} · {} {} · {} of {}",
                e.name,
                e.kind,
                clock(e.limit_seconds),
                s.number,
                s.of
            );
        }
        let chair = self
            .app
            .run
            .segment(self.snap.current)
            .speaker
            .clone()
            .unwrap_or_else(|| "the chair".to_owned());
        format!("{order}The chair holds the floor: {chair}")
    }

    /// The speaker's countdown (or the segment's, while the chair holds the
    /// floor), big, with its state in words.
    pub(super) fn render_floor_countdown(&self, view: &FloorView, area: Rect, buf: &mut Buffer) {
        let big = big(view, self.snap.countdown, self.snap.left);
        let badge = if big.label == POINT_OF_ORDER {
            self.palette().fg(VERMILLION).patch(theme::BADGE)
        } else {
            self.palette().badge(big.status)
        };
        self.render_big_time(&big.digits, &big.label, big.status, badge, area, buf);
    }

    /// The line under the countdown on a floor: the segment's time left,
    /// how many still to speak, when the list ends against the segment, and
    /// who is next; details dropped, least needed first, to fit `width`.
    pub(super) fn floor_line(&self, floor: &FloorState, view: &FloorView, width: usize) -> String {
        let snap = self.snap;
        let segment_end = snap.now + chrono::TimeDelta::seconds(snap.left.max(0));
        let left = if snap.left >= 0 {
            format!("Segment {} left", clock(snap.left))
        } else {
            format!("Segment over +{}", clock(-snap.left))
        };
        let still = format!("{} still to speak", view.waiting);
        let finish = format!(
            "list ends {} vs {}",
            hms(view.projected_finish),
            hms(segment_end)
        );
        let next = view.next.map_or_else(
            || "Next: nobody left (n ends the segment)".to_owned(),
            |k| {
                let e = floor.entry_at(k);
                format!("Next: {} ({} {})", e.name, e.kind, clock(e.limit_seconds))
            },
        );
        text::first_fitting(
            [
                format!("{left} · {still} · {finish} · {next}"),
                format!("{left} · {still} · {finish}"),
                format!("{left} · {still} · {next}"),
                format!("{left} · {still}"),
            ],
            width,
        )
        .unwrap_or_else(|| truncate(&format!("{left} · {still}"), width))
    }

    /// The speakers' list where the rundown was: number, name, kind,
    /// limit, what they spoke; struck names struck through.
    pub(super) fn render_list(&self, editor: Option<&ListEditor>, area: Rect, buf: &mut Buffer) {
        let Some(i) = editor.and_then(|e| self.app.run.position(e.segment)) else {
            return;
        };
        let Some(floor) = self.app.run.floor(i) else {
            return;
        };
        if let Some(paste) = editor.and_then(|e| e.paste.as_ref()) {
            let title = &self.app.run.segment(i).title;
            self.render_paste(paste, floor, title, area, buf);
            return;
        }
        let mut rest = area;
        if let Some(form) = editor.and_then(|e| e.form.as_ref()) {
            let bottom = take_bottom(&mut rest, 6);
            self.render_speaker_form(form, bottom, buf);
        }
        if rest.height < 2 {
            return;
        }
        let cursor = editor.and_then(|e| e.cursor);
        let spoken: Vec<(EntryId, i64)> = self
            .app
            .run
            .interventions(i, self.now)
            .into_iter()
            .map(|s| (s.id, s.spoke))
            .collect();
        // The marks and number (6), then the kind, limit and spoke columns
        // with their gaps (32): the name takes what is left.
        let name_w = (rest.width as usize).saturating_sub(38).clamp(8, 48);
        let header = format!(
            "  {} {}  {}  {}  {}",
            pad_left("#", 3),
            pad_right("Speaker", name_w),
            pad_right("Kind", 12),
            pad_left("Limit", 6),
            pad_left("Spoke", 8)
        );
        Line::from(truncate(&header, rest.width as usize))
            .style(theme::BOLD)
            .render(take_top(&mut rest, 1), buf);
        let visible = rest.height as usize;
        let at = cursor
            .and_then(|c| floor.position(c))
            .or_else(|| floor.next_waiting())
            .unwrap_or(0);
        let first = at
            .saturating_sub(visible / 2)
            .min(floor.list.len().saturating_sub(visible));
        let holder = floor.holder;
        for (k, e) in floor.list.iter().enumerate().skip(first).take(visible) {
            let mark = if Some(e.id) == cursor {
                "›"
            } else if Some(e.id) == holder {
                "▶"
            } else {
                " "
            };
            let added = if e.origin == crate::run::Origin::Added {
                "+"
            } else {
                " "
            };
            let spoke = spoken.iter().find(|(id, _)| *id == e.id).map_or_else(
                || {
                    if e.struck {
                        "struck".to_owned()
                    } else if e.marked {
                        // Past the cut line applied: still on the list.
                        "past cut".to_owned()
                    } else {
                        String::new()
                    }
                },
                |(_, s)| clock(*s),
            );
            let row = format!(
                "{mark}{added}{} {}  {}  {}  {}",
                pad_left(&(k + 1).to_string(), 3),
                pad_right(&floor.entry(e).name, name_w),
                pad_right(&floor.entry(e).kind, 12),
                pad_left(&clock(floor.entry(e).limit_seconds), 6),
                pad_left(&spoke, 8)
            );
            let mut style = Style::new();
            if e.struck {
                style = style.patch(theme::STRUCK);
            }
            if e.called.is_some() && Some(e.id) != holder {
                style = style.patch(theme::DIM);
            }
            if Some(e.id) == cursor {
                style = style.patch(theme::INVERSE);
            }
            if Some(e.id) == holder {
                style = style.patch(theme::BOLD);
            }
            Line::from(Span::styled(truncate(&row, rest.width as usize), style))
                .render(take_top(&mut rest, 1), buf);
        }
    }

    fn render_speaker_form(&self, form: &SpeakerForm, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let title = match form.purpose {
            SpeakerPurpose::Add { .. } => " Add a speaker ",
            SpeakerPurpose::Change { .. } => " Change the speaker ",
        };
        let width = area.width.saturating_sub(14) as usize;
        let hints = ["", "empty: the floor's kind", "empty: the kind's limit"];
        let mut lines: Vec<Line> = SPEAKER_FIELDS
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let cursor = if i == form.focus { "▏" } else { "" };
                let style = if i == form.focus {
                    theme::INVERSE
                } else {
                    Style::new()
                };
                let value = &form.fields[i];
                let hint = if value.is_empty() && !hints[i].is_empty() {
                    format!("  ({})", hints[i])
                } else {
                    String::new()
                };
                Line::from(vec![
                    Span::styled(format!("{name:>9}: "), theme::BOLD),
                    Span::styled(truncate(&format!("{value}{cursor}"), width), style),
                    Span::styled(hint, theme::DIM),
                ])
            })
            .collect();
        if let Some(error) = &form.error {
            lines.push(
                Line::from(truncate(&format!("✗ {error}"), area.width as usize))
                    .style(self.palette().strong(VERMILLION)),
            );
        }
        Paragraph::new(lines)
            .block(Block::new().borders(Borders::ALL).title(title))
            .render(area, buf);
    }
}
