//! The report as Markdown: a table for humans, fit to paste into the
//! organisers' report, with the totals and notes below it.

use std::fmt::Write as _;

use super::compare::{Cell, Comparison, SegmentComparison};
use super::{Report, RunState, SegmentLine, SegmentState};
use crate::run::Mode;
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

fn actual_cell(s: &SegmentLine) -> String {
    match (s.status, s.actual_seconds) {
        (SegmentState::Done, Some(a)) => clock(a),
        (SegmentState::Running, Some(a)) => format!("{} so far", clock(a)),
        (SegmentState::Skipped, _) => "skipped".to_owned(),
        _ => "not started".to_owned(),
    }
}

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

    md.push_str(
        "| # | Segment | Speaker | Planned start | Actual start | Planned | Actual | Δ | Paused | ± |\n",
    );
    md.push_str("|--:|:--|:--|--:|--:|--:|--:|--:|--:|--:|\n");
    for s in &report.segments {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.index,
            escape(&s.title),
            escape(s.speaker.as_deref().unwrap_or("")),
            hms(s.planned_start),
            s.actual_start.map_or_else(|| "—".to_owned(), hms),
            clock(s.planned_seconds),
            actual_cell(s),
            s.delta_seconds.map_or_else(String::new, signed),
            unless_zero(s.paused_seconds, clock),
            unless_zero(s.adjusted_seconds, signed),
        );
    }
    let t = &report.totals;
    let any_done = report
        .segments
        .iter()
        .any(|s| s.status == SegmentState::Done);
    let _ = writeln!(
        md,
        "| | **Total** | | {} | {} | {} | {}{} | {} | {} | {} |",
        hms(report.scheduled_start),
        report.started.map_or_else(|| "—".to_owned(), hms),
        minutes(t.planned_seconds),
        minutes(t.actual_seconds),
        if report.state == RunState::Unfinished {
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
        unless_zero(t.adjusted_seconds, signed),
    );
    md.push_str(
        "\nActual is the time spoken, pauses left out. Δ is actual minus the planned duration (time given or taken is in ±), once a segment is done; the console's difference counts against the planned duration plus ±. ± is time given (+) or taken (−) with the + and − keys or by applying a recovery suggestion (a).\n\n",
    );

    let _ = writeln!(md, "- {}", session_line(report));
    let _ = writeln!(md, "- {}", used_line(report));
    if let Some(line) = adjusted_line(report) {
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
    md
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
        (RunState::Unfinished, _) | (_, None) => {
            let _ = write!(
                line,
                "; not ended: projected end {}, {} (scheduled end {}).",
                hms(report.projected_end),
                lateness(late),
                hms(report.scheduled_end)
            );
        }
        (RunState::EndedEarly, Some(ended)) => {
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
    if report.state == RunState::NotStarted {
        return format!("Budget: {}{planned}.", minutes(t.budget_seconds));
    }
    let over = t.used_seconds - t.budget_seconds;
    let against = match (over.cmp(&0), report.state) {
        (std::cmp::Ordering::Greater, _) => format!(", {} over", minutes(over)),
        (std::cmp::Ordering::Less, RunState::Finished) => {
            format!(", {} to spare", minutes(-over))
        }
        _ => String::new(),
    };
    let so_far = if report.state == RunState::Unfinished {
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

/// "Time given or taken: +1:00 to Presentation: Cambodia; -3:00 from …"
fn adjusted_line(report: &Report) -> Option<String> {
    let parts: Vec<String> = report
        .segments
        .iter()
        .filter(|s| s.adjusted_seconds != 0)
        .map(|s| {
            let word = if s.adjusted_seconds > 0 { "to" } else { "from" };
            format!("{} {word} {}", signed(s.adjusted_seconds), escape(&s.title))
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "Time given or taken (+ and − keys, recovery suggestions): {} (net {}).",
            parts.join("; "),
            signed(report.totals.adjusted_seconds)
        )
    })
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
        "\nActual times are spoken time, pauses left out. Mean and spread are over the runs in which the segment was done; spread is the longest minus the shortest (max − min). Mean Δ is the mean minus the planned time; Over counts the runs in which the segment ran past its planned time. The Session row is each run's time from start to end, pauses included, against the budget; its mean and spread are over the finished runs.\n\n",
    );
    let long = c.consistently_long();
    if long.is_empty() {
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
            RunState::Unfinished => format!("({} so far)", minutes(r.used_seconds)),
            RunState::NotStarted => "not started".to_owned(),
            RunState::Finished | RunState::EndedEarly => minutes(r.used_seconds),
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
