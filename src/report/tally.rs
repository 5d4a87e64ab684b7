//! `timekeeper tally`: who spoke for how long, over one run or several (a
//! day's sessions, a week's rehearsals), for a meeting summary's list
//! ("Speaking were the delegations of …").
//!
//! One line per speaker or delegation, in the order they first spoke: the
//! interventions, the time in all, the time over their limits, the points
//! of order raised during their time, and the sessions they spoke in. The
//! same name written two ways (" COLOMBIA", "Colombia") is one speaker:
//! names are matched after trimming, folding case and runs of blanks; the
//! first spelling is the one shown. By default only a floor's
//! interventions count; `--all` adds each segment's own speaker (a
//! presenter, the chair's remarks), against the time they were given.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::command::{check_output, resolve};
use super::markdown::escape;
use super::spreadsheet::neutralise;
use crate::files::write_out;
use crate::journal::Journal;
use crate::run::{Run, SegmentState, Time};
use crate::time::clock;

/// The formats of a tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyFormat {
    Md,
    Csv,
    Json,
}

impl TallyFormat {
    /// The format a file name's extension says, if it says one.
    pub fn from_extension(path: &Path) -> Option<Self> {
        match path
            .extension()?
            .to_string_lossy()
            .to_ascii_lowercase()
            .as_str()
        {
            "md" | "markdown" => Some(Self::Md),
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// What `timekeeper tally` was asked for.
#[derive(Debug, Clone)]
pub struct TallyOptions {
    pub journals: Vec<PathBuf>,
    pub format: Option<TallyFormat>,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// Count each segment's own speaker too, not only the floors'.
    pub all: bool,
}

/// One speaker or delegation over every run tallied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// As first written.
    pub name: String,
    pub interventions: usize,
    pub total_seconds: i64,
    pub over_seconds: i64,
    pub points_of_order: usize,
    /// The sessions they spoke in, in the order they first did.
    pub sessions: Vec<String>,
    #[serde(skip)]
    first: Time,
}

/// The tally of several runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The sessions tallied, in the order given.
    pub sessions: Vec<String>,
    pub speakers: Vec<Speaker>,
}

/// A name as it is matched: trimmed, case folded, blanks as one space.
fn matched(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A run's name in the tally: its title and when it was recorded.
fn session_of(journal: &Journal) -> String {
    let created = journal.header.created;
    format!(
        "{} ({})",
        journal.run.plan.title,
        created.format("%Y-%m-%d %H:%M")
    )
}

/// When a run's record stops: its end, else its last event.
fn end_of(journal: &Journal) -> Time {
    journal
        .run
        .closed
        .or_else(|| journal.events.last().map(|e| e.at))
        .unwrap_or(journal.header.created)
}

/// One intervention as the tally counts it.
struct Spoke {
    name: String,
    at: Time,
    seconds: i64,
    over: i64,
    orders: usize,
}

fn interventions(run: &Run, end: Time, all: bool) -> Vec<Spoke> {
    let snap = run.at(end);
    let mut out = Vec::new();
    for (i, slot) in run.rundown.iter().enumerate() {
        if slot.floor.is_some() {
            out.extend(run.interventions(i, end).into_iter().map(|s| Spoke {
                name: s.name,
                at: s.called,
                seconds: s.spoke,
                over: (s.spoke - s.limit).max(0),
                orders: s.orders,
            }));
        } else if all
            && let (Some(speaker), Some(row)) = (&slot.segment.speaker, snap.rows.get(i))
            && row.state != SegmentState::Skipped
            && let (Some(at), Some(seconds)) = (row.actual_start, row.actual)
        {
            out.push(Spoke {
                name: speaker.clone(),
                at,
                seconds,
                over: (seconds - row.given()).max(0),
                orders: 0,
            });
        }
    }
    out
}

impl Tally {
    /// The tally of `journals`, in the order given.
    pub fn new(journals: &[Journal], all: bool) -> Self {
        let mut spoke: Vec<(Spoke, usize)> = Vec::new();
        let sessions: Vec<String> = journals.iter().map(session_of).collect();
        for (k, journal) in journals.iter().enumerate() {
            spoke.extend(
                interventions(&journal.run, end_of(journal), all)
                    .into_iter()
                    .map(|s| (s, k)),
            );
        }
        spoke.sort_by_key(|(s, k)| (s.at, *k));
        let mut speakers: Vec<(String, Speaker)> = Vec::new();
        for (s, k) in spoke {
            let key = matched(&s.name);
            if key.is_empty() {
                continue;
            }
            let at = if let Some(at) = speakers.iter().position(|(m, _)| *m == key) {
                at
            } else {
                speakers.push((
                    key,
                    Speaker {
                        name: s.name.split_whitespace().collect::<Vec<_>>().join(" "),
                        interventions: 0,
                        total_seconds: 0,
                        over_seconds: 0,
                        points_of_order: 0,
                        sessions: Vec::new(),
                        first: s.at,
                    },
                ));
                speakers.len() - 1
            };
            let who = &mut speakers[at].1;
            who.interventions += 1;
            who.total_seconds += s.seconds;
            who.over_seconds += s.over;
            who.points_of_order += s.orders;
            if !who.sessions.contains(&sessions[k]) {
                who.sessions.push(sessions[k].clone());
            }
        }
        Self {
            sessions,
            speakers: speakers.into_iter().map(|(_, s)| s).collect(),
        }
    }
}

fn times(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The tally as a meeting summary's list.
pub fn render_tally_markdown(tally: &Tally) -> String {
    let mut out = String::from("# Who spoke\n\n");
    let several = tally.sessions.len() > 1;
    for (n, s) in tally.sessions.iter().enumerate() {
        if several {
            let _ = writeln!(out, "- Session {}: {}", n + 1, escape(s));
        } else {
            let _ = writeln!(out, "- {}", escape(s));
        }
    }
    out.push('\n');
    if tally.speakers.is_empty() {
        out.push_str("Nobody was given the floor.\n");
        return out;
    }
    let names: Vec<String> = tally.speakers.iter().map(|s| escape(&s.name)).collect();
    let _ = writeln!(out, "Speaking were, in this order: {}.\n", names.join(", "));
    for (n, s) in tally.speakers.iter().enumerate() {
        let mut line = format!(
            "{}. **{}**: {}, {} in all",
            n + 1,
            escape(&s.name),
            times(s.interventions, "intervention", "interventions"),
            clock(s.total_seconds)
        );
        if s.over_seconds > 0 {
            let _ = write!(line, ", {} over their limits", clock(s.over_seconds));
        }
        if s.points_of_order > 0 {
            let _ = write!(
                line,
                ", {} raised during their time",
                times(s.points_of_order, "point of order", "points of order")
            );
        }
        if several {
            let numbers: Vec<String> = s
                .sessions
                .iter()
                .filter_map(|x| tally.sessions.iter().position(|t| t == x))
                .map(|n| (n + 1).to_string())
                .collect();
            let which = match numbers.as_slice() {
                [one] => format!("session {one}"),
                [init @ .., last] => format!("sessions {} and {last}", init.join(", ")),
                [] => String::new(),
            };
            let _ = write!(line, " ({which})");
        }
        line.push('\n');
        out.push_str(&line);
    }
    out
}

/// The tally as CSV: one row per speaker, cells neutralised like the
/// reports'.
pub fn render_tally_csv(tally: &Tally) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "order",
        "name",
        "interventions",
        "total_seconds",
        "over_seconds",
        "points_of_order",
        "sessions",
    ]);
    for (n, s) in tally.speakers.iter().enumerate() {
        let _ = w.write_record([
            (n + 1).to_string(),
            neutralise(&s.name),
            s.interventions.to_string(),
            s.total_seconds.to_string(),
            s.over_seconds.to_string(),
            s.points_of_order.to_string(),
            neutralise(&s.sessions.join("; ")),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The tally as JSON.
pub fn render_tally_json(tally: &Tally) -> String {
    let mut text = serde_json::to_string_pretty(tally).unwrap_or_default();
    text.push('\n');
    text
}

/// `timekeeper tally`: to stdout or a file.
pub fn tally(options: &TallyOptions) -> anyhow::Result<()> {
    let output = options.output.as_deref();
    if let Some(out) = output {
        check_output(out, options.force, &options.journals)?;
    }
    let format = resolve(
        options.format,
        output,
        TallyFormat::from_extension,
        TallyFormat::Md,
        "md, csv or json",
    )?;
    let mut journals = Vec::with_capacity(options.journals.len());
    for path in &options.journals {
        let journal = Journal::read(path)?;
        super::command::warn(&journal);
        journals.push(journal);
    }
    let tally = Tally::new(&journals, options.all);
    if tally.speakers.is_empty() && !options.all {
        eprintln!(
            "timekeeper: nobody took the floor in {}: --all counts the segments' own speakers",
            if journals.len() == 1 {
                "this run"
            } else {
                "these runs"
            }
        );
    }
    let text = match format {
        TallyFormat::Md => render_tally_markdown(&tally),
        TallyFormat::Csv => render_tally_csv(&tally),
        TallyFormat::Json => render_tally_json(&tally),
    };
    write_out(text.as_bytes(), output, options.force, "tally")
}

#[cfg(test)]
mod tests {
    use super::matched;

    #[test]
    fn a_name_written_two_ways_is_one_speaker() {
        assert_eq!(matched("  COLOMBIA "), matched("Colombia"));
        assert_eq!(matched("european  union "), matched("European Union"));
        assert_ne!(matched("Iraq"), matched("Iran"));
    }
}
