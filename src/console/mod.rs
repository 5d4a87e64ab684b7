//! The live console: setting up a run (fresh, or taken up from its
//! journal), and running it as a [`driver::Console`] in the shell.
//!
//! Where things happen: a key is turned into an intent in [`keys`], a
//! command from the remote or the HTTP API in [`remote`], the intent into
//! effects in [`app`] (pure: the app and `now` in, effects out), effects
//! are carried out (the journal first) in [`driver`], and the console is
//! drawn in [`screen`], a pure function of the app and an instant. The loop
//! that waits is the shell's.

pub mod app;
pub mod driver;
pub mod keys;
mod presets;
pub mod remote;
mod said;
pub mod screen;

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use self::app::App;
use self::driver::Console;
use crate::journal::{self, Found, Journal, LinkTokens, Recorder, location};
use crate::plan::Plan;
use crate::run::{Mode, Run};
use crate::screens::theme::no_color;
use crate::shell::terminal::{self, TerminalGuard};
use crate::shell::{Clock as _, Ended, Shell, Stop, SystemClock, Wake};
use crate::web;

pub use crate::files::shell_quoted;

/// What `timekeeper run` was asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The plan file; the built-in plenary when `None`.
    pub plan: Option<PathBuf>,
    pub rehearsal: bool,
    /// Start a fresh run even if an unfinished one of this plan exists.
    pub new: bool,
    /// Reopen this journal's run.
    pub resume: Option<PathBuf>,
    /// Where runs are kept; the default place when `None`.
    pub runs_dir: Option<PathBuf>,
    pub bell: bool,
    /// Let the screen sleep during a run (`--allow-sleep`).
    pub allow_sleep: bool,
    /// Time the plan on this day (`--date`).
    pub date: Option<chrono::NaiveDate>,
    /// The scheduled start instead of the plan's (`--start`).
    pub start: Option<chrono::NaiveTime>,
    /// Serve the web pages on this address (`--serve`).
    pub serve: Option<SocketAddr>,
}

/// Where a run comes from: a plan to start fresh, or a journal to go on with.
struct Setup {
    app: App,
    recorder: Option<Recorder>,
    plan_path: String,
    /// Said once the console is up.
    notices: Vec<String>,
    /// A journal was reopened: its `reopened` event is written once the
    /// console is up, so a start that fails leaves the journal as it was.
    reopened: bool,
    /// An unfinished run too old to take up, said again on exit.
    left_alone: Option<std::path::PathBuf>,
    /// Where a new journal goes.
    runs_dir: PathBuf,
    /// The web links' tokens: the journal's, or new ones.
    links: Option<LinkTokens>,
    /// A journal was taken up without tokens of its own (an older one): the
    /// links are new.
    links_changed: bool,
}

/// What the console goes on with, and what it says about the runs it
/// looked at.
#[derive(Debug, Default)]
struct Taken {
    journal: Option<Journal>,
    /// Files passed over, a run taken up from an older place, a run of
    /// another plan of the same name.
    notices: Vec<String>,
    /// An unfinished run too old to take up.
    left_alone: Option<PathBuf>,
}

/// The journal to go on with: `--resume`'s, or the plan's unfinished run
/// in the runs dir (or in an earlier version's `./runs`), unless `--new`.
fn find_journal(
    args: &Options,
    runs: &location::RunsDir,
    plan: &Plan,
    mode: Mode,
    now: crate::time::Time,
) -> anyhow::Result<Taken> {
    let mut taken = Taken::default();
    let notices = &mut taken.notices;
    taken.journal = match &args.resume {
        Some(path) => {
            let journal = Journal::read(path)?;
            // A journal holds one run of a session, not weeks of them.
            if now - journal.header.created > journal::LONGEST_RUN {
                anyhow::bail!(
                    "the run in {} began on {}, too long ago to go on with; start a fresh run, or see it with `timekeeper report`",
                    crate::text::sanitize(&path.display().to_string()),
                    journal.header.created.format("%-d %B %Y")
                );
            }
            Some(journal)
        }
        None if args.new => None,
        None => {
            let plan_name = plan.name.as_str();
            let lookup = journal::resumable_with_notes(&runs.path, plan_name, mode, now);
            // Files passed over (nothing recorded in them, not a regular
            // file) are named, so nothing is skipped silently.
            notices.extend(lookup.notes);
            let found = match lookup.found {
                // Earlier versions kept runs in ./runs of the folder the
                // command was typed in: a run interrupted there is found.
                Found::Nothing if !runs.chosen => location::legacy_runs_dir(&runs.path)
                    .map_or(Found::Nothing, |legacy| {
                        let found = journal::resumable(&legacy, plan_name, mode, now);
                        if matches!(found, Found::Resume(_)) {
                            notices.push(format!(
                                "taken up from {} (where earlier versions kept runs); new runs go to {}",
                                legacy.display(),
                                location::shown(&runs.path)
                            ));
                        }
                        found
                    }),
                found => found,
            };
            match found {
                // The same name is not the same plan: the built-in plenary
                // and a file called plenary-3.toml keep their own runs.
                Found::Resume(journal)
                    if !journal::belongs_to(&journal, args.plan.as_deref(), plan) =>
                {
                    notices.push(format!(
                        "started fresh: the unfinished run of the same name ({}) is of another plan, {}; to go on with it: --resume {}",
                        crate::text::sanitize(&journal.path.file_name().unwrap_or_default().to_string_lossy()),
                        other_plan(&journal),
                        shell_quoted(&journal.path.display().to_string())
                    ));
                    None
                }
                Found::Resume(journal) => Some(*journal),
                Found::Stale(journal) => {
                    notices.push(format!(
                        "older unfinished run left alone: --resume {}",
                        shell_quoted(&journal.path.display().to_string())
                    ));
                    taken.left_alone = Some(journal.path);
                    None
                }
                Found::Unreadable(why) => anyhow::bail!(
                    "the latest run of this plan cannot be taken up: {why}; start a fresh run with --new, or pick one with --resume JOURNAL"
                ),
                Found::Nothing => None,
            }
        }
    };
    Ok(taken)
}

/// The plan a journal's run is of, in words: "the built-in plan", or its
/// file and title.
fn other_plan(journal: &Journal) -> String {
    let title = crate::text::sanitize(&journal.header.plan.title);
    if journal.header.plan_path == journal::BUILTIN_PATH {
        format!("the built-in plan (\"{title}\")")
    } else {
        format!(
            "{} (\"{title}\")",
            crate::text::sanitize(&journal.header.plan_path)
        )
    }
}

fn prepare(args: &Options, now: crate::time::Time) -> anyhow::Result<Setup> {
    let mode = if args.rehearsal {
        Mode::Rehearsal
    } else {
        Mode::Live
    };
    let (mut plan, plan_path) = match &args.plan {
        Some(path) => (Plan::load(path)?, path.display().to_string()),
        None => (Plan::builtin(), journal::BUILTIN_PATH.to_owned()),
    };
    let filed = plan.clone();
    // `--date` and `--start` time any plan on a given day.
    if let Some(date) = args.date {
        plan.date = Some(date);
    }
    if let Some(start) = args.start {
        plan.start = Some(start);
        if args.date.is_none() {
            plan.date = None;
        }
    }
    let runs = location::runs_dir(args.runs_dir.as_deref());
    let taken = find_journal(args, &runs, &filed, mode, now)?;
    let mut notices = taken.notices;
    // Where runs are kept comes after anything that needs reading: at
    // 80x24 only the first two notices show.
    let kept_in = format!("runs are kept in {}", location::shown(&runs.path));
    let (journal, left_alone) = (taken.journal, taken.left_alone);
    let Some(journal) = journal else {
        notices.push(kept_in);
        return Ok(Setup {
            app: App::new(Run::new(plan, mode)),
            recorder: None,
            plan_path,
            notices,
            reopened: false,
            left_alone,
            runs_dir: runs.path,
            links: web::tokens::fresh(),
            links_changed: false,
        });
    };
    let recorder = Recorder::reopen(&journal)?;
    if let Some(warning) = &journal.warning {
        notices.push(warning.clone());
    }
    if args.plan.is_some() && journal.header.plan != filed && journal.header.plan != plan {
        notices.push(
            "the plan file changed since this run began: the run goes on with the plan as it began (--new starts one with the edit)".to_owned(),
        );
    }
    let run = journal.replay();
    let resumed = if let Some(ended) = run.closed {
        // Only `--resume` takes up a run that was over: it goes on with its
        // last segment, and the journal says it was reopened.
        format!(
            "reopened the run that was over at {}",
            crate::time::hms(crate::time::rounded(ended))
        )
    } else {
        // Rounded as the screen rounds it, so the two never disagree.
        run.started.map_or_else(
            || "resumed run not yet started".to_owned(),
            |t| {
                format!(
                    "resumed run started {}",
                    crate::time::hms(crate::time::rounded(t))
                )
            },
        )
    };
    // The file's name: the runs dir it is in is said on its own line.
    let name = journal
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    notices.insert(0, format!("{resumed} ({})", crate::text::sanitize(&name)));
    notices.push(kept_in);
    // A hand-edited token is not trusted: new links instead.
    let kept = journal.header.links.clone().filter(web::tokens::usable);
    let links_changed = kept.is_none();
    let links = kept.or_else(web::tokens::fresh);
    let mut app = App::new(run);
    app.journal = Some(recorder.path().display().to_string());
    app.not_recording = recorder.problem().map(str::to_owned);
    Ok(Setup {
        app,
        recorder: Some(recorder),
        plan_path: journal.header.plan_path.clone(),
        notices,
        reopened: true,
        left_alone,
        runs_dir: runs.path,
        links,
        links_changed,
    })
}

/// Starts the web server beside the console (`--serve`): the console shows
/// its links, or `WEB OFF: <why>` and runs on without it.
fn start_web(
    console: &mut Console,
    addr: SocketAddr,
    links: Option<&LinkTokens>,
    tx: &mpsc::Sender<Wake<web::ToConsole>>,
    now: crate::time::Time,
) -> Option<web::Server> {
    let started = match links {
        Some(links) => {
            let tx = tx.clone();
            let wake: web::ToConsoleFn =
                Arc::new(move |message| tx.send(Wake::Command(message)).is_ok());
            web::start(addr, links, wake)
        }
        None => Err("no random numbers to make the links' tokens from".to_owned()),
    };
    match started {
        Ok((server, publisher)) => {
            let has_floor = console
                .app
                .run
                .plan
                .segments
                .iter()
                .any(|s| s.floor.is_some());
            console.app.web = Some(app::WebStatus {
                links: server.links_for(has_floor),
                connected: 0,
                refused: 0,
                open: 0,
                off: None,
            });
            console.serve(publisher, now);
            console.watch_reach(!addr.ip().is_loopback(), now);
            Some(server)
        }
        Err(why) => {
            console.app.web = Some(app::WebStatus {
                links: Vec::new(),
                connected: 0,
                refused: 0,
                open: 0,
                off: Some(why),
            });
            None
        }
    }
}

/// `--serve :0` on the port this run's pages had (kept in the journal's
/// header with the tokens), so pages left open come back; a fresh run
/// keeps the port it is given in its header.
fn serve_on_kept_port(
    console: &mut Console,
    addr: SocketAddr,
    links: &mut Option<LinkTokens>,
    tx: &mpsc::Sender<Wake<web::ToConsole>>,
    now: crate::time::Time,
) -> Option<web::Server> {
    let kept = links
        .as_ref()
        .and_then(|l| l.port)
        .filter(|_| addr.port() == 0);
    if let Some(port) = kept {
        let server = start_web(
            console,
            SocketAddr::new(addr.ip(), port),
            links.as_ref(),
            tx,
            now,
        );
        if server.is_some() {
            return server;
        }
        let why = console
            .app
            .web
            .as_ref()
            .and_then(|w| w.off.clone())
            .unwrap_or_default();
        // Said in a notice of its own: the header has room for `WEB OFF`
        // and a few words, not for this.
        let what = if why.contains("is taken") {
            "another program has taken it".to_owned()
        } else {
            format!("it cannot be used now ({why})")
        };
        console.app.notify(
            format!(
                "this run's pages were on port {port}, but {what}: serving on a new port, so open the pages again from w"
            ),
            now,
        );
    }
    let server = start_web(console, addr, links.as_ref(), tx, now)?;
    if addr.port() == 0
        && let Some(links) = links.as_mut()
        && links.port.is_none()
    {
        links.port = Some(server.addr().port());
        console.set_links(Some(links.clone()));
    }
    Some(server)
}

/// `timekeeper run`: the live console. Returns the exit status: 0, or
/// `128 + signal` when a signal closed it.
pub fn run(args: &Options) -> anyhow::Result<u8> {
    let clock = SystemClock::new();
    let mut setup = prepare(args, clock.now())?;
    // `cues = "silent"`: a room with interpreters hears no chime from the
    // podium either, on every start and after a crash (`b` still rings it).
    let silent = setup.app.run.plan.silent;
    setup.app.ui.bell = args.bell && !silent;
    if args.bell && silent {
        setup
            .notices
            .push("bell off: the plan's cues are silent (b turns it on)".to_owned());
    }
    setup.app.ui.monochrome = no_color();
    // Shown newest first: the first of the setup's notices (the most
    // important, such as where the run was taken up) is told last.
    for notice in std::mem::take(&mut setup.notices).into_iter().rev() {
        setup.app.notify(notice, clock.now());
    }
    let (tx, rx) = mpsc::channel();
    terminal::watch_signals(&tx)?;
    let mut console = Console::new(
        setup.app,
        setup.recorder,
        setup.runs_dir.clone(),
        setup.plan_path.clone(),
    );
    console.set_links(setup.links.clone());
    if !args.allow_sleep {
        console.set_awake(crate::shell::awake::Awake::system());
    }
    // Kept until the console closes: dropping it stops the server.
    let _server = args.serve.and_then(|addr| {
        if setup.links_changed {
            console.app.notify(
                "web links changed: this run's journal holds none (an older one), so these are new; w shows them",
                clock.now(),
            );
        }
        serve_on_kept_port(&mut console, addr, &mut setup.links, &tx, clock.now())
    });
    let (ended, console) = {
        let (_guard, backend, size) = TerminalGuard::enter()?;
        terminal::read_keys(tx);
        let mut shell = Shell::new(backend, size, clock, console)?;
        if setup.reopened {
            let (now, mono) = (shell.clock().now(), shell.clock().mono_ms());
            shell.driver_mut().reopened(now, mono);
        }
        let ended = shell.run(&rx);
        (ended, shell.into_driver())
    };
    let status = match ended? {
        Ended::Quit => 0,
        Ended::Stopped(Stop::Signal(signal)) => 128 + u8::try_from(signal).unwrap_or(0),
        // No terminal left to tell anything to.
        Ended::Stopped(Stop::HangUp) => return Ok(129),
    };
    if let Some(path) = &setup.left_alone {
        let _ = writeln!(
            io::stdout(),
            "An older unfinished run of this plan was left alone; to go on with it: timekeeper run --resume {}",
            shell_quoted(&path.display().to_string())
        );
    }
    let Some(recorder) = console.recorder() else {
        return Ok(status);
    };
    let path = recorder.path().display().to_string();
    if let Some(problem) = recorder.problem() {
        if recorder.is_on_disk() {
            anyhow::bail!(
                "the last events of this run were not saved ({problem}); {path} holds what reached the disk before"
            );
        }
        anyhow::bail!("nothing of this run was saved: {path} could not be written ({problem})");
    }
    let mut out = io::stdout().lock();
    if console.app.run.is_closed() {
        let _ = writeln!(out, "Run saved in {path}");
    } else {
        let _ = writeln!(
            out,
            "Run saved in {path} (unfinished: run the same command again to go on with it)"
        );
    }
    let _ = writeln!(out, "Report: timekeeper report {}", shell_quoted(&path));
    Ok(status)
}
