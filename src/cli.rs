//! The command line: parsing arguments (clap) and carrying out each command,
//! with errors turned into one clear line on stderr and an exit status.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{self, CompareFormat, CompareOptions, ReportFormat, ReportOptions};
use crate::{check, console, stage};

#[derive(Debug, Parser)]
#[command(
    name = "timekeeper",
    version,
    about = "A podium timekeeper: per-speaker countdowns, overrun warnings, a running total, \
             crash-proof run journals and planned-vs-actual reports.",
    long_about = None,
    after_help = "With no command, opens the live console (as `timekeeper run`, with the same \
                  options) on the built-in plan: Plenary Session 3, 75 minutes.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// `timekeeper [OPTIONS]` is `timekeeper run [OPTIONS]`.
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the live console for a plan (the built-in plenary if none).
    Run(RunArgs),
    /// Validate plans and print each plan's schedule.
    Check {
        /// Plan files (.toml).
        #[arg(required = true, value_name = "PLAN")]
        plans: Vec<PathBuf>,
    },
    /// Planned against actual for one recorded run.
    Report {
        /// A run's journal (runs/*.jsonl).
        journal: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Md)]
        format: ReportFormatArg,
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Several runs of a plan side by side against the plan.
    Compare {
        #[arg(required = true, value_name = "JOURNAL")]
        journals: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CompareFormatArg::Md)]
        format: CompareFormatArg,
    },
    /// An agenda (a note or programme as text, CSV, XLSX or ODS) to a plan.
    Import {
        /// The agenda: .txt, .md, .csv, .xlsx, .ods, or `-` for text on stdin.
        file: PathBuf,
        /// Write the plan to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The speaker-facing view, following a run another console records.
    Stage {
        /// The journal to follow (default: the newest unfinished one).
        journal: Option<PathBuf>,
        #[arg(long, default_value = "runs", value_name = "DIR")]
        runs_dir: PathBuf,
    },
}

/// Options of `timekeeper run`.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The plan (.toml); the built-in plenary when left out.
    pub plan: Option<PathBuf>,
    /// Record this as a rehearsal: timed from Space, not from the plan's start.
    #[arg(long)]
    pub rehearsal: bool,
    /// Start a fresh run even if an unfinished one of this plan exists.
    #[arg(long, conflicts_with = "resume")]
    pub new: bool,
    /// Reopen this journal's run.
    #[arg(long, value_name = "JOURNAL")]
    pub resume: Option<PathBuf>,
    /// Where journals are written.
    #[arg(long, default_value = "runs", value_name = "DIR")]
    pub runs_dir: PathBuf,
    /// Never ring the terminal bell.
    #[arg(long)]
    pub no_bell: bool,
    /// Also serve the stage, rundown and remote pages: on 127.0.0.1:7878
    /// when no address is given, `:0` for any free port, `0.0.0.0:PORT` for
    /// phones and tablets on the venue's network. `w` shows the links.
    #[arg(
        long,
        value_name = "ADDR",
        num_args = 0..=1,
        default_missing_value = crate::web::DEFAULT_ADDR,
        value_parser = crate::web::parse_addr
    )]
    pub serve: Option<std::net::SocketAddr>,
}

impl RunArgs {
    /// The console's own options, free of clap.
    fn options(self) -> console::Options {
        console::Options {
            plan: self.plan,
            rehearsal: self.rehearsal,
            new: self.new,
            resume: self.resume,
            runs_dir: self.runs_dir,
            bell: !self.no_bell,
            serve: self.serve,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormatArg {
    Md,
    Csv,
    Json,
    Svg,
}

impl From<ReportFormatArg> for ReportFormat {
    fn from(format: ReportFormatArg) -> Self {
        match format {
            ReportFormatArg::Md => ReportFormat::Md,
            ReportFormatArg::Csv => ReportFormat::Csv,
            ReportFormatArg::Json => ReportFormat::Json,
            ReportFormatArg::Svg => ReportFormat::Svg,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CompareFormatArg {
    Md,
    Csv,
    Json,
}

impl From<CompareFormatArg> for CompareFormat {
    fn from(format: CompareFormatArg) -> Self {
        match format {
            CompareFormatArg::Md => CompareFormat::Md,
            CompareFormatArg::Csv => CompareFormat::Csv,
            CompareFormatArg::Json => CompareFormat::Json,
        }
    }
}

/// Parses the command line, runs the command and maps the outcome to an
/// exit status: 0 on success, 1 on any error (printed as one line).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "timekeeper: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `timekeeper report | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command.unwrap_or(Command::Run(cli.run)) {
        Command::Check { plans } => {
            let mut out = io::stdout().lock();
            let all_valid = check::check_files(&plans, &mut out, &mut io::stderr().lock())?;
            out.flush()?;
            Ok(if all_valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Run(args) => console::run(&args.options()).map(ExitCode::from),
        Command::Report {
            journal,
            format,
            output,
            force,
        } => report::report(&ReportOptions {
            journal,
            format: format.into(),
            output,
            force,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Compare { journals, format } => report::compare(&CompareOptions {
            journals,
            format: format.into(),
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Import {
            file,
            output,
            force,
        } => crate::import::command(&file, output.as_deref(), force).map(|()| ExitCode::SUCCESS),
        Command::Stage { journal, runs_dir } => {
            stage::run(&stage::Options { journal, runs_dir }).map(ExitCode::from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_timekeeper_takes_the_run_options() {
        let cli = Cli::try_parse_from(["timekeeper", "--rehearsal", "--runs-dir", "x", "p.toml"])
            .unwrap();
        assert!(cli.command.is_none());
        assert!(cli.run.rehearsal);
        assert_eq!(cli.run.runs_dir, PathBuf::from("x"));
        assert_eq!(cli.run.plan, Some(PathBuf::from("p.toml")));
    }

    #[test]
    fn subcommands_still_parse_and_do_not_mix_with_run_options() {
        let cli = Cli::try_parse_from(["timekeeper", "check", "a.toml", "b.toml"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Check { plans }) if plans.len() == 2));
        assert!(Cli::try_parse_from(["timekeeper", "--rehearsal", "check", "a.toml"]).is_err());
    }
}
