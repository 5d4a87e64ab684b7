use std::fmt::Write as _;

use super::*;
use crate::text::width;

/// Every table's strings by field name.
fn strings(lang: Lang) -> Vec<(String, String)> {
    let serde_json::Value::Object(map) = serde_json::to_value(lang.words()).unwrap() else {
        panic!("a table is an object");
    };
    map.into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn the_six_are_the_languages_a_plan_may_name() {
    let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(codes, crate::plan::floor::LANGS);
    for lang in Lang::ALL {
        assert_eq!(Lang::parse(lang.code()), Some(lang));
        assert_eq!(Lang::parse(&lang.code().to_uppercase()), Some(lang));
    }
    assert_eq!(Lang::parse("de"), None);
}

#[test]
fn every_language_says_every_word_with_the_same_blanks_as_english() {
    let english = strings(Lang::En);
    for lang in Lang::ALL {
        let table = strings(lang);
        assert_eq!(table.len(), english.len());
        for ((key, text), (_, en)) in table.iter().zip(&english) {
            assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
            assert_eq!(
                text.matches("{}").count(),
                en.matches("{}").count(),
                "{}: {key} = {text:?} does not leave the blanks {en:?} has",
                lang.code()
            );
        }
    }
}

#[test]
fn no_language_but_english_shows_the_speaker_english_words() {
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
        let (w, en) = (lang.words(), Lang::En.words());
        for (word, english) in [
            (w.starting_soon, en.starting_soon),
            (w.on_time, en.on_time),
            (w.wrap_up, en.wrap_up),
            (w.conclude, en.conclude),
            (w.over, en.over),
            (w.paused, en.paused),
            (w.thank_you, en.thank_you),
            (w.point_of_order, en.point_of_order),
            (w.next, en.next),
            (w.left, en.left),
        ] {
            assert_ne!(word, english, "{} kept the English", lang.code());
        }
    }
}

/// The stage's badge at its narrowest useful layout: a terminal split in
/// two (40 columns), less the badge's padding.
const BADGE_COLUMNS: usize = 38;

#[test]
fn every_state_word_fits_a_stage_forty_columns_wide() {
    for lang in Lang::ALL {
        let w = lang.words();
        let mut said: Vec<String> = [
            Countdown::Ready,
            Countdown::OnTime,
            Countdown::Amber,
            Countdown::Red,
            Countdown::Over(3599),
            Countdown::Paused,
            Countdown::Finished,
        ]
        .into_iter()
        .map(|c| w.state(c))
        .collect();
        said.push(w.point_of_order.to_owned());
        said.push(fill(w.starts_in, "59:59"));
        said.push(fill(w.starting_late, "+59:59"));
        for text in said {
            assert!(
                width(&text) <= BADGE_COLUMNS,
                "{}: {text:?} is {} columns",
                lang.code(),
                width(&text)
            );
        }
    }
}

#[test]
fn a_presets_left_is_said_in_the_speakers_language() {
    assert_eq!(Lang::En.words().left_words(120), "2:00 left");
    assert_eq!(Lang::En.words().left_words(-30), "0:30 over");
    assert_eq!(Lang::Fr.words().left_words(120), "2:00 restantes");
    assert_eq!(Lang::Ru.words().left_words(120), "осталось 2:00");
    assert_eq!(Lang::Zh.words().state(Countdown::Over(65)), "已超时 +1:05");
}

#[test]
fn arabic_is_drawn_in_english_on_a_terminal_and_right_to_left_on_a_page() {
    assert_eq!(Lang::Ar.on_terminal(), Lang::En);
    assert!(Lang::Ar.rtl());
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::Ar) {
        assert_eq!(lang.on_terminal(), lang);
        assert!(!lang.rtl());
    }
}

#[test]
fn the_pages_get_all_six_tables() {
    let json: serde_json::Value = serde_json::from_str(tables_json()).unwrap();
    for lang in Lang::ALL {
        assert_eq!(
            json[lang.code()]["point_of_order"],
            lang.words().point_of_order
        );
    }
}

/// `docs/languages.md`'s tables, from the tables themselves.
fn doc_tables() -> String {
    let english = strings(Lang::En);
    let mut out = String::new();
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
        let name = lang.words().name;
        let _ = write!(
            out,
            "\n### {name} (`{}`)\n\n| key | English | {name} |\n|---|---|---|\n",
            lang.code()
        );
        for ((key, text), (_, en)) in strings(lang).iter().zip(&english) {
            let cell = |s: &str| s.replace('|', "\\|").replace('\u{a0}', "&nbsp;");
            let _ = writeln!(out, "| `{key}` | {} | {} |", cell(en), cell(text));
        }
    }
    out
}

#[test]
fn docs_languages_lists_every_string_with_its_english() {
    const BEGIN: &str = "<!-- tables: written by `cargo test --lib lang`; TIMEKEEPER_UPDATE_DOCS=1 rewrites them -->\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/languages.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let at = doc.find(BEGIN).expect("docs/languages.md has its marker") + BEGIN.len();
    let tables = doc_tables();
    if std::env::var("TIMEKEEPER_UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, format!("{}{tables}", &doc[..at])).unwrap();
        return;
    }
    assert!(
        doc[at..] == tables,
        "docs/languages.md is behind src/lang: run with TIMEKEEPER_UPDATE_DOCS=1"
    );
}

fn refusal(source: &str) -> crate::plan::Invalid {
    match crate::plan::parse(source, "t.toml", "t") {
        Err(crate::plan::PlanError::Invalid(i)) => *i,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const PRESETS: &str = "title=\"T\"\n[messages]\nwrap = { en = \"Please wrap up: {left}\", fr = \"Veuillez conclure : {left}\" }\nru_only = { ru = \"Просьба завершить\" }\nplain = \"{left}\"\n";

#[test]
fn a_preset_written_per_language_gives_each_speaker_theirs_english_otherwise() {
    let source = format!(
        "{PRESETS}[[segments]]\ntitle=\"A\"\nduration=\"10m\"\nlang=\"fr\"\n[[segments]]\ntitle=\"B\"\nduration=\"10m\"\nlang=\"zh\"\n"
    );
    let plan = crate::plan::parse(&source, "t.toml", "t").unwrap();
    let [wrap, ru_only, bare] = &plan.messages[..] else {
        panic!("three presets");
    };
    assert_eq!(wrap.for_lang("fr"), "Veuillez conclure : {left}");
    assert_eq!(wrap.for_lang("zh"), "Please wrap up: {left}");
    assert_eq!(wrap.text, "Please wrap up: {left}");
    assert_eq!(ru_only.for_lang("en"), "Просьба завершить");
    assert_eq!(bare.for_lang("fr"), "{left}");
    assert!(wrap.lacks("zh") && !wrap.lacks("fr") && !bare.lacks("zh"));

    // Filled in the speaker's language: {left} as "2:00 restantes".
    let mut run = crate::run::Run::new(plan, crate::run::Mode::Rehearsal);
    let t0 = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap();
    let start = run
        .event_for(crate::run::Command::StartOrPause, t0)
        .unwrap();
    run.apply(&start);
    let snap = run.at(t0 + chrono::TimeDelta::seconds(480));
    let filled = crate::console::app::fill_preset(&run.plan.messages[0].clone(), &run, &snap);
    assert_eq!(filled, "Veuillez conclure : 2:00 restantes");
    let filled = crate::console::app::fill_preset(&run.plan.messages[2].clone(), &run, &snap);
    assert_eq!(filled, "2:00 restantes");
}

#[test]
fn a_preset_in_an_unknown_language_is_refused_with_its_place() {
    let e = refusal(
        "title=\"T\"\n[messages]\nwrap = { en = \"Wrap up\", de = \"Bitte\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
    );
    assert_eq!(e.line, 3);
    assert!(
        e.message.contains("\"de\" is not one of the UN languages"),
        "{}",
        e.message
    );
    let e = refusal(
        "title=\"T\"\n[messages]\nwrap = { fr = \"\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
    );
    assert!(e.message.contains("`fr` is empty"), "{}", e.message);
    let e = refusal(
        "title=\"T\"\n[messages]\nwrap = { fr = \"{gauche}\" }\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
    );
    assert!(
        e.message.contains("unknown placeholder {gauche}"),
        "{}",
        e.message
    );
}

#[test]
fn cues_silent_keeps_every_page_quiet_and_anything_else_is_refused() {
    let plan = crate::plan::parse(
        "title=\"T\"\ncues=\"silent\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n",
        "t.toml",
        "t",
    )
    .unwrap();
    assert!(plan.silent);
    let run = crate::run::Run::new(plan, crate::run::Mode::Rehearsal);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap();
    assert!(crate::web::state::Pages::of(&run, now).stage.silent);
    let e = refusal("title=\"T\"\ncues=\"loud\"\n[[segments]]\ntitle=\"A\"\nduration=\"1m\"\n");
    assert_eq!(e.line, 2);
    assert!(
        e.message.contains("write \"silent\" or \"on\""),
        "{}",
        e.message
    );
}

#[test]
fn a_journal_written_before_languages_still_reads() {
    // A plan as journals held it before presets per language and cues.
    let old = r#"{"name":"t","title":"T","date":null,"start":null,"budget_seconds":60,"budget_given":false,"location":null,"warnings":{"amber_seconds":120,"red_seconds":30},"segments":[],"messages":[{"name":"wrap","text":"Please wrap up"}]}"#;
    let plan: crate::plan::Plan = serde_json::from_str(old).unwrap();
    assert_eq!(plan.messages[0].for_lang("fr"), "Please wrap up");
    assert!(!plan.silent);
}
