//! The session plan: reading a plan file (TOML), refusing a bad one with the
//! reason and its place, and the validated [`Plan`] every other part uses.
//!
//! Parsing is done in two steps: serde reads the file into raw, spanned
//! structs (so every value knows where it was written), then [`validate`]
//! turns them into a `Plan` whose durations are whole seconds and whose text
//! is safe to print.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::text;
use crate::time;

pub mod floor;
pub use floor::{Entry, FitPreference, Floor, Kind};

/// The plan compiled into the binary: the seed plenary, so `timekeeper` with
/// no arguments shows a console at once.
pub const BUILTIN_SOURCE: &str = include_str!("../sessions/plenary-3.toml");
/// The name the built-in plan goes by in journal file names.
pub const BUILTIN_NAME: &str = "plenary-3";

/// Longest duration anything in a plan may have; more is a typo.
const ABSURD_SECONDS: i64 = 24 * 3600;

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
}

/// A preset message to the speaker, with placeholders still in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preset {
    /// Its key in `[messages]` (`wrap`).
    pub name: String,
    /// `{left}: please take the last question`.
    pub text: String,
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
    /// a journal, which a person may have edited) against the same limits.
    pub fn check(&self) -> Result<(), String> {
        if self.segments.is_empty() {
            return Err("it has no segments".to_owned());
        }
        let sane = |d: i64| (1..=ABSURD_SECONDS).contains(&d);
        let thresholds = |w: Warnings| {
            w.red_seconds >= 0
                && w.amber_seconds > w.red_seconds
                && w.amber_seconds <= ABSURD_SECONDS
        };
        if !thresholds(self.warnings) {
            return Err("its amber and red thresholds are not amber above red".to_owned());
        }
        for (i, s) in self.segments.iter().enumerate() {
            let n = i + 1;
            if !sane(s.duration_seconds) {
                return Err(format!(
                    "segment {n} has a duration of {} s",
                    s.duration_seconds
                ));
            }
            if !(0..=s.duration_seconds).contains(&s.min_seconds) {
                return Err(format!("segment {n}'s `min` is not within its duration"));
            }
            if !thresholds(s.warnings) {
                return Err(format!(
                    "segment {n}'s amber and red thresholds are not amber above red"
                ));
            }
            if s.max_seconds
                .is_some_and(|m| m < s.duration_seconds || !sane(m))
            {
                return Err(format!("segment {n}'s `max` is shorter than its duration"));
            }
            if let Some(f) = &s.floor {
                floor::check(f, n)?;
            }
        }
        if self.messages.len() > MAX_PRESETS {
            return Err(format!("it has more than {MAX_PRESETS} preset messages"));
        }
        for preset in &self.messages {
            if preset.text.chars().count() > MESSAGE_CHARS {
                return Err(format!(
                    "its message `{}` is longer than {MESSAGE_CHARS} characters",
                    preset.name
                ));
            }
            if let Some(name) = unknown_placeholder(&preset.text) {
                return Err(format!(
                    "its message `{}` has an unknown placeholder {{{name}}}",
                    preset.name
                ));
            }
        }
        let planned = self.planned_seconds();
        if !sane(self.budget_seconds) || planned > self.budget_seconds {
            return Err(format!(
                "its budget of {} s does not hold its segments' {planned} s",
                self.budget_seconds
            ));
        }
        Ok(())
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
            }
        })?;
        let name = path
            .file_stem()
            .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned());
        parse(&source, &shown, &sanitize_name(&name))
    }
}

/// What `timekeeper new` writes: the built-in plenary, with every key a
/// plan may use explained, to edit into one's own session.
pub fn template() -> String {
    let guide = "\
# A timekeeper plan. Edit it, then check it with `timekeeper check FILE`
# and open the console with `timekeeper run FILE`.
#
# Durations are written 10m, 90s, 1m30s, 1h 15m or mm:ss.
# title     the session's name (required)
# date      the day (YYYY-MM-DD); on that day a live run keeps to `start`
# start     the scheduled start, local time (HH:MM)
# budget    the time the session has (default: the sum of the segments)
# location  where it takes place
# [warnings] amber and red: time left when the countdown turns amber, red
# [messages] up to 9 presets sent to the speaker with `m` then 1-9;
#            {speaker}, {next_speaker}, {left} ('2:00 left', or '0:30
#            over') and {end} are filled in
# [[segments]] one per speaker or item, in order:
#   title, duration (required); speaker, role, notes (optional);
#   flexible = true: may be shortened (down to `min`, default half) to win
#   time back, or lengthened (up to `max`, default one and a half times)
#   when time is won; amber / red: this segment's own thresholds.
#
";
    format!("{guide}{BUILTIN_SOURCE}")
}

/// `timekeeper new [PATH]`: writes [`template`] to `path` (`plan.toml` when
/// none, stdout for `-`), never over an existing file without `force`.
pub fn write_new(path: Option<&Path>, force: bool) -> anyhow::Result<()> {
    let path = path.unwrap_or(Path::new("plan.toml"));
    let to_stdout = path == Path::new("-");
    crate::files::write_out(
        template().as_bytes(),
        (!to_stdout).then_some(path),
        force,
        "plan",
    )?;
    if !to_stdout {
        let shown = text::sanitize(&path.display().to_string());
        println!(
            "Wrote {shown}: edit it, then `timekeeper check {shown}` and `timekeeper run {shown}`."
        );
    }
    Ok(())
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
        "{path}:{line}:{column}: not a text plan: the file is not valid UTF-8 here (byte {byte}); save it as UTF-8 text"
    )]
    NotText {
        path: String,
        line: usize,
        column: usize,
        byte: usize,
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

/// Where in the source a problem is, before it becomes line:column.
struct Problem {
    span: Range<usize>,
    message: String,
}

fn problem(span: Range<usize>, message: impl Into<String>) -> Problem {
    Problem {
        span,
        message: message.into(),
    }
}

/// Parses and validates plan text. `path` is only used in messages, `name`
/// becomes [`Plan::name`].
pub fn parse(source: &str, path: &str, name: &str) -> Result<Plan, PlanError> {
    let invalid = |p: Problem| PlanError::Invalid(Box::new(locate(source, path, p)));
    if source.trim().is_empty() {
        return Err(invalid(problem(
            0..0,
            "the plan is empty: it needs a `title` and at least one [[segments]] entry",
        )));
    }
    let raw: RawPlan = toml::from_str(source).map_err(|e| invalid(toml_problem(&e)))?;
    validate(raw, name, source.len()).map_err(invalid)
}

fn locate(source: &str, path: &str, p: Problem) -> Invalid {
    let at = p.span.start.min(source.len());
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..at].chars().count() + 1;
    let snippet = source[line_start..].lines().next().unwrap_or("");
    Invalid {
        path: path.to_owned(),
        line,
        column,
        message: p.message,
        snippet: text::truncate(&text::sanitize(snippet), 100),
    }
}

/// The keys a plan may use, for "did you mean" hints.
const PLAN_KEYS: &[&str] = &[
    "title", "date", "start", "budget", "location", "warnings", "messages", "kinds", "lang",
    "segments",
];

fn toml_problem(e: &toml::de::Error) -> Problem {
    let span = e.span().unwrap_or(0..0);
    let raw = e.message().trim();
    let message = if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        // toml lists the keys it expected in backticks after the key itself.
        let expected = rest.split_once("expected").map_or("", |(_, e)| e);
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let known = if known.is_empty() {
            PLAN_KEYS.to_vec()
        } else {
            known
        };
        let hint = match nearest(key, &known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("known keys here are {}", list(&known)),
        };
        format!("unknown key `{}`: {hint}", text::sanitize(key))
    } else if let Some(shape) = shape_problem(raw) {
        shape.to_owned()
    } else {
        // toml's own sentences are already clear; make the first letter ours.
        let first = raw.lines().next().unwrap_or(raw);
        format!("not a valid TOML plan: {}", text::sanitize(first))
    };
    problem(span, message)
}

/// serde's wording for a table or list of the wrong shape names our internal
/// structs (`expected struct RawWarnings`); say what the plan should hold.
fn shape_problem(raw: &str) -> Option<&'static str> {
    if raw.contains("RawWarnings") {
        Some(
            "`warnings` must be a single table: write [warnings] (single brackets) \
             with amber = \"2m\" and red = \"30s\" on the lines below it",
        )
    } else if raw.contains("RawSegment") || raw.contains("expected a sequence") {
        Some(
            "`segments` must be a list of tables: start each one with [[segments]] \
             (double brackets) and give it a title and a duration",
        )
    } else {
        None
    }
}

fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    title: Option<Spanned<toml::Value>>,
    date: Option<Spanned<toml::Value>>,
    start: Option<Spanned<toml::Value>>,
    budget: Option<Spanned<toml::Value>>,
    location: Option<Spanned<toml::Value>>,
    warnings: Option<RawWarnings>,
    messages: Option<Spanned<indexmap::IndexMap<String, Spanned<toml::Value>>>>,
    kinds: Option<floor::RawKinds>,
    lang: Option<Spanned<toml::Value>>,
    segments: Option<Spanned<Vec<Spanned<RawSegment>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWarnings {
    amber: Option<Spanned<toml::Value>>,
    red: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSegment {
    title: Option<Spanned<toml::Value>>,
    speaker: Option<Spanned<toml::Value>>,
    role: Option<Spanned<toml::Value>>,
    notes: Option<Spanned<toml::Value>>,
    duration: Option<Spanned<toml::Value>>,
    flexible: Option<Spanned<toml::Value>>,
    amber: Option<Spanned<toml::Value>>,
    red: Option<Spanned<toml::Value>>,
    min: Option<Spanned<toml::Value>>,
    max: Option<Spanned<toml::Value>>,
    floor: Option<Spanned<toml::Value>>,
    kind: Option<Spanned<toml::Value>>,
    list: Option<Spanned<Vec<Spanned<floor::RawEntry>>>>,
    lang: Option<Spanned<toml::Value>>,
    fit: Option<Spanned<toml::Value>>,
}

fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the text \"{}\"", text::sanitize(s)),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(x) => format!("the number {x}"),
        toml::Value::Boolean(b) => format!("`{b}`"),
        toml::Value::Datetime(d) => format!("the date/time {d}"),
        toml::Value::Array(_) => "a list".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

/// Text field: a non-empty string, sanitized.
fn text_field(
    value: Option<&Spanned<toml::Value>>,
    what: &str,
    required: Option<Range<usize>>,
) -> Result<Option<String>, Problem> {
    let Some(value) = value else {
        return match required {
            Some(span) => Err(problem(span, format!("{what} is missing"))),
            None => Ok(None),
        };
    };
    let toml::Value::String(s) = value.get_ref() else {
        return Err(problem(
            value.span(),
            format!(
                "{what} must be text in quotes, found {}",
                describe(value.get_ref())
            ),
        ));
    };
    let s = s.trim();
    if s.is_empty() {
        if required.is_some() {
            return Err(problem(value.span(), format!("{what} is empty")));
        }
        return Ok(None);
    }
    Ok(Some(text::sanitize(s)))
}

/// Parses a duration as a plan writes it: humantime's forms (`10m`, `90s`,
/// `1m30s`, `1h 15m`) or a clock form (`mm:ss`, `h:mm:ss`).
pub fn parse_duration(written: &str) -> Result<i64, String> {
    let s = written.trim();
    if s.is_empty() {
        return Err("is empty".to_owned());
    }
    // The text goes into messages: show its escapes, never send them.
    let shown = text::sanitize(s);
    if s.starts_with('-') {
        return Err(format!("\"{shown}\" is negative"));
    }
    let seconds = if s.contains(':') {
        parse_clock(s).ok_or_else(|| {
            format!("\"{shown}\" is not a duration: write mm:ss (like 12:30) or 12m30s")
        })?
    } else {
        let d = humantime::parse_duration(s).map_err(|_| {
            format!("\"{shown}\" is not a duration: write it like 10m, 90s, 1m30s or 1h 15m")
        })?;
        i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
            + i64::from(d.subsec_millis() >= 500 && d.as_secs() < u64::MAX)
    };
    if seconds <= 0 {
        return Err(format!("\"{shown}\" is zero"));
    }
    if seconds > ABSURD_SECONDS {
        return Err(format!("\"{shown}\" is longer than 24 hours"));
    }
    Ok(seconds)
}

fn parse_clock(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split(':').collect();
    let nums: Option<Vec<i64>> = parts
        .iter()
        .map(|p| {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.len() > 4 {
                None
            } else {
                p.parse().ok()
            }
        })
        .collect();
    match nums?.as_slice() {
        [m, s] if *s < 60 => Some(m * 60 + s),
        [h, m, s] if *m < 60 && *s < 60 => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}

fn duration_field(value: &Spanned<toml::Value>, what: &str) -> Result<i64, Problem> {
    match value.get_ref() {
        toml::Value::String(s) => {
            parse_duration(s).map_err(|why| problem(value.span(), format!("{what} {why}")))
        }
        toml::Value::Integer(n) => Err(problem(
            value.span(),
            format!("{what} needs a unit: write \"{n}m\" for minutes or \"{n}s\" for seconds"),
        )),
        other => Err(problem(
            value.span(),
            format!(
                "{what} must be a duration like \"10m\", found {}",
                describe(other)
            ),
        )),
    }
}

fn optional_duration(
    value: Option<&Spanned<toml::Value>>,
    what: &str,
) -> Result<Option<(i64, Range<usize>)>, Problem> {
    value
        .map(|v| duration_field(v, what).map(|d| (d, v.span())))
        .transpose()
}

fn check_thresholds(
    amber: (i64, Range<usize>),
    red: (i64, Range<usize>),
    whose: &str,
) -> Result<Warnings, Problem> {
    if amber.0 <= red.0 {
        let span = if amber.1.start > red.1.start {
            amber.1
        } else {
            red.1
        };
        return Err(problem(
            span,
            format!(
                "{whose}amber ({}) must be more time left than red ({}): the countdown turns amber first",
                time::human(amber.0),
                time::human(red.0)
            ),
        ));
    }
    Ok(Warnings {
        amber_seconds: amber.0,
        red_seconds: red.0,
    })
}

#[expect(
    clippy::too_many_lines,
    reason = "each field is checked in the order the plan file holds them"
)]
fn validate(raw: RawPlan, name: &str, len: usize) -> Result<Plan, Problem> {
    let title =
        text_field(raw.title.as_ref(), "the plan's `title`", Some(0..0))?.unwrap_or_default();
    let location = text_field(raw.location.as_ref(), "`location`", None)?;
    let date = raw.date.as_ref().map(parse_date).transpose()?;
    let start = raw.start.as_ref().map(parse_start).transpose()?;
    let budget = optional_duration(raw.budget.as_ref(), "`budget`")?;

    let defaults = Warnings::default();
    let nowhere = || 0..0;
    let (amber, red) = match &raw.warnings {
        Some(w) => (
            optional_duration(w.amber.as_ref(), "`amber`")?,
            optional_duration(w.red.as_ref(), "`red`")?,
        ),
        None => (None, None),
    };
    let plan_amber = amber.as_ref().map_or_else(nowhere, |a| a.1.clone());
    let plan_red = red.as_ref().map_or_else(nowhere, |r| r.1.clone());
    let warnings = check_thresholds(
        amber.unwrap_or((defaults.amber_seconds, nowhere())),
        red.unwrap_or((defaults.red_seconds, nowhere())),
        "",
    )?;

    let kinds = raw.kinds.map(floor::kinds).transpose()?.unwrap_or_default();
    let lang = floor::lang(raw.lang.as_ref(), "`lang`")?;

    let Some(raw_segments) = raw.segments else {
        return Err(problem(
            len..len,
            "the plan has no segments: add at least one [[segments]] with a title and a duration",
        ));
    };
    let segments_span = raw_segments.span();
    let raw_segments = raw_segments.into_inner();
    if raw_segments.is_empty() {
        return Err(problem(segments_span, "the plan has no segments"));
    }
    let mut segments = Vec::with_capacity(raw_segments.len());
    for (i, spanned) in raw_segments.iter().enumerate() {
        let at = spanned.span();
        let seg = spanned.get_ref();
        let n = i + 1;
        let title = text_field(
            seg.title.as_ref(),
            &format!("segment {n}'s `title`"),
            Some(at.clone()),
        )?
        .unwrap_or_default();
        let whose = format!("segment {n} ({title}): ");
        let Some(duration_value) = &seg.duration else {
            return Err(problem(
                at,
                format!("segment {n} ({title}) has no `duration`"),
            ));
        };
        let duration = duration_field(duration_value, &format!("{whose}`duration`"))?;
        let seg_amber = optional_duration(seg.amber.as_ref(), &format!("{whose}`amber`"))?;
        let seg_red = optional_duration(seg.red.as_ref(), &format!("{whose}`red`"))?;
        let seg_warnings = if seg_amber.is_some() || seg_red.is_some() {
            check_thresholds(
                seg_amber.unwrap_or((warnings.amber_seconds, plan_amber.clone())),
                seg_red.unwrap_or((warnings.red_seconds, plan_red.clone())),
                &whose,
            )?
        } else {
            warnings
        };
        let min = match optional_duration(seg.min.as_ref(), &format!("{whose}`min`"))? {
            Some((m, span)) if m > duration => {
                return Err(problem(
                    span,
                    format!(
                        "{whose}`min` ({}) is longer than its duration ({})",
                        time::human(m),
                        time::human(duration)
                    ),
                ));
            }
            Some((m, _)) => m,
            None => duration / 2,
        };
        let max = match optional_duration(seg.max.as_ref(), &format!("{whose}`max`"))? {
            Some((m, span)) if m < duration => {
                return Err(problem(
                    span,
                    format!(
                        "{whose}`max` ({}) is shorter than its duration ({})",
                        time::human(m),
                        time::human(duration)
                    ),
                ));
            }
            other => other.map(|(m, _)| m),
        };
        let flexible = match &seg.flexible {
            None => false,
            Some(v) => match v.get_ref() {
                toml::Value::Boolean(b) => *b,
                other => {
                    return Err(problem(
                        v.span(),
                        format!(
                            "{whose}`flexible` must be true or false, found {}",
                            describe(other)
                        ),
                    ));
                }
            },
        };
        let floor = floor::floor(
            &floor::RawFloor {
                floor: seg.floor.as_ref(),
                kind: seg.kind.as_ref(),
                list: seg.list.as_ref(),
                fit: seg.fit.as_ref(),
            },
            &kinds,
            &whose,
        )?;
        segments.push(Segment {
            floor,
            lang: floor::lang(seg.lang.as_ref(), &format!("{whose}`lang`"))?,
            speaker: text_field(seg.speaker.as_ref(), &format!("{whose}`speaker`"), None)?,
            role: text_field(seg.role.as_ref(), &format!("{whose}`role`"), None)?,
            notes: text_field(seg.notes.as_ref(), &format!("{whose}`notes`"), None)?,
            title,
            duration_seconds: duration,
            flexible,
            min_seconds: min,
            max_seconds: max,
            warnings: seg_warnings,
        });
    }

    let planned: i64 = segments.iter().map(|s| s.duration_seconds).sum();
    if planned > ABSURD_SECONDS {
        return Err(problem(
            segments_span,
            format!(
                "the segments add up to {}, more than 24 hours",
                time::human(planned)
            ),
        ));
    }
    let budget_seconds = match budget {
        Some((b, span)) if planned > b => {
            return Err(problem(
                span,
                format!(
                    "the segments add up to {}, {} more than the budget of {}",
                    time::minutes(planned),
                    time::minutes(planned - b),
                    time::minutes(b)
                ),
            ));
        }
        Some((b, _)) => b,
        None => planned,
    };

    let messages = match raw.messages {
        Some(table) => presets(table)?,
        None => Vec::new(),
    };

    Ok(Plan {
        messages,
        kinds,
        lang,
        name: name.to_owned(),
        title,
        date,
        start,
        budget_seconds,
        budget_given: budget.is_some(),
        location,
        warnings,
        segments,
    })
}

/// The `[messages]` table: text, at most [`MESSAGE_CHARS`] characters, with
/// known placeholders only, at most [`MAX_PRESETS`] of them.
fn presets(
    table: Spanned<indexmap::IndexMap<String, Spanned<toml::Value>>>,
) -> Result<Vec<Preset>, Problem> {
    let span = table.span();
    let table = table.into_inner();
    if table.len() > MAX_PRESETS {
        return Err(problem(
            span,
            format!(
                "`messages` has {} presets; the console sends at most {MAX_PRESETS}, one key each",
                table.len()
            ),
        ));
    }
    let mut presets = Vec::with_capacity(table.len());
    for (name, value) in table {
        let what = format!("message `{}`", text::sanitize(&name));
        let text = text_field(Some(&value), &what, Some(value.span()))?.unwrap_or_default();
        let chars = text.chars().count();
        if chars > MESSAGE_CHARS {
            return Err(problem(
                value.span(),
                format!(
                    "{what} is {chars} characters long; at most {MESSAGE_CHARS} fit on a stage screen"
                ),
            ));
        }
        if let Some(unknown) = unknown_placeholder(&text) {
            return Err(problem(
                value.span(),
                format!(
                    "{what} has an unknown placeholder {{{unknown}}}: known ones are {}",
                    PLACEHOLDERS
                        .iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        presets.push(Preset {
            name: text::sanitize(&name),
            text,
        });
    }
    Ok(presets)
}

fn parse_date(value: &Spanned<toml::Value>) -> Result<NaiveDate, Problem> {
    let written = match value.get_ref() {
        toml::Value::String(s) => s.trim().to_owned(),
        toml::Value::Datetime(d) if d.date.is_some() && d.time.is_none() => d.to_string(),
        other => {
            return Err(problem(
                value.span(),
                format!(
                    "`date` must be a date like \"2019-02-07\", found {}",
                    describe(other)
                ),
            ));
        }
    };
    NaiveDate::parse_from_str(&written, "%Y-%m-%d").map_err(|_| {
        problem(
            value.span(),
            format!(
                "`date` \"{}\" is not a date: write it as YYYY-MM-DD, like \"2019-02-07\"",
                text::sanitize(&written)
            ),
        )
    })
}

fn parse_start(value: &Spanned<toml::Value>) -> Result<NaiveTime, Problem> {
    let written = match value.get_ref() {
        toml::Value::String(s) => s.trim().to_owned(),
        toml::Value::Datetime(d) if d.date.is_none() && d.time.is_some() => d.to_string(),
        other => {
            return Err(problem(
                value.span(),
                format!(
                    "`start` must be a time of day like \"10:00\", found {}",
                    describe(other)
                ),
            ));
        }
    };
    NaiveTime::parse_from_str(&written, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&written, "%H:%M:%S"))
        .map_err(|_| {
            problem(
                value.span(),
                format!(
                    "`start` \"{}\" is not a time of day: write it as HH:MM, like \"10:00\"",
                    text::sanitize(&written)
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuse(source: &str) -> Invalid {
        match parse(source, "t.toml", "t") {
            Err(PlanError::Invalid(i)) => *i,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    const HEAD: &str = "title = \"T\"\n";

    #[test]
    fn builtin_plan_is_the_seed_plenary() {
        let plan = Plan::builtin();
        assert_eq!(plan.segments.len(), 6);
        assert_eq!(plan.budget_seconds, 75 * 60);
        assert_eq!(plan.start, NaiveTime::from_hms_opt(10, 0, 0));
        assert_eq!(plan.planned_offsets(), vec![0, 600, 1500, 2400, 3300, 4200]);
        assert!(plan.segments[4].flexible);
        assert_eq!(plan.segments[4].min_seconds, 450);
    }

    #[test]
    fn builtin_copy_equals_the_session_file() {
        let on_disk = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/plenary-3.toml"
        ))
        .unwrap();
        assert_eq!(BUILTIN_SOURCE, on_disk);
    }

    #[test]
    fn durations_in_every_written_form() {
        for (written, seconds) in [
            ("10m", 600),
            ("90s", 90),
            ("1m30s", 90),
            ("1h 15m", 4500),
            ("12:30", 750),
            ("1:02:03", 3723),
            ("2m 30s", 150),
        ] {
            assert_eq!(parse_duration(written), Ok(seconds), "{written}");
        }
        assert!(parse_duration("0s").unwrap_err().contains("zero"));
        assert!(parse_duration("-5m").unwrap_err().contains("negative"));
        assert!(parse_duration("25h").unwrap_err().contains("24 hours"));
        assert!(
            parse_duration("ten")
                .unwrap_err()
                .contains("not a duration")
        );
        assert!(parse_duration("12:75").unwrap_err().contains("mm:ss"));
    }

    #[test]
    fn unknown_key_names_the_nearest_known_one_and_its_place() {
        let e = refuse(&format!(
            "{HEAD}[[segments]]\ntitle = \"A\"\ndurration = \"10m\"\n"
        ));
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.message.contains("`durration`"), "{}", e.message);
        assert!(
            e.message.contains("did you mean `duration`"),
            "{}",
            e.message
        );
        assert_eq!(e.snippet, "durration = \"10m\"");
    }

    #[test]
    fn unknown_top_level_and_warning_keys() {
        let e = refuse("titel = \"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
        assert!(e.message.contains("did you mean `title`"), "{}", e.message);
        let e = refuse(&format!(
            "{HEAD}[warnings]\namberr = \"2m\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
        ));
        assert!(e.message.contains("did you mean `amber`"), "{}", e.message);
    }

    #[test]
    fn not_toml_is_refused_with_its_place() {
        let e = refuse("title = \"T\"\n\nthis is not toml\n");
        assert!(
            e.message.starts_with("not a valid TOML plan"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 3);
        assert_eq!(e.snippet, "this is not toml");
    }

    #[test]
    fn empty_plan_is_refused() {
        assert!(refuse("").message.contains("empty"));
        assert!(refuse("  \n\n").message.contains("empty"));
    }

    #[test]
    fn missing_or_empty_fields_are_named() {
        let e = refuse("[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
        assert!(e.message.contains("`title` is missing"), "{}", e.message);
        let e = refuse(&format!("{HEAD}[[segments]]\ntitle=\"A\"\n"));
        assert!(
            e.message.contains("segment 1 (A) has no `duration`"),
            "{}",
            e.message
        );
        let e = refuse(&format!(
            "{HEAD}[[segments]]\ntitle=\"  \"\nduration=\"1m\"\n"
        ));
        assert!(e.message.contains("segment 1's `title` is empty"));
        assert_eq!(e.line, 3);
        assert!(refuse(HEAD).message.contains("no segments"));
    }

    #[test]
    fn wrong_types_say_what_was_found() {
        let e = refuse(&format!("{HEAD}[[segments]]\ntitle=\"A\"\nduration=10\n"));
        assert!(e.message.contains("needs a unit"), "{}", e.message);
        assert_eq!((e.line, e.column), (4, 10));
        let e = refuse(&format!(
            "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"1m\"\nflexible=\"yes\"\n"
        ));
        assert!(e.message.contains("true or false"), "{}", e.message);
        let e = refuse("title = 3\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
        assert!(e.message.contains("found the number 3"), "{}", e.message);
    }

    #[test]
    fn zero_negative_and_absurd_durations_are_refused() {
        for (d, why) in [
            ("0m", "zero"),
            ("-5m", "negative"),
            ("30h", "24 hours"),
            ("soon", "not a duration"),
        ] {
            let e = refuse(&format!(
                "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"{d}\"\n"
            ));
            assert!(e.message.contains(why), "{d}: {}", e.message);
            assert!(e.message.contains("segment 1 (A)"), "{}", e.message);
            assert_eq!(e.line, 4);
        }
    }

    #[test]
    fn amber_must_be_above_red_globally_and_per_segment() {
        let e = refuse(&format!(
            "{HEAD}[warnings]\namber=\"20s\"\nred=\"30s\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
        ));
        assert!(
            e.message
                .contains("amber (20s) must be more time left than red (30s)"),
            "{}",
            e.message
        );
        let e = refuse(&format!(
            "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"5m\"\namber=\"10s\"\n"
        ));
        assert!(
            e.message.starts_with("segment 1 (A): amber"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 5);
    }

    #[test]
    fn invalid_start_and_date_are_refused() {
        let e = refuse(&format!(
            "{HEAD}start = \"25:99\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
        ));
        assert!(e.message.contains("\"25:99\" is not a time of day"));
        assert_eq!((e.line, e.column), (2, 9));
        let e = refuse(&format!(
            "{HEAD}date = \"7 Feb\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n"
        ));
        assert!(e.message.contains("YYYY-MM-DD"));
    }

    #[test]
    fn bare_toml_times_and_dates_are_accepted() {
        let plan = parse(
            "title=\"T\"\ndate = 2019-02-07\nstart = 10:00:00\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
            "t",
            "t",
        )
        .unwrap();
        assert_eq!(plan.start, NaiveTime::from_hms_opt(10, 0, 0));
        assert_eq!(plan.date, NaiveDate::from_ymd_opt(2019, 2, 7));
    }

    #[test]
    fn segments_over_budget_say_by_how_much() {
        let e = refuse(&format!(
            "{HEAD}budget = \"20m\"\n[[segments]]\ntitle=\"A\"\nduration=\"15m\"\n[[segments]]\ntitle=\"B\"\nduration=\"10m\"\n"
        ));
        assert_eq!(
            e.message,
            "the segments add up to 25:00, 5:00 more than the budget of 20:00"
        );
        assert_eq!(e.line, 2);
    }

    #[test]
    fn min_longer_than_duration_is_refused() {
        let e = refuse(&format!(
            "{HEAD}[[segments]]\ntitle=\"A\"\nduration=\"5m\"\nmin=\"6m\"\n"
        ));
        assert!(e.message.contains("`min` (6m) is longer"), "{}", e.message);
    }

    #[test]
    fn under_budget_is_allowed_and_defaults_apply() {
        let plan = parse(
            "title=\"T\"\nbudget=\"1h\"\n[[segments]]\ntitle=\"A\"\nduration=\"10m\"\nred=\"1m\"\n",
            "t",
            "t",
        )
        .unwrap();
        assert_eq!(plan.budget_seconds, 3600);
        assert_eq!(plan.planned_seconds(), 600);
        assert_eq!(plan.segments[0].warnings.amber_seconds, 120);
        assert_eq!(plan.segments[0].warnings.red_seconds, 60);
        assert_eq!(plan.segments[0].min_seconds, 300);
    }

    #[test]
    fn control_characters_in_names_are_neutralised() {
        let plan = parse(
            "title=\"T\\u001b[2J\"\n[[segments]]\ntitle=\"A\"\nspeaker=\"X\\u0007\"\nduration=\"1m\"\n",
            "t",
            "t",
        )
        .unwrap();
        assert_eq!(plan.title, "T␛[2J");
        assert_eq!(plan.segments[0].speaker.as_deref(), Some("X␇"));
    }
}
