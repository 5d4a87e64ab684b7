//! The floor end to end: the real binary in a pseudo-terminal calls three
//! speakers, raises a point of order, is killed with `kill -9` in the middle
//! of an intervention, and resumes on the same speaker with the right time.
//! Nothing asserts timing with a fixed sleep: the harness waits for the
//! screen; the one sleep is time passing while the console is dead.

use std::thread;
use std::time::{Duration, Instant};

use crate::common::pty::*;

const FLOOR: &str = r#"
title = "E2E Floor"

[warnings]
amber = "20s"
red   = "5s"

[kinds]
statement = "1m"

[[segments]]
title    = "Opening"
speaker  = "The Chair"
duration = "1m"

[[segments]]
title    = "Debate"
speaker  = "The Chair"
duration = "10m"
floor    = true

[[segments.list]]
name = "Andorra"

[[segments.list]]
name = "Belize"

[[segments.list]]
name = "Chile"
"#;

#[test]
fn three_speakers_a_point_of_order_and_a_kill_resume_on_the_same_speaker() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, args) = started(dir.path(), "floor.toml", FLOOR);
    console.press("n");
    console.expect_text("The chair holds the floor: The Chair");
    for (n, name) in ["Andorra", "Belize", "Chile"].iter().enumerate() {
        console.press("n");
        console.expect(&format!("{name} on the floor"), |t| {
            t.contains(&format!("{name} · statement 1:00 · {} of 3", n + 1))
        });
    }
    console.press("o");
    // Events count from their nearest second: from the point of order's
    // first whole second on, the speaker's caption stands still.
    let order = console.expect("the point of order", |t| t.contains("POINT OF ORDER 0:01"));
    let (frozen, limit) = progress(&order).expect("the speaker's caption");
    assert_eq!(limit, 60, "{}", frame(&order));
    let later = console.expect("the interruption timed", |t| {
        t.contains("POINT OF ORDER 0:03")
    });
    let still = progress(&later).expect("a caption").0;
    assert_eq!(
        still,
        frozen,
        "the speaker's time ran during the point of order:\n{}",
        frame(&later)
    );
    console.press("o");
    let resumed_at = Instant::now();
    console.expect("the speaker's time going on", |t| {
        !t.contains("POINT OF ORDER") && progress(t).is_some_and(|(e, _)| e > frozen)
    });

    console.kill_hard();
    let killed = Instant::now();
    thread::sleep(Duration::from_secs(2));

    let args = args.each_ref().map(String::as_str);
    let mut again = Pty::spawn(dir.path(), &args, FULL);
    let text = again.expect("the resumed floor on the same speaker", |t| {
        t.contains("resumed run started")
            && t.contains("Chile · statement 1:00 · 3 of 3")
            && progress(t).is_some()
    });
    let seen = Instant::now();
    let (elapsed, limit) = progress(&text).expect("a caption");
    assert_eq!(limit, 60, "{}", frame(&text));
    // What they had when the point of order ended, plus the time since
    // (the time the console was dead counts: the speaker went on).
    let least = frozen as f64 + (seen - resumed_at).as_secs_f64() - 2.0;
    let most = frozen as f64 + (seen - resumed_at).as_secs_f64() + 1.0;
    eprintln!(
        "resumed: {elapsed} s of 60 shown; expected {least:.1}..{most:.1} ({:.1} s dead)",
        (seen - killed).as_secs_f64()
    );
    assert!(
        (elapsed as f64) >= least && (elapsed as f64) <= most,
        "the resumed speaker shows {elapsed} s, expected {least:.1}..{most:.1}:\n{}",
        frame(&text)
    );
    let status = quit_run(&mut again);
    assert!(status.success(), "console exit status {status:?}");

    // The report says who spoke for how long, the point of order its own row.
    let journal = only_journal(&dir.path().join("runs"));
    let out = std::process::Command::new(BIN)
        .args(["report", journal.to_str().unwrap(), "--format", "csv"])
        .output()
        .expect("report runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    for name in ["Andorra", "Belize", "Chile"] {
        assert!(
            csv.lines()
                .any(|l| l.contains(name) && l.contains(",intervention,")),
            "{name}:\n{csv}"
        );
    }
    assert!(csv.lines().any(|l| l.contains(",point_of_order,")), "{csv}");
}

#[test]
fn w_lists_the_hall_page_for_a_plan_with_a_floor_and_not_for_one_without() {
    for (plan, floor) in [(QUICK, false), (FLOOR, true)] {
        let dir = tempfile::tempdir().unwrap();
        write_plan(dir.path(), "plan.toml", plan);
        let args = ["run", "plan.toml", "--runs-dir", "runs", "--serve", ":0"];
        let mut console = Pty::spawn(dir.path(), &args, (40, 200));
        console.expect_text("web · 0 connected");
        console.press("w");
        let screen = console.expect_text("Remote: http://");
        assert_eq!(
            screen.contains("Hall (speakers' list): http://"),
            floor,
            "floor {floor}:\n{screen}"
        );
        if floor {
            assert!(screen.contains("/list"), "{screen}");
        }
        // Any key closes the links; nothing started, `q` quits at once.
        console.press("w");
        console.press("q");
        assert!(console.wait_exit(TIMEOUT).success());
    }
}
