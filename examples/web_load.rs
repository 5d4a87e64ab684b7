//! Load for `run --serve`, on loopback only, bounded in count and time: the
//! benchmark's client side (`bench/web.sh` runs it against a console in
//! tmux).
//!
//! ```text
//! web_load ADDR VIEW CONTROL latency PAGES ROUNDS [TMUX_SOCKET TARGET]
//! web_load ADDR VIEW CONTROL idle PAGES SECONDS
//! web_load ADDR VIEW CONTROL flips SECONDS
//! ```
//!
//! - `latency`: PAGES event streams on the stage; ROUNDS times a change is
//!   made (`+` / `-` a minute, alternately: a POST to the API, or with a tmux
//!   target a key typed into the console) and the time until each stream
//!   has the new state is noted. Prints the median, p95 and max over every
//!   page and round, and of the slowest page of each round.
//! - `idle`: PAGES streams connected for SECONDS; prints what they received.
//! - `flips`: the stage page in headless Chromium for SECONDS; prints when
//!   its visible second changes land against the wall clock's boundary.

#[allow(
    dead_code,
    reason = "shared with the tests; only some of it is used here"
)]
#[path = "../tests/common/http.rs"]
mod http;

#[allow(
    dead_code,
    reason = "shared with the tests; only some of it is used here"
)]
#[path = "../tests/common/browser.rs"]
mod browser;

use std::net::SocketAddr;
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use http::Events;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "web_load ADDR VIEW CONTROL (latency PAGES ROUNDS [TMUX_SOCKET TARGET] | idle PAGES SECONDS | flips SECONDS)";
    let [addr, view, control, mode, rest @ ..] = args.as_slice() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let addr: SocketAddr = addr.parse().expect("ADDR is IP:PORT");
    assert!(addr.ip().is_loopback(), "load goes to loopback only");
    let number = |i: usize| -> usize {
        rest.get(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{usage}"))
    };
    match mode.as_str() {
        "latency" => {
            let keys = rest.get(2).zip(rest.get(3));
            latency(
                addr,
                view,
                control,
                number(0).min(250),
                number(1).min(500),
                keys,
            );
        }
        "idle" => idle(addr, view, number(0).min(250), number(1).min(600)),
        "flips" => flips(addr, view, number(0).min(600)),
        _ => panic!("{usage}"),
    }
}

/// A stream's arrivals: (page, seq, when).
type Arrival = (usize, u64, Instant);

fn open_pages(addr: SocketAddr, view: &str, pages: usize) -> (mpsc::Receiver<Arrival>, u64) {
    let (tx, rx) = mpsc::channel();
    let path = format!("/s/{view}/events");
    let mut first = 0;
    for page in 0..pages {
        let mut events = Events::open(addr, &path);
        assert_eq!(events.status, 200, "page {page} was refused");
        let initial = events
            .next_of("stage", Duration::from_secs(5))
            .expect("the state at once");
        first = initial.json()["seq"].as_u64().unwrap();
        let tx = tx.clone();
        thread::spawn(move || {
            while let Some(event) = events.next(Duration::from_secs(3600)) {
                if event.kind == "stage" {
                    let seq = event.json()["seq"].as_u64().unwrap_or(0);
                    if tx.send((page, seq, event.at)).is_err() {
                        return;
                    }
                }
            }
        });
    }
    (rx, first)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{what}: n {} median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(0.0)
    );
}

fn latency(
    addr: SocketAddr,
    view: &str,
    control: &str,
    pages: usize,
    rounds: usize,
    keys: Option<(&String, &String)>,
) {
    let (arrivals, mut seq) = open_pages(addr, view, pages);
    println!(
        "{pages} pages connected; {rounds} changes by {}",
        if keys.is_some() {
            "keys in the console (tmux send-keys)"
        } else {
            "POST to the API"
        }
    );
    let mut each = Vec::new();
    let mut slowest = Vec::new();
    for round in 0..rounds {
        // Past the double-tap guard and well inside the rate limit.
        thread::sleep(Duration::from_millis(500));
        let plus = round % 2 == 0;
        let sent = Instant::now();
        if let Some((socket, target)) = keys {
            let status = Command::new("tmux")
                .args([
                    "-L",
                    socket,
                    "send-keys",
                    "-t",
                    target,
                    if plus { "+" } else { "-" },
                ])
                .status()
                .expect("tmux runs");
            assert!(status.success());
            seq += 1;
        } else {
            let command = if plus { "plus-minute" } else { "minus-minute" };
            let answer = http::post(addr, &format!("/c/{control}/api/{command}"), b"");
            assert_eq!(answer.status, 200, "{}", answer.body);
            seq = answer.json()["seq"].as_u64().unwrap();
        }
        let mut got = vec![false; pages];
        let mut round_max = 0.0f64;
        let deadline = sent + Duration::from_secs(10);
        while got.iter().any(|g| !g) {
            let left = deadline.saturating_duration_since(Instant::now());
            let (page, at_seq, at) = arrivals
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("round {round}: not every page got seq {seq}"));
            if at_seq >= seq && !got[page] {
                got[page] = true;
                let ms = at.duration_since(sent).as_secs_f64() * 1000.0;
                each.push(ms);
                round_max = round_max.max(ms);
            }
        }
        slowest.push(round_max);
    }
    summary("change to each page", each);
    summary("change to every page (slowest of each round)", slowest);
}

fn idle(addr: SocketAddr, view: &str, pages: usize, seconds: usize) {
    let path = format!("/s/{view}/events");
    let (tx, rx) = mpsc::channel();
    for _ in 0..pages {
        let mut events = Events::open(addr, &path);
        assert_eq!(events.status, 200);
        let tx = tx.clone();
        thread::spawn(move || {
            let mut kinds = Vec::new();
            let until = Instant::now() + Duration::from_secs(seconds as u64);
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match events.next(left) {
                    Some(event) => kinds.push(event.kind),
                    None => break,
                }
            }
            let _ = tx.send(kinds);
        });
    }
    drop(tx);
    println!("{pages} pages connected for {seconds} s");
    let mut beats = 0;
    let mut states = 0;
    for kinds in rx {
        beats += kinds.iter().filter(|k| *k == "beat").count();
        states += kinds.iter().filter(|k| *k == "stage").count();
    }
    println!(
        "received: {states} states, {beats} beats ({:.2} beats a page a second)",
        beats as f64 / (pages * seconds).max(1) as f64
    );
}

fn flips(addr: SocketAddr, view: &str, seconds: usize) {
    let chromium = browser::find().expect("chromium (apt-get install -y chromium)");
    let mut chrome = browser::Browser::launch(&chromium);
    let page = chrome.page(1024, 768, false);
    chrome.navigate(&page, &format!("http://{addr}/s/{view}"));
    chrome.wait_for(
        &page,
        "the stage",
        "document.getElementById('link').className === 'link ok'",
        Duration::from_secs(10),
    );
    // The page's own clock is set by then; keep what follows.
    chrome.eval(&page, "TK.flips.length = 0");
    thread::sleep(Duration::from_secs(seconds as u64));
    let flips = chrome.eval(&page, "TK.flips.slice()");
    let offsets: Vec<f64> = flips
        .as_array()
        .expect("the flips")
        .iter()
        .filter_map(serde_json::Value::as_i64)
        .map(|t| {
            let ms = t.rem_euclid(1000) as f64;
            if ms >= 500.0 { ms - 1000.0 } else { ms }
        })
        .collect();
    let rtt = chrome.eval(&page, "TK.rtt").as_f64().unwrap_or(f64::NAN);
    println!("stage page in headless Chromium, {seconds} s; clock round trip {rtt:.1} ms");
    summary(
        "visible second change after the wall clock's boundary",
        offsets.iter().map(|o| o.abs()).collect(),
    );
    println!(
        "offsets (ms, + after the boundary): {:?}",
        offsets.iter().map(|o| *o as i64).collect::<Vec<_>>()
    );
}
