//! The decisions a document leaves open, made once for every kind of
//! document and each said as a [`Remark`]: how long a line given only times
//! lasts, who speaks in "Presentation by H.E. Prum Sophakmonkol" or
//! "Closing remarks by the Chair", which segments may give time back, and
//! what the budget is when the stated total, the time window and the
//! programme's lines do not agree.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use regex::Regex;

use super::people::{self, squeeze};
use super::{Agenda, Failure, Item, Person, Remark, fail};
use crate::plan::{Plan, Preset};
use crate::time::minutes;

/// Longest a segment or a session may be, as in a plan.
const DAY_SECONDS: i64 = 24 * 3600;

/// A plan ready to be written: every decision made.
#[derive(Debug, Clone)]
pub struct Draft {
    pub title: String,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveTime>,
    /// `None` when nothing gave one: the plan's default, the segments' sum.
    pub budget: Option<i64>,
    pub location: Option<String>,
    pub segments: Vec<Segment>,
    /// Preset messages to the speaker: the built-in plan's, which the
    /// console numbers 1–6.
    pub messages: Vec<Preset>,
    pub remarks: Vec<Remark>,
}

#[derive(Debug, Clone)]
pub struct Segment {
    pub title: String,
    pub speaker: Option<String>,
    pub role: Option<String>,
    pub duration: i64,
    pub flexible: bool,
    pub min: Option<i64>,
    pub notes: Option<String>,
}

/// Words after which a title names who speaks: "… by X", "… par X".
static BY_WHOM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:by|from|with|par|por|de|du|del|avec|con)\s+").expect("valid pattern")
});

static CHAIR_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:the\s+|la\s+|le\s+|el\s+)?(?:co-?)?(?:chair(?:person|man|woman)?|moderator|facilitator|présidente?|presidenta?|modérat(?:eur|rice)|moderador(?:a)?)(?:’s|'s)?\b",
    )
    .expect("valid pattern")
});

static FLEXIBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:discussions?|q\s*&\s*a|q\s+and\s+a|questions?|open floor|floor|debate|débat|discusión|échanges?|preguntas|interactive|dialogue|diálogo|diálogo)\b",
    )
    .expect("valid pattern")
});

/// Titles that mark the end of the session rather than a segment.
fn is_end_marker(title: &str) -> bool {
    let t = squeeze(&title.to_lowercase());
    let t = t.trim_end_matches(['.', ':', '!']);
    matches!(
        t,
        "end"
            | "end of session"
            | "end of the session"
            | "session ends"
            | "close"
            | "close of session"
            | "close of the session"
            | "adjourn"
            | "adjournment"
            | "fin"
            | "fin de la session"
            | "fin de la séance"
            | "fin de la sesión"
            | "end of meeting"
            | "end of the meeting"
    )
}

/// Whether a text is only a word for the chair ("Chair", "the Chair").
fn is_only_chair(s: &str) -> bool {
    CHAIR_WORD
        .find(s.trim())
        .is_some_and(|m| m.start() == 0 && m.end() == s.trim().len())
}

fn clock(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn seconds_between(a: NaiveTime, b: NaiveTime) -> i64 {
    (b - a).num_seconds()
}

/// Makes the decisions and checks what must hold for a valid plan.
pub fn resolve(agenda: &Agenda) -> Result<Draft, Failure> {
    let mut remarks = Vec::new();
    if let Some(how) = &agenda.title_guess {
        remarks.push(Remark::Guess(how.clone()));
    }
    remarks.extend(agenda.remarks.iter().cloned());
    let mut items = agenda.items.clone();

    // "11:15 End of session": a time, not a segment.
    let mut programme_end = None;
    if items.len() > 1
        && let Some(last) = items.last()
        && last.duration.is_none()
        && last.end.is_none()
        && last.start.is_some()
        && is_end_marker(&last.title)
    {
        programme_end = last.start;
        items.pop();
    }

    let durations = durations(&items, agenda, programme_end, &mut remarks)?;
    let planned: i64 = durations.iter().sum();
    if planned > DAY_SECONDS {
        return fail(
            super::Place::File,
            format!(
                "the programme adds up to {}, more than 24 hours: is a duration in hours meant to be minutes?",
                crate::time::clock(planned)
            ),
        );
    }
    check_gaps(&items, &durations, &mut remarks);

    let first_start = items.first().and_then(|i| i.start);
    let start = match (agenda.start, first_start) {
        (Some(s), Some(f)) if s != f => {
            remarks.push(Remark::Note(format!(
                "the session starts at {} but its first programme line at {}: the plan starts at {}",
                clock(s),
                clock(f),
                clock(s)
            )));
            Some(s)
        }
        (Some(s), _) => Some(s),
        (None, Some(f)) => {
            remarks.push(Remark::Guess(format!(
                "start taken from the first programme line: {}",
                clock(f)
            )));
            Some(f)
        }
        (None, None) => None,
    };
    let last_end = items.last().and_then(|last| {
        last.end
            .or_else(|| Some(last.start? + TimeDelta::seconds(*durations.last()?)))
    });
    let window_end = agenda.end.or(programme_end).or(if first_start.is_some() {
        last_end
    } else {
        None
    });
    let budget = budget(
        start,
        window_end,
        agenda.stated_total.as_ref(),
        planned,
        &mut remarks,
    );

    let mut segments = segments(&items, &durations, agenda, &mut remarks)?;
    if let Some((heading, questions)) = &agenda.questions {
        put_questions(heading, questions, &mut segments, &mut remarks);
    }
    let messages = Plan::builtin().messages;
    remarks.push(Remark::Guess(format!(
        "the built-in plan's {} preset messages added ([messages]: {}): `m` then a number sends one; make them this session's own",
        messages.len(),
        messages
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )));
    Ok(Draft {
        title: agenda.title.clone().unwrap_or_default(),
        date: agenda.date,
        start,
        budget,
        location: agenda.location.clone(),
        segments,
        messages,
        remarks,
    })
}

/// The note's questions for the discussion ("Food for Thought") go into the
/// notes of the segment that holds the discussion, as the built-in plan has
/// them: the first flexible one named like a discussion, else the first
/// named like one.
fn put_questions(
    heading: &str,
    questions: &[String],
    segments: &mut [Segment],
    remarks: &mut Vec<Remark>,
) {
    let discussion = segments
        .iter()
        .position(|s| s.flexible && FLEXIBLE.is_match(&s.title))
        .or_else(|| segments.iter().position(|s| FLEXIBLE.is_match(&s.title)));
    let Some(i) = discussion else {
        remarks.push(Remark::Note(format!(
            "the note's \"{heading}\" ({}) was left out: no segment looks like the discussion they are for",
            plural_questions(questions.len())
        )));
        return;
    };
    let segment = &mut segments[i];
    let asked = format!("{heading}: {}", questions.join(" "));
    segment.notes = Some(match segment.notes.take() {
        Some(notes) => format!("{notes}; {asked}"),
        None => asked,
    });
    remarks.push(Remark::Guess(format!(
        "the note's \"{heading}\" ({}) put in the notes of '{}'",
        plural_questions(questions.len()),
        segment.title
    )));
}

fn plural_questions(n: usize) -> String {
    if n == 1 {
        "1 question".to_owned()
    } else {
        format!("{n} questions")
    }
}

/// Each item's duration: as written, or from its times.
#[expect(
    clippy::too_many_lines,
    reason = "each way an agenda can give a length is tried in turn, in one place"
)]
fn durations(
    items: &[Item],
    agenda: &Agenda,
    programme_end: Option<NaiveTime>,
    remarks: &mut Vec<Remark>,
) -> Result<Vec<i64>, Failure> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let title = &item.title;
        let from_times = match (item.start, item.end) {
            (Some(s), Some(e)) => {
                let d = seconds_between(s, e);
                if d <= 0 {
                    return fail(
                        item.place.clone(),
                        format!(
                            "'{title}' ends ({}) before it starts ({}): write its times in order, like 10:10–10:25",
                            clock(e),
                            clock(s)
                        ),
                    );
                }
                Some(d)
            }
            _ => None,
        };
        let seconds = if let Some(d) = item.duration {
            if let Some(t) = from_times
                && t != d
            {
                remarks.push(Remark::Note(format!(
                    "'{title}' is given {} but its times span {}: kept {}",
                    item.duration_written
                        .as_deref()
                        .unwrap_or("a duration")
                        .trim(),
                    minutes(t),
                    minutes(d)
                )));
            }
            d
        } else if let Some(d) = from_times {
            d
        } else if let Some(s) = item.start {
            let next_start = items.get(i + 1).and_then(|n| n.start);
            let is_last = i + 1 == items.len();
            let until = next_start.or(if is_last {
                programme_end.or(agenda.end).or_else(|| {
                    let session_start = agenda.start?;
                    let total = agenda.stated_total.as_ref()?.0;
                    Some(session_start + TimeDelta::seconds(total))
                })
            } else {
                None
            });
            let Some(until) = until else {
                return fail(
                    item.place.clone(),
                    format!(
                        "cannot tell how long '{title}' lasts: it has a start time ({}) but nothing after it says when it ends; give it a duration (\"15 min\") or an end time (\"{}–…\")",
                        clock(s),
                        clock(s)
                    ),
                );
            };
            let d = seconds_between(s, until);
            if d <= 0 {
                return fail(
                    item.place.clone(),
                    format!(
                        "'{title}' starts at {} but the next time given is {}: write the times in order",
                        clock(s),
                        clock(until)
                    ),
                );
            }
            if next_start.is_none() {
                remarks.push(Remark::Guess(format!(
                    "'{title}' runs until the session's end at {}",
                    clock(until)
                )));
            }
            d
        } else {
            return fail(
                item.place.clone(),
                format!(
                    "'{title}' has no duration and no times: give it a duration like \"15 min\""
                ),
            );
        };
        let written = item
            .duration_written
            .as_deref()
            .map_or_else(|| crate::time::human(seconds), |w| w.trim().to_owned());
        if seconds <= 0 {
            return fail(
                item.place.clone(),
                format!("the duration \"{written}\" of '{title}' is zero"),
            );
        }
        if seconds > DAY_SECONDS {
            return fail(
                item.place.clone(),
                format!("the duration \"{written}\" of '{title}' is longer than 24 hours"),
            );
        }
        out.push(seconds);
    }
    Ok(out)
}

/// Where lines given times leave a gap or overlap: the plan runs its
/// segments back to back, so say it.
fn check_gaps(items: &[Item], durations: &[i64], remarks: &mut Vec<Remark>) {
    for (i, pair) in items.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        let (Some(a_start), Some(b_start)) = (a.start, b.start) else {
            continue;
        };
        let a_end = a_start + TimeDelta::seconds(durations[i]);
        let gap = seconds_between(a_end, b_start);
        if gap > 0 {
            remarks.push(Remark::Note(format!(
                "{} between '{}' (ends {}) and '{}' (starts {}): the plan runs segments back to back, so that time is left unallocated at the end",
                minutes(gap),
                a.title,
                clock(a_end),
                b.title,
                clock(b_start)
            )));
        } else if gap < 0 {
            remarks.push(Remark::Note(format!(
                "'{}' (ends {}) overlaps '{}' (starts {}) by {}: the plan runs them one after the other",
                a.title,
                clock(a_end),
                b.title,
                clock(b_start),
                minutes(-gap)
            )));
        }
    }
}

/// The budget from the stated total and the time window, never below the
/// programme's sum (which would make the plan invalid); every disagreement
/// said.
fn budget(
    start: Option<NaiveTime>,
    window_end: Option<NaiveTime>,
    stated: Option<&(i64, String)>,
    planned: i64,
    remarks: &mut Vec<Remark>,
) -> Option<i64> {
    let window = match (start, window_end) {
        (Some(s), Some(e)) if e > s => Some((
            seconds_between(s, e),
            format!("the time window {}–{}", clock(s), clock(e)),
        )),
        _ => None,
    };
    let stated = stated
        .filter(|(s, _)| (1..=DAY_SECONDS).contains(s))
        .map(|(s, w)| {
            let w = w.trim().trim_matches(['(', ')', '[', ']', ':']).trim();
            (*s, format!("the stated total \"{w}\""))
        });
    let chosen = match (window, stated) {
        (Some(w), Some(s)) if w.0 != s.0 => {
            let shorter = if w.0 < s.0 { w.clone() } else { s.clone() };
            remarks.push(Remark::Note(format!(
                "{} ({}) and {} ({}) disagree: the budget is the shorter, {}",
                s.1,
                minutes(s.0),
                w.1,
                minutes(w.0),
                minutes(shorter.0)
            )));
            Some(shorter)
        }
        (Some(w), _) => Some(w),
        (None, Some(s)) => Some(s),
        (None, None) => None,
    };
    let Some((budget, from)) = chosen else {
        remarks.push(Remark::Note(format!(
            "no total and no end time found: the budget is the programme's sum, {}",
            minutes(planned)
        )));
        return None;
    };
    match planned.cmp(&budget) {
        std::cmp::Ordering::Greater => {
            let end = start.map_or_else(String::new, |s| {
                format!(
                    ", so it ends at {} instead of {}",
                    clock(s + TimeDelta::seconds(planned)),
                    clock(s + TimeDelta::seconds(budget))
                )
            });
            remarks.push(Remark::Note(format!(
                "the programme's lines add up to {}, {} more than the {} of {}: the plan's budget is {} so that it is valid{end}; shorten segments if the session must end on time",
                minutes(planned),
                minutes(planned - budget),
                minutes(budget),
                from,
                minutes(planned)
            )));
            Some(planned)
        }
        std::cmp::Ordering::Less => {
            remarks.push(Remark::Note(format!(
                "the programme's lines add up to {}, {} less than the {} of {}: left unallocated",
                minutes(planned),
                minutes(budget - planned),
                minutes(budget),
                from
            )));
            Some(budget)
        }
        std::cmp::Ordering::Equal => Some(budget),
    }
}

/// Who speaks, in what role, and whether the segment may give time back.
#[expect(
    clippy::too_many_lines,
    reason = "one segment per programme line, each field decided in order"
)]
fn segments(
    items: &[Item],
    durations: &[i64],
    agenda: &Agenda,
    remarks: &mut Vec<Remark>,
) -> Result<Vec<Segment>, Failure> {
    let chair_word = if agenda.chair_word.is_empty() {
        "Chair"
    } else {
        &agenda.chair_word
    };
    let mut chair_introduced = false;
    let mut chair_role = |moderating: bool| -> Option<String> {
        let chair = agenda.chair.as_ref()?;
        let role = if moderating {
            format!("{chair_word} (moderating)")
        } else if chair_introduced {
            chair_word.to_owned()
        } else {
            match &chair.role {
                Some(r) => format!("{chair_word}; {r}"),
                None => chair_word.to_owned(),
            }
        };
        chair_introduced = true;
        Some(role)
    };
    // Everyone the programme may name, the chair last.
    let mut everyone: Vec<Person> = agenda.people.clone();
    if let Some(chair) = &agenda.chair {
        everyone.push(chair.clone());
    }

    let mut out = Vec::with_capacity(items.len());
    for (item, &duration) in items.iter().zip(durations) {
        let title = squeeze(&item.title);
        if !title.chars().any(char::is_alphanumeric) {
            return fail(
                item.place.clone(),
                "the title is empty: every segment needs one",
            );
        }
        let flexible = match item.flexible {
            Some(f) => f,
            None if FLEXIBLE.is_match(&title) => {
                remarks.push(Remark::Guess(format!(
                    "'{title}' made flexible: it may give time back when speakers run long"
                )));
                true
            }
            None => false,
        };
        let mut speaker = None;
        let mut role = item.role.clone();
        if let Some(named) = &item.speaker {
            if is_only_chair(named) && agenda.chair.is_some() {
                speaker = agenda.chair.as_ref().map(|c| c.name.clone());
                role = role.or_else(|| chair_role(false));
            } else if let Some(i) = people::find(&everyone, named) {
                let listed = &everyone[i];
                speaker = Some(people::merge_names(named, &listed.name));
                if role.is_none() {
                    role.clone_from(&listed.role);
                }
            } else {
                speaker = Some(named.clone());
            }
        } else if let Some((who, how)) = speaker_from_title(&title, &everyone, agenda) {
            match who {
                Who::Chair => {
                    let chair = agenda.chair.as_ref().map(|c| c.name.clone());
                    remarks.push(Remark::Guess(format!(
                        "speaker of '{title}' taken from its title: the {}, {}",
                        chair_word.to_lowercase(),
                        chair.as_deref().unwrap_or_default()
                    )));
                    speaker = chair;
                    role = chair_role(false);
                }
                Who::Listed(i, mention) => {
                    let listed = &everyone[i];
                    let name = people::merge_names(&mention, &listed.name);
                    let is_chair = agenda.chair.as_ref() == Some(listed);
                    remarks.push(Remark::Guess(format!(
                        "speaker of '{title}' taken from its title: {name}{}",
                        if name == listed.name || how == How::Contains {
                            String::new()
                        } else {
                            format!(" (\"{}\" in the document's list)", listed.name)
                        }
                    )));
                    speaker = Some(name);
                    role = if is_chair {
                        chair_role(false)
                    } else {
                        listed.role.clone()
                    };
                }
                Who::Unlisted(person) => {
                    // Only a note that lists its speakers can leave one out.
                    let unlisted = if agenda.people.is_empty() {
                        ""
                    } else {
                        " (not among the listed speakers)"
                    };
                    remarks.push(Remark::Guess(format!(
                        "speaker of '{title}' taken from its title: {}{unlisted}",
                        person.name
                    )));
                    speaker = Some(person.name);
                    if role.is_none() {
                        role = person.role;
                    }
                }
                Who::NamedChair(person) => {
                    remarks.push(Remark::Guess(format!(
                        "speaker of '{title}' taken from its title: {}, as {}",
                        person.name,
                        chair_word.to_lowercase()
                    )));
                    speaker = Some(person.name);
                    role = Some(chair_word.to_owned());
                }
            }
        } else if flexible && let Some(chair) = &agenda.chair {
            remarks.push(Remark::Guess(format!(
                "'{title}' is moderated by the {}, {}",
                chair_word.to_lowercase(),
                chair.name
            )));
            speaker = Some(chair.name.clone());
            role = chair_role(true);
        } else if CHAIR_WORD.is_match(&title) && agenda.chair.is_none() {
            remarks.push(Remark::Note(format!(
                "'{title}' names the chair, but the document does not say who chairs: no speaker set"
            )));
        }
        let min = match item.min {
            Some(m) if m > duration => {
                return fail(
                    item.place.clone(),
                    format!(
                        "the shortest '{title}' may be cut to ({}) is longer than its duration ({})",
                        crate::time::human(m),
                        crate::time::human(duration)
                    ),
                );
            }
            m => m,
        };
        out.push(Segment {
            title,
            speaker,
            role,
            duration,
            flexible,
            min,
            notes: item.notes.clone(),
        });
    }
    Ok(out)
}

enum Who {
    Chair,
    /// A chair the title names ("by the Chair, Ms. Ana López").
    NamedChair(Person),
    /// A listed person, and how the title names them.
    Listed(usize, String),
    Unlisted(Person),
}

/// Articles before a name ("de la Sra. Lucía Gómez", "by the Hon. X").
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the|la|le|les|el|los|las|l[’']|du|del|de la|de l[’'])\s*")
        .expect("valid pattern")
});

#[derive(PartialEq, Eq)]
enum How {
    By,
    Contains,
}

/// Who a title names: "… by X", "…: X", "… – X", or a listed name anywhere
/// in it, or the chair.
fn speaker_from_title(title: &str, everyone: &[Person], agenda: &Agenda) -> Option<(Who, How)> {
    let mut mentions = Vec::new();
    for by in BY_WHOM.find_iter(title) {
        mentions.push(title[by.end()..].to_owned());
    }
    for sep in [" – ", " — ", " - ", ": "] {
        if let Some((_, right)) = title.rsplit_once(sep) {
            mentions.push(right.to_owned());
        }
    }
    for mention in &mentions {
        let mention = ARTICLE.replace(mention.trim(), "");
        let mention = mention.trim_end_matches(['.', ',']).trim();
        if is_only_chair(mention) {
            return agenda.chair.as_ref().map(|_| (Who::Chair, How::By));
        }
        // "the Chair, Ms. Ana López": the chair, named on the spot.
        if let Some(m) = CHAIR_WORD.find(mention)
            && m.start() == 0
        {
            let named = mention[m.end()..].trim_start_matches([',', ':', ' ']);
            if people::starts_like_a_name(named) {
                let person = people::parse_person(named);
                return Some((Who::NamedChair(person), How::By));
            }
        }
        if let Some(i) = people::find(everyone, mention) {
            return Some((Who::Listed(i, mention.to_owned()), How::By));
        }
        if people::starts_like_a_name(mention) {
            let person = people::parse_person(mention);
            if let Some(i) = people::find(everyone, &person.name) {
                return Some((Who::Listed(i, person.name), How::By));
            }
            return Some((Who::Unlisted(person), How::By));
        }
    }
    // A listed person's whole name anywhere in the title.
    let title_words = people::name_words(title);
    let named: Vec<usize> = everyone
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let theirs = people::name_words(&p.name);
            !theirs.is_empty() && theirs.iter().all(|w| title_words.contains(w))
        })
        .map(|(i, _)| i)
        .collect();
    if let [one] = named.as_slice() {
        return Some((
            Who::Listed(*one, everyone[*one].name.clone()),
            How::Contains,
        ));
    }
    if agenda.chair.is_some() && CHAIR_WORD.is_match(title) {
        return Some((Who::Chair, How::Contains));
    }
    None
}

#[cfg(test)]
mod tests;
