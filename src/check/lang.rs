//! `check` for the languages: a preset written per language that lacks the
//! language of a speaker who will get it is said as a warning (the speaker
//! gets the English, else the first written, so the plan still runs).

use std::io::{self, Write};

use crate::plan::Plan;
use crate::text;

/// Who speaks which language, in the plan's order: (language, who).
fn speakers(plan: &Plan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, segment) in plan.segments.iter().enumerate() {
        let lang = segment.lang.clone().or_else(|| plan.lang.clone());
        let who = segment.speaker.as_deref().unwrap_or(&segment.title);
        if let Some(lang) = &lang {
            out.push((lang.clone(), format!("segment {} ({})", i + 1, who)));
        }
        for entry in segment.floor.iter().flat_map(|f| &f.list) {
            if let Some(l) = entry.lang.as_ref().or(lang.as_ref()) {
                out.push((l.clone(), entry.name.clone()));
            }
        }
    }
    out
}

/// One line per preset and missing language, naming who needs it.
pub(super) fn write_warnings(plan: &Plan, out: &mut impl Write) -> io::Result<()> {
    let speakers = speakers(plan);
    for preset in plan.messages.iter().filter(|p| !p.langs.is_empty()) {
        let mut missing: Vec<(&str, Vec<&str>)> = Vec::new();
        for (lang, who) in &speakers {
            if !preset.lacks(lang) {
                continue;
            }
            match missing.iter_mut().find(|(l, _)| l == lang) {
                Some((_, whos)) => whos.push(who),
                None => missing.push((lang, vec![who])),
            }
        }
        for (lang, whos) in missing {
            let first = text::sanitize(whos[0]);
            let others = match whos.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let fallback = if preset.langs.iter().any(|(l, _)| l == "en") {
                "English"
            } else {
                "the first text written"
            };
            writeln!(
                out,
                "Warning: message `{}` has no `{lang}` text: {first}{others} will get {fallback}",
                preset.name
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(source: &str) -> String {
        let plan = crate::plan::parse(source, "t.toml", "t").unwrap();
        let mut out = Vec::new();
        write_warnings(&plan, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_preset_without_the_language_of_a_speaker_who_needs_it_is_said() {
        let out = warnings(
            "title=\"T\"\n[messages]\nwrap={ en = \"Please wrap up\", fr = \"Veuillez conclure\" }\nplain=\"Thank you\"\n[[segments]]\ntitle=\"A\"\nspeaker=\"Ms. A\"\nduration=\"5m\"\nlang=\"fr\"\n[[segments]]\ntitle=\"B\"\nspeaker=\"Mr. B\"\nduration=\"5m\"\nlang=\"ru\"\n[[segments]]\ntitle=\"C\"\nduration=\"5m\"\nfloor=true\nlang=\"ru\"\n[[segments.list]]\nname=\"Cambodia\"\n[[segments.list]]\nname=\"Chile\"\nlang=\"es\"\n",
        );
        assert_eq!(
            out,
            "Warning: message `wrap` has no `ru` text: segment 2 (Mr. B) and 2 more will get English\n\
             Warning: message `wrap` has no `es` text: Chile will get English\n"
        );
    }

    #[test]
    fn a_plan_whose_presets_cover_every_speaker_says_nothing() {
        let out = warnings(
            "title=\"T\"\nlang=\"fr\"\n[messages]\nwrap={ fr = \"Veuillez conclure\" }\n[[segments]]\ntitle=\"A\"\nduration=\"5m\"\n",
        );
        assert_eq!(out, "");
    }
}
