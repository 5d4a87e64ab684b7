//! Issue 20, end to end in a pseudo-terminal: a run is taken up by the plan
//! it belongs to (your own `plenary-3.toml` is not the built-in plenary),
//! and `--serve :0` serves a resumed run's pages on the port they had, or
//! says plainly that another program took it.

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;

use crate::common::http::get;
use crate::common::pty::{self, FULL, Pty, QUICK, close_console, quit_run, write_plan};

/// The journal's header, as JSON.
fn header(journal: &Path) -> serde_json::Value {
    let text = fs::read_to_string(journal).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

#[test]
fn your_own_plenary_3_toml_starts_fresh_beside_the_built_in_plenarys_unfinished_run() {
    let dir = tempfile::tempdir().unwrap();
    // A plan of your own, under the built-in plan's name.
    write_plan(dir.path(), "plenary-3.toml", QUICK);
    let builtin = ["--runs-dir", "runs"];
    let mut console = Pty::spawn(dir.path(), &builtin, FULL);
    console.expect_text("READY");
    console.press(" ");
    console.expect_text("ON TIME");
    assert!(close_console(&mut console).success());
    let left = pty::only_journal(&dir.path().join("runs"));

    let own = ["run", "plenary-3.toml", "--runs-dir", "runs"];
    let mut console = Pty::spawn(dir.path(), &own, (30, 200));
    let screen = console.expect_text("READY");
    assert!(
        screen.contains("E2E Quick Session"),
        "your own plan, not the plenary:\n{screen}"
    );
    assert!(!screen.contains("resumed run"), "{screen}");
    console.expect_text("started fresh: the unfinished run of the same name");
    console.expect_text("is of another plan, the built-in plan");
    console.press("q");
    console.wait_exit(pty::TIMEOUT);

    // The built-in plenary's run is still its own to take up.
    let mut console = Pty::spawn(dir.path(), &builtin, (30, 200));
    console.expect_text("resumed run started");
    let screen = console.expect_text("Introductory remarks");
    assert!(!screen.contains("started fresh"), "{screen}");
    assert!(quit_run(&mut console).success());
    assert_eq!(pty::journals(&dir.path().join("runs")), [left]);
}

#[test]
fn serve_any_port_keeps_its_port_across_a_resume() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), "quick.toml", QUICK);
    let args = ["run", "quick.toml", "--runs-dir", "runs", "--serve", ":0"];
    let mut console = Pty::spawn(dir.path(), &args, (30, 120));
    console.expect_text("web · 0 connected");
    console.press(" ");
    console.expect_text("ON TIME");
    let journal = pty::only_journal(&dir.path().join("runs"));
    let links = header(&journal)["links"].clone();
    let port = u16::try_from(links["port"].as_u64().expect("the port is kept")).unwrap();
    let view = links["view"].as_str().unwrap().to_owned();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert_eq!(get(addr, &format!("/s/{view}")).status, 200);
    console.kill_hard();

    let mut again = Pty::spawn(dir.path(), &args, (30, 120));
    again.expect_text("resumed run");
    again.expect_text("web · 0 connected");
    assert_eq!(
        get(addr, &format!("/s/{view}")).status,
        200,
        "the stage page is where it was"
    );
    assert!(quit_run(&mut again).success());
}

#[test]
fn a_kept_port_taken_by_another_program_is_said_and_the_pages_move() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), "quick.toml", QUICK);
    let args = ["run", "quick.toml", "--runs-dir", "runs", "--serve", ":0"];
    let mut console = Pty::spawn(dir.path(), &args, (30, 120));
    console.expect_text("web · 0 connected");
    console.press(" ");
    console.expect_text("ON TIME");
    let journal = pty::only_journal(&dir.path().join("runs"));
    let port = header(&journal)["links"]["port"].as_u64().unwrap();
    console.kill_hard();

    // Another program takes the port while the console is down.
    let Ok(taken) = TcpListener::bind(format!("127.0.0.1:{port}")) else {
        eprintln!("port {port} was taken before the test could take it: nothing to show");
        return;
    };
    let mut again = Pty::spawn(dir.path(), &args, (30, 250));
    again.expect_text("resumed run");
    again.expect_text(&format!("this run's pages were on port {port}"));
    again.expect_text("another program has taken it");
    again.expect_text("web · 0 connected");
    assert!(quit_run(&mut again).success());
    drop(taken);
}

/// A plan edited while its run was under way (a title fixed, a time
/// changed) does not change the run: the console says so among the first
/// notices, which an 80x24 terminal shows, with how to start afresh.
#[test]
fn a_plan_edited_during_its_run_is_said_on_resume_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), "quick.toml", QUICK);
    let args = ["run", "quick.toml", "--runs-dir", "runs"];
    let mut console = Pty::spawn(dir.path(), &args, FULL);
    console.expect_text("READY");
    console.press(" ");
    console.expect_text("ON TIME");
    console.kill_hard();
    write_plan(
        dir.path(),
        "quick.toml",
        &QUICK.replace("Second talk", "Second talk, revised"),
    );
    let mut again = Pty::spawn(dir.path(), &args, FULL);
    again.expect_text("resumed run started");
    let screen = again.expect_text("the plan file changed since this run began");
    assert!(screen.contains("Second talk"), "{screen}");
    assert!(
        !screen.contains("revised"),
        "the run keeps its plan:\n{screen}"
    );
    assert!(quit_run(&mut again).success());
}
