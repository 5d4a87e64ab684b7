//! The imported plan as a file a person reads and edits: the fields in the
//! usual order, one `[[segments]]` table each, a comment saying where it came
//! from and what was guessed, text cleaned like any plan text and quoted by
//! `toml_edit`, as the list importer's edits are (so names in any script,
//! quotes and backslashes survive).

use chrono::Timelike as _;
use std::fmt::Write as _;

use super::Remark;
use super::resolve::Draft;
use crate::text;

/// A TOML string holding `s`, made safe to print first.
fn quote(s: &str) -> String {
    toml_edit::Value::from(text::sanitize(s)).to_string()
}

/// One `key = value` line, the keys aligned as in the plans we write by hand.
fn field(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key:<8} = {value}");
}

/// The plan's text.
pub fn render(draft: &Draft, file_name: &str) -> String {
    let mut out = String::new();
    let from = if file_name == "-" {
        "standard input".to_owned()
    } else {
        text::sanitize(file_name)
    };
    let _ = writeln!(out, "# Imported by `timekeeper import` from {from}.");
    let guesses: Vec<&Remark> = draft.remarks.iter().collect();
    if guesses.is_empty() {
        out.push_str("# Nothing was guessed; check it against the agenda all the same.\n");
    } else {
        out.push_str("# Check what the import guessed and noticed before the session:\n");
        for remark in guesses {
            let _ = writeln!(out, "# - {}", text::sanitize(&remark.to_string()));
        }
    }
    out.push('\n');

    field(&mut out, "title", &quote(&draft.title));
    if let Some(date) = draft.date {
        field(
            &mut out,
            "date",
            &quote(&date.format("%Y-%m-%d").to_string()),
        );
    }
    if let Some(start) = draft.start {
        let format = if start.second() == 0 {
            "%H:%M"
        } else {
            "%H:%M:%S"
        };
        field(&mut out, "start", &quote(&start.format(format).to_string()));
    }
    if let Some(budget) = draft.budget {
        // A session's length reads best in minutes: "75m", as on the agenda.
        let written = if budget % 60 == 0 {
            format!("{}m", budget / 60)
        } else {
            compact(budget)
        };
        field(&mut out, "budget", &quote(&written));
    }
    if let Some(location) = &draft.location {
        field(&mut out, "location", &quote(location));
    }
    if !draft.messages.is_empty() {
        out.push_str(
            "\n# Messages to the speaker: `m` then 1-9 in the console, or a button on the\n\
             # remote page. {left}, {speaker}, {next_speaker} and {end} are filled in\n\
             # when the message is sent.\n[messages]\n",
        );
        for preset in &draft.messages {
            field(&mut out, &preset.name, &quote(&preset.text));
        }
    }
    for segment in &draft.segments {
        out.push_str("\n[[segments]]\n");
        field(&mut out, "title", &quote(&segment.title));
        if let Some(speaker) = &segment.speaker {
            field(&mut out, "speaker", &quote(speaker));
        }
        if let Some(role) = &segment.role {
            field(&mut out, "role", &quote(role));
        }
        field(&mut out, "duration", &quote(&compact(segment.duration)));
        if segment.flexible {
            field(&mut out, "flexible", "true");
        }
        if let Some(min) = segment.min {
            field(&mut out, "min", &quote(&compact(min)));
        }
        if let Some(notes) = &segment.notes {
            field(&mut out, "notes", &quote(notes));
        }
    }
    out
}

/// `15m`, `1h 15m`, `1m 30s`: a duration as plans write it.
fn compact(seconds: i64) -> String {
    crate::time::human(seconds)
}
