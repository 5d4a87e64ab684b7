//! Notes and agendas in prose (plain text or Markdown) read into an
//! [`Agenda`]: the labelled fields ("Chair:", "Date and time:", "Speakers:"
//! and the lines under it), the title, and the programme: the lines that end
//! in a duration or start with times, taken from the block after a heading
//! such as "Format for the Plenary" or "Programme", or else the longest run
//! of such lines.
//!
//! One file, over 750 lines, for one grammar: every part reads the same
//! classified [`Line`]s in an order that matters (labels, headings, the
//! programme block, the fields around it), and cut apart they would have to
//! share those types and that order across files. Its tests are in
//! `prose/tests.rs`.

use std::sync::LazyLock;

use chrono::NaiveTime;
use regex::Regex;

use super::people::{self, squeeze};
use super::words::{self, Key};
use super::{Agenda, Failure, Item, Place, Remark, fail};

/// What to say when no programme is found.
pub const LOOKED_FOR: &str = "looked for lines that end in a duration (\"Opening remarks   10 minutes\", \"15 min\", \"15’\", \"(1 hour)\") or start with times (\"10:10–10:25 Keynote\", \"10h10 Keynote\")";

/// One line of the document, cleaned and classified.
struct Line {
    number: usize,
    /// Without bullets, numbering, Markdown marks; tabs kept.
    clean: String,
    /// Markdown heading level, 0 when not a heading.
    level: usize,
    indented: bool,
    bulleted: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Blank,
    /// A field we read: "Chair: Ms. X".
    Label {
        key: Key,
        word: String,
        value: String,
    },
    /// A Markdown heading, or a line announcing the programme.
    Heading {
        programme: bool,
        total: Option<(i64, String)>,
    },
    /// A programme line: a time or a duration, and a title.
    Item(Draft),
    /// A time or a duration without a title.
    Bare(Draft),
    /// Only a date and a time window.
    When,
    /// A label we do not read, opening a section ("Food for Thought:").
    Section,
    Other,
}

/// A programme line as written.
#[derive(Debug, Clone, Default)]
struct Draft {
    texts: Vec<String>,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
    duration: Option<(i64, String)>,
    was_range: bool,
}

static BULLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-*+•·‣▪◦●○■□➢➤►»§✓✔→]|o\s|(?:\d{1,2}|[a-z]|(?i:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii))[.)]|\(\d{1,2}\)|\([a-z]\)|[A-Z]\))\s+",
    )
    .expect("valid pattern")
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<label>[^:：\d\t]{1,50}?)\s*[:：]\s*(?P<value>.*)$").expect("valid pattern")
});

static COLUMNS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\t+|\s*[|│]\s*| {3,}").expect("valid pattern"));

static WORD_ARTIFACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[bookmark:[^\]]*\]|\[(?P<text>[^\]]+)\]\([^)]*\)|`|\*\*|__")
        .expect("valid pattern")
});

/// Strips what decorates a line: bullets, numbering, Markdown emphasis and
/// heading marks, table bars. Returns the text, the heading level and
/// whether it was a bullet.
fn clean(raw: &str) -> (String, usize, bool) {
    let mut s: String = raw
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}'..='\u{200a}' => ' ',
            '\u{200b}' | '\u{feff}' | '\u{ad}' => '\u{0}',
            c => c,
        })
        .filter(|&c| c != '\u{0}')
        .collect();
    s = WORD_ARTIFACT
        .replace_all(&s, |c: &regex::Captures| {
            c.name("text")
                .map_or(String::new(), |t| t.as_str().to_owned())
        })
        .into_owned();
    let mut t = s.trim();
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    let level = t.chars().take_while(|&c| c == '#').count();
    if level > 0 && t[level..].starts_with(char::is_whitespace) {
        t = t[level..].trim();
    }
    let level = if level > 0 && level <= 6 { level } else { 0 };
    let mut bulleted = false;
    for _ in 0..2 {
        if let Some(m) = BULLET.find(t) {
            t = t[m.end()..].trim_start();
            bulleted = true;
        }
    }
    let t = t.trim_end_matches('#').trim();
    // A Markdown table's separator row says nothing.
    if t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+')) {
        return (String::new(), 0, false);
    }
    let t = t.trim_matches('|').trim();
    // *Emphasis* around the whole line.
    let t = match t.strip_prefix('*').and_then(|s| s.strip_suffix('*')) {
        Some(inner) if !inner.is_empty() => inner.trim(),
        _ => t,
    };
    (t.to_owned(), level, bulleted)
}

fn columns(s: &str) -> Vec<&str> {
    COLUMNS
        .split(s)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Reads the times and durations of a line, column by column.
fn parse_item(s: &str) -> Option<Draft> {
    let mut d = Draft::default();
    for col in columns(s) {
        let mut rest = col;
        if d.start.is_none()
            && let Some((start, end, after)) = words::leading_times(rest)
        {
            d.start = Some(start);
            d.end = end;
            rest = after.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '|' | ',')
            });
        }
        if d.duration.is_none() {
            if let Some(f) = words::trailing_duration(rest) {
                d.duration = Some((f.seconds, f.written));
                d.was_range = f.was_range;
                rest = f.rest;
            } else if let Some(f) = words::leading_duration(rest) {
                d.duration = Some((f.seconds, f.written));
                d.was_range = f.was_range;
                rest = f.rest;
            }
        }
        if d.start.is_none()
            && let Some((start, end, head)) = words::trailing_range(rest)
        {
            d.start = Some(start);
            d.end = Some(end);
            rest = head;
        }
        let mut text = words::trim_separators(rest).to_owned();
        if d.duration.is_none()
            && let Some((f, without)) = words::parenthesized_duration(&text)
        {
            d.duration = Some((f.seconds, f.written));
            d.was_range = f.was_range;
            text = squeeze(words::trim_separators(&without));
        }
        if has_letter(&text) {
            d.texts.push(squeeze(&text));
        }
    }
    (d.start.is_some() || d.duration.is_some()).then_some(d)
}

fn normalized(s: &str) -> String {
    squeeze(&s.to_lowercase())
}

/// A heading's words without the duration it may state.
fn heading_total(s: &str) -> (String, Option<(i64, String)>) {
    if let Some(f) = words::trailing_duration(s) {
        return (
            words::trim_separators(f.rest).to_owned(),
            Some((f.seconds, f.written)),
        );
    }
    if let Some((f, without)) = words::parenthesized_duration(s) {
        return (
            words::trim_separators(&without).to_owned(),
            Some((f.seconds, f.written)),
        );
    }
    (words::trim_separators(s).to_owned(), None)
}

fn is_total_title(title: &str) -> bool {
    let n = normalized(title);
    let n = n.trim_end_matches(':').trim();
    matches!(
        n,
        "total"
            | "total time"
            | "total duration"
            | "total length"
            | "total running time"
            | "durée totale"
            | "duración total"
    )
}

fn classify(clean: &str, level: usize) -> Kind {
    if clean.is_empty() {
        return Kind::Blank;
    }
    if level > 0 {
        let (words_only, total) = heading_total(clean);
        if let Some((key, word)) = words::label_key(&words_only)
            && key != Key::Programme
        {
            // "## Speakers", with the list below.
            return Kind::Label {
                key,
                word,
                value: String::new(),
            };
        }
        let programme = words::is_programme_heading(&normalized(&words_only));
        if !programme
            && let Some(d) = parse_item(clean)
            && !d.texts.is_empty()
            && !words::only_when(clean)
        {
            return Kind::Item(d);
        }
        return Kind::Heading { programme, total };
    }
    let cols = columns(clean);
    let labelled = LABEL
        .captures(clean)
        .map(|c| (c["label"].to_owned(), c["value"].to_owned()));
    let labelled = labelled.or_else(|| {
        // "Chair<TAB>Ms. X": a label in its own column.
        (cols.len() >= 2 && words::label_key(cols[0]).is_some())
            .then(|| (cols[0].to_owned(), cols[1..].join(", ")))
    });
    if let Some((label, value)) = &labelled {
        if let Some((key, word)) = words::label_key(label) {
            if key == Key::Programme {
                let total = if value.trim().is_empty() {
                    None
                } else {
                    heading_total(value).1
                };
                return Kind::Heading {
                    programme: true,
                    total,
                };
            }
            return Kind::Label {
                key,
                word,
                value: value.trim().to_owned(),
            };
        }
        if value.trim().is_empty() && parse_item(label).is_none() {
            return Kind::Section;
        }
    }
    let (words_only, total) = heading_total(clean);
    if words::is_programme_heading(&normalized(&words_only)) {
        return Kind::Heading {
            programme: true,
            total,
        };
    }
    if words::only_when(clean) {
        return Kind::When;
    }
    match parse_item(clean) {
        Some(d) if d.texts.first().is_some_and(|t| is_total_title(t)) && d.duration.is_some() => {
            Kind::Label {
                key: Key::Total,
                word: String::new(),
                value: d.duration.map(|(_, w)| w).unwrap_or_default(),
            }
        }
        Some(d) if d.texts.is_empty() => Kind::Bare(d),
        Some(d) => Kind::Item(d),
        None => Kind::Other,
    }
}

fn lines(source: &str) -> Vec<Line> {
    source
        .lines()
        .enumerate()
        .map(|(i, raw)| {
            let (clean, level, bulleted) = clean(raw);
            let kind = classify(&clean, level);
            Line {
                number: i + 1,
                indented: raw.starts_with(char::is_whitespace),
                clean,
                level,
                bulleted,
                kind,
            }
        })
        .collect()
}

/// The programme: the item lines it holds, the detail lines under each,
/// and where it ends.
struct Block {
    /// Indices of item lines; each with the indices of its detail lines and,
    /// for a bare time followed by its title on the next line, that line.
    items: Vec<(usize, Vec<usize>, Option<usize>)>,
    /// A total stated right after the heading or after the last item.
    total: Option<(i64, String)>,
    first: usize,
    last: usize,
}

fn next_non_blank(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !matches!(lines[j].kind, Kind::Blank))
}

fn is_item(kind: &Kind) -> bool {
    matches!(kind, Kind::Item(_) | Kind::Bare(_))
}

/// The block of programme lines starting at line index `first` (an item).
fn block_from(lines: &[Line], first: usize) -> Block {
    let mut block = Block {
        items: Vec::new(),
        total: None,
        first,
        last: first,
    };
    let mut j = first;
    // Whether the line before was part of the block (no blank since).
    let mut attached = false;
    while j < lines.len() {
        let line = &lines[j];
        match &line.kind {
            Kind::Item(_) | Kind::Bare(_) => {
                let mut title_line = None;
                if let Kind::Bare(d) = &line.kind
                    && d.start.is_some()
                    && lines
                        .get(j + 1)
                        .is_some_and(|next| matches!(next.kind, Kind::Other))
                {
                    title_line = Some(j + 1);
                }
                block.items.push((j, Vec::new(), title_line));
                block.last = j;
                attached = true;
                if let Some(t) = title_line {
                    block.last = t;
                    j = t;
                }
            }
            Kind::Blank => attached = false,
            Kind::Label {
                key: Key::Total,
                value,
                ..
            } => {
                block.total = words::whole_duration(value)
                    .or_else(|| words::trailing_duration(value))
                    .map(|f| (f.seconds, f.written));
                block.last = j;
                break;
            }
            Kind::Label {
                key: Key::Chair | Key::Speakers,
                ..
            } if attached => {
                if let Some(last) = block.items.last_mut() {
                    last.1.push(j);
                }
                block.last = j;
            }
            Kind::Other | Kind::Section if is_sub_heading(line, lines, j) => {
                // "Part 2: Panel" between items: neither a segment nor a detail.
                attached = false;
            }
            Kind::Other | Kind::When => {
                let next_is_item =
                    next_non_blank(lines, j + 1).is_some_and(|n| is_item(&lines[n].kind));
                let detail = attached
                    && (line.indented
                        || line.bulleted
                        || people::starts_like_a_name(&line.clean)
                        || next_is_item);
                if !detail {
                    break;
                }
                if let Some(last) = block.items.last_mut() {
                    last.1.push(j);
                }
                block.last = j;
            }
            _ => break,
        }
        j += 1;
    }
    block
}

/// A line heading part of the programme ("Part 2: Panel", "SEGMENT TWO",
/// "Morning:"), with programme lines after it.
fn is_sub_heading(line: &Line, lines: &[Line], at: usize) -> bool {
    let text = &line.clean;
    let next_is_item = next_non_blank(lines, at + 1).is_some_and(|n| is_item(&lines[n].kind));
    let label_like = text
        .find([':', '：'])
        .is_some_and(|i| text[..i].split_whitespace().count() <= 4);
    let shouted = has_letter(text) && !text.chars().any(char::is_lowercase);
    next_is_item && !line.indented && (label_like || shouted || matches!(line.kind, Kind::Section))
}

/// Every block of programme lines in the document, in order.
fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if is_item(&lines[i].kind) {
            let block = block_from(lines, i);
            i = block.last + 1;
            found.push(block);
        } else {
            i += 1;
        }
    }
    found
}

/// Splits a list of people written on one line: "A, Role; B, Role", or
/// "Mr A, Ms B, Dr C" when every part starts with an honorific.
fn split_people(s: &str) -> Vec<String> {
    let parts: Vec<String> = s
        .split(';')
        .map(squeeze)
        .filter(|p| has_letter(p))
        .collect();
    if parts.len() == 1 {
        let commas: Vec<&str> = s.split(',').map(str::trim).collect();
        if commas.len() > 1 && commas.iter().all(|p| people::starts_like_a_name(p)) {
            return commas.into_iter().map(squeeze).collect();
        }
        // "A and B" where both are named with an honorific.
        for and in [" and ", " & ", " et ", " y "] {
            if let Some((a, b)) = s.split_once(and)
                && people::starts_like_a_name(a.trim())
                && people::starts_like_a_name(b.trim())
            {
                return vec![squeeze(a), squeeze(b)];
            }
        }
    }
    parts
}

/// The value of a label and, when it continues on the lines below (a list of
/// speakers, or a value on the next line), those lines.
fn label_values(lines: &[Line], at: usize, value: &str, many: bool) -> Vec<String> {
    let mut values = Vec::new();
    if has_letter(value) {
        values.push(value.to_owned());
        if !many {
            return values;
        }
    }
    let mut j = at + 1;
    while j < lines.len() {
        match &lines[j].kind {
            Kind::Blank if values.is_empty() && j <= at + 2 => {}
            Kind::Other | Kind::When => {
                values.push(lines[j].clean.clone());
                if !many {
                    break;
                }
            }
            _ => break,
        }
        j += 1;
    }
    values
}

/// Reads a note or agenda in prose.
pub fn read(source: &str) -> Result<Agenda, Failure> {
    // Old Mac line ends, and Windows ones, as plain new lines.
    let source = source.replace("\r\n", "\n").replace('\r', "\n");
    let lines = lines(&source);
    let mut agenda = Agenda {
        chair_word: "Chair".to_owned(),
        ..Agenda::default()
    };

    let all_blocks = blocks(&lines);
    let heading = lines.iter().position(|l| {
        matches!(
            l.kind,
            Kind::Heading {
                programme: true,
                ..
            }
        )
    });
    let chosen = heading
        .and_then(|h| all_blocks.iter().position(|b| b.first > h))
        .or_else(|| {
            // The longest block; the first of equals.
            let most = all_blocks.iter().map(|b| b.items.len()).max()?;
            all_blocks.iter().position(|b| b.items.len() == most)
        });
    let Some(chosen) = chosen else {
        let message = match heading {
            Some(h) => format!(
                "no programme found under the heading on line {}: {LOOKED_FOR}",
                lines[h].number
            ),
            None => format!("no programme found: {LOOKED_FOR}"),
        };
        return fail(Place::File, message);
    };
    let block = &all_blocks[chosen];
    for (i, other) in all_blocks.iter().enumerate() {
        if i != chosen && other.items.len() >= 2 {
            agenda.remarks.push(Remark::Note(format!(
                "lines {}–{} also look like a programme; only lines {}–{} were imported",
                lines[other.first].number,
                lines[other.last].number,
                lines[block.first].number,
                lines[block.last].number
            )));
        }
    }

    // The stated total: on the heading, on the line after it, or after the
    // programme.
    if let Some(h) = heading.filter(|&h| h < block.first) {
        if let Kind::Heading { total: Some(t), .. } = &lines[h].kind {
            agenda.stated_total = Some(t.clone());
        } else if let Some(n) = next_non_blank(&lines, h + 1)
            && n < block.first
            && let Kind::Bare(d) = &lines[n].kind
            && d.start.is_none()
        {
            agenda.stated_total.clone_from(&d.duration);
        }
    }
    if agenda.stated_total.is_none() {
        agenda.stated_total.clone_from(&block.total);
    }

    read_items(&lines, block, &mut agenda)?;
    read_fields(&lines, block, &mut agenda);
    read_questions(&lines, block, &mut agenda);
    read_title(&lines, block, &mut agenda);
    Ok(agenda)
}

/// Reads the fields of rows above a table's header (a spreadsheet's title,
/// date, chair and location), written out as lines.
pub fn read_preamble(source: &str) -> Agenda {
    let lines = lines(source);
    let mut agenda = Agenda {
        chair_word: "Chair".to_owned(),
        ..Agenda::default()
    };
    let block = Block {
        items: Vec::new(),
        total: None,
        first: lines.len(),
        last: lines.len(),
    };
    read_fields(&lines, &block, &mut agenda);
    read_title(&lines, &block, &mut agenda);
    agenda
}

fn read_items(lines: &[Line], block: &Block, agenda: &mut Agenda) -> Result<(), Failure> {
    for (at, details, title_line) in &block.items {
        let line = &lines[*at];
        let (Kind::Item(d) | Kind::Bare(d)) = &line.kind else {
            continue;
        };
        let place = Place::Line(line.number);
        let mut texts = d.texts.clone();
        if let Some(t) = title_line {
            texts.push(words::trim_separators(&lines[*t].clean).to_owned());
        }
        let Some(title) = texts.first().cloned() else {
            let what = d.duration.as_ref().map_or_else(
                || "a time".to_owned(),
                |(_, w)| format!("a duration (\"{}\")", w.trim()),
            );
            return fail(
                place,
                format!(
                    "this programme line gives {what} but no title: write what happens in that slot on the same line"
                ),
            );
        };
        let mut item = Item::new(place, title);
        item.start = d.start;
        item.end = d.end;
        if let Some((seconds, written)) = &d.duration {
            item.duration = Some(*seconds);
            item.duration_written = Some(written.clone());
            if d.was_range {
                agenda.remarks.push(Remark::Guess(format!(
                    "'{}' is given \"{}\": took the longer end",
                    item.title,
                    written.trim()
                )));
            }
        }
        if let Some(who) = texts.get(1) {
            let person = people::parse_person(who);
            item.speaker = Some(person.name);
            item.role = person.role;
        }
        let mut notes: Vec<String> = texts.iter().skip(2).cloned().collect();
        for &k in details {
            let detail = &lines[k];
            match &detail.kind {
                Kind::Label { key, word, value } if item.speaker.is_none() => {
                    let person = people::parse_person(value);
                    item.speaker = Some(person.name);
                    item.role = person
                        .role
                        .or_else(|| (*key == Key::Chair).then(|| word.clone()));
                }
                _ if item.speaker.is_none() && people::starts_like_a_name(&detail.clean) => {
                    let person = people::parse_person(&detail.clean);
                    item.speaker = Some(person.name);
                    item.role = person.role;
                }
                _ => notes.push(squeeze(&detail.clean)),
            }
        }
        if !notes.is_empty() {
            item.notes = Some(notes.join("; "));
        }
        agenda.items.push(item);
    }
    Ok(())
}

/// The labelled fields, the date and the time window, read outside the
/// programme.
fn read_fields(lines: &[Line], block: &Block, agenda: &mut Agenda) {
    let outside = |j: usize| j < block.first || j > block.last;
    let mut when_texts = Vec::new();
    for (j, line) in lines.iter().enumerate().filter(|(j, _)| outside(*j)) {
        let Kind::Label { key, word, value } = &line.kind else {
            if matches!(line.kind, Kind::When) {
                when_texts.push(line.clean.clone());
            }
            continue;
        };
        match key {
            Key::Title if agenda.title.is_none() && has_letter(value) => {
                agenda.title = Some(people::unquote(value));
            }
            Key::When => {
                when_texts.splice(0..0, label_values(lines, j, value, false));
            }
            Key::Chair if agenda.chair.is_none() => {
                let values = label_values(lines, j, value, true);
                let mut named = values
                    .iter()
                    .flat_map(|v| split_people(v))
                    .map(|p| people::parse_person(&p));
                agenda.chair = named.next();
                agenda.chair_word.clone_from(word);
                agenda.people.extend(named);
            }
            Key::Speakers => agenda.people.extend(
                label_values(lines, j, value, true)
                    .iter()
                    .flat_map(|v| split_people(v))
                    .map(|p| people::parse_person(&p)),
            ),
            Key::Location if agenda.location.is_none() => {
                agenda.location = label_values(lines, j, value, false)
                    .first()
                    .map(|v| squeeze(v));
            }
            Key::Total if agenda.stated_total.is_none() => {
                agenda.stated_total = words::whole_duration(value)
                    .or_else(|| words::trailing_duration(value))
                    .map(|f| (f.seconds, f.written));
            }
            _ => {}
        }
    }
    // Failing a labelled date, the first date near the top (in the title,
    // say), before the programme.
    let top: Vec<String> = lines[..block.first]
        .iter()
        .filter(|l| !matches!(l.kind, Kind::Blank))
        .take(12)
        .map(|l| l.clean.clone())
        .collect();
    for text in when_texts.iter().chain(&top) {
        if agenda.date.is_none()
            && let Some((date, guess)) = words::find_date(text)
        {
            agenda.date = Some(date);
            agenda.remarks.extend(guess.map(Remark::Guess));
        }
    }
    for text in &when_texts {
        if agenda.start.is_none()
            && let Some((start, end)) = words::find_window(text)
        {
            agenda.start = Some(start);
            agenda.end = end;
        }
    }
    if agenda.location.is_none() {
        read_unlabelled_location(lines, block, &when_texts, &top, agenda);
    }
    // Failing a labelled window, a window on a line with the date near the
    // top ("13 May 2024, 15:00-16:00, Room 4").
    if agenda.start.is_none() {
        let window = lines[..block.first]
            .iter()
            .filter(|l| matches!(l.kind, Kind::Other | Kind::When | Kind::Heading { .. }))
            .take(12)
            .filter(|l| words::find_date(&l.clean).is_some())
            .find_map(|l| words::find_window(&l.clean));
        if let Some((start, end)) = window {
            agenda.start = Some(start);
            agenda.end = end;
        }
    }
}

/// A location no label gives: beside the date on the date line ("Tuesday 4
/// June 2024, Salle XX, Palais des Nations"), or on a line of its own near
/// the top ("Room XVIII, Palais des Nations, Geneva"). Either is a guess.
fn read_unlabelled_location(
    lines: &[Line],
    block: &Block,
    when_texts: &[String],
    top: &[String],
    agenda: &mut Agenda,
) {
    let dated = when_texts
        .iter()
        .chain(top)
        .filter(|t| words::find_date(t).is_some() || words::find_window(t).is_some());
    for text in dated {
        if let Some(place) = words::place_beside_when(text) {
            agenda.remarks.push(Remark::Guess(format!(
                "location taken from the date line: \"{place}\""
            )));
            agenda.location = Some(squeeze(&place));
            return;
        }
    }
    let own_line = lines[..block.first]
        .iter()
        .filter(|l| !matches!(l.kind, Kind::Blank))
        .take(12)
        .find(|l| matches!(l.kind, Kind::Other) && words::is_place_line(&l.clean));
    if let Some(line) = own_line {
        let place = squeeze(words::trim_separators(&line.clean));
        agenda.remarks.push(Remark::Guess(format!(
            "location taken from line {}: \"{place}\"",
            line.number
        )));
        agenda.location = Some(place);
    }
}

/// Words that head the questions put to a discussion: "Food for Thought",
/// "Guiding questions", "Questions for discussion".
fn is_questions_heading(label: &str) -> bool {
    let n = normalized(label);
    let n = n.trim_end_matches([':', '：']).trim();
    matches!(
        n,
        "food for thought"
            | "questions"
            | "guiding questions"
            | "key questions"
            | "discussion questions"
            | "questions for discussion"
            | "questions for the discussion"
            | "questions to consider"
            | "points for discussion"
            | "questions for reflection"
            | "pistes de réflexion"
            | "questions pour le débat"
            | "questions pour la discussion"
            | "preguntas"
            | "preguntas para el debate"
            | "preguntas orientadoras"
    )
}

/// The questions a note puts to the discussion, under a heading such as
/// "Food for Thought:": the heading as written and each question, read
/// until the list ends (a blank line before a line that is not one of its
/// bullets, or another field or heading).
fn read_questions(lines: &[Line], block: &Block, agenda: &mut Agenda) {
    let outside = |j: usize| j < block.first || j > block.last;
    let Some(at) = (0..lines.len()).filter(|&j| outside(j)).find(|&j| {
        let line = &lines[j];
        let heading = match &line.kind {
            Kind::Section | Kind::Heading { .. } => true,
            Kind::Other => line.level > 0,
            _ => false,
        };
        heading && is_questions_heading(&line.clean)
    }) else {
        return;
    };
    let mut questions: Vec<String> = Vec::new();
    let mut j = at + 1;
    while j < lines.len() && outside(j) && questions.len() < 20 {
        let line = &lines[j];
        match &line.kind {
            Kind::Blank => {
                let next = next_non_blank(lines, j + 1);
                if !questions.is_empty() && !next.is_some_and(|n| lines[n].bulleted) {
                    break;
                }
            }
            Kind::Other | Kind::When | Kind::Item(_) | Kind::Bare(_) => {
                if has_letter(&line.clean) {
                    questions.push(squeeze(&line.clean));
                }
            }
            _ => break,
        }
        j += 1;
    }
    if !questions.is_empty() {
        let heading = words::trim_separators(&lines[at].clean)
            .trim_end_matches([':', '：'])
            .trim()
            .to_owned();
        agenda.questions = Some((heading, questions));
    }
}

/// The session's title: labelled, a Markdown heading, the line after a
/// "BACKGROUND NOTE" kind of first line, or the first line of text.
fn read_title(lines: &[Line], block: &Block, agenda: &mut Agenda) {
    if agenda.title.is_some() {
        return;
    }
    let before: Vec<&Line> = lines[..block.first]
        .iter()
        .filter(|l| !matches!(l.kind, Kind::Blank))
        .collect();
    // A Markdown heading that is not the programme's.
    let headings = lines.iter().filter(|l| {
        l.level > 0
            && matches!(
                l.kind,
                Kind::Heading {
                    programme: false,
                    ..
                }
            )
    });
    if let Some(line) = headings.min_by_key(|l| l.level)
        && !words::is_document_kind(&normalized(&line.clean))
    {
        agenda.title = Some(people::unquote(&line.clean));
        return;
    }
    let Some(first) = before.first() else {
        return;
    };
    if words::is_document_kind(&normalized(&first.clean)) {
        if let Some(next) = before.get(1)
            && matches!(next.kind, Kind::Other | Kind::Heading { .. })
            && !words::is_document_kind(&normalized(&next.clean))
        {
            agenda.title = Some(people::unquote(&next.clean));
        }
        return;
    }
    if matches!(first.kind, Kind::Other | Kind::Heading { .. })
        && first.clean.chars().count() <= 200
    {
        agenda.title = Some(people::unquote(words::trim_separators(&first.clean)));
        agenda.title_guess = Some(format!(
            "session title taken from the first line: \"{}\"",
            people::unquote(&first.clean)
        ));
    }
}

#[cfg(test)]
mod tests;
