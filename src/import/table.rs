//! Programmes as tables: CSV (comma, semicolon or tab separated) and the
//! first sheet of an XLSX, ODS or XLS workbook. A header row names the
//! columns, in any order and case: title, speaker, role, duration, flexible,
//! min, notes (and start/end times instead of durations). Rows above the
//! header may hold the session's title, date, chair and location.
//!
//! One file, over 750 lines, for one reader: CSV and workbooks become the
//! same grid of cell values read by one `read_grid`, and each cell reader
//! (duration, time, flexible) needs the grid's places for its refusals. The
//! zip's limits (against a workbook that inflates to gigabytes) are here
//! because they guard that reader alone. Its tests are in `table/tests.rs`.

use std::io::{self, Cursor};
use std::sync::LazyLock;

use calamine::{Data, DataRef, Reader as _};
use chrono::{NaiveDate, NaiveTime, Timelike as _};
use regex::Regex;

use super::people::squeeze;
use super::words;
use super::{Agenda, Failure, Item, Place, Remark, fail};
use crate::text;

/// Rows and columns read from a sheet: a programme is far smaller, and a
/// stray cell at XFD1048576 must not make a billion empty ones.
const MAX_ROWS: u32 = 5000;
const MAX_COLUMNS: u32 = 64;
/// Rows searched for the header.
const HEADER_ROWS: usize = 30;
/// What a spreadsheet's zip may hold, inflated, before calamine reads it: a
/// programme's sheet is some kilobytes, so these are far above any agenda
/// and far below what would take the machine's memory or seconds of work
/// (a 4 MB file can inflate to gigabytes).
///
/// The most any one part (a sheet, ODS's `content.xml`) inflates to…
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// …the shared strings, which calamine holds whole in memory…
const MAX_SHARED_STRINGS_BYTES: u64 = 8 * 1024 * 1024;
/// …every part together…
const MAX_UNPACKED_BYTES: u64 = 96 * 1024 * 1024;
/// …and the parts in it (a workbook has a few dozen).
const MAX_PARTS: usize = 1000;

/// A cell's value, from a CSV field or a spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date/time cell: days (the fraction is the time of day).
    Days(f64),
    /// An ISO 8601 duration ("PT0H15M0S") or date-time, as ODS gives them.
    Iso(String),
    Error(String),
}

impl Value {
    pub(super) fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) | Self::Iso(s) | Self::Error(s) => squeeze(s),
            Self::Number(n) | Self::Days(n) => n.to_string(),
            Self::Bool(b) => b.to_string(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Title,
    Speaker,
    Role,
    Duration,
    /// A duration column whose header says minutes ("Minutes", "Duration (min)").
    Minutes,
    Flexible,
    Min,
    Notes,
    Start,
    End,
}

fn column_of(header: &str) -> Option<Column> {
    let h = squeeze(&header.to_lowercase());
    let h = h.trim_end_matches(':').trim();
    let says_minutes = h.contains("(min") || h.contains("in minutes") || h.contains("(mn)");
    let h = h.split(" (").next().unwrap_or(h).trim();
    let column = match h {
        "title" | "segment" | "item" | "session" | "topic" | "agenda item" | "what"
        | "activity" | "programme item" | "program item" | "titre" | "título" | "titulo"
        | "sujet" | "tema" | "intitulé" | "point" | "segment title" => Column::Title,
        "speaker" | "speakers" | "presenter" | "presenters" | "name" | "who" | "speaker name"
        | "intervenant" | "intervenants" | "orateur" | "ponente" | "orador" | "oradora" => {
            Column::Speaker
        }
        "role" | "affiliation" | "organisation" | "organization" | "position" | "function"
        | "fonction" | "cargo" | "rôle" => Column::Role,
        "duration" | "length" | "time allotted" | "allotted time" | "durée" | "duración"
        | "duracion" | "planned" | "time allowed" => {
            if says_minutes {
                Column::Minutes
            } else {
                Column::Duration
            }
        }
        "minutes" | "mins" | "minutos" => Column::Minutes,
        "flexible" | "flex" | "flexible?" => Column::Flexible,
        "min" | "minimum" | "shortest" | "min duration" | "minimum duration" => Column::Min,
        "notes" | "note" | "comments" | "comment" | "remarks" | "remarques" | "notas" => {
            Column::Notes
        }
        "start" | "start time" | "from" | "begins" | "time" | "heure" | "hora" | "début"
        | "debut" | "inicio" | "starts" => Column::Start,
        "end" | "end time" | "to" | "until" | "ends" | "fin" => Column::End,
        _ => return None,
    };
    Some(column)
}

/// A table read from CSV or a sheet: rows of values, and how to name the
/// place of a cell. The speakers' list reads the same grids.
pub(super) struct Grid {
    pub(super) rows: Vec<Vec<Value>>,
    /// The place of (row index, column index).
    pub(super) place: Box<dyn Fn(usize, usize) -> Place>,
    /// How a cell is named inside a sentence ("column 'Duration'").
    pub(super) names_cells: bool,
}

/// Whether text looks like a CSV programme: its first line is a header with
/// a title and a duration (or start) column.
pub fn looks_like_csv(source: &str) -> bool {
    let Some(first) = super::speakers::lines(source).find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let delimiter = delimiter_of(source);
    let columns: Vec<Option<Column>> = first
        .split(char::from(delimiter))
        .map(|h| column_of(h.trim().trim_matches('"')))
        .collect();
    columns.contains(&Some(Column::Title))
        && columns
            .iter()
            .any(|c| matches!(c, Some(Column::Duration | Column::Minutes | Column::Start)))
}

/// The separator most used in the first lines (outside quotes).
fn delimiter_of(source: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    for line in super::speakers::lines(source).take(10) {
        let mut quoted = false;
        for b in line.bytes() {
            if b == b'"' {
                quoted = !quoted;
            } else if !quoted && let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                c.1 += 1;
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}

/// Reads a CSV programme.
pub fn read_csv(source: &str) -> Result<Agenda, Failure> {
    read_grid(&csv_grid(source)?)
}

/// A CSV file's rows, each cell placed by its line.
pub(super) fn csv_grid(source: &str) -> Result<Grid, Failure> {
    // The csv crate ends a record at CRLF or a CR alone as at LF, but its
    // line numbers go wrong with them (a record after a CRLF is placed on
    // the line before: Excel's CSV on Windows; after a lone CR, an old
    // Mac's, every record on line 1): the refusals name the right line.
    let source = line_ends_as_lf(source);
    let source = source.as_ref();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter_of(source))
        .from_reader(source.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Failure {
            place: e
                .position()
                .map_or(Place::File, |p| Place::Line(p.line() as usize)),
            message: format!("not readable as CSV: {}", text::sanitize(&e.to_string())),
        })?;
        lines.push(record.position().map_or(0, |p| p.line() as usize));
        rows.push(
            record
                .iter()
                .take(MAX_COLUMNS as usize)
                .map(|f| Value::Text(f.to_owned()))
                .collect(),
        );
        if rows.len() > MAX_ROWS as usize {
            break;
        }
    }
    Ok(Grid {
        rows,
        place: Box::new(move |row, _| Place::Line(lines.get(row).copied().unwrap_or(0))),
        names_cells: true,
    })
}

/// Reads the first sheet of a workbook.
pub fn read_workbook(bytes: &[u8]) -> Result<Agenda, Failure> {
    read_grid(&workbook_grid(bytes)?)
}

/// The first sheet of a workbook, each cell placed by its name (`B7`).
pub(super) fn workbook_grid(bytes: &[u8]) -> Result<Grid, Failure> {
    // A damaged file may trip the reader itself: that is a refusal too.
    std::panic::catch_unwind(|| read_workbook_inner(bytes)).unwrap_or_else(|_| {
        fail(
            Place::File,
            "is not a readable spreadsheet: the reader failed on its content",
        )
    })
}

/// Refuses a spreadsheet whose zip inflates past the limits, measured by
/// inflating it (what the archive says of its sizes is not taken on trust),
/// each part no further than its limit. Not a zip (XLS): nothing to measure.
fn check_unpacked(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Read as _;
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    // A zip this cannot open is calamine's to describe.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mib = |n: u64| n / 1024 / 1024;
    if archive.len() > MAX_PARTS {
        return fail(
            Place::File,
            format!(
                "is not a spreadsheet import reads: it holds {} parts, a workbook a few dozen",
                archive.len()
            ),
        );
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else {
            return Ok(());
        };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let (limit, what) = if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            (MAX_SHARED_STRINGS_BYTES, "its shared strings inflate")
        } else {
            (MAX_PART_BYTES, "one of its parts inflates")
        };
        let room = MAX_UNPACKED_BYTES - total;
        let cap = limit.min(room);
        let inflated = if part.size() > cap {
            part.size()
        } else {
            match io::copy(&mut part.by_ref().take(cap + 1), &mut io::sink()) {
                Ok(n) => n,
                // Damage is calamine's to describe.
                Err(_) => return Ok(()),
            }
        };
        if inflated > cap {
            let message = if cap < limit {
                format!(
                    "is not a spreadsheet import reads: it inflates to more than {} MiB (a compressed bomb, or far more than an agenda)",
                    mib(MAX_UNPACKED_BYTES)
                )
            } else {
                format!(
                    "is not a spreadsheet import reads: {what} to more than {} MiB (a compressed bomb, or far more than an agenda)",
                    mib(limit)
                )
            };
            return fail(Place::File, message);
        }
        total += inflated;
    }
    Ok(())
}

fn read_workbook_inner(bytes: &[u8]) -> Result<Grid, Failure> {
    check_unpacked(bytes)?;
    let unreadable = |e: &dyn std::fmt::Display| Failure {
        place: Place::File,
        message: format!(
            "is not a readable spreadsheet: {}",
            text::truncate(&text::sanitize(&e.to_string()), 160)
        ),
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(&e))?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return fail(Place::File, "is a spreadsheet without sheets");
    };
    let mut cells: Vec<((u32, u32), Value)> = Vec::new();
    if let calamine::Sheets::Xlsx(xlsx) = &mut workbook {
        // Cell by cell: the sheet's size is never taken on trust.
        let mut reader = xlsx
            .worksheet_cells_reader(&sheet)
            .map_err(|e| unreadable(&e))?;
        // Rows come in order: reading stops at the cap (a sheet of a
        // million rows is not parsed to its end), and so it does after as
        // many cells as the cap holds, however they are laid out.
        let mut read = 0usize;
        while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
            let (row, column) = cell.get_position();
            read += 1;
            if row >= MAX_ROWS || read > (MAX_ROWS * MAX_COLUMNS) as usize {
                break;
            }
            if column < MAX_COLUMNS {
                cells.push(((row, column), from_data_ref(cell.get_value())));
            }
        }
    } else {
        let range = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| Failure {
                place: Place::File,
                message: "is a spreadsheet without sheets".to_owned(),
            })?
            .map_err(|e| unreadable(&e))?;
        for (row, column, data) in range.used_cells() {
            let (row, column) = (row as u32, column as u32);
            let (row, column) = (
                row + range.start().map_or(0, |s| s.0),
                column + range.start().map_or(0, |s| s.1),
            );
            if row < MAX_ROWS && column < MAX_COLUMNS {
                cells.push(((row, column), from_data(data)));
            }
        }
    }
    let height = cells.iter().map(|((r, _), _)| r + 1).max().unwrap_or(0) as usize;
    let width = cells.iter().map(|((_, c), _)| c + 1).max().unwrap_or(0) as usize;
    let mut rows = vec![vec![Value::Empty; width]; height];
    for ((r, c), v) in cells {
        rows[r as usize][c as usize] = v;
    }
    Ok(Grid {
        rows,
        place: Box::new(move |row, column| Place::Cell {
            sheet: sheet.clone(),
            row: row as u32,
            column: column as u32,
        }),
        names_cells: false,
    })
}

fn from_data(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(t) => Value::Days(t.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Iso(s.clone()),
        Data::Error(e) => Value::Error(format!("{e}")),
    }
}

fn from_data_ref(d: &DataRef<'_>) -> Value {
    match d {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_owned()),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(t) => Value::Days(t.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Iso(s.clone()),
        DataRef::Error(e) => Value::Error(format!("{e}")),
    }
}

static ISO_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^-?P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    )
    .expect("valid pattern")
});

/// Seconds in an ISO 8601 duration ("PT0H15M0S").
fn iso_seconds(s: &str) -> Option<i64> {
    let c = ISO_DURATION.captures(s.trim())?;
    let n = |k: &str| {
        c.name(k)
            .map_or(Some(0.0), |m| m.as_str().parse::<f64>().ok())
    };
    Some((n("d")? * 86400.0 + n("h")? * 3600.0 + n("m")? * 60.0 + n("s")?).round() as i64)
}

/// The time of day and date in an ISO date-time ("2019-02-07T10:00:00").
fn iso_datetime(s: &str) -> Option<(Option<NaiveDate>, NaiveTime)> {
    let (date, time) = s.trim().split_once('T')?;
    let time = NaiveTime::parse_from_str(time.get(..8).unwrap_or(time), "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .ok()?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|d| d.year_ce().1 > 1900);
    Some((date, time))
}

use chrono::Datelike as _;

/// How a cell is named in a sentence: "B7" needs nothing more, a CSV line
/// needs its column.
fn cell_words(grid: &Grid, header: &str) -> String {
    if grid.names_cells {
        format!(" (column '{}')", text::sanitize(&squeeze(header)))
    } else {
        String::new()
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "the sheet is read top to bottom in one pass: title rows, header, items, total"
)]
fn read_grid(grid: &Grid) -> Result<Agenda, Failure> {
    let mut agenda = Agenda {
        chair_word: "Chair".to_owned(),
        ..Agenda::default()
    };
    let header_at = grid.rows.iter().take(HEADER_ROWS).position(|row| {
        let columns: Vec<Option<Column>> = row.iter().map(|v| column_of(&v.text())).collect();
        columns.contains(&Some(Column::Title))
            && columns
                .iter()
                .any(|c| matches!(c, Some(Column::Duration | Column::Minutes | Column::Start)))
    });
    let Some(header_at) = header_at else {
        let first = grid
            .rows
            .iter()
            .position(|r| r.iter().any(|v| !v.is_empty()));
        let found = first.map_or_else(
            || "the file is empty".to_owned(),
            |i| {
                let names: Vec<String> = grid.rows[i]
                    .iter()
                    .filter(|v| !v.is_empty())
                    .take(8)
                    .map(|v| format!("'{}'", text::truncate(&text::sanitize(&v.text()), 30)))
                    .collect();
                format!("the first row holds {}", names.join(", "))
            },
        );
        return fail(
            first.map_or(Place::File, |i| (grid.place)(i, 0)),
            format!(
                "no programme found: looked for a header row with a title column and a duration (or start time) column, such as \"title, speaker, role, duration, flexible, min, notes\"; {found}"
            ),
        );
    };

    // Rows above the header: the session's title, date, chair, location.
    let preamble: Vec<String> = grid.rows[..header_at]
        .iter()
        .map(|row| {
            row.iter()
                .filter(|v| !v.is_empty())
                .map(Value::text)
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    if preamble.iter().any(|l| !l.trim().is_empty()) {
        let found = super::prose::read_preamble(&preamble.join("\n"));
        agenda = Agenda {
            items: Vec::new(),
            ..found
        };
    }

    let header = &grid.rows[header_at];
    let mut columns: Vec<(usize, Column, String)> = Vec::new();
    for (i, v) in header.iter().enumerate() {
        if let Some(c) = column_of(&v.text())
            && !columns.iter().any(|(_, have, _)| *have == c)
        {
            columns.push((i, c, v.text()));
        }
    }
    let col = |c: Column| columns.iter().find(|(_, have, _)| *have == c);
    // Rows whose duration is a bare number in a column that does not say
    // its unit: read as minutes, and said so.
    let mut bare_minutes: Vec<String> = Vec::new();

    for (r, row) in grid.rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(Value::is_empty) {
            continue;
        }
        let cell = |c: Column| {
            col(c).map(|(i, _, h)| (*i, row.get(*i).unwrap_or(&Value::Empty), h.as_str()))
        };
        let title_cell = cell(Column::Title);
        let title = title_cell.map(|(_, v, _)| v.text()).unwrap_or_default();
        let Some((title_i, _, title_h)) = title_cell else {
            continue;
        };
        if let Some((_, Value::Error(e), _)) = title_cell {
            return fail(
                (grid.place)(r, title_i),
                format!("the cell holds a spreadsheet error ({e})"),
            );
        }
        let duration = duration_cell(
            grid,
            r,
            cell(Column::Duration).or(cell(Column::Minutes)),
            &mut agenda.remarks,
        )?;
        if let Some((_, v, _)) = cell(Column::Duration)
            && is_bare_number(v)
        {
            bare_minutes.push(v.text());
        }
        let first_text = row.iter().find(|v| !v.is_empty()).map(Value::text);
        if first_text.as_deref().is_some_and(is_total) {
            if let Some((seconds, written)) = duration {
                agenda.stated_total = Some((seconds, written));
            }
            continue;
        }
        if !title.chars().any(char::is_alphanumeric) {
            return fail(
                (grid.place)(r, title_i),
                format!(
                    "the title{} is empty: every row of the programme needs one",
                    cell_words(grid, title_h)
                ),
            );
        }
        let mut item = Item::new((grid.place)(r, title_i), title);
        if let Some((seconds, written)) = duration {
            item.duration = Some(seconds);
            item.duration_written = Some(written);
        }
        if let Some((i, v, h)) = cell(Column::Start) {
            let (start, end, date) = time_cell(grid, r, i, v, h)?;
            item.start = start;
            item.end = end;
            if agenda.date.is_none() {
                agenda.date = date;
            }
        }
        if let Some((i, v, h)) = cell(Column::End)
            && item.end.is_none()
        {
            item.end = time_cell(grid, r, i, v, h)?.0;
        }
        if item.duration.is_none() && item.start.is_none() {
            let (i, h) = col(Column::Duration)
                .or(col(Column::Minutes))
                .map_or((title_i, title_h), |(i, _, h)| (*i, h.as_str()));
            return fail(
                (grid.place)(r, i),
                format!(
                    "'{}' has no duration{}: give it one, like 15 (minutes) or 15m",
                    text::sanitize(&item.title),
                    cell_words(grid, h)
                ),
            );
        }
        let text_of = |c: Column| cell(c).map(|(_, v, _)| v.text()).filter(|s| !s.is_empty());
        item.speaker = text_of(Column::Speaker);
        item.role = text_of(Column::Role);
        item.notes = text_of(Column::Notes);
        if item.role.is_none()
            && let Some(s) = &item.speaker
            && s.contains(',')
            && super::people::starts_like_a_name(s)
        {
            let person = super::people::parse_person(s);
            item.speaker = Some(person.name);
            item.role = person.role;
        }
        if let Some((i, v, h)) = cell(Column::Flexible) {
            item.flexible = flexible_cell(grid, r, i, v, h)?;
        }
        if let Some((i, v, h)) = cell(Column::Min)
            && !v.is_empty()
        {
            item.min = duration_value(v)
                .map(|(s, _, _)| s)
                .map_err(|why| Failure {
                    place: (grid.place)(r, i),
                    message: format!("the min{} {why}", cell_words(grid, h)),
                })
                .map(Some)?;
        }
        agenda.items.push(item);
    }
    if agenda.items.is_empty() {
        return fail(
            (grid.place)(header_at, 0),
            "the header row is followed by no programme rows",
        );
    }
    if let Some((_, _, header)) = col(Column::Duration)
        && !bare_minutes.is_empty()
    {
        let shown: Vec<String> = bare_minutes
            .iter()
            .take(4)
            .map(|n| text::sanitize(n))
            .collect();
        let more = if bare_minutes.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        agenda.remarks.push(Remark::Guess(format!(
            "column '{}' gives bare numbers ({}{more}): read as minutes",
            text::sanitize(header.trim()),
            shown.join(", ")
        )));
    }
    Ok(agenda)
}

/// A duration cell holding only a number, with no unit: `15`, `7.5`.
fn is_bare_number(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::Text(s) => {
            let s = s.trim();
            !s.is_empty() && s.replace(',', ".").parse::<f64>().is_ok_and(f64::is_finite)
        }
        _ => false,
    }
}

fn is_total(title: &str) -> bool {
    matches!(
        squeeze(&title.to_lowercase()).trim_end_matches(':'),
        "total" | "total time" | "total duration" | "durée totale" | "duración total"
    )
}

/// A duration cell: minutes as a number, a time-formatted cell (0:15:00),
/// or text in any plan syntax ("15m", "1h 15m", "12:30") or as agendas
/// write it ("15 min", "15’").
fn duration_cell(
    grid: &Grid,
    row: usize,
    cell: Option<(usize, &Value, &str)>,
    remarks: &mut Vec<Remark>,
) -> Result<Option<(i64, String)>, Failure> {
    let Some((column, value, header)) = cell else {
        return Ok(None);
    };
    if value.is_empty() {
        return Ok(None);
    }
    match duration_value(value) {
        Ok((seconds, written, guess)) => {
            if let Some(guess) = guess {
                let at = match (grid.place)(row, column) {
                    Place::Line(line) => format!("line {line}"),
                    Place::Cell { row, column, .. } => Place::cell_name(row, column),
                    Place::File => String::new(),
                };
                remarks.push(Remark::Guess(format!("{at}: {guess}")));
            }
            Ok(Some((seconds, written)))
        }
        Err(why) => fail(
            (grid.place)(row, column),
            format!("the duration{} {why}", cell_words(grid, header)),
        ),
    }
}

/// A duration from one cell: seconds, how it was written, and a guess made.
fn duration_value(v: &Value) -> Result<(i64, String, Option<String>), String> {
    let positive = |seconds: i64, written: String, guess: Option<String>| {
        if seconds <= 0 {
            Err(format!("\"{written}\" is zero"))
        } else if seconds > 24 * 3600 {
            Err(format!("\"{written}\" is longer than 24 hours"))
        } else {
            Ok((seconds, written, guess))
        }
    };
    match v {
        Value::Number(n) if n.is_finite() && *n >= 0.0 && *n < 1e7 => {
            positive((n * 60.0).round() as i64, format!("{n} min"), None)
        }
        Value::Number(n) => Err(format!("{n} is not a number of minutes")),
        Value::Days(d) if d.is_finite() && *d >= 0.0 && *d < 1.0 => {
            let seconds = (d * 86400.0).round() as i64;
            positive(seconds, crate::time::clock(seconds), None)
        }
        Value::Days(_) => Err("holds a date, not a duration".to_owned()),
        Value::Iso(s) => match iso_seconds(s) {
            Some(seconds) => positive(seconds, crate::time::clock(seconds), None),
            None => match iso_datetime(s) {
                Some((None, t)) => {
                    let seconds = i64::from(t.num_seconds_from_midnight());
                    positive(seconds, crate::time::clock(seconds), None)
                }
                _ => Err(format!("\"{}\" is not a duration", text::sanitize(s))),
            },
        },
        Value::Bool(_) => Err("holds true or false, not a duration".to_owned()),
        Value::Error(e) => Err(format!("holds a spreadsheet error ({e})")),
        Value::Empty => Err("is empty".to_owned()),
        Value::Text(s) => {
            let s = s.trim();
            let shown = text::sanitize(s);
            let plain = s.replace(',', ".");
            if let Ok(n) = plain.parse::<f64>()
                && n.is_finite()
            {
                return if n < 0.0 {
                    Err(format!("\"{shown}\" is negative"))
                } else {
                    positive((n * 60.0).round() as i64, shown, None)
                };
            }
            if let Some(f) = words::whole_duration(s) {
                return positive(f.seconds, shown, None);
            }
            match crate::plan::parse_duration(s) {
                Ok(seconds) if seconds < 60 && s.starts_with("0:") && s.len() == 4 => positive(
                    seconds * 60,
                    shown.clone(),
                    Some(format!(
                        "\"{shown}\" read as hours:minutes ({seconds} min), not minutes:seconds"
                    )),
                ),
                Ok(seconds) => positive(seconds, shown, None),
                Err(why) if why.contains("not a duration") => Err(format!(
                    "\"{shown}\" cannot be read as a duration: write minutes (15), or like 15m, 1h 15m, 12:30 (minutes:seconds)"
                )),
                Err(why) => Err(why),
            }
        }
    }
}

/// A start (or end) cell: a time of day, a range "10:00–10:15", or a
/// time-formatted cell. Returns start, end and any date it carries.
#[allow(clippy::type_complexity)]
fn time_cell(
    grid: &Grid,
    row: usize,
    column: usize,
    value: &Value,
    header: &str,
) -> Result<(Option<NaiveTime>, Option<NaiveTime>, Option<NaiveDate>), Failure> {
    let bad = |what: String| Failure {
        place: (grid.place)(row, column),
        message: format!(
            "the time{} {what}: write a time of day like 10:15",
            cell_words(grid, header)
        ),
    };
    let from_seconds =
        |s: i64| NaiveTime::from_num_seconds_from_midnight_opt(s.rem_euclid(86400) as u32, 0);
    match value {
        Value::Empty => Ok((None, None, None)),
        Value::Days(d) if d.is_finite() && *d >= 0.0 => {
            let seconds = ((d.fract()) * 86400.0).round() as i64;
            Ok((from_seconds(seconds), None, None))
        }
        Value::Number(n) if n.is_finite() && *n >= 0.0 && *n < 1.0 => {
            Ok((from_seconds((n * 86400.0).round() as i64), None, None))
        }
        Value::Iso(s) => {
            if let Some(seconds) = iso_seconds(s) {
                return Ok((from_seconds(seconds), None, None));
            }
            match iso_datetime(s) {
                Some((date, t)) => Ok((Some(t), None, date)),
                None => Err(bad(format!("\"{}\" is not a time", text::sanitize(s)))),
            }
        }
        Value::Text(s) => {
            let s = s.trim();
            match words::leading_times(s) {
                Some((start, end, rest)) if words::trim_separators(rest).is_empty() => {
                    Ok((Some(start), end, None))
                }
                _ => Err(bad(format!("\"{}\" is not a time", text::sanitize(s)))),
            }
        }
        other => Err(bad(format!("holds {}", text::sanitize(&other.text())))),
    }
}

/// A flexible cell: yes/no in the words people use, or a checkbox.
fn flexible_cell(
    grid: &Grid,
    row: usize,
    column: usize,
    value: &Value,
    header: &str,
) -> Result<Option<bool>, Failure> {
    let yes = |b: bool| Ok(Some(b));
    match value {
        Value::Empty => Ok(None),
        Value::Bool(b) => yes(*b),
        Value::Number(n) if (*n - 1.0).abs() < f64::EPSILON => yes(true),
        Value::Number(n) if n.abs() < f64::EPSILON => yes(false),
        _ => match value.text().to_lowercase().as_str() {
            "yes" | "y" | "true" | "x" | "✓" | "✔" | "1" | "flexible" | "oui" | "sí" | "si"
            | "vrai" | "verdadero" => yes(true),
            "no" | "n" | "false" | "0" | "-" | "non" | "faux" | "falso" | "fixed" => yes(false),
            "" => Ok(None),
            other => fail(
                (grid.place)(row, column),
                format!(
                    "flexible{} must be yes or no, found \"{}\"",
                    cell_words(grid, header),
                    text::sanitize(other)
                ),
            ),
        },
    }
}

/// `source` with every line ended by an LF: CRLF and a CR alone made one.
fn line_ends_as_lf(source: &str) -> std::borrow::Cow<'_, str> {
    if source.contains('\r') {
        std::borrow::Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(source)
    }
}

#[cfg(test)]
mod tests;
