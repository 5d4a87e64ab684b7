//! timekeeper: a podium timekeeper for conference sessions.
//!
//! The library holds everything; `main.rs` only calls [`cli::main`]. Where
//! things live:
//! - [`plan`]: reading and validating a session plan;
//! - [`run`]: the pure core, a run's events folded into what the screen shows;
//! - [`console`]: the live console (view, key handling, the one impure loop);
//! - [`check`], [`report`]: the other commands;
//! - [`text`]: safe, width-aware text and clock formatting.

pub mod check;
pub mod cli;
pub mod console;
pub mod import;
pub mod journal;
pub mod plan;
pub mod recovery;
pub mod report;
pub mod run;
pub mod text;
