//! Winning back lost time, and giving back time won.
//!
//! When the session is projected to end after its scheduled end, suggest
//! how much to take from the flexible segments that have not finished,
//! latest first, never below a segment's floor (`min`, or what has already
//! been spoken). When it is projected to end a minute or more early (a
//! no-show skipped, a talk cut), suggest the opposite: give the time to the
//! flexible segments still to come, soonest first, never above their `max`.
//! One key applies either, as one step that undo takes back.
//!
//! A floor's list counts: a list projected to run a little past its
//! segment's end (less than [`WORTH_FITTING`]) makes the session that much
//! later. A list further out is the fit's to fix ([`crate::run::Fit`]): the
//! fit is counted against the floor's time as this suggestion leaves it,
//! so applying both, in either order, ends the session on time.

use crate::run::{Command, Phase, Rebalance, Run, Shift, Snapshot, WORTH_FITTING};
use crate::time::{self, Time};

/// Lateness below this is left alone: while a speaker runs over, the
/// session slips a second at a time, and a suggestion that changes with
/// every one of them is noise, not advice.
pub const WORTH_SUGGESTING: i64 = 30;

/// Time won below this is not worth giving back.
pub const WORTH_GIVING_BACK: i64 = 60;

/// Time taken from (or given to) one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// The segment's position in the rundown.
    pub segment: usize,
    /// The segment's time before and after, in seconds.
    pub from: i64,
    pub to: i64,
}

/// A suggestion to end on time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Cutting to win time back, or giving time won back.
    pub kind: Rebalance,
    pub cuts: Vec<Cut>,
    /// Seconds the session is projected to run late (or early, giving back).
    pub needed: i64,
    /// Seconds the cuts win back (or give back): less than `needed` when not
    /// all can be.
    pub recovered: i64,
    /// When the session would end with the suggestion applied.
    pub end: Time,
}

impl Recovery {
    pub fn is_complete(&self) -> bool {
        self.recovered >= self.needed
    }

    /// The command that applies it.
    /// By how many seconds the cuts change segment `i`'s time (negative
    /// for a cut, positive for time given back).
    pub fn moves(&self, i: usize) -> i64 {
        self.cuts
            .iter()
            .filter(|c| c.segment == i)
            .map(|c| c.to - c.from)
            .sum()
    }

    pub fn command(&self, run: &Run) -> Command {
        Command::Rebalance(
            self.kind,
            self.cuts
                .iter()
                .map(|cut| Shift {
                    segment: run.rundown[cut.segment].id,
                    seconds: cut.to - cut.from,
                })
                .collect(),
        )
    }

    /// What to change and what that gives, for the console's suggestion line.
    pub fn describe(&self, run: &Run) -> String {
        if self.cuts.is_empty() {
            return match self.kind {
                Rebalance::Recovery => "no flexible time left to win back".to_owned(),
                Rebalance::GiveBack => "no flexible segment can take more time".to_owned(),
            };
        }
        let cuts = self
            .cuts
            .iter()
            .map(|c| {
                format!(
                    "{} {} → {}",
                    run.segment(c.segment).title,
                    time::clock(c.from),
                    time::clock(c.to)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let end = time::hms(self.end);
        let end = end.strip_suffix(":00").unwrap_or(&end);
        let verb = match self.kind {
            Rebalance::Recovery => "shorten",
            Rebalance::GiveBack => "lengthen",
        };
        if self.is_complete() {
            format!("{verb} {cuts} to end at {end}")
        } else {
            let what = match self.kind {
                Rebalance::Recovery => "wins back",
                Rebalance::GiveBack => "gives back",
            };
            format!(
                "{verb} {cuts}: {what} only {} of {}, ends {end}",
                time::clock(self.recovered),
                time::clock(self.needed)
            )
        }
    }
}

impl Recovery {
    /// [`Recovery::describe`] in fewer words, for a narrow screen:
    /// "Discussion and Q&A → 12:50, ends 11:15".
    pub fn describe_short(&self, run: &Run) -> String {
        if self.cuts.is_empty() {
            return self.describe(run);
        }
        let cuts = self
            .cuts
            .iter()
            .map(|c| format!("{} → {}", run.segment(c.segment).title, time::clock(c.to)))
            .collect::<Vec<_>>()
            .join(", ");
        let end = time::hms(self.end);
        let end = end.strip_suffix(":00").unwrap_or(&end);
        if self.is_complete() {
            format!("{cuts}, ends {end}")
        } else {
            format!(
                "{cuts}: only {} of {}, ends {end}",
                time::clock(self.recovered),
                time::clock(self.needed)
            )
        }
    }
}

/// The suggestion for the run at `now`, if any.
pub fn suggest(run: &Run, now: Time) -> Option<Recovery> {
    suggest_for(run, &run.at(now))
}

/// [`suggest`] for a snapshot already computed (the console's frame): cuts
/// when the session is projected at least [`WORTH_SUGGESTING`] seconds late,
/// time given back when it is [`WORTH_GIVING_BACK`] seconds early or more.
pub fn suggest_for(run: &Run, snap: &Snapshot) -> Option<Recovery> {
    let (current, running) = match run.phase {
        Phase::Running(i) | Phase::Paused(i) => (i, true),
        Phase::Ready => (0, false),
        Phase::Finished | Phase::Ended(_) => return None,
    };
    let open = |i: usize| {
        let slot = &run.rundown[i];
        slot.segment.flexible && !slot.skipped && slot.record.ended.is_none()
    };
    let spoken = |i: usize| {
        if running && i == current {
            snap.elapsed
        } else {
            0
        }
    };
    // The floors' lists, where they run past their segments by less than
    // the fit takes up.
    let lists: i64 = (current..run.rundown.len())
        .filter(|&i| run.rundown[i].floor.is_some() && open_floor(run, i))
        .map(|i| run.list_overflow(i, snap))
        .filter(|&over| over < WORTH_FITTING)
        .sum();
    let late = snap.late + lists;
    let projected_end = snap.projected_end + chrono::TimeDelta::seconds(lists);
    if late >= WORTH_SUGGESTING {
        let needed = late;
        let mut left = needed;
        let mut cuts = Vec::new();
        for i in (current..run.rundown.len()).rev().filter(|&i| open(i)) {
            if left == 0 {
                break;
            }
            let allowed = run.allowed(i);
            // A cut below what is already spoken would end it in the past.
            let floor = run.segment(i).min_seconds.max(spoken(i));
            let cut = (allowed - floor).clamp(0, left);
            if cut > 0 {
                cuts.push(Cut {
                    segment: i,
                    from: allowed,
                    to: allowed - cut,
                });
                left -= cut;
            }
        }
        let recovered = needed - left;
        return Some(Recovery {
            kind: Rebalance::Recovery,
            cuts,
            needed,
            recovered,
            end: projected_end - chrono::TimeDelta::seconds(recovered),
        });
    }
    if -late >= WORTH_GIVING_BACK {
        let needed = -late;
        let mut left = needed;
        let mut cuts = Vec::new();
        for i in (current..run.rundown.len()).filter(|&i| open(i)) {
            if left == 0 {
                break;
            }
            let allowed = run.allowed(i);
            let room = (run.segment(i).max() - allowed).clamp(0, left);
            if room > 0 {
                cuts.push(Cut {
                    segment: i,
                    from: allowed,
                    to: allowed + room,
                });
                left -= room;
            }
        }
        if cuts.is_empty() {
            // Nothing can take it: running early is good news, not a task.
            return None;
        }
        let given = needed - left;
        return Some(Recovery {
            kind: Rebalance::GiveBack,
            cuts,
            needed,
            recovered: given,
            end: projected_end + chrono::TimeDelta::seconds(given),
        });
    }
    None
}

/// Whether the floor at `i` is still to be heard (neither skipped nor over).
fn open_floor(run: &Run, i: usize) -> bool {
    let slot = &run.rundown[i];
    !slot.skipped && slot.record.ended.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan;
    use crate::run::{Command, Mode, Phase};
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
        let command = suggest(&run, t(701)).unwrap().command(&run);
        let e = run.event_for(command, t(701)).unwrap();
        run.apply(&e);
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

    #[test]
    fn a_no_show_skipped_offers_the_time_to_the_flexible_segments_to_come() {
        let mut run = run_of("");
        press(&mut run, Command::StartOrPause, 0);
        // A (10 min) runs on time; Q&A (flexible, 10 min) is at the door.
        // Skipping nothing leaves us on time: nothing to give.
        assert_eq!(suggest(&run, t(300)), None);
        // A ends 4 minutes early: Q&A may take it, up to 15 minutes.
        press(&mut run, Command::Next, 360);
        let r = suggest(&run, t(361)).unwrap();
        assert_eq!(r.kind, Rebalance::GiveBack);
        assert_eq!(r.needed, 240);
        assert_eq!(
            r.cuts,
            vec![Cut {
                segment: 1,
                from: 600,
                to: 840
            }]
        );
        assert!(
            r.describe(&run).starts_with("lengthen Q&A 10:00 → 14:00"),
            "{}",
            r.describe(&run)
        );
        let e = run.event_for(r.command(&run), t(362)).unwrap();
        run.apply(&e);
        assert_eq!(run.at(t(362)).late, 0);
        assert_eq!(suggest(&run, t(362)), None);
    }

    #[test]
    fn time_given_back_stops_at_each_segment_max() {
        let mut run = run_of("max = \"11m\"");
        press(&mut run, Command::StartOrPause, 0);
        press(&mut run, Command::Next, 120);
        // 8 minutes early: Q&A takes 1 (to its max), Wrap-up 3 (to 9).
        let r = suggest(&run, t(121)).unwrap();
        assert_eq!(
            r.cuts.iter().map(|c| c.to - c.from).collect::<Vec<_>>(),
            vec![60, 180]
        );
        assert_eq!(r.recovered, 240);
        assert!(!r.is_complete());
    }
}
