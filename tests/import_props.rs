//! Properties of `import` on input nobody wrote by hand: it never panics on
//! any text or bytes, under any file name; whatever plan it produces parses
//! and passes the plan's own checks; and a programme written in any of the
//! ways agendas write durations comes back with those durations.

use std::fmt::Write as _;

use proptest::prelude::*;

use timekeeper::import::{Imported, import};
use timekeeper::plan;

/// Every plan import returns must be one `check` accepts, read back from
/// the very text it would write.
fn assert_valid(imported: &Imported) {
    let reparsed = plan::parse(&imported.text, "t", "t")
        .unwrap_or_else(|e| panic!("import wrote an invalid plan: {e}\n{}", imported.text));
    assert_eq!(reparsed.segments, imported.plan.segments);
    assert_eq!(imported.plan.check(), Ok(()));
}

const NAMES: &[&str] = &[
    "agenda.txt",
    "agenda.md",
    "agenda.csv",
    "agenda.xlsx",
    "agenda.ods",
    "agenda",
    "-",
];

/// Pieces of agendas, so random text often looks like one.
fn agenda_line() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Za-z &:,.]{0,30}[\t ]{1,4}[0-9]{1,3} ?(minutes|min|mins|'|’|h|hours|m|s)",
        "[0-2]?[0-9][:.h][0-5][0-9] ?[-–] ?[0-2]?[0-9][:.h][0-5][0-9] [A-Za-z ]{0,20}",
        "(Chair|Speakers|Date and time|Location|Programme|Format|Total): ?[A-Za-z0-9 ,.:–-]{0,40}",
        "(# |## |- |\\* |1\\. |a\\) )?[A-Za-zА-я王毅ក-៿ ]{0,30}",
        "[A-Za-z]{0,10}(,|;|\t)[A-Za-z0-9:]{0,10}(,|;|\t)[0-9]{0,3}",
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn import_never_panics_on_any_text(
        lines in prop::collection::vec(agenda_line(), 0..25),
        name in prop::sample::select(NAMES),
    ) {
        let text = lines.join("\n");
        if let Ok(imported) = import(text.as_bytes(), name, name) {
            assert_valid(&imported);
        }
    }

    #[test]
    fn import_never_panics_on_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        zip in any::<bool>(),
        name in prop::sample::select(NAMES),
    ) {
        // Half the time, bytes that start like a zip archive (an XLSX).
        let bytes = if zip {
            [b"PK\x03\x04".as_slice(), &bytes].concat()
        } else {
            bytes
        };
        if let Ok(imported) = import(&bytes, name, name) {
            assert_valid(&imported);
        }
    }

    #[test]
    fn durations_written_any_way_come_back_as_written(
        minutes in prop::collection::vec(1u32..=90, 1..8),
        style in 0usize..8,
        separator in prop::sample::select(vec!["\t", "   ", " ", " – ", " ........ ", ": "]),
        bullet in prop::sample::select(vec!["", "- ", "• ", "1. ", "a) "]),
    ) {
        let written = |m: u32| match style {
            0 => format!("{m} minutes"),
            1 => format!("{m} min"),
            2 => format!("{m} mins"),
            3 => format!("{m}’"),
            4 => format!("({m} minutes)"),
            5 => format!("{m} min."),
            6 => format!("{m}'"),
            _ => format!("{m}m"),
        };
        let mut text = String::from("BACKGROUND NOTE\nA session\n\nProgramme\n");
        for (i, m) in minutes.iter().enumerate() {
            let _ = writeln!(text, "{bullet}Item number {}{separator}{}", i + 1, written(*m));
        }
        let imported = import(text.as_bytes(), "note.txt", "note.txt")
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_valid(&imported);
        let got: Vec<i64> = imported.plan.segments.iter().map(|s| s.duration_seconds).collect();
        let want: Vec<i64> = minutes.iter().map(|m| i64::from(*m) * 60).collect();
        prop_assert_eq!(got, want, "{}", text);
        prop_assert_eq!(&imported.plan.title, "A session");
        prop_assert!(imported.plan.segments.iter().all(|s| s.title.starts_with("Item number")));
    }

    #[test]
    fn time_ranges_give_back_to_back_durations(
        minutes in prop::collection::vec(1u32..=60, 1..8),
        dash in prop::sample::select(vec!["-", "–", "—", " to ", " - "]),
        clock in prop::sample::select(vec![":", ".", "h"]),
    ) {
        let mut at = 9 * 60;
        let mut text = String::from("Programme\n");
        let show = |t: u32| format!("{:02}{clock}{:02}", t / 60, t % 60);
        for (i, m) in minutes.iter().enumerate() {
            let _ = writeln!(text, "{}{dash}{} Item {}", show(at), show(at + m), i + 1);
            at += m;
        }
        let imported = import(text.as_bytes(), "a.txt", "a.txt").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_valid(&imported);
        let got: Vec<i64> = imported.plan.segments.iter().map(|s| s.duration_seconds).collect();
        let want: Vec<i64> = minutes.iter().map(|m| i64::from(*m) * 60).collect();
        prop_assert_eq!(got, want, "{}", text);
        prop_assert_eq!(imported.plan.start, chrono::NaiveTime::from_hms_opt(9, 0, 0));
        prop_assert_eq!(imported.plan.budget_seconds, i64::from(at - 9 * 60) * 60);
    }
}
