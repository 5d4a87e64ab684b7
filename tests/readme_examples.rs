//! The README's examples, run as written: every line of every `sh` block,
//! in the README's order, in one temporary home (the organisers' note and
//! `sessions/` copied into it), with the built binary first on `PATH` and
//! the runs dir left to its default (`~/.local/state/timekeeper/runs`).
//!
//! A line that opens a screen (`timekeeper run …`, `timekeeper stage`) runs
//! in a real pseudo-terminal: the console is started, a segment called, and
//! the session ended, as a timekeeper would; the stage view is seen waiting
//! or following, then quit. Every other line runs through `sh -c` exactly as
//! written (so `~`, globs, `>` and comments mean what they mean in a shell)
//! and must exit 0. `cargo` lines are what the test itself is run by, and a
//! block right after `<!-- readme-examples: not run -->` (a platform's
//! package manager, say) is left out.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::pty::{BIN, FULL, Pty, TIMEOUT, journals, quit_run};

/// What marks a block as not run.
const NOT_RUN: &str = "<!-- readme-examples: not run -->";

/// The shell lines of the README's `sh` code blocks, in order.
fn examples(readme: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    let mut in_other = false;
    let mut skip_next = false;
    for line in readme.lines() {
        let trimmed = line.trim();
        if in_sh || in_other {
            if trimmed.starts_with("```") {
                in_sh = false;
                in_other = false;
            } else if in_sh && !trimmed.is_empty() {
                lines.push(trimmed.to_owned());
            }
            continue;
        }
        if trimmed == NOT_RUN {
            skip_next = true;
        } else if let Some(lang) = trimmed.strip_prefix("```") {
            if lang == "sh" && !skip_next {
                in_sh = true;
            } else {
                in_other = true;
            }
            skip_next = false;
        }
    }
    lines
}

/// The words of a line before its comment.
fn words(line: &str) -> Vec<&str> {
    line.split(" #")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect()
}

/// Whether `timekeeper ARGS` opens a screen: `run`, `stage`, or no command.
fn opens_a_screen(args: &[&str]) -> bool {
    match args.first() {
        None | Some(&("run" | "stage")) => true,
        Some(first) => {
            first.starts_with('-')
                || Path::new(first)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        }
    }
}

/// A home with what the README's examples start from.
fn home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("tests/fixtures/agendas/plenary-3-background-note.txt"),
        dir.path().join("background-note.txt"),
    )
    .expect("the note is copied");
    fs::create_dir(dir.path().join("sessions")).expect("sessions/");
    for entry in fs::read_dir(root.join("sessions")).expect("sessions/ reads") {
        let path = entry.expect("an entry").path();
        fs::copy(
            &path,
            dir.path().join("sessions").join(path.file_name().unwrap()),
        )
        .expect("a plan is copied");
    }
    dir
}

/// Runs a shell line in `home` as a user's shell would.
fn run_in_shell(home: &Path, line: &str) {
    let bin_dir = PathBuf::from(BIN).parent().unwrap().to_owned();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(home)
        .env("HOME", home)
        .env("PATH", path)
        .env_remove("XDG_STATE_HOME")
        .env_remove("TIMEKEEPER_RUNS_DIR")
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the README's `{line}` failed ({}):\n{stderr}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!stderr.contains("panicked"), "`{line}` panicked:\n{stderr}");
}

/// Opens the screen `timekeeper ARGS` opens, in a pseudo-terminal, and
/// uses it as the README means it: a console's session is started, a
/// segment called and the session ended; a stage view is seen, then quit.
fn run_on_a_screen(home: &Path, line: &str, args: &[&str]) {
    let mut screen = Pty::spawn_after(home, "unset XDG_STATE_HOME TIMEKEEPER_RUNS_DIR", args, FULL);
    if args.first() == Some(&"stage") {
        screen.expect(&format!("`{line}` shows the stage"), |t| {
            t.contains("waiting for a run") || t.contains("Next")
        });
        screen.press("q");
    } else {
        screen.expect_text("READY");
        screen.press(" ");
        screen.expect_text("ON TIME");
        screen.press("n");
        screen.expect_text("2/");
        let status = quit_run(&mut screen);
        assert!(status.success(), "`{line}` exited with {status:?}");
        return;
    }
    let status = screen.wait_exit(TIMEOUT);
    assert!(status.success(), "`{line}` exited with {status:?}");
}

#[test]
fn every_shell_example_in_the_readme_works_as_written() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md reads");
    let lines = examples(&readme);
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("timekeeper "))
            .count()
            >= 10,
        "the README shows the day in commands: {lines:?}"
    );
    let home = home();
    let mut ran = Vec::new();
    for line in &lines {
        let all = words(line);
        match all.first() {
            Some(&"cargo") => continue,
            Some(&"timekeeper") if opens_a_screen(&all[1..]) => {
                run_on_a_screen(home.path(), line, &all[1..]);
            }
            _ => run_in_shell(home.path(), line),
        }
        ran.push(line.as_str());
    }
    eprintln!(
        "ran the README's {} example lines:\n{}",
        ran.len(),
        ran.join("\n")
    );
    // What the day left behind: the plan imported, the runs recorded, the
    // reports written.
    for file in ["plenary.toml", "plenary.md", "plenary.csv", "plenary.svg"] {
        assert!(home.path().join(file).is_file(), "{file} after {ran:#?}");
    }
    let runs = home.path().join(".local/state/timekeeper/runs");
    assert!(
        journals(&runs)
            .iter()
            .any(|j| j.to_string_lossy().ends_with("-rehearsal.jsonl")),
        "the rehearsal was recorded in the default runs dir"
    );
}

#[test]
fn a_block_marked_not_run_is_left_out_and_other_languages_are_not_shell() {
    let readme = "```sh\ntimekeeper check a.toml\n```\n\n<!-- readme-examples: not run -->\n```sh\nsudo dpkg -i timekeeper.deb\n```\n\n```\n$ timekeeper check b.toml\n```\n\n```toml\ntitle = \"x\"\n```\n";
    assert_eq!(examples(readme), ["timekeeper check a.toml"]);
    assert!(opens_a_screen(&["run", "p.toml"]));
    assert!(opens_a_screen(&["p.toml", "--rehearsal"]));
    assert!(!opens_a_screen(&["report", "last"]));
}

#[test]
fn the_readme_guides_and_every_page_it_links_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md reads");
    assert!(
        readme.chars().count() < 20_000,
        "the README is a guide; the reference lives in docs/ ({} characters)",
        readme.chars().count()
    );
    let headings: Vec<&str> = readme.lines().filter(|l| l.starts_with("## ")).collect();
    let at = |h: &str| {
        headings
            .iter()
            .position(|x| *x == h)
            .unwrap_or_else(|| panic!("no {h} in {headings:?}"))
    };
    assert!(at("## Install") < at("## The day"), "{headings:?}");
    assert!(at("## The day") < at("## Import"), "{headings:?}");
    assert!(at("## Import") < at("## Keys"), "{headings:?}");
    let mut linked = 0;
    for (i, _) in readme.match_indices("](docs/") {
        let target = &readme[i + 2..];
        let target = &target[..target.find([')', '#']).unwrap()];
        assert!(
            root.join(target).exists(),
            "the README links {target}, which is missing"
        );
        linked += 1;
    }
    assert!(linked >= 6, "the reference is linked from the README");
}

/// The README's table of keys is the console's own key table, so the two
/// cannot drift: the console's keys, its `?` help, `run --help` and this
/// table are one list.
#[test]
fn the_readmes_key_table_is_the_consoles_key_table() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let table = timekeeper::console::keys::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the console's; put this one under \"## Keys\":\n{table}"
    );
}

/// The HTTP API's pages name every command of the console's table
/// (`docs/floor.md` the floor's), so a command cannot be added unseen.
#[test]
fn every_command_of_the_consoles_table_is_documented() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let pages = ["http-api.md", "floor.md"]
        .map(|page| fs::read_to_string(docs.join(page)).expect(page))
        .concat();
    for name in timekeeper::console::remote::command_names() {
        assert!(
            pages.contains(&format!("`{name}`")),
            "`{name}` is in neither docs/http-api.md nor docs/floor.md"
        );
    }
}
