//! timekeeper: a podium timekeeper for conference sessions.
//!
//! The library holds everything; `main.rs` only parses the command line and
//! maps errors to an exit status. Where things live:
//! - [`plan`]: reading and validating a session plan;
//! - [`text`]: safe, width-aware text and clock formatting.

pub mod plan;
pub mod run;
pub mod text;
