//! The figures of the reports, checked by hand against the fixture journals,
//! and the properties every report must have whatever the journal: the
//! seconds add up, the CSV reads back with the contract's header, the JSON
//! carries the same numbers, the SVG is well-formed XML naming every segment,
//! and names a spreadsheet would run are neutralised.

use std::path::PathBuf;

use timekeeper::journal::Journal;
use timekeeper::plan::Plan;
use timekeeper::report::{self, Comparison, EditKind, Report, SegmentState, SignalKind, Standing};
use timekeeper::run::{Origin, Source};

const DIR: &str = "tests/fixtures/journals";

/// The header row of PRODUCT.md's "Reports" section, verbatim, then the
/// columns it says are appended as the features arrive, in its order.
const CONTRACT_HEADER: &str = "index,title,speaker,planned_start,actual_start,planned_seconds,actual_seconds,delta_seconds,paused_seconds,adjusted_seconds,status,origin,given_seconds,recovered_seconds";

fn journal(stem: &str) -> Journal {
    Journal::read(&PathBuf::from(format!("{DIR}/{stem}.jsonl"))).unwrap_or_else(|e| panic!("{e}"))
}

fn report_of(stem: &str) -> Report {
    Report::from_journal(&journal(stem))
}

/// Every readable fixture journal.
fn all_stems() -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|s| s != "panel-damaged")
        .collect();
    stems.sort();
    assert!(stems.len() >= 17, "{stems:?}");
    stems
}

fn actuals(r: &Report) -> Vec<Option<i64>> {
    r.segments.iter().map(|s| s.actual_seconds).collect()
}

fn deltas(r: &Report) -> Vec<Option<i64>> {
    r.segments.iter().map(|s| s.delta_seconds).collect()
}

fn statuses(r: &Report) -> Vec<SegmentState> {
    r.segments.iter().map(|s| s.status).collect()
}

fn hms(t: timekeeper::run::Time) -> String {
    t.format("%H:%M:%S").to_string()
}

// ---------------------------------------------------------------------------
// Figures checked by hand

#[test]
fn clean_run_rounds_each_event_to_its_nearest_second() {
    let r = report_of("panel-clean");
    // Events at 14:00:00.420, 14:02:58.610, 14:11:01.200, 14:18:55.500 and
    // 14:26:30.050 count as :00, :59, :01, :56 (half rounds up) and :30.
    assert_eq!(actuals(&r), [Some(179), Some(482), Some(475), Some(454)]);
    assert_eq!(deltas(&r), [Some(-1), Some(2), Some(-5), Some(-26)]);
    assert_eq!(r.totals.used_seconds, 26 * 60 + 30);
    assert_eq!(r.totals.late_seconds, Some(-210), "3:30 before 14:30");
    assert_eq!(r.state, Standing::Finished);
    assert!(r.on_plan_clock);
}

#[test]
fn overruns_pauses_and_adjustments_are_reported_per_segment() {
    let r = report_of("panel-overruns");
    assert_eq!(actuals(&r), [Some(196), Some(615), Some(520), Some(389)]);
    // Against the time given: Donor had 9:00 (+1:00), Q&A 6:00 (-2:00).
    assert_eq!(deltas(&r), [Some(16), Some(75), Some(40), Some(29)]);
    let paused: Vec<i64> = r.segments.iter().map(|s| s.paused_seconds).collect();
    assert_eq!(paused, [0, 0, 70, 0]);
    let adjusted: Vec<i64> = r.segments.iter().map(|s| s.adjusted_seconds).collect();
    assert_eq!(adjusted, [0, 60, 0, -120]);
    assert_eq!(r.totals.start_late_seconds, Some(90));
    assert_eq!(r.totals.late_seconds, Some(80), "ended 14:31:20");
    assert_eq!(r.totals.used_seconds, 1790);
    assert_eq!(r.totals.delta_seconds, 160);
    let over: Vec<bool> = r.segments.iter().map(|s| s.over).collect();
    assert_eq!(over, [true, true, true, true], "Q&A ran 6:29 of 6:00 given");
}

#[test]
fn undo_lets_the_previous_segment_go_on_as_if_never_ended() {
    let r = report_of("panel-undo");
    // Donor's "next" at 14:06:00 was undone at 14:06:04: it ran to 14:11:30.
    // The last "next" (14:27:20) was undone too: Q&A ran to 14:28:00.
    assert_eq!(actuals(&r), [Some(185), Some(500), Some(450), Some(540)]);
    assert_eq!(
        r.segments[2].actual_start.map(hms).as_deref(),
        Some("14:11:30")
    );
    assert_eq!(r.state, Standing::Finished);
    assert!(
        r.notes.iter().any(|n| n.starts_with("2 undos")),
        "{:?}",
        r.notes
    );
}

#[test]
fn a_resumed_crash_counts_the_gap_toward_the_running_segment() {
    let r = report_of("panel-resumed");
    // Field ran 14:11:20 to 14:20:30 with a 40 s pause; the console was
    // closed from about 14:16 to 14:18:30, and that time is still spoken.
    assert_eq!(actuals(&r), [Some(184), Some(495), Some(510), Some(450)]);
    assert_eq!(r.segments[2].paused_seconds, 40);
    assert_eq!(r.totals.used_seconds, 1679);
    assert!(
        r.notes.iter().any(|n| n.contains("reopened")),
        "{:?}",
        r.notes
    );
}

#[test]
fn an_unfinished_run_is_reported_as_of_its_last_event() {
    let r = report_of("panel-unfinished");
    assert_eq!(r.state, Standing::Unfinished);
    assert_eq!(hms(r.as_of), "14:20:00", "the adjust at 14:20:00.400");
    assert_eq!(
        statuses(&r),
        [
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::Running,
            SegmentState::NotStarted
        ]
    );
    assert_eq!(actuals(&r), [Some(208), Some(550), Some(410), None]);
    assert_eq!(r.segments[2].delta_seconds, None, "not a result yet");
    assert_eq!(r.segments[2].paused_seconds, 30);
    assert_eq!(r.segments[2].adjusted_seconds, 60);
    // 14:20:00 + (8:00 + 1:00 − 6:50 left) + 8:00 of Q&A.
    assert_eq!(hms(r.projected_end), "14:30:10");
    assert_eq!(r.totals.late_seconds, Some(10));
    assert_eq!(r.ended, None);
    let md = report::render_markdown(&r);
    assert!(
        md.contains("Unfinished run: figures as of the last recorded event, 14:20:00"),
        "{md}"
    );
}

#[test]
fn a_cut_last_line_is_left_out_with_a_warning() {
    let j = journal("panel-cut");
    assert!(j.warning.as_deref().unwrap().contains("line 5"));
    let r = Report::from_journal(&j);
    assert_eq!(hms(r.as_of), "14:11:00");
    assert_eq!(
        statuses(&r),
        [
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::Running,
            SegmentState::NotStarted
        ]
    );
    assert!(r.warning.is_some());
}

#[test]
fn a_segment_never_reached_because_the_run_was_ended_is_not_started_not_skipped() {
    let r = report_of("panel-ended-early");
    assert_eq!(r.state, Standing::EndedEarly);
    assert_eq!(
        statuses(&r),
        [
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::NotStarted,
            SegmentState::NotStarted
        ]
    );
    assert_eq!(actuals(&r), [Some(180), Some(270), None, None]);
    assert_eq!(r.segments[1].paused_seconds, 60);
    let csv = report::render_csv(&r);
    let last = csv.lines().last().unwrap();
    assert_eq!(
        last,
        "4,Q&A,Ms. Ana Ruiz,2026-11-27T14:19:00.000+01:00,,480,,,,0,not_started,plan,480,0"
    );
    let md = report::render_markdown(&r);
    assert!(md.contains("| not started (run ended) |"), "{md}");
    assert!(!md.contains("skipped"), "no segment was a no-show: {md}");
}

#[test]
fn a_journal_with_no_events_is_all_not_started() {
    let r = report_of("panel-not-started");
    assert_eq!(r.state, Standing::NotStarted);
    assert!(statuses(&r).iter().all(|s| *s == SegmentState::NotStarted));
    assert_eq!(r.totals.used_seconds, 0);
    assert_eq!(r.totals.late_seconds, None);
}

#[test]
fn a_rehearsal_is_timed_from_its_own_start() {
    let r = report_of("panel-rehearsal-3");
    assert!(!r.on_plan_clock);
    assert_eq!(hms(r.scheduled_start), "15:15:00");
    assert_eq!(hms(r.segments[1].planned_start), "15:18:00");
    assert_eq!(r.totals.start_late_seconds, Some(0));
    assert_eq!(actuals(&r), [Some(175), Some(570), Some(490), Some(465)]);
}

#[test]
fn the_plenary_is_on_the_plan_clock_of_its_day() {
    let r = report_of("plenary-3");
    assert!(
        r.on_plan_clock,
        "the journal is dated 2019-02-07 like the plan"
    );
    assert_eq!(
        actuals(&r),
        [
            Some(682),
            Some(994),
            Some(874),
            Some(953),
            Some(702),
            Some(312)
        ]
    );
    assert_eq!(r.segments[2].paused_seconds, 135);
    assert_eq!(r.totals.start_late_seconds, Some(130));
    assert_eq!(r.totals.late_seconds, Some(282), "11:19:42 against 11:15");
    assert_eq!(r.totals.used_seconds, 4652);
    assert_eq!(r.totals.adjusted_seconds, -120);
}

#[test]
fn compare_gives_mean_spread_and_who_runs_long_every_time() {
    let reports: Vec<Report> = [
        "panel-rehearsal-1",
        "panel-rehearsal-2",
        "panel-rehearsal-3",
    ]
    .iter()
    .map(|s| report_of(s))
    .collect();
    let c = Comparison::new(&reports);
    let labels: Vec<&str> = c.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "24 Nov 17:00 rehearsal",
            "25 Nov 10:30 rehearsal",
            "26 Nov 15:15 rehearsal"
        ]
    );
    // Donor perspective: 9:05, 8:50, 9:30 → mean 9:08 (548.3 s), spread 0:40.
    let donor = &c.segments[1];
    assert_eq!(donor.mean_seconds, Some(548));
    assert_eq!(donor.mean_delta_seconds, Some(68));
    assert_eq!(donor.spread_seconds, Some(40));
    assert_eq!((donor.over, donor.done), (3, 3));
    let long: Vec<&str> = c
        .consistently_long()
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(long, ["Donor perspective"]);
    assert_eq!(c.session.mean, Some(1683));
    assert_eq!(c.session.spread, Some(155));
}

#[test]
fn compare_matches_duplicate_titles_in_order_and_says_what_does_not_match() {
    let reports: Vec<Report> = ["panel-rehearsal-1", "panel-revised-rehearsal"]
        .iter()
        .map(|s| report_of(s))
        .collect();
    let c = Comparison::new(&reports);
    let qa = &c.segments[3];
    assert_eq!(qa.title, "Q&A");
    // The first of the revised plan's two "Q&A" segments (4:10), not the
    // second (3:50).
    assert_eq!(qa.actual[1].done(), Some(250));
    let notes = c.notes.join("\n");
    assert!(notes.contains("is a run of another plan"), "{notes}");
    assert!(notes.contains("\"Q&A\" (its segment 5"), "{notes}");
    assert!(
        notes.contains("\"Donor perspective\" for 6:00 (here 8:00)"),
        "{notes}"
    );
}

#[test]
fn compare_leaves_out_a_run_of_a_plan_with_no_title_in_common() {
    // The plenary (77:32) shares no segment title with the panel: were it
    // counted, the Session row would say mean 43:49, spread 51:42.
    let reports: Vec<Report> = ["panel-rehearsal-1", "plenary-3"]
        .iter()
        .map(|s| report_of(s))
        .collect();
    let c = Comparison::new(&reports);
    let labels: Vec<&str> = c.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["24 Nov 17:00 rehearsal"]);
    assert!(c.segments.iter().all(|s| s.actual.len() == 1));
    assert_eq!(c.segments[1].mean_seconds, Some(545), "Donor: 9:05 alone");
    assert_eq!(c.session.mean, Some(1685), "28:05, the rehearsal alone");
    assert_eq!(c.session.spread, Some(0));
    assert_eq!(
        c.notes,
        [format!(
            "Run left out: {DIR}/plenary-3.jsonl, a run of another plan (Plenary Session 3: Turning Intention to Action for Survivors), which has no segment titled like any of the first run's."
        )]
    );
    let md = report::render_compare_markdown(&c);
    assert!(
        md.starts_with("# Panel: Financing Mine Action — 1 run compared"),
        "{md}"
    );
    assert!(!md.contains("77:32"), "{md}");
    let csv_text = report::render_compare_csv(&c);
    assert_eq!(
        csv_text.lines().next(),
        Some(
            "index,title,speaker,planned_seconds,24 Nov 17:00 rehearsal,mean_seconds,mean_delta_seconds,spread_seconds,runs_done,runs_over"
        )
    );

    // A run sharing some titles is still matched by title, and the
    // unrelated one still left out, wherever it comes.
    let reports: Vec<Report> = ["panel-rehearsal-1", "plenary-3", "panel-revised-rehearsal"]
        .iter()
        .map(|s| report_of(s))
        .collect();
    let c = Comparison::new(&reports);
    assert_eq!(c.runs.len(), 2);
    assert_eq!(c.session.mean, Some(1618), "28:05 and 25:50");
    assert_eq!(c.session.spread, Some(135));
    assert_eq!(c.segments[3].actual[1].done(), Some(250));
    let notes = c.notes.join("\n");
    assert!(
        notes.contains("Run left out: tests/fixtures/journals/plenary-3.jsonl"),
        "{notes}"
    );
    assert!(
        notes.contains("is a run of another plan, \"Panel: Financing Mine Action (revised)\""),
        "{notes}"
    );
}

/// A copy of a fixture journal whose header names a plan file with escape
/// sequences in it, under a file name with one too.
#[cfg(unix)]
fn with_escapes_in_paths(dir: &std::path::Path, stem: &str) -> PathBuf {
    let text = std::fs::read_to_string(format!("{DIR}/{stem}.jsonl")).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_str(first).unwrap();
    header["plan_path"] = "sessions/\u{1b}[2J\u{1b}]0;pwned\u{7}plan\u{1b}[31m.toml".into();
    let path = dir.join(format!("{stem}-\u{1b}[31mred\u{1b}[0m.jsonl"));
    std::fs::write(&path, format!("{header}\n{rest}")).unwrap();
    path
}

#[test]
#[cfg(unix)] // Windows file names cannot hold control characters
fn escape_sequences_in_the_plan_path_never_reach_the_output_raw() {
    let dir = tempfile::tempdir().unwrap();
    let read = |stem: &str| {
        let path = with_escapes_in_paths(dir.path(), stem);
        Report::from_journal(&Journal::read(&path).unwrap_or_else(|e| panic!("{e}")))
    };
    let r = read("panel-overruns");
    assert!(!r.plan_path.contains('\u{1b}'), "{:?}", r.plan_path);
    assert!(
        r.plan_path.contains('\u{241b}'),
        "shown as ␛: {:?}",
        r.plan_path
    );
    assert!(!r.journal.contains('\u{1b}'), "{:?}", r.journal);
    let md = report::render_markdown(&r);
    assert!(
        md.contains("\u{241b}\\[2J"),
        "the plan path is in the Markdown: {md}"
    );
    for (format, text) in [
        ("md", md),
        ("csv", report::render_csv(&r)),
        ("json", report::render_json(&r)),
        ("svg", report::render_svg(&r)),
    ] {
        assert!(!text.contains('\u{1b}'), "{format}: {text}");
        assert!(!text.contains('\u{7}'), "{format}: {text}");
    }

    // In `compare`, the plan path of a run of another plan and the journal
    // of a run left out are in the notes.
    let reports = [
        read("panel-rehearsal-1"),
        read("panel-revised-rehearsal"),
        read("plenary-3"),
    ];
    let c = Comparison::new(&reports);
    let notes = c.notes.join("\n");
    assert!(notes.contains("Run left out: "), "{notes}");
    assert!(notes.contains("(sessions/\u{241b}[2J"), "{notes}");
    for (format, text) in [
        ("md", report::render_compare_markdown(&c)),
        ("csv", report::render_compare_csv(&c)),
        ("json", report::render_compare_json(&c)),
    ] {
        assert!(!text.contains('\u{1b}'), "{format}: {text}");
        assert!(!text.contains('\u{7}'), "{format}: {text}");
    }
}

// ---------------------------------------------------------------------------
// Properties of every report

#[test]
fn every_fixture_journal_holds_the_plan_it_names() {
    for stem in all_stems() {
        let j = journal(&stem);
        let name = &j.header.plan.name;
        let file = if name == "plenary-3" || name == "plenary-3-floor" {
            PathBuf::from(format!("sessions/{name}.toml"))
        } else {
            PathBuf::from(format!("{DIR}/plans/{name}.toml"))
        };
        let mut plan = Plan::load(&file).unwrap_or_else(|e| panic!("{e}"));
        if j.header.version < 2 {
            // Journals of version 1 predate preset messages: the plan file
            // has gained them since, and nothing else.
            plan.messages.clear();
        }
        assert_eq!(
            j.header.plan, plan,
            "{stem}: regenerate its header from {file:?}"
        );
    }
}

#[test]
fn spoken_plus_paused_time_adds_up_to_the_session_time() {
    for stem in all_stems() {
        let r = report_of(&stem);
        let t = &r.totals;
        assert_eq!(
            t.actual_seconds + t.paused_seconds,
            t.used_seconds,
            "{stem}"
        );
        for s in &r.segments {
            let drawn: i64 = s.pauses.iter().map(|(a, b)| (*b - *a).num_seconds()).sum();
            assert_eq!(drawn, s.paused_seconds, "{stem} segment {}", s.index);
            if let (Some(start), Some(end), Some(actual)) =
                (s.actual_start, s.actual_end, s.actual_seconds)
            {
                assert_eq!((end - start).num_seconds(), actual + s.paused_seconds);
            }
        }
    }
}

#[test]
fn csv_reads_back_with_the_contract_header_and_agrees_with_the_json() {
    for stem in all_stems() {
        let r = report_of(&stem);
        let csv_text = report::render_csv(&r);
        // A report with a floor appends the floor's columns, and its rows
        // under their segment's: the contract's columns stay as they are.
        let header = csv_text.lines().next().unwrap_or_default();
        if r.floors.is_empty() {
            assert_eq!(header, CONTRACT_HEADER, "{stem}");
        } else {
            assert!(
                header.starts_with(&format!("{CONTRACT_HEADER},row,")),
                "{stem}: {header}"
            );
        }
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let all: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let rows: Vec<csv::StringRecord> = all
            .iter()
            .filter(|row| row.len() == 14 || &row[14] == "segment")
            .cloned()
            .collect();
        assert_eq!(rows.len(), r.segments.len(), "{stem}: one row per segment");
        for (n, row) in all
            .iter()
            .enumerate()
            .filter(|(_, row)| row.len() > 14 && &row[14] != "segment")
        {
            let above = all[..n]
                .iter()
                .rev()
                .find(|r| &r[14] == "segment")
                .expect("a floor row comes under its segment");
            assert_eq!(
                row[0], above[0],
                "{stem}: a floor row keeps its segment's index"
            );
        }
        let json: serde_json::Value = serde_json::from_str(&report::render_json(&r)).unwrap();
        let mut sum = 0;
        for (i, row) in rows.iter().enumerate() {
            assert!(row.len() == 14 || row.len() == 20, "{stem}");
            assert_eq!(row[0], (i + 1).to_string(), "index is 1-based");
            assert!(
                ["done", "running", "skipped", "not_started"].contains(&&row[10]),
                "{stem}: status {}",
                &row[10]
            );
            let segment = &json["segments"][i];
            for (column, field) in [
                (5, "planned_seconds"),
                (6, "actual_seconds"),
                (7, "delta_seconds"),
                (8, "paused_seconds"),
                (9, "adjusted_seconds"),
                (12, "given_seconds"),
                (13, "recovered_seconds"),
            ] {
                let from_json = segment[field]
                    .as_i64()
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                assert_eq!(row[column], from_json, "{stem} row {i} {field}");
            }
            assert_eq!(&row[10], segment["status"].as_str().unwrap());
            assert_eq!(&row[11], segment["origin"].as_str().unwrap());
            if row[4].is_empty() {
                assert!(row[6].is_empty() && row[8].is_empty(), "never ran: empty");
            } else {
                chrono::DateTime::parse_from_rfc3339(&row[4]).unwrap();
            }
            chrono::DateTime::parse_from_rfc3339(&row[3]).unwrap();
            sum += row[6].parse::<i64>().unwrap_or(0);
        }
        assert_eq!(
            json["totals"]["actual_seconds"].as_i64(),
            Some(sum),
            "{stem}"
        );
        assert_eq!(
            json["journal"].as_str(),
            Some(format!("{DIR}/{stem}.jsonl").as_str())
        );
    }
}

#[test]
fn formula_looking_names_are_neutralised_in_the_csv() {
    let r = report_of("hostile-names");
    let csv_text = report::render_csv(&r);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let names: Vec<(&str, &str)> = rows.iter().map(|r| (&r[1], &r[2])).collect();
    assert_eq!(
        names,
        [
            (
                "'=SUM(A1:A9)",
                "'=HYPERLINK(\"http://x.example\",\"click\")"
            ),
            ("Pipes | and \\ backslashes", "'+1"),
            ("<b>Bold</b> & co", "'-2"),
            ("'@mention", "'@x"),
        ]
    );
    // Numbers we write stay numbers, negative ones included.
    assert_eq!(&rows[1][7], "-5");
    for cell in rows.iter().flat_map(|r| r.iter().skip(1).take(2)) {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
    assert_eq!(report::neutralise("\tx"), "'\tx");
    assert_eq!(report::neutralise("\rx"), "'\rx");
    assert_eq!(report::neutralise("Dr. = x"), "Dr. = x");
}

#[test]
fn markdown_escapes_pipes_so_every_row_keeps_its_eleven_columns() {
    let md = report::render_markdown(&report_of("hostile-names"));
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 2 + 4 + 1, "{md}");
    for line in table {
        let unescaped = line
            .char_indices()
            .filter(|&(i, c)| c == '|' && !line[..i].ends_with('\\'))
            .count();
        assert_eq!(unescaped, 12, "{line}");
    }
    assert!(md.contains("Pipes \\| and \\\\ backslashes"), "{md}");
    assert!(md.contains("\\<b\\>Bold\\</b\\> & co"), "{md}");
}

#[test]
fn svg_is_well_formed_and_names_every_segment_and_speaker() {
    for stem in all_stems() {
        let r = report_of(&stem);
        let svg = report::render_svg(&r);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_owned())
            .collect();
        for s in &r.segments {
            let title = format!("{}. {}", s.index, s.title);
            assert!(texts.contains(&title), "{stem}: {title} not in {texts:?}");
            if let Some(speaker) = &s.speaker {
                assert!(
                    texts.contains(speaker),
                    "{stem}: {speaker} not in {texts:?}"
                );
            }
        }
        assert!(texts.contains(&r.title), "{stem}: the title");
    }
}

#[test]
fn svg_marks_the_part_of_an_actual_bar_past_the_time_given() {
    // Opening ran 3:16 against 3:00: the last 16 s of its bar, 14:04:30 to
    // 14:04:46, are vermillion. Q&A ran 6:29, under its planned 8:00 but
    // past the 6:00 it was given after two "-": it is vermillion too, as
    // the console showed it OVER.
    let svg = report::render_svg(&report_of("panel-overruns"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let over = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#D55E00"))
        .count();
    // All four ran past their time given; one more swatch in the legend.
    assert_eq!(over, 4 + 1);
    let paused = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#A6D4F0"))
        .count();
    assert_eq!(paused, 1 + 1, "Field's pause, and the legend");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"6:29 of 6:00 given"), "{texts:?}");
    assert!(texts.contains(&"+0:29 over"), "{texts:?}");
    assert!(texts.contains(&"10:15 of 9:00 given"), "{texts:?}");
}

#[test]
fn compare_leaves_a_segment_cut_short_by_quitting_out_of_its_figures() {
    // The ended-early run was quit during Donor perspective: its time there
    // is shown, but it is no speaker's whole turn.
    let reports: Vec<Report> = ["panel-clean", "panel-ended-early"]
        .iter()
        .map(|s| report_of(s))
        .collect();
    assert!(reports[1].segments[1].cut_short);
    let c = Comparison::new(&reports);
    let donor = &c.segments[1];
    assert_eq!(donor.done, 1, "only the clean run's Donor counts");
    assert_eq!(donor.spread_seconds, Some(0));
    let md = report::render_compare_markdown(&c);
    assert!(md.contains(", run ended)"), "{md}");
}

// ---------------------------------------------------------------------------
// Journal format 2: time given, edits and signals

#[test]
fn recovery_cuts_are_told_apart_from_the_keys_and_over_is_against_the_time_given() {
    let r = report_of("panel-recovery");
    let keys: Vec<i64> = r.segments.iter().map(|s| s.adjusted_seconds).collect();
    let suggested: Vec<i64> = r.segments.iter().map(|s| s.rebalanced_seconds).collect();
    let given: Vec<i64> = r.segments.iter().map(|s| s.given_seconds).collect();
    assert_eq!(keys, [0, 60, -60, 0], "+ to Donor, - to Field");
    assert_eq!(suggested, [0, 0, 0, -120], "cut 3:00, 1:00 given back");
    assert_eq!(given, [180, 540, 420, 360]);
    // Field: 7:22 of 8:00 planned, but of 7:00 given: over, as the speaker
    // saw it.
    let field = &r.segments[2];
    assert_eq!(field.actual_seconds, Some(442));
    assert_eq!(field.delta_seconds, Some(22));
    assert!(field.over);
    assert!(!r.segments[3].over, "Q&A 5:38 of 6:00 given");
    assert_eq!(r.totals.given_seconds, 1500);
    let kinds: Vec<EditKind> = r.edits.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EditKind::Recovery, EditKind::GiveBack]);
    let md = report::render_markdown(&r);
    assert!(md.contains("| 7:00 | 7:22 | **+0:22 over** |"), "{md}");
    assert!(md.contains("-2:00 (a)"), "{md}");
    assert!(md.contains("some of it from the web"), "{md}");
}

#[test]
fn an_edited_run_has_its_rows_in_running_order_with_the_plan_as_filed_beside() {
    let r = report_of("panel-edited");
    let titles: Vec<&str> = r.segments.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Opening",
            "Field perspective",
            "Statement from the floor",
            "Donor perspective",
            "Q&A"
        ],
        "the title change was undone"
    );
    assert_eq!(
        statuses(&r),
        [
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::Skipped,
            SegmentState::Done
        ]
    );
    let origins: Vec<Origin> = r.segments.iter().map(|s| s.origin).collect();
    assert_eq!(
        origins,
        [
            Origin::Plan,
            Origin::Plan,
            Origin::Added,
            Origin::Plan,
            Origin::Plan
        ]
    );
    assert!(r.segments[3].no_show);
    assert_eq!(r.segments[4].planned_seconds, 360, "changed to 6:00");
    assert_eq!(r.segments[4].changes, ["filed for 8:00"]);
    assert_eq!(r.filed.len(), 4);
    assert_eq!(r.filed[1].title, "Donor perspective");
    assert!(r.edited());
    let kinds: Vec<EditKind> = r.edits.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EditKind::Change,
            EditKind::Move,
            EditKind::Insert,
            EditKind::Skip,
            EditKind::Change,
            EditKind::Undo
        ]
    );
    let undo = r.edits.last().unwrap();
    assert_eq!(undo.source, Source::Web);
    assert!(
        undo.what.contains("change Statement from the floor"),
        "{}",
        undo.what
    );
    let csv_text = report::render_csv(&r);
    let rows: Vec<&str> = csv_text.lines().skip(1).collect();
    assert!(rows[2].ends_with(",done,added,180,0"), "{}", rows[2]);
    assert!(rows[3].ends_with(",skipped,plan,480,0"), "{}", rows[3]);
    let md = report::render_markdown(&r);
    for layer in [
        "## Plan as filed",
        "## As run",
        "## Changes made during the run",
    ] {
        assert!(md.contains(layer), "{layer}: {md}");
    }
    assert!(md.contains("(from the web)"), "{md}");
}

#[test]
fn signals_say_how_long_the_speaker_went_on_after_each() {
    let r = report_of("panel-signals");
    let after = |i: usize| -> Vec<Option<i64>> {
        r.segments[i]
            .signals
            .iter()
            .map(|s| s.spoke_after)
            .collect()
    };
    assert_eq!(after(0), [Some(30)], "'Please wrap up' at 14:02:30");
    // Donor: a pinned message at 14:09:00 and a flash at 14:11:00, then a
    // 20 s pause before the end at 14:12:30: pauses are not speaking.
    assert_eq!(after(1), [Some(190), Some(70)]);
    assert_eq!(after(2), [Some(460), Some(100), Some(100)]);
    assert_eq!(
        r.segments[2].after_first_signal(),
        Some(100),
        "a clear asks nothing"
    );
    assert_eq!(after(3), [Some(60), Some(0)]);
    assert!(r.segments[3].signals.iter().all(|s| s.so_far));
    assert_eq!(r.other_signals.len(), 2, "before the start");
    let kinds: Vec<SignalKind> = r.signals().iter().map(|s| s.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == SignalKind::Flash).count(), 3);
    let md = report::render_markdown(&r);
    assert!(
        md.contains("14:19:00 'Please conclude now' — spoke 1:40 more"),
        "{md}"
    );
    assert!(
        md.contains("(pinned) (from the web) — spoke 3:10 more"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&report::render_json(&r)).unwrap();
    let first = &json["segments"][2]["signals"][1];
    assert_eq!(first["text"], "Please conclude now");
    assert_eq!(first["spoke_after_seconds"], 100);
    assert_eq!(report::render_csv(&r).lines().next(), Some(CONTRACT_HEADER));
}

#[test]
fn compare_matches_runs_with_ids_by_id_whatever_their_order() {
    let reports: Vec<Report> = ["panel-signals", "panel-edited", "panel-recovery"]
        .iter()
        .map(|s| report_of(s))
        .collect();
    let c = Comparison::new(&reports);
    // Field ran second in the edited run, third in the others.
    let field = &c.segments[2];
    assert_eq!(field.title, "Field perspective");
    let actual: Vec<Option<i64>> = field.actual.iter().map(|c| c.done()).collect();
    assert_eq!(actual, [Some(490), Some(510), Some(442)]);
    assert_eq!(field.over, 3, "past 8:00, 8:00 and 7:00 given");
    assert_eq!(c.segments[1].actual[1], report::Cell::Skipped);
    // After the first signal: Donor went on 3:10 and 2:00.
    let donor = &c.segments[1];
    assert_eq!(donor.after_signal, [Some(190), None, Some(120)]);
    assert_eq!(donor.mean_after_signal, Some(155));
    assert_eq!(c.segments[2].after_signal[0], Some(100));
}

#[test]
fn csv_given_seconds_add_up_with_the_time_moved_by_a_in_its_own_column() {
    let mut moved = 0;
    for stem in all_stems() {
        let r = report_of(&stem);
        let csv_text = report::render_csv(&r);
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        // The segments' rows: a floor's rows under them are interventions,
        // whose time `a` never moves.
        for row in reader
            .records()
            .map(Result::unwrap)
            .filter(|row| row.len() == 14 || &row[14] == "segment")
        {
            let n = |i: usize| row[i].parse::<i64>().unwrap();
            assert_eq!(
                n(12),
                n(5) + n(9) + n(13),
                "{stem}: given_seconds = planned + adjusted + recovered in {row:?}"
            );
            moved += n(13).abs();
        }
    }
    assert!(moved > 0, "some fixture applies a recovery with a");
}
