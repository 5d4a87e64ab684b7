//! The command line as people who know other tools use it: a mistyped
//! command gets "did you mean", shells complete `timekeeper`, `man
//! timekeeper` has a page, and every argument says what it is for.

use crate::common::cli::timekeeper;

/// Every command, as `timekeeper --help` lists them (so a command added
/// later is checked too), which must hold at least these.
fn commands() -> Vec<String> {
    let help = timekeeper(&["--help"]);
    assert_eq!(help.code, Some(0), "{}", help.stderr);
    let listed: Vec<String> = help
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    for name in [
        "run",
        "check",
        "report",
        "compare",
        "stage",
        "import",
        "completions",
        "man",
    ] {
        assert!(listed.iter().any(|l| l == name), "{name} in {listed:?}");
    }
    listed
}

#[test]
fn a_mistyped_command_with_an_argument_gets_did_you_mean() {
    let out = timekeeper(&["reprot", "runs/x.jsonl"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean `report`?"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("cannot be used with"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_mistyped_command_alone_gets_did_you_mean_not_a_missing_plan() {
    let out = timekeeper(&["reprot"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("did you mean `report`?"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("cannot read plan"), "{}", out.stderr);
    for (typed, meant) in [
        ("chekc", "check"),
        ("comapre", "compare"),
        ("Stage", "stage"),
        ("imprt", "import"),
        ("completion", "completions"),
    ] {
        let out = timekeeper(&[typed, "x"]);
        assert_eq!(out.code, Some(2), "{typed}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("did you mean `{meant}`?")),
            "{typed}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_file_named_like_a_command_is_still_a_plan_and_a_far_word_is_not_a_typo() {
    // A word far from every command is taken as a plan, as before.
    let out = timekeeper(&["plenary"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("cannot read plan"), "{}", out.stderr);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    // A plan path never is a typo.
    let out = timekeeper(&["reprot.toml"]);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    // An existing file close to a command name is a plan.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("sessions/plenary-3.toml", dir.path().join("chek")).unwrap();
    let out = crate::common::cli::timekeeper_in(dir.path(), &["chek", "--no-such-option"]);
    assert!(
        !out.stderr.contains("did you mean `check`"),
        "{}",
        out.stderr
    );
}

#[test]
fn completions_for_every_shell_mention_every_command() {
    let commands = commands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = timekeeper(&["completions", shell]);
        assert_eq!(out.code, Some(0), "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("timekeeper"), "{shell}");
        for name in &commands {
            assert!(
                out.stdout.contains(name.as_str()),
                "{shell} completions lack {name}"
            );
        }
        // Options of the commands too: report's output format.
        assert!(out.stdout.contains("format"), "{shell}");
    }
    let out = timekeeper(&["completions", "tcsh"]);
    assert_eq!(out.code, Some(2), "an unknown shell is a usage error");
}

/// Written to a full disk (Linux's /dev/full), `completions` and `man` say
/// so in one sentence; `clap_complete` alone would panic with a backtrace.
#[cfg(target_os = "linux")]
#[test]
fn completions_and_the_man_page_to_a_full_disk_are_one_sentence_not_a_panic() {
    for args in [&["completions", "fish"][..], &["man"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_timekeeper"))
            .args(args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("No space left"), "{args:?}: {stderr}");
    }
}

#[test]
fn the_man_page_mentions_every_command_and_its_options() {
    let out = timekeeper(&["man"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("\n.TH timekeeper 1 "),
        "{}",
        &out.stdout[..80]
    );
    for name in commands() {
        assert!(
            out.stdout.contains(&format!("\\fBtimekeeper {name}\\fR")),
            "{name} not listed"
        );
        assert!(
            out.stdout
                .contains(&format!(".SH \"TIMEKEEPER {}\"", name.to_uppercase())),
            "{name} has no section"
        );
    }
    for option in [
        "\\-\\-runs\\-dir",
        "\\-\\-output",
        "\\-\\-force",
        "\\-\\-rehearsal",
    ] {
        assert!(out.stdout.contains(option), "{option}");
    }
    assert!(
        out.stdout.contains("Keys in the console"),
        "the keys are in it"
    );
}

/// The lines of `--help` that list arguments and options, each with the
/// text after its name.
fn documented(help: &str) -> Vec<(String, String)> {
    help.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("        "))
        .map(|l| {
            let trimmed = l.trim_start();
            let (name, rest) = trimmed.split_once("  ").unwrap_or((trimmed, ""));
            (name.to_owned(), rest.trim().to_owned())
        })
        .collect()
}

#[test]
fn every_argument_and_option_has_help_text() {
    for name in commands() {
        let out = timekeeper(&[&name, "-h"]);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        let section: String = out
            .stdout
            .split("Keys in the console:")
            .next()
            .unwrap_or_default()
            .to_owned();
        for (arg, text) in documented(&section) {
            assert!(
                !text.is_empty(),
                "`timekeeper {name} --help`: {arg} has no help text:\n{}",
                out.stdout
            );
        }
    }
    let compare = timekeeper(&["compare", "-h"]).stdout;
    assert!(
        compare.contains("<JOURNAL>...  The runs' journals"),
        "{compare}"
    );
    assert!(compare.contains("-f, --format <FORMAT>"), "{compare}");
    let stage = timekeeper(&["stage", "-h"]).stdout;
    assert!(
        stage.contains("--runs-dir <DIR>  Where runs are kept"),
        "{stage}"
    );
}

#[test]
fn run_help_lists_the_keys() {
    let out = timekeeper(&["run", "--help"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let keys = out
        .stdout
        .split("Keys in the console:")
        .nth(1)
        .unwrap_or_else(|| panic!("no key list:\n{}", out.stdout));
    // Every row of the console's key table, and the keys no help named
    // before there was one table.
    for row in timekeeper::console::keys::KEYS {
        let line = keys
            .lines()
            .find(|l| l.trim_start().starts_with(&row.keys()))
            .unwrap_or_else(|| panic!("{:?} missing:\n{keys}", row.keys()));
        assert!(
            line.ends_with(&row.what()),
            "{line:?} should say {:?}",
            row.what()
        );
    }
    for key in [
        "n → Enter PgDn",
        "Ctrl-Z",
        "r U Ctrl-Y",
        "? h F1",
        "y close · e end the session",
        "EDIT ↑↓ k/j · i insert",
        "K/J Shift-↑↓ move",
        "Esc e q Ctrl-C done",
    ] {
        assert!(keys.contains(key), "{key:?} missing:\n{keys}");
    }
}

#[test]
fn new_writes_a_commented_plan_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::common::cli::timekeeper_in(dir.path(), &["new", "mine.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("mine.toml")).unwrap();
    assert!(text.starts_with("# A timekeeper plan."), "{text}");
    assert!(text.contains("[messages]"), "{text}");
    let check = crate::common::cli::timekeeper_in(dir.path(), &["check", "mine.toml"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("Scheduled end 11:15"),
        "{}",
        check.stdout
    );
    let again = crate::common::cli::timekeeper_in(dir.path(), &["new", "mine.toml"]);
    assert_eq!(again.code, Some(1));
    assert!(
        again.stderr.contains("already exists; give --force"),
        "{}",
        again.stderr
    );
    let forced = crate::common::cli::timekeeper_in(dir.path(), &["new", "mine.toml", "--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
    let stdout = crate::common::cli::timekeeper_in(dir.path(), &["new", "-"]);
    assert_eq!(stdout.stdout, text);
}

#[test]
fn the_man_page_has_environment_and_files_and_a_synopsis_per_command() {
    let out = timekeeper(&["man"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = &out.stdout;
    let section = |name: &str| {
        let start = page
            .find(&format!("\n.SH {name}\n"))
            .unwrap_or_else(|| panic!("no {name} section"));
        let rest = &page[start + 5 + name.len()..];
        rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_owned()
    };
    let environment = section("ENVIRONMENT");
    for var in ["NO_COLOR", "XDG_STATE_HOME", "TIMEKEEPER_RUNS_DIR"] {
        assert!(environment.contains(var), "{var}: {environment}");
    }
    let files = section("FILES");
    assert!(files.contains("timekeeper/runs"), "{files}");
    let synopsis = section("SYNOPSIS");
    assert!(
        synopsis.contains("\\fBtimekeeper\\fR [\\fIRUN OPTIONS\\fR] [\\fIPLAN\\fR]"),
        "{synopsis}"
    );
    for name in commands() {
        assert!(
            synopsis.contains(&format!("timekeeper {name}")),
            "{name} in the synopsis: {synopsis}"
        );
    }
    // Each command's own synopsis names it as it is typed.
    let report = page
        .split(".SH \"TIMEKEEPER REPORT\"")
        .nth(1)
        .expect("a report section");
    let report_synopsis = report.split(".SH").nth(1).unwrap_or_default();
    assert!(
        report_synopsis.contains("timekeeper report"),
        "{report_synopsis}"
    );
}
