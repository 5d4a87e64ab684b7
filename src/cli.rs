//! The command line: parsing arguments (clap) and carrying out each command,
//! with errors turned into one clear line on stderr and an exit status.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::journal::{self, location};
use crate::report::{self, CompareFormat, CompareOptions, ReportFormat, ReportOptions};
use crate::{check, console, stage};

#[derive(Debug, Parser)]
#[command(
    name = "timekeeper",
    // Not argv[0]: `--help` says `timekeeper` on Windows too, not
    // `timekeeper.exe`.
    bin_name = "timekeeper",
    version,
    about = "A podium timekeeper: per-speaker countdowns, overrun warnings, a running total, \
             crash-proof run journals and planned-vs-actual reports.",
    long_about = None,
    after_help = "With no command, opens the live console (as `timekeeper run`, with the same \
                  options) on the built-in plan: Plenary Session 3, 75 minutes.",
    after_long_help = concat!(
        "With no command, opens the live console (as `timekeeper run`, with the same \
         options) on the built-in plan: Plenary Session 3, 75 minutes.\n\n",
        "Keys in the console: see `timekeeper run --help`."
    ),
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
    #[command(after_help = console::keys::help_text())]
    Run(RunArgs),
    /// Validate plans and print each plan's schedule.
    Check {
        /// Plan files (.toml) to check; each valid one prints its schedule.
        #[arg(required = true, value_name = "PLAN")]
        plans: Vec<PathBuf>,
    },
    /// Planned against actual for one recorded run.
    #[command(after_help = RUNS_ARE_KEPT)]
    Report {
        /// A run's journal: its path, its file name in the runs dir, or
        /// `last` for the run that recorded something last.
        journal: PathBuf,
        #[arg(long, value_name = "DIR", help = RUNS_DIR_HELP)]
        runs_dir: Option<PathBuf>,
        /// The format; by default the output file's extension (.md, .csv,
        /// .json, .svg) says it, and Markdown goes to stdout.
        #[arg(long, short, value_enum)]
        format: Option<ReportFormatArg>,
        /// Write to this file instead of stdout (never over an existing one
        /// without --force).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Several runs of a plan side by side against the plan.
    #[command(after_help = RUNS_ARE_KEPT)]
    Compare {
        /// The runs' journals: paths, file names in the runs dir, or `last`;
        /// the first one's plan is the reference.
        #[arg(required = true, value_name = "JOURNAL")]
        journals: Vec<PathBuf>,
        #[arg(long, value_name = "DIR", help = RUNS_DIR_HELP)]
        runs_dir: Option<PathBuf>,
        /// The format; by default the output file's extension (.md, .csv,
        /// .json) says it, and Markdown goes to stdout.
        #[arg(long, short, value_enum)]
        format: Option<CompareFormatArg>,
        /// Write to this file instead of stdout (never over an existing one
        /// without --force).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Who spoke for how long over one or several runs: per speaker or
    /// delegation, in the order they first spoke.
    #[command(after_help = RUNS_ARE_KEPT)]
    Tally {
        /// The runs' journals: paths, file names in the runs dir, or `last`.
        #[arg(required = true, value_name = "JOURNAL")]
        journals: Vec<PathBuf>,
        #[arg(long, value_name = "DIR", help = RUNS_DIR_HELP)]
        runs_dir: Option<PathBuf>,
        /// The format; by default the output file's extension (.md, .csv,
        /// .json) says it, and Markdown goes to stdout.
        #[arg(long, short, value_enum)]
        format: Option<TallyFormatArg>,
        /// Write to this file instead of stdout (never over an existing one
        /// without --force).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
        /// Count each segment's own speaker too, not only the floors'
        /// interventions.
        #[arg(long)]
        all: bool,
    },
    /// The speaker-facing view, following a run another console records.
    #[command(after_help = RUNS_ARE_KEPT)]
    Stage {
        /// The journal to follow: its path, its file name in the runs dir,
        /// or `last` (default: the newest unfinished one in the runs dir).
        journal: Option<PathBuf>,
        #[arg(long, value_name = "DIR", help = RUNS_DIR_HELP)]
        runs_dir: Option<PathBuf>,
        /// Follow only runs of this plan (default: the plan of the first run
        /// followed).
        #[arg(long, value_name = "PLAN")]
        plan: Option<PathBuf>,
    },
    /// The recorded runs, newest first: plan, mode, started, state, journal.
    #[command(after_help = RUNS_ARE_KEPT)]
    Runs {
        #[arg(long, value_name = "DIR", help = RUNS_DIR_HELP)]
        runs_dir: Option<PathBuf>,
    },
    /// Write a commented plan to start from (the built-in plenary).
    New {
        /// Where to write it (default: plan.toml here; `-` for stdout).
        path: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// An agenda (a note or programme as text, CSV, XLSX or ODS) to a plan;
    /// with --into, a speakers' list inscribed on a plan's floor.
    #[command(after_help = IMPORT_INTO_HELP)]
    Import(ImportArgs),
    /// Shell completions, to stdout.
    #[command(
        after_help = "For bash: timekeeper completions bash > ~/.local/share/bash-completion/completions/timekeeper\n\
                      For zsh: timekeeper completions zsh > ~/.zfunc/_timekeeper (with ~/.zfunc in $fpath)\n\
                      For fish: timekeeper completions fish > ~/.config/fish/completions/timekeeper.fish"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page (roff), to stdout.
    #[command(
        after_help = "For example: timekeeper man > ~/.local/share/man/man1/timekeeper.1, then man timekeeper"
    )]
    Man,
}

/// `--runs-dir`'s help, shared by every command that finds runs.
const RUNS_DIR_HELP: &str = "Where runs are kept (default: $TIMEKEEPER_RUNS_DIR, or the user's \
                             state folder, ~/.local/state/timekeeper/runs)";

/// Options of `timekeeper import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The agenda: .txt, .md, .csv, .xlsx, .ods, or `-` for text on
    /// stdin. With --into: the speakers' list, a table with a name
    /// column (optional kind, lang and limit columns) or one name a line.
    file: PathBuf,
    /// Inscribe FILE as the speakers' list of this plan's floor segment,
    /// and write the plan back in place (comments and layout kept).
    #[arg(long, value_name = "PLAN")]
    into: Option<PathBuf>,
    /// With --into: the floor segment's title, when the plan has several.
    #[arg(long, value_name = "TITLE", requires = "into")]
    floor: Option<String>,
    /// Write the plan to this file instead (with --into: instead of
    /// back into PLAN; `-` for stdout).
    #[arg(long, short, value_name = "PLAN")]
    output: Option<PathBuf>,
    /// Overwrite the output file if it exists; with --into, replace a
    /// list already inscribed.
    #[arg(long)]
    force: bool,
}

/// Said under `import`: the speakers' list.
const IMPORT_INTO_HELP: &str = "With --into PLAN, FILE is a speakers' list (CSV, XLSX/ODS, or text, \
                                one name a line; numbering like \"1.\" dropped): its names replace \
                                the list of the plan's floor segment (--floor TITLE when there are \
                                several), each row checked against the plan's kinds and the six \
                                languages first. The plan is edited in place, its comments kept; a \
                                list already inscribed is replaced only with --force.\n\
                                For example: timekeeper import speakers.xlsx --into sessions/plenary.toml \
                                --floor \"Discussion and Q&A\"";

/// Said under the commands that read runs.
const RUNS_ARE_KEPT: &str = "Runs are kept in the runs dir: --runs-dir DIR, else \
                             $TIMEKEEPER_RUNS_DIR, else $XDG_STATE_HOME/timekeeper/runs \
                             (~/.local/state/timekeeper/runs). `timekeeper runs` lists them, \
                             newest first; a journal's bare file name, or `last` for the latest \
                             run, is looked for there.";

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
    #[arg(long, value_name = "DIR", help = RUNS_DIR_HELP)]
    pub runs_dir: Option<PathBuf>,
    /// Never ring the terminal bell.
    #[arg(long)]
    pub no_bell: bool,
    /// Let the screen blank and the laptop sleep during a run (by default
    /// the screen is kept awake while a run is in progress).
    #[arg(long)]
    pub allow_sleep: bool,
    /// Time the plan on this day (YYYY-MM-DD, or `today`): a live run
    /// keeps to the plan's clock on that day.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub date: Option<chrono::NaiveDate>,
    /// The session's scheduled start (HH:MM), instead of the plan's.
    #[arg(long, value_name = "HH:MM", value_parser = parse_start)]
    pub start: Option<chrono::NaiveTime>,
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

/// `--date`: a date, or `today`.
fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    if text.eq_ignore_ascii_case("today") {
        return Ok(chrono::Local::now().date_naive());
    }
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date: write it as YYYY-MM-DD, or today"))
}

/// `--start`: a time of day.
fn parse_start(text: &str) -> Result<chrono::NaiveTime, String> {
    let text = text.trim();
    ["%H:%M", "%H:%M:%S", "%H.%M"]
        .iter()
        .find_map(|f| chrono::NaiveTime::parse_from_str(text, f).ok())
        .ok_or_else(|| format!("\"{text}\" is not a time of day: write it as HH:MM, like 10:00"))
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
            allow_sleep: self.allow_sleep,
            date: self.date,
            start: self.start,
            serve: self.serve,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormatArg {
    /// Markdown: a table for humans.
    Md,
    /// CSV: one row per segment.
    Csv,
    /// JSON: every figure, the plan as filed, edits and signals.
    Json,
    /// SVG: a timeline.
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
    /// Markdown: a table for humans.
    Md,
    /// CSV: one row per segment, a column per run.
    Csv,
    /// JSON: every figure.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TallyFormatArg {
    /// Markdown: the meeting summary's list of speakers, in speaking order.
    Md,
    /// CSV: one row per speaker.
    Csv,
    /// JSON: the sessions and every speaker's figures.
    Json,
}

impl From<TallyFormatArg> for report::TallyFormat {
    fn from(format: TallyFormatArg) -> Self {
        match format {
            TallyFormatArg::Md => report::TallyFormat::Md,
            TallyFormatArg::Csv => report::TallyFormat::Csv,
            TallyFormatArg::Json => report::TallyFormat::Json,
        }
    }
}

/// Parses the command line, runs the command and maps the outcome to an
/// exit status: 0 on success, 1 on any error (printed as one line), 2 on a
/// command line that cannot be understood.
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = mistyped_command(&args) {
        let _ = writeln!(io::stderr().lock(), "timekeeper: {message}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse_from(args);
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

/// The names of the subcommands, from the same definitions as `--help`.
pub fn subcommand_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// `timekeeper reprot …`: a first argument that is no file, no option and
/// no command, but close to a command, is a typo, not a plan to run. Says
/// which command was probably meant.
fn mistyped_command(args: &[std::ffi::OsString]) -> Option<String> {
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-')
        || first.contains(['.', '/', '\\'])
        || std::path::Path::new(first).exists()
    {
        return None;
    }
    let names = subcommand_names();
    if names.iter().any(|n| n == first) {
        return None;
    }
    let typed = first.to_lowercase();
    let (distance, name) = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(&typed, n), n))
        .min()?;
    let close = distance <= 2 && distance < name.chars().count().div_ceil(2);
    close.then(|| {
        format!(
            "`{}` is not a command, nor a plan file that exists: did you mean `{name}`? (commands: {}; see timekeeper --help)",
            crate::text::sanitize(first),
            names.join(", ")
        )
    })
}

/// Text for a roff line: backslashes and dashes escaped, no line starting
/// with a control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// The man page: `timekeeper` itself, then each command with its synopsis
/// and options, all from the same definitions as `--help`.
fn write_man(out: &mut dyn Write) -> io::Result<()> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let man = clap_mangen::Man::new(cli.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    // One line for the console on a plan, one per command: the options of
    // `timekeeper [OPTIONS] [PLAN]` are `run`'s, and no command takes them.
    writeln!(out, ".SH SYNOPSIS")?;
    writeln!(
        out,
        "\\fBtimekeeper\\fR [\\fIRUN OPTIONS\\fR] [\\fIPLAN\\fR]\n.br"
    )?;
    for sub in cli.get_subcommands_mut() {
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        let name = format!("timekeeper {}", sub.get_name());
        let rest = usage.strip_prefix(&name).unwrap_or(usage);
        writeln!(out, "\\fB{name}\\fR{}\n.br", roff_text(rest))?;
    }
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cli.get_subcommands() {
        writeln!(out, ".TP\n\\fBtimekeeper {}\\fR", sub.get_name())?;
        writeln!(
            out,
            "{}",
            roff_text(&sub.get_about().map(ToString::to_string).unwrap_or_default())
        )?;
    }
    man.render_extra_section(out)?;
    for sub in cli.get_subcommands() {
        writeln!(out, ".SH \"TIMEKEEPER {}\"", sub.get_name().to_uppercase())?;
        writeln!(
            out,
            "{}",
            roff_text(&sub.get_about().map(ToString::to_string).unwrap_or_default())
        )?;
        let page = clap_mangen::Man::new(sub.clone());
        page.render_synopsis_section(out)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            page.render_options_section(out)?;
        }
        // Kept as written (`.nf`): the key list is a table in columns.
        if let Some(after) = sub.get_after_long_help().or(sub.get_after_help()) {
            writeln!(out, ".PP\n.nf")?;
            for line in after.to_string().lines() {
                writeln!(out, "{}", roff_text(line))?;
            }
            writeln!(out, ".fi")?;
        }
    }
    write_environment_and_files(out)?;
    man.render_version_section(out)
}

/// The man page's ENVIRONMENT and FILES: what moves the runs dir and what
/// turns colour off, and where runs are kept.
fn write_environment_and_files(out: &mut dyn Write) -> io::Result<()> {
    let tagged = |out: &mut dyn Write, tag: &str, text: &str| {
        writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff_text(tag), roff_text(text))
    };
    writeln!(out, ".SH ENVIRONMENT")?;
    tagged(
        out,
        location::RUNS_DIR_VAR,
        "The runs dir, where every run's journal is written and where run, stage, report, compare and runs look for runs. --runs-dir DIR wins over it.",
    )?;
    tagged(
        out,
        "XDG_STATE_HOME",
        "The user's state folder (default ~/.local/state): runs are kept in $XDG_STATE_HOME/timekeeper/runs unless TIMEKEEPER_RUNS_DIR or --runs-dir says otherwise.",
    )?;
    tagged(
        out,
        "NO_COLOR",
        "When set (to anything but the empty string), the console and the stage draw without colour; the state is said in words, as always.",
    )?;
    writeln!(out, ".SH FILES")?;
    tagged(
        out,
        "$XDG_STATE_HOME/timekeeper/runs/ (~/.local/state/timekeeper/runs/)",
        "The runs dir, by default: one journal per run, <plan>-<YYYYMMDD-HHMMSS>[-rehearsal].jsonl, one JSON object a line (the plan and the mode first, then each event). `timekeeper runs` lists them; report, compare and stage take a journal's file name there, or `last`.",
    )?;
    tagged(
        out,
        "./runs/",
        "Where earlier versions kept runs: a run interrupted there is still taken up.",
    )?;
    tagged(
        out,
        "PLAN.toml",
        "A session plan (see `timekeeper new` for a commented one, and `timekeeper check`).",
    )
}

/// A journal as a command names it: a path, a bare file name in the runs
/// dir, or `last`.
fn named_journal(given: &Path, runs_dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let dir = location::runs_dir(runs_dir).path;
    journal::find_named(given, &dir).map_err(anyhow::Error::msg)
}

/// `timekeeper runs`: a table of the recorded runs, newest first, then the
/// files that could not be read.
fn write_runs(dir: &Path, out: &mut dyn Write) -> io::Result<()> {
    let (listed, skipped) = journal::list_runs(dir);
    let shown_dir = location::shown(dir);
    if listed.is_empty() {
        writeln!(out, "No runs recorded in {shown_dir} yet.")?;
    } else {
        writeln!(out, "Runs in {shown_dir}, newest first:")?;
        let when = |t: crate::time::Time| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        let rows: Vec<[String; 5]> = listed
            .iter()
            .map(|r| {
                [
                    crate::text::sanitize(&r.plan),
                    match r.mode {
                        crate::run::Mode::Live => "live",
                        crate::run::Mode::Rehearsal => "rehearsal",
                    }
                    .to_owned(),
                    r.started.map_or_else(|| "not started".to_owned(), when),
                    r.state.as_str().to_owned(),
                    crate::text::sanitize(&r.path.display().to_string()),
                ]
            })
            .collect();
        let header = ["plan", "mode", "started", "state", "journal"].map(str::to_owned);
        let mut widths = [0usize; 4];
        for row in std::iter::once(&header).chain(&rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(crate::text::width(cell));
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::new();
            for (cell, w) in row.iter().zip(widths) {
                line.push_str(cell);
                line.push_str(&" ".repeat(w - crate::text::width(cell) + 2));
            }
            line.push_str(&row[4]);
            writeln!(out, "{line}")?;
        }
        writeln!(
            out,
            "\nreport, compare and stage take a journal's file name, or `last`: timekeeper report last"
        )?;
    }
    for file in &skipped {
        writeln!(out, "not read: {}", file.why)?;
    }
    Ok(())
}

/// `timekeeper report | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(crate::files::is_closed_pipe)
    })
}

fn tally(
    journals: Vec<PathBuf>,
    format: Option<TallyFormatArg>,
    output: Option<PathBuf>,
    force: bool,
    all: bool,
) -> anyhow::Result<()> {
    report::tally(&report::TallyOptions {
        journals,
        format: format.map(Into::into),
        output,
        force,
        all,
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
            runs_dir,
            format,
            output,
            force,
        } => report::report(&ReportOptions {
            journal: named_journal(&journal, runs_dir.as_deref())?,
            format: format.map(Into::into),
            output,
            force,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Compare {
            journals,
            runs_dir,
            format,
            output,
            force,
        } => report::compare(&CompareOptions {
            journals: journals
                .iter()
                .map(|j| named_journal(j, runs_dir.as_deref()))
                .collect::<anyhow::Result<_>>()?,
            format: format.map(Into::into),
            output,
            force,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Tally {
            journals,
            runs_dir,
            format,
            output,
            force,
            all,
        } => {
            let journals = journals
                .iter()
                .map(|j| named_journal(j, runs_dir.as_deref()))
                .collect::<anyhow::Result<_>>()?;
            tally(journals, format, output, force, all).map(|()| ExitCode::SUCCESS)
        }
        Command::Runs { runs_dir } => {
            let dir = location::runs_dir(runs_dir.as_deref()).path;
            let mut out = io::stdout().lock();
            write_runs(&dir, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics on a write that fails
            // (`| head`, a full disk); written here, that is one sentence.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "timekeeper", &mut script);
            let mut out = io::stdout().lock();
            out.write_all(&script)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut out = io::stdout().lock();
            write_man(&mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => import(&args).map(|()| ExitCode::SUCCESS),
        Command::Stage {
            journal,
            runs_dir,
            plan,
        } => stage::run(&stage::Options {
            journal: journal
                .map(|j| named_journal(&j, runs_dir.as_deref()))
                .transpose()?,
            runs_dir,
            plan,
        })
        .map(ExitCode::from),
        Command::New { path, force } => {
            crate::plan::write_new(path.as_deref(), force).map(|()| ExitCode::SUCCESS)
        }
    }
}

/// `import`: an agenda to a plan, or with `--into` a speakers' list onto a
/// plan's floor.
fn import(args: &ImportArgs) -> anyhow::Result<()> {
    let output = args.output.as_deref();
    match &args.into {
        Some(into) => crate::import::speakers::command(
            &args.file,
            into,
            args.floor.as_deref(),
            output,
            args.force,
        ),
        None => crate::import::command(&args.file, output, args.force),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_names_the_command_timekeeper_not_timekeeper_exe() {
        let help = Cli::try_parse_from([r"C:\Tools\timekeeper.exe", "--help"])
            .unwrap_err()
            .to_string();
        assert!(help.contains("Usage: timekeeper "), "{help}");
        assert!(!help.contains(".exe"), "{help}");
    }

    #[test]
    fn bare_timekeeper_takes_the_run_options() {
        let cli = Cli::try_parse_from(["timekeeper", "--rehearsal", "--runs-dir", "x", "p.toml"])
            .unwrap();
        assert!(cli.command.is_none());
        assert!(cli.run.rehearsal);
        assert_eq!(cli.run.runs_dir, Some(PathBuf::from("x")));
        assert_eq!(cli.run.plan, Some(PathBuf::from("p.toml")));
    }

    #[test]
    fn subcommands_still_parse_and_do_not_mix_with_run_options() {
        let cli = Cli::try_parse_from(["timekeeper", "check", "a.toml", "b.toml"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Check { plans }) if plans.len() == 2));
        assert!(Cli::try_parse_from(["timekeeper", "--rehearsal", "check", "a.toml"]).is_err());
    }
}
