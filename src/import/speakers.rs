//! `timekeeper import LIST --into PLAN`: a speakers' list, as a secretariat
//! sends it (a CSV or XLSX/ODS column of names, with optional kind, language
//! and limit columns, or a plain text list, one name a line), inscribed on a
//! plan's floor segment.
//!
//! The list is read into rows, each with its place; every row is checked
//! against the plan (its kinds, the six languages, a speaker's limit) before
//! anything is written, and a bad row is refused with its place. The plan is
//! then edited as text (`toml_edit`), so its comments and layout stay as they
//! were: only the floor's `[[segments.list]]` is written anew. The edited
//! text is read back as a plan, validated like any other, and only then
//! written, whole, over the plan (or to `--output`).

use std::io::{self, Write as _};
use std::path::Path;

use self::plain::text_rows;
pub use self::plain::{lines, name_in_line, names_in_text};
use super::read::{self, Kind};
use super::table::{self, Grid, Value};
use super::{Failure, Place, fail};
use crate::plan::{self, Plan, floor};
use crate::text;

mod plain;

/// One speaker as the list writes them, with where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The name's place (the row's, in a text list).
    pub place: Place,
    pub name: String,
    /// The kind as written, checked against the plan's later.
    pub kind: Option<String>,
    pub lang: Option<String>,
    /// The limit as written (seconds are worked out against the plan).
    pub limit: Option<WrittenLimit>,
    /// Where the kind, the language and the limit were written, so a bad
    /// one is refused at its own cell, not at the name's.
    pub cells: Cells,
}

/// Where a row's kind, language and limit are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cells {
    pub kind: At,
    pub lang: At,
    pub limit: At,
}

impl Cells {
    /// Every field at one place: a line of a text list.
    pub(crate) fn all_at(place: &Place) -> Self {
        let at = At {
            place: place.clone(),
            column: String::new(),
        };
        Self {
            kind: at.clone(),
            lang: at.clone(),
            limit: at,
        }
    }
}

/// Where a field of a row is: its place, and how a sentence names its
/// column (" (column 'Kind')" on a CSV line; nothing where the place is a
/// cell, `B3`, or the table has no header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct At {
    pub place: Place,
    pub column: String,
}

/// A limit cell: text (`3m`, `2:30`, `3`), a number of minutes, or a time
/// cell (days).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WrittenLimit {
    Text(String),
    Minutes(f64),
    Days(f64),
}

/// What a column of a speakers' list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Kind,
    Lang,
    Limit,
    /// "No.", "#", "Order": the list's own numbering, not read.
    Number,
}

/// A header cell's meaning, in English, French and Spanish.
fn column_of(header: &str) -> Option<Column> {
    let h = super::people::squeeze(&header.to_lowercase());
    let h = h.trim_end_matches([':', '.']).trim();
    Some(match h {
        "name" | "names" | "speaker" | "speakers" | "delegation" | "delegations" | "country"
        | "member state" | "state" | "who" | "nom" | "noms" | "orateur" | "orateurs"
        | "oratrice" | "intervenant" | "intervenants" | "délégation" | "délégations" | "pays"
        | "état membre" | "etat membre" | "nombre" | "orador" | "oradores" | "delegación"
        | "delegacion" | "país" | "estado miembro" => Column::Name,
        "kind"
        | "type"
        | "intervention"
        | "kind of intervention"
        | "nature"
        | "type d'intervention"
        | "type d’intervention"
        | "tipo"
        | "tipo de intervención" => Column::Kind,
        "lang" | "language" | "languages" | "langue" | "idioma" | "lengua" => Column::Lang,
        "limit" | "time" | "time limit" | "speaking time" | "temps" | "temps de parole"
        | "durée" | "limite" | "tiempo" | "tiempo de palabra" => Column::Limit,
        "no" | "n°" | "nº" | "#" | "order" | "ordre" | "orden" | "number" | "numéro" => {
            Column::Number
        }
        _ => return None,
    })
}

/// Reads the rows of a speakers' list from its bytes.
pub(crate) fn read_rows(bytes: &[u8], file_name: &str) -> Result<Vec<Row>, Failure> {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match read::identify(bytes, file_name)? {
        Kind::Spreadsheet => grid_rows(&table::workbook_grid(bytes)?),
        kind => {
            let (source, _) = read::decode_text(bytes)?;
            if kind == Kind::Csv || ext == "csv" || ext == "tsv" || looks_like_table(&source) {
                grid_rows(&table::csv_grid(&source)?)
            } else {
                Ok(text_rows(&source))
            }
        }
    }
}

/// Text with a header row of a speakers' table ("name;kind").
fn looks_like_table(source: &str) -> bool {
    let Some(first) = lines(source).find(|l| !l.trim().is_empty()) else {
        return false;
    };
    [',', ';', '\t'].iter().any(|&d| {
        let cells: Vec<Option<Column>> = first
            .split(d)
            .map(|c| column_of(c.trim().trim_matches('"')))
            .collect();
        cells.len() > 1 && cells.contains(&Some(Column::Name))
    })
}

/// A cell's text as written, trimmed (names keep their own spacing).
fn cell_text(value: &Value) -> String {
    match value {
        Value::Text(s) => s.trim().to_owned(),
        other => other.text(),
    }
}

/// A table's rows: a header row names the columns (in any order); without
/// one, the first column is the name, a second the kind, a third the
/// language.
fn grid_rows(grid: &Grid) -> Result<Vec<Row>, Failure> {
    let Some(first) = grid
        .rows
        .iter()
        .position(|r| r.iter().any(|v| !v.is_empty()))
    else {
        return Ok(Vec::new());
    };
    let header: Vec<Option<Column>> = grid.rows[first]
        .iter()
        .map(|v| column_of(&v.text()))
        .collect();
    let has_header = header.iter().any(Option::is_some);
    let columns: Vec<(usize, Column)> = if has_header {
        let mut columns: Vec<(usize, Column)> = Vec::new();
        for (i, c) in header.iter().enumerate() {
            if let Some(c) = c
                && !columns.iter().any(|(_, have)| have == c)
            {
                columns.push((i, *c));
            }
        }
        if !columns.iter().any(|(_, c)| *c == Column::Name) {
            return fail(
                (grid.place)(first, 0),
                "no column of names: the header row needs one called name, speaker or delegation (nom, orateur, délégation)",
            );
        }
        columns
    } else {
        vec![(0, Column::Name), (1, Column::Kind), (2, Column::Lang)]
    };
    let at = |c: Column| columns.iter().find(|(_, have)| *have == c).map(|(i, _)| *i);
    // A CSV line names its cells by their column's header, as the agenda's
    // refusals do; a sheet's place (B3) names the cell itself.
    let column_words = |i: usize| match grid.rows[first].get(i) {
        Some(header) if has_header && grid.names_cells => format!(
            " (column '{}')",
            text::sanitize(&super::people::squeeze(header.text().trim()))
        ),
        _ => String::new(),
    };
    let mut rows = Vec::new();
    let start = if has_header { first + 1 } else { first };
    for (r, row) in grid.rows.iter().enumerate().skip(start) {
        let cell = |c: Column| at(c).and_then(|i| row.get(i)).filter(|v| !v.is_empty());
        let read_columns = [Column::Name, Column::Kind, Column::Lang, Column::Limit];
        if read_columns.iter().all(|&c| cell(c).is_none()) {
            continue;
        }
        let name_at = at(Column::Name).unwrap_or(0);
        if let Some(Value::Error(e)) = cell(Column::Name) {
            return fail(
                (grid.place)(r, name_at),
                format!("the name's cell holds a spreadsheet error ({e})"),
            );
        }
        let name = cell(Column::Name).map(cell_text).unwrap_or_default();
        let limit = cell(Column::Limit).map(|v| match v {
            Value::Number(n) => WrittenLimit::Minutes(*n),
            Value::Days(d) => WrittenLimit::Days(*d),
            other => WrittenLimit::Text(cell_text(other)),
        });
        let field = |c: Column| {
            let i = at(c).unwrap_or(name_at);
            At {
                place: (grid.place)(r, i),
                column: at(c).map(column_words).unwrap_or_default(),
            }
        };
        rows.push(Row {
            place: (grid.place)(r, name_at),
            name,
            kind: cell(Column::Kind).map(cell_text),
            lang: cell(Column::Lang).map(cell_text),
            limit,
            cells: Cells {
                kind: field(Column::Kind),
                lang: field(Column::Lang),
                limit: field(Column::Limit),
            },
        });
    }
    Ok(rows)
}

/// A speaker checked against the plan, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inscribed {
    pub name: String,
    /// The kind in the plan's spelling, when the row gave one.
    pub kind: Option<String>,
    pub lang: Option<String>,
    pub limit_seconds: Option<i64>,
}

/// The languages by their names, in the words a secretariat writes them.
const LANG_NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("arabe", "ar"),
    ("árabe", "ar"),
    ("chinese", "zh"),
    ("chinois", "zh"),
    ("chino", "zh"),
    ("english", "en"),
    ("anglais", "en"),
    ("inglés", "en"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("francés", "fr"),
    ("russian", "ru"),
    ("russe", "ru"),
    ("ruso", "ru"),
    ("spanish", "es"),
    ("espagnol", "es"),
    ("español", "es"),
];

/// Checks each row against the plan's kinds; the first bad one is refused
/// with its place.
pub(crate) fn check_rows(rows: &[Row], kinds: &[floor::Kind]) -> Result<Vec<Inscribed>, Failure> {
    let names: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let at = |message: String| Failure {
            place: row.place.clone(),
            message,
        };
        let at_cell = |cell: &At, message: String| Failure {
            place: cell.place.clone(),
            message,
        };
        let name = text::sanitize(row.name.trim());
        if name.trim().is_empty() {
            return Err(at("the name is empty".to_owned()));
        }
        let chars = name.chars().count();
        if chars > crate::run::NAME_CHARS {
            return Err(at(format!(
                "the name is {chars} characters long; a name on the list is at most {}",
                crate::run::NAME_CHARS
            )));
        }
        let kind = match &row.kind {
            None => None,
            Some(written) => {
                let w = written.trim();
                let Some(kind) = kinds.iter().find(|k| k.name.eq_ignore_ascii_case(w)) else {
                    let near = names
                        .iter()
                        .map(|n| (strsim::levenshtein(&w.to_lowercase(), n), n))
                        .filter(|(d, _)| *d <= 2)
                        .min_by_key(|(d, _)| *d)
                        .map_or_else(String::new, |(_, n)| format!(": did you mean \"{n}\"?"));
                    return Err(at_cell(
                        &row.cells.kind,
                        format!(
                            "kind{} \"{}\" is not one of {}{near}",
                            row.cells.kind.column,
                            text::sanitize(w),
                            names.join(", ")
                        ),
                    ));
                };
                Some(kind.name.clone())
            }
        };
        let lang = match &row.lang {
            None => None,
            Some(written) => {
                let w = written.trim().to_lowercase();
                let code = floor::LANGS
                    .iter()
                    .find(|l| **l == w)
                    .map(|l| (*l).to_owned())
                    .or_else(|| {
                        LANG_NAMES
                            .iter()
                            .find(|(n, _)| *n == w)
                            .map(|(_, c)| (*c).to_owned())
                    });
                let Some(code) = code else {
                    return Err(at_cell(
                        &row.cells.lang,
                        format!(
                            "language{} \"{}\" is not one of the UN languages: write {}",
                            row.cells.lang.column,
                            text::sanitize(written.trim()),
                            floor::LANGS.join(", ")
                        ),
                    ));
                };
                Some(code)
            }
        };
        let limit_seconds = row
            .limit
            .as_ref()
            .map(|w| {
                limit_seconds(w, &row.cells.limit.column)
                    .map_err(|why| at_cell(&row.cells.limit, why))
            })
            .transpose()?;
        out.push(Inscribed {
            name,
            kind,
            lang,
            limit_seconds,
        });
    }
    Ok(out)
}

/// A limit cell in seconds: a plan duration, or a bare number of minutes.
/// `column`: how a refusal names the cell's column (may be empty).
fn limit_seconds(written: &WrittenLimit, column: &str) -> Result<i64, String> {
    let seconds = match written {
        WrittenLimit::Text(t) => match t.trim().parse::<f64>() {
            Ok(minutes) => (minutes * 60.0).round() as i64,
            Err(_) => plan::parse_duration(t.trim()).map_err(|why| {
                format!("the limit{column} \"{}\" {why}", text::sanitize(t.trim()))
            })?,
        },
        WrittenLimit::Minutes(m) => (m * 60.0).round() as i64,
        WrittenLimit::Days(d) => (d * 86_400.0).round() as i64,
    };
    match floor::limit_problem(seconds) {
        Some(why) if column.is_empty() => Err(why),
        Some(why) => Err(format!("the limit{column}: {why}")),
        None => Ok(seconds),
    }
}

/// Which floor of the plan the list is for: `wanted` by its title, or the
/// plan's only floor. The index is the segment's place in the plan.
pub(crate) fn choose_floor(
    plan: &Plan,
    plan_shown: &str,
    wanted: Option<&str>,
) -> Result<usize, String> {
    let floors: Vec<usize> = (0..plan.segments.len())
        .filter(|&i| plan.segments[i].floor.is_some())
        .collect();
    let quoted = |i: &usize| format!("\"{}\"", plan.segments[*i].title);
    if floors.is_empty() {
        return Err(format!(
            "{plan_shown} has no floor segment: add floor = true to the segment the list is for"
        ));
    }
    let Some(wanted) = wanted else {
        if let [only] = floors[..] {
            return Ok(only);
        }
        return Err(format!(
            "{plan_shown} has {} floor segments: say which with --floor, one of {}",
            floors.len(),
            floors.iter().map(quoted).collect::<Vec<_>>().join(", ")
        ));
    };
    let fold = |s: &str| super::people::squeeze(&s.to_lowercase());
    let found = floors
        .iter()
        .find(|&&i| plan.segments[i].title == wanted)
        .or_else(|| {
            floors
                .iter()
                .find(|&&i| fold(&plan.segments[i].title) == fold(wanted))
        });
    if let Some(&i) = found {
        return Ok(i);
    }
    let wanted = text::sanitize(wanted);
    let not_a_floor = plan
        .segments
        .iter()
        .any(|s| fold(&s.title) == fold(&wanted));
    let floors = floors.iter().map(quoted).collect::<Vec<_>>().join(", ");
    Err(if not_a_floor {
        format!(
            "\"{wanted}\" in {plan_shown} is not a floor segment (floor = true); its floors: {floors}"
        )
    } else {
        format!("{plan_shown} has no floor segment called \"{wanted}\"; its floors: {floors}")
    })
}

/// The plan's text with segment `index`'s list replaced by `speakers`;
/// everything else as it was written.
pub(crate) fn rewrite(
    source: &str,
    index: usize,
    speakers: &[Inscribed],
) -> Result<String, String> {
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};
    let mut doc: DocumentMut = source
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("cannot edit it: {}", e.message()))?;
    let Some(segments) = doc
        .get_mut("segments")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Err(
            "cannot edit its segments: write each one as a [[segments]] table to import a list into it"
                .to_owned(),
        );
    };
    let Some(segment) = segments.get_mut(index) else {
        return Err("cannot find its floor segment in the text".to_owned());
    };
    // A comment over the old list stays over the new one.
    let comment = segment
        .get("list")
        .and_then(Item::as_array_of_tables)
        .and_then(|old| old.get(0))
        .and_then(|t| t.decor().prefix())
        .and_then(|p| p.as_str())
        .map(str::to_owned);
    let mut list = ArrayOfTables::new();
    for (i, s) in speakers.iter().enumerate() {
        let mut entry = Table::new();
        entry.insert("name", value(s.name.as_str()));
        if let Some(kind) = &s.kind {
            entry.insert("kind", value(kind.as_str()));
        }
        if let Some(limit) = s.limit_seconds {
            entry.insert("limit", value(crate::time::human(limit).replace(' ', "")));
        }
        if let Some(lang) = &s.lang {
            entry.insert("lang", value(lang.as_str()));
        }
        let prefix = match (&comment, i) {
            (Some(c), 0) => c.clone(),
            _ => "\n".to_owned(),
        };
        entry.decor_mut().set_prefix(prefix);
        list.push(entry);
    }
    segment.remove("list");
    if !speakers.is_empty() {
        segment.insert("list", Item::ArrayOfTables(list));
    }
    Ok(doc.to_string())
}

/// `timekeeper import LIST --into PLAN [--floor TITLE] [--output FILE]
/// [--force]`: inscribes the list on the plan's floor and writes the plan
/// back (or to `output`), never over an inscribed list without `force`.
pub fn command(
    list: &Path,
    into: &Path,
    floor_title: Option<&str>,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    let to_stdout = output.is_some_and(|p| p == Path::new("-"));
    let output = output.filter(|p| *p != Path::new("-"));
    if let Some(out) = output
        && !same_file(out, into)
    {
        crate::files::refuse_to_overwrite(out, force)?;
        if same_file(out, list) {
            anyhow::bail!(
                "{} is the speakers' list being imported; write the plan to another file",
                text::sanitize(&out.display().to_string())
            );
        }
    }
    let plan_shown = text::sanitize(&into.display().to_string());
    let plan = Plan::load(into)?;
    // Read again as text, to be edited: it was just found to be a plan.
    let source = std::fs::read_to_string(into)
        .map_err(|e| anyhow::anyhow!("cannot read {plan_shown}: {e}"))?;
    let index = choose_floor(&plan, &plan_shown, floor_title).map_err(anyhow::Error::msg)?;
    let segment = &plan.segments[index];
    let title = text::sanitize(&segment.title);
    let had = segment.floor.as_ref().map_or(0, |f| f.list.len());
    if had > 0 && !force {
        anyhow::bail!(
            "\"{title}\" in {plan_shown} already has {} inscribed; give --force to replace them",
            count(had)
        );
    }

    let input = read::read_input(list)?;
    let at = |f: Failure| anyhow::anyhow!(placed(&input.shown, &f));
    let rows = read_rows(&input.bytes, &input.file_name).map_err(at)?;
    if rows.is_empty() {
        anyhow::bail!(
            "{}: no names found: give one name a line, or a table with a name column",
            input.shown
        );
    }
    if rows.len() > floor::MAX_ENTRIES {
        anyhow::bail!(
            "{}: holds {} names; a floor holds at most {}",
            input.shown,
            rows.len(),
            floor::MAX_ENTRIES
        );
    }
    let speakers = check_rows(&rows, &floor::effective(&plan.kinds)).map_err(at)?;

    let edited = rewrite(&source, index, &speakers)
        .map_err(|why| anyhow::anyhow!("{plan_shown}: {why}; nothing was written"))?;
    let name = into
        .file_stem()
        .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned());
    let checked = plan::parse(&edited, &plan_shown, &name).map_err(|e| {
        anyhow::anyhow!("the plan with this list would not be valid, so nothing was written: {e}")
    })?;
    let inscribed = checked.segments[index]
        .floor
        .as_ref()
        .map_or(0, |f| f.list.len());
    anyhow::ensure!(
        inscribed == speakers.len(),
        "{plan_shown}: the edited plan holds {inscribed} of the {} speakers; nothing was written",
        speakers.len()
    );

    let (target, shown_target) = if to_stdout {
        (None, "standard output".to_owned())
    } else if let Some(out) = output.filter(|o| !same_file(o, into)) {
        (
            Some(out.to_owned()),
            text::sanitize(&out.display().to_string()),
        )
    } else {
        // In place: through a symbolic link to the file it names.
        let real = std::fs::canonicalize(into).unwrap_or_else(|_| into.to_owned());
        (Some(real), plan_shown.clone())
    };
    let replace = target.as_deref().is_some_and(|t| same_file(t, into)) || force;
    crate::files::write_out(edited.as_bytes(), target.as_deref(), replace, "plan")?;

    let line = said(&speakers, &title, &shown_target, had);
    if to_stdout {
        let mut err = io::stderr().lock();
        writeln!(err, "{line}")?;
        err.flush()?;
    } else {
        let mut out = io::stdout().lock();
        writeln!(out, "{line}")?;
        out.flush()?;
    }
    Ok(())
}

/// Whether two paths name the same file (both must exist).
fn same_file(a: &Path, b: &Path) -> bool {
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(a), Ok(b)) if a == b
    )
}

/// "1 speaker", "14 speakers".
fn count(n: usize) -> String {
    if n == 1 {
        "1 speaker".to_owned()
    } else {
        format!("{n} speakers")
    }
}

/// A refusal with its place: `speakers.csv row 7: …` (a CSV record or a
/// sheet row), `names.txt line 3: …`, `list.xlsx sheet 'List' cell B7: …`.
fn placed(shown: &str, f: &Failure) -> String {
    let message = text::sanitize(&f.message);
    let ext = Path::new(shown)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match &f.place {
        Place::File => format!("{shown}: {message}"),
        Place::Line(n) if ext == "csv" || ext == "tsv" => format!("{shown} row {n}: {message}"),
        Place::Line(n) => format!("{shown} line {n}: {message}"),
        Place::Cell { sheet, row, column } => format!(
            "{shown} sheet '{}' cell {} (row {}): {message}",
            text::sanitize(sheet),
            Place::cell_name(*row, *column),
            row + 1
        ),
    }
}

/// What was done, in one line: how many, the first names, the floor, the
/// file.
fn said(speakers: &[Inscribed], title: &str, file: &str, replaced: usize) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = speakers
        .iter()
        .take(SHOWN)
        .map(|s| text::truncate(&s.name, 40))
        .collect();
    if speakers.len() > SHOWN {
        names.push(format!("and {} more", speakers.len() - SHOWN));
    }
    let replacing = match replaced {
        0 => String::new(),
        n => format!(" (replacing {})", count(n)),
    };
    format!(
        "Inscribed {} on \"{title}\" in {file}{replacing}: {}. `timekeeper check` shows the list against the segment's time.",
        count(speakers.len()),
        names.join(", ")
    )
}

#[cfg(test)]
mod tests;
