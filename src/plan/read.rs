//! From a plan as written ([`super::raw`]) to a [`Plan`]: each value read
//! with its place, then held to [`super::rules`]; a broken rule is said at
//! the place of the field it is about.

use std::ops::Range;

use toml::Spanned;

use super::raw::{
    Problem, RawPlan, bool_field, duration_field, optional_duration, parse_date, parse_start,
    problem, text_field,
};
use super::rules::{self, Broken, Field};
use super::{Plan, Preset, Segment, Warnings, floor};
use crate::text;

/// `amber` and `red` as written (each with its place, or the place of
/// the values they default to), held to [`rules::warnings`]; a refusal
/// points at the one written last.
pub(super) fn check_thresholds(
    amber: (i64, Range<usize>),
    red: (i64, Range<usize>),
    whose: &str,
) -> Result<Warnings, Problem> {
    let warnings = Warnings {
        amber_seconds: amber.0,
        red_seconds: red.0,
    };
    rules::warnings(warnings).map_err(|b| {
        let span = if amber.1.start > red.1.start {
            amber.1
        } else {
            red.1
        };
        problem(span, format!("{whose}{}", b.why))
    })?;
    Ok(warnings)
}

#[expect(
    clippy::too_many_lines,
    reason = "each field is checked in the order the plan file holds them"
)]
pub(super) fn validate(raw: RawPlan, name: &str, len: usize) -> Result<Plan, Problem> {
    let title =
        text_field(raw.title.as_ref(), "the plan's `title`", Some(0..0))?.unwrap_or_default();
    let location = text_field(raw.location.as_ref(), "`location`", None)?;
    let date = raw.date.as_ref().map(parse_date).transpose()?;
    let start = raw.start.as_ref().map(parse_start).transpose()?;
    let budget = optional_duration(raw.budget.as_ref(), "`budget`")?;
    // "1:15" is 1 minute 15 seconds; a hurried organiser meant an hour and
    // a quarter.
    let budget_in_colons = raw.budget.as_ref().is_some_and(
        |v| matches!(v.get_ref(), toml::Value::String(s) if s.trim().matches(':').count() == 1),
    );

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
    let silent = cues(raw.cues.as_ref())?;

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
        let whose = rules::whose(i, &title);
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
        let min = optional_duration(seg.min.as_ref(), &format!("{whose}`min`"))?;
        let max = optional_duration(seg.max.as_ref(), &format!("{whose}`max`"))?;
        let flexible = seg
            .flexible
            .as_ref()
            .map(|v| bool_field(v, &format!("{whose}`flexible`")))
            .transpose()?
            .unwrap_or(false);
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
        let segment = Segment {
            floor,
            lang: floor::lang(seg.lang.as_ref(), &format!("{whose}`lang`"))?,
            speaker: text_field(seg.speaker.as_ref(), &format!("{whose}`speaker`"), None)?,
            role: text_field(seg.role.as_ref(), &format!("{whose}`role`"), None)?,
            notes: text_field(seg.notes.as_ref(), &format!("{whose}`notes`"), None)?,
            title,
            duration_seconds: duration,
            flexible,
            min_seconds: min.as_ref().map_or(duration / 2, |m| m.0),
            max_seconds: max.as_ref().map(|m| m.0),
            warnings: seg_warnings,
        };
        rules::segment(&segment).map_err(|b| {
            let span = match b.field {
                Field::Duration => duration_value.span(),
                Field::Min => min.as_ref().map_or(at.clone(), |m| m.1.clone()),
                Field::Max => max.as_ref().map_or(at.clone(), |m| m.1.clone()),
                Field::List => seg.list.as_ref().map_or(at.clone(), Spanned::span),
                _ => at.clone(),
            };
            problem(span, format!("{whose}{}", b.why))
        })?;
        segments.push(segment);
    }

    let planned: i64 = segments.iter().map(|s| s.duration_seconds).sum();
    rules::budget(planned, budget.as_ref().map(|b| b.0)).map_err(|b| {
        let (span, hint) = match (b.field, &budget) {
            (Field::Budget, Some((seconds, span))) => {
                let (m, s) = (seconds / 60, seconds % 60);
                let hint = (budget_in_colons && *seconds < 3600 && seconds * 60 >= planned)
                    .then(|| {
                        format!(
                            " ({m}:{s:02} is read as minutes and seconds: for {m} h {s:02} min write \"{m}h{s:02}m\")"
                        )
                    });
                (span.clone(), hint)
            }
            _ => (segments_span.clone(), None),
        };
        problem(span, format!("{}{}", b.why, hint.unwrap_or_default()))
    })?;
    let budget_seconds = budget.as_ref().map_or(planned, |b| b.0);

    let messages = match raw.messages {
        Some(table) => presets(table)?,
        None => Vec::new(),
    };

    Ok(Plan {
        messages,
        kinds,
        lang,
        silent,
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
/// The `[messages]` table, each preset held to [`rules::preset`] and their
/// number to [`rules::presets`].
fn presets(
    table: Spanned<indexmap::IndexMap<String, Spanned<toml::Value>>>,
) -> Result<Vec<Preset>, Problem> {
    let span = table.span();
    let table = table.into_inner();
    rules::presets(table.len()).map_err(|why| problem(span, why))?;
    let mut presets = Vec::with_capacity(table.len());
    for (name, value) in table {
        let what = format!("message `{}`", text::sanitize(&name));
        let langs = match value.get_ref() {
            toml::Value::Table(written) => per_language(written, &what, value.span())?,
            _ => Vec::new(),
        };
        let text = if langs.is_empty() {
            let text = text_field(Some(&value), &what, Some(value.span()))?.unwrap_or_default();
            rules::preset(&text)
                .map_err(|Broken { why, .. }| problem(value.span(), format!("{what} {why}")))?;
            text
        } else {
            langs
                .iter()
                .find(|(l, _)| l == "en")
                .unwrap_or(&langs[0])
                .1
                .clone()
        };
        presets.push(Preset {
            name: text::sanitize(&name),
            text,
            langs,
        });
    }
    Ok(presets)
}

/// A preset written per language: `{ en = "…", fr = "…" }`, each key one
/// of the six languages, each text held to [`rules::preset`].
fn per_language(
    written: &toml::Table,
    what: &str,
    span: Range<usize>,
) -> Result<Vec<(String, String)>, Problem> {
    if written.is_empty() {
        return Err(problem(
            span,
            format!("{what} is empty: write a text, or one per language (en = \"…\")"),
        ));
    }
    let mut langs = Vec::with_capacity(written.len());
    for (code, value) in written {
        let lang = code.to_lowercase();
        if !floor::LANGS.contains(&lang.as_str()) {
            return Err(problem(
                span,
                format!(
                    "{what}: \"{}\" is not one of the UN languages: write {}",
                    text::sanitize(code),
                    floor::LANGS.join(", ")
                ),
            ));
        }
        let toml::Value::String(raw) = value else {
            return Err(problem(
                span,
                format!("{what}'s `{lang}` must be text, in quotes"),
            ));
        };
        let text = text::sanitize(raw.trim());
        if text.is_empty() {
            return Err(problem(span, format!("{what}'s `{lang}` is empty")));
        }
        rules::preset(&text).map_err(|Broken { why, .. }| {
            problem(span.clone(), format!("{what}'s `{lang}` {why}"))
        })?;
        langs.push((lang, text));
    }
    Ok(langs)
}

/// `cues`: `"silent"` keeps every page quiet; `"on"` (the default) lets
/// the stage page vibrate and the chair's pages chime once allowed.
fn cues(value: Option<&Spanned<toml::Value>>) -> Result<bool, Problem> {
    let Some(written) = text_field(value, "`cues`", None)? else {
        return Ok(false);
    };
    match written.to_lowercase().as_str() {
        "silent" => Ok(true),
        "on" => Ok(false),
        _ => Err(problem(
            value.map_or(0..0, Spanned::span),
            format!(
                "`cues` \"{}\" is not a choice: write \"silent\" or \"on\"",
                text::sanitize(&written)
            ),
        )),
    }
}
