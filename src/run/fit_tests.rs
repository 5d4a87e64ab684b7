//! The fit's arithmetic on plain numbers, then on a run: applying it,
//! undoing it, adding a speaker after it, and the recovery beside it.

use std::fmt::Write as _;

use chrono::{DateTime, TimeDelta};

use super::*;
use crate::plan;
use crate::recovery;
use crate::run::{Action, Command, Mode, Phase, Time};

fn waiting(limits: &[i64]) -> Vec<Waiting> {
    limits
        .iter()
        .enumerate()
        .map(|(id, &limit)| Waiting {
            id,
            limit,
            min: DEFAULT_MIN_SHARE.min(limit),
        })
        .collect()
}

fn fit_of(limits: &[i64], speaking: Option<(i64, i64)>, left: i64, prefer: FitPreference) -> Fit {
    fit(&FitInput {
        waiting: &waiting(limits),
        speaking,
        left,
        prefer,
    })
}

/// The plenary's fourteen at 3:00, none to be given under 1:00.
fn fourteen_at_three_minutes_with_a_one_minute_min() -> Vec<Waiting> {
    let mut list = waiting(&[180; 14]);
    for w in &mut list {
        w.min = 60;
    }
    list
}

/// The fit of `list` in `left` seconds, nobody speaking, equal time first.
fn equal_for(list: &[Waiting], left: i64) -> Fit {
    fit(&FitInput {
        waiting: list,
        speaking: None,
        left,
        prefer: FitPreference::Equal,
    })
}

#[test]
fn fourteen_at_three_minutes_in_eleven_ten_get_forty_eight_seconds_each() {
    let f = fit_of(&[180; 14], None, 670, FitPreference::Equal);
    assert_eq!(f.describe(), "14 still to speak, 11:10 left: 0:48 each");
    let Fit::Equal {
        each, n, entries, ..
    } = &f
    else {
        panic!("{f:?}")
    };
    assert_eq!((*each, *n, entries.len()), (48, 14, 14));
}

#[test]
fn an_equal_share_never_raises_a_shorter_limit() {
    // Two questions of 1:00 keep theirs; the four statements share the rest.
    let f = fit_of(
        &[180, 60, 180, 60, 180, 180],
        None,
        600,
        FitPreference::Equal,
    );
    let Fit::Equal { each, entries, .. } = &f else {
        panic!("{f:?}")
    };
    assert_eq!(*each, 120);
    assert_eq!(entries, &vec![0, 2, 4, 5], "the questions are left alone");
    assert_eq!(
        f.describe(),
        "6 still to speak, 10:00 left: at most 2:00 each"
    );
}

#[test]
fn under_a_kinds_minimum_the_cut_line_is_offered_instead() {
    let list = fourteen_at_three_minutes_with_a_one_minute_min();
    let f = equal_for(&list, 670);
    assert_eq!(
        f.describe(),
        "14 still to speak, 11:10 left: at 3:00 each, the last 11 will not be heard \
         (0:48 each is under the 1:00 minimum)"
    );
    let Fit::Cut { entries, .. } = &f else {
        panic!("{f:?}")
    };
    assert_eq!(entries, &(3..14).collect::<Vec<_>>());
    // With one minute each to give, equal time is offered again.
    let f = equal_for(&list, 840);
    assert_eq!(f.describe(), "14 still to speak, 14:00 left: 1:00 each");
}

#[test]
fn the_plenarys_figure_with_a_minimum_of_one_minute_gets_the_cut_line() {
    // docs/floor.md: 14 at 3:00 for the 12:50 (770 s) the recovery leaves
    // the discussion 2:10 late; 770 / 14 = 0:55, under `min = 1m`.
    let list = fourteen_at_three_minutes_with_a_one_minute_min();
    let f = equal_for(&list, 770);
    assert_eq!(
        f.describe(),
        "14 still to speak, 12:50 left: at 3:00 each, the last 10 will not be heard \
         (0:55 each is under the 1:00 minimum)"
    );
    let Fit::Cut {
        at,
        unheard,
        entries,
        under_min,
        ..
    } = &f
    else {
        panic!("{f:?}")
    };
    assert_eq!((*at, *unheard, *under_min), (Some(180), 10, Some((55, 60))));
    assert_eq!(entries, &(4..14).collect::<Vec<_>>(), "four heard (12:00)");
}

#[test]
fn a_cut_line_under_a_minimum_keeps_its_reason_as_long_as_it_can() {
    let list = fourteen_at_three_minutes_with_a_one_minute_min();
    let f = equal_for(&list, 660);
    assert_eq!(
        f.phrasings(),
        [
            "14 still to speak, 11:00 left: at 3:00 each, the last 11 will not be heard \
             (0:47 each is under the 1:00 minimum)",
            "at 3:00 each, the last 11 will not be heard (0:47 each for 14 in 11:00 is under the 1:00 minimum)",
            "at 3:00 each, the last 11 will not be heard (0:47 each is under the 1:00 minimum)",
            "at 3:00 each, the last 11 will not be heard (under the 1:00 minimum)",
            "at 3:00 each, the last 11 will not be heard (1:00 minimum)",
            "at 3:00 each, the last 11 will not be heard",
        ]
    );
    let widths: Vec<usize> = f
        .phrasings()
        .iter()
        .map(|p| crate::text::width(p))
        .collect();
    assert!(
        widths.is_sorted_by(|a, b| a > b),
        "longest first: {widths:?}"
    );
    // Equal time, and a cut line a chair prefers, say it two ways.
    let f = fit_of(&[180; 14], None, 670, FitPreference::Equal);
    assert_eq!(
        f.phrasings(),
        [
            "14 still to speak, 11:10 left: 0:48 each",
            "0:48 each for 14"
        ]
    );
    let f = fit_of(&[180; 14], None, 27 * 60, FitPreference::Cut);
    assert_eq!(f.phrasings().len(), 2);
}

#[test]
fn a_floor_that_prefers_the_cut_line_gets_it() {
    let f = fit_of(&[180; 14], None, 27 * 60, FitPreference::Cut);
    assert_eq!(
        f.describe_short(),
        "at 3:00 each, the last 5 will not be heard"
    );
    let f = fit_of(&[180, 300, 180], None, 500, FitPreference::Cut);
    assert_eq!(
        f.describe_short(),
        "at their limits, the last will not be heard"
    );
    let f = fit_of(&[180, 180], None, 100, FitPreference::Cut);
    assert_eq!(
        f.describe_short(),
        "at 3:00 each, none of the 2 can be heard"
    );
}

#[test]
fn the_current_speakers_time_left_is_kept_before_sharing() {
    // 13:10 of floor; the speaker has spoken 1:00 of 3:00: 2:00 is theirs.
    let f = fit_of(&[180; 14], Some((180, 60)), 790, FitPreference::Equal);
    assert_eq!(f.describe(), "14 still to speak, 11:10 left: 0:48 each");
    // A speaker already over their limit keeps nothing more.
    let f = fit_of(&[180; 14], Some((180, 200)), 670, FitPreference::Equal);
    assert_eq!(f.describe(), "14 still to speak, 11:10 left: 0:48 each");
    // Without anyone speaking the same floor shares all 13:10.
    let f = fit_of(&[180; 14], None, 790, FitPreference::Equal);
    assert_eq!(f.describe(), "14 still to speak, 13:10 left: 0:56 each");
}

#[test]
fn a_list_that_fits_or_nearly_fits_is_left_alone_and_an_empty_one_too() {
    assert_eq!(
        fit_of(&[180; 5], None, 900, FitPreference::Equal),
        Fit::Fits
    );
    assert_eq!(
        fit_of(
            &[180; 5],
            None,
            900 - WORTH_FITTING + 1,
            FitPreference::Equal
        ),
        Fit::Fits
    );
    assert_ne!(
        fit_of(&[180; 5], None, 900 - WORTH_FITTING, FitPreference::Equal),
        Fit::Fits
    );
    assert_eq!(
        fit_of(&[], Some((180, 10)), 0, FitPreference::Cut),
        Fit::Fits
    );
}

// On a run: the plenary with 14 inscribed at 3:00 for its 15-minute
// discussion, the only flexible segment.

fn t(s: i64) -> Time {
    DateTime::parse_from_rfc3339("2019-02-07T10:00:00+01:00").unwrap() + TimeDelta::seconds(s)
}

fn plenary(fit: &str) -> Run {
    let mut source = String::from(
        "title = \"Plenary\"\ndate = \"2019-02-07\"\nstart = \"10:00\"\nbudget = \"75m\"\n\
         [kinds]\nstatement = \"3m\"\nreply = { time = \"2m\", min = \"1m\" }\n\
         [[segments]]\ntitle = \"Introductory remarks\"\nduration = \"10m\"\n\
         [[segments]]\ntitle = \"Presentations\"\nduration = \"45m\"\n\
         [[segments]]\ntitle = \"Discussion and Q&A\"\nduration = \"15m\"\nflexible = true\nfloor = true\n",
    );
    source.push_str(fit);
    for n in 1..=14 {
        let _ = writeln!(source, "[[segments.list]]\nname = \"Delegation {n}\"");
    }
    source.push_str("[[segments]]\ntitle = \"Closing remarks\"\nduration = \"5m\"\n");
    Run::new(plan::parse(&source, "p.toml", "p").unwrap(), Mode::Live)
}

fn press(run: &mut Run, command: Command, s: i64) {
    let e = run.event_for(command, t(s)).unwrap();
    run.apply(&e);
}

/// The plenary with 2:10 lost before its discussion, which opens at 10:57:10.
fn late_discussion(fit: &str) -> Run {
    let mut run = plenary(fit);
    press(&mut run, Command::StartOrPause, 0);
    press(&mut run, Command::Next, 600);
    press(&mut run, Command::Next, 55 * 60 + 130);
    assert_eq!(run.phase, Phase::Running(2));
    run
}

fn suggestions(run: &Run, s: i64) -> (Option<recovery::Recovery>, Option<FloorFit>) {
    let snap = run.at(t(s));
    let r = recovery::suggest_for(run, &snap);
    let f = run.floor_fit(&snap, |i| r.as_ref().map_or(0, |r| r.moves(i)));
    (r, f)
}

#[test]
fn the_plenarys_discussion_two_ten_late_with_fourteen_inscribed() {
    let mut run = late_discussion("");
    let start = 55 * 60 + 130;
    let (r, f) = suggestions(&run, start);
    let r = r.unwrap();
    assert_eq!(
        r.describe(&run),
        "shorten Discussion and Q&A 15:00 → 12:50 to end at 11:15"
    );
    let f = f.unwrap();
    assert_eq!(f.fit.describe(), "14 still to speak, 12:50 left: 0:55 each");

    // Apply both, the recovery first: on time, and the list fits.
    let c = r.command(&run);
    press(&mut run, c, start);
    let (r2, f2) = suggestions(&run, start);
    assert_eq!(r2, None);
    assert_eq!(
        f2.as_ref().map(|f| f.fit.describe()),
        Some(f.fit.describe()),
        "the fit said after the recovery is the fit said with it"
    );
    let c = f2.unwrap().command(&run).unwrap();
    press(&mut run, c, start);
    let (r3, f3) = suggestions(&run, start);
    assert_eq!(r3, None);
    assert_eq!(f3.map(|f| f.fit), Some(Fit::Fits));
    let snap = run.at(t(start));
    assert_eq!(snap.late, 0);
    let floor = snap.floor.unwrap();
    assert_eq!(
        floor.projected_finish,
        t(start + 770),
        "the list ends with its segment"
    );
}

#[test]
fn applying_the_fit_first_then_the_recovery_agrees_too() {
    let mut run = late_discussion("");
    let start = 55 * 60 + 130;
    let (r, f) = suggestions(&run, start);
    let c = f.unwrap().command(&run).unwrap();
    press(&mut run, c, start);
    // The list now fits the 12:50 the recovery leaves: the recovery stands.
    let (r2, f2) = suggestions(&run, start);
    assert_eq!(r2, r);
    assert_eq!(f2.map(|f| f.fit), Some(Fit::Fits));
    let c = r.unwrap().command(&run);
    press(&mut run, c, start);
    let (r3, f3) = suggestions(&run, start);
    assert_eq!((r3, f3.map(|f| f.fit)), (None, Some(Fit::Fits)));
}

#[test]
fn equal_time_is_journalled_undone_and_sets_only_those_still_to_speak() {
    let mut run = late_discussion("");
    let start = 55 * 60 + 130;
    // The first speaker is called and keeps 3:00.
    press(&mut run, Command::Next, start + 10);
    let (r, f) = suggestions(&run, start + 20);
    let c = r.unwrap().command(&run);
    press(&mut run, c, start + 20);
    let f = f.unwrap();
    // 12:50 − 0:20 gone − 2:50 the speaker still has = 9:40 for 13.
    assert_eq!(f.fit.describe(), "13 still to speak, 9:40 left: 0:45 each");
    let command = f.command(&run).unwrap();
    let e = run.event_for(command, t(start + 21)).unwrap();
    let json = serde_json::to_string(&e.action).unwrap();
    assert!(
        json.starts_with(
            r#"{"event":"floor_fit","segment":2,"fit":"equal","limit_seconds":45,"entries":[1,2,"#
        ),
        "{json}"
    );
    let back: Action = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e.action);
    run.apply(&e);
    let floor = run.floor(2).unwrap();
    assert_eq!(
        floor.entry_at(0).limit_seconds,
        180,
        "the speaker keeps theirs"
    );
    assert!((1..14).all(|k| floor.entry_at(k).limit_seconds == 45));
    press(&mut run, Command::Undo, start + 22);
    let floor = run.floor(2).unwrap();
    assert!((0..14).all(|k| floor.entry_at(k).limit_seconds == 180));
}

#[test]
fn the_cut_line_marks_those_past_it_who_can_still_be_called() {
    let mut run = late_discussion("fit = \"cut\"\n");
    let start = 55 * 60 + 130;
    let (r, f) = suggestions(&run, start);
    let c = r.unwrap().command(&run);
    press(&mut run, c, start);
    let f = f.unwrap();
    assert_eq!(
        f.fit.describe(),
        "14 still to speak, 12:50 left: at 3:00 each, the last 10 will not be heard"
    );
    let c = f.command(&run).unwrap();
    press(&mut run, c, start);
    let floor = run.floor(2).unwrap();
    assert_eq!(floor.list.iter().filter(|e| e.marked).count(), 10);
    assert!(floor.list.iter().all(|e| !e.struck), "marked, not struck");
    assert_eq!(floor.waiting(), 14, "all 14 still on the list");
    assert_eq!(suggestions(&run, start).1.map(|f| f.fit), Some(Fit::Fits));
    // The four before the line speak; the fifth, past it, is still called.
    for k in 0..5 {
        press(&mut run, Command::Next, start + 1 + k * 150);
    }
    let floor = run.floor(2).unwrap();
    assert_eq!(floor.holder, Some(4));
    assert!(floor.list[4].marked);
}

#[test]
fn a_speaker_added_after_the_fit_is_counted_again() {
    let mut run = late_discussion("");
    let start = 55 * 60 + 130;
    let (r, f) = suggestions(&run, start);
    let c = r.unwrap().command(&run);
    press(&mut run, c, start);
    let c = f.unwrap().command(&run).unwrap();
    press(&mut run, c, start);
    press(
        &mut run,
        Command::Floor {
            segment: 2,
            command: FloorCommand::Add {
                after: None,
                name: "Late inscription".to_owned(),
                kind: None,
                limit_seconds: None,
            },
        },
        start + 5,
    );
    // 14 at 0:55 and the newcomer at 3:00 in 12:45: all 15 get 0:51.
    let f = suggestions(&run, start + 5).1.unwrap();
    assert_eq!(f.fit.describe(), "15 still to speak, 12:45 left: 0:51 each");
    let c = f.command(&run).unwrap();
    press(&mut run, c, start + 5);
    assert_eq!(
        suggestions(&run, start + 5).1.map(|f| f.fit),
        Some(Fit::Fits)
    );
}

#[test]
fn a_list_a_little_long_makes_the_session_later_for_the_recovery() {
    // 5 inscribed at 3:00 fill the 15:00; the presentations ran 0:10 long
    // and the chair takes 0:25 before the first call: the list ends 0:25
    // after its segment, the session 0:35 late, which the recovery counts.
    let mut run = plenary("");
    press(&mut run, Command::StartOrPause, 0);
    press(&mut run, Command::Next, 600);
    press(&mut run, Command::Next, 55 * 60 + 10);
    for id in 5..14 {
        press(
            &mut run,
            Command::Floor {
                segment: 2,
                command: FloorCommand::ToggleStrike(id),
            },
            55 * 60 + 10,
        );
    }
    let at = 55 * 60 + 35;
    assert_eq!(run.list_overflow(2, &run.at(t(at))), 25);
    assert_eq!(run.at(t(at)).late, 10, "the segment alone: 0:10 late");
    let (r, f) = suggestions(&run, at);
    let r = r.unwrap();
    assert_eq!(r.needed, 35, "0:10 late and the list's 0:25");
    assert_eq!(r.end, t(75 * 60));
    // The recovery takes the 0:35 from the discussion: the list is then
    // 1:00 too long for it, and the fit shares what is left.
    let f = f.unwrap();
    assert_eq!(f.fit.describe(), "5 still to speak, 14:00 left: 2:48 each");
    let c = r.command(&run);
    press(&mut run, c, at);
    let c = f.command(&run).unwrap();
    press(&mut run, c, at);
    let (r, f) = suggestions(&run, at);
    assert_eq!((r, f.map(|f| f.fit)), (None, Some(Fit::Fits)));
    // The list's 0:25 was counted by both: the session ends that much
    // early, less than either would ever suggest about.
    let late = run.at(t(at)).late;
    assert!((-WORTH_FITTING..=0).contains(&late), "{late}");
}

#[test]
fn a_second_floor_far_too_long_is_said_and_fitted_while_the_first_is_heard() {
    let mut source = String::from(
        "title = \"Day\"\n[[segments]]\ntitle = \"Opening\"\nduration = \"5m\"\n\
         [[segments]]\ntitle = \"General debate\"\nduration = \"10m\"\nfloor = true\n",
    );
    for name in ["Chile", "Peru"] {
        let _ = writeln!(source, "[[segments.list]]\nname = \"{name}\"");
    }
    source.push_str("[[segments]]\ntitle = \"Closing debate\"\nduration = \"6m\"\nfloor = true\n");
    for n in 1..=6 {
        let _ = writeln!(source, "[[segments.list]]\nname = \"Delegation {n}\"");
    }
    let mut run = Run::new(
        plan::parse(&source, "d.toml", "d").unwrap(),
        Mode::Rehearsal,
    );
    press(&mut run, Command::StartOrPause, 0);
    press(&mut run, Command::Next, 300);
    let (_, f) = suggestions(&run, 310);
    let f = f.expect("a fit");
    assert_eq!(
        f.segment, 2,
        "the closing debate's, not the general debate's"
    );
    assert_eq!(
        f.words(&run, false),
        "Closing debate: 6 still to speak, 6:00 left: 1:00 each"
    );
    let command = f.command(&run).expect("something to apply");
    press(&mut run, command, 311);
    let closing = run.floor(2).unwrap();
    assert!((0..6).all(|k| closing.entry_at(k).limit_seconds == 60));
    assert!(run.floor(1).unwrap().entry_at(0).limit_seconds == 180);
    let (_, f) = suggestions(&run, 312);
    assert_eq!(
        f.map(|f| f.segment),
        Some(1),
        "both fit now: the first is looked at"
    );
}
