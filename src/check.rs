//! `timekeeper check`: validate plans and print each one's schedule, so an
//! organiser sees at once when every segment is due to start and whether the
//! plan fits its budget.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::{TimeDelta, Timelike as _};

use crate::plan::Plan;
use crate::text::{self, pad_left, pad_right};
use crate::time;

mod floor;
mod lang;

/// Widest a name column may grow before it is cut with `…`.
const MAX_NAME_COLUMNS: usize = 36;

/// Checks every file, printing schedules to `out` and refusals to `err`.
/// Returns whether all plans were valid.
pub fn check_files(
    paths: &[PathBuf],
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<bool> {
    let mut all_valid = true;
    let mut printed_one = false;
    for path in paths {
        match Plan::load(path) {
            Ok(plan) => {
                // A blank line between schedules, none before the first.
                if printed_one {
                    writeln!(out)?;
                }
                write_schedule(&plan, &text::sanitize(&path.display().to_string()), out)?;
                printed_one = true;
            }
            Err(e) => {
                all_valid = false;
                writeln!(err, "timekeeper: {e}")?;
            }
        }
    }
    Ok(all_valid)
}

/// How a plan's clock times are written: with seconds when any of them
/// needs them, so a column never mixes `10:00` and `10:00:30`.
fn clock_format(plan: &Plan) -> &'static str {
    let whole_minutes = plan.start.is_none_or(|t| t.second() == 0)
        && plan.budget_seconds % 60 == 0
        && plan.planned_offsets().iter().all(|o| o % 60 == 0)
        && plan.planned_seconds() % 60 == 0;
    if whole_minutes { "%H:%M" } else { "%H:%M:%S" }
}

/// How a column of durations is written, decided once from its longest
/// value so a column never mixes `15:00` and `1:15:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    /// `m:ss`, minutes past 59 allowed (`75:00`), as the console's totals.
    Minutes,
    /// `h:mm:ss` for every value, `0:15:00` too.
    Hours,
}

impl Span {
    /// The format for a column whose longest value is `longest` seconds.
    fn fitting(longest: i64) -> Self {
        if longest >= 3600 {
            Span::Hours
        } else {
            Span::Minutes
        }
    }

    fn show(self, seconds: i64) -> String {
        match self {
            Span::Minutes => time::minutes(seconds),
            Span::Hours => {
                let sign = if seconds < 0 { "-" } else { "" };
                let s = seconds.unsigned_abs();
                format!("{sign}{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
            }
        }
    }
}

/// When a segment is due: a clock time when the plan has a start, else an
/// offset from the session's start, in the column's one format.
fn due(plan: &Plan, offset: i64, format: &str, span: Span) -> String {
    match plan.start {
        Some(start) => (start + TimeDelta::seconds(offset))
            .format(format)
            .to_string(),
        None => format!("+{}", span.show(offset)),
    }
}

/// Prints one plan's schedule table.
#[expect(
    clippy::too_many_lines,
    reason = "the schedule table is one straight pass over the plan"
)]
pub fn write_schedule(plan: &Plan, shown_path: &str, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", plan.title)?;
    let mut about = vec![format!("{shown_path}: valid")];
    if let Some(location) = &plan.location {
        about.push(location.clone());
    }
    if let Some(date) = plan.date {
        about.push(date.format("%A %-d %B %Y").to_string());
    }
    let format = clock_format(plan);
    if let Some(start) = plan.start {
        let end = start + TimeDelta::seconds(plan.budget_seconds);
        about.push(format!("{}–{}", start.format(format), end.format(format)));
    }
    writeln!(out, "{}", about.join(" · "))?;
    writeln!(out)?;

    let offsets = plan.planned_offsets();
    // One format per column, and the totals written like the durations.
    let start_span = Span::fitting(offsets.iter().copied().max().unwrap_or(0));
    let duration_span = Span::fitting(
        plan.segments
            .iter()
            .map(|s| s.duration_seconds.max(s.min_seconds))
            .max()
            .unwrap_or(0),
    );
    let speaker = |s: &crate::plan::Segment| s.speaker.clone().unwrap_or_default();
    let number_w = plan.segments.len().to_string().len().max(1);
    let title_w = column_width("Segment", plan.segments.iter().map(|s| s.title.clone()));
    let speaker_w = column_width("Speaker", plan.segments.iter().map(speaker));
    let start_w = offsets
        .iter()
        .map(|&o| text::width(&due(plan, o, format, start_span)))
        .chain([5])
        .max()
        .unwrap_or(5);
    let duration_w = plan
        .segments
        .iter()
        .map(|s| text::width(&duration_span.show(s.duration_seconds)))
        .chain(["Duration".len()])
        .max()
        .unwrap_or(8);

    let line = |n: &str, title: &str, speaker: &str, start: &str, duration: &str, flag: &str| {
        format!(
            "{}  {}  {}  {}  {}{}",
            pad_left(n, number_w),
            pad_right(title, title_w),
            pad_right(speaker, speaker_w),
            pad_left(start, start_w),
            pad_left(duration, duration_w),
            flag
        )
        .trim_end()
        .to_owned()
    };
    writeln!(
        out,
        "{}",
        line("#", "Segment", "Speaker", "Start", "Duration", "")
    )?;
    for (i, (segment, offset)) in plan.segments.iter().zip(&offsets).enumerate() {
        let flag = if segment.flexible {
            format!(
                "  flexible (min {})",
                duration_span.show(segment.min_seconds)
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}",
            line(
                &(i + 1).to_string(),
                &segment.title,
                &speaker(segment),
                &due(plan, *offset, format, start_span),
                &duration_span.show(segment.duration_seconds),
                &flag,
            )
        )?;
        if let Some(floor) = &segment.floor {
            floor::write_list(floor, segment.duration_seconds, number_w + 2, out)?;
        }
    }
    writeln!(out)?;

    let planned = plan.planned_seconds();
    let budget_note = if plan.budget_given {
        ""
    } else {
        " (no budget set: the segments' sum)"
    };
    writeln!(
        out,
        "Total {} of budget {}{budget_note}; unallocated {}",
        duration_span.show(planned),
        duration_span.show(plan.budget_seconds),
        duration_span.show(plan.budget_seconds - planned)
    )?;
    match plan.start {
        Some(start) => {
            let segments_end = start + TimeDelta::seconds(planned);
            let scheduled_end = start + TimeDelta::seconds(plan.budget_seconds);
            if segments_end == scheduled_end {
                writeln!(out, "Scheduled end {}", scheduled_end.format(format))?;
            } else {
                writeln!(
                    out,
                    "Segments end {}; scheduled end {}",
                    segments_end.format(format),
                    scheduled_end.format(format)
                )?;
            }
        }
        None => writeln!(
            out,
            "Scheduled end +{} after the start (the plan sets no start time)",
            start_span.show(plan.budget_seconds)
        )?,
    }
    lang::write_warnings(plan, out)
}

fn column_width(header: &str, cells: impl Iterator<Item = String>) -> usize {
    cells
        .map(|c| text::width(&c))
        .chain([text::width(header)])
        .max()
        .unwrap_or(0)
        .min(MAX_NAME_COLUMNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(plan: &Plan) -> String {
        let mut out = Vec::new();
        write_schedule(plan, "p.toml", &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plenary_schedule_lists_every_start_and_the_end() {
        let out = schedule(&Plan::builtin());
        for start in ["10:00", "10:10", "10:25", "10:40", "10:55", "11:10"] {
            assert!(out.contains(start), "{start} missing:\n{out}");
        }
        assert!(out.contains("Scheduled end 11:15"), "{out}");
        assert!(out.contains("Total 75:00 of budget 75:00; unallocated 0:00"));
    }

    #[test]
    fn plan_without_start_shows_offsets() {
        let plan = crate::plan::parse(
            "title=\"T\"\nbudget=\"30m\"\n[[segments]]\ntitle=\"A\"\nduration=\"10m\"\n[[segments]]\ntitle=\"B\"\nduration=\"5m\"\n",
            "t",
            "t",
        )
        .unwrap();
        let out = schedule(&plan);
        assert!(out.contains("+0:00"), "{out}");
        assert!(out.contains("+10:00"), "{out}");
        assert!(out.contains("unallocated 15:00"), "{out}");
    }

    /// `check` once printed `1:15:00`, `+76:40` and `143:10` in one table:
    /// each column now has one format, decided from its longest value.
    #[test]
    fn each_column_keeps_one_format_from_its_longest_value() {
        let plan = crate::plan::parse(
            "title=\"T\"\n[[segments]]\ntitle=\"A\"\nduration=\"15m\"\n[[segments]]\ntitle=\"B\"\nduration=\"1h 15m\"\n[[segments]]\ntitle=\"C\"\nduration=\"53m 10s\"\n",
            "t",
            "t",
        )
        .unwrap();
        let out = schedule(&plan);
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.trim_start().starts_with(['1', '2', '3']))
            .collect();
        assert_eq!(rows.len(), 3, "{out}");
        let cells = |row: &str| -> Vec<String> {
            row.split_whitespace().skip(2).map(str::to_owned).collect()
        };
        assert_eq!(cells(rows[0]), ["+0:00:00", "0:15:00"], "{out}");
        assert_eq!(cells(rows[1]), ["+0:15:00", "1:15:00"], "{out}");
        assert_eq!(cells(rows[2]), ["+1:30:00", "0:53:10"], "{out}");
        assert!(
            out.contains("Total 2:23:10 of budget 2:23:10 (no budget set: the segments' sum); unallocated 0:00:00"),
            "{out}"
        );
        assert!(
            out.contains("Scheduled end +2:23:10 after the start"),
            "{out}"
        );
    }

    #[test]
    fn a_plan_under_an_hour_a_segment_keeps_minutes_everywhere() {
        let out = schedule(&Plan::builtin());
        assert!(out.contains(" 15:00  flexible (min 7:30)"), "{out}");
        assert!(!out.contains("0:15:00"), "{out}");
    }
}
