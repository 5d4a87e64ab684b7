//! Issue 25, hole 5: spreadsheet bombs. A few kilobytes of `.xlsx` whose
//! shared strings or sheet inflate far past any agenda are refused in one
//! sentence, in bounded memory (the import runs under a 1 GiB address-space
//! cap) and time (a deadline), and a sheet is not parsed past the row cap.
//! The bombs are made here, by the zip crate.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use zip::write::SimpleFileOptions;

/// Generous: a runaway is what is caught, not slowness.
const DEADLINE: Duration = Duration::from_secs(20);

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
    r#"</Types>"#
);
const RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"</Relationships>"#
);
const WORKBOOK: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<sheets><sheet name="Programme" sheetId="1" r:id="rId1"/></sheets></workbook>"#
);
const WORKBOOK_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
    r#"</Relationships>"#
);

/// Shared strings: the agenda's words.
const WORDS: [&str; 7] = [
    "Title", "Duration", "Opening", "Keynote", "Panel", "Speaker", "Ada",
];

fn strings_xml(extra: &str) -> String {
    let items = WORDS.map(|w| ["<si><t>", w, "</t></si>"].concat()).concat();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{items}{extra}</sst>"#,
        n = WORDS.len() + usize::from(!extra.is_empty())
    )
}

/// A header and three items: a small agenda.
fn agenda_rows() -> String {
    let text = |r: usize, c: char, s: usize| format!(r#"<c r="{c}{r}" t="s"><v>{s}</v></c>"#);
    let number = |r: usize, c: char, v: u32| format!(r#"<c r="{c}{r}"><v>{v}</v></c>"#);
    let mut rows = format!(r#"<row r="1">{}{}</row>"#, text(1, 'A', 0), text(1, 'B', 1));
    for (i, (title, minutes)) in [(2, 10), (3, 25), (4, 15)].iter().enumerate() {
        let r = i + 2;
        rows.push_str(
            &[
                format!(r#"<row r="{r}">"#),
                text(r, 'A', *title),
                number(r, 'B', *minutes),
                "</row>".to_owned(),
            ]
            .concat(),
        );
    }
    rows
}

fn sheet_xml(rows: &str, tail: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}{tail}"#
    )
}

const END: &str = "</sheetData></worksheet>";

/// Writes an `.xlsx` with this sheet and these shared strings, deflated.
fn xlsx(path: &Path, sheet: &str, strings: &str) {
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ] {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// `timekeeper import FILE --output plan.toml` in `dir`, under a 1 GiB
/// address-space cap and the deadline.
fn import(dir: &Path, file: &str) -> crate::common::cli::Outcome {
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "ulimit -v 1048576 && exec \"$@\"",
        "sh",
        crate::common::cli::BIN,
        "import",
        file,
        "--output",
        "plan.toml",
    ]);
    cmd.current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("TIMEKEEPER_RUNS_DIR");
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let pid = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let output = rx.recv_timeout(DEADLINE).unwrap_or_else(|_| {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("import {file} did not finish within {DEADLINE:?}")
    });
    let output = output.unwrap();
    let outcome = crate::common::cli::Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        raw_stdout: output.stdout,
        raw_stderr: output.stderr,
    };
    assert!(
        !outcome.stderr.contains("panicked") && !outcome.stderr.contains("memory allocation"),
        "import {file} failed hard:\n{}",
        outcome.stderr
    );
    outcome
}

fn assert_refused(dir: &Path, out: &crate::common::cli::Outcome, says: &str) {
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains(says), "{}", out.stderr);
    assert!(
        !dir.join("plan.toml").exists(),
        "a refused import wrote a plan"
    );
}

#[test]
fn the_small_agenda_these_bombs_are_made_from_imports() {
    let dir = tempfile::tempdir().unwrap();
    xlsx(
        &dir.path().join("agenda.xlsx"),
        &sheet_xml(&agenda_rows(), END),
        &strings_xml(""),
    );
    let out = import(dir.path(), "agenda.xlsx");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let plan = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    for title in ["Opening", "Keynote", "Panel"] {
        assert!(plan.contains(title), "{plan}");
    }
}

#[test]
fn shared_strings_that_inflate_to_gigabytes_are_refused_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    // 9 MiB of one letter: a few kilobytes on disk.
    let huge = format!("<si><t>{}</t></si>", "A".repeat(9 * 1024 * 1024));
    xlsx(
        &dir.path().join("bomb.xlsx"),
        &sheet_xml(&agenda_rows(), END),
        &strings_xml(&huge),
    );
    let size = std::fs::metadata(dir.path().join("bomb.xlsx"))
        .unwrap()
        .len();
    assert!(size < 200 * 1024, "the bomb is {size} bytes");
    let out = import(dir.path(), "bomb.xlsx");
    assert_refused(
        dir.path(),
        &out,
        "its shared strings inflate to more than 8 MiB (a compressed bomb, or far more than an agenda)",
    );
}

#[test]
fn a_sheet_that_inflates_past_the_limit_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    // Some 33 MiB of empty rows after the agenda.
    let row = r#"<row r="9"><c r="Z9"/></row>"#;
    let filler = row.repeat(33 * 1024 * 1024 / row.len());
    xlsx(
        &dir.path().join("bomb.xlsx"),
        &sheet_xml(&agenda_rows(), &(filler + END)),
        &strings_xml(""),
    );
    let out = import(dir.path(), "bomb.xlsx");
    assert_refused(
        dir.path(),
        &out,
        "one of its parts inflates to more than 32 MiB",
    );
}

#[test]
fn a_sheet_is_read_no_further_than_the_row_cap() {
    let dir = tempfile::tempdir().unwrap();
    // Past row 5,000, what no reader could parse: reading stops before it.
    let past =
        r#"<row r="5001"><c r="A5001" t="s"><v>2</v></c></row><row r="5002"><c r="A5002"><v>1"#;
    xlsx(
        &dir.path().join("long.xlsx"),
        &sheet_xml(&agenda_rows(), past),
        &strings_xml(""),
    );
    let out = import(dir.path(), "long.xlsx");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let plan = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    assert_eq!(plan.matches("[[segments]]").count(), 3, "{plan}");
}
