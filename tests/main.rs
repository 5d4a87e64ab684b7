//! The integration tests, as one test binary: one link instead of one per
//! file. Each file is a module, named after what it tests; `common` holds
//! the harnesses they share. `e2e_web_flood` stays a binary of its own: it
//! holds hundreds of connections open and raises its process's descriptor
//! limit for them, which would crowd every other test in the same process.

mod common;

mod check_cli;
mod cli_commands;
mod console_props;
mod console_screen;
mod console_shell;
mod e2e_day;
mod e2e_floor;
mod e2e_paste;
mod e2e_pty;
mod e2e_reliability;
mod e2e_runs;
mod floor_screen;
mod floor_web;
mod import_bombs;
mod import_cli;
mod import_props;
mod import_speakers;
mod journal_extremes;
mod journal_fuzz;
mod journal_props;
mod layout;
mod paste_screen;
mod plan_props;
mod readme_examples;
mod reliability_cli;
mod report_cli;
mod report_figures;
mod report_golden;
mod report_props;
mod runs_cli;
mod stage_lang;
mod tally_cli;
mod web_browser;
mod web_console;
mod web_lang;
mod web_protocol;
