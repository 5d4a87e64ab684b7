//! The pages in the speaker's language, in a real browser (Debian's
//! headless Chromium) against the real console in a pseudo-terminal: every
//! page in all six languages with `?lang=` (the right script, right to left
//! for Arabic), the stage page following the speaker from French to
//! Russian, a preset arriving in the speaker's language, the message read
//! at two metres, a flash that keeps ON TIME green, the rundown on a phone
//! without sideways scrolling, the remote's time in view while scrolled,
//! and the accessibility tree (a timer, a live region, named buttons).
//! Screenshots of the stage at phone size in French, Russian, Chinese and
//! Arabic go to the target dir (`TIMEKEEPER_UPDATE_SCREENSHOTS=1` also
//! writes `docs/screenshots/`).
//!
//! Without a browser this test says so and passes, unless
//! `TIMEKEEPER_REQUIRE_BROWSER=1`. The check that the stage page's script
//! has no audio needs no browser.
#![cfg(unix)]

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::browser::{self, Browser, Page};
use crate::common::pty::Pty;
use serde_json::json;
use timekeeper::lang::Lang;

const SECONDS: Duration = Duration::from_secs(10);

const PLAN: &str = r#"
title = "Plenary"
[messages]
wrap = { en = "Please wrap up: {left}", fr = "Veuillez conclure : {left}", ru = "Просьба завершить: {left}" }
thanks = "Thank you"
[[segments]]
title = "Ouverture"
speaker = "Mme Dupont"
duration = "10m"
lang = "fr"
[[segments]]
title = "Доклад"
speaker = "Г-н Иванов"
duration = "10m"
lang = "ru"
[[segments]]
title = "Closing"
speaker = "Chair"
duration = "5m"
"#;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn links(console: &mut Pty) -> (String, String, String) {
    console.press("w");
    let text = console.expect_text("Remote: http://");
    let url = |what: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(what))
            .map_or_else(
                || panic!("no {what} link on\n{text}"),
                |u| u.trim().to_owned(),
            )
    };
    let links = (url("Stage:"), url("Rundown (chair):"), url("Remote:"));
    console.press("w");
    console.expect("the links closed", |t| !t.contains("Remote: http"));
    links
}

fn screenshot(browser: &mut Browser, page: &Page, name: &str) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("screenshots")
        .join(name);
    browser.screenshot(page, &path);
    if std::env::var("TIMEKEEPER_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        fs::create_dir_all(&docs).unwrap();
        fs::copy(&path, docs.join(name)).unwrap();
    }
}

/// A JavaScript test of the script a language is written in.
fn script_test(lang: Lang) -> &'static str {
    match lang {
        Lang::Ar => "/[\\u0600-\\u06FF]/",
        Lang::Zh => "/[\\u4E00-\\u9FFF]/",
        Lang::Ru => "/[\\u0400-\\u04FF]/",
        Lang::En | Lang::Fr | Lang::Es => {
            "/^[^\\u0400-\\u04FF\\u0600-\\u06FF\\u4E00-\\u9FFF]*[A-Za-zÀ-ÿ]/"
        }
    }
}

fn js(text: &str) -> String {
    json!(text).to_string()
}

/// The page at `url` in every language: its own words, in its script,
/// with `lang` and `dir` set.
fn every_language(
    browser: &mut Browser,
    page: &Page,
    url: &str,
    id: &str,
    word: fn(Lang) -> &'static str,
) {
    for lang in Lang::ALL {
        browser.navigate(page, &format!("{url}?lang={}", lang.code()));
        let dir = if lang.rtl() { "rtl" } else { "ltr" };
        // Its words, in its script, with its language and direction set.
        browser.wait_for(
            page,
            &format!("{id} in {}", lang.code()),
            &format!(
                "document.getElementById({id}).textContent.trim() === {word} && document.documentElement.lang.indexOf({code}) === 0 && document.documentElement.dir === {dir} && {script}.test(document.getElementById({id}).textContent)",
                id = js(id),
                word = js(word(lang).trim()),
                code = js(lang.code()),
                dir = js(dir),
                script = script_test(lang),
            ),
            SECONDS,
        );
    }
}

/// The accessibility tree of a page: (role, name, live) of every node.
fn ax_nodes(browser: &mut Browser, page: &Page) -> Vec<(String, String, String)> {
    browser.call(Some(page), "Accessibility.enable", &json!({}));
    let tree = browser.call(Some(page), "Accessibility.getFullAXTree", &json!({}));
    tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let live = n["properties"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["name"] == "live")
                .map(|p| p["value"]["value"].as_str().unwrap_or_default().to_owned())
                .unwrap_or_default();
            (
                n["role"]["value"].as_str().unwrap_or_default().to_owned(),
                n["name"]["value"].as_str().unwrap_or_default().to_owned(),
                live,
            )
        })
        .collect()
}

#[test]
fn the_stage_pages_script_makes_no_sound() {
    // Everything the stage page loads: common.js and stage.js.
    let html = include_str!("../src/web/pages/stage.html");
    let scripts: Vec<&str> = html
        .split("<script src=\"/assets/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(scripts, ["common.js", "stage.js"]);
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/pages");
    for script in scripts {
        let text = fs::read_to_string(pages.join(script)).unwrap();
        for audio in [
            "AudioContext",
            "webkitAudioContext",
            "new Audio",
            "HTMLAudioElement",
            "<audio",
            ".play(",
            "speechSynthesis",
            "SpeechSynthesisUtterance",
            "createOscillator",
        ] {
            assert!(!text.contains(audio), "{script} uses {audio}");
        }
    }
    assert!(!html.contains("<audio") && !html.contains("<video"));
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one session in two languages with a phone and a tablet, read in order"
)]
fn the_pages_speak_the_speakers_language() {
    let Some(chromium) = browser::find() else {
        assert!(
            !browser::required(),
            "TIMEKEEPER_REQUIRE_BROWSER=1 but no chromium: apt-get install -y chromium"
        );
        eprintln!("web_lang: not run, no chromium here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("lang.toml"), PLAN).unwrap();
    let serve = format!("127.0.0.1:{}", free_port());
    let args = ["run", "lang.toml", "--runs-dir", "runs", "--serve", &serve];
    let mut console = Pty::spawn(dir.path(), &args, (30, 110));
    console.expect_text("READY");
    let (stage_url, rundown_url, remote_url) = links(&mut console);

    let mut browser = Browser::launch(&chromium);
    let page = browser.page(390, 844, true);
    // Every page in all six languages.
    every_language(&mut browser, &page, &stage_url, "words", |l| {
        l.words().starting_soon
    });
    every_language(&mut browser, &page, &remote_url, "start-pause", |l| {
        l.words().start_button
    });
    every_language(&mut browser, &page, &rundown_url, "words", |l| {
        l.words().ready
    });
    let header = browser.eval(
        &page,
        "document.querySelector('th:nth-child(6)').textContent",
    );
    assert_eq!(header, Lang::Es.words().plan);

    // The stage follows the speaker: French first.
    let stage = browser.page(390, 844, true);
    let remote = browser.page(390, 844, true);
    browser.navigate(&stage, &stage_url);
    browser.navigate(&remote, &remote_url);
    let words = "document.getElementById('words').textContent";
    browser.wait_for(
        &stage,
        "the French speaker's words",
        &format!("{words} === {}", js(Lang::Fr.words().starting_soon)),
        SECONDS,
    );
    assert_eq!(browser.eval(&stage, "document.documentElement.lang"), "fr");
    browser.wait_for(
        &remote,
        "the remote",
        "document.querySelectorAll('.preset').length === 2",
        SECONDS,
    );
    browser.eval(&remote, "document.getElementById('start-pause').click()");
    browser.wait_for(
        &stage,
        "DANS LES TEMPS",
        &format!("{words} === {}", js(Lang::Fr.words().on_time)),
        SECONDS,
    );
    // The remote stays in English: it is the timekeeper's.
    assert_eq!(
        browser.eval(
            &remote,
            "document.getElementById('start-pause').textContent"
        ),
        "PAUSE"
    );

    // The flash: ON TIME stays green, nothing inverted to pink.
    browser.eval(
        &remote,
        "document.querySelector('[data-command=flash]').click()",
    );
    browser.wait_for(
        &stage,
        "the flash",
        "document.documentElement.classList.contains('flash')",
        SECONDS,
    );
    let flashed = browser.eval(
        &stage,
        "[getComputedStyle(document.getElementById('time')).color, getComputedStyle(document.body).filter, getComputedStyle(document.body).backgroundColor]",
    );
    assert_eq!(
        flashed,
        json!(["rgb(0, 158, 115)", "none", "rgb(255, 255, 255)"])
    );

    // Next: the Russian speaker, and the stage in Russian.
    std::thread::sleep(Duration::from_millis(1200));
    browser.eval(
        &remote,
        "document.querySelector('[data-command=next]').click()",
    );
    browser.wait_for(
        &stage,
        "В РЕГЛАМЕНТЕ",
        &format!("{words} === {}", js(Lang::Ru.words().on_time)),
        SECONDS,
    );
    assert_eq!(browser.eval(&stage, "document.documentElement.lang"), "ru");
    // A preset arrives in the speaker's language, its {left} in Russian.
    std::thread::sleep(Duration::from_millis(1200));
    browser.eval(&remote, "document.querySelectorAll('.preset')[0].click()");
    let message = browser.wait_for(
        &stage,
        "the Russian preset",
        "document.getElementById('message').textContent.indexOf('Просьба завершить: осталось ') === 0 && document.getElementById('message').textContent",
        SECONDS,
    );
    console.expect_text("Просьба завершить: осталось");
    assert!(
        message
            .as_str()
            .unwrap()
            .ends_with(|c: char| c.is_ascii_digit()),
        "{message}"
    );

    // The message reads at two metres: at least half the digits' height,
    // whole (wrapped, not cut).
    std::thread::sleep(Duration::from_millis(400));
    let sizes = browser.eval(
        &stage,
        "(function () { var t = document.getElementById('time'), m = document.getElementById('message'); return [parseFloat(getComputedStyle(t).fontSize), parseFloat(getComputedStyle(m).fontSize), m.scrollHeight <= m.clientHeight + 1, m.getBoundingClientRect().bottom <= innerHeight]; })()",
    );
    let (time_px, message_px) = (sizes[0].as_f64().unwrap(), sizes[1].as_f64().unwrap());
    assert!(
        message_px * 2.0 >= time_px,
        "message {message_px} px under a time of {time_px} px"
    );
    assert_eq!(sizes[2], true, "the message is cut: {sizes}");
    assert_eq!(sizes[3], true, "the message runs off the screen: {sizes}");

    // The accessibility tree: a timer, a live region, named buttons.
    let nodes = ax_nodes(&mut browser, &stage);
    assert!(
        nodes.iter().any(|(role, _, _)| role == "timer"),
        "{nodes:?}"
    );
    assert!(
        nodes
            .iter()
            .any(|(role, _, live)| role == "status" && live == "polite"),
        "{nodes:?}"
    );
    let said = browser.eval(&stage, "document.getElementById('said').textContent");
    assert!(
        said.as_str().unwrap().starts_with(Lang::Ru.words().on_time),
        "{said}"
    );
    // Announced only on a change: the seconds go by, the live region stays.
    let before = browser.eval(&stage, "document.getElementById('said').textContent");
    std::thread::sleep(Duration::from_millis(2200));
    assert_eq!(
        browser.eval(&stage, "document.getElementById('said').textContent"),
        before
    );
    let remote_nodes = ax_nodes(&mut browser, &remote);
    let buttons: Vec<&(String, String, String)> = remote_nodes
        .iter()
        .filter(|(role, _, _)| role == "button")
        .collect();
    assert!(buttons.len() >= 8, "{remote_nodes:?}");
    for (_, name, _) in &buttons {
        assert!(
            !name.trim().is_empty(),
            "a button without a name: {remote_nodes:?}"
        );
    }
    assert!(remote_nodes.iter().any(|(role, _, _)| role == "timer"));
    assert!(
        remote_nodes
            .iter()
            .any(|(role, name, _)| role == "textbox" && name == "Message to the speaker")
    );

    // The remote keeps the time in view while scrolled.
    // (A phone held sideways: shorter than the buttons.)
    browser.resize(&remote, 640, 360, true);
    std::thread::sleep(Duration::from_millis(200));
    browser.eval(
        &remote,
        "window.scrollTo(0, document.documentElement.scrollHeight)",
    );
    std::thread::sleep(Duration::from_millis(200));
    let top = browser.eval(
        &remote,
        "[window.scrollY, document.getElementById('time').getBoundingClientRect().top, document.getElementById('time').getBoundingClientRect().bottom]",
    );
    assert!(
        top[0].as_f64().unwrap() > 0.0,
        "the remote did not scroll: {top}"
    );
    assert!(
        top[1].as_f64().unwrap() >= 0.0 && top[2].as_f64().unwrap() <= 844.0,
        "{top}"
    );

    // The rundown on a phone: Plan, Actual and Diff without sideways
    // scrolling.
    let rundown = browser.page(360, 740, true);
    browser.navigate(&rundown, &rundown_url);
    browser.wait_for(
        &rundown,
        "the rundown",
        "document.querySelectorAll('#rows tr').length === 3",
        SECONDS,
    );
    let fits = browser.eval(
        &rundown,
        "(function () { var cells = document.querySelectorAll('#rows tr.done td, thead th'); var ok = true; cells.forEach(function (c) { var r = c.getBoundingClientRect(); if (getComputedStyle(c).display !== 'none' && (r.right > innerWidth + 0.5 || r.left < -0.5)) ok = false; }); return [document.documentElement.scrollWidth <= innerWidth, ok, document.querySelector('#rows tr.done td:nth-child(7)').textContent]; })()",
    );
    assert_eq!(fits[0], true, "{fits}");
    assert_eq!(fits[1], true, "{fits}");
    assert!(
        !fits[2].as_str().unwrap().is_empty(),
        "no Actual on the phone: {fits}"
    );

    // Screenshots at phone size, in four languages, with a message in
    // each (sent from the remote as the timekeeper types it).
    let messages = [
        (Lang::Fr, "Veuillez conclure, s’il vous plaît"),
        (Lang::Ru, "Просьба завершить выступление"),
        (Lang::Zh, "请结束发言"),
        (Lang::Ar, "يرجى اختتام الكلمة"),
    ];
    for (lang, text) in messages {
        browser.eval(
            &remote,
            &format!(
                "document.getElementById('text').value = {}; document.querySelector('#free button').click()",
                js(text)
            ),
        );
        browser.navigate(&page, &format!("{stage_url}?lang={}", lang.code()));
        browser.wait_for(
            &page,
            "the message",
            &format!(
                "document.getElementById('message').textContent === {}",
                js(text)
            ),
            SECONDS,
        );
        browser.wait_for(
            &page,
            "the stage",
            &format!("{words} === {}", js(lang.words().on_time)),
            SECONDS,
        );
        std::thread::sleep(Duration::from_millis(400));
        screenshot(
            &mut browser,
            &page,
            &format!("stage-phone-{}.png", lang.code()),
        );
    }
    let rtl = browser.eval(&page, "[document.documentElement.dir, getComputedStyle(document.getElementById('time')).direction]");
    assert_eq!(rtl, json!(["rtl", "ltr"]));
    drop(browser);
    console.press("q");
}

/// The same cues as the console's bell, at zero and each minute over, none
/// twice, none for a new speaker: the pages' own arithmetic, on a page.
fn assert_cues_match_the_bell(browser: &mut Browser, page: &Page) {
    let cues = browser.eval(
        page,
        "(function () { var st = { number: 1 }, out = []; [['ontime', 70], ['amber', 50], ['amber', 49], ['red', 5], ['over', 0], ['over', -59], ['over', -60], ['over', -61], ['over', -120]].forEach(function (s) { out.push(TK.cue(st, { state: s[0], left: s[1] })); }); out.push(TK.cue({ number: 2 }, { state: 'over', left: -200 })); return out; })()",
    );
    assert_eq!(
        cues,
        json!([
            null, "amber", null, null, "zero", null, "minute", null, "minute", null
        ])
    );
}

#[test]
fn the_speakers_phone_vibrates_and_the_timekeepers_pages_chime_at_amber_once_allowed() {
    let Some(chromium) = browser::find() else {
        assert!(
            !browser::required(),
            "TIMEKEEPER_REQUIRE_BROWSER=1 but no chromium"
        );
        eprintln!("web_lang: not run, no chromium here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("cues.toml"),
        "title = \"Cues\"\n[[segments]]\ntitle = \"Speech\"\nspeaker = \"Ms. A\"\nduration = \"1m\"\namber = \"56s\"\nred = \"5s\"\n",
    )
    .unwrap();
    let serve = format!("127.0.0.1:{}", free_port());
    let args = ["run", "cues.toml", "--runs-dir", "runs", "--serve", &serve];
    let mut console = Pty::spawn(dir.path(), &args, (30, 110));
    console.expect_text("READY");
    let (stage_url, rundown_url, remote_url) = links(&mut console);
    let mut browser = Browser::launch(&chromium);
    let stage = browser.page(390, 844, true);
    let rundown = browser.page(390, 844, true);
    let remote = browser.page(390, 844, true);
    browser.navigate(&stage, &stage_url);
    browser.navigate(&rundown, &rundown_url);
    browser.navigate(&remote, &remote_url);
    for page in [&stage, &rundown, &remote] {
        browser.wait_for(
            page,
            "the page",
            "TK.stage && TK.stage.phase === 'ready' && TK.words",
            SECONDS,
        );
    }
    // The speaker allows vibration with a tap (the phone's vibrator stood
    // in for, to hear what it is asked); the timekeeper turns the chime on.
    browser.eval(
        &stage,
        "window.buzzed = []; navigator.vibrate = function (p) { window.buzzed.push(p); return true; }; document.getElementById('vibrate').click()",
    );
    assert_eq!(
        browser.eval(
            &stage,
            "document.getElementById('vibrate').getAttribute('aria-pressed')"
        ),
        "true"
    );
    for page in [&rundown, &remote] {
        browser.eval(page, "document.getElementById('chime').click()");
        assert_eq!(
            browser.eval(page, "document.getElementById('chime').textContent"),
            "Chime on"
        );
    }
    console.press(" ");
    browser.wait_for(
        &stage,
        "amber",
        "document.body.className.indexOf('s-amber') >= 0",
        SECONDS,
    );
    browser.wait_for(
        &stage,
        "the amber buzz",
        "window.buzzed.length === 2",
        SECONDS,
    );
    assert_eq!(
        browser.eval(&stage, "[window.buzzed, TK.vibrations]"),
        json!([[50, [300]], ["amber"]])
    );
    for page in [&rundown, &remote] {
        browser.wait_for(
            page,
            "the amber chime",
            "TK.chimes.join() === 'amber'",
            SECONDS,
        );
    }
    assert_cues_match_the_bell(&mut browser, &stage);
    // The stage page never plays a sound: nothing in it can.
    assert_eq!(
        browser.eval(&stage, "typeof TK.chime + ':' + Array.prototype.map.call(document.scripts, function (s) { return s.src.split('/').pop(); }).join()"),
        "undefined:common.js,stage.js"
    );
    // `cues = "silent"` in the plan: no button anywhere.
    browser.eval(&stage, "TK.stage.silent = true; TK.render()");
    assert_eq!(
        browser.eval(&stage, "document.getElementById('vibrate').hidden"),
        true
    );
    browser.eval(&remote, "TK.stage.silent = true; TK.render()");
    assert_eq!(
        browser.eval(&remote, "document.getElementById('chime').hidden"),
        true
    );
    drop(browser);
    console.press("q");
}
