//! The floor in a plan: the kinds of intervention and their limits
//! (`[kinds]`), a segment timed speaker by speaker (`floor = true`) and the
//! speakers inscribed on its list beforehand (`[[segments.list]]`).
//!
//! Read like every other plan key: raw and spanned first, then checked here
//! into [`Kind`]s and a [`Floor`] whose limits are whole seconds and whose
//! names are safe to print.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::raw::bool_field;
use super::rules::{self, Field};
use super::{
    Problem, Warnings, check_thresholds, duration_field, nearest, optional_duration, problem,
    text_field,
};
use crate::text;

/// The limit of an entry when the plan has no `[kinds]`.
pub const DEFAULT_LIMIT: i64 = 180;
/// The kind every entry has when the plan has no `[kinds]`.
pub const DEFAULT_KIND: &str = "statement";
/// Longest limit a speaker may be given: more is a typo for a segment.
pub const MAX_LIMIT: i64 = 3600;
/// Most entries a list may hold, inscribed and added together.
pub const MAX_ENTRIES: usize = 500;
/// The languages of the stage's words: the six of the UN.
pub const LANGS: &[&str] = &["ar", "zh", "en", "fr", "ru", "es"];

/// A kind of intervention (`statement`, `reply`) and its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kind {
    pub name: String,
    pub limit_seconds: i64,
    /// When the speaker's countdown turns amber and red.
    pub warnings: Warnings,
    /// The shortest an equal share of the floor may give this kind
    /// (`min`); below it the fit offers the cut line instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_seconds: Option<i64>,
}

/// What a floor whose list cannot be heard in its time left offers first
/// (`fit = "equal" | "cut"` on the segment).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitPreference {
    /// Equal time for everyone still to speak (never under a kind's `min`).
    #[default]
    Equal,
    /// The cut line at the current limits.
    Cut,
}

impl FitPreference {
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's skip_serializing_if passes a reference"
    )]
    fn is_equal(&self) -> bool {
        *self == FitPreference::Equal
    }
}

/// A segment timed speaker by speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Floor {
    /// The kind of an entry that names none.
    pub kind: String,
    /// The speakers inscribed before the session, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<Entry>,
    /// What the fit offers first when the list cannot be heard in time.
    #[serde(default, skip_serializing_if = "FitPreference::is_equal")]
    pub fit: FitPreference,
}

/// One speaker on a list, with their limit resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// A delegation or a person.
    pub name: String,
    pub kind: String,
    pub limit_seconds: i64,
    pub warnings: Warnings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The thresholds of a kind that sets none: amber at 30 s left, red at
/// 10 s, kept within a short limit.
pub fn default_warnings(limit: i64) -> Warnings {
    fit(
        Warnings {
            amber_seconds: 30,
            red_seconds: 10,
        },
        limit,
    )
}

/// Thresholds kept below a limit (a 20-second question cannot turn amber
/// 30 s before its end).
pub fn fit(warnings: Warnings, limit: i64) -> Warnings {
    if warnings.amber_seconds < limit {
        return warnings;
    }
    let amber = (limit / 4).max(1);
    Warnings {
        amber_seconds: amber,
        red_seconds: warnings.red_seconds.min(amber - 1).max(0),
    }
}

/// The kinds in force: the plan's, or the one default kind.
pub fn effective(kinds: &[Kind]) -> Vec<Kind> {
    if kinds.is_empty() {
        vec![Kind {
            name: DEFAULT_KIND.to_owned(),
            limit_seconds: DEFAULT_LIMIT,
            warnings: default_warnings(DEFAULT_LIMIT),
            min_seconds: None,
        }]
    } else {
        kinds.to_vec()
    }
}

/// An entry of `kind` with its limit, or the kind's own when none.
pub fn entry(name: String, kind: &Kind, limit: Option<i64>, lang: Option<String>) -> Entry {
    let limit_seconds = limit.unwrap_or(kind.limit_seconds);
    Entry {
        name,
        kind: kind.name.clone(),
        limit_seconds,
        warnings: fit(kind.warnings, limit_seconds),
        lang,
    }
}

/// Why a limit typed at the console (or found in a journal) is not one, in
/// one line.
pub fn limit_problem(seconds: i64) -> Option<String> {
    rules::limit(seconds).err().map(|b| b.why)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    name: Option<Spanned<toml::Value>>,
    kind: Option<Spanned<toml::Value>>,
    limit: Option<Spanned<toml::Value>>,
    lang: Option<Spanned<toml::Value>>,
}

pub(super) type RawKinds = Spanned<indexmap::IndexMap<String, Spanned<toml::Value>>>;

/// A `lang` value: one of the six languages.
pub(super) fn lang(
    value: Option<&Spanned<toml::Value>>,
    what: &str,
) -> Result<Option<String>, Problem> {
    let Some(written) = text_field(value, what, None)? else {
        return Ok(None);
    };
    let code = written.to_lowercase();
    if LANGS.contains(&code.as_str()) {
        return Ok(Some(code));
    }
    let span = value.map_or(0..0, Spanned::span);
    Err(problem(
        span,
        format!(
            "{what} \"{written}\" is not one of the UN languages: write {}",
            LANGS.join(", ")
        ),
    ))
}

/// Reads `[kinds]`: each a limit (`"3m"`) or a table with `time`, `amber`
/// and `red`.
pub(super) fn kinds(raw: RawKinds) -> Result<Vec<Kind>, Problem> {
    let span = raw.span();
    let table = raw.into_inner();
    if table.is_empty() {
        return Err(problem(
            span,
            "`kinds` is empty: give each kind a limit, like statement = \"3m\"",
        ));
    }
    let mut kinds = Vec::with_capacity(table.len());
    for (name, value) in table {
        let shown = text::sanitize(name.trim());
        if shown.is_empty() {
            return Err(problem(value.span(), "a kind needs a name"));
        }
        let what = format!("kind `{shown}`");
        let kind = if let toml::Value::Table(_) = value.get_ref() {
            {
                // Spans of the inner keys are not kept by a plain table:
                // read it again, spanned, from its own value.
                let raw: RawKind =
                    value
                        .get_ref()
                        .clone()
                        .try_into()
                        .map_err(|e: toml::de::Error| {
                            let message = e.message().to_owned();
                            let key = message
                                .strip_prefix("unknown field `")
                                .and_then(|r| r.split('`').next())
                                .unwrap_or_default()
                                .to_owned();
                            let near = nearest(&key, &["time", "amber", "red", "min"]);
                            let hint = near.map_or_else(
                                || "a kind has `time`, `amber`, `red` and `min`".to_owned(),
                                |n| format!("did you mean `{n}`?"),
                            );
                            problem(
                                value.span(),
                                format!("{what}: unknown key `{}`: {hint}", text::sanitize(&key)),
                            )
                        })?;
                kind_table(&raw, &what, value.span(), shown.clone())?
            }
        } else {
            let limit = limit_field(&value, &what)?;
            Kind {
                name: shown.clone(),
                limit_seconds: limit,
                warnings: default_warnings(limit),
                min_seconds: None,
            }
        };
        kinds.push(kind);
    }
    Ok(kinds)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    time: Option<toml::Value>,
    amber: Option<toml::Value>,
    red: Option<toml::Value>,
    min: Option<toml::Value>,
}

fn kind_table(
    raw: &RawKind,
    what: &str,
    span: Range<usize>,
    name: String,
) -> Result<Kind, Problem> {
    let spanned = |v: &Option<toml::Value>| v.clone().map(|v| Spanned::new(span.clone(), v));
    let Some(time) = spanned(&raw.time) else {
        return Err(problem(span, format!("{what} has no `time`: its limit")));
    };
    let limit = limit_field(&time, what)?;
    let defaults = default_warnings(limit);
    let amber = optional_duration(spanned(&raw.amber).as_ref(), &format!("{what}: `amber`"))?;
    let red = optional_duration(spanned(&raw.red).as_ref(), &format!("{what}: `red`"))?;
    let warnings = check_thresholds(
        amber.unwrap_or((defaults.amber_seconds, span.clone())),
        red.unwrap_or((defaults.red_seconds, span.clone())),
        &format!("{what}: "),
    )?;
    let min = optional_duration(spanned(&raw.min).as_ref(), &format!("{what}: `min`"))?;
    let kind = Kind {
        name,
        limit_seconds: limit,
        warnings,
        min_seconds: min.as_ref().map(|(m, _)| *m),
    };
    rules::kind(&kind).map_err(|b| {
        let span = match (b.field, &min) {
            (Field::Min, Some((_, at))) => at.clone(),
            _ => span,
        };
        problem(span, format!("{what}: {}", b.why))
    })?;
    Ok(kind)
}

/// A speaker's limit: a duration, at most [`MAX_LIMIT`].
fn limit_field(value: &Spanned<toml::Value>, what: &str) -> Result<i64, Problem> {
    let limit = duration_field(value, what)?;
    rules::limit(limit).map_err(|b| problem(value.span(), format!("{what}: {}", b.why)))?;
    Ok(limit)
}

/// What to say of a kind no plan defines: the nearest kind's name, else
/// the kinds there are.
pub fn kind_hint(written: &str, kinds: &[Kind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
    match nearest(written, &names) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "the kinds are {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The name of a kind as written, checked against the kinds in force.
fn kind_name(value: &Spanned<toml::Value>, kinds: &[Kind], what: &str) -> Result<Kind, Problem> {
    let written = text_field(Some(value), what, Some(value.span()))?.unwrap_or_default();
    if let Some(kind) = kinds.iter().find(|k| k.name == written) {
        return Ok(kind.clone());
    }
    let hint = kind_hint(&written, kinds);
    Err(problem(
        value.span(),
        format!("{what} `{written}` is not a kind of intervention: {hint}"),
    ))
}

/// What a segment says about the floor, as written.
pub(super) struct RawFloor<'a> {
    pub floor: Option<&'a Spanned<toml::Value>>,
    pub kind: Option<&'a Spanned<toml::Value>>,
    pub list: Option<&'a Spanned<Vec<Spanned<RawEntry>>>>,
    pub fit: Option<&'a Spanned<toml::Value>>,
}

/// Reads a segment's `floor`, `kind` and `list`: `None` for a segment that
/// is not a floor (and then has neither a kind nor a list).
pub(super) fn floor(
    raw: &RawFloor<'_>,
    kinds: &[Kind],
    whose: &str,
) -> Result<Option<Floor>, Problem> {
    let is_floor = raw
        .floor
        .map(|v| bool_field(v, &format!("{whose}`floor`")))
        .transpose()?
        .unwrap_or(false);
    if !is_floor {
        if let Some(kind) = raw.kind {
            return Err(problem(
                kind.span(),
                format!("{whose}`kind` is for a floor segment: add floor = true, or remove it"),
            ));
        }
        if let Some(fit) = raw.fit {
            return Err(problem(
                fit.span(),
                format!("{whose}`fit` is for a floor segment: add floor = true, or remove it"),
            ));
        }
        if let Some(list) = raw.list {
            return Err(problem(
                list.span(),
                format!(
                    "{whose}a speakers' list is for a floor segment: add floor = true to the segment"
                ),
            ));
        }
        return Ok(None);
    }
    let kinds = effective(kinds);
    let default = match raw.kind {
        Some(v) => kind_name(v, &kinds, &format!("{whose}`kind`"))?,
        None => kinds[0].clone(),
    };
    let mut list = Vec::new();
    if let Some(raw_list) = raw.list {
        let entries = raw_list.get_ref();
        for (i, spanned) in entries.iter().enumerate() {
            let e = spanned.get_ref();
            let what = format!("{whose}list entry {}", i + 1);
            let name = text_field(
                e.name.as_ref(),
                &format!("{what}'s `name`"),
                Some(spanned.span()),
            )?
            .unwrap_or_default();
            let what = format!("{whose}list entry {} ({name})", i + 1);
            let kind = match &e.kind {
                Some(v) => kind_name(v, &kinds, &format!("{what}: `kind`"))?,
                None => default.clone(),
            };
            let limit = e
                .limit
                .as_ref()
                .map(|v| limit_field(v, &format!("{what}: `limit`")))
                .transpose()?;
            let lang = lang(e.lang.as_ref(), &format!("{what}: `lang`"))?;
            let entry = entry(name, &kind, limit, lang);
            rules::entry(&entry).map_err(|b| {
                let span = match (b.field, &e.limit) {
                    (Field::Limit, Some(v)) => v.span(),
                    _ => spanned.span(),
                };
                problem(span, format!("{what}: {}", b.why))
            })?;
            list.push(entry);
        }
    }
    let floor = Floor {
        kind: default.name,
        list,
        fit: fit_preference(raw.fit, whose)?,
    };
    rules::list(&floor).map_err(|b| {
        let span = raw.list.map_or(0..0, Spanned::span);
        problem(span, format!("{whose}{}", b.why))
    })?;
    Ok(Some(floor))
}

/// A floor's `fit`: `"equal"` (the default) or `"cut"`.
fn fit_preference(
    value: Option<&Spanned<toml::Value>>,
    whose: &str,
) -> Result<FitPreference, Problem> {
    let Some(value) = value else {
        return Ok(FitPreference::default());
    };
    match value.get_ref() {
        toml::Value::String(s) if s.trim().eq_ignore_ascii_case("equal") => {
            Ok(FitPreference::Equal)
        }
        toml::Value::String(s) if s.trim().eq_ignore_ascii_case("cut") => Ok(FitPreference::Cut),
        other => Err(problem(
            value.span(),
            format!(
                "{whose}`fit` must be \"equal\" (equal time each) or \"cut\" (the cut line), found {}",
                super::raw::describe(other)
            ),
        )),
    }
}

/// Makes a floor's text safe to print (a journal's header may have been
/// edited by hand).
pub fn sanitize(floor: &mut Floor) {
    floor.kind = text::sanitize(&floor.kind);
    for entry in &mut floor.list {
        entry.name = text::sanitize(&entry.name);
        entry.kind = text::sanitize(&entry.kind);
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::{Invalid, PlanError, parse};

    fn refuse(source: &str) -> Invalid {
        match parse(source, "f.toml", "f") {
            Err(PlanError::Invalid(i)) => *i,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    const KINDS: &str = "title = \"T\"\n[kinds]\nstatement = \"3m\"\ngroup = { time = \"5m\", amber = \"1m\", red = \"15s\" }\n";

    fn floor(entries: &str) -> String {
        format!(
            "{KINDS}[[segments]]\ntitle = \"Debate\"\nduration = \"15m\"\nfloor = true\n{entries}"
        )
    }

    #[test]
    fn a_floor_reads_its_kinds_and_list_with_their_limits() {
        let plan = parse(
            &floor(
                "[[segments.list]]\nname = \"Cambodia\"\nkind = \"group\"\nlang = \"FR\"\n[[segments.list]]\nname = \"Iraq\"\nlimit = \"90s\"\n",
            ),
            "f.toml",
            "f",
        )
        .unwrap();
        assert_eq!(plan.kinds.len(), 2);
        let f = plan.segments[0].floor.as_ref().unwrap();
        assert_eq!(f.kind, "statement", "the first kind by default");
        assert_eq!(f.list[0].name, "Cambodia");
        assert_eq!(f.list[0].limit_seconds, 300);
        assert_eq!(f.list[0].warnings.amber_seconds, 60);
        assert_eq!(f.list[0].warnings.red_seconds, 15);
        assert_eq!(f.list[0].lang.as_deref(), Some("fr"));
        assert_eq!(
            (f.list[1].kind.as_str(), f.list[1].limit_seconds),
            ("statement", 90)
        );
        assert_eq!(f.list[1].warnings.amber_seconds, 30, "a plain limit: 0:30");
    }

    #[test]
    fn without_kinds_an_entry_has_three_minutes() {
        let plan = parse(
            "title=\"T\"\n[[segments]]\ntitle=\"D\"\nduration=\"10m\"\nfloor=true\n[[segments.list]]\nname=\"A\"\n",
            "f.toml",
            "f",
        )
        .unwrap();
        let f = plan.segments[0].floor.as_ref().unwrap();
        assert_eq!(
            (f.list[0].kind.as_str(), f.list[0].limit_seconds),
            ("statement", 180)
        );
    }

    #[test]
    fn an_unknown_kind_names_the_nearest_and_its_place() {
        let e = refuse(&floor(
            "[[segments.list]]\nname = \"A\"\nkind = \"statment\"\n",
        ));
        assert!(
            e.message.contains("did you mean `statement`?"),
            "{}",
            e.message
        );
        assert!(e.message.contains("list entry 1 (A)"), "{}", e.message);
        assert_eq!((e.line, e.column), (11, 8));
        let e = refuse(&format!(
            "{KINDS}[[segments]]\ntitle=\"D\"\nduration=\"5m\"\nfloor=true\nkind=\"speech\"\n"
        ));
        assert!(
            e.message.contains("`speech` is not a kind"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 9);
    }

    #[test]
    fn empty_names_and_bad_limits_are_refused_with_their_place() {
        let e = refuse(&floor("[[segments.list]]\nname = \"  \"\n"));
        assert!(
            e.message.contains("list entry 1's `name` is empty"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 10);
        let e = refuse(&floor("[[segments.list]]\nkind = \"group\"\n"));
        assert!(e.message.contains("`name` is missing"), "{}", e.message);
        for (limit, why) in [
            ("0s", "zero"),
            ("-1m", "negative"),
            ("2h", "not a speaker's: at most 1h"),
            ("3", "needs a unit"),
        ] {
            let e = refuse(&floor(
                &format!("[[segments.list]]\nname = \"A\"\nlimit = \"{limit}\"\n")
                    .replace("\"3\"", "3"),
            ));
            assert!(e.message.contains(why), "{limit}: {}", e.message);
            assert_eq!(e.line, 11, "{limit}");
        }
        let e = refuse(
            "title=\"T\"\n[kinds]\nstatement=\"0s\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        );
        assert!(e.message.contains("kind `statement`"), "{}", e.message);
        assert_eq!(e.line, 3);
    }

    #[test]
    fn a_list_or_kind_on_a_segment_that_is_not_a_floor_is_refused() {
        let e = refuse(&format!(
            "{KINDS}[[segments]]\ntitle=\"A\"\nduration=\"5m\"\n[[segments.list]]\nname=\"X\"\n"
        ));
        assert!(e.message.contains("add floor = true"), "{}", e.message);
        assert_eq!(e.line, 8);
        let e = refuse(&format!(
            "{KINDS}[[segments]]\ntitle=\"A\"\nduration=\"5m\"\nkind=\"group\"\n"
        ));
        assert!(
            e.message.contains("`kind` is for a floor segment"),
            "{}",
            e.message
        );
    }

    #[test]
    fn more_than_five_hundred_entries_are_refused() {
        let entries = "[[segments.list]]\nname = \"X\"\n".repeat(501);
        let e = refuse(&floor(&entries));
        assert!(
            e.message.contains("501 entries; a floor holds at most 500"),
            "{}",
            e.message
        );
        parse(
            &floor(&"[[segments.list]]\nname = \"X\"\n".repeat(500)),
            "f",
            "f",
        )
        .unwrap();
    }

    #[test]
    fn lang_is_one_of_the_six_and_kept_everywhere() {
        let plan = parse(
            "title=\"T\"\nlang=\"ar\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\nlang=\"zh\"\n",
            "f",
            "f",
        )
        .unwrap();
        assert_eq!(plan.lang.as_deref(), Some("ar"));
        assert_eq!(plan.segments[0].lang.as_deref(), Some("zh"));
        let e = refuse("title=\"T\"\nlang=\"de\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
        assert!(
            e.message.contains("ar, zh, en, fr, ru, es"),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (2, 6));
    }

    #[test]
    fn a_kind_table_checks_its_keys_and_thresholds() {
        let e = refuse(
            "title=\"T\"\n[kinds]\ngroup={ time=\"5m\", ambr=\"1m\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        );
        assert!(e.message.contains("did you mean `amber`?"), "{}", e.message);
        assert_eq!(e.line, 3);
        let e = refuse(
            "title=\"T\"\n[kinds]\ngroup={ time=\"1m\", amber=\"2m\", red=\"10s\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        );
        assert!(e.message.contains("less than its time"), "{}", e.message);
    }

    #[test]
    fn a_floor_says_how_it_fits_and_a_kind_its_minimum() {
        let plan = parse(
            "title=\"T\"\n[kinds]\nstatement=\"3m\"\ngroup={ time=\"5m\", min=\"1m\" }\n\
                 [[segments]]\ntitle=\"D\"\nduration=\"15m\"\nfloor=true\nfit=\"cut\"\n",
            "f",
            "f",
        )
        .unwrap();
        assert_eq!(plan.kinds[1].min_seconds, Some(60));
        assert_eq!(plan.kinds[0].min_seconds, None);
        let f = plan.segments[0].floor.as_ref().unwrap();
        assert_eq!(f.fit, crate::plan::FitPreference::Cut);
        let plan = parse(&floor(""), "f", "f").unwrap();
        assert_eq!(
            plan.segments[0].floor.as_ref().unwrap().fit,
            crate::plan::FitPreference::Equal,
            "equal by default"
        );
    }

    #[test]
    fn a_bad_fit_or_minimum_is_refused_with_its_place() {
        let e = refuse(&floor("fit = \"lottery\"\n"));
        assert!(
            e.message.contains("`fit` must be \"equal\""),
            "{}",
            e.message
        );
        assert_eq!((e.line, e.column), (9, 7));
        let e = refuse(
            "title=\"T\"\n[kinds]\ngroup={ time=\"2m\", min=\"3m\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        );
        assert!(
            e.message
                .contains("`min` (3m) must not be more than its time (2m)"),
            "{}",
            e.message
        );
        assert_eq!(e.line, 3);
        let e = refuse(
            "title=\"T\"\n[kinds]\ngroup={ time=\"2m\", min=\"0s\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        );
        assert!(e.message.contains("`min`"), "{}", e.message);
        assert!(e.message.contains("zero"), "{}", e.message);
        let e = refuse(
            "title=\"T\"\n[kinds]\ngroup={ time=\"2m\", mni=\"1m\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        );
        assert!(e.message.contains("did you mean `min`?"), "{}", e.message);
        let e = refuse("title=\"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\nfit=\"cut\"\n");
        assert!(
            e.message.contains("`fit` is for a floor segment"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_seed_floor_plan_is_valid() {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sessions/plenary-3-floor.toml"
        ))
        .unwrap();
        let plan = parse(&source, "plenary-3-floor.toml", "plenary-3-floor").unwrap();
        let f = plan.segments[4].floor.as_ref().unwrap();
        assert_eq!(f.list.len(), 5);
        let sum: i64 = f.list.iter().map(|e| e.limit_seconds).sum();
        assert_eq!(sum, plan.segments[4].duration_seconds);
    }
}
