//! `timekeeper import LIST --into PLAN`, run as a secretariat's list is
//! inscribed: the real binary on lists made here (CSV, XLSX, a pasted text
//! list), then the plan read back. A bad row is refused with its place and
//! the plan left byte for byte as it was.

use std::path::Path;

use timekeeper::plan::Plan;

use crate::common::cli::{Outcome, timekeeper_in};

/// A plan with comments and one floor, as a chair's office writes it.
const PLAN: &str = "# Plenary 4: the afternoon\ntitle = \"Plenary 4\"\nbudget = \"40m\"\n\n[kinds]\nstatement = \"3m\"   # members\ngroup = { time = \"5m\", min = \"1m\" }\nreply = \"2m\"\n\n[[segments]]\ntitle = \"Opening\"\nspeaker = \"Chair\"\nduration = \"5m\"\n\n# The list is drawn up by the secretariat.\n[[segments]]\ntitle = \"Discussion and Q&A\"\nduration = \"30m\"\nfloor = true\n\n[[segments]]\ntitle = \"Closing\"\nduration = \"5m\"\n";

fn inscribe(dir: &Path, args: &[&str]) -> Outcome {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    timekeeper_in(dir, &all)
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.toml"), PLAN).unwrap();
    dir
}

fn list_of(path: &Path) -> Vec<(String, String, i64, Option<String>)> {
    let plan = Plan::load(path).unwrap();
    plan.segments[1]
        .floor
        .as_ref()
        .unwrap()
        .list
        .iter()
        .map(|e| {
            (
                e.name.clone(),
                e.kind.clone(),
                e.limit_seconds,
                e.lang.clone(),
            )
        })
        .collect()
}

#[test]
fn a_csv_list_with_kinds_and_languages_is_inscribed_and_the_plan_keeps_its_comments() {
    let dir = setup();
    std::fs::write(
        dir.path().join("speakers.csv"),
        "No.,Delegation,Kind,Language\n1,Cambodia,group,fr\n2,Тоҷикистон,,ru\n3,العراق,reply,ar\n4,中国,,zh\n",
    )
    .unwrap();
    let out = inscribe(dir.path(), &["speakers.csv", "--into", "plan.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        "Inscribed 4 speakers on \"Discussion and Q&A\" in plan.toml: Cambodia, Тоҷикистон, العراق, and 1 more. `timekeeper check` shows the list against the segment's time."
    );
    let plan = dir.path().join("plan.toml");
    assert_eq!(
        list_of(&plan),
        [
            ("Cambodia".into(), "group".into(), 300, Some("fr".into())),
            (
                "Тоҷикистон".into(),
                "statement".into(),
                180,
                Some("ru".into())
            ),
            ("العراق".into(), "reply".into(), 120, Some("ar".into())),
            ("中国".into(), "statement".into(), 180, Some("zh".into())),
        ]
    );
    let text = std::fs::read_to_string(&plan).unwrap();
    for kept in [
        "# Plenary 4: the afternoon\n",
        "statement = \"3m\"   # members\n",
        "# The list is drawn up by the secretariat.\n[[segments]]\n",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    assert!(
        text.contains("floor = true\n\n[[segments.list]]\nname = \"Cambodia\"\nkind = \"group\"\nlang = \"fr\"\n"),
        "{text}"
    );
    let check = timekeeper_in(dir.path(), &["check", "plan.toml"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("list: 4 speakers"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_xlsx_list_made_by_a_spreadsheet_is_inscribed() {
    use rust_xlsxwriter::Workbook;
    let dir = setup();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Orateurs").unwrap();
    for (c, h) in ["Orateur", "Type d'intervention", "Temps de parole"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Union européenne").unwrap();
    sheet.write_string(1, 1, "group").unwrap();
    sheet.write_string(2, 0, "Mozambique").unwrap();
    sheet.write_number(2, 2, 2.5).unwrap();
    sheet.write_string(4, 0, "Colombie").unwrap();
    workbook.save(dir.path().join("orateurs.xlsx")).unwrap();
    let out = inscribe(dir.path(), &["orateurs.xlsx", "--into", "plan.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        list_of(&dir.path().join("plan.toml")),
        [
            ("Union européenne".into(), "group".into(), 300, None),
            ("Mozambique".into(), "statement".into(), 150, None),
            ("Colombie".into(), "statement".into(), 180, None),
        ],
        "an empty row skipped, a number of minutes a limit"
    );
}

#[test]
fn a_bad_field_in_a_spreadsheet_names_its_own_cell_and_the_plan_is_untouched() {
    use rust_xlsxwriter::Workbook;
    // (the row written, the cell refused, what is said)
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["Peru", "statment", "", ""],
            "B3",
            "kind \"statment\" is not one of statement, group, reply: did you mean \"statement\"?",
        ),
        (
            &["Peru", "", "Deutsch", ""],
            "C3",
            "language \"Deutsch\" is not one of the UN languages: write ar, zh, en, fr, ru, es",
        ),
        (
            &["Peru", "", "", "2h"],
            "D3",
            "a limit of 2h is not a speaker's: at most 1h",
        ),
    ];
    for (row, cell, said) in cases {
        let dir = setup();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (c, h) in ["Speaker", "Kind", "Language", "Limit"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "Chile").unwrap();
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(2, c as u16, *value).unwrap();
            }
        }
        workbook.save(dir.path().join("list.xlsx")).unwrap();
        let out = inscribe(dir.path(), &["list.xlsx", "--into", "plan.toml"]);
        assert_eq!(out.code, Some(1));
        assert_eq!(
            out.stderr.trim(),
            format!("timekeeper: list.xlsx sheet 'Sheet1' cell {cell} (row 3): {said}")
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
            PLAN
        );
    }
}

#[test]
fn a_bad_csv_row_is_refused_with_its_row_and_nothing_is_written() {
    let dir = setup();
    let rows = "Chile,statement\nPeru,\nMexico,reply\nBrazil,\nCuba,statement\n";
    std::fs::write(
        dir.path().join("speakers.csv"),
        format!("name,kind\n{rows}France,grup\nChile,\n"),
    )
    .unwrap();
    let out = inscribe(
        dir.path(),
        &[
            "speakers.csv",
            "--into",
            "plan.toml",
            "--output",
            "new.toml",
        ],
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr.trim(),
        "timekeeper: speakers.csv row 7: kind (column 'kind') \"grup\" is not one of statement, group, reply: did you mean \"group\"?"
    );
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(!dir.path().join("new.toml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
        PLAN
    );
}

#[test]
fn a_pasted_text_list_replaces_an_inscribed_one_only_with_force() {
    let dir = setup();
    std::fs::write(dir.path().join("first.txt"), "1. Chile\n2. Peru\n").unwrap();
    let out = inscribe(dir.path(), &["first.txt", "--into", "plan.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    std::fs::write(
        dir.path().join("names.txt"),
        "List of speakers\n\n1. កម្ពុជា\n2) Тоҷикистон\n\n3. العراق\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    let out = inscribe(dir.path(), &["names.txt", "--into", "plan.toml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr.trim(),
        "timekeeper: \"Discussion and Q&A\" in plan.toml already has 2 speakers inscribed; give --force to replace them"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
        before
    );
    let out = inscribe(dir.path(), &["names.txt", "--into", "plan.toml", "--force"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("(replacing 2 speakers)"),
        "{}",
        out.stdout
    );
    let names: Vec<String> = list_of(&dir.path().join("plan.toml"))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(
        names,
        ["កម្ពុជា", "Тоҷикистон", "العراق"],
        "the heading, blank lines and numbering dropped"
    );
}

#[test]
fn a_text_list_whose_lines_end_with_cr_alone_is_one_name_a_line() {
    let dir = setup();
    std::fs::write(dir.path().join("names.txt"), "Chile\rPeru\rCuba\r").unwrap();
    let out = inscribe(dir.path(), &["names.txt", "--into", "plan.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let names: Vec<String> = list_of(&dir.path().join("plan.toml"))
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(names, ["Chile", "Peru", "Cuba"]);
}

#[test]
fn with_several_floors_the_floor_must_be_named() {
    let dir = tempfile::tempdir().unwrap();
    let two = PLAN.replace(
        "title = \"Closing\"\nduration = \"5m\"\n",
        "title = \"Closing debate\"\nduration = \"5m\"\nfloor = true\n",
    );
    std::fs::write(dir.path().join("plan.toml"), &two).unwrap();
    std::fs::write(dir.path().join("names.txt"), "Chile\n").unwrap();
    let out = inscribe(dir.path(), &["names.txt", "--into", "plan.toml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr.trim(),
        "timekeeper: plan.toml has 2 floor segments: say which with --floor, one of \"Discussion and Q&A\", \"Closing debate\""
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
        two
    );
    let out = inscribe(
        dir.path(),
        &[
            "names.txt",
            "--into",
            "plan.toml",
            "--floor",
            "Closing debate",
            "--output",
            "out.toml",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let plan = Plan::load(&dir.path().join("out.toml")).unwrap();
    assert_eq!(
        plan.segments[2].floor.as_ref().unwrap().list[0].name,
        "Chile"
    );
    assert!(plan.segments[1].floor.as_ref().unwrap().list.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
        two,
        "--output leaves the plan as it was"
    );
    let again = inscribe(
        dir.path(),
        &[
            "names.txt",
            "--into",
            "plan.toml",
            "--floor",
            "Closing debate",
            "-o",
            "out.toml",
        ],
    );
    assert_eq!(again.code, Some(1));
    assert!(
        again
            .stderr
            .contains("out.toml already exists; give --force"),
        "{}",
        again.stderr
    );
}
