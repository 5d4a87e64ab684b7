//! The speakers' list reader: rows and their places, each row checked
//! against the plan, the floor chosen, and the plan's text edited.

use super::*;

fn names(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn a_text_list_drops_blank_lines_numbering_and_its_heading_and_keeps_every_script() {
    let source = "Speakers:\n1. Cambodia\n12) Тоҷикистон\n\n  3.   العراق\n(4) 中国\n- កម្ពុជា\n• Lao People's Democratic Republic\n";
    let rows = read_rows(source.as_bytes(), "names.txt").unwrap();
    assert_eq!(
        names(&rows),
        [
            "Cambodia",
            "Тоҷикистон",
            "العراق",
            "中国",
            "កម្ពុជា",
            "Lao People's Democratic Republic"
        ]
    );
    assert_eq!(rows[2].place, Place::Line(5), "its line in the file");
}

#[test]
fn a_list_s_lines_end_with_crlf_lf_or_a_cr_alone() {
    fn split(s: &str) -> Vec<&str> {
        lines(s).collect()
    }
    assert_eq!(split("a\r\nb\nc\rd"), ["a", "b", "c", "d"]);
    assert_eq!(split("a\r\n\r\nb\r\n"), ["a", "", "b"], "CRLF is one break");
    assert_eq!(split("a\r\rb\r"), ["a", "", "b"]);
    assert_eq!(split("\n"), [""]);
    assert!(split("").is_empty());
}

#[test]
fn a_text_list_with_lines_ended_by_cr_alone_is_one_name_a_line() {
    // What a terminal pastes, and an old Mac saves.
    let rows = read_rows(
        "Speakers:\r1. Тоҷикистон\r2. 日本\r\r3. مصر\r".as_bytes(),
        "names.txt",
    )
    .unwrap();
    assert_eq!(names(&rows), ["Тоҷикистон", "日本", "مصر"]);
    assert_eq!(rows[2].place, Place::Line(5), "its line in the file");
    assert_eq!(
        names_in_text("1. Chile\r2. Peru\r\n3. Cuba\n"),
        ["Chile", "Peru", "Cuba"]
    );
}

#[test]
fn a_name_that_starts_with_a_number_is_not_numbering() {
    let rows = read_rows(b"G77 and China\n1 Commonwealth\n", "names.txt").unwrap();
    assert_eq!(names(&rows), ["G77 and China", "1 Commonwealth"]);
}

#[test]
fn a_french_header_names_the_columns_in_any_order() {
    let source = "N°;Type;Délégation;Langue\n1;group;Union européenne;fr\n2;;Chili;Español\n";
    let rows = read_rows(source.as_bytes(), "orateurs.csv").unwrap();
    assert_eq!(names(&rows), ["Union européenne", "Chili"]);
    assert_eq!(rows[0].kind.as_deref(), Some("group"));
    assert_eq!(rows[1].kind, None, "an empty kind is the floor's");
    assert_eq!(rows[1].place, Place::Line(3));
    let kinds = crate::plan::floor::effective(&[]);
    let kinds = [
        kinds[0].clone(),
        crate::plan::Kind {
            name: "group".to_owned(),
            ..kinds[0].clone()
        },
    ];
    let checked = check_rows(&rows, &kinds).unwrap();
    assert_eq!(checked[1].lang.as_deref(), Some("es"), "a language by name");
}

#[test]
fn a_csv_with_lines_ended_by_crlf_or_a_cr_alone_names_each_rows_own_line() {
    let kinds = plenary_kinds();
    let source = "Delegation,Kind\r\nChile,group\rPeru,grup\r\nCuba,\r";
    let rows = read_rows(source.as_bytes(), "list.csv").unwrap();
    assert_eq!(names(&rows), ["Chile", "Peru", "Cuba"]);
    let places: Vec<_> = rows.iter().map(|r| r.place.clone()).collect();
    assert_eq!(places, [Place::Line(2), Place::Line(3), Place::Line(4)]);
    let e = check_rows(&rows, &kinds).unwrap_err();
    assert_eq!(e.place, Place::Line(3), "{}", e.message);
}

#[test]
fn a_bad_field_is_refused_at_its_own_cell_and_a_csv_line_names_its_column() {
    let kinds = plenary_kinds();
    let source = "Delegation,Kind,Langue,Temps de parole\nChile,group,fr,3\nPeru,grup,,\nCuba,,de,\nIraq,,,2h\n";
    let rows = read_rows(source.as_bytes(), "list.csv").unwrap();
    let e = check_rows(&rows[1..2], &kinds).unwrap_err();
    assert_eq!(e.place, Place::Line(3));
    assert_eq!(
        e.message,
        "kind (column 'Kind') \"grup\" is not one of statement, group, reply: did you mean \"group\"?"
    );
    let e = check_rows(&rows[2..3], &kinds).unwrap_err();
    assert!(
        e.message
            .starts_with("language (column 'Langue') \"de\" is not one of"),
        "{}",
        e.message
    );
    let e = check_rows(&rows[3..], &kinds).unwrap_err();
    assert_eq!(
        e.message,
        "the limit (column 'Temps de parole'): a limit of 2h is not a speaker's: at most 1h"
    );
    // A table without a header has no column names to give.
    let rows = read_rows(b"Peru,grup\n", "list.csv").unwrap();
    let e = check_rows(&rows, &kinds).unwrap_err();
    assert!(e.message.starts_with("kind \"grup\""), "{}", e.message);
}

#[test]
fn a_table_without_a_header_is_names_then_kinds() {
    let rows = read_rows(b"Cambodia,group\nIraq,\n", "list.csv").unwrap();
    assert_eq!(names(&rows), ["Cambodia", "Iraq"]);
    assert_eq!(rows[0].kind.as_deref(), Some("group"));
}

#[test]
fn a_header_without_a_name_column_is_refused_with_its_place() {
    let e = read_rows(b"kind,lang\nstatement,fr\n", "list.csv").unwrap_err();
    assert_eq!(e.place, Place::Line(1));
    assert!(e.message.contains("no column of names"), "{}", e.message);
}

fn row(name: &str, kind: Option<&str>, lang: Option<&str>) -> Row {
    Row {
        place: Place::Line(7),
        name: name.to_owned(),
        kind: kind.map(str::to_owned),
        lang: lang.map(str::to_owned),
        limit: None,
        cells: Cells::all_at(&Place::Line(7)),
    }
}

fn plenary_kinds() -> Vec<crate::plan::Kind> {
    let plan = crate::plan::parse(
        "title=\"T\"\n[kinds]\nstatement=\"3m\"\ngroup=\"5m\"\nreply=\"2m\"\n[[segments]]\ntitle=\"D\"\nduration=\"15m\"\nfloor=true\n",
        "p.toml",
        "p",
    )
    .unwrap();
    plan.kinds
}

#[test]
fn each_bad_row_is_refused_with_its_place_and_the_kinds_it_could_be() {
    let kinds = plenary_kinds();
    let e = check_rows(&[row("France", Some("grup"), None)], &kinds).unwrap_err();
    assert_eq!(e.place, Place::Line(7));
    assert_eq!(
        e.message,
        "kind \"grup\" is not one of statement, group, reply: did you mean \"group\"?"
    );
    let e = check_rows(&[row("France", None, Some("de"))], &kinds).unwrap_err();
    assert!(
        e.message.contains("ar, zh, en, fr, ru, es"),
        "{}",
        e.message
    );
    let e = check_rows(&[row(" ", Some("group"), None)], &kinds).unwrap_err();
    assert_eq!(e.message, "the name is empty");
    let e = check_rows(&[row(&"x".repeat(81), None, None)], &kinds).unwrap_err();
    assert!(e.message.contains("81 characters"), "{}", e.message);
    let mut limited = row("Chile", None, None);
    limited.limit = Some(WrittenLimit::Text("2h".to_owned()));
    let e = check_rows(&[limited], &kinds).unwrap_err();
    assert!(e.message.contains("not a speaker's"), "{}", e.message);
}

#[test]
fn kinds_and_languages_are_written_as_the_plan_spells_them() {
    let mut limited = row("Chile", Some("Group"), Some("FR"));
    limited.limit = Some(WrittenLimit::Minutes(1.5));
    let checked = check_rows(&[limited], &plenary_kinds()).unwrap();
    assert_eq!(
        checked,
        [Inscribed {
            name: "Chile".to_owned(),
            kind: Some("group".to_owned()),
            lang: Some("fr".to_owned()),
            limit_seconds: Some(90),
        }]
    );
}

const TWO_FLOORS: &str = "title = \"Day\" # the day\n\n[[segments]]\ntitle = \"Opening\"\nduration = \"5m\"\n\n[[segments]]\ntitle = \"General debate\"\nduration = \"30m\"\nfloor = true\n\n# inscribed so far\n[[segments.list]]\nname = \"Chile\"\n\n[[segments]]\ntitle = \"Closing debate\"\nduration = \"10m\"\nfloor = true # the last\n";

#[test]
fn the_floor_is_named_or_the_only_one_and_several_are_listed() {
    let plan = crate::plan::parse(TWO_FLOORS, "day.toml", "day").unwrap();
    let e = choose_floor(&plan, "day.toml", None).unwrap_err();
    assert_eq!(
        e,
        "day.toml has 2 floor segments: say which with --floor, one of \"General debate\", \"Closing debate\""
    );
    assert_eq!(
        choose_floor(&plan, "day.toml", Some("closing  DEBATE")),
        Ok(2)
    );
    let e = choose_floor(&plan, "day.toml", Some("Opening")).unwrap_err();
    assert!(e.contains("is not a floor segment"), "{e}");
    let plenary = crate::plan::Plan::builtin();
    let e = choose_floor(&plenary, "p.toml", None).unwrap_err();
    assert!(e.contains("has no floor segment"), "{e}");
}

#[test]
fn the_plan_keeps_its_comments_and_layout_and_only_the_list_changes() {
    let speakers = [
        Inscribed {
            name: "Тоҷикистон".to_owned(),
            kind: None,
            lang: Some("ru".to_owned()),
            limit_seconds: None,
        },
        Inscribed {
            name: "Say \"hi\"".to_owned(),
            kind: Some("statement".to_owned()),
            lang: None,
            limit_seconds: Some(150),
        },
    ];
    let edited = rewrite(TWO_FLOORS, 1, &speakers).unwrap();
    assert_eq!(
        edited,
        "title = \"Day\" # the day\n\n[[segments]]\ntitle = \"Opening\"\nduration = \"5m\"\n\n[[segments]]\ntitle = \"General debate\"\nduration = \"30m\"\nfloor = true\n\n# inscribed so far\n[[segments.list]]\nname = \"Тоҷикистон\"\nlang = \"ru\"\n\n[[segments.list]]\nname = 'Say \"hi\"'\nkind = \"statement\"\nlimit = \"2m30s\"\n\n[[segments]]\ntitle = \"Closing debate\"\nduration = \"10m\"\nfloor = true # the last\n"
    );
    let plan = crate::plan::parse(&edited, "day.toml", "day").unwrap();
    let list = &plan.segments[1].floor.as_ref().unwrap().list;
    assert_eq!(list[1].name, "Say \"hi\"");
    assert_eq!(list[1].limit_seconds, 150);
    let closing = rewrite(TWO_FLOORS, 2, &speakers[..1]).unwrap();
    assert!(
        closing.ends_with(
            "floor = true # the last\n\n[[segments.list]]\nname = \"Тоҷикистон\"\nlang = \"ru\"\n"
        ),
        "{closing}"
    );
}
