//! A plain list of speakers, as a secretariat types it or a chair pastes
//! it: one name a line (whatever ends the lines), its numbering, blank
//! lines and a heading dropped. `import --into` reads a text file with it,
//! the console's paste box a paste.

use std::sync::LazyLock;

use regex::Regex;

use super::{Cells, Column, Row, column_of};
use crate::import::Place;

/// The list's own numbering in front of a name: `1.`, `12)`, `(3)`, `4 -`,
/// or a bullet.
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?\d{1,3}\s*[.)\]:]|\d{1,3}\s+[-–—]|[-*•·–])\s*").expect("valid pattern")
});

/// The lines of a list, ended by CRLF, LF or a CR alone: a list saved on
/// an old Mac, and a paste from a terminal that turns newlines into CR
/// (tmux's `paste-buffer`, xterm, VTE), are one name a line too. Like
/// [`str::lines`], a last line ended by its terminator is not followed by
/// an empty one.
pub fn lines(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(at) = rest.find(['\r', '\n']) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..at];
        let end = if rest[at..].starts_with("\r\n") {
            at + 2
        } else {
            at + 1
        };
        rest = &rest[end..];
        Some(line)
    })
}

/// The name in one line of a pasted list: its numbering dropped; `None`
/// for a blank line.
pub fn name_in_line(line: &str) -> Option<String> {
    let name = NUMBERING.replace(line.trim(), "");
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The names in a pasted text list, as `import` reads a text file.
pub fn names_in_text(source: &str) -> Vec<String> {
    text_rows(source).into_iter().map(|r| r.name).collect()
}

/// A plain list: one name a line, blank lines and numbering dropped, and a
/// first line that only says what follows ("Speakers:") skipped.
pub(super) fn text_rows(source: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, line) in lines(source).enumerate() {
        let Some(name) = name_in_line(line) else {
            continue;
        };
        if rows.is_empty() && is_heading(&name) {
            continue;
        }
        let place = Place::Line(i + 1);
        rows.push(Row {
            cells: Cells::all_at(&place),
            place,
            name,
            kind: None,
            lang: None,
            limit: None,
        });
    }
    rows
}

/// A first line that says what follows rather than naming a speaker:
/// "Speakers:", "List of speakers", "Liste des orateurs".
fn is_heading(line: &str) -> bool {
    let l = line.to_lowercase();
    column_of(&l) == Some(Column::Name)
        || l.ends_with(':')
        || [
            "list of speakers",
            "speakers' list",
            "speakers list",
            "speakers’ list",
            "liste des orateurs",
            "liste des intervenants",
            "lista de oradores",
        ]
        .iter()
        .any(|h| l.starts_with(h))
}
