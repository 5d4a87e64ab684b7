//! The remote's and the HTTP API's commands: the one table from the API's
//! names (`POST …/api/<name>`) to the console's [`Intent`]s, the bodies
//! that some of them carry, and the name an intent is answered under.
//!
//! The server is transport only: it hands the console a name and a body,
//! and the console reads them here, so a command from a phone means
//! exactly what its key means.

use super::app::{FloorIntent, Intent};
use crate::run::Command;

/// The commands that carry nothing but their name, by the API's name for
/// them: the table [`parse`] reads and [`name_of`] writes.
const PLAIN: &[(&str, Intent)] = &[
    ("start-pause", Intent::Run(Command::StartOrPause)),
    ("next", Intent::Run(Command::Next)),
    ("back", Intent::Run(Command::Back)),
    ("undo", Intent::Run(Command::Undo)),
    ("redo", Intent::Run(Command::Redo)),
    ("plus-minute", Intent::Run(Command::Adjust(60))),
    ("minus-minute", Intent::Run(Command::Adjust(-60))),
    ("apply-suggestion", Intent::ApplySuggestion),
    ("clear-message", Intent::Run(Command::ClearMessage)),
    ("flash", Intent::Run(Command::Flash)),
    ("chair", Intent::Floor(FloorIntent::Chair)),
    ("point-of-order", Intent::Floor(FloorIntent::Order)),
    ("strike-next", Intent::Floor(FloorIntent::StrikeNext)),
];

/// The API's names for the commands, as the docs list them: the plain
/// ones, then those with a body or a number.
pub fn command_names() -> Vec<&'static str> {
    PLAIN
        .iter()
        .map(|(name, _)| *name)
        .chain(["preset/N", "message", "add-speaker"])
        .collect()
}

/// What a `POST …/api/<name>` asks for, with its body (the text of
/// `message`: plain text, or JSON `{"text": …, "pinned": …}`; the name of
/// `add-speaker`: plain text, or JSON `{"name": …}`); else why not, as the
/// 400 answer says it.
pub fn parse(name: &str, body: &[u8]) -> Result<Intent, String> {
    if let Some((_, intent)) = PLAIN.iter().find(|(n, _)| *n == name) {
        return Ok(intent.clone());
    }
    match name {
        "message" => message(body),
        "add-speaker" => speaker(body),
        _ => match name.strip_prefix("preset/").map(str::parse::<usize>) {
            Some(Ok(n)) if (1..=crate::plan::MAX_PRESETS).contains(&n) => {
                Ok(Intent::SendPreset(n - 1))
            }
            _ => Err(format!(
                "unknown command; the commands are {}",
                command_names().join(", ")
            )),
        },
    }
}

/// The API's name for an intent, as the answer gives it (`plus-minute`,
/// `preset/2`); `None` for what only a key can do.
pub fn name_of(intent: &Intent) -> Option<String> {
    if let Some((name, _)) = PLAIN.iter().find(|(_, i)| i == intent) {
        return Some((*name).to_owned());
    }
    let name = match intent {
        Intent::Run(Command::Adjust(s)) if *s >= 0 => "plus-minute".to_owned(),
        Intent::Run(Command::Adjust(_)) => "minus-minute".to_owned(),
        Intent::SendPreset(n) => format!("preset/{}", n + 1),
        Intent::Run(Command::Message { .. }) => "message".to_owned(),
        Intent::Floor(FloorIntent::AddSpeaker(_)) => "add-speaker".to_owned(),
        _ => return None,
    };
    Some(name)
}

/// A body as it was sent: plain text (trimmed), or the command's JSON.
enum Written<'a, T> {
    Plain(&'a str),
    Json(T),
}

/// Reads a body that is plain text or, when it starts with `{`, JSON of
/// `T`; `what` names it in the refusal ("the name", "the message"), and
/// `shape` is the JSON it takes.
fn written<'a, T: serde::de::DeserializeOwned>(
    body: &'a [u8],
    what: &str,
    shape: &str,
) -> Result<Written<'a, T>, String> {
    let text = std::str::from_utf8(body).map_err(|_| format!("{what} is not UTF-8 text"))?;
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return Ok(Written::Plain(trimmed));
    }
    serde_json::from_str(trimmed)
        .map(Written::Json)
        .map_err(|e| format!("{what} is not {shape}: {e}"))
}

/// The name of `add-speaker`: plain text, or JSON `{"name": …}`.
fn speaker(body: &[u8]) -> Result<Intent, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        name: String,
    }
    let name = match written::<Body>(body, "the name", "{\"name\": …}")? {
        Written::Plain(name) => name.to_owned(),
        Written::Json(body) => body.name,
    };
    Ok(Intent::Floor(FloorIntent::AddSpeaker(name)))
}

fn message(body: &[u8]) -> Result<Intent, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        text: String,
        #[serde(default)]
        pinned: bool,
    }
    let shape = "{\"text\": …, \"pinned\": …}";
    match written::<Body>(body, "the message", shape)? {
        Written::Plain(text) => fitting(text, false),
        Written::Json(body) => fitting(body.text.trim(), body.pinned),
    }
}

/// A message as long as a stage screen shows, else refused with its length
/// (never cut short unseen).
fn fitting(text: &str, pinned: bool) -> Result<Intent, String> {
    let chars = text.chars().count();
    if chars > crate::plan::MESSAGE_CHARS {
        return Err(format!(
            "the message is {chars} characters long; at most {} fit on a stage screen",
            crate::plan::MESSAGE_CHARS
        ));
    }
    Ok(Intent::Run(Command::Message {
        text: text.to_owned(),
        pinned,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_command_parses_and_is_answered_under_its_name() {
        for name in command_names() {
            let name = name.replace('N', "1");
            let intent = parse(&name, b"Please wrap up").unwrap();
            assert_eq!(name_of(&intent).as_deref(), Some(&*name));
        }
        assert!(parse("preset/0", b"").is_err());
        assert!(parse("preset/10", b"").is_err());
        assert!(parse("quit", b"").is_err());
        assert_eq!(
            parse("message", br#"{"text":"Two minutes","pinned":true}"#).unwrap(),
            Intent::Run(Command::Message {
                text: "Two minutes".to_owned(),
                pinned: true
            })
        );
        assert!(parse("message", br#"{"txt":"x"}"#).is_err());
        assert!(parse("message", &[0xff, 0xfe]).is_err());
    }

    #[test]
    fn a_body_is_plain_text_or_the_commands_json_and_a_bad_one_says_which() {
        let add = |name: &str| Intent::Floor(FloorIntent::AddSpeaker(name.to_owned()));
        assert_eq!(
            parse("add-speaker", " Тоҷикистон \n".as_bytes()),
            Ok(add("Тоҷикистон"))
        );
        assert_eq!(
            parse("add-speaker", r#"{"name": "中国"}"#.as_bytes()),
            Ok(add("中国"))
        );
        let why = parse("add-speaker", br#"{"nom": "Chili"}"#).unwrap_err();
        assert!(why.starts_with(r#"the name is not {"name": …}: "#), "{why}");
        let why = parse("add-speaker", &[0xff]).unwrap_err();
        assert_eq!(why, "the name is not UTF-8 text");
        let why = parse("message", br#"{"text": 5}"#).unwrap_err();
        assert!(
            why.starts_with(r#"the message is not {"text": …, "pinned": …}: "#),
            "{why}"
        );
        assert_eq!(
            parse("message", &[0xfe]).unwrap_err(),
            "the message is not UTF-8 text"
        );
    }

    #[test]
    fn every_preset_the_plan_may_hold_has_its_name() {
        for n in 1..=crate::plan::MAX_PRESETS {
            let name = format!("preset/{n}");
            let intent = parse(&name, b"").unwrap();
            assert_eq!(intent, Intent::SendPreset(n - 1));
            assert_eq!(name_of(&intent), Some(name));
        }
    }

    #[test]
    fn an_adjustment_is_answered_by_its_sign() {
        assert_eq!(
            name_of(&Intent::Run(Command::Adjust(30))).as_deref(),
            Some("plus-minute")
        );
        assert_eq!(
            name_of(&Intent::Run(Command::Adjust(-30))).as_deref(),
            Some("minus-minute")
        );
        assert_eq!(name_of(&Intent::ToggleHelp), None, "a key's alone");
    }

    #[test]
    fn an_unknown_command_is_answered_with_the_list_of_commands() {
        let why = parse("quit", b"").unwrap_err();
        assert!(
            why.starts_with("unknown command; the commands are "),
            "{why}"
        );
        for name in command_names() {
            assert!(why.contains(name), "{name} is listed: {why}");
        }
    }

    #[test]
    fn a_message_too_long_for_the_stage_is_refused_with_its_length_not_cut() {
        let long = "word ".repeat(30);
        let why = parse("message", long.as_bytes()).unwrap_err();
        assert!(why.contains("149 characters long; at most 120"), "{why}");
        let json = format!(r#"{{"text":"{long}"}}"#);
        assert!(parse("message", json.as_bytes()).is_err());
        // 120 in any script is a message.
        let khmer = "ក".repeat(120);
        assert!(parse("message", khmer.as_bytes()).is_ok());
    }
}
