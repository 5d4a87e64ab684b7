//! Properties of plan parsing: whatever text a plan file holds, `parse` answers
//! with a plan or a refusal that points into the text, never a panic; and a
//! well-formed plan is read back with exactly the durations it was written
//! with, in any of the duration forms the contract allows.

use std::fmt::Write as _;

use proptest::prelude::*;
use timekeeper::plan::{PlanError, parse};

/// A refusal must point at a real place in the text and say something.
fn assert_sensible_refusal(source: &str, result: Result<timekeeper::plan::Plan, PlanError>) {
    let Err(error) = result else { return };
    let PlanError::Invalid(invalid) = &error else {
        panic!("parse of text can only refuse as Invalid, got {error:?}");
    };
    let lines = source.split('\n').count();
    assert!(
        (1..=lines).contains(&invalid.line),
        "line {} is outside the {lines}-line text: {error}",
        invalid.line
    );
    assert!(invalid.column >= 1, "column 0 in {error}");
    assert!(
        !invalid.message.trim().is_empty(),
        "empty message: {error:?}"
    );
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!("p.toml:{}:{}: ", invalid.line, invalid.column)),
        "the refusal must start with its place: {shown}"
    );
    assert!(
        !shown.chars().any(|c| c != '\n' && c.is_control()),
        "a control character would reach the terminal: {shown:?}"
    );
    assert!(
        shown.lines().count() <= 2,
        "one sentence plus the offending line, got: {shown}"
    );
}

// ---------------------------------------------------------------------------
// TOML-ish text: the plan's keys and near misses, with values of every type.

const KEYS: &[&str] = &[
    "title",
    "date",
    "start",
    "budget",
    "location",
    "warnings",
    "segments",
    "speaker",
    "role",
    "notes",
    "duration",
    "flexible",
    "amber",
    "red",
    "min",
    "durration",
    "Title",
    "\"\"",
    "\"\\u001b[2J\"",
    "segments.title",
    "warnings.amber",
];

const HEADERS: &[&str] = &[
    "[warnings]",
    "[[segments]]",
    "[segments]",
    "[[warnings]]",
    "[title]",
    "[[segments.notes]]",
    "[segments.warnings]",
    "[[segments]",
];

const VALUES: &[&str] = &[
    "\"10m\"",
    "\"90s\"",
    "\"1m30s\"",
    "\"1h 15m\"",
    "\"12:30\"",
    "\"1:02:03\"",
    "\"0s\"",
    "\"-5m\"",
    "\"25h\"",
    "\"99999999999999999999h\"",
    "\"9999:59\"",
    "\"500ms\"",
    "\"1ns\"",
    "\"\"",
    "\"  \"",
    "\"10:00\"",
    "\"25:99\"",
    "\"2019-02-07\"",
    "\"2019-02-30\"",
    "10:00:00",
    "2019-02-07",
    "2019-02-07T10:00:00Z",
    "10",
    "-10",
    "0",
    "9223372036854775807",
    "1.5",
    "nan",
    "inf",
    "true",
    "false",
    "[]",
    "[\"a\", 1]",
    "[{ title = \"A\", duration = \"1m\" }]",
    "{}",
    "{ amber = \"2m\", red = \"30s\" }",
    "{ amber = \"10s\" }",
    "\"\\u001b[2J\\u0007\\u009b\"",
    "'literal'",
    "\"\"\"multi\nline\"\"\"",
];

/// A value: one from the list above, or any text as a TOML string.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(VALUES).prop_map(str::to_owned),
        1 => any::<String>().prop_map(|s| toml_edit::Value::from(s).to_string()),
        1 => (0u32..100_000, prop::sample::select(&["s", "m", "h", "ms", "x", ""][..]))
            .prop_map(|(n, unit)| format!("\"{n}{unit}\"")),
    ]
}

/// One line of a TOML-ish plan.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (prop::sample::select(KEYS), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => prop::sample::select(HEADERS).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => "[ -~]{0,20}",
        1 => any::<String>(),
    ]
}

/// Lines in any order: mostly refused by TOML itself.
fn loose_lines() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..30).prop_map(|lines| lines.join("\n"))
}

/// A value that fits `key` most of the time, so validation is reached.
fn value_for(key: &'static str) -> BoxedStrategy<String> {
    let fitting = match key {
        "title" | "speaker" | "role" | "notes" | "location" => {
            prop_oneof![29 => name().prop_map(|n| quoted(&n)), 1 => Just("\"  \"".to_owned())]
                .boxed()
        }
        // Mostly up to an hour, now and then zero or past 24 hours.
        "duration" | "budget" | "amber" | "red" | "min" => (
            prop_oneof![29 => 1i64..3600, 1 => 0i64..30 * 3600],
            any::<u8>(),
        )
            .prop_map(|(seconds, form)| format!("\"{}\"", written(seconds, form)))
            .boxed(),
        "start" => prop_oneof![29 => (0u32..24, 0u32..60), 1 => (0u32..100, 0u32..100)]
            .prop_map(|(h, m)| format!("\"{h:02}:{m:02}\""))
            .boxed(),
        "date" => (
            1990u32..2030,
            prop_oneof![29 => 1u32..13, 1 => 0u32..100],
            prop_oneof![29 => 1u32..29, 1 => 0u32..100],
        )
            .prop_map(|(y, m, d)| format!("\"{y}-{m:02}-{d:02}\""))
            .boxed(),
        "flexible" => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        _ => value().boxed(),
    };
    prop_oneof![29 => fitting, 1 => value()].boxed()
}

/// `key = value` lines: each `required` key almost always, some of the
/// `optional` ones, each at most once, now and then with the key misspelt.
fn entries(
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(prop::bool::weighted(0.95), required.len()),
        prop::sample::subsequence(optional, 0..=optional.len()),
    )
        .prop_flat_map(move |(present, mut chosen)| {
            let mut keys: Vec<&'static str> = required
                .iter()
                .zip(present)
                .filter_map(|(key, present)| present.then_some(*key))
                .collect();
            keys.append(&mut chosen);
            keys.into_iter()
                .map(|key| {
                    (prop::bool::weighted(0.003), value_for(key)).prop_map(move |(typo, value)| {
                        let key = if typo {
                            format!("{key}{key}")
                        } else {
                            key.to_owned()
                        };
                        format!("{key} = {value}")
                    })
                })
                .collect::<Vec<_>>()
        })
}

/// Text shaped like a plan (top-level keys, maybe [warnings], some
/// [[segments]]) with values that are often, not always, right.
fn plan_shaped() -> impl Strategy<Value = String> {
    const TOP: &[&str] = &["date", "start", "budget", "location"];
    const WARNINGS: &[&str] = &["amber", "red"];
    const SEGMENT: &[&str] = &[
        "speaker", "role", "notes", "flexible", "amber", "red", "min",
    ];
    (
        entries(&["title"], TOP),
        prop::option::of(entries(&[], WARNINGS)),
        prop::collection::vec(entries(&["title", "duration"], SEGMENT), 0..6),
    )
        .prop_map(|(top, warnings, segments)| {
            let mut lines = top;
            if let Some(warnings) = warnings {
                lines.push("[warnings]".to_owned());
                lines.extend(warnings);
            }
            for segment in segments {
                lines.push("[[segments]]".to_owned());
                lines.extend(segment);
            }
            lines.join("\n")
        })
}

fn tomlish() -> impl Strategy<Value = String> {
    (
        prop_oneof![1 => loose_lines(), 3 => plan_shaped()],
        any::<bool>(),
    )
        .prop_map(|(text, crlf)| {
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

// ---------------------------------------------------------------------------
// Well-formed plans.

/// A duration written in one of the forms the contract names, chosen by `form`.
fn written(seconds: i64, form: u8) -> String {
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    match form % 5 {
        0 => format!("{seconds}s"),
        1 => format!("{}:{s:02}", seconds / 60),
        2 => format!("{h}:{m:02}:{s:02}"),
        sep => {
            let sep = if sep == 3 { "" } else { " " };
            let mut parts = Vec::new();
            if h > 0 {
                parts.push(format!("{h}h"));
            }
            if m > 0 {
                parts.push(format!("{m}m"));
            }
            if s > 0 {
                parts.push(format!("{s}s"));
            }
            parts.join(sep)
        }
    }
}

/// A name that is not blank: a letter from some script, then anything.
fn name() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["A", "ព", "Ҳ", "王", "ع", "🎤", "✈\u{fe0f}"][..]),
        any::<String>(),
    )
        .prop_map(|(first, rest)| format!("{first}{rest}"))
}

#[derive(Debug, Clone)]
struct GeneratedSegment {
    title: String,
    speaker: Option<String>,
    seconds: i64,
    form: u8,
    flexible: Option<bool>,
}

fn segment() -> impl Strategy<Value = GeneratedSegment> {
    // At most 40 segments of at most 36 minutes: never over 24 hours.
    (
        name(),
        prop::option::of(name()),
        1i64..=36 * 60,
        any::<u8>(),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(title, speaker, seconds, form, flexible)| GeneratedSegment {
                title,
                speaker,
                seconds,
                form,
                flexible,
            },
        )
}

#[derive(Debug, Clone)]
struct GeneratedPlan {
    title: String,
    start: Option<(u32, u32)>,
    /// Budget beyond the segments' sum, if a budget is written.
    spare: Option<i64>,
    /// amber, red of [warnings], if written (amber > red).
    warnings: Option<(i64, i64)>,
    segments: Vec<GeneratedSegment>,
}

fn plan() -> impl Strategy<Value = GeneratedPlan> {
    (
        name(),
        prop::option::of((0u32..24, 0u32..60)),
        prop::option::of(0i64..3600),
        prop::option::of((2i64..600).prop_flat_map(|amber| (Just(amber), 1..amber))),
        prop::collection::vec(segment(), 1..40),
    )
        .prop_map(|(title, start, spare, warnings, segments)| GeneratedPlan {
            title,
            start,
            spare,
            warnings,
            segments,
        })
}

fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

impl GeneratedPlan {
    fn sum(&self) -> i64 {
        self.segments.iter().map(|s| s.seconds).sum()
    }

    fn to_toml(&self) -> String {
        let mut out = format!("title = {}\n", quoted(&self.title));
        if let Some((h, m)) = self.start {
            let _ = writeln!(out, "start = \"{h:02}:{m:02}\"");
        }
        if let Some(spare) = self.spare {
            let _ = writeln!(out, "budget = \"{}s\"", self.sum() + spare);
        }
        if let Some((amber, red)) = self.warnings {
            let _ = write!(
                out,
                "\n[warnings]\namber = \"{amber}s\"\nred = \"{red}s\"\n"
            );
        }
        for s in &self.segments {
            let _ = write!(
                out,
                "\n[[segments]]\ntitle = {}\nduration = \"{}\"\n",
                quoted(&s.title),
                written(s.seconds, s.form)
            );
            if let Some(speaker) = &s.speaker {
                let _ = writeln!(out, "speaker = {}", quoted(speaker));
            }
            if let Some(flexible) = s.flexible {
                let _ = writeln!(out, "flexible = {flexible}");
            }
        }
        out
    }
}

proptest! {
    #[test]
    fn any_text_is_parsed_or_refused_with_a_place_never_a_panic(text in any::<String>()) {
        assert_sensible_refusal(&text, parse(&text, "p.toml", "p"));
    }

    #[test]
    fn any_bytes_read_as_text_are_parsed_or_refused_never_a_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..400)
    ) {
        let text = String::from_utf8_lossy(&bytes);
        assert_sensible_refusal(&text, parse(&text, "p.toml", "p"));
    }

    #[test]
    fn toml_like_text_with_plan_keys_is_parsed_or_refused_never_a_panic(text in tomlish()) {
        assert_sensible_refusal(&text, parse(&text, "p.toml", "p"));
    }

    #[test]
    fn a_valid_plan_is_read_back_with_its_durations_and_their_sum(generated in plan()) {
        let source = generated.to_toml();
        let plan = match parse(&source, "p.toml", "p") {
            Ok(plan) => plan,
            Err(e) => panic!("a valid plan was refused: {e}\n--- plan ---\n{source}"),
        };
        let durations: Vec<i64> = plan.segments.iter().map(|s| s.duration_seconds).collect();
        let written: Vec<i64> = generated.segments.iter().map(|s| s.seconds).collect();
        prop_assert_eq!(&durations, &written, "durations as written:\n{}", source);
        prop_assert_eq!(plan.planned_seconds(), generated.sum());
        prop_assert_eq!(
            plan.budget_seconds,
            generated.sum() + generated.spare.unwrap_or(0),
            "budget: the one written, or the segments' sum"
        );
        prop_assert_eq!(plan.budget_given, generated.spare.is_some());
        let offsets = plan.planned_offsets();
        prop_assert_eq!(offsets[0], 0);
        for (i, pair) in offsets.windows(2).enumerate() {
            prop_assert_eq!(pair[1] - pair[0], written[i], "segment {} starts after the one before", i + 2);
        }
        prop_assert_eq!(
            plan.start.map(|t| (chrono::Timelike::hour(&t), chrono::Timelike::minute(&t))),
            generated.start
        );
        for (got, want) in plan.segments.iter().zip(&generated.segments) {
            prop_assert_eq!(got.flexible, want.flexible.unwrap_or(false));
            prop_assert_eq!(got.min_seconds, got.duration_seconds / 2);
            if let Some((amber, red)) = generated.warnings {
                prop_assert_eq!((got.warnings.amber_seconds, got.warnings.red_seconds), (amber, red));
            }
            // Names keep their text, with nothing a terminal would obey.
            prop_assert!(!got.title.is_empty());
            prop_assert!(!got.title.chars().any(char::is_control), "{:?}", got.title);
            let first = want.title.chars().next().unwrap();
            prop_assert!(got.title.starts_with(first), "{:?} from {:?}", got.title, want.title);
            prop_assert_eq!(got.speaker.is_some(), want.speaker.is_some());
        }
    }
}

#[test]
fn every_written_duration_form_means_the_same_seconds() {
    for seconds in [
        1,
        59,
        60,
        61,
        90,
        599,
        600,
        750,
        3599,
        3600,
        3723,
        4500,
        36 * 60,
    ] {
        for form in 0..5 {
            let text = written(seconds, form);
            assert_eq!(
                timekeeper::plan::parse_duration(&text),
                Ok(seconds),
                "{text:?} should be {seconds} s"
            );
        }
    }
}
