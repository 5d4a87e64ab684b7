//! The pages in a real browser (Debian's headless Chromium), against the
//! real console in a pseudo-terminal: the remote and the stage page side by
//! side, Next pressed on the remote and the next speaker on the stage, the
//! time the page shows against the console's, NO LINK when the console is
//! killed and the page coming back by itself when it is started again, and
//! the screenshots the README shows.
//!
//! Without a browser this test says so in one line and passes, unless
//! `TIMEKEEPER_REQUIRE_BROWSER=1` (CI) makes that a failure. Screenshots go
//! to the target dir; `TIMEKEEPER_UPDATE_SCREENSHOTS=1` also writes the
//! committed ones in `docs/screenshots/`.
// A real Unix pseudo-terminal drives the binary here.
#![cfg(unix)]

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::browser::{self, Browser, Page};
use crate::common::pty::{self, Pty};
use serde_json::Value;

const SECONDS: Duration = Duration::from_secs(10);

/// The plenary, with its six presets.
fn plan() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/plenary-3.toml"))
        .unwrap()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The links the console's `w` shows, by name.
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

/// The hall page's link, as `w` shows it for a plan with a floor.
fn hall_link(console: &mut Pty) -> String {
    console.press("w");
    let text = console.expect_text("Hall (speakers' list): http://");
    let url = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Hall (speakers' list):"))
        .map_or_else(
            || panic!("no hall link on\n{text}"),
            |u| u.trim().to_owned(),
        );
    console.press("w");
    console.expect("the links closed", |t| !t.contains("Remote: http"));
    url
}

fn screenshot(browser: &mut Browser, page: &Page, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let path = dir.join(name);
    browser.screenshot(page, &path);
    if std::env::var("TIMEKEEPER_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        fs::create_dir_all(&docs).unwrap();
        fs::copy(&path, docs.join(name)).unwrap();
    }
}

/// The console's time left: the progress caption's allowed less elapsed.
fn console_left(console: &Pty) -> i64 {
    let text = console.text();
    let (elapsed, allowed) =
        pty::progress(&text).unwrap_or_else(|| panic!("no progress on\n{text}"));
    allowed - elapsed
}

/// The stage page's time, in seconds.
fn page_left(browser: &mut Browser, page: &Page) -> i64 {
    let shown = browser.eval(page, "document.getElementById('time').textContent");
    pty::seconds(shown.as_str().unwrap()).unwrap_or_else(|| panic!("{shown} is not a time"))
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one session at the podium, with a phone and a tablet, read in order"
)]
fn the_remote_moves_the_stage_page_and_the_page_keeps_the_consoles_time() {
    let Some(chromium) = browser::find() else {
        assert!(
            !browser::required(),
            "TIMEKEEPER_REQUIRE_BROWSER=1 but no chromium: apt-get install -y chromium"
        );
        eprintln!(
            "web_browser: not run, no chromium here (apt-get install -y chromium, or CHROMIUM=/path/to/chrome)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plenary.toml"), plan()).unwrap();
    let port = free_port();
    let serve = format!("127.0.0.1:{port}");
    let args = [
        "run",
        "plenary.toml",
        "--runs-dir",
        "runs",
        "--serve",
        &serve,
    ];
    let mut console = Pty::spawn(dir.path(), &args, (30, 110));
    console.expect_text("READY");
    let (stage_url, rundown_url, remote_url) = links(&mut console);
    let addr: SocketAddr = serve.parse().unwrap();
    assert!(
        stage_url.starts_with(&format!("http://{addr}/s/")),
        "{stage_url}"
    );

    let mut browser = Browser::launch(&chromium);
    let stage = browser.page(390, 844, true);
    let remote = browser.page(390, 844, true);
    browser.navigate(&stage, &stage_url);
    browser.navigate(&remote, &remote_url);
    browser.wait_for(
        &stage,
        "the first speaker",
        "document.getElementById('speaker').textContent === 'Ms. Oksana Leshchenko'",
        SECONDS,
    );
    browser.wait_for(
        &stage,
        "the link",
        "document.getElementById('link').textContent.indexOf('LINK') >= 0 && document.getElementById('link').className === 'link ok'",
        SECONDS,
    );
    browser.wait_for(
        &remote,
        "the remote's presets",
        "document.querySelectorAll('.preset').length === 6",
        SECONDS,
    );
    console.expect_text("web · 2 connected");

    // Start from the phone: the stage page and the console both run.
    browser.eval(&remote, "document.getElementById('start-pause').click()");
    console.expect_text("ON TIME");
    browser.wait_for(
        &stage,
        "ON TIME",
        "document.getElementById('words').textContent === 'ON TIME'",
        SECONDS,
    );
    // The page's clock against the console's, a few times over.
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(1300));
        let on_console = console_left(&console);
        let on_page = page_left(&mut browser, &stage);
        assert!(
            (on_console - on_page).abs() <= 1,
            "the console shows {on_console} s left, the page {on_page} s"
        );
    }

    // Next on the remote: the next speaker on the stage page.
    browser.eval(
        &remote,
        "document.querySelector('[data-command=next]').click()",
    );
    browser.wait_for(
        &stage,
        "the next speaker",
        "document.getElementById('speaker').textContent === 'H.E. Ambassador Prum Sophakmonkol'",
        Duration::from_secs(3),
    );
    console.expect_text("H.E. Ambassador Prum Sophakmonkol");
    browser.wait_for(
        &remote,
        "the answer",
        "document.getElementById('answer').textContent === 'next: done'",
        SECONDS,
    );
    let journal = pty::only_journal(&dir.path().join("runs"));
    let last = pty::last_event(&journal);
    assert_eq!(last["event"], "next");
    assert_eq!(last["source"], "web");

    // A preset from the phone reaches the stage.
    std::thread::sleep(Duration::from_millis(1200));
    browser.eval(&remote, "document.querySelectorAll('.preset')[1].click()");
    browser.wait_for(
        &stage,
        "the message",
        "document.getElementById('message').textContent === 'Please wrap up'",
        SECONDS,
    );
    std::thread::sleep(Duration::from_millis(1200));
    let on_console = console_left(&console);
    let on_page = page_left(&mut browser, &stage);
    assert!(
        (on_console - on_page).abs() <= 1,
        "{on_console} / {on_page}"
    );

    screenshot(&mut browser, &stage, "stage-phone.png");
    screenshot(&mut browser, &remote, "remote-phone.png");
    browser.resize(&stage, 1024, 768, false);
    std::thread::sleep(Duration::from_millis(300));
    screenshot(&mut browser, &stage, "stage-tablet.png");
    let rundown = browser.page(1024, 768, false);
    browser.navigate(&rundown, &rundown_url);
    browser.wait_for(
        &rundown,
        "the rundown",
        "document.querySelectorAll('#rows tr').length === 6 && document.getElementById('totals').textContent.indexOf('Session') === 0",
        SECONDS,
    );
    std::thread::sleep(Duration::from_millis(300));
    screenshot(&mut browser, &rundown, "rundown-tablet.png");

    // The page flips on the console's second boundary.
    let flips = browser.eval(&stage, "TK.flips.map(function (t) { return t % 1000; })");
    let mut offsets: Vec<i64> = flips
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    offsets.sort_unstable();
    let median = offsets[offsets.len() / 2];
    assert!(median < 100, "flips land {offsets:?} ms after the second");

    // The console dies: the page says NO LINK and goes on counting.
    console.kill_hard();
    browser.wait_for(
        &stage,
        "NO LINK",
        "document.getElementById('link').textContent.indexOf('NO LINK') === 0",
        SECONDS,
    );
    let before = page_left(&mut browser, &stage);
    std::thread::sleep(Duration::from_millis(2100));
    let after = page_left(&mut browser, &stage);
    assert!(
        before - after >= 1,
        "the page went on counting: {before} then {after}"
    );

    // Started again: the page comes back by itself, on the same run.
    let mut again = Pty::spawn(dir.path(), &args, (30, 110));
    again.expect_text("resumed run");
    browser.wait_for(
        &stage,
        "the link back",
        "document.getElementById('link').className === 'link ok'",
        Duration::from_secs(15),
    );
    let speaker = browser.eval(&stage, "document.getElementById('speaker').textContent");
    assert_eq!(speaker, "H.E. Ambassador Prum Sophakmonkol");
    std::thread::sleep(Duration::from_millis(1200));
    let on_console = console_left(&again);
    let on_page = page_left(&mut browser, &stage);
    assert!(
        (on_console - on_page).abs() <= 1,
        "{on_console} / {on_page}"
    );
    pty::quit_run(&mut again);
}

/// A short session whose first segment is a floor of two delegations.
const FLOOR: &str = r#"
title = "Floor in the browser"

[kinds]
statement = "3m"

[[segments]]
title    = "Discussion"
speaker  = "Ms. Chair"
duration = "10m"
floor    = true

[[segments.list]]
name = "Cambodia"

[[segments.list]]
name = "Тоҷикистон"

[[segments]]
title    = "Closing"
speaker  = "Ms. Chair"
duration = "5m"
"#;

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one discussion from the phone, call by call, read in order"
)]
fn the_remote_calls_the_next_speaker_and_the_stage_page_follows_the_floor() {
    let Some(chromium) = browser::find() else {
        assert!(
            !browser::required(),
            "TIMEKEEPER_REQUIRE_BROWSER=1 but no chromium: apt-get install -y chromium"
        );
        eprintln!("web_browser: not run, no chromium here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("floor.toml"), FLOOR).unwrap();
    let serve = format!("127.0.0.1:{}", free_port());
    let args = ["run", "floor.toml", "--runs-dir", "runs", "--serve", &serve];
    let mut console = Pty::spawn(dir.path(), &args, (30, 110));
    console.expect_text("READY");
    let (stage_url, _, remote_url) = links(&mut console);
    let mut browser = Browser::launch(&chromium);
    let stage = browser.page(390, 844, true);
    let remote = browser.page(390, 844, true);
    browser.navigate(&stage, &stage_url);
    browser.navigate(&remote, &remote_url);
    console.press(" ");
    console.expect_text("CHAIR");
    browser.wait_for(
        &stage,
        "the chair holding the floor",
        "document.getElementById('speaker').textContent === 'Ms. Chair'",
        SECONDS,
    );
    browser.wait_for(
        &remote,
        "the remote's floor buttons",
        "!document.getElementById('floor').hidden",
        SECONDS,
    );

    // Next on the remote gives the floor to the first on the list.
    browser.eval(
        &remote,
        "document.querySelector('[data-command=next]').click()",
    );
    browser.wait_for(
        &stage,
        "the first delegation",
        "document.getElementById('speaker').textContent === 'Cambodia'",
        SECONDS,
    );
    browser.wait_for(
        &stage,
        "their own countdown from 3:00",
        "['3:00', '2:59', '2:58'].indexOf(document.getElementById('time').textContent) >= 0",
        SECONDS,
    );
    console.expect("Cambodia on the console", |t| t.contains("Cambodia"));
    let journal = pty::only_journal(&dir.path().join("runs"));
    let last = pty::last_event(&journal);
    assert_eq!(last["event"], "floor_call", "{last}");
    assert_eq!(last["source"], "web", "{last}");

    // A point of order from the remote freezes the speaker's time on the
    // stage page; the same button gives it back.
    std::thread::sleep(Duration::from_millis(1200));
    browser.eval(
        &remote,
        "document.querySelector('[data-command=point-of-order]').click()",
    );
    browser.wait_for(
        &stage,
        "POINT OF ORDER",
        "document.getElementById('words').textContent.indexOf('POINT OF ORDER') >= 0",
        SECONDS,
    );
    // A point of order raised in the second half of a second starts, on
    // screen, at the next whole second (every time shown is rounded so):
    // read the frozen time once that second has passed.
    std::thread::sleep(Duration::from_millis(1100));
    let frozen = page_left(&mut browser, &stage);
    std::thread::sleep(Duration::from_millis(2200));
    assert_eq!(
        page_left(&mut browser, &stage),
        frozen,
        "the speaker's time is frozen"
    );
    std::thread::sleep(Duration::from_millis(500));
    browser.eval(
        &remote,
        "document.querySelector('[data-command=point-of-order]').click()",
    );
    browser.wait_for(
        &stage,
        "the speaker back with their time",
        "document.getElementById('words').textContent === 'ON TIME'",
        SECONDS,
    );

    // The next delegation, in Cyrillic, then the floor back to the chair.
    std::thread::sleep(Duration::from_millis(500));
    browser.eval(
        &remote,
        "document.querySelector('[data-command=next]').click()",
    );
    browser.wait_for(
        &stage,
        "the second delegation",
        "document.getElementById('speaker').textContent === 'Тоҷикистон'",
        SECONDS,
    );
    std::thread::sleep(Duration::from_millis(500));
    browser.eval(
        &remote,
        "document.querySelector('[data-command=chair]').click()",
    );
    browser.wait_for(
        &stage,
        "the chair again",
        "document.getElementById('speaker').textContent === 'Ms. Chair'",
        SECONDS,
    );
    let events: Vec<String> = fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        events,
        [
            "start",
            "floor_call",
            "order_start",
            "order_end",
            "floor_call",
            "floor_chair"
        ],
        "every floor command from the web journalled in order"
    );
    console.kill_hard();
}

/// A floor of six for the hall page: "the next two" is two of many.
const HALL_FLOOR: &str = r#"
title = "The hall in the browser"

[kinds]
statement = "3m"

[[segments]]
title    = "Discussion"
speaker  = "Ms. Chair"
duration = "20m"
floor    = true

[[segments.list]]
name = "Cambodia"

[[segments.list]]
name = "Тоҷикистон"

[[segments.list]]
name = "Chile"

[[segments.list]]
name = "日本"

[[segments.list]]
name = "مصر"

[[segments.list]]
name = "Peru"

[[segments]]
title    = "Closing"
speaker  = "Ms. Chair"
duration = "5m"
"#;

/// The hall page's list, as a script's condition: who holds the floor,
/// what the count says, the next ones (`#next`, the first as "Next: …")
/// and, where `order` is given, the whole order still to come.
fn hall_shows(speaker: &str, count: &str, next: &[&str], order: Option<&[&str]>) -> String {
    let names = |id: &str, names: &[&str]| {
        format!(
            "JSON.stringify(Array.from(document.getElementById('{id}').children).map(function (li) {{ return li.textContent; }})) === {}",
            serde_json::to_string(&serde_json::to_string(names).unwrap()).unwrap()
        )
    };
    let mut next: Vec<String> = next.iter().map(|n| (*n).to_owned()).collect();
    if let Some(first) = next.first_mut() {
        *first = format!("Next: {first}");
    }
    let next: Vec<&str> = next.iter().map(String::as_str).collect();
    let mut all = format!(
        "document.getElementById('speaker').textContent === {} && \
         document.getElementById('count').textContent === {} && {}",
        serde_json::to_string(speaker).unwrap(),
        serde_json::to_string(count).unwrap(),
        names("next", &next)
    );
    match order {
        Some(order) if !order.is_empty() => {
            all.push_str(" && !document.getElementById('order').hidden && ");
            all.push_str(&names("order", order));
        }
        _ => all.push_str(" && document.getElementById('order').hidden"),
    }
    all
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one discussion on the hall's screen and a phone, call by call"
)]
fn the_hall_page_follows_n_from_across_the_room() {
    let Some(chromium) = browser::find() else {
        assert!(
            !browser::required(),
            "TIMEKEEPER_REQUIRE_BROWSER=1 but no chromium: apt-get install -y chromium"
        );
        eprintln!("web_browser: not run, no chromium here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("floor.toml"), HALL_FLOOR).unwrap();
    let serve = format!("127.0.0.1:{}", free_port());
    let args = ["run", "floor.toml", "--runs-dir", "runs", "--serve", &serve];
    let mut console = Pty::spawn(dir.path(), &args, (30, 110));
    console.expect_text("READY");
    let (stage_url, _, _) = links(&mut console);
    let hall_url = hall_link(&mut console);
    assert_eq!(
        hall_url,
        format!("{stage_url}/list"),
        "w shows the hall page"
    );
    let mut browser = Browser::launch(&chromium);
    let hall = browser.page(1920, 1080, false);
    let phone = browser.page(390, 844, true);
    browser.navigate(&hall, &format!("{hall_url}?all=1"));
    browser.navigate(&phone, &hall_url);
    console.press(" ");
    console.expect_text("CHAIR");
    let everyone = ["Cambodia", "Тоҷикистон", "Chile", "日本", "مصر", "Peru"];
    // (who holds the floor, the count, the next two, the rest to come)
    let steps: [(&str, &str, &[&str], &[&str]); 6] = [
        (
            "Ms. Chair",
            "6 still to speak",
            &["Cambodia", "Тоҷикистон"],
            &everyone,
        ),
        (
            "Cambodia",
            "5 still to speak",
            &["Тоҷикистон", "Chile"],
            &everyone[1..],
        ),
        (
            "Тоҷикистон",
            "4 still to speak",
            &["Chile", "日本"],
            &everyone[2..],
        ),
        (
            "Chile",
            "3 still to speak",
            &["日本", "مصر"],
            &everyone[3..],
        ),
        ("日本", "2 still to speak", &["مصر", "Peru"], &everyone[4..]),
        ("مصر", "1 still to speak", &["Peru"], &everyone[5..]),
    ];
    for (k, (speaker, count, next, order)) in steps.into_iter().enumerate() {
        if k > 0 {
            // Past the console's guard against a held key.
            std::thread::sleep(Duration::from_millis(500));
            console.press("n");
        }
        browser.wait_for(
            &hall,
            &format!("the hall's screen with {speaker} and the whole order"),
            &hall_shows(speaker, count, next, Some(order)),
            SECONDS,
        );
        browser.wait_for(
            &phone,
            &format!("the phone with {speaker} and no whole order"),
            &hall_shows(speaker, count, next, None),
            SECONDS,
        );
        if k == 1 {
            let time = browser.eval(&hall, "document.getElementById('time').textContent");
            assert!(
                ["3:00", "2:59", "2:58", "2:57"].contains(&time.as_str().unwrap_or_default()),
                "the first delegation's time: {time}"
            );
            // Readable from the back of the room: the time fills a good
            // part of a 1920x1080 screen's height.
            let height = browser.eval(
                &hall,
                "document.getElementById('time').getBoundingClientRect().height",
            );
            assert!(
                height.as_f64().unwrap_or_default() > 200.0,
                "the time is {height} px high"
            );
            screenshot(&mut browser, &hall, "hall-1920x1080.png");
        }
    }

    std::thread::sleep(Duration::from_millis(500));
    console.press("n");
    for page in [&hall, &phone] {
        browser.wait_for(
            page,
            "the last delegation, nobody after",
            &hall_shows("Peru", "Nobody else is inscribed", &[], Some(&[])),
            SECONDS,
        );
    }
}
