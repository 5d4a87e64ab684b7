//! The stage's words in the six languages of the UN (`ar`, `zh`, `en`,
//! `fr`, `ru`, `es`): one [`Words`] table per language, one file each, and
//! who speaks which ([`of_speaker`]).
//!
//! Every word a speaker reads (the state, "Next", the placeholders a preset
//! fills in, the floor's `POINT OF ORDER`) and the labels of the pages come
//! from here: the terminal stage reads the table directly, the pages get it
//! from the server (see [`crate::web`]) and never keep a copy of their own.
//! A `{}` in a word is where the time (or the name) goes, so each language
//! puts it where it belongs ("{} 后开始", "STARTS IN {}").
//!
//! `docs/languages.md` lists every string with its English, for a native
//! speaker to check.

mod ar;
mod en;
mod es;
mod fr;
mod ru;
mod zh;

use serde::Serialize;

pub use self::en::WORDS as EN;

use crate::run::{Countdown, Run, Snapshot};
use crate::time::clock;

/// One of the six languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    Ar,
    Zh,
    #[default]
    En,
    Fr,
    Ru,
    Es,
}

impl Lang {
    /// The six, in the UN's order (the Arabic alphabet's, by their names).
    pub const ALL: [Lang; 6] = [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es];

    /// The language of a plan's `lang` code (`fr`); `None` for any other.
    pub fn parse(code: &str) -> Option<Lang> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// Its code, as a plan and `?lang=` write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Es => "es",
        }
    }

    /// Written right to left.
    pub fn rtl(self) -> bool {
        self == Lang::Ar
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::Ar => &ar::WORDS,
            Lang::Zh => &zh::WORDS,
            Lang::En => &en::WORDS,
            Lang::Fr => &fr::WORDS,
            Lang::Ru => &ru::WORDS,
            Lang::Es => &es::WORDS,
        }
    }

    /// The language a terminal draws the words in. Terminals lay a line out
    /// left to right, one `char` after another, and most draw Arabic
    /// neither shaped nor reversed: letters unjoined and the word backwards
    /// reads worse than no word. An Arabic speaker's terminal stage shows
    /// the English words (the colours and the digits say the same); the
    /// pages show Arabic, right to left.
    #[must_use]
    pub fn on_terminal(self) -> Lang {
        if self.rtl() { Lang::En } else { self }
    }
}

/// The words of one language. A `{}` is filled in with a time (`2:00`) or a
/// name. Upper case where the stage shouts (the state); in scripts without
/// case (Arabic, Chinese), as written.
#[derive(Debug, Serialize)]
pub struct Words {
    /// The language's own name, for the docs and a page's menu.
    pub name: &'static str,
    // ---- the state, as the speaker reads it on the stage
    pub starting_soon: &'static str,
    pub on_time: &'static str,
    /// Amber: the time is nearly up.
    pub wrap_up: &'static str,
    /// Red: the last seconds.
    pub conclude: &'static str,
    /// Past zero: `{}` is how far, with its sign (`+1:05`).
    pub over: &'static str,
    pub paused: &'static str,
    pub thank_you: &'static str,
    /// The floor: a point of order freezes the speaker's time.
    pub point_of_order: &'static str,
    pub starts_in: &'static str,
    /// Before a late start: `{}` is how late, with its sign (`+0:30`).
    pub starting_late: &'static str,
    /// Who comes next.
    pub next: &'static str,
    pub rehearsal: &'static str,
    // ---- what a preset's placeholders say
    /// `{left}` while time is left: "2:00 left".
    pub left: &'static str,
    /// `{left}` once over: "0:30 over".
    pub over_by: &'static str,
    /// `{next_speaker}` for the last segment.
    pub end_of_session: &'static str,
    // ---- the link and the cues, on every page
    pub connecting: &'static str,
    pub link_ok: &'static str,
    pub no_link: &'static str,
    pub not_recording: &'static str,
    /// The stage page's button that lets the phone vibrate.
    pub allow_vibration: &'static str,
    pub vibration_on: &'static str,
    /// The rundown's and the remote's button for the earphone chime.
    pub chime_off: &'static str,
    pub chime_on: &'static str,
    /// The plan keeps every page quiet (`cues = "silent"`).
    pub silent: &'static str,
    // ---- the state as the console says it (the rundown, the remote)
    pub ready: &'static str,
    pub amber: &'static str,
    pub red: &'static str,
    pub finished: &'static str,
    // ---- the chair's rundown
    pub segment: &'static str,
    pub speaker: &'static str,
    pub start: &'static str,
    pub expect: &'static str,
    pub plan: &'static str,
    pub actual: &'static str,
    pub diff: &'static str,
    pub skipped: &'static str,
    /// "3 of 6": the segment's number and the count.
    pub of: &'static str,
    pub session: &'static str,
    pub projected_end: &'static str,
    pub ended: &'static str,
    pub scheduled: &'static str,
    pub late: &'static str,
    pub early: &'static str,
    /// A floor's list that its time left cannot hold (the fit's warning).
    pub list_long: &'static str,
    // ---- the hall page
    /// "14 still to speak".
    pub hall_still: &'static str,
    pub hall_none: &'static str,
    /// Beside a name past the cut line.
    pub hall_past_cut: &'static str,
    pub hall_no_floor: &'static str,
    pub level: &'static str,
    // ---- the remote's buttons
    pub start_button: &'static str,
    pub pause_button: &'static str,
    pub resume_button: &'static str,
    pub run_over: &'static str,
    pub back_button: &'static str,
    pub next_button: &'static str,
    pub minus_minute: &'static str,
    pub plus_minute: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub apply: &'static str,
    pub flash: &'static str,
    pub clear_message: &'static str,
    pub send: &'static str,
    pub pin: &'static str,
    pub message_placeholder: &'static str,
    pub chair: &'static str,
    pub strike_next: &'static str,
    pub add: &'static str,
    pub add_placeholder: &'static str,
}

impl Words {
    /// The state as the stage says it: `ON TIME`, `OVER +1:05`.
    pub fn state(&self, status: Countdown) -> String {
        match status {
            Countdown::Ready => self.starting_soon.to_owned(),
            Countdown::OnTime => self.on_time.to_owned(),
            Countdown::Amber => self.wrap_up.to_owned(),
            Countdown::Red => self.conclude.to_owned(),
            Countdown::Over(s) => fill(self.over, &format!("+{}", clock(s))),
            Countdown::Paused => self.paused.to_owned(),
            Countdown::Finished => self.thank_you.to_owned(),
        }
    }

    /// A preset's `{left}`: "2:00 left", or "0:30 over".
    pub fn left_words(&self, left: i64) -> String {
        if left >= 0 {
            fill(self.left, &clock(left))
        } else {
            fill(self.over_by, &clock(-left))
        }
    }
}

/// A word with its `{}` filled in.
pub fn fill(word: &str, with: &str) -> String {
    word.replacen("{}", with, 1)
}

/// The language of whoever holds the floor now: a floor entry's own, else
/// the segment's, else the plan's, else English.
pub fn of_speaker(run: &Run, snap: &Snapshot) -> Lang {
    let entry = snap
        .floor
        .as_ref()
        .and_then(|view| view.speaker)
        .and_then(|s| Some(run.floor(snap.current)?.entry_at(s.index).lang.clone()))
        .flatten();
    entry
        .or_else(|| run.segment(snap.current).lang.clone())
        .or_else(|| run.plan.lang.clone())
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_default()
}

/// Every table as JSON, by code: what the pages are sent once.
pub fn tables_json() -> &'static str {
    static TABLES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let tables: serde_json::Map<String, serde_json::Value> = Lang::ALL
            .into_iter()
            .map(|l| {
                (
                    l.code().to_owned(),
                    serde_json::to_value(l.words()).unwrap_or_default(),
                )
            })
            .collect();
        serde_json::Value::Object(tables).to_string()
    });
    &TABLES
}

#[cfg(test)]
mod tests;
