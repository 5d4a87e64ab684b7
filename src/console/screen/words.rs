//! The console's words: the header, the session line, who is next and
//! when, the notices and the one-line key help, each the longest phrasing
//! that fits its width. Pure: each is a function of the screen's instant.

use chrono::Timelike as _;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};

use super::Screen;
use crate::console::app::{Editor, FloorIntent, Intent, ListEditor, Overlay};
use crate::console::keys::{MINUTE, Mode, edit_help, hint, hint_pair};
use crate::run::{Command as Run, Countdown, Phase, Time};
use crate::screens::theme::{self, SKY};
use crate::screens::widgets::DrawLine as _;
use crate::text::{self, truncate};
use crate::time::{clock, hms, minutes};

impl Screen<'_> {
    /// "10:00–11:15", on the plan's clock or counted from the start.
    pub(super) fn window(&self) -> String {
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
    pub(super) fn totals_line(&self, width: usize) -> Line<'static> {
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
        let bold = theme::BOLD;
        Line::from(vec![
            Span::styled(*lead, bold),
            Span::styled(used, bold),
            Span::raw(middle.clone()),
            Span::styled(late, palette.late(snap.late)),
            Span::raw(tail.clone()),
        ])
    }

    /// The key help for what is open: one line, the least needed keys
    /// dropped to fit `width`; in the rundown editor and the speakers' list
    /// every key they take, in two rows where one is too narrow.
    pub(super) fn help_lines(&self, width: usize) -> Vec<Line<'static>> {
        let dim = theme::DIM;
        let line = |text: &str, style| vec![Line::from(truncate(text, width)).style(style)];
        match &self.app.ui.overlay {
            Some(Overlay::Editor(Editor { form: Some(_), .. })) => {
                return line(
                    "Tab ↑↓ field · Space flexible on/off · Enter save · Esc cancel",
                    dim,
                );
            }
            Some(Overlay::List(ListEditor { form: Some(_), .. })) => {
                return line(
                    "Tab ↑↓ field · Enter save · Esc cancel · the countdown keeps running",
                    dim,
                );
            }
            Some(Overlay::List(ListEditor {
                paste: Some(paste), ..
            })) => return line(super::paste::paste_hint(paste), theme::BOLD),
            Some(Overlay::Prompt(_)) => {
                return line(
                    "type, Enter sends · a preset: its number, Enter · Tab ↑↓ pin · Esc cancel",
                    dim,
                );
            }
            Some(overlay) => {
                if let Some(mode) = Mode::of(overlay) {
                    // Two rows at 80 columns hold every key (the full
                    // console is never narrower).
                    return edit_help(mode, width)
                        .iter()
                        .take(2)
                        .map(|row| Line::from(truncate(row, width)).style(theme::BOLD))
                        .collect();
                }
            }
            None => {}
        }
        vec![self.help_line(width)]
    }

    /// The one-line key help over the console, the least needed keys
    /// dropped to fit `width`.
    fn help_line(&self, width: usize) -> Line<'static> {
        let dim = theme::DIM;
        // Each key as the one key table names it: `n next`, `? help`.
        let closed = self.app.run.is_closed();
        // Room for every key it may name: drawn every second, it never
        // grows (nor frees and maps memory anew) while it is built.
        let mut keys: Vec<String> = Vec::with_capacity(14);
        if closed {
            keys.push(hint(&Intent::Run(Run::Back), "reopen the last segment"));
        } else {
            let space = match self.app.run.phase {
                Phase::Ready => "start",
                Phase::Paused(_) => "resume",
                _ => "pause",
            };
            let space = hint(&Intent::Run(Run::StartOrPause), space);
            keys.push(space);
            if self.snap.floor.is_some() {
                keys.extend([
                    hint(&Intent::Run(Run::Next), "next speaker"),
                    hint(&Intent::Floor(FloorIntent::Chair), "chair"),
                    hint(&Intent::Floor(FloorIntent::Order), "order"),
                    hint(&Intent::Floor(FloorIntent::OpenList), "list"),
                ]);
            } else {
                keys.extend([
                    hint(&Intent::Run(Run::Next), "next"),
                    hint(&Intent::Run(Run::Back), "back"),
                    hint_pair(
                        &Intent::Run(Run::Adjust(MINUTE)),
                        &Intent::Run(Run::Adjust(-MINUTE)),
                        "min",
                    ),
                ]);
            }
        }
        if self.recovery.is_some_and(|r| !r.cuts.is_empty()) || self.fit.is_some() {
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

    pub(super) fn segment_heading(&self) -> (String, String) {
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
    pub(super) fn next_line(&self, width: usize) -> String {
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
                text::first_fitting(
                    [
                        format!("Next: {}{speaker}{time}{expected}", s.title),
                        format!("Next: {}{speaker}{expected}", s.title),
                        format!("Next: {}{time}{expected}", s.title),
                        format!("Next: {}{expected}", s.title),
                    ],
                    width,
                )
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
    pub(super) fn on_stage_line(&self) -> Option<Line<'static>> {
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
        let mut spans = vec![Span::styled(lead, theme::BOLD)];
        if flashing {
            spans.push(Span::styled(" FLASH ", theme::BADGE));
            spans.push(Span::raw(" "));
        }
        if let Some(message) = &snap.message {
            if self.app.run.message.as_ref().is_some_and(|m| m.pinned) {
                spans.push(Span::raw("(pinned) "));
            }
            spans.push(Span::styled(
                format!("“{message}”"),
                self.palette().strong(SKY),
            ));
        }
        Some(Line::from(spans))
    }

    pub(super) fn header_rows(&self, area: Rect, buf: &mut Buffer) {
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
            right.push(Span::styled(text, theme::DIM));
            right.push(Span::raw("  "));
        }
        if !self.app.ui.bell {
            right.push(Span::styled("bell off", theme::DIM));
            right.push(Span::raw("  "));
        }
        if rehearsal {
            right.push(Span::styled(
                " REHEARSAL ",
                palette.badge(Countdown::Paused),
            ));
            right.push(Span::raw("  "));
        }
        right.push(Span::styled(hms(self.snap.now), theme::BOLD));
        let right = Line::from(right).alignment(Alignment::Right);
        let mut row = Rect { height: 1, ..area };
        let title_w = row.width.saturating_sub(right.width() as u16 + 1) as usize;
        Line::from(Span::styled(
            truncate(&self.plan().title, title_w),
            theme::BOLD,
        ))
        .draw(row, buf);
        right.draw(row, buf);
        row.y += 1;
        if area.height > 1 {
            // The location gives way first: the window and the warning that
            // the screen may sleep are read whole.
            let mut tail = vec![self.window()];
            if self.app.awake_problem.is_some() {
                tail.push("SCREEN MAY SLEEP".to_owned());
            }
            let tail = tail.join(" · ");
            let width = row.width as usize;
            let about = match &self.plan().location {
                Some(location) => {
                    let room = width.saturating_sub(text::width(&tail) + 3);
                    match truncate(location, room) {
                        shown if room >= 8 => format!("{shown} · {tail}"),
                        _ => tail,
                    }
                }
                None => tail,
            };
            self.draw_claimed(
                &Line::from(truncate(&about, width)).style(theme::DIM),
                row,
                buf,
            );
        }
    }

    /// The NOT RECORDING warning and notices, one row each, for `width`.
    pub(super) fn status_rows(&self, width: usize) -> Vec<Line<'static>> {
        let mut rows = Vec::new();
        if let Some(reason) = &self.app.not_recording {
            // The reason first; what it means as far as it fits.
            // A time the journal cannot hold is not retried: say the reason
            // alone then.
            let retried = !reason.starts_with("cannot record");
            let phrasings = [
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
            ];
            let text = text::first_fitting(phrasings, width)
                .unwrap_or_else(|| format!(" NOT RECORDING: {reason} "));
            rows.push(Line::from(text).style(self.palette().alarm()));
        }
        // The newest first: it is the one a key just caused.
        let notices: Vec<_> = self.app.live_notices(self.now).collect();
        for notice in notices.into_iter().rev() {
            rows.push(Line::from(format!("» {}", notice.text)).style(theme::ITALIC));
        }
        rows
    }
}

/// A time of day to the minute when it falls on one ("11:15"), else to
/// the second.
fn short_time(t: Time) -> String {
    if t.second() == 0 {
        crate::time::hm(t)
    } else {
        hms(t)
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

/// What the console's line under the countdown says about a segment to
/// come: when it is now expected to start.
fn expected_start(snap: &crate::run::Snapshot, i: usize) -> Option<Time> {
    let row = snap.rows.get(i)?;
    (row.state == crate::run::SegmentState::NotStarted)
        .then_some(row.expected_start)
        .flatten()
}
