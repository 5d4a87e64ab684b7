//! A plan as written: the file read by serde into spanned values (so each
//! knows its place), and the readers that turn one value into text, a
//! duration, a date or a time of day, or a [`Problem`] at that place.
//! Whether the values make a plan is for [`super::rules`].

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use toml::Spanned;

use super::durations::parse_duration;
use super::{Invalid, floor};
use crate::text;

/// Where in the source a problem is, before it becomes line:column.
pub(super) struct Problem {
    pub(super) span: Range<usize>,
    pub(super) message: String,
}

pub(super) fn problem(span: Range<usize>, message: impl Into<String>) -> Problem {
    Problem {
        span,
        message: message.into(),
    }
}

/// A problem at its place in `source`, as line:column and the line itself.
pub(super) fn locate(source: &str, path: &str, p: Problem) -> Invalid {
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
pub(super) const PLAN_KEYS: &[&str] = &[
    "title", "date", "start", "budget", "location", "warnings", "messages", "kinds", "lang",
    "cues", "segments",
];

pub(super) fn toml_problem(e: &toml::de::Error) -> Problem {
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
pub(super) fn shape_problem(raw: &str) -> Option<&'static str> {
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

pub(super) fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

pub(super) fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    pub(super) title: Option<Spanned<toml::Value>>,
    pub(super) date: Option<Spanned<toml::Value>>,
    pub(super) start: Option<Spanned<toml::Value>>,
    pub(super) budget: Option<Spanned<toml::Value>>,
    pub(super) location: Option<Spanned<toml::Value>>,
    pub(super) warnings: Option<RawWarnings>,
    pub(super) messages: Option<Spanned<indexmap::IndexMap<String, Spanned<toml::Value>>>>,
    pub(super) kinds: Option<floor::RawKinds>,
    pub(super) lang: Option<Spanned<toml::Value>>,
    pub(super) cues: Option<Spanned<toml::Value>>,
    pub(super) segments: Option<Spanned<Vec<Spanned<RawSegment>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWarnings {
    pub(super) amber: Option<Spanned<toml::Value>>,
    pub(super) red: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSegment {
    pub(super) title: Option<Spanned<toml::Value>>,
    pub(super) speaker: Option<Spanned<toml::Value>>,
    pub(super) role: Option<Spanned<toml::Value>>,
    pub(super) notes: Option<Spanned<toml::Value>>,
    pub(super) duration: Option<Spanned<toml::Value>>,
    pub(super) flexible: Option<Spanned<toml::Value>>,
    pub(super) amber: Option<Spanned<toml::Value>>,
    pub(super) red: Option<Spanned<toml::Value>>,
    pub(super) min: Option<Spanned<toml::Value>>,
    pub(super) max: Option<Spanned<toml::Value>>,
    pub(super) floor: Option<Spanned<toml::Value>>,
    pub(super) kind: Option<Spanned<toml::Value>>,
    pub(super) list: Option<Spanned<Vec<Spanned<floor::RawEntry>>>>,
    pub(super) lang: Option<Spanned<toml::Value>>,
    pub(super) fit: Option<Spanned<toml::Value>>,
}
pub(super) fn describe(value: &toml::Value) -> String {
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
pub(super) fn text_field(
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
pub(super) fn duration_field(value: &Spanned<toml::Value>, what: &str) -> Result<i64, Problem> {
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

pub(super) fn optional_duration(
    value: Option<&Spanned<toml::Value>>,
    what: &str,
) -> Result<Option<(i64, Range<usize>)>, Problem> {
    value
        .map(|v| duration_field(v, what).map(|d| (d, v.span())))
        .transpose()
}

pub(super) fn parse_date(value: &Spanned<toml::Value>) -> Result<NaiveDate, Problem> {
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

pub(super) fn parse_start(value: &Spanned<toml::Value>) -> Result<NaiveTime, Problem> {
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

/// A switch: `true` or `false`.
pub(super) fn bool_field(value: &Spanned<toml::Value>, what: &str) -> Result<bool, Problem> {
    match value.get_ref() {
        toml::Value::Boolean(b) => Ok(*b),
        other => Err(problem(
            value.span(),
            format!("{what} must be true or false, found {}", describe(other)),
        )),
    }
}
