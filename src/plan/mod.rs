//! The session plan: reading a plan file (TOML), refusing a bad one with the
//! reason and its place, and the validated [`Plan`] every other part uses.
//!
//! Parsing is done in two steps: serde reads the file into raw, spanned
//! values ([`raw`]), then [`read`] turns them into a `Plan` whose durations
//! are whole seconds and whose text is safe to print, holding each value to
//! the plan's [`rules`]. A plan read back from a journal is held to the same
//! rules by [`Plan::check`].

use std::fmt;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::text;

mod durations;
pub mod floor;
mod raw;
mod read;
pub mod rules;
mod template;
#[cfg(test)]
mod tests;

pub use durations::parse_duration;
pub use floor::{Entry, FitPreference, Floor, Kind};
pub use template::{BUILTIN_NAME, BUILTIN_SOURCE, template, write_new};

// The readers the floor's keys share with the plan's.
use raw::{Problem, duration_field, nearest, optional_duration, problem, text_field};
use read::check_thresholds;

/// A validated session plan. Every duration is in whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Short name, from the file name (`plenary-3`), used for journal names.
    pub name: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// Scheduled start, local time of day.
    pub start: Option<NaiveTime>,
    pub budget_seconds: i64,
    /// Whether the plan set a budget (otherwise it is the segments' sum).
    pub budget_given: bool,
    pub location: Option<String>,
    pub warnings: Warnings,
    pub segments: Vec<Segment>,
    /// Preset messages to the speaker (`[messages]`), in the plan's order:
    /// the console numbers them 1–9.
    #[serde(default)]
    pub messages: Vec<Preset>,
    /// The kinds of intervention on a floor (`[kinds]`), as written; none
    /// means the one default kind (see [`floor::effective`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// The language of the stage's words (`ar`, `zh`, `en`, `fr`, `ru`, `es`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// `cues = "silent"`: no page vibrates or chimes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub silent: bool,
}

/// A preset message to the speaker, with placeholders still in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preset {
    /// Its key in `[messages]` (`wrap`).
    pub name: String,
    /// `{left}: please take the last question`: the plain string, or when
    /// the preset is written per language, its English (else its first).
    pub text: String,
    /// Written per language (`wrap = { en = "…", fr = "…" }`): each
    /// language's text, in the plan's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<(String, String)>,
}

impl Preset {
    /// The text for a speaker of `lang`: theirs, else English, else the
    /// plain string (or the first written).
    pub fn for_lang(&self, lang: &str) -> &str {
        let find = |code: &str| {
            self.langs
                .iter()
                .find(|(l, _)| l == code)
                .map(|(_, t)| t.as_str())
        };
        find(lang).or_else(|| find("en")).unwrap_or(&self.text)
    }

    /// Whether a speaker of `lang` gets a text in another language.
    pub fn lacks(&self, lang: &str) -> bool {
        !self.langs.is_empty() && !self.langs.iter().any(|(l, _)| l == lang)
    }
}

/// Longest a message to the speaker may be, in characters: a stage screen
/// must show it whole, beside the time, in letters readable from the
/// rostrum.
pub const MESSAGE_CHARS: usize = 120;

/// How many presets the console can send with one key each.
pub const MAX_PRESETS: usize = 9;

/// What a preset may say about the moment it is sent.
pub const PLACEHOLDERS: &[&str] = &["speaker", "next_speaker", "left", "end"];

/// Checks a message's placeholders: the first unknown one, as written.
pub fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Some(after.chars().take(20).collect());
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Some(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    None
}

/// When the countdown turns amber and red: seconds left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warnings {
    pub amber_seconds: i64,
    pub red_seconds: i64,
}

impl Default for Warnings {
    fn default() -> Self {
        Self {
            amber_seconds: 120,
            red_seconds: 30,
        }
    }
}

/// One speaker's (or one item's) slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub title: String,
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub notes: Option<String>,
    pub duration_seconds: i64,
    pub flexible: bool,
    /// Shortest this segment may be cut to when time is won back.
    pub min_seconds: i64,
    /// Longest it may be given when time won is given back (`max`); absent
    /// in journals of older versions, where the default holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seconds: Option<i64>,
    /// The thresholds in force for this segment (its own, or the plan's).
    pub warnings: Warnings,
    /// Timed speaker by speaker from a list (`floor = true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Floor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Segment {
    /// Longest this segment may be given when time is given back: its `max`,
    /// or one and a half times its duration.
    pub fn max(&self) -> i64 {
        self.max_seconds
            .unwrap_or(self.duration_seconds + self.duration_seconds / 2)
    }
}
impl Plan {
    /// Sum of the planned segment durations.
    pub fn planned_seconds(&self) -> i64 {
        self.segments.iter().map(|s| s.duration_seconds).sum()
    }

    /// Offset of each segment's planned start from the session's start.
    pub fn planned_offsets(&self) -> Vec<i64> {
        self.segments
            .iter()
            .scan(0, |at, s| {
                let start = *at;
                *at += s.duration_seconds;
                Some(start)
            })
            .collect()
    }

    /// Checks a plan that did not come through [`parse`] (one read back from
    /// a journal, which a person may have edited) against the same
    /// [`rules`].
    pub fn check(&self) -> Result<(), String> {
        rules::plan(self)
    }

    /// The built-in seed plan.
    pub fn builtin() -> Self {
        parse(BUILTIN_SOURCE, "<built-in plenary-3>", BUILTIN_NAME)
            .expect("the built-in plan is checked by a test")
    }

    /// Reads and validates a plan file.
    ///
    /// Only a regular file is read, and only up to [`MAX_PLAN_BYTES`]: a
    /// plan named by mistake as a FIFO, `/dev/zero` or a video is refused
    /// at once instead of blocking or filling the memory.
    pub fn load(path: &Path) -> Result<Self, PlanError> {
        let shown = text::sanitize(&path.display().to_string());
        let bytes = read_plan_file(path, &shown)?;
        let source = String::from_utf8(bytes).map_err(|e| {
            // Where the first byte that is not UTF-8 is, as line:column.
            let byte = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..byte];
            let last_line = before.rsplit(|&b| b == b'\n').next().unwrap_or_default();
            PlanError::NotText {
                path: shown.clone(),
                line: before.split(|&b| b == b'\n').count(),
                column: String::from_utf8_lossy(last_line).chars().count() + 1,
                byte,
                hint: agenda_hint(path),
            }
        })?;
        let name = path
            .file_stem()
            .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned());
        parse(&source, &shown, &sanitize_name(&name)).map_err(|e| match e {
            PlanError::Invalid(mut invalid) => {
                invalid.message.push_str(&agenda_hint(path));
                PlanError::Invalid(invalid)
            }
            e => e,
        })
    }
}

/// For a file named as agendas are (a note, a programme, a spreadsheet),
/// not as plans are: how to make a plan of it. Empty for any other name.
fn agenda_hint(path: &Path) -> String {
    let agenda = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["txt", "md", "csv", "tsv", "xlsx", "ods"]
            .iter()
            .any(|a| e.eq_ignore_ascii_case(a))
    });
    if agenda {
        format!(
            "; is it an agenda? `timekeeper import {} --output plan.toml` makes a plan of it",
            crate::files::shell_quoted(&path.display().to_string())
        )
    } else {
        String::new()
    }
}
/// Largest plan file read: a plan of hundreds of segments with long notes is
/// a few tens of kilobytes.
pub const MAX_PLAN_BYTES: u64 = 1024 * 1024;

fn read_plan_file(path: &Path, shown: &str) -> Result<Vec<u8>, PlanError> {
    use std::io::Read as _;
    let io_error = |error| PlanError::Io {
        path: shown.to_owned(),
        error,
    };
    let (file, meta) = crate::files::open_regular(path).map_err(|e| match e {
        crate::files::OpenError::Io(error) => io_error(error),
        crate::files::OpenError::NotAFile(what) => PlanError::NotAFile {
            path: shown.to_owned(),
            what,
        },
    })?;
    let too_large = |size| PlanError::TooLarge {
        path: shown.to_owned(),
        size,
    };
    if meta.len() > MAX_PLAN_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: never past the limit.
    file.take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A file name fit to be part of a journal's file name.
fn sanitize_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "plan".to_owned()
    } else {
        cleaned
    }
}
/// Why a plan was refused.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    // Not `source`: the cause is part of this one sentence, and a source
    // would be printed a second time by the error chain.
    #[error("cannot read plan {path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("cannot read plan {path}: it is {what}, not a plan file")]
    NotAFile { path: String, what: &'static str },
    #[error(
        "cannot read plan {path}: it is {}, and a plan is at most 1 MiB; is it the right file?",
        crate::files::size(*size)
    )]
    TooLarge { path: String, size: u64 },
    #[error(
        "{path}:{line}:{column}: not a text plan: the file is not valid UTF-8 here (byte {byte}); save it as UTF-8 text{hint}"
    )]
    NotText {
        path: String,
        line: usize,
        column: usize,
        byte: usize,
        /// For a spreadsheet: how to make a plan of it.
        hint: String,
    },
    #[error("{0}")]
    Invalid(Box<Invalid>),
}

/// A refusal with its place in the file.
#[derive(Debug)]
pub struct Invalid {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The line of the file where the problem is, as written (made printable).
    pub snippet: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )?;
        if !self.snippet.trim().is_empty() {
            write!(f, "\n{:>5} | {}", self.line, self.snippet)?;
        }
        Ok(())
    }
}
/// Parses and validates plan text. `path` is only used in messages, `name`
/// becomes [`Plan::name`].
pub fn parse(source: &str, path: &str, name: &str) -> Result<Plan, PlanError> {
    let invalid = |p: Problem| PlanError::Invalid(Box::new(raw::locate(source, path, p)));
    if source.trim().is_empty() {
        return Err(invalid(problem(
            0..0,
            "the plan is empty: it needs a `title` and at least one [[segments]] entry",
        )));
    }
    let written: raw::RawPlan =
        toml::from_str(source).map_err(|e| invalid(raw::toml_problem(&e)))?;
    read::validate(written, name, source.len()).map_err(invalid)
}
