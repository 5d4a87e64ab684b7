//! Winning back lost time: when the session is projected to end after its
//! scheduled end, suggest how much to take from the flexible segments that
//! have not finished, latest first, never below a segment's floor (`min`,
//! or what has already been spoken).

use crate::run::{Action, Event, Phase, Run, Snapshot, Time};
use crate::time;

/// Lateness below this is left alone: while a speaker runs over, the
/// session slips a second at a time, and a suggestion that changes with
/// every one of them is noise, not advice.
pub const WORTH_SUGGESTING: i64 = 30;

/// Time taken from one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub segment: usize,
    /// The segment's time before and after the cut, in seconds.
    pub from: i64,
    pub to: i64,
}

/// A suggestion to get back on time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    pub cuts: Vec<Cut>,
    /// Seconds the session is projected to run late.
    pub needed: i64,
    /// Seconds the cuts win back (less than `needed` when not all can be).
    pub recovered: i64,
    /// When the session would end with the cuts applied.
    pub end: Time,
}

impl Recovery {
    pub fn is_complete(&self) -> bool {
        self.recovered >= self.needed
    }

    /// The journal events that apply it.
    pub fn events(&self, now: Time) -> Vec<Event> {
        self.cuts
            .iter()
            .map(|cut| Event {
                at: now,
                action: Action::Adjust {
                    segment: cut.segment,
                    seconds: cut.to - cut.from,
                },
            })
            .collect()
    }

    /// What to shorten and what that gives, for the console's "N late:" line.
    pub fn describe(&self, run: &Run) -> String {
        if self.cuts.is_empty() {
            return "no flexible time left to win back".to_owned();
        }
        let cuts = self
            .cuts
            .iter()
            .map(|c| {
                format!(
                    "{} {} → {}",
                    run.plan.segments[c.segment].title,
                    time::clock(c.from),
                    time::clock(c.to)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let end = self.end.format("%H:%M:%S").to_string();
        let end = end.strip_suffix(":00").unwrap_or(&end);
        if self.is_complete() {
            format!("shorten {cuts} to end at {end}")
        } else {
            format!(
                "shorten {cuts}: wins back only {} of {}, ends {end}",
                time::clock(self.recovered),
                time::clock(self.needed)
            )
        }
    }
}

/// The cuts that bring the projected end back to the scheduled end, or
/// `None` when the session is not projected to run late (by at least
/// [`WORTH_SUGGESTING`] seconds).
pub fn suggest(run: &Run, now: Time) -> Option<Recovery> {
    suggest_for(run, &run.at(now))
}

/// [`suggest`] for a snapshot already computed (the console's frame).
pub fn suggest_for(run: &Run, snap: &Snapshot) -> Option<Recovery> {
    let (current, running) = match run.phase {
        Phase::Running(i) | Phase::Paused(i) => (i, true),
        Phase::Ready => (0, false),
        Phase::Finished | Phase::Ended(_) => return None,
    };
    if snap.late < WORTH_SUGGESTING {
        return None;
    }
    let needed = snap.late;
    let mut left_to_win = needed;
    let mut cuts = Vec::new();
    for i in (current..run.plan.segments.len()).rev() {
        let segment = &run.plan.segments[i];
        if !segment.flexible || left_to_win == 0 {
            continue;
        }
        let allowed = run.allowed(i);
        let spoken = if running && i == current {
            // A cut below what is already spoken would end it in the past.
            snap.elapsed
        } else {
            0
        };
        let floor = segment.min_seconds.max(spoken);
        let cut = (allowed - floor).clamp(0, left_to_win);
        if cut > 0 {
            cuts.push(Cut {
                segment: i,
                from: allowed,
                to: allowed - cut,
            });
            left_to_win -= cut;
        }
    }
    let recovered = needed - left_to_win;
    Some(Recovery {
        cuts,
        needed,
        recovered,
        end: snap.projected_end - chrono::TimeDelta::seconds(recovered),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan;
    use crate::run::{Command, Mode};
    use chrono::{DateTime, TimeDelta};

    fn t(s: i64) -> Time {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
    }

    /// Three speakers of 10 minutes, then two flexible segments.
    fn run_of(extra: &str) -> Run {
        let source = format!(
            r#"title = "T"
            start = "10:00"
            [[segments]]
            title = "A"
            duration = "10m"
            [[segments]]
            title = "Q&A"
            duration = "10m"
            flexible = true
            {extra}
            [[segments]]
            title = "Wrap-up"
            duration = "6m"
            flexible = true
            "#
        );
        Run::new(plan::parse(&source, "t", "t").unwrap(), Mode::Live)
    }

    fn press(run: &mut Run, command: Command, s: i64) {
        let e = run.event_for(command, t(s)).unwrap();
        run.apply(&e);
    }

    #[test]
    fn nothing_to_suggest_when_on_time_or_a_few_seconds_late() {
        let mut run = run_of("");
        press(&mut run, Command::StartOrPause, 0);
        assert_eq!(suggest(&run, t(300)), None);
        assert_eq!(suggest(&run, t(629)), None, "29 s late");
        assert_eq!(suggest(&run, t(630)).map(|r| r.needed), Some(30));
    }

    #[test]
    fn the_latest_flexible_segment_absorbs_a_small_loss() {
        let mut run = run_of("");
        press(&mut run, Command::StartOrPause, 0);
        let r = suggest(&run, t(700)).unwrap();
        assert_eq!(r.needed, 100);
        assert_eq!(
            r.cuts,
            vec![Cut {
                segment: 2,
                from: 360,
                to: 260
            }]
        );
        assert!(r.is_complete());
        assert_eq!(
            r.describe(&run),
            "shorten Wrap-up 6:00 → 4:20 to end at 10:26"
        );
    }

    #[test]
    fn several_segments_share_a_larger_loss_latest_first_within_their_floors() {
        let mut run = run_of("");
        press(&mut run, Command::StartOrPause, 0);
        // 6 minutes over: Wrap-up can give 3 (floor half of 6), Q&A the rest.
        let r = suggest(&run, t(960)).unwrap();
        assert_eq!(r.needed, 360);
        assert_eq!(
            r.cuts[0],
            Cut {
                segment: 2,
                from: 360,
                to: 180
            }
        );
        assert_eq!(
            r.cuts[1],
            Cut {
                segment: 1,
                from: 600,
                to: 420
            }
        );
        assert!(r.is_complete());
    }

    #[test]
    fn a_plan_floor_is_respected_and_impossible_recovery_is_said() {
        let mut run = run_of("min = \"9m\"");
        press(&mut run, Command::StartOrPause, 0);
        let r = suggest(&run, t(1200)).unwrap();
        assert_eq!(r.needed, 600);
        assert_eq!(
            r.cuts[1],
            Cut {
                segment: 1,
                from: 600,
                to: 540
            }
        );
        assert_eq!(r.recovered, 240);
        assert!(!r.is_complete());
        assert!(
            r.describe(&run).contains("wins back only 4:00 of 10:00"),
            "{}",
            r.describe(&run)
        );
    }

    #[test]
    fn the_current_segment_is_not_cut_below_what_was_spoken() {
        let mut run = run_of("");
        press(&mut run, Command::StartOrPause, 0);
        press(&mut run, Command::Next, 900);
        // Q&A has run 8 minutes; Wrap-up's floor is 3.
        let r = suggest(&run, t(1380)).unwrap();
        let qa = r.cuts.iter().find(|c| c.segment == 1).unwrap();
        assert_eq!(qa.to, 480);
    }

    #[test]
    fn applying_brings_the_end_back_and_undo_stays_sound() {
        let mut run = run_of("");
        press(&mut run, Command::StartOrPause, 0);
        press(&mut run, Command::Next, 700);
        for e in suggest(&run, t(701)).unwrap().events(t(701)) {
            run.apply(&e);
        }
        assert_eq!(run.at(t(701)).late, 0);
        assert_eq!(suggest(&run, t(701)), None);
        // Undo of the next: A continues, the cut stays on Wrap-up.
        press(&mut run, Command::Back, 702);
        assert_eq!(run.phase, Phase::Running(0));
        assert_eq!(run.allowed(2), 260);
    }

    #[test]
    fn no_flexible_time_left_is_said_plainly() {
        let source = "title=\"T\"\nstart=\"10:00\"\n[[segments]]\ntitle=\"A\"\nduration=\"5m\"\n";
        let mut run = Run::new(plan::parse(source, "t", "t").unwrap(), Mode::Live);
        press(&mut run, Command::StartOrPause, 0);
        let r = suggest(&run, t(400)).unwrap();
        assert!(r.cuts.is_empty());
        assert_eq!(r.describe(&run), "no flexible time left to win back");
    }
}
