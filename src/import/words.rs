//! How agendas write durations, times of day, dates and field labels, in
//! English, French and Spanish: "15 minutes", "15 min.", "15’", "1h30",
//! "10:00 to 11:15", "10h00–11h15", "10am", "Thursday 7 February 2019",
//! "jeudi 7 février 2019", "7 de febrero de 2019", "Chair:", "Lieu :".

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime, Timelike as _};
use regex::{Captures, Regex};

/// A duration with its unit, as agendas write it. Groups: `hours`/`hmins`,
/// `lo`/`mins`/`msecs`, `secs`.
const DURATION: &str = concat!(
    r"(?:(?:approx(?:imately|\.)?|about|around|ca\.?|c\.|~|env(?:iron|\.)?|aprox(?:imadamente|\.)?|max(?:imum|\.)?|up to)\s*)?",
    r"(?:",
    r"(?P<hours>\d{1,2}(?:[.,]\d{1,2})?)(?:\s*(?:hours?|hrs?\.?|heures?|horas?|час(?:а|ов)?|ч\.)|\s?h)",
    r"(?:\s*(?:and\s+|et\s+|y\s+)?(?P<hmins>[0-5]?\d)(?:\s*(?:minutes?|minutos?|mins?\.?|mn\.?|мин(?:ут[аы]?)?\.?|['’′´])|m)?)?",
    r"|",
    r"(?:(?P<lo>\d{1,3})[-–—])?(?P<mins>\d{1,4}(?:[.,]\d{1,2})?)(?:\s*(?:minutes?|minutos?|mins?\.?|mn\.?|мин(?:ут[аы]?)?\.?|['’′´])|m)",
    r"(?:\s*(?P<msecs>[0-5]?\d)\s*(?:seconds?|secondes?|segundos?|secs?\.?|s))?",
    r"|",
    r"(?P<secs>\d{1,5})\s*(?:seconds?|secondes?|segundos?|secs?\.?|s)",
    r")",
);

/// A time of day. Groups, after the prefix: `h`, `m` (minutes), `x` (a bare
/// French `10h`), `ap` (`a` or `p` of am/pm).
fn time_pattern(p: &str) -> String {
    format!(
        r"(?P<{p}h>2[0-3]|[01]?\d)(?:(?:[:.]|\s?[hH]\s?)(?P<{p}m>[0-5]\d)|(?P<{p}x>[hH]))?(?:\s*(?P<{p}ap>[aApP])\.?\s?[mM]\b\.?)?"
    )
}

/// What separates the two times of a window.
const RANGE_SEP: &str = r"\s*(?:-|–|—|‑|−|to|till|until|à|a|au|hasta|→|->)\s*";

static TRAILING_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?P<head>.*?)(?:^|[\s(\[\-–—:|,/])\(?\s*{DURATION}\s*\)?\s*[.;,]?\s*$"
    ))
    .expect("valid pattern")
});

static LEADING_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\(?\s*{DURATION}\s*\)?\s*(?:[-–—:|]\s*|\s+)(?P<rest>\p{{L}}.*)$"
    ))
    .expect("valid pattern")
});

static PAREN_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)[(\[]\s*{DURATION}\s*[)\]]")).expect("valid pattern")
});

static WHOLE_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\(?\s*{DURATION}\s*\)?\s*[.;,]?$")).expect("valid pattern")
});

static LEADING_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:from\s+|de\s+)?{}(?:{RANGE_SEP}{})?(?P<after>.*)$",
        time_pattern("a"),
        time_pattern("b")
    ))
    .expect("valid pattern")
});

static TRAILING_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<head>.*?)[\s(\[,|]\(?{}{RANGE_SEP}{}\)?\s*$",
        time_pattern("a"),
        time_pattern("b")
    ))
    .expect("valid pattern")
});

static ANY_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\d.:])(?P<all>{}{RANGE_SEP}{})",
        time_pattern("a"),
        time_pattern("b")
    ))
    .expect("valid pattern")
});

static ANY_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[^\d.:/])(?P<all>{})", time_pattern("a"))).expect("valid pattern")
});

/// A duration found at the end of a text: the seconds, the words it was
/// written in, and the text before it.
pub struct Found<'a> {
    pub seconds: i64,
    pub written: String,
    pub rest: &'a str,
    /// A range ("10–15 minutes") was read as its upper end.
    pub was_range: bool,
}

fn seconds_of(c: &Captures) -> Option<i64> {
    let number = |name: &str| -> Option<f64> {
        c.name(name)
            .and_then(|m| m.as_str().replace(',', ".").parse::<f64>().ok())
    };
    let whole = |name: &str| -> i64 {
        c.name(name)
            .and_then(|m| m.as_str().parse::<i64>().ok())
            .unwrap_or(0)
    };
    let seconds = if c.name("hours").is_some() {
        (number("hours")? * 3600.0).round() as i64 + whole("hmins") * 60
    } else if c.name("mins").is_some() {
        (number("mins")? * 60.0).round() as i64 + whole("msecs")
    } else {
        whole("secs")
    };
    Some(seconds)
}

fn found<'a>(c: &Captures, written: &str, rest: &'a str) -> Option<Found<'a>> {
    Some(Found {
        seconds: seconds_of(c)?,
        written: written.trim().to_owned(),
        rest,
        was_range: c.name("lo").is_some(),
    })
}

/// Trims what separates a title from its time or duration: spaces, dashes,
/// colons, bars, commas, dot leaders ("Opening ........ 10 min").
pub fn trim_separators(s: &str) -> &str {
    let is_sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '–' | '—' | ':' | '|' | ',' | ';' | '…' | '_' | '·' | '/' | '(' | '['
            )
    };
    let mut s = s.trim_start_matches(|c: char| is_sep(c) || c == '.');
    loop {
        let t = s.trim_end_matches(is_sep);
        // Dot leaders go; the dot of a closing "Dr." stays.
        let bare = t.trim_end_matches('.');
        let dots = t.len() - bare.len();
        let t = if dots >= 2 || (dots == 1 && bare.ends_with(char::is_whitespace)) {
            bare
        } else {
            t
        };
        if t.len() == s.len() {
            return s;
        }
        s = t;
    }
}

/// "Presentation by X   15 minutes" → 15 min and "Presentation by X".
pub fn trailing_duration(s: &str) -> Option<Found<'_>> {
    let c = TRAILING_DURATION.captures(s)?;
    let head = c.name("head")?;
    let rest = &s[..head.end()];
    found(&c, &s[head.end()..], rest)
}

/// "15 min – Opening" → 15 min and "Opening".
pub fn leading_duration(s: &str) -> Option<Found<'_>> {
    let c = LEADING_DURATION.captures(s)?;
    let rest = c.name("rest")?;
    found(&c, &s[..rest.start()], &s[rest.start()..])
}

/// "Keynote (20 minutes) by X" → 20 min; `rest` is the text without it.
pub fn parenthesized_duration(s: &str) -> Option<(Found<'static>, String)> {
    let c = PAREN_DURATION.captures(s)?;
    let all = c.get(0)?;
    let without = format!("{} {}", &s[..all.start()], &s[all.end()..]);
    let f = found(&c, all.as_str(), "")?;
    Some((f, without))
}

/// A whole text that is a duration with its unit ("15 min", "(75 minutes)").
pub fn whole_duration(s: &str) -> Option<Found<'_>> {
    let c = WHOLE_DURATION.captures(s.trim())?;
    found(&c, s, "")
}

fn time_from(c: &Captures, p: &str) -> Option<(NaiveTime, bool)> {
    let hour: u32 = c.name(&format!("{p}h"))?.as_str().parse().ok()?;
    let minute: u32 = c
        .name(&format!("{p}m"))
        .map_or(Some(0), |m| m.as_str().parse().ok())?;
    let explicit = c.name(&format!("{p}m")).is_some() || c.name(&format!("{p}x")).is_some();
    let hour = match c.name(&format!("{p}ap")) {
        None => hour,
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(ap) if ap.as_str().eq_ignore_ascii_case("a") => hour % 12,
        Some(_) => hour % 12 + 12,
    };
    let meridiem = c.name(&format!("{p}ap")).is_some();
    Some((
        NaiveTime::from_hms_opt(hour, minute, 0)?,
        explicit || meridiem,
    ))
}

/// Two times read as a window: a start without am/pm takes the end's when
/// that keeps the start first ("10–11am", "11:30–1pm").
fn window_from(c: &Captures) -> Option<(NaiveTime, Option<NaiveTime>)> {
    let (a, a_explicit) = time_from(c, "a")?;
    let Some((b, b_explicit)) = c.name("bh").and_then(|_| time_from(c, "b")) else {
        return a_explicit.then_some((a, None));
    };
    if !a_explicit && !b_explicit {
        return None;
    }
    let a = if c.name("aap").is_none() && c.name("bap").is_some() {
        let pm = c
            .name("bap")
            .is_some_and(|m| m.as_str().eq_ignore_ascii_case("p"));
        let shifted = if pm && a.hour() < 12 {
            a + chrono::TimeDelta::hours(12)
        } else {
            a
        };
        if shifted < b { shifted } else { a }
    } else {
        a
    };
    Some((a, Some(b)))
}

/// What follows a time must not continue it ("10.000 people", "10:00x").
fn ends_cleanly(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if c.is_alphanumeric() => false,
        // "07.02.2019" is a date, not 07:02.
        Some('.' | ':' | '/') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// "10:10–10:25 Keynote" → (10:10, Some(10:25), "Keynote"); also a single
/// start time ("10:10 Keynote").
pub fn leading_times(s: &str) -> Option<(NaiveTime, Option<NaiveTime>, &str)> {
    let c = LEADING_TIMES.captures(s)?;
    let after = c.name("after")?;
    if !ends_cleanly(after.as_str()) {
        return None;
    }
    let (start, end) = window_from(&c)?;
    Some((start, end, &s[after.start()..]))
}

/// "Keynote 10:10–10:25" → (10:10, 10:25, "Keynote").
pub fn trailing_range(s: &str) -> Option<(NaiveTime, NaiveTime, &str)> {
    let c = TRAILING_RANGE.captures(s)?;
    let head = c.name("head")?;
    let (start, end) = window_from(&c)?;
    Some((start, end?, &s[..head.end()]))
}

/// The first time window ("10:00 to 11:15") or, failing that, the first
/// time of day in a text.
pub fn find_window(s: &str) -> Option<(NaiveTime, Option<NaiveTime>)> {
    for c in ANY_RANGE.captures_iter(s) {
        let all = c.name("all")?;
        if ends_cleanly(&s[all.end()..])
            && let Some((start, Some(end))) = window_from(&c)
        {
            return Some((start, Some(end)));
        }
    }
    for c in ANY_TIME.captures_iter(s) {
        let all = c.name("all")?;
        if ends_cleanly(&s[all.end()..])
            && let Some((t, true)) = time_from(&c, "a")
        {
            return Some((t, None));
        }
    }
    None
}

static WEEKDAYS_AND_LINKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|from|to|at|on|and|de|du|au|à|le|el|del|a|y|et|hrs|h|local|time|cet|cest|gmt|utc|est|edt|pst|pdt|bst|am|pm|a\.m|p\.m)\b",
    )
    .expect("valid pattern")
});

/// Whether a text says only when (a date, a time window, weekday and link
/// words) and nothing else: "10:00 to 11:15, Thursday 7 February 2019".
pub fn only_when(s: &str) -> bool {
    let mut rest = s.to_owned();
    let had_date = find_date(&rest).is_some();
    for re in [
        &*DAY_MONTH_YEAR,
        &*MONTH_DAY_YEAR,
        &*ISO_DATE,
        &*NUMERIC_DATE,
        &*ANY_RANGE,
        &*ANY_TIME,
    ] {
        rest = re.replace_all(&rest, " ").into_owned();
    }
    let rest = WEEKDAYS_AND_LINKS.replace_all(&rest, " ");
    (had_date || find_window(s).is_some()) && !rest.chars().any(char::is_alphabetic)
}

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|°|\.)?\s+(?:de\s+)?(?P<mon>\p{L}{3,10})\.?,?\s+(?:del?\s+)?(?P<y>\d{4})\b",
    )
    .expect("valid pattern")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<mon>\p{L}{3,10})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b",
    )
    .expect("valid pattern")
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<y>\d{4})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b").expect("valid pattern")
});
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>[0-3]?\d)[./](?P<b>[0-3]?\d)[./](?P<y>\d{4})\b").expect("valid pattern")
});

/// The month a name means, in English, French or Spanish, full or short.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    let months: [&[&str]; 12] = [
        &["january", "jan", "janvier", "janv", "enero", "ene"],
        &[
            "february", "feb", "février", "fevrier", "févr", "fevr", "febrero",
        ],
        &["march", "mar", "mars", "marzo"],
        &["april", "apr", "avril", "avr", "abril", "abr"],
        &["may", "mai", "mayo"],
        &["june", "jun", "juin", "junio"],
        &["july", "jul", "juillet", "juil", "julio"],
        &["august", "aug", "août", "aout", "agosto", "ago"],
        &[
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "setiembre",
        ],
        &["october", "oct", "octobre", "octubre"],
        &["november", "nov", "novembre", "noviembre"],
        &[
            "december",
            "dec",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
        ],
    ];
    months
        .iter()
        .position(|names| names.contains(&w))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The first date in a text, and a remark when its reading was a guess
/// (07/02/2019 read as day/month).
pub fn find_date(s: &str) -> Option<(NaiveDate, Option<String>)> {
    let num = |c: &Captures, n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = |c: &Captures| c.name("y").and_then(|m| m.as_str().parse::<i32>().ok());
    for c in DAY_MONTH_YEAR.captures_iter(s) {
        if let Some(date) = month_number(&c["mon"])
            .and_then(|m| NaiveDate::from_ymd_opt(year(&c)?, m, num(&c, "d")?))
        {
            return Some((date, None));
        }
    }
    for c in MONTH_DAY_YEAR.captures_iter(s) {
        if let Some(date) = month_number(&c["mon"])
            .and_then(|m| NaiveDate::from_ymd_opt(year(&c)?, m, num(&c, "d")?))
        {
            return Some((date, None));
        }
    }
    if let Some(c) = ISO_DATE.captures(s)
        && let Some(date) = NaiveDate::from_ymd_opt(year(&c)?, num(&c, "m")?, num(&c, "d")?)
    {
        return Some((date, None));
    }
    let c = NUMERIC_DATE.captures(s)?;
    let (first, second, y) = (num(&c, "a")?, num(&c, "b")?, year(&c)?);
    if first > 12 {
        NaiveDate::from_ymd_opt(y, second, first).map(|d| (d, None))
    } else if second > 12 {
        NaiveDate::from_ymd_opt(y, first, second).map(|d| (d, None))
    } else {
        NaiveDate::from_ymd_opt(y, second, first).map(|d| {
            let guess = (first != second).then(|| {
                format!(
                    "date \"{}\" read as day/month: {}",
                    &c[0],
                    d.format("%-d %B %Y")
                )
            });
            (d, guess)
        })
    }
}

/// The fields a note labels ("Chair:", "Lieu :", "Speakers:").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    When,
    Chair,
    Speakers,
    Location,
    Total,
    /// The programme follows ("Format for the Plenary:", "Programme:").
    Programme,
}

/// What a label (the words before a colon) names, if it is one we read.
/// Returns the key and, for the chair, the word used ("Moderator").
pub fn label_key(label: &str) -> Option<(Key, String)> {
    let norm = label
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '#')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let key = match norm.as_str() {
        "title" | "session" | "session title" | "event" | "event title" | "titre" | "título"
        | "titulo" | "session name" => Key::Title,
        "date and time" | "date & time" | "date/time" | "date" | "time" | "when" | "day"
        | "dates" | "date and venue" | "time and date" | "date et heure" | "heure" | "horaire"
        | "fecha" | "hora" | "fecha y hora" | "horario" | "date and place" => Key::When,
        "chair"
        | "chairperson"
        | "chairman"
        | "chairwoman"
        | "chaired by"
        | "chair and moderator"
        | "moderator"
        | "moderated by"
        | "facilitator"
        | "facilitated by"
        | "co-chair"
        | "co-chairs"
        | "président"
        | "présidente"
        | "présidence"
        | "modérateur"
        | "modératrice"
        | "modération"
        | "presidente"
        | "moderador"
        | "moderadora"
        | "chair/moderator" => Key::Chair,
        "speakers"
        | "speaker"
        | "panelists"
        | "panellists"
        | "panelist"
        | "panellist"
        | "presenters"
        | "presenter"
        | "discussants"
        | "keynote speaker"
        | "keynote speakers"
        | "intervenants"
        | "intervenant"
        | "orateurs"
        | "oratrices"
        | "panélistes"
        | "ponentes"
        | "ponente"
        | "oradores"
        | "panelistas"
        | "speakers and panelists" => Key::Speakers,
        "location" | "venue" | "room" | "place" | "where" | "lieu" | "salle" | "lugar" | "sala" => {
            Key::Location
        }
        "duration" | "length" | "total" | "total time" | "total duration" | "durée"
        | "duración" | "time allotted" | "allotted time" => Key::Total,
        _ if is_programme_heading(&norm) => Key::Programme,
        _ => return None,
    };
    let word = if key == Key::Chair {
        chair_word(&norm)
    } else {
        String::new()
    };
    Some((key, word))
}

fn chair_word(norm: &str) -> String {
    if norm.starts_with("moder") || norm.starts_with("modé") {
        "Moderator"
    } else if norm.starts_with("facilit") {
        "Facilitator"
    } else if norm.starts_with("co-chair") {
        "Co-Chair"
    } else {
        "Chair"
    }
    .to_owned()
}

/// Words that open a programme: "Programme", "Agenda", "Format for the
/// Plenary", "Running order", "Ordre du jour".
pub fn is_programme_heading(norm: &str) -> bool {
    const STARTS: &[&str] = &[
        "format",
        "programme",
        "program",
        "agenda",
        "running order",
        "run of show",
        "schedule",
        "order of proceedings",
        "order of business",
        "proceedings",
        "timetable",
        "time table",
        "structure",
        "outline",
        "draft programme",
        "draft agenda",
        "provisional programme",
        "provisional agenda",
        "session format",
        "session programme",
        "session agenda",
        "session outline",
        "session structure",
        "déroulé",
        "déroulement",
        "ordre du jour",
        "programa",
        "orden del día",
        "orden del dia",
        "formato",
    ];
    let norm = norm.trim().trim_end_matches(':').trim();
    norm.split_whitespace().count() <= 6
        && !norm.chars().any(|c| c.is_ascii_digit())
        && STARTS
            .iter()
            .any(|s| norm == *s || norm.starts_with(&format!("{s} ")))
}

/// The words a document's first line uses to say what kind of document it
/// is, after which its title comes.
pub fn is_document_kind(norm: &str) -> bool {
    const KINDS: &[&str] = &[
        "background note",
        "concept note",
        "information note",
        "note",
        "side event",
        "annotated agenda",
        "note conceptuelle",
        "note de cadrage",
        "nota conceptual",
        "nota informativa",
        "draft",
        "summary",
        "session description",
    ];
    let norm = norm.trim().trim_end_matches(':').trim();
    KINDS.contains(&norm) || is_programme_heading(norm)
}

/// Words that name where a session is held: "Room XVIII", "Salle XX",
/// "Palais des Nations", "Conference Room 2", "Auditorium".
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:room|rooms|salle|sala|hall|auditorium|aula|palais|palacio|palace|chamber|ballroom|building|bâtiment|batiment|edificio|venue|annex|annexe|conference centre|conference center|centre de conférences|centro de conferencias|floor|étage|piso)\b",
    )
    .expect("valid pattern")
});

/// A line that starts by naming a place: "Room XVIII, Palais des Nations",
/// "Conference Room 2", "Salle XX".
static PLACE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:the\s+|la\s+|le\s+|el\s+)?(?:(?:main|plenary|conference|meeting|assembly|council|press|briefing)\s+)?(?:room|salle|sala|hall|auditorium|aula|palais|palacio|chamber|ballroom|building|bâtiment|edificio)\b",
    )
    .expect("valid pattern")
});

/// Whether a line, standing alone, is a place: it starts by naming one
/// ("Room XVIII, Palais des Nations, Geneva") and is not a sentence.
pub fn is_place_line(s: &str) -> bool {
    let s = s.trim();
    PLACE_START.is_match(s) && s.chars().count() <= 150 && !s.ends_with(['.', '?', '!', ':'])
}

/// What a line giving the date (and perhaps the time) says besides: the
/// place, when it names one. "Tuesday 4 June 2024, Salle XX, Palais des
/// Nations" gives "Salle XX, Palais des Nations".
pub fn place_beside_when(s: &str) -> Option<String> {
    let mut rest = s.to_owned();
    for re in [
        &*DAY_MONTH_YEAR,
        &*MONTH_DAY_YEAR,
        &*ISO_DATE,
        &*NUMERIC_DATE,
        &*ANY_RANGE,
    ] {
        rest = re.replace_all(&rest, " , ").into_owned();
    }
    // A time is written as one ("15:00", "3pm", "10h"): a bare number is a
    // room's ("Room 4").
    rest = ANY_TIME
        .replace_all(&rest, |c: &Captures| {
            let all = &c["all"];
            if all.chars().all(|ch| ch.is_ascii_digit()) {
                c[0].to_owned()
            } else {
                " , ".to_owned()
            }
        })
        .into_owned();
    let parts: Vec<String> = rest
        .split([',', ';', '|', '\t', '·', '–', '—'])
        .map(|p| {
            p.trim()
                .trim_matches(|c: char| c == '(' || c == ')')
                .trim()
                .to_owned()
        })
        .filter(|p| {
            WEEKDAYS_AND_LINKS
                .replace_all(p, " ")
                .chars()
                .any(char::is_alphabetic)
        })
        .collect();
    let place = parts.join(", ");
    (PLACE.is_match(&place) && place.chars().count() <= 150).then_some(place)
}

#[cfg(test)]
mod tests;
