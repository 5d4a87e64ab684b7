//! timekeeper: a podium timekeeper for conference sessions.
//!
//! The library holds everything; `main.rs` only calls [`cli::main`]. Where
//! things live:
//! - [`plan`]: reading and validating a session plan;
//! - [`run`]: the pure core, a run's events folded into what the screen shows;
//! - [`recovery`]: winning lost time back;
//! - [`journal`]: the run written to disk as it happens, read back, resumed;
//! - [`console`]: the live console (view, key handling, the one impure loop);
//! - [`check`], [`report`]: the other commands;
//! - [`text`], [`time`]: safe, width-aware text; whole seconds and clock formatting;
//! - [`files`]: reading a file a user named: regular files only, never blocking, bounded.

pub mod check;
pub mod cli;
pub mod console;
pub mod files;
pub mod journal;
pub mod plan;
pub mod recovery;
pub mod report;
pub mod run;
pub mod text;
pub mod time;
