//! The report as Markdown: a table for humans, fit to paste into the
//! organisers' report, with the totals and notes below it.

use std::fmt::Write as _;

use super::compare::{Cell, Comparison, SegmentComparison};
use super::{Report, SegmentLine, SegmentState, Signal, Standing};
use crate::run::{Mode, Source};
use crate::text::lateness;
use crate::time::hms;
use crate::time::{clock, minutes, signed};

/// Text from a plan shown as text in a Markdown table: the characters that
/// would end a cell or start emphasis, a link or HTML are escaped, and a
/// line break (which would end the table's row) becomes a space.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\n' | '\r') {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A duration cell, blank when zero (pauses, `+`/`-`).
fn unless_zero(seconds: i64, show: impl Fn(i64) -> String) -> String {
    if seconds == 0 {
        String::new()
    } else {
        show(seconds)
    }
}

fn actual_cell(s: &SegmentLine, ended_early: bool) -> String {
    match (s.status, s.actual_seconds) {
        (SegmentState::Done, Some(a)) if s.cut_short => format!("{}, run ended", clock(a)),
        (SegmentState::Done, Some(a)) => clock(a),
        (SegmentState::Running, Some(a)) => format!("{} so far", clock(a)),
        (SegmentState::Skipped, _) => "skipped".to_owned(),
        (SegmentState::NotStarted, _) if ended_early => "not started (run ended)".to_owned(),
        _ => "not started".to_owned(),
    }
}

/// Δ against the time given, in bold with "over" when it ran past it.
fn delta_cell(s: &SegmentLine) -> String {
    match s.delta_seconds {
        Some(d) if s.over => format!("**{} over**", signed(d)),
        Some(d) => signed(d),
        None if s.over => "**over**".to_owned(),
        None => String::new(),
    }
}

/// `+1:00`, `-5:00 (a)`, `+1:00, -5:00 (a)`: the keys, then the console's
/// suggestion.
fn plus_minus(keys: i64, suggested: i64) -> String {
    let mut parts = Vec::new();
    if keys != 0 {
        parts.push(signed(keys));
    }
    if suggested != 0 {
        parts.push(format!("{} (a)", signed(suggested)));
    }
    parts.join(", ")
}

/// The title, and how the segment came to be where it is when the rundown
/// was edited: added, filed elsewhere, filed otherwise.
fn segment_cell(s: &SegmentLine) -> String {
    let mut marks = Vec::new();
    match s.filed_index {
        None => marks.push("added".to_owned()),
        Some(i) if i != s.index => marks.push(format!("filed {}", ordinal(i))),
        Some(_) => {}
    }
    marks.extend(s.changes.iter().cloned());
    if marks.is_empty() {
        escape(&s.title)
    } else {
        format!("{} *({})*", escape(&s.title), escape(&marks.join("; ")))
    }
}

/// `1st`, `2nd`, `3rd`, `11th`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "(from the web)" after an action that came from the remote.
fn from_web(source: Source) -> &'static str {
    match source {
        Source::Web => " (from the web)",
        Source::Console => "",
    }
}

const LEGEND: &str = "Planned is the segment's duration in the rundown as it stood. ± is time given (+) or taken (−) with the + and − keys, and, marked (a), time moved by applying the console's suggestion: a recovery cut, or time given back. Given is planned ± all of it: the time the speaker was given, which the console counted down. Actual is the time spoken, pauses left out. Δ is actual minus given, once a segment is done; **over** marks a segment that ran past the time it was given, as the console showed OVER. A segment cut short by ending the run has no Δ: it was not a whole turn.";

/// The whole report as Markdown.
pub fn render_markdown(report: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", escape(&report.title));
    let mode = match report.mode {
        Mode::Live => "Live run",
        Mode::Rehearsal => "Rehearsal",
    };
    let mut line = format!(
        "Planned against actual: **{mode}**, {}",
        report.day().format("%A %-d %B %Y")
    );
    if let Some(location) = &report.location {
        let _ = write!(line, ", {}", escape(location));
    }
    let _ = writeln!(md, "{line}.\n");
    if let Some(headline) = &report.headline {
        let _ = writeln!(md, "> **{}**\n", escape(headline));
    }

    let edited = report.edited();
    if edited {
        md.push_str(&filed_table(report));
        md.push_str("## As run: the rundown as it stood at the end, and what happened\n\n");
    }
    md.push_str(
        "| # | Segment | Speaker | Planned start | Actual start | Planned | ± | Given | Actual | Δ | Paused |\n",
    );
    md.push_str("|--:|:--|:--|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for s in &report.segments {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.index,
            segment_cell(s),
            escape(s.speaker.as_deref().unwrap_or("")),
            hms(s.planned_start),
            s.actual_start.map_or_else(|| "—".to_owned(), hms),
            clock(s.planned_seconds),
            plus_minus(s.adjusted_seconds, s.rebalanced_seconds),
            if s.no_show {
                String::new()
            } else {
                clock(s.given_seconds)
            },
            actual_cell(s, report.state == Standing::EndedEarly),
            delta_cell(s),
            unless_zero(s.paused_seconds, clock),
        );
    }
    let t = &report.totals;
    let any_done = report.segments.iter().any(|s| s.delta_seconds.is_some());
    let _ = writeln!(
        md,
        "| | **Total** | | {} | {} | {} | {} | {} | {}{} | {} | {} |",
        hms(report.scheduled_start),
        report.started.map_or_else(|| "—".to_owned(), hms),
        minutes(t.planned_seconds),
        plus_minus(t.adjusted_seconds, t.rebalanced_seconds),
        minutes(t.given_seconds),
        minutes(t.actual_seconds),
        if report.state == Standing::Unfinished {
            " so far"
        } else {
            ""
        },
        if any_done {
            signed(t.delta_seconds)
        } else {
            String::new()
        },
        unless_zero(t.paused_seconds, minutes),
    );
    let _ = writeln!(md, "\n{LEGEND}\n");

    let _ = writeln!(md, "- {}", session_line(report));
    let _ = writeln!(md, "- {}", used_line(report));
    if let Some(line) = over_line(report) {
        let _ = writeln!(md, "- {line}");
    }
    for line in adjusted_lines(report) {
        let _ = writeln!(md, "- {line}");
    }
    for note in &report.notes {
        let _ = writeln!(md, "- {}", escape(note));
    }
    let _ = writeln!(
        md,
        "- Journal: `{}`, {} of {}.",
        report.journal.replace('`', "'"),
        match report.mode {
            Mode::Live => "a live run",
            Mode::Rehearsal => "a rehearsal",
        },
        escape(&report.plan_path)
    );
    md.push_str(&super::floor::markdown(report));
    md.push_str(&signals_section(report));
    md.push_str(&edits_section(report));
    md
}

/// The first layer of an edited run: the plan as filed.
fn filed_table(report: &Report) -> String {
    let mut md = String::from(
        "## Plan as filed\n\n| # | Segment | Speaker | Planned |\n|--:|:--|:--|--:|\n",
    );
    for f in &report.filed {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            f.index,
            escape(&f.title),
            escape(f.speaker.as_deref().unwrap_or("")),
            clock(f.planned_seconds)
        );
    }
    let _ = writeln!(
        md,
        "| | **Total** | | {} |\n",
        minutes(report.totals.filed_seconds)
    );
    md
}

/// The signals to the speaker, per segment, with what followed each.
fn signals_section(report: &Report) -> String {
    let item = |signal: &Signal| {
        let mut line = format!(
            "{} {}{}",
            hms(signal.at),
            escape(&signal.describe()),
            from_web(signal.source)
        );
        if let Some(followed) = signal.followed() {
            let _ = write!(line, " — {followed}");
        }
        line
    };
    let mut md = String::new();
    for s in report.segments.iter().filter(|s| !s.signals.is_empty()) {
        let speaker = s
            .speaker
            .as_deref()
            .map_or_else(String::new, |sp| format!(" ({})", escape(sp)));
        let _ = writeln!(md, "- {}. {}{speaker}:", s.index, escape(&s.title));
        for signal in &s.signals {
            let _ = writeln!(md, "  - {}", item(signal));
        }
    }
    if !report.other_signals.is_empty() {
        md.push_str("- With no segment on the countdown (before the start or after the end):\n");
        for signal in &report.other_signals {
            let _ = writeln!(md, "  - {}", item(signal));
        }
    }
    if md.is_empty() {
        return md;
    }
    format!(
        "\n## Signals to the speaker\n\nEach message, clear and flash with its time, and how long the segment went on being spoken after it (pauses left out), until it ended or as of the report.\n\n{md}"
    )
}

/// The edits made to the rundown during the run, with their times.
fn edits_section(report: &Report) -> String {
    if report.edits.is_empty() {
        return String::new();
    }
    let mut md = String::from("\n## Changes made during the run\n\n");
    for e in &report.edits {
        let _ = writeln!(
            md,
            "- {} {}{}{}",
            hms(e.at),
            escape(&e.what),
            from_web(e.source),
            if e.took_effect { "" } else { " (no effect)" }
        );
    }
    md
}

/// Who ran over the time they were given, or that nobody did.
fn over_line(report: &Report) -> Option<String> {
    if report.state == Standing::NotStarted {
        return None;
    }
    let over: Vec<String> = report
        .segments
        .iter()
        .filter(|s| s.over)
        .map(|s| {
            let by = s.actual_seconds.unwrap_or(0) - s.given_seconds;
            let so_far = if s.status == SegmentState::Running {
                " so far"
            } else {
                ""
            };
            format!(
                "{} by {}{so_far} ({} of {} given)",
                escape(&s.title),
                clock(by),
                clock(s.actual_seconds.unwrap_or(0)),
                clock(s.given_seconds)
            )
        })
        .collect();
    Some(if over.is_empty() {
        "No segment ran over the time it was given.".to_owned()
    } else {
        format!(
            "Over the time given (as the console showed OVER): {}.",
            over.join("; ")
        )
    })
}

/// "Session: started 10:02:10, 2:10 late (scheduled 10:00:00); ended …"
fn session_line(report: &Report) -> String {
    let Some(started) = report.started else {
        return format!(
            "Session: not started; scheduled {}–{}.",
            hms(report.scheduled_start),
            hms(report.scheduled_end)
        );
    };
    let mut line = format!("Session: started {}", hms(started));
    if report.on_plan_clock {
        let late = report.totals.start_late_seconds.unwrap_or(0);
        let _ = write!(
            line,
            ", {} (scheduled {})",
            lateness(late),
            hms(report.scheduled_start)
        );
    }
    let late = report.totals.late_seconds.unwrap_or(0);
    match (report.state, report.ended) {
        (Standing::Unfinished, _) | (_, None) => {
            let _ = write!(
                line,
                "; not ended: projected end {}, {} (scheduled end {}).",
                hms(report.projected_end),
                lateness(late),
                hms(report.scheduled_end)
            );
        }
        (Standing::EndedEarly, Some(ended)) => {
            let _ = write!(
                line,
                "; ended early at {} (scheduled end {}).",
                hms(ended),
                hms(report.scheduled_end)
            );
        }
        (_, Some(ended)) => {
            let _ = write!(
                line,
                "; ended {}, {} (scheduled end {}).",
                hms(ended),
                lateness(late),
                hms(report.scheduled_end)
            );
        }
    }
    line
}

/// "Time used: 77:32 of the 75:00 budget, 2:32 over; spoken 75:17, paused 2:15."
fn used_line(report: &Report) -> String {
    let t = &report.totals;
    let planned = if t.planned_seconds == t.budget_seconds {
        String::new()
    } else {
        format!(" (segments planned {})", minutes(t.planned_seconds))
    };
    if report.state == Standing::NotStarted {
        return format!("Budget: {}{planned}.", minutes(t.budget_seconds));
    }
    let over = t.used_seconds - t.budget_seconds;
    let against = match (over.cmp(&0), report.state) {
        (std::cmp::Ordering::Greater, _) => format!(", {} over", minutes(over)),
        (std::cmp::Ordering::Less, Standing::Finished) => {
            format!(", {} to spare", minutes(-over))
        }
        _ => String::new(),
    };
    let so_far = if report.state == Standing::Unfinished {
        " so far"
    } else {
        ""
    };
    format!(
        "Time used{so_far}: {} of the {} budget{planned}{against}; spoken {}, paused {}.",
        minutes(t.used_seconds),
        minutes(t.budget_seconds),
        minutes(t.actual_seconds),
        minutes(t.paused_seconds),
    )
}

/// "Time given or taken with the + and − keys: +1:00 to …", and the time
/// moved by the console's suggestion, each on its own line.
fn adjusted_lines(report: &Report) -> Vec<String> {
    let listed = |seconds: fn(&SegmentLine) -> i64| -> Vec<String> {
        report
            .segments
            .iter()
            .filter(|s| seconds(s) != 0)
            .map(|s| {
                let n = seconds(s);
                let word = if n > 0 { "to" } else { "from" };
                format!("{} {word} {}", signed(n), escape(&s.title))
            })
            .collect()
    };
    let mut lines = Vec::new();
    let keys = listed(|s| s.adjusted_seconds);
    if !keys.is_empty() {
        let web = report.segments.iter().any(|s| s.adjusted_from_web);
        let how = if report.version < 2 {
            "with the + and − keys or a recovery suggestion (a journal of format 1 does not tell them apart)"
        } else {
            "with the + and − keys"
        };
        lines.push(format!(
            "Time given or taken {how}: {} (net {}){}.",
            keys.join("; "),
            signed(report.totals.adjusted_seconds),
            if web { ", some of it from the web" } else { "" }
        ));
    }
    let suggested = listed(|s| s.rebalanced_seconds);
    if !suggested.is_empty() {
        lines.push(format!(
            "Time moved by the console's suggestion (a: recovery cuts −, time given back +): {} (net {}).",
            suggested.join("; "),
            signed(report.totals.rebalanced_seconds)
        ));
    }
    lines
}

/// Several runs side by side as Markdown.
pub fn render_compare_markdown(c: &Comparison) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {} — {} compared\n",
        escape(&c.title),
        if c.runs.len() == 1 {
            "1 run".to_owned()
        } else {
            format!("{} runs", c.runs.len())
        }
    );
    let labels: Vec<String> = c.runs.iter().map(|r| escape(&r.label)).collect();
    let _ = writeln!(
        md,
        "| # | Segment | Speaker | Planned | {} | Mean | Mean Δ | Spread | Over |",
        labels.join(" | ")
    );
    let _ = writeln!(
        md,
        "|--:|:--|:--|--:|{}--:|--:|--:|--:|",
        "--:|".repeat(c.runs.len())
    );
    for s in &c.segments {
        md.push_str(&compared_row(s));
    }
    md.push_str(&session_row(c));
    md.push_str(
        "\nActual times are spoken time, pauses left out. Mean and spread are over the runs in which the segment was done; spread is the longest minus the shortest (max − min). Mean Δ is the mean minus the planned time; Over counts the runs in which the segment ran past the time it was given there (planned ± every adjustment), as the console showed OVER; a segment cut short by ending the run is shown but not counted. The Session row is each run's time from start to end, pauses included, against the budget; its mean and spread are over the finished runs.\n\n",
    );
    md.push_str(&after_signal_table(c, &labels));
    let long = c.consistently_long();
    if c.runs.len() < 2 {
        // One run says nothing about who runs long every time.
    } else if long.is_empty() {
        md.push_str("- No segment ran long in every run.\n");
    } else {
        let names: Vec<String> = long
            .iter()
            .map(|s| {
                let who = s
                    .speaker
                    .as_deref()
                    .map_or_else(String::new, |sp| format!(" ({})", escape(sp)));
                format!(
                    "{}{who}, mean {}",
                    escape(&s.title),
                    s.mean_delta_seconds.map_or_else(String::new, signed)
                )
            })
            .collect();
        let _ = writeln!(md, "- Ran long in every run: {}.", names.join("; "));
    }
    for (run, label) in c.runs.iter().zip(&labels) {
        let _ = writeln!(
            md,
            "- {label}: `{}`, {}.",
            run.journal.replace('`', "'"),
            run.state_words()
        );
    }
    for note in &c.notes {
        let _ = writeln!(md, "- {}", escape(note));
    }
    md
}

/// How long each speaker went on after the first signal (a message or a
/// flash), per run; nothing when no run had a signal.
fn after_signal_table(c: &Comparison, labels: &[String]) -> String {
    if c.segments
        .iter()
        .all(|s| s.after_signal.iter().all(Option::is_none))
    {
        return String::new();
    }
    let mut md = format!(
        "After the first signal to the speaker (a message or a flash), how long each segment went on being spoken, pauses left out:\n\n| # | Segment | Speaker | {} | Mean |\n|--:|:--|:--|{}--:|\n",
        labels.join(" | "),
        "--:|".repeat(labels.len())
    );
    for s in c
        .segments
        .iter()
        .filter(|s| s.after_signal.iter().any(Option::is_some))
    {
        let cells: Vec<String> = s
            .after_signal
            .iter()
            .map(|a| a.map_or_else(|| "—".to_owned(), clock))
            .collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            s.index,
            escape(&s.title),
            escape(s.speaker.as_deref().unwrap_or("")),
            cells.join(" | "),
            s.mean_after_signal.map_or_else(String::new, clock)
        );
    }
    md.push('\n');
    md
}

/// One segment across the runs; a mean Δ in bold when it ran long every time.
fn compared_row(s: &SegmentComparison) -> String {
    let cells: Vec<String> = s
        .actual
        .iter()
        .map(|cell| match cell {
            Cell::Done(a) => clock(*a),
            Cell::Running(a) => format!("({} so far)", clock(*a)),
            Cell::CutShort(a) => format!("({}, run ended)", clock(*a)),
            Cell::Skipped => "skipped".to_owned(),
            Cell::NotStarted => "not started".to_owned(),
            Cell::Missing => "—".to_owned(),
        })
        .collect();
    let mean_delta = s.mean_delta_seconds.map_or_else(String::new, |d| {
        if s.consistently_long() {
            format!("**{}**", signed(d))
        } else {
            signed(d)
        }
    });
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        s.index,
        escape(&s.title),
        escape(s.speaker.as_deref().unwrap_or("")),
        clock(s.planned_seconds),
        cells.join(" | "),
        s.mean_seconds.map_or_else(String::new, clock),
        mean_delta,
        s.spread_seconds.map_or_else(String::new, clock),
        if s.done == 0 {
            String::new()
        } else {
            format!("{}/{}", s.over, s.done)
        },
    )
}

/// Each run's session time against the budget.
fn session_row(c: &Comparison) -> String {
    let used: Vec<String> = c
        .runs
        .iter()
        .map(|r| match r.state {
            Standing::Unfinished => format!("({} so far)", minutes(r.used_seconds)),
            Standing::NotStarted => "not started".to_owned(),
            Standing::Finished | Standing::EndedEarly => minutes(r.used_seconds),
        })
        .collect();
    let session = &c.session;
    format!(
        "| | **Session** | | {} | {} | {} | {} | {} | |\n",
        minutes(c.budget_seconds),
        used.join(" | "),
        session.mean.map_or_else(String::new, minutes),
        session.mean_delta.map_or_else(String::new, signed),
        session.spread.map_or_else(String::new, minutes),
    )
}
