//! What the console says when the run changes: one line in words for each
//! event, shown as a notice, so every key (and every button on the remote)
//! that moves the run is seen to have done so, in the timekeeper's words
//! rather than the API's.

use crate::run::{Action, EntryId, Event, Rebalance, Run, SegmentId, Source};
use crate::text::sanitize;
use crate::time::clock;

/// The notice for `event`, worded against the run *before* it is folded
/// (so "next" can name who comes next); `None` for events that need no
/// word (a reopened run, a clock jump: said elsewhere).
pub fn event(run: &Run, event: &Event) -> Option<String> {
    let text = action(run, &event.action)?;
    Some(match event.source {
        Source::Console => text,
        Source::Web => format!("from the remote: {text}"),
    })
}

#[expect(
    clippy::too_many_lines,
    reason = "one match over every action, each arm its notice"
)]
fn action(run: &Run, action: &Action) -> Option<String> {
    let title = |id: &SegmentId| {
        run.position(*id)
            .map_or_else(|| "a segment".to_owned(), |i| shown(&run.segment(i).title))
    };
    let who = |i: usize| {
        let segment = run.segment(i);
        match &segment.speaker {
            Some(speaker) => format!("{} · {}", shown(&segment.title), shown(speaker)),
            None => shown(&segment.title),
        }
    };
    let speaker = |segment: &SegmentId, entry: &EntryId| {
        run.position(*segment)
            .and_then(|i| run.floor(i))
            .and_then(|f| {
                f.list
                    .iter()
                    .find(|e| e.id == *entry)
                    .map(|e| shown(&f.entry(e).name))
            })
            .unwrap_or_else(|| "a speaker".to_owned())
    };
    Some(match action {
        Action::Start => match (0..run.rundown.len()).find(|&i| !run.rundown[i].skipped) {
            Some(i) => format!("session started: {}", who(i)),
            None => "session started".to_owned(),
        },
        Action::Next => match run.phase.on().and_then(|i| run.next_after(i)) {
            Some(i) => format!("next: {}", who(i)),
            None => "last segment ended: the run is finished".to_owned(),
        },
        Action::Back => "back: the previous segment continues".to_owned(),
        Action::Pause => "paused".to_owned(),
        Action::Resume => "resumed".to_owned(),
        Action::Adjust { segment, seconds } => {
            let now = run
                .position(*segment)
                .map(|i| format!(" (now {})", clock(run.allowed(i) + seconds)))
                .unwrap_or_default();
            format!("{} to {}{now}", signed_minutes(*seconds), title(segment))
        }
        Action::Rebalance { reason, shifts } => {
            let moves = shifts
                .iter()
                .filter_map(|shift| {
                    let i = run.position(shift.segment)?;
                    let from = run.allowed(i);
                    Some(format!(
                        "{} {} → {}",
                        shown(&run.segment(i).title),
                        clock(from),
                        clock(from + shift.seconds)
                    ))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let what = match reason {
                Rebalance::Recovery => "recovery applied",
                Rebalance::GiveBack => "time given back",
            };
            format!("{what}: {moves}")
        }
        Action::End => "session ended early".to_owned(),
        Action::Message { text, pinned } => {
            let pinned = if *pinned { " (pinned)" } else { "" };
            format!("on stage{pinned}: “{}”", shown(text))
        }
        Action::MessageClear => "message cleared from the stage".to_owned(),
        Action::Flash => "the stage flashes".to_owned(),
        Action::Skip { segment } => format!("skipped {}", title(segment)),
        Action::Unskip { segment } => format!("brought back {}", title(segment)),
        Action::Move { segment, .. } => format!("moved {}", title(segment)),
        Action::Insert { new, .. } => format!("inserted {}", shown(&new.title)),
        Action::Change { segment, .. } => format!("changed {}", title(segment)),
        Action::FloorAdd { name, .. } => format!("added to the list: {}", shown(name)),
        Action::FloorAddMany { entries, .. } => match &entries[..] {
            [one] => format!("added to the list: {}", shown(&one.name)),
            [first, ..] => format!(
                "added to the list: {} speakers, {} first",
                entries.len(),
                shown(&first.name)
            ),
            [] => return None,
        },
        Action::FloorStrike { segment, entry } => {
            format!("struck from the list: {}", speaker(segment, entry))
        }
        Action::FloorUnstrike { segment, entry } => {
            format!("back on the list: {}", speaker(segment, entry))
        }
        Action::FloorMove { segment, entry, .. } => {
            format!("moved on the list: {}", speaker(segment, entry))
        }
        Action::FloorChange { segment, entry, .. } => {
            format!("changed on the list: {}", speaker(segment, entry))
        }
        Action::FloorCall { segment, entry } => {
            format!("the floor to {}", speaker(segment, entry))
        }
        Action::FloorChair { .. } => "the floor back to the chair".to_owned(),
        Action::FloorFit {
            fit: crate::plan::FitPreference::Equal,
            limit_seconds,
            entries,
            ..
        } => format!(
            "equal time applied: {} each for the {} still to speak",
            crate::time::clock(limit_seconds.unwrap_or_default()),
            entries.len()
        ),
        Action::FloorFit { entries, .. } => match entries.len() {
            1 => "cut line applied: the last on the list is past it, and may still be called"
                .to_owned(),
            n => format!(
                "cut line applied: the last {n} on the list are past it, and may still be called"
            ),
        },
        Action::OrderStart { .. } => "point of order: the speaker's time is frozen".to_owned(),
        Action::OrderEnd { .. } => {
            "point of order over: the speaker goes on with the time they had".to_owned()
        }
        // Undo and redo are said with what they undid, by the app; a
        // reopened run and a clock jump have their own notices.
        Action::Undo | Action::Redo | Action::Reopened | Action::ClockJump { .. } => return None,
    })
}

/// "+1 min", "-2 min", or "+0:30" for a part of a minute.
fn signed_minutes(seconds: i64) -> String {
    let sign = if seconds >= 0 { '+' } else { '-' };
    let magnitude = seconds.saturating_abs();
    if magnitude % 60 == 0 {
        format!("{sign}{} min", magnitude / 60)
    } else {
        format!("{sign}{}", clock(magnitude))
    }
}

/// Plan text as text: a name's escape sequences never reach the terminal.
fn shown(text: &str) -> String {
    sanitize(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::run::{Mode, Shift};
    use chrono::DateTime;

    fn at(s: &str) -> crate::run::Time {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn started() -> Run {
        let plan = Plan::builtin();
        let mut run = Run::new(plan, Mode::Live);
        run.apply(&Event::new(at("2019-02-07T10:00:00+01:00"), Action::Start));
        run
    }

    #[test]
    fn a_web_command_is_said_in_words_with_where_it_came_from() {
        let run = started();
        let segment = run.rundown[0].id;
        let mut event = Event::new(
            at("2019-02-07T10:01:00+01:00"),
            Action::Adjust {
                segment,
                seconds: 60,
            },
        );
        event.source = Source::Web;
        assert_eq!(
            super::event(&run, &event).unwrap(),
            "from the remote: +1 min to Introductory remarks (now 11:00)"
        );
    }

    #[test]
    fn next_names_who_comes_next() {
        let run = started();
        let said = super::event(&run, &Event::new(run.started.unwrap(), Action::Next)).unwrap();
        assert!(said.starts_with("next: "), "{said}");
        assert!(said.contains(&run.segment(1).title), "{said}");
    }

    #[test]
    fn applying_the_recovery_says_what_it_changed() {
        let run = started();
        let last = run.rundown.len() - 2;
        let id = run.rundown[last].id;
        let from = run.allowed(last);
        let said = super::event(
            &run,
            &Event::new(
                run.started.unwrap(),
                Action::Rebalance {
                    reason: Rebalance::Recovery,
                    shifts: vec![Shift {
                        segment: id,
                        seconds: -130,
                    }],
                },
            ),
        )
        .unwrap();
        assert_eq!(
            said,
            format!(
                "recovery applied: {} {} → {}",
                run.segment(last).title,
                clock(from),
                clock(from - 130)
            )
        );
    }

    #[test]
    fn a_hostile_message_is_said_as_text() {
        let run = started();
        let said = super::event(
            &run,
            &Event::new(
                run.started.unwrap(),
                Action::Message {
                    text: "\u{1b}[2Jwrap".to_owned(),
                    pinned: false,
                },
            ),
        )
        .unwrap();
        assert!(!said.chars().any(char::is_control), "{said:?}");
    }
}
