//! `timekeeper check`, run as a user runs it: the real binary on plan files.
//!
//! Broken plans (`tests/fixtures/plans/broken/`) must be refused with exit
//! status 1 and one sentence naming `file:line:column`, never a panic. Good
//! plans (`tests/fixtures/plans/good/`, names in Khmer, Tajik, Chinese, Arabic,
//! emoji and escape sequences) must print a schedule table whose columns line
//! up on a terminal, measured in display columns as a terminal draws them (`text::width`:
//! unicode-width's, but a Khmer subscript consonant takes its column).

use std::fmt::Write as _;
use std::path::Path;

use crate::common::cli::Outcome;
use timekeeper::text::width as columns;

const BROKEN: &str = "tests/fixtures/plans/broken";
const GOOD: &str = "tests/fixtures/plans/good";
/// `check` cuts names wider than this with `…`.
const NAME_COLUMNS: usize = 36;

/// Runs `timekeeper check ARGS...` from the crate root, colours off.
fn check(args: &[&str]) -> Outcome {
    let mut full = vec!["check"];
    full.extend_from_slice(args);
    let mut cmd = crate::common::cli::command(&full);
    cmd.env("NO_COLOR", "1");
    crate::common::cli::run(cmd, &full)
}

// ---------------------------------------------------------------------------
// Broken plans

/// Checks that `fixture` is refused with exit status 1, nothing on stdout and
/// one sentence on stderr that starts with `file:line:column:` and contains
/// `phrase`, followed by the offending line as written (when there is one).
/// Returns the sentence.
fn assert_refused(fixture: &str, line: usize, column: usize, phrase: &str) -> String {
    let path = format!("{BROKEN}/{fixture}");
    let run = check(&[&path]);
    assert_eq!(
        run.code,
        Some(1),
        "{fixture} must be refused with exit status 1; stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "a refused plan must print no schedule, {fixture} printed:\n{}",
        run.stdout
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    let sentence = lines.first().copied().unwrap_or_default();
    let place = format!("timekeeper: {path}:{line}:{column}: ");
    assert!(
        sentence.starts_with(&place),
        "the refusal of {fixture} must start with {place:?}, got:\n{}",
        run.stderr
    );
    assert!(
        sentence.contains(phrase),
        "the refusal of {fixture} must say {phrase:?}, got:\n{}",
        run.stderr
    );
    assert_reads_as_plain_words(sentence);

    // After the sentence, at most the offending line as written.
    let source = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path)).unwrap();
    let written = std::str::from_utf8(&source)
        .ok()
        .and_then(|text| text.lines().nth(line - 1))
        .filter(|l| !l.trim().is_empty());
    match written {
        Some(written) if !written.chars().any(char::is_control) => assert_eq!(
            lines[1..],
            [format!("{line:>5} | {written}")],
            "the refusal of {fixture} must quote line {line} as written, got:\n{}",
            run.stderr
        ),
        Some(_) => assert_eq!(
            lines.len(),
            2,
            "the refusal of {fixture} must quote line {line}, got:\n{}",
            run.stderr
        ),
        None => assert_eq!(
            lines.len(),
            1,
            "line {line} of {fixture} is blank or not text, so nothing should be quoted, got:\n{}",
            run.stderr
        ),
    }
    sentence.to_owned()
}

/// The sentence talks about the plan, not about the program's insides.
fn assert_reads_as_plain_words(sentence: &str) {
    for internal in [
        "RawPlan",
        "RawSegment",
        "RawWarnings",
        "struct ",
        "Error {",
        "Some(",
    ] {
        assert!(
            !sentence.contains(internal),
            "the refusal leaks the internal {internal:?}: {sentence}"
        );
    }
}

fn broken_fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(BROKEN);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn text_that_is_not_toml_is_refused_at_the_line_that_breaks_it() {
    assert_refused(
        "not-toml.toml",
        2,
        8,
        "not a valid TOML plan: key with no value, expected `=`",
    );
}

#[test]
fn an_empty_or_blank_file_is_refused_as_empty() {
    let why = "the plan is empty: it needs a `title` and at least one [[segments]] entry";
    assert_refused("empty.toml", 1, 1, why);
    assert_refused("whitespace-only.toml", 1, 1, why);
}

#[test]
fn binary_garbage_is_refused_as_not_text() {
    assert_refused(
        "binary-garbage.toml",
        1,
        1,
        "not a text plan: the file is not valid UTF-8",
    );
}

#[test]
fn a_latin1_name_is_refused_at_the_byte_that_is_not_utf8() {
    // Line 5 is `speaker = "Dr. M\xfcller"`: the ü is byte 0xfc, column 17.
    assert_refused(
        "latin1-speaker.toml",
        5,
        17,
        "the file is not valid UTF-8 here (byte 90); save it as UTF-8 text",
    );
}

#[test]
fn a_misspelt_segment_key_suggests_the_key_meant() {
    assert_refused(
        "unknown-key-durration.toml",
        5,
        1,
        "unknown key `durration`: did you mean `duration`?",
    );
}

#[test]
fn a_misspelt_plan_key_suggests_the_key_meant() {
    assert_refused(
        "unknown-key-top-level.toml",
        2,
        1,
        "unknown key `locaton`: did you mean `location`?",
    );
}

#[test]
fn an_unknown_key_with_no_near_match_lists_the_keys_allowed_there() {
    assert_refused(
        "unknown-key-no-near-match.toml",
        4,
        1,
        "unknown key `yellow`: known keys here are `amber`, `red`",
    );
}

#[test]
fn a_bare_number_as_duration_asks_for_a_unit() {
    assert_refused(
        "wrong-type-duration-number.toml",
        5,
        12,
        "segment 1 (Introductory remarks): `duration` needs a unit: write \"10m\" for minutes or \"10s\" for seconds",
    );
}

#[test]
fn a_value_of_the_wrong_type_says_what_was_expected_and_what_was_found() {
    assert_refused(
        "wrong-type-title-number.toml",
        1,
        9,
        "the plan's `title` must be text in quotes, found the number 2019",
    );
    assert_refused(
        "wrong-type-flexible-text.toml",
        7,
        12,
        "segment 1 (Introductory remarks): `flexible` must be true or false, found the text \"yes\"",
    );
    assert_refused(
        "wrong-type-start-number.toml",
        2,
        9,
        "`start` must be a time of day like \"10:00\", found the number 10",
    );
    assert_refused(
        "wrong-type-speaker-list.toml",
        5,
        11,
        "segment 1 (Introductory remarks): `speaker` must be text in quotes, found a list",
    );
}

#[test]
fn segments_written_with_single_brackets_are_refused_with_the_fix() {
    assert_refused(
        "segments-single-brackets.toml",
        3,
        1,
        "`segments` must be a list of tables: start each one with [[segments]] (double brackets)",
    );
}

#[test]
fn warnings_written_with_double_brackets_are_refused_with_the_fix() {
    assert_refused(
        "warnings-double-brackets.toml",
        3,
        1,
        "`warnings` must be a single table: write [warnings] (single brackets)",
    );
}

#[test]
fn a_missing_or_blank_plan_title_is_refused() {
    assert_refused("missing-title.toml", 1, 1, "the plan's `title` is missing");
    assert_refused("empty-title.toml", 1, 9, "the plan's `title` is empty");
}

#[test]
fn a_missing_or_empty_segment_title_is_refused() {
    assert_refused(
        "missing-segment-title.toml",
        3,
        1,
        "segment 1's `title` is missing",
    );
    assert_refused(
        "empty-segment-title.toml",
        4,
        9,
        "segment 1's `title` is empty",
    );
}

#[test]
fn a_missing_or_empty_duration_is_refused_naming_the_segment() {
    assert_refused(
        "missing-duration.toml",
        8,
        1,
        "segment 2 (Closing remarks) has no `duration`",
    );
    assert_refused(
        "empty-duration.toml",
        5,
        12,
        "segment 1 (Introductory remarks): `duration` is empty",
    );
}

#[test]
fn a_plan_without_segments_is_refused() {
    assert_refused(
        "no-segments.toml",
        3,
        1,
        "the plan has no segments: add at least one [[segments]]",
    );
}

#[test]
fn zero_durations_are_refused_in_every_written_form() {
    assert_refused(
        "zero-duration.toml",
        5,
        12,
        "segment 1 (Introductory remarks): `duration` \"0m\" is zero",
    );
    assert_refused(
        "zero-duration-clock.toml",
        5,
        12,
        "`duration` \"00:00\" is zero",
    );
}

#[test]
fn a_negative_duration_is_refused() {
    assert_refused(
        "negative-duration.toml",
        5,
        12,
        "segment 1 (Introductory remarks): `duration` \"-5m\" is negative",
    );
}

#[test]
fn durations_and_budgets_over_24_hours_are_refused_as_absurd() {
    assert_refused(
        "absurd-duration.toml",
        5,
        12,
        "`duration` \"25h\" is longer than 24 hours",
    );
    assert_refused(
        "absurd-budget.toml",
        2,
        10,
        "`budget` \"48h\" is longer than 24 hours",
    );
    assert_refused(
        "segments-over-24-hours.toml",
        3,
        1,
        "the segments add up to 27h, more than 24 hours",
    );
}

#[test]
fn a_duration_in_words_is_refused_with_the_forms_that_work() {
    assert_refused(
        "duration-in-words.toml",
        5,
        12,
        "\"ten minutes\" is not a duration: write it like 10m, 90s, 1m30s or 1h 15m",
    );
}

#[test]
fn amber_not_above_red_is_refused_for_the_whole_plan() {
    assert_refused(
        "amber-not-above-red.toml",
        5,
        7,
        "amber (20s) must be more time left than red (30s): the countdown turns amber first",
    );
}

#[test]
fn amber_not_above_red_is_refused_for_one_segment() {
    assert_refused(
        "segment-amber-equals-red.toml",
        8,
        7,
        "segment 1 (Introductory remarks): amber (1m) must be more time left than red (1m)",
    );
    // The segment's own amber against the red it inherits from [warnings].
    assert_refused(
        "segment-amber-below-plan-red.toml",
        10,
        9,
        "segment 1 (Introductory remarks): amber (45s) must be more time left than red (1m)",
    );
}

#[test]
fn an_impossible_start_time_is_refused() {
    assert_refused(
        "invalid-start.toml",
        2,
        9,
        "`start` \"25:99\" is not a time of day: write it as HH:MM, like \"10:00\"",
    );
}

#[test]
fn a_date_in_words_is_refused_with_the_format_wanted() {
    assert_refused(
        "invalid-date.toml",
        2,
        8,
        "`date` \"7 February 2019\" is not a date: write it as YYYY-MM-DD",
    );
}

#[test]
fn segments_over_the_budget_are_refused_saying_by_how_much() {
    assert_refused(
        "over-budget.toml",
        3,
        10,
        "the segments add up to 80:00, 5:00 more than the budget of 75:00",
    );
}

#[test]
fn a_minimum_longer_than_the_segment_is_refused() {
    assert_refused(
        "min-longer-than-duration.toml",
        8,
        7,
        "segment 1 (Introductory remarks): `min` (12m) is longer than its duration (10m)",
    );
}

#[test]
fn escape_sequences_in_a_refused_plan_never_reach_the_terminal_raw() {
    let sentence = assert_refused(
        "escape-in-unknown-key.toml",
        7,
        1,
        "unknown key `␛[2J␛[31m`",
    );
    assert!(!sentence.contains('\u{1b}'), "{sentence:?}");
    let sentence = assert_refused(
        "escape-in-duration.toml",
        5,
        12,
        "segment 1 (Introductory remarks): `duration` \"␛[2J10m\" is not a duration",
    );
    assert!(!sentence.contains('\u{1b}'), "{sentence:?}");
    // A raw ESC in a comment is not TOML; the quoted line shows it as ␛.
    assert_refused(
        "raw-escape-in-comment.toml",
        2,
        18,
        "not a valid TOML plan: invalid comment character",
    );
    let run = check(&[&format!("{BROKEN}/raw-escape-in-comment.toml")]);
    assert!(
        !run.raw_stderr.contains(&0x1b),
        "a raw ESC byte reached stderr: {:?}",
        run.stderr
    );
    assert!(
        run.stderr.contains("# ␛[2J␛[31mclears your screen"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_broken_fixture_is_refused_with_its_place_and_no_panic() {
    let fixtures = broken_fixtures();
    assert!(
        fixtures.len() >= 30,
        "only {} broken fixtures",
        fixtures.len()
    );
    for fixture in &fixtures {
        let path = format!("{BROKEN}/{fixture}");
        let run = check(&[&path]);
        assert_eq!(
            run.code,
            Some(1),
            "{fixture} was not refused:\n{}",
            run.stdout
        );
        let sentence = run.stderr.lines().next().unwrap_or_default();
        let place = sentence
            .strip_prefix(&format!("timekeeper: {path}:"))
            .and_then(|rest| rest.split_once(": "))
            .map(|(place, _)| place);
        let is_line_column = place.is_some_and(|p| {
            p.split(':').count() == 2
                && p.split(':')
                    .all(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
        });
        assert!(
            is_line_column,
            "the refusal of {fixture} must name {path}:LINE:COLUMN, got:\n{}",
            run.stderr
        );
        assert_reads_as_plain_words(sentence);
        assert!(
            !run.raw_stderr.contains(&0x1b),
            "{fixture}: a raw ESC reached stderr"
        );
    }
}

#[test]
fn checking_every_broken_fixture_at_once_refuses_each_one_once() {
    let fixtures = broken_fixtures();
    let paths: Vec<String> = fixtures.iter().map(|f| format!("{BROKEN}/{f}")).collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let run = check(&args);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let refusals: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("timekeeper: "))
        .collect();
    assert_eq!(refusals.len(), fixtures.len(), "{}", run.stderr);
    for (refusal, path) in refusals.iter().zip(&paths) {
        assert!(
            refusal.starts_with(&format!("timekeeper: {path}:")),
            "refusals must come in the order the files were given: expected {path}, got {refusal}"
        );
    }
}

#[test]
fn a_plan_file_that_does_not_exist_is_refused_by_name() {
    let run = check(&["sessions/no-such-plan.toml"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("timekeeper: cannot read plan sessions/no-such-plan.toml: "),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// The schedule table

/// One line of the table, read from the right: the last two words are the
/// Start and Duration cells (both right-aligned), after them maybe a flag.
struct Row<'a> {
    line: &'a str,
    start: &'a str,
    duration: &'a str,
    /// Display column just after the Start cell.
    start_end: usize,
    /// Display column just after the Duration cell.
    duration_end: usize,
}

fn read_row(line: &str) -> Row<'_> {
    let body = line
        .find("  flexible (min ")
        .map_or(line, |at| &line[..at])
        .trim_end();
    let (before, duration) = body
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("no Duration cell in {line:?}"));
    let before = before.trim_end();
    let (_, start) = before
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("no Start cell in {line:?}"));
    Row {
        line,
        start,
        duration,
        start_end: columns(before),
        duration_end: columns(body),
    }
}

/// Byte index in `line` where display column `column` begins.
fn byte_at_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .map(|(i, _)| i)
        .chain([line.len()])
        .find(|&i| columns(&line[..i]) == column)
        .unwrap_or_else(|| panic!("no character starts at display column {column} in {line:?}"))
}

/// The text between two display columns, without its padding.
fn cell(line: &str, from: usize, to: usize) -> &str {
    line[byte_at_column(line, from)..byte_at_column(line, to)].trim()
}

/// A printed table: its header and one row per segment.
struct Table<'a> {
    header: Row<'a>,
    rows: Vec<Row<'a>>,
    segment_column: usize,
    speaker_column: usize,
}

impl Table<'_> {
    fn starts(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.start).collect()
    }

    /// The Segment and Speaker cells of row `i`.
    fn names(&self, i: usize) -> (&str, &str) {
        let row = &self.rows[i];
        let title = cell(row.line, self.segment_column, self.speaker_column);
        let speaker_and_start = cell(row.line, self.speaker_column, row.start_end);
        let speaker = speaker_and_start
            .strip_suffix(row.start)
            .unwrap_or_else(|| panic!("row {} does not end its Speaker cell before Start", i + 1))
            .trim_end();
        (title, speaker)
    }
}

/// Every schedule table in `check`'s output, in order.
fn tables(stdout: &str) -> Vec<Table<'_>> {
    let lines: Vec<&str> = stdout.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words != ["#", "Segment", "Speaker", "Start", "Duration"] {
            continue;
        }
        let rows = lines[at + 1..]
            .iter()
            .take_while(|l| !l.is_empty())
            .map(|l| read_row(l))
            .collect();
        found.push(Table {
            header: read_row(line),
            rows,
            segment_column: columns(&line[..line.find("Segment").unwrap()]),
            speaker_column: columns(&line[..line.find("Speaker").unwrap()]),
        });
    }
    found
}

/// The table drawn as display columns, for failure messages.
fn show(table: &Table<'_>) -> String {
    let mut out = String::new();
    for row in std::iter::once(&table.header).chain(&table.rows) {
        let _ = writeln!(
            out,
            "{row_line}    <- Start ends at column {}, Duration at {}",
            row.start_end,
            row.duration_end,
            row_line = row.line
        );
    }
    out
}

/// Every row's Start and Duration cells end in the same display column as
/// the header's, so the columns line up on a terminal.
fn assert_columns_line_up(table: &Table<'_>, what: &str) {
    for (i, row) in table.rows.iter().enumerate() {
        assert_eq!(
            (row.start_end, row.duration_end),
            (table.header.start_end, table.header.duration_end),
            "{what}: row {} is out of line with the header (display columns as a terminal draws them):\n{}",
            i + 1,
            show(table)
        );
    }
}

/// The title and speaker of every segment in a plan file, as `check` should
/// show them.
fn names_in(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let plan: toml::Table = toml::from_str(&text).unwrap();
    let name = |segment: &toml::Value, key: &str| {
        segment
            .get(key)
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    plan["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (name(s, "title"), name(s, "speaker")))
        .collect()
}

/// A name cell shows the whole name, or when it is too wide for the column,
/// its beginning cut with `…` within the column.
fn assert_shows_name(shown: &str, name: &str, what: &str) {
    if columns(name) <= NAME_COLUMNS {
        assert_eq!(shown, name, "{what} must be shown whole");
    } else {
        let kept = shown
            .strip_suffix('…')
            .unwrap_or_else(|| panic!("{what} is too wide and must end with …, shown {shown:?}"));
        assert!(
            name.starts_with(kept) && !kept.is_empty(),
            "{what}: {shown:?} must be the beginning of {name:?}"
        );
        assert!(
            columns(shown) <= NAME_COLUMNS,
            "{what}: {shown:?} is {} columns, wider than {NAME_COLUMNS}",
            columns(shown)
        );
    }
}

/// Runs `check` on one good plan and checks what a user sees: exit 0, the
/// title, every name in its cell, the starts in order, the columns aligned,
/// and `end` among the closing lines.
fn assert_prints_aligned_schedule(path: &str, title: &str, starts: &[&str], end: &str) -> Outcome {
    let run = check(&[path]);
    assert_eq!(run.code, Some(0), "{path} must be valid:\n{}", run.stderr);
    assert!(
        run.stderr.is_empty(),
        "{path} printed to stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().next(), Some(title), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("{path}: valid")),
        "{}",
        run.stdout
    );
    let found = tables(&run.stdout);
    assert_eq!(found.len(), 1, "one table expected:\n{}", run.stdout);
    let table = &found[0];
    assert_columns_line_up(table, path);
    assert_eq!(table.starts(), starts, "{path}:\n{}", run.stdout);
    for (i, (title, speaker)) in names_in(path).iter().enumerate() {
        let (shown_title, shown_speaker) = table.names(i);
        let what = format!("{path} segment {}", i + 1);
        assert_shows_name(shown_title, title, &format!("{what} title"));
        assert_shows_name(shown_speaker, speaker, &format!("{what} speaker"));
    }
    let closing = run.stdout.lines().last().unwrap_or_default();
    assert_eq!(closing, end, "{}", run.stdout);
    run
}

#[test]
fn plenary_schedule_starts_each_segment_on_time_and_ends_at_11_15() {
    let run = assert_prints_aligned_schedule(
        "sessions/plenary-3.toml",
        "Plenary Session 3: Turning Intention to Action for Survivors",
        &["10:00", "10:10", "10:25", "10:40", "10:55", "11:10"],
        "Scheduled end 11:15",
    );
    assert!(run.stdout.contains("10:00–11:15"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Total 75:00 of budget 75:00; unallocated 0:00"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("15:00  flexible (min 7:30)"),
        "the discussion must be marked flexible:\n{}",
        run.stdout
    );
}

#[test]
fn khmer_names_print_an_aligned_table() {
    assert_prints_aligned_schedule(
        &format!("{GOOD}/khmer.toml"),
        "វគ្គពេញអង្គ ៣៖ ពីចេតនាទៅសកម្មភាព",
        &["09:00", "09:10", "09:25", "09:40"],
        "Scheduled end 09:45",
    );
}

#[test]
fn tajik_cyrillic_names_print_an_aligned_table() {
    // 12m30s and 2:30 put seconds into the last start, so every start
    // shows its seconds.
    assert_prints_aligned_schedule(
        &format!("{GOOD}/tajik.toml"),
        "Ҷаласаи пленарӣ: аз ният ба амал",
        &["14:00:00", "14:10:00", "14:25:00", "14:37:30"],
        "Scheduled end 14:40:00",
    );
}

#[test]
fn chinese_names_print_an_aligned_table_and_the_unallocated_time() {
    let run = assert_prints_aligned_schedule(
        &format!("{GOOD}/chinese.toml"),
        "第三次全体会议：从意向到行动",
        &["10:00", "10:10", "10:25", "10:40"],
        "Segments end 10:45; scheduled end 11:00",
    );
    assert!(
        run.stdout
            .contains("Total 45:00 of budget 60:00; unallocated 15:00"),
        "{}",
        run.stdout
    );
}

#[test]
fn arabic_names_print_an_aligned_table() {
    assert_prints_aligned_schedule(
        &format!("{GOOD}/arabic.toml"),
        "الجلسة العامة الثالثة: من النية إلى العمل",
        &["11:30", "11:40", "12:00", "12:15"],
        "Scheduled end 12:20",
    );
}

#[test]
fn emoji_names_print_an_aligned_table() {
    assert_prints_aligned_schedule(
        &format!("{GOOD}/emoji.toml"),
        "🌍 Mine action day 🎉",
        &["08:45", "08:50", "09:00", "09:07"],
        "Segments end 09:15; scheduled end 09:20",
    );
}

#[test]
fn names_too_wide_for_their_column_are_cut_with_an_ellipsis_and_stay_aligned() {
    let path = format!("{GOOD}/multilingual.toml");
    let run = assert_prints_aligned_schedule(
        &path,
        "Multilingual panel 多语种 متعدد اللغات",
        // One segment starts on the half minute: every start shows seconds.
        &[
            "16:00:00", "16:05:00", "16:17:00", "16:18:30", "16:32:00", "16:42:00",
        ],
        "Scheduled end 16:47:00",
    );
    let cut = run.stdout.lines().filter(|l| l.contains('…')).count();
    assert_eq!(
        cut, 5,
        "five rows have a name wider than {NAME_COLUMNS} columns:\n{}",
        run.stdout
    );
}

/// `✈️` is U+2708 followed by the emoji variation selector U+FE0F: one column
/// per character, but two on screen (and for `unicode-width`'s `str` width).
#[test]
fn long_names_with_emoji_variation_selectors_are_cut_within_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vs16.toml");
    let title = "✈️ Logistics of humanitarian demining in the field";
    std::fs::write(
        &path,
        format!(
            "title = \"T\"\n\n[[segments]]\ntitle = \"{title}\"\nspeaker = \"A\"\nduration = \"10m\"\n\n\
             [[segments]]\ntitle = \"Q&A\"\nspeaker = \"B\"\nduration = \"5m\"\n"
        ),
    )
    .unwrap();
    let run = check(&[path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let found = tables(&run.stdout);
    assert_columns_line_up(&found[0], "a cut name starting with ✈️");
    assert_shows_name(found[0].names(0).0, title, "the cut ✈️ title");
}

#[test]
fn escape_sequences_in_names_are_printed_as_visible_text() {
    let path = format!("{GOOD}/escape-sequences.toml");
    let run = check(&[&path]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for (byte, what) in [(0x1b, "ESC"), (0x07, "BEL"), (0x7f, "DEL"), (b'\r', "CR")] {
        assert!(
            !run.raw_stdout.contains(&byte),
            "a raw {what} byte reached the terminal:\n{:?}",
            run.stdout
        );
    }
    let hidden = run
        .stdout
        .chars()
        .find(|&c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)));
    assert_eq!(
        hidden, None,
        "a control or bidi-override character reached the terminal:\n{:?}",
        run.stdout
    );
    // The names are still there, with their escapes made visible.
    for shown in [
        "␛[2J␛[HSession␇",
        "␛[31mRoom XVIII␛[0m",
        "␛]0;owned␇Opening",
        "␡Del",
    ] {
        assert!(
            run.stdout.contains(shown),
            "{shown} missing:\n{}",
            run.stdout
        );
    }
    let found = tables(&run.stdout);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_columns_line_up(&found[0], &path);
}

#[test]
fn a_plan_saved_with_a_byte_order_mark_and_windows_line_endings_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notepad.toml");
    let text = "\u{feff}title = \"Saved in Notepad\"\r\nstart = \"10:00\"\r\n\r\n[[segments]]\r\ntitle = \"Opening\"\r\nduration = \"10m\"\r\n";
    std::fs::write(&path, text).unwrap();
    let run = check(&[path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.raw_stdout.contains(&b'\r'), "{:?}", run.stdout);
    assert_eq!(run.stdout.lines().next(), Some("Saved in Notepad"));
    assert_eq!(tables(&run.stdout)[0].starts(), ["10:00"]);
}

/// Names for the generated plan: every script, some wider than the column.
const MANY_NAMES: &[(&str, &str)] = &[
    ("Introductory remarks", "Ms. Oksana Leshchenko"),
    ("សុន្ទរកថាស្វាគមន៍", "ឯកឧត្តម ព្រំ សុភមង្គល"),
    ("Маърӯза: Тоҷикистон", "Муҳаббат Иброҳимзода"),
    (
        "主旨发言：中国在人道主义排雷中的经验与教训以及未来",
        "欧阳娜娜",
    ),
    (
        "مناقشة وأسئلة حول الدعم النفسي والاجتماعي للناجين",
        "السيدة سارة هاريسون",
    ),
    ("🎤 Lightning talk 🇰🇭", "👩‍🔬 Dr. Ana Lima"),
    ("Q&A", ""),
];

#[test]
fn a_600_segment_plan_prints_every_row_aligned_with_the_right_start() {
    const SEGMENTS: usize = 600;
    const DURATIONS: [i64; 4] = [60, 90, 120, 150];
    let mut plan = String::from("title = \"Marathon\"\nstart = \"07:00\"\n");
    let mut expected_starts = Vec::new();
    let mut at = 7 * 3600;
    for i in 0..SEGMENTS {
        let (title, speaker) = MANY_NAMES[i % MANY_NAMES.len()];
        let seconds = DURATIONS[i % DURATIONS.len()];
        let _ = write!(
            plan,
            "\n[[segments]]\ntitle = \"{title} {n}\"\nspeaker = \"{speaker}\"\nduration = \"{seconds}s\"\n",
            n = i + 1
        );
        // Some starts fall on the half minute, so every start shows its
        // seconds: a column never mixes 07:00 and 07:02:30.
        let (h, m, s) = ((at / 3600) % 24, (at / 60) % 60, at % 60);
        expected_starts.push(format!("{h:02}:{m:02}:{s:02}"));
        at += seconds;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marathon.toml");
    std::fs::write(&path, &plan).unwrap();

    let run = check(&[path.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let found = tables(&run.stdout);
    assert_eq!(found.len(), 1);
    let table = &found[0];
    assert_eq!(table.rows.len(), SEGMENTS, "one row per segment");
    assert_columns_line_up(table, "600-segment plan");
    assert_eq!(table.starts(), expected_starts);
    for (i, row) in table.rows.iter().enumerate() {
        let number = row.line.split_whitespace().next().unwrap_or_default();
        assert_eq!(number, (i + 1).to_string(), "row {}: {}", i + 1, row.line);
        let (title, speaker) = MANY_NAMES[i % MANY_NAMES.len()];
        let (shown_title, shown_speaker) = table.names(i);
        assert_shows_name(
            shown_title,
            &format!("{title} {}", i + 1),
            &format!("row {} title", i + 1),
        );
        assert_shows_name(shown_speaker, speaker, &format!("row {} speaker", i + 1));
        assert_eq!(row.duration, ["1:00", "1:30", "2:00", "2:30"][i % 4]);
    }
    // 600 segments of 105 s on average: 17.5 hours from 07:00, past midnight.
    assert!(
        run.stdout.contains("Total 1050:00 of budget 1050:00"),
        "{}",
        &run.stdout[run.stdout.len().saturating_sub(300)..]
    );
    assert!(run.stdout.ends_with("Scheduled end 00:30:00\n"));
}

// ---------------------------------------------------------------------------
// Several plans at once

#[test]
fn several_valid_plans_exit_0_and_each_prints_its_table() {
    let chinese = format!("{GOOD}/chinese.toml");
    let arabic = format!("{GOOD}/arabic.toml");
    let run = check(&["sessions/plenary-3.toml", &chinese, &arabic]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let found = tables(&run.stdout);
    assert_eq!(found.len(), 3, "{}", run.stdout);
    assert_eq!(found[0].starts()[5], "11:10");
    assert_eq!(found[1].starts()[3], "10:40");
    assert_eq!(found[2].starts()[3], "12:15");
    for path in ["sessions/plenary-3.toml", &chinese, &arabic] {
        assert!(
            run.stdout.contains(&format!("{path}: valid")),
            "{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("Scheduled end 11:15\n\n第三次全体会议"),
        "plans must be separated by a blank line:\n{}",
        run.stdout
    );
}

#[test]
fn a_broken_plan_among_valid_ones_exits_1_and_the_valid_tables_still_print() {
    let broken = format!("{BROKEN}/over-budget.toml");
    let chinese = format!("{GOOD}/chinese.toml");
    let run = check(&[&broken, "sessions/plenary-3.toml", &chinese]);
    assert_eq!(run.code, Some(1), "one broken plan must fail the check");
    let found = tables(&run.stdout);
    assert_eq!(
        found.len(),
        2,
        "both valid plans must still print their table:\n{}",
        run.stdout
    );
    assert_eq!(
        found[0].starts(),
        ["10:00", "10:10", "10:25", "10:40", "10:55", "11:10"]
    );
    assert_eq!(found[1].starts(), ["10:00", "10:10", "10:25", "10:40"]);
    assert!(
        run.stdout.starts_with("Plenary Session 3"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("timekeeper: "))
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with(&format!(
            "timekeeper: {broken}:3:10: the segments add up to 80:00"
        )),
        "{}",
        run.stderr
    );
}
