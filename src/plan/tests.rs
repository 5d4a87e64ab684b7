use super::*;

fn refuse(source: &str) -> Invalid {
    match parse(source, "t.toml", "t") {
        Err(PlanError::Invalid(i)) => *i,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const HEAD: &str = "title = \"T\"\n";

#[test]
fn builtin_plan_is_the_seed_plenary() {
    let plan = Plan::builtin();
    assert_eq!(plan.segments.len(), 6);
    assert_eq!(plan.budget_seconds, 75 * 60);
    assert_eq!(plan.start, NaiveTime::from_hms_opt(10, 0, 0));
    assert_eq!(plan.planned_offsets(), vec![0, 600, 1500, 2400, 3300, 4200]);
    assert!(plan.segments[4].flexible);
    assert_eq!(plan.segments[4].min_seconds, 450);
}

#[test]
fn builtin_copy_equals_the_session_file() {
    let on_disk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sessions/plenary-3.toml"
    ))
    .unwrap();
    assert_eq!(BUILTIN_SOURCE, on_disk);
}

#[test]
fn durations_in_every_written_form() {
    for (written, seconds) in [
        ("10m", 600),
        ("90s", 90),
        ("1m30s", 90),
        ("1h 15m", 4500),
        ("12:30", 750),
        ("1:02:03", 3723),
        ("2m 30s", 150),
    ] {
        assert_eq!(parse_duration(written), Ok(seconds), "{written}");
    }
    assert!(parse_duration("0s").unwrap_err().contains("zero"));
    assert!(parse_duration("-5m").unwrap_err().contains("negative"));
    assert!(parse_duration("25h").unwrap_err().contains("24 hours"));
    assert!(
        parse_duration("ten")
            .unwrap_err()
            .contains("not a duration")
    );
    assert!(parse_duration("12:75").unwrap_err().contains("mm:ss"));
}

#[test]
fn unknown_key_names_the_nearest_known_one_and_its_place() {
    let e = refuse(&format!(
        "{HEAD}[[segments]]\ntitle = \"A\"\ndurration = \"10m\"\n"
    ));
    assert_eq!((e.line, e.column), (4, 1));
    assert!(e.message.contains("`durration`"), "{}", e.message);
    assert!(
        e.message.contains("did you mean `duration`"),
        "{}",
        e.message
    );
    assert_eq!(e.snippet, "durration = \"10m\"");
}

#[test]
fn unknown_top_level_and_warning_keys() {
    let e = refuse("titel = \"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
    assert!(e.message.contains("did you mean `title`"), "{}", e.message);
    let e = refuse(&format!(
        "{HEAD}[warnings]\namberr = \"2m\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
    ));
    assert!(e.message.contains("did you mean `amber`"), "{}", e.message);
}

#[test]
fn not_toml_is_refused_with_its_place() {
    let e = refuse("title = \"T\"\n\nthis is not toml\n");
    assert!(
        e.message.starts_with("not a valid TOML plan"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 3);
    assert_eq!(e.snippet, "this is not toml");
}

#[test]
fn empty_plan_is_refused() {
    assert!(refuse("").message.contains("empty"));
    assert!(refuse("  \n\n").message.contains("empty"));
}

#[test]
fn missing_or_empty_fields_are_named() {
    let e = refuse("[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
    assert!(e.message.contains("`title` is missing"), "{}", e.message);
    let e = refuse(&format!("{HEAD}[[segments]]\ntitle=\"A\"\n"));
    assert!(
        e.message.contains("segment 1 (A) has no `duration`"),
        "{}",
        e.message
    );
    let e = refuse(&format!(
        "{HEAD}[[segments]]\ntitle=\"  \"\nduration=\"1m\"\n"
    ));
    assert!(e.message.contains("segment 1's `title` is empty"));
    assert_eq!(e.line, 3);
    assert!(refuse(HEAD).message.contains("no segments"));
}

#[test]
fn wrong_types_say_what_was_found() {
    let e = refuse(&format!("{HEAD}[[segments]]\ntitle=\"A\"\nduration=10\n"));
    assert!(e.message.contains("needs a unit"), "{}", e.message);
    assert_eq!((e.line, e.column), (4, 10));
    let e = refuse(&format!(
        "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"1m\"\nflexible=\"yes\"\n"
    ));
    assert!(e.message.contains("true or false"), "{}", e.message);
    let e = refuse("title = 3\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
    assert!(e.message.contains("found the number 3"), "{}", e.message);
}

#[test]
fn zero_negative_and_absurd_durations_are_refused() {
    for (d, why) in [
        ("0m", "zero"),
        ("-5m", "negative"),
        ("30h", "24 hours"),
        ("soon", "not a duration"),
    ] {
        let e = refuse(&format!(
            "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"{d}\"\n"
        ));
        assert!(e.message.contains(why), "{d}: {}", e.message);
        assert!(e.message.contains("segment 1 (A)"), "{}", e.message);
        assert_eq!(e.line, 4);
    }
}

#[test]
fn amber_must_be_above_red_globally_and_per_segment() {
    let e = refuse(&format!(
        "{HEAD}[warnings]\namber=\"20s\"\nred=\"30s\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
    ));
    assert!(
        e.message
            .contains("amber (20s) must be more time left than red (30s)"),
        "{}",
        e.message
    );
    let e = refuse(&format!(
        "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"5m\"\namber=\"10s\"\n"
    ));
    assert!(
        e.message.starts_with("segment 1 (A): amber"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 5);
}

#[test]
fn invalid_start_and_date_are_refused() {
    let e = refuse(&format!(
        "{HEAD}start = \"25:99\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
    ));
    assert!(e.message.contains("\"25:99\" is not a time of day"));
    assert_eq!((e.line, e.column), (2, 9));
    let e = refuse(&format!(
        "{HEAD}date = \"7 Feb\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
    ));
    assert!(e.message.contains("YYYY-MM-DD"));
}

#[test]
fn bare_toml_times_and_dates_are_accepted() {
    let plan = parse(
        "title=\"T\"\ndate = 2019-02-07\nstart = 10:00:00\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        "t",
        "t",
    )
    .unwrap();
    assert_eq!(plan.start, NaiveTime::from_hms_opt(10, 0, 0));
    assert_eq!(plan.date, NaiveDate::from_ymd_opt(2019, 2, 7));
}

#[test]
fn segments_over_budget_say_by_how_much() {
    let e = refuse(&format!(
        "{HEAD}budget = \"20m\"\n[[segments]]\ntitle=\"A\"\nduration=\"15m\"\n[[segments]]\ntitle=\"B\"\nduration=\"10m\"\n"
    ));
    assert_eq!(
        e.message,
        "the segments add up to 25:00, 5:00 more than the budget of 20:00"
    );
    assert_eq!(e.line, 2);
}

#[test]
fn a_budget_of_1_15_meant_as_an_hour_and_a_quarter_gets_a_hint() {
    let e = refuse(&format!(
        "{HEAD}budget = \"1:15\"\n[[segments]]\ntitle=\"A\"\nduration=\"10m\"\n"
    ));
    assert_eq!(
        e.message,
        "the segments add up to 10:00, 8:45 more than the budget of 1:15 (1:15 is read as minutes and seconds: for 1 h 15 min write \"1h15m\")"
    );
    // A real shortfall is said plainly.
    let e = refuse(&format!(
        "{HEAD}budget = \"9m\"\n[[segments]]\ntitle=\"A\"\nduration=\"10m\"\n"
    ));
    assert!(!e.message.contains("read as"), "{}", e.message);
}

#[test]
fn min_longer_than_duration_is_refused() {
    let e = refuse(&format!(
        "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"5m\"\nmin=\"6m\"\n"
    ));
    assert!(e.message.contains("`min` (6m) is longer"), "{}", e.message);
}

#[test]
fn under_budget_is_allowed_and_defaults_apply() {
    let plan = parse(
        "title=\"T\"\nbudget=\"1h\"\n[[segments]]\ntitle=\"A\"\nduration=\"10m\"\nred=\"1m\"\n",
        "t",
        "t",
    )
    .unwrap();
    assert_eq!(plan.budget_seconds, 3600);
    assert_eq!(plan.planned_seconds(), 600);
    assert_eq!(plan.segments[0].warnings.amber_seconds, 120);
    assert_eq!(plan.segments[0].warnings.red_seconds, 60);
    assert_eq!(plan.segments[0].min_seconds, 300);
}

#[test]
fn control_characters_in_names_are_neutralised() {
    let plan = parse(
        "title=\"T\\u001b[2J\"\n[[segments]]\ntitle=\"A\"\nspeaker=\"X\\u0007\"\nduration=\"1m\"\n",
        "t",
        "t",
    )
    .unwrap();
    assert_eq!(plan.title, "T␛[2J");
    assert_eq!(plan.segments[0].speaker.as_deref(), Some("X␇"));
}

/// A plan edited in a journal and a plan file refuse a broken rule with the
/// same sentence: the rules are written once.
#[test]
fn a_file_and_a_journal_refuse_a_broken_rule_in_the_same_words() {
    let file = "title = \"T\"\n[[segments]]\ntitle = \"Panel\"\nduration = \"5m\"\nmin = \"8m\"\n";
    let refused = refuse(file);
    let mut plan = parse(
        "title = \"T\"\n[[segments]]\ntitle = \"Panel\"\nduration = \"5m\"\n",
        "t.toml",
        "t",
    )
    .unwrap();
    plan.segments[0].min_seconds = 8 * 60;
    let said = plan.check().unwrap_err();
    assert_eq!(
        said,
        "segment 1 (Panel): `min` (8m) is longer than its duration (5m)"
    );
    assert_eq!(refused.message, said);
    assert_eq!(
        (refused.line, refused.column),
        (5, 7),
        "at the `min` written"
    );

    let file =
        "title = \"T\"\nbudget = \"4m\"\n[[segments]]\ntitle = \"Panel\"\nduration = \"5m\"\n";
    let refused = refuse(file);
    plan.segments[0].min_seconds = 0;
    plan.budget_seconds = 4 * 60;
    assert_eq!(refused.message, plan.check().unwrap_err());
    assert_eq!(refused.line, 2, "at the budget");
}

#[test]
fn a_journal_plan_is_held_to_the_floor_and_kind_rules_too() {
    let mut plan = parse(
        "title = \"T\"\n[kinds]\nstatement = \"3m\"\n[[segments]]\ntitle = \"Debate\"\nduration = \"15m\"\nfloor = true\n[[segments.list]]\nname = \"Cambodia\"\n",
        "t.toml",
        "t",
    )
    .unwrap();
    assert_eq!(plan.check(), Ok(()));
    let list = &mut plan.segments[0].floor.as_mut().unwrap().list;
    list[0].limit_seconds = 5 * 3600;
    assert_eq!(
        plan.check().unwrap_err(),
        "segment 1 (Debate): a limit of 5h is not a speaker's: at most 1h"
    );
    plan.segments[0].floor.as_mut().unwrap().list[0].limit_seconds = 60;
    plan.kinds[0].warnings.amber_seconds = plan.kinds[0].limit_seconds;
    assert_eq!(
        plan.check().unwrap_err(),
        "kind `statement`: amber (3m) must be less than its time (3m)"
    );
}
