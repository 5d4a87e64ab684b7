//! `timekeeper import`: an agenda as organisers send it (a background note or
//! programme in plain text or Markdown, a CSV file, an XLSX or ODS
//! spreadsheet) turned into a plan file.
//!
//! The work is done in four steps, each in its own file:
//! - [`read`] takes the bytes from a file or stdin (regular files only, with a
//!   size limit) and decides what kind of document they are;
//! - [`prose`] and [`table`] read a document into an [`Agenda`]: what it
//!   says, as written, with the place of every programme line;
//! - [`resolve`] makes the decisions the document leaves open (who speaks in
//!   "Presentation by H.E. Prum Sophakmonkol", which segments may give time
//!   back, what the budget is) and records each one as a [`Remark`];
//! - [`write`] renders the plan as TOML, which is read back with
//!   [`plan::parse`](crate::plan::parse) before anything is written.

mod people;
mod prose;
mod read;
mod resolve;
pub mod speakers;
mod table;
mod words;
mod write;

use std::fmt;
use std::io::{self, Write as _};
use std::path::Path;

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveTime};

use crate::plan::Plan;
use crate::text;

pub use read::{Kind, MAX_BYTES};

/// What an import produced: the plan's text, the plan as read back from it,
/// and what the reader should check.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The plan file's text (TOML), comment header included.
    pub text: String,
    /// The same plan, parsed and validated.
    pub plan: Plan,
    /// The guesses made and the disagreements found, in the order found.
    pub remarks: Vec<Remark>,
}

/// One thing the import decided or noticed that the document did not say
/// outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remark {
    /// A decision the document left open ("speaker of 'X' taken from its title").
    Guess(String),
    /// Something that does not add up, or was left out.
    Note(String),
}

impl fmt::Display for Remark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The words quote the agenda: show its escapes, never send them.
        match self {
            Self::Guess(s) => write!(f, "guess: {}", text::sanitize(s)),
            Self::Note(s) => write!(f, "note: {}", text::sanitize(s)),
        }
    }
}

/// Where in the document a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The document as a whole.
    File,
    /// A line of a text or CSV file (1-based).
    Line(usize),
    /// A spreadsheet cell: 0-based row and column, shown as `B7`.
    Cell {
        sheet: String,
        row: u32,
        column: u32,
    },
}

impl Place {
    /// `B7` for row 6, column 1 (both 0-based).
    pub fn cell_name(row: u32, column: u32) -> String {
        let mut letters = Vec::new();
        let mut n = u64::from(column) + 1;
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            letters.push(char::from(b'A' + rem));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
    }
}

/// Why an agenda could not be imported: one sentence and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file as shown to the user (sanitized), or `<stdin>`.
    pub source: String,
    pub place: Place,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = text::sanitize(&self.message);
        match &self.place {
            Place::File => write!(f, "{}: {message}", self.source),
            Place::Line(n) => write!(f, "{}:{n}: {message}", self.source),
            Place::Cell { sheet, row, column } => write!(
                f,
                "{}: sheet '{}', cell {}: {message}",
                self.source,
                text::sanitize(sheet),
                Place::cell_name(*row, *column),
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// A problem before it knows which file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub place: Place,
    pub message: String,
}

pub(crate) fn fail<T>(place: Place, message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure {
        place,
        message: message.into(),
    })
}

/// A person named in the document: "Ms. Oksana Leshchenko" and what follows
/// the first comma ("Policy Specialist …, UNDP").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub name: String,
    pub role: Option<String>,
}

/// What a document says, as written, before any decision is made.
#[derive(Debug, Clone, Default)]
pub(crate) struct Agenda {
    pub title: Option<String>,
    /// How the title was found when the document did not label it.
    pub title_guess: Option<String>,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    /// The programme's stated length ("Format for the Plenary: (75 minutes)"),
    /// in seconds, with the words it was written in.
    pub stated_total: Option<(i64, String)>,
    pub location: Option<String>,
    pub chair: Option<Person>,
    /// What the document calls the chair: "Chair", "Moderator", ….
    pub chair_word: String,
    /// Speakers listed apart from the programme ("Speakers: …").
    pub people: Vec<Person>,
    pub items: Vec<Item>,
    /// The questions put to the discussion ("Food for Thought:"): the
    /// heading as written, and each question.
    pub questions: Option<(String, Vec<String>)>,
    pub remarks: Vec<Remark>,
}

/// One programme line or row, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub place: Place,
    pub title: String,
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub duration: Option<i64>,
    /// The duration as written, for messages.
    pub duration_written: Option<String>,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub flexible: Option<bool>,
    pub min: Option<i64>,
    pub notes: Option<String>,
}

impl Item {
    pub fn new(place: Place, title: String) -> Self {
        Self {
            place,
            title,
            speaker: None,
            role: None,
            duration: None,
            duration_written: None,
            start: None,
            end: None,
            flexible: None,
            min: None,
            notes: None,
        }
    }
}

/// Imports an agenda from its bytes. `file_name` gives the extension the
/// document claims to have and, when it has no title, the session's title;
/// `shown` is how the file is named in messages.
pub fn import(bytes: &[u8], file_name: &str, shown: &str) -> Result<Imported, ImportError> {
    let at = |f: Failure| ImportError {
        source: shown.to_owned(),
        place: f.place,
        message: f.message,
    };
    let kind = read::identify(bytes, file_name).map_err(at)?;
    let mut agenda = match kind {
        Kind::Text => {
            let (source, remark) = read::decode_text(bytes).map_err(at)?;
            let mut agenda = prose::read(&source).map_err(at)?;
            agenda.remarks.splice(0..0, remark);
            agenda
        }
        Kind::Csv => {
            let (source, remark) = read::decode_text(bytes).map_err(at)?;
            let mut agenda = table::read_csv(&source).map_err(at)?;
            agenda.remarks.splice(0..0, remark);
            agenda
        }
        Kind::Spreadsheet => table::read_workbook(bytes).map_err(at)?,
    };
    if agenda.title.is_none() {
        let stem = Path::new(file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
            .filter(|s| !s.trim().is_empty() && file_name != "-");
        let (title, how) = match stem {
            Some(stem) => (
                people::squeeze(&stem),
                format!(
                    "session title taken from the file name: \"{}\"",
                    stem.trim()
                ),
            ),
            None => (
                "Imported agenda".to_owned(),
                "no session title found: called it \"Imported agenda\"".to_owned(),
            ),
        };
        agenda.title = Some(title);
        agenda.title_guess = Some(how);
    }
    let draft = resolve::resolve(&agenda).map_err(at)?;
    let name = Path::new(file_name).file_stem().map_or_else(
        || "imported".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let text = write::render(&draft, file_name);
    let plan = crate::plan::parse(&text, shown, &name).map_err(|e| ImportError {
        source: shown.to_owned(),
        place: Place::File,
        message: format!("the plan made from it would not be valid, so nothing was written: {e}"),
    })?;
    Ok(Imported {
        text,
        plan,
        remarks: draft.remarks,
    })
}

/// `timekeeper import FILE [--output PLAN] [--force]`: writes the plan to
/// `output` (never over an existing file without `force`) or to stdout, then
/// prints its schedule and every guess to stderr.
pub fn command(file: &Path, output: Option<&Path>, force: bool) -> anyhow::Result<()> {
    // `--output -` is standard output, as `new -` is.
    let output = output.filter(|p| *p != Path::new("-"));
    if let Some(out) = output {
        if !force && std::fs::symlink_metadata(out).is_ok() {
            anyhow::bail!(
                "{} already exists; give --force to overwrite it",
                text::sanitize(&out.display().to_string())
            );
        }
        if let (Ok(a), Ok(b)) = (std::fs::canonicalize(out), std::fs::canonicalize(file))
            && a == b
        {
            anyhow::bail!(
                "{} is the agenda being imported; write the plan to another file",
                text::sanitize(&out.display().to_string())
            );
        }
    }
    let input = read::read_input(file)?;
    let imported = import(&input.bytes, &input.file_name, &input.shown)?;
    crate::files::write_out(imported.text.as_bytes(), output, force, "plan")?;

    let shown_plan = output.map_or_else(
        || "plan on standard output".to_owned(),
        |p| text::sanitize(&p.display().to_string()),
    );
    let mut err = io::stderr().lock();
    crate::check::write_schedule(&imported.plan, &shown_plan, &mut err)
        .and_then(|()| {
            if !imported.remarks.is_empty() {
                writeln!(err)?;
            }
            for remark in &imported.remarks {
                writeln!(err, "{remark}")?;
            }
            err.flush()
        })
        .context("cannot write the schedule to standard error")?;
    if output.is_some() {
        let mut out = io::stdout().lock();
        writeln!(out, "{}", wrote_line(&shown_plan, &imported.remarks))?;
        out.flush()?;
    }
    Ok(())
}

/// What `import --output PLAN` says once the plan is written, with the next
/// commands, as `new` says it.
fn wrote_line(plan: &str, remarks: &[Remark]) -> String {
    let check_first = if remarks.is_empty() {
        String::new()
    } else {
        format!(
            " ({} written as comments at its top: check them)",
            match remarks.len() {
                1 => "1 guess or note".to_owned(),
                n => format!("{n} guesses and notes"),
            }
        )
    };
    format!(
        "Wrote {plan}{check_first}: edit it, then `timekeeper check {plan}` and `timekeeper run {plan}` (with --rehearsal to rehearse)."
    )
}
