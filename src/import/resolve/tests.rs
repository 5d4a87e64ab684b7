//! The decisions made from what a document says: durations from start
//! times, the end marker, the start and the budget, and what is said about
//! each guess.

use chrono::NaiveTime;

use super::*;
use crate::import::{Agenda, Item, Place};

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn item(line: usize, title: &str, start: Option<NaiveTime>, duration: Option<i64>) -> Item {
    let mut item = Item::new(Place::Line(line), title.to_owned());
    item.start = start;
    item.duration = duration;
    item
}

fn agenda(items: Vec<Item>) -> Agenda {
    Agenda {
        title: Some("Plenary".to_owned()),
        chair_word: "Chair".to_owned(),
        items,
        ..Agenda::default()
    }
}

#[test]
fn start_times_give_the_durations_and_an_end_line_ends_the_session() {
    let draft = resolve(&agenda(vec![
        item(1, "Opening", Some(at(10, 0)), None),
        item(2, "Keynote", Some(at(10, 10)), None),
        item(3, "End of session", Some(at(10, 40)), None),
    ]))
    .unwrap();
    let durations: Vec<i64> = draft.segments.iter().map(|s| s.duration).collect();
    assert_eq!(
        durations,
        [600, 1800],
        "the end line is a time, not a segment"
    );
    assert_eq!(draft.start, Some(at(10, 0)));
    assert!(
        draft.remarks.iter().any(|r| r
            .to_string()
            .contains("start taken from the first programme line")),
        "{:?}",
        draft.remarks
    );
}

#[test]
fn a_stated_start_wins_over_the_first_line_and_says_so() {
    let mut a = agenda(vec![
        item(1, "Opening", Some(at(10, 5)), Some(600)),
        item(2, "Keynote", None, Some(900)),
    ]);
    a.start = Some(at(10, 0));
    let draft = resolve(&a).unwrap();
    assert_eq!(draft.start, Some(at(10, 0)));
    assert!(
        draft
            .remarks
            .iter()
            .any(|r| r.to_string().contains("the session starts at 10:00")),
        "{:?}",
        draft.remarks
    );
}

#[test]
fn a_programme_over_a_day_is_refused_with_a_question() {
    let failure = resolve(&agenda(vec![
        item(1, "Opening", None, Some(20 * 3600)),
        item(2, "Keynote", None, Some(5 * 3600)),
    ]))
    .unwrap_err();
    assert!(
        failure.message.contains("more than 24 hours"),
        "{}",
        failure.message
    );
}

#[test]
fn the_session_end_sets_the_budget_and_the_presets_are_the_built_in_ones() {
    let mut a = agenda(vec![
        item(1, "Opening", Some(at(10, 0)), Some(600)),
        item(2, "Discussion", None, Some(900)),
    ]);
    a.end = Some(at(10, 30));
    let draft = resolve(&a).unwrap();
    assert_eq!(draft.budget, Some(30 * 60));
    assert_eq!(draft.messages, Plan::builtin().messages);
    assert!(draft.segments[1].flexible, "a discussion may be shortened");
}
