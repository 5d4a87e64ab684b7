//! Names pasted into the speakers' list, end to end: the real binary in a
//! pseudo-terminal gets the terminal's bracketed paste (the bytes a terminal
//! sends when text is pasted with bracketed paste on). A paste with nothing
//! open does nothing (its `n` calls nobody); in the list, `p` and a paste
//! show the names and ask; Enter adds them in one journal event, which a
//! console killed and resumed reads back, and which `u` takes back whole.
#![cfg(unix)]

use std::time::Duration;

use crate::common::pty::*;

const FLOOR: &str = r#"
title = "E2E Paste"

[warnings]
amber = "20s"
red   = "5s"

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
"#;

/// Text as a terminal pastes it with bracketed paste on.
fn pasted(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

#[test]
fn a_paste_adds_names_to_the_list_only_after_they_are_shown_and_never_acts_as_keys() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, args) = started(dir.path(), "floor.toml", FLOOR);
    console.press("n");
    console.expect_text("The chair holds the floor: The Chair");

    console.send(&pasted("n\nn\nq\n"));
    console.expect_text("pasted text is for the speakers' list");
    let text = console.text();
    assert!(
        text.contains("The chair holds the floor") && !text.contains("Close the console?"),
        "the paste acted as keys:\n{}",
        frame(&text)
    );

    console.press("l");
    console.expect_text("LIST ↑↓");
    console.press("p");
    console.expect_text("PASTE one name a line");
    console.send(&pasted("Speakers:\r\n1. Тоҷикистон\r\n2. 中国\r\n"));
    console.expect_text("Add 2 names at the end of the list, each a statement of 3:00?");
    let journal = only_journal(&dir.path().join("runs"));
    let before = std::fs::read_to_string(&journal).unwrap();
    assert!(!before.contains("floor_add_many"), "added before Enter");
    // An Enter within 0.3 s of the question is taken for the paste's own.
    std::thread::sleep(Duration::from_millis(400));
    console.press("\r");
    console.expect_text("added to the list: 2 speakers, Тоҷикистон first");
    console.expect_text("LIST ↑↓");
    let event = last_event(&journal);
    assert_eq!(event["event"], "floor_add_many", "{event}");
    assert_eq!(event["entries"][0]["name"], "Тоҷикистон");
    assert_eq!(event["entries"][1]["name"], "中国");

    // Killed and resumed, the journal gives the list back with its paste,
    // and one undo still takes the paste back whole.
    console.kill_hard();
    let args = args.each_ref().map(String::as_str);
    let mut console = Pty::spawn(dir.path(), &args, FULL);
    console.expect_text("resumed run started");
    console.press("l");
    console.expect("the pasted names on the resumed list", |t| {
        t.contains("Andorra") && t.contains("Тоҷикистон") && t.contains("中国")
    });
    console.press("u");
    console.expect_text("undone: add 2 speakers to the list");
    let text = console.text();
    assert!(
        text.contains("Andorra") && !text.contains("Тоҷикистон"),
        "{}",
        frame(&text)
    );
    console.press("\x1b");
    let status = quit_run(&mut console);
    assert!(status.success(), "console exit status {status:?}");
}

#[test]
fn a_paste_whose_lines_end_with_cr_alone_adds_one_name_a_line() {
    // tmux's paste-buffer (without -r), xterm and VTE send the clipboard's
    // newlines as CR.
    let dir = tempfile::tempdir().expect("a temp dir");
    let (mut console, _) = started(dir.path(), "floor.toml", FLOOR);
    console.press("n");
    console.expect_text("The chair holds the floor: The Chair");
    console.press("l");
    console.expect_text("LIST ↑↓");
    console.press("p");
    console.expect_text("PASTE one name a line");
    console.send(&pasted("1. Тоҷикистон\r2. 日本\r3. مصر"));
    console.expect_text("Add 3 names at the end of the list, each a statement of 3:00?");
    std::thread::sleep(Duration::from_millis(400));
    console.press("\r");
    console.expect_text("added to the list: 3 speakers, Тоҷикистон first");
    let event = last_event(&only_journal(&dir.path().join("runs")));
    assert_eq!(event["event"], "floor_add_many", "{event}");
    let names: Vec<&str> = event["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Тоҷикистон", "日本", "مصر"]);
    console.press("\x1b");
    let status = quit_run(&mut console);
    assert!(status.success(), "console exit status {status:?}");
}
