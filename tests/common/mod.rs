//! Helpers shared by the integration tests: the command-line runner and the
//! pseudo-terminal harness. Each test crate uses only some of them.
#![allow(dead_code)]

pub mod browser;
pub mod cli;
pub mod http;
pub mod keys;
pub mod pty;
pub mod screen;
pub mod shell;
