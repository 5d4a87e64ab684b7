//! The rules a plan keeps, each written once.
//!
//! A plan reaches the program two ways: from a file, read value by value
//! with its place ([`super::raw`]), and from a journal's header, which a
//! person may have edited. Both are held to these functions, so a new rule
//! is one function here, and both ways refuse with the same words: the
//! file's way adds the place, the journal's way the segment's number.
//!
//! A rule answers with the field it is about ([`Broken::field`]), so that
//! the file's reader can point at where that field was written.

use super::durations::{self, ABSURD_SECONDS};
use super::floor::{self, Entry, Floor, Kind};
use super::{MAX_PRESETS, MESSAGE_CHARS, PLACEHOLDERS, Plan, Preset, Segment, Warnings};
use crate::text;
use crate::time;

/// A rule a value breaks: which field, and why, in words that read after
/// "segment 2 (Panel): " or "message `wrap` ".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub field: Field,
    pub why: String,
}

/// The field a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Duration,
    /// `amber` and `red` together: the one written last is the one to move.
    Thresholds,
    Min,
    Max,
    /// A floor's list, as a whole.
    List,
    /// A list entry's name.
    Name,
    /// A kind's or an entry's limit.
    Limit,
    Budget,
    /// The segments, as a whole.
    Segments,
    /// A preset message's text.
    Text,
}

fn broken(field: Field, why: impl Into<String>) -> Broken {
    Broken {
        field,
        why: why.into(),
    }
}

/// Amber before red, both within a day.
pub fn warnings(w: Warnings) -> Result<(), Broken> {
    if w.amber_seconds <= w.red_seconds {
        return Err(broken(
            Field::Thresholds,
            format!(
                "amber ({}) must be more time left than red ({}): the countdown turns amber first",
                time::human(w.amber_seconds),
                time::human(w.red_seconds)
            ),
        ));
    }
    if w.red_seconds < 0 || w.amber_seconds > ABSURD_SECONDS {
        return Err(broken(
            Field::Thresholds,
            "amber and red must be between no time left and 24 hours",
        ));
    }
    Ok(())
}

/// A segment's own values: its duration, `min`, `max`, thresholds and floor.
pub fn segment(s: &Segment) -> Result<(), Broken> {
    let d = s.duration_seconds;
    if !durations::sane(d) {
        return Err(broken(
            Field::Duration,
            format!("its duration of {d} s is not between 1 s and 24 hours"),
        ));
    }
    warnings(s.warnings)?;
    if s.min_seconds > d {
        return Err(broken(
            Field::Min,
            format!(
                "`min` ({}) is longer than its duration ({})",
                time::human(s.min_seconds),
                time::human(d)
            ),
        ));
    }
    if s.min_seconds < 0 {
        return Err(broken(Field::Min, "`min` is negative"));
    }
    if let Some(max) = s.max_seconds {
        if max < d {
            return Err(broken(
                Field::Max,
                format!(
                    "`max` ({}) is shorter than its duration ({})",
                    time::human(max),
                    time::human(d)
                ),
            ));
        }
        if !durations::sane(max) {
            return Err(broken(Field::Max, "`max` is longer than 24 hours"));
        }
    }
    if let Some(f) = &s.floor {
        list(f)?;
    }
    Ok(())
}

/// A speaker's limit: more than nothing, at most [`floor::MAX_LIMIT`].
pub fn limit(seconds: i64) -> Result<(), Broken> {
    if seconds <= 0 {
        Err(broken(
            Field::Limit,
            "a speaker's limit must be more than zero",
        ))
    } else if seconds > floor::MAX_LIMIT {
        Err(broken(
            Field::Limit,
            format!(
                "a limit of {} is not a speaker's: at most {}",
                time::human(seconds),
                time::human(floor::MAX_LIMIT)
            ),
        ))
    } else {
        Ok(())
    }
}

/// A kind of intervention: a speaker's limit, with thresholds inside it.
pub fn kind(k: &Kind) -> Result<(), Broken> {
    limit(k.limit_seconds)?;
    warnings(k.warnings)?;
    if k.warnings.amber_seconds >= k.limit_seconds {
        return Err(broken(
            Field::Thresholds,
            format!(
                "amber ({}) must be less than its time ({})",
                time::human(k.warnings.amber_seconds),
                time::human(k.limit_seconds)
            ),
        ));
    }
    if let Some(min) = k.min_seconds {
        if min <= 0 {
            return Err(broken(
                Field::Min,
                "`min` must be more than zero: the shortest equal share it allows",
            ));
        }
        if min > k.limit_seconds {
            return Err(broken(
                Field::Min,
                format!(
                    "`min` ({}) must not be more than its time ({})",
                    time::human(min),
                    time::human(k.limit_seconds)
                ),
            ));
        }
    }
    Ok(())
}

/// A floor's list: at most [`floor::MAX_ENTRIES`] entries, each named, each
/// with a speaker's limit.
pub fn list(f: &Floor) -> Result<(), Broken> {
    if f.list.len() > floor::MAX_ENTRIES {
        return Err(broken(
            Field::List,
            format!(
                "the speakers' list has {} entries; a floor holds at most {}",
                f.list.len(),
                floor::MAX_ENTRIES
            ),
        ));
    }
    f.list.iter().try_for_each(entry)
}

/// One speaker on a list.
pub fn entry(e: &Entry) -> Result<(), Broken> {
    if e.name.trim().is_empty() {
        return Err(broken(Field::Name, "a speaker on the list needs a name"));
    }
    limit(e.limit_seconds)
}

/// How many presets the console can send, one key each.
pub fn presets(count: usize) -> Result<(), String> {
    if count > MAX_PRESETS {
        return Err(format!(
            "`messages` has {count} presets; the console sends at most {MAX_PRESETS}, one key each"
        ));
    }
    Ok(())
}

/// A preset's text: short enough for a stage screen, with known
/// placeholders only.
pub fn preset(text: &str) -> Result<(), Broken> {
    let chars = text.chars().count();
    if chars > MESSAGE_CHARS {
        return Err(broken(
            Field::Text,
            format!("is {chars} characters long; at most {MESSAGE_CHARS} fit on a stage screen"),
        ));
    }
    if let Some(unknown) = super::unknown_placeholder(text) {
        return Err(broken(
            Field::Text,
            format!(
                "has an unknown placeholder {{{}}}: known ones are {}",
                text::sanitize(&unknown),
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    Ok(())
}

/// The segments against the day and the budget (`None`: the budget is
/// their sum).
pub fn budget(planned: i64, budget: Option<i64>) -> Result<(), Broken> {
    if planned > ABSURD_SECONDS {
        return Err(broken(
            Field::Segments,
            format!(
                "the segments add up to {}, more than 24 hours",
                time::human(planned)
            ),
        ));
    }
    match budget {
        Some(b) if !durations::sane(b) => Err(broken(
            Field::Budget,
            format!("the budget of {b} s is not between 1 s and 24 hours"),
        )),
        Some(b) if planned > b => Err(broken(
            Field::Budget,
            format!(
                "the segments add up to {}, {} more than the budget of {}",
                time::minutes(planned),
                time::minutes(planned - b),
                time::minutes(b)
            ),
        )),
        _ => Ok(()),
    }
}

/// Every rule, over a whole plan that did not come from a file: the first
/// one broken, said with where it is.
pub fn plan(p: &Plan) -> Result<(), String> {
    if p.segments.is_empty() {
        return Err("it has no segments".to_owned());
    }
    warnings(p.warnings).map_err(|b| b.why)?;
    for k in &p.kinds {
        kind(k).map_err(|b| format!("kind `{}`: {}", text::sanitize(&k.name), b.why))?;
    }
    for (i, s) in p.segments.iter().enumerate() {
        segment(s).map_err(|b| format!("{}{}", whose(i, &s.title), b.why))?;
    }
    presets(p.messages.len())?;
    for Preset { name, text, langs } in &p.messages {
        let texts = std::iter::once(text).chain(langs.iter().map(|(_, t)| t));
        for text in texts {
            preset(text).map_err(|b| format!("message `{}` {}", text::sanitize(name), b.why))?;
        }
    }
    budget(p.planned_seconds(), Some(p.budget_seconds)).map_err(|b| b.why)
}

/// How a rule about segment `i` (from 0) begins: "segment 2 (Panel): ".
pub fn whose(i: usize, title: &str) -> String {
    format!("segment {} ({}): ", i + 1, text::sanitize(title))
}
