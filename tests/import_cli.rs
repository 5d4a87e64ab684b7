//! `timekeeper import`, run as a user runs it: the real binary on agendas
//! (`tests/fixtures/agendas/`) and on spreadsheets made here, then
//! `timekeeper check` on what it wrote.
//!
//! A good agenda must become a plan whose segments, speakers and times are
//! the ones on the page; a broken one must be refused with exit status 1,
//! nothing written, and one sentence naming the place (line, or sheet cell).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use timekeeper::plan::{self, Plan};

use crate::common::cli::{output, spawn};

const AGENDAS: &str = "tests/fixtures/agendas";

/// What one `timekeeper` invocation did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn timekeeper(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = spawn(
        Command::new(env!("CARGO_BIN_EXE_timekeeper"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .env("NO_COLOR", "1")
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .expect("the timekeeper binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "`timekeeper {}` panicked:\n{}",
        args.join(" "),
        run.stderr
    );
    run
}

/// Imports `path` to stdout and reads the plan back.
fn import_ok(path: &str) -> (Plan, Run) {
    let run = timekeeper(&["import", path], None);
    assert_eq!(
        run.code,
        Some(0),
        "import {path} failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    let plan = plan::parse(&run.stdout, path, "imported").unwrap_or_else(|e| {
        panic!(
            "the plan imported from {path} is invalid: {e}\n{}",
            run.stdout
        )
    });
    (plan, run)
}

fn agenda(name: &str) -> String {
    format!("{AGENDAS}/{name}")
}

fn minutes(plan: &Plan) -> Vec<i64> {
    plan.segments
        .iter()
        .map(|s| s.duration_seconds / 60)
        .collect()
}

fn speakers(plan: &Plan) -> Vec<&str> {
    plan.segments
        .iter()
        .map(|s| s.speaker.as_deref().unwrap_or(""))
        .collect()
}

fn flexible(plan: &Plan) -> Vec<bool> {
    plan.segments.iter().map(|s| s.flexible).collect()
}

fn hm(h: u32, m: u32) -> Option<chrono::NaiveTime> {
    chrono::NaiveTime::from_hms_opt(h, m, 0)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

// ---------------------------------------------------------------------------
// The seed background note

#[test]
fn seed_note_imports_to_the_plenary_plan() {
    let (plan, run) = import_ok(&agenda("plenary-3-background-note.txt"));
    let seed = Plan::load(Path::new("sessions/plenary-3.toml")).unwrap();
    assert_eq!(plan.title, seed.title);
    assert_eq!(plan.date, seed.date);
    assert_eq!(plan.start, seed.start);
    assert_eq!(plan.budget_seconds, seed.budget_seconds);
    assert!(plan.budget_given);
    assert_eq!(plan.location, seed.location);
    assert_eq!(plan.segments.len(), seed.segments.len());
    for (got, want) in plan.segments.iter().zip(&seed.segments) {
        assert_eq!(got.duration_seconds, want.duration_seconds, "{}", got.title);
        assert_eq!(got.speaker, want.speaker, "{}", got.title);
        assert_eq!(got.role, want.role, "{}", got.title);
        assert_eq!(got.flexible, want.flexible, "{}", got.title);
        assert_eq!(got.min_seconds, want.min_seconds, "{}", got.title);
    }
    // The plan says where it came from, without a date (reproducible).
    assert!(
        run.stdout
            .starts_with("# Imported by `timekeeper import` from plenary-3-background-note.txt.\n"),
        "{}",
        run.stdout
    );
    // stderr: the schedule `check` would print, then every guess.
    for line in [
        "10:00",
        "11:10",
        "Scheduled end 11:15",
        "guess: speaker of 'Presentation by H.E. Prum Sophakmonkol' taken from its title: H.E. Ambassador Prum Sophakmonkol",
        "guess: speaker of 'Closing remarks by the Chair' taken from its title: the chair, Ms. Oksana Leshchenko",
        "guess: 'Discussion and Q & A' made flexible",
    ] {
        assert!(run.stderr.contains(line), "{line} missing:\n{}", run.stderr);
    }
    assert!(
        !run.stderr.contains("note:"),
        "nothing disagrees:\n{}",
        run.stderr
    );
}

#[test]
fn seed_note_to_a_file_then_check_shows_the_plenary_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.toml");
    let out_s = out.to_str().unwrap();
    let run = timekeeper(
        &[
            "import",
            &agenda("plenary-3-background-note.txt"),
            "--output",
            out_s,
        ],
        None,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        !run.stdout.contains("[[segments]]"),
        "the plan goes to the file only:\n{}",
        run.stdout
    );
    assert!(run.stderr.contains("x.toml: valid"), "{}", run.stderr);
    let check = timekeeper(&["check", out_s], None);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    for start in ["10:00", "10:10", "10:25", "10:40", "10:55", "11:10"] {
        assert!(check.stdout.contains(start), "{start}:\n{}", check.stdout);
    }
    assert!(
        check.stdout.contains("Scheduled end 11:15"),
        "{}",
        check.stdout
    );
    // What import printed is what check prints, but for the path.
    let imported_schedule: Vec<&str> = run.stderr.lines().skip(2).take(9).collect();
    let checked_schedule: Vec<&str> = check.stdout.lines().skip(2).take(9).collect();
    assert_eq!(imported_schedule, checked_schedule);
}

#[test]
fn output_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.toml");
    std::fs::write(&out, "keep me").unwrap();
    let out_s = out.to_str().unwrap();
    let seed = agenda("plenary-3-background-note.txt");
    let run = timekeeper(&["import", &seed, "--output", out_s], None);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("already exists; give --force to overwrite it"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let run = timekeeper(&["import", &seed, "--output", out_s, "--force"], None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        Plan::load(&out).is_ok(),
        "{}",
        std::fs::read_to_string(&out).unwrap()
    );
    // No temporary file left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn text_on_stdin_is_imported_with_dash() {
    let run = timekeeper(
        &["import", "-"],
        Some("Quick sync\nProgramme\nWelcome  5 min\nDemo  20 min\nQ&A  5 min\n"),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan = plan::parse(&run.stdout, "-", "x").unwrap();
    assert_eq!(plan.title, "Quick sync");
    assert_eq!(minutes(&plan), [5, 20, 5]);
    assert_eq!(flexible(&plan), [false, false, true]);
    assert!(run.stdout.contains("from standard input"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// Notes written in other ways

#[test]
fn times_instead_of_durations_give_durations_and_the_start() {
    let (plan, run) = import_ok(&agenda("side-event-times.txt"));
    assert_eq!(plan.title, "Side event: Data for Victim Assistance");
    assert_eq!(minutes(&plan), [5, 15, 15, 15, 20, 5]);
    assert_eq!(plan.start, hm(13, 15));
    assert_eq!(plan.date, ymd(2024, 3, 12));
    assert_eq!(plan.budget_seconds, 75 * 60);
    assert_eq!(
        plan.location.as_deref(),
        Some("Conference Room 2, UN Headquarters, New York")
    );
    assert_eq!(
        speakers(&plan),
        [
            "Dr. Amina Yusuf",
            "H.E. Ms. Maria Fernanda Espinosa",
            "Mr. Jean-Pierre Dupont",
            "Prof. Li Wei",
            "Dr. Amina Yusuf",
            "Dr. Amina Yusuf",
        ]
    );
    assert_eq!(
        plan.segments[0].role.as_deref(),
        Some("Moderator; Senior Adviser, UNICEF")
    );
    assert_eq!(
        plan.segments[2].role.as_deref(),
        Some("Head of Programmes, Handicap International")
    );
    assert_eq!(flexible(&plan), [false, false, false, false, true, false]);
    assert!(run.stderr.contains("Scheduled end 14:30"), "{}", run.stderr);
}

#[test]
fn start_times_only_end_at_the_end_of_session_line() {
    let (plan, run) = import_ok(&agenda("start-times-only.txt"));
    assert_eq!(minutes(&plan), [10, 45, 15, 40, 25]);
    assert_eq!(plan.start, hm(9, 0));
    assert_eq!(plan.budget_seconds, 135 * 60);
    assert_eq!(plan.segments[0].speaker.as_deref(), Some("Ms. Ana López"));
    assert_eq!(plan.segments[0].role.as_deref(), Some("Chair"));
    assert!(
        !plan.segments.iter().any(|s| s.title.contains("End")),
        "'End of session' is a time, not a segment"
    );
    assert!(
        run.stderr
            .contains("guess: start taken from the first programme line: 09:00")
    );
}

#[test]
fn markdown_agenda_with_mins_and_no_total_budgets_the_sum() {
    let (plan, run) = import_ok(&agenda("youth-voices.md"));
    assert_eq!(plan.title, "Youth and Mine Action: Voices from the Field");
    assert_eq!(minutes(&plan), [5, 12, 25, 10, 3]);
    assert!(!plan.budget_given);
    assert_eq!(plan.start, None);
    assert_eq!(plan.date, ymd(2023, 6, 3));
    assert_eq!(plan.location.as_deref(), Some("Salle XX, Geneva"));
    assert_eq!(
        plan.segments[1].speaker.as_deref(),
        Some("Ms. Aziza Karimova")
    );
    assert_eq!(plan.segments[1].role.as_deref(), Some("Youth Ambassador"));
    assert_eq!(flexible(&plan), [false, false, true, true, false]);
    assert!(
        run.stderr.contains(
            "note: no total and no end time found: the budget is the programme's sum, 55:00"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_total_that_disagrees_is_reported_and_the_plan_stays_valid() {
    let (plan, run) = import_ok(&agenda("total-disagrees.txt"));
    assert_eq!(minutes(&plan), [5, 60, 15]);
    assert_eq!(
        plan.budget_seconds,
        80 * 60,
        "never below the segments' sum"
    );
    assert_eq!(plan.segments[0].title, "Introduction by the Chair");
    assert!(
        run.stderr.contains(
            "note: the programme's lines add up to 80:00, 20:00 more than the 60:00 of the time window 09:00–10:00"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("ends at 10:20 instead of 10:00"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_stated_total_longer_than_the_lines_is_kept_and_said() {
    let note = "Plenary\r\nFormat for the Plenary: (75 minutes)\r\nRemarks 10 minutes\r\nTalks 45 minutes\r\nQ&A 15 minutes\r\n";
    let run = timekeeper(&["import", "-"], Some(note));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan = plan::parse(&run.stdout, "-", "x").unwrap();
    assert_eq!(minutes(&plan), [10, 45, 15]);
    assert_eq!(plan.budget_seconds, 75 * 60);
    assert!(
        run.stderr.contains(
            "note: the programme's lines add up to 70:00, 5:00 less than the 75:00 of the stated total \"75 minutes\": left unallocated"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn windows_1252_and_utf_16_notes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    // "Présentation … 15’" as Word saves "plain text" on Windows.
    let cp1252 = dir.path().join("note.txt");
    std::fs::write(
        &cp1252,
        b"Programme\r\nPr\xe9sentation de Mme Dupr\xe9\t15\x92\r\nD\xe9bat\t10\x92\r\n",
    )
    .unwrap();
    let (plan, run) = import_ok(cp1252.to_str().unwrap());
    assert_eq!(plan.segments[0].title, "Présentation de Mme Dupré");
    assert_eq!(plan.segments[0].speaker.as_deref(), Some("Mme Dupré"));
    assert_eq!(minutes(&plan), [15, 10]);
    assert!(
        run.stderr
            .contains("guess: the file is not UTF-8 (line 2 first): read it as Windows-1252 text"),
        "{}",
        run.stderr
    );
    let utf16 = dir.path().join("notepad.txt");
    let text = "Programme\nОткрытие 5 мин\nWelcome 20 min\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&utf16, bytes).unwrap();
    let (plan, _) = import_ok(utf16.to_str().unwrap());
    assert_eq!(minutes(&plan), [5, 20]);
    assert_eq!(plan.segments[0].title, "Открытие");
}

#[test]
fn a_programme_shorter_than_its_window_leaves_time_unallocated() {
    let (plan, run) = import_ok(&agenda("mesa-redonda.txt"));
    assert_eq!(minutes(&plan), [5, 20, 30]);
    assert_eq!(plan.budget_seconds, 60 * 60);
    assert_eq!(plan.start, hm(9, 30));
    assert!(run.stderr.contains("5:00 less than"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Segments end 10:25; scheduled end 10:30")
    );
}

#[test]
fn french_and_spanish_dates_times_and_labels() {
    let (plan, _) = import_ok(&agenda("table-ronde.txt"));
    assert_eq!(
        plan.title,
        "Table ronde : Assistance aux victimes en Afrique de l’Ouest"
    );
    assert_eq!(plan.date, ymd(2019, 2, 7));
    assert_eq!(plan.start, hm(15, 0));
    assert_eq!(plan.budget_seconds, 90 * 60);
    assert_eq!(
        plan.location.as_deref(),
        Some("Salle XIX, Palais des Nations, Genève")
    );
    assert_eq!(minutes(&plan), [10, 20, 20, 30, 10]);
    assert_eq!(
        speakers(&plan),
        [
            "Mme Aïssata Diallo",
            "M. Moussa Traoré",
            "Dr Fatou Ndiaye",
            "Mme Aïssata Diallo",
            ""
        ]
    );
    assert_eq!(flexible(&plan), [false, false, false, true, false]);

    let (plan, _) = import_ok(&agenda("mesa-redonda.txt"));
    assert_eq!(plan.date, ymd(2019, 2, 7));
    assert_eq!(plan.location.as_deref(), Some("Sala VII"));
    assert_eq!(
        speakers(&plan),
        ["Sr. Diego Ramírez", "Sra. Lucía Gómez", "Sr. Diego Ramírez"]
    );
}

#[test]
fn names_in_khmer_cyrillic_and_chinese_survive() {
    let (plan, run) = import_ok(&agenda("regional-names.txt"));
    assert_eq!(plan.title, "Panel: Regional cooperation in mine action");
    assert_eq!(minutes(&plan), [5, 20, 20, 15]);
    assert_eq!(
        speakers(&plan),
        ["王毅", "សុខ ចាន់", "Мухаббат Иброхимзода", "王毅"]
    );
    assert_eq!(
        plan.segments[1].role.as_deref(),
        Some("Cambodian Mine Action Centre")
    );
    assert_eq!(plan.segments[2].role.as_deref(), Some("директор, TNMAC"));
    // Written as themselves, not as escapes.
    assert!(
        run.stdout.contains("speaker  = \"Мухаббат Иброхимзода\""),
        "{}",
        run.stdout
    );
}

#[test]
fn escape_sequences_in_an_agenda_never_reach_the_terminal() {
    let hostile = "Programme\n10:00-10:15 (15 min) Opening by Dr. \u{1b}]0;pwn\u{7}Evil\n\u{1b}[2J Talk  10 min\n";
    let run = timekeeper(&["import", "-"], Some(hostile));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for (name, out) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{name}: {out:?}"
        );
    }
    assert!(run.stderr.contains("Dr. ␛]0;pwn␇Evil"), "{}", run.stderr);
    let plan = plan::parse(&run.stdout, "-", "x").unwrap();
    assert_eq!(plan.segments[0].title, "Opening by Dr. ␛]0;pwn␇Evil");
    assert_eq!(minutes(&plan), [15, 10]);
}

#[test]
fn sub_headings_inside_a_programme_are_not_notes_or_segments() {
    let text =
        "Programme\nPart 1: Opening\nWelcome  5 min\nKeynote  20 min\nPART TWO\nPanel  30 min\n";
    let run = timekeeper(&["import", "-"], Some(text));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan = plan::parse(&run.stdout, "-", "x").unwrap();
    assert_eq!(minutes(&plan), [5, 20, 30]);
    assert!(
        plan.segments.iter().all(|s| s.notes.is_none()),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------
// Tables

#[test]
fn csv_with_durations_in_every_form() {
    let (plan, run) = import_ok(&agenda("programme.csv"));
    assert_eq!(minutes(&plan), [10, 15, 15, 15, 15, 5]);
    assert_eq!(flexible(&plan), [false, false, false, false, true, false]);
    assert_eq!(
        plan.segments[1].role.as_deref(),
        Some("Secretary-General, CMAA")
    );
    assert_eq!(
        plan.segments[4].notes.as_deref(),
        Some("Food for thought: \"Leaving No One Behind\"")
    );
    assert_eq!(plan.title, "programme");
    assert!(
        run.stderr
            .contains("guess: session title taken from the file name")
    );
}

#[test]
fn csv_with_semicolons_start_times_a_title_row_and_a_total() {
    let (plan, _) = import_ok(&agenda("programme-semicolon.csv"));
    assert_eq!(plan.title, "Plenary Session 3");
    assert_eq!(plan.date, ymd(2019, 2, 7));
    assert_eq!(plan.start, hm(10, 0));
    assert_eq!(minutes(&plan), [10, 15, 20]);
    assert_eq!(plan.budget_seconds, 45 * 60);
}

/// The plenary's programme as an organiser's spreadsheet: a title row, a
/// header, minutes as numbers, durations as time cells (`[h]:mm:ss` and
/// `h:mm`), text durations and a checkbox column.
fn plenary_workbook(path: &Path, broken_duration: Option<&str>) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Programme").unwrap();
    let duration_format = Format::new().set_num_format("[h]:mm:ss");
    let clock_format = Format::new().set_num_format("h:mm");
    sheet.write_string(0, 0, "Plenary Session 3").unwrap();
    sheet
        .write_string(1, 0, "Date and time: 10:00 to 11:15, 7 February 2019")
        .unwrap();
    for (c, h) in ["Title", "Speaker", "Role", "Duration", "Flexible"]
        .iter()
        .enumerate()
    {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let rows = [
        ("Introductory remarks", "Ms. Oksana Leshchenko", "Chair"),
        ("Presentation: Cambodia", "H.E. Prum Sophakmonkol", "CMAA"),
        (
            "Presentation: Tajikistan",
            "Mr. Muhabbat Ibrohimzoda",
            "TMAC",
        ),
        ("Presentation: IASC MHPSS", "Ms. Sarah Harrison", "IASC"),
        (
            "Discussion and Q&A",
            "Ms. Oksana Leshchenko",
            "Chair (moderating)",
        ),
        ("Closing remarks", "Ms. Oksana Leshchenko", "Chair"),
    ];
    for (i, (title, speaker, role)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write_string(r, 0, *title).unwrap();
        sheet.write_string(r, 1, *speaker).unwrap();
        sheet.write_string(r, 2, *role).unwrap();
    }
    sheet.write_number(4, 3, 10).unwrap();
    sheet
        .write_number_with_format(5, 3, 15.0 / 1440.0, &duration_format)
        .unwrap();
    sheet
        .write_number_with_format(6, 3, 15.0 / 1440.0, &clock_format)
        .unwrap();
    sheet
        .write_string(7, 3, broken_duration.unwrap_or("15m"))
        .unwrap();
    sheet.write_number(8, 3, 15).unwrap();
    sheet.write_boolean(8, 4, true).unwrap();
    sheet.write_string(9, 3, "5 min").unwrap();
    workbook.save(path).unwrap();
}

#[test]
fn xlsx_programme_becomes_the_plenary_plan_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("plenary.xlsx");
    plenary_workbook(&xlsx, None);
    let out = dir.path().join("x.toml");
    let run = timekeeper(
        &[
            "import",
            xlsx.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan = Plan::load(&out).unwrap();
    assert_eq!(plan.title, "Plenary Session 3");
    assert_eq!(plan.date, ymd(2019, 2, 7));
    assert_eq!(plan.start, hm(10, 0));
    assert_eq!(plan.budget_seconds, 75 * 60);
    assert_eq!(minutes(&plan), [10, 15, 15, 15, 15, 5]);
    assert_eq!(flexible(&plan), [false, false, false, false, true, false]);
    assert_eq!(plan.segments[4].role.as_deref(), Some("Chair (moderating)"));
    let check = timekeeper(&["check", out.to_str().unwrap()], None);
    assert_eq!(check.code, Some(0));
    assert!(
        check.stdout.contains("Scheduled end 11:15"),
        "{}",
        check.stdout
    );
}

#[test]
fn xlsx_with_an_unreadable_duration_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("plenary.xlsx");
    plenary_workbook(&xlsx, Some("soon"));
    let shown = xlsx.to_str().unwrap();
    let run = timekeeper(&["import", shown], None);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "timekeeper: {shown}: sheet 'Programme', cell D8: the duration \"soon\" cannot be read as a duration: write minutes (15), or like 15m, 1h 15m, 12:30 (minutes:seconds)"
        )
    );
}

/// A minimal `OpenDocument` spreadsheet, with a time-valued cell as
/// `LibreOffice` writes one.
fn ods(path: &Path) {
    use zip::write::SimpleFileOptions;
    let cell = |v: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>"
        )
    };
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let rows = [
        row(&[cell("Title"), cell("Speaker"), cell("Duration"), cell("Flexible")]),
        row(&[
            cell("Opening"),
            cell("Dr. Жанна Тошева"),
            "<table:table-cell office:value-type=\"float\" office:value=\"10\"><text:p>10</text:p></table:table-cell>".to_owned(),
        ]),
        row(&[
            cell("Keynote"),
            cell("Prof. 李伟"),
            "<table:table-cell office:value-type=\"time\" office:time-value=\"PT00H25M00S\"><text:p>00:25:00</text:p></table:table-cell>".to_owned(),
        ]),
        row(&[
            cell("Open floor"),
            cell(""),
            cell("15"),
            "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>".to_owned(),
        ]),
    ];
    let content = format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" ",
            "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" ",
            "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">",
            "<office:body><office:spreadsheet><table:table table:name=\"Agenda\">{}</table:table>",
            "</office:spreadsheet></office:body></office:document-content>"
        ),
        rows.concat()
    );
    let manifest = concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">",
        "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>",
        "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>",
        "</manifest:manifest>"
    );
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn ods_programme_with_a_time_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("side-event.ods");
    ods(&path);
    let (plan, _) = import_ok(path.to_str().unwrap());
    assert_eq!(plan.title, "side event");
    assert_eq!(minutes(&plan), [10, 25, 15]);
    assert_eq!(speakers(&plan), ["Dr. Жанна Тошева", "Prof. 李伟", ""]);
    assert_eq!(flexible(&plan), [false, false, true]);
}

#[test]
fn a_spreadsheet_without_an_extension_is_recognised_by_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("programme-from-email");
    plenary_workbook(&path, None);
    let (plan, _) = import_ok(path.to_str().unwrap());
    assert_eq!(minutes(&plan), [10, 15, 15, 15, 15, 5]);
}

// ---------------------------------------------------------------------------
// Broken agendas: one sentence with its place, nothing written, exit 1

fn assert_refused(path: &str, sentence: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.toml");
    let run = timekeeper(&["import", path, "--output", out.to_str().unwrap()], None);
    assert_eq!(run.code, Some(1), "{path}:\n{}", run.stderr);
    assert!(run.stdout.is_empty(), "{path}: {}", run.stdout);
    assert!(!out.exists(), "{path}: a refused import wrote a plan");
    assert_eq!(
        run.stderr.trim_end(),
        format!("timekeeper: {path}{sentence}"),
        "{path}"
    );
}

#[test]
fn broken_agendas_are_refused_with_their_place() {
    let b = |name: &str| agenda(&format!("broken/{name}"));
    assert_refused(
        &b("no-programme.txt"),
        ": no programme found: looked for lines that end in a duration (\"Opening remarks   10 minutes\", \"15 min\", \"15’\", \"(1 hour)\") or start with times (\"10:10–10:25 Keynote\", \"10h10 Keynote\")",
    );
    assert_refused(
        &b("zero-duration.txt"),
        ":3: the duration \"0 minutes\" of 'Keynote' is zero",
    );
    assert_refused(
        &b("times-backwards.txt"),
        ":3: 'Keynote' ends (10:15) before it starts (10:25): write its times in order, like 10:10–10:25",
    );
    assert_refused(
        &b("no-end-time.txt"),
        ":3: cannot tell how long 'Keynote' lasts: it has a start time (10:10) but nothing after it says when it ends; give it a duration (\"15 min\") or an end time (\"10:10–…\")",
    );
    assert_refused(
        &b("bad-duration.csv"),
        ":3: the duration (column 'Duration') \"ten minutes\" cannot be read as a duration: write minutes (15), or like 15m, 1h 15m, 12:30 (minutes:seconds)",
    );
    assert_refused(
        &b("empty-title.csv"),
        ":3: the title (column 'Title') is empty: every row of the programme needs one",
    );
    assert_refused(
        &b("no-header.csv"),
        ":1: no programme found: looked for a header row with a title column and a duration (or start time) column, such as \"title, speaker, role, duration, flexible, min, notes\"; the first row holds 'Name', 'Length'",
    );
    assert_refused(
        &b("not-really.xlsx"),
        ": is named .xlsx but is not an Excel workbook: it is text; save the programme from the spreadsheet program as .xlsx, or rename the file to what it is",
    );
}

#[test]
fn a_duration_without_a_title_is_refused() {
    let run = timekeeper(
        &["import", "-"],
        Some("Programme\nOpening 5 min\n10 minutes\n"),
    );
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr.trim_end(),
        "timekeeper: <stdin>:3: this programme line gives a duration (\"10 minutes\") but no title: write what happens in that slot on the same line"
    );
}

#[test]
fn a_word_document_or_binary_is_refused_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("note.txt");
    std::fs::write(&doc, b"PK\x03\x04....word/document.xml....").unwrap();
    let run = timekeeper(&["import", doc.to_str().unwrap()], None);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("is named .txt but is a Word document, which import cannot read: save it as plain text (.txt)"),
        "{}",
        run.stderr
    );
    let bin = dir.path().join("agenda");
    std::fs::write(&bin, b"\x7fELF\x00\x00\x01binary").unwrap();
    let run = timekeeper(&["import", bin.to_str().unwrap()], None);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("is not a text file"), "{}", run.stderr);
}

/// Runs `timekeeper import path` and fails if it has not ended within 10 s.
fn import_within_ten_seconds(path: &Path) -> Run {
    let mut child = spawn(
        Command::new(env!("CARGO_BIN_EXE_timekeeper"))
            .args(["import".as_ref(), path.as_os_str()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("import {} hung", path.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_link_to_dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("agenda.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let run = import_within_ten_seconds(&fifo);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("is not a regular file (a named pipe)"),
        "{}",
        run.stderr
    );

    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let run = import_within_ten_seconds(&zero);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("is not a regular file (a device)"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(timekeeper::import::MAX_BYTES + 1).unwrap();
    let run = import_within_ten_seconds(&big);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("is larger than 10 MiB"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Issue 20: what a timekeeper found on a first real day

#[test]
fn an_imported_plan_has_the_built_in_presets_and_says_so() {
    let (plan, run) = import_ok(&agenda("plenary-3-background-note.txt"));
    let builtin = Plan::builtin();
    assert_eq!(builtin.messages.len(), 6);
    assert_eq!(
        plan.messages, builtin.messages,
        "the six presets of the built-in plan"
    );
    assert!(
        run.stderr
            .contains("guess: the built-in plan's 6 preset messages added"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\n[messages]\n"), "{}", run.stdout);
}

#[test]
fn the_notes_food_for_thought_goes_into_the_discussions_notes() {
    let (plan, run) = import_ok(&agenda("plenary-3-background-note.txt"));
    let discussion = plan
        .segments
        .iter()
        .find(|s| s.title.starts_with("Discussion"))
        .unwrap();
    let notes = discussion.notes.as_deref().unwrap_or_default();
    assert!(notes.starts_with("Food for Thought: "), "{notes}");
    assert!(
        notes.contains("How assistance to survivors and victims contributes to the bigger agenda"),
        "{notes}"
    );
    assert!(
        notes.contains(
            "What approaches of assistance to victims/survivors proved to be most effective?"
        ),
        "{notes}"
    );
    assert!(!notes.contains("bookmark"), "{notes}");
    let others = plan.segments.iter().filter(|s| s.notes.is_some()).count();
    assert_eq!(others, 1, "only the discussion has notes");
    assert!(
        run.stderr.contains(
            "guess: the note's \"Food for Thought\" (2 questions) put in the notes of 'Discussion and Q & A'"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn import_output_says_what_it_wrote_and_the_next_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plenary.toml");
    let out_s = out.to_str().unwrap();
    let run = timekeeper(
        &[
            "import",
            &agenda("plenary-3-background-note.txt"),
            "--output",
            out_s,
        ],
        None,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("Wrote {out_s} (")),
        "{}",
        run.stdout
    );
    for next in [
        format!("`timekeeper check {out_s}`"),
        format!("`timekeeper run {out_s}`"),
    ] {
        assert!(run.stdout.contains(&next), "{next} in {}", run.stdout);
    }
}

#[test]
fn import_output_dash_writes_to_stdout_not_a_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let note = std::fs::canonicalize(agenda("plenary-3-background-note.txt")).unwrap();
    let output = output(
        Command::new(env!("CARGO_BIN_EXE_timekeeper"))
            .current_dir(dir.path())
            .args(["import", note.to_str().unwrap(), "--output", "-"])
            .stdin(Stdio::null()),
    )
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("[[segments]]"), "{stdout}");
    assert!(!dir.path().join("-").exists(), "no file named -");
}

#[test]
fn the_location_on_the_date_line_is_kept_not_dropped() {
    let note = "BACKGROUND NOTE\nSide event: Mine action data\n\nTuesday 4 June 2024, Salle XX, Palais des Nations\nChair: Ms. Ana Ruiz\n\nProgramme\nOpening by the Chair   5 minutes\nPresentation by Mr. Li Wei   15 minutes\nQ&A   10 minutes\n";
    let run = timekeeper(&["import", "-"], Some(note));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan = plan::parse(&run.stdout, "-", "x").unwrap();
    assert_eq!(plan.date, ymd(2024, 6, 4));
    assert_eq!(
        plan.location.as_deref(),
        Some("Salle XX, Palais des Nations")
    );
    assert!(
        run.stderr
            .contains("guess: location taken from the date line: \"Salle XX, Palais des Nations\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_location_on_a_line_of_its_own_is_read() {
    let note = "Plenary on survivors\n7 February 2019, 10:00 to 11:15\nRoom XVIII, Palais des Nations, Geneva\n\nProgramme\nOpening remarks   10 minutes\nDiscussion   15 minutes\n";
    let run = timekeeper(&["import", "-"], Some(note));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan = plan::parse(&run.stdout, "-", "x").unwrap();
    assert_eq!(
        plan.location.as_deref(),
        Some("Room XVIII, Palais des Nations, Geneva")
    );
    assert!(
        run.stderr.contains("guess: location taken from line 3"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_note_without_a_list_of_speakers_never_says_not_among_the_listed_speakers() {
    let note = "Quick panel\nProgramme\nWelcome by Ms. Ana Ruiz   5 minutes\nPresentation by Mr. Li Wei   15 minutes\nQ&A   10 minutes\n";
    let run = timekeeper(&["import", "-"], Some(note));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "guess: speaker of 'Presentation by Mr. Li Wei' taken from its title: Mr. Li Wei"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("not among the listed speakers"),
        "there is no list:\n{}",
        run.stderr
    );
}

#[test]
fn a_bare_number_in_a_csv_duration_column_read_as_minutes_is_said() {
    let (_, run) = import_ok(&agenda("programme.csv"));
    assert!(
        run.stderr
            .contains("guess: column 'Duration' gives bare numbers (10, 15, 5): read as minutes"),
        "{}",
        run.stderr
    );
    // A column that says its unit leaves nothing to guess.
    let csv = "Title,Minutes\nWelcome,5\nTalk,20\n";
    let run = timekeeper(&["import", "-"], Some(csv));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("read as minutes"), "{}", run.stderr);
}
