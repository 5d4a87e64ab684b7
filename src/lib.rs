//! timekeeper: a podium timekeeper for conference sessions.
//!
//! The library holds everything; `main.rs` only calls [`cli::main`]. Imports
//! point down this list:
//!
//! - [`cli`]: the command line (clap), turned into each command's options;
//! - [`console`]: the live console: keys to intents ([`console::keys`]),
//!   intents to effects ([`console::app`]), effects carried out, the journal
//!   first ([`console::driver`]), the console drawn ([`console::screen`]);
//! - [`stage`]: `timekeeper stage`, following a journal to the stage screen;
//! - [`web`]: `run --serve`, the console's pages for phones and tablets: a
//!   server beside the shell, sending commands into its channel and reading
//!   what the console publishes;
//! - [`check`], [`report`]: the other commands;
//! - [`shell`]: the one loop every screen runs in: it waits on a channel of
//!   wake-ups (keys, disk changes, signals, the clock) and drives a driver;
//! - [`screens`]: theme, shared widgets and the speaker-facing stage screen;
//! - [`lang`]: the stage's words in the six UN languages, and who speaks
//!   which;
//! - [`journal`]: the run written to disk as it happens, read back, resumed;
//! - [`recovery`]: winning lost time back;
//! - [`run`]: the pure core, a run's events folded into what the screen shows;
//! - [`plan`]: reading and validating a session plan;
//! - [`text`], [`time`]: safe, width-aware text and its wording; whole
//!   seconds and clock formatting;
//! - [`files`]: reading a file a user named: regular files only, never
//!   blocking, bounded.
//!
//! # Glossary of the state types
//!
//! - [`plan::Plan`], [`plan::Segment`]: the session as planned, validated.
//! - [`run::Event`]: one thing that happened ([`run::Action`]) at its
//!   wall-clock time; a journal is a header and a list of these.
//! - [`run::Run`]: a plan and its events folded, the only state that counts
//!   (the console's, the stage's and the report's are all replays of it);
//!   [`run::Phase`] says where it stands (ready, running segment *i*,
//!   paused, finished, ended early).
//! - [`run::Snapshot`]: what a run means at one instant, computed by
//!   [`run::Run::at`]: the [`run::Countdown`] (READY, ON TIME, AMBER, RED,
//!   OVER, PAUSED, FINISHED), time left, totals, projected end, and a
//!   [`run::Row`] per segment with its [`run::SegmentState`] (done,
//!   running, not started, skipped).
//! - [`console::app::App`]: the run plus what surrounds it on the
//!   console's screen ([`console::app::Ui`], one [`console::app::Overlay`]
//!   at a time, notices).
//! - [`journal::Journal`]: a journal read back; [`journal::Recorder`]: one
//!   being written.
//! - [`report::Report`]: planned against actual for one run, built from a
//!   journal alone.

pub mod check;
pub mod cli;
pub mod console;
pub mod files;
pub mod import;
pub mod journal;
pub mod lang;
pub mod moment;
pub mod plan;
pub mod recovery;
pub mod report;
pub mod run;
pub mod screens;
pub mod shell;
pub mod stage;
pub mod text;
pub mod time;
pub mod web;
