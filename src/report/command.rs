//! The command ends of `timekeeper report` and `timekeeper compare`: read
//! the journals, build the report, render it in the format asked for and
//! write it out safely.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::{
    Comparison, Report, render_compare_csv, render_compare_json, render_compare_markdown,
    render_csv, render_json, render_markdown, render_svg,
};
use crate::files::{refuse_to_overwrite, write_out};
use crate::journal::Journal;
use crate::text::sanitize;

/// The formats of one run's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Csv,
    Json,
    Svg,
}

/// The formats of a comparison of several runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFormat {
    Md,
    Csv,
    Json,
}

/// What `timekeeper report` was asked for.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub journal: PathBuf,
    /// The format asked for; without one, the output file's extension
    /// says it (Markdown on stdout).
    pub format: Option<ReportFormat>,
    /// Write here instead of stdout.
    pub output: Option<PathBuf>,
    /// Overwrite `output` if it exists.
    pub force: bool,
}

/// What `timekeeper compare` was asked for.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub journals: Vec<PathBuf>,
    /// The format asked for; without one, the output file's extension
    /// says it (Markdown on stdout).
    pub format: Option<CompareFormat>,
    /// Write here instead of stdout.
    pub output: Option<PathBuf>,
    /// Overwrite `output` if it exists.
    pub force: bool,
}

impl ReportFormat {
    /// The format a file name's extension says, if it says one.
    pub fn from_extension(path: &Path) -> Option<Self> {
        match extension(path)?.as_str() {
            "md" | "markdown" => Some(Self::Md),
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            "svg" => Some(Self::Svg),
            _ => None,
        }
    }
}

impl CompareFormat {
    /// The format a file name's extension says, if it says one.
    pub fn from_extension(path: &Path) -> Option<Self> {
        match extension(path)?.as_str() {
            "md" | "markdown" => Some(Self::Md),
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The format to write: the one asked for, else the one the output file's
/// extension says, else Markdown on stdout. An output file whose extension
/// says no format is refused rather than filled with Markdown.
pub(super) fn resolve<F: Copy>(
    asked: Option<F>,
    output: Option<&Path>,
    from_extension: fn(&Path) -> Option<F>,
    markdown: F,
    known: &str,
) -> anyhow::Result<F> {
    if let Some(format) = asked {
        return Ok(format);
    }
    let Some(path) = output else {
        return Ok(markdown);
    };
    from_extension(path).ok_or_else(|| {
        let shown = sanitize(&path.display().to_string());
        match extension(path) {
            Some(ext) => anyhow::anyhow!(
                "cannot tell the format from the extension .{} of {shown}: give --format ({known}) or name the file {}",
                sanitize(&ext),
                dotted(known)
            ),
            None => anyhow::anyhow!(
                "{shown} has no extension to tell the format by: give --format ({known}) or name the file {}",
                dotted(known)
            ),
        }
    })
}

/// "md, csv or json" → ".md, .csv or .json".
fn dotted(known: &str) -> String {
    format!(".{}", known.replace(", ", ", .").replace(" or ", " or ."))
}

/// `-o runs/` names a directory, not a file to write.
fn refuse_a_directory(out: &Path) -> anyhow::Result<()> {
    if out.is_dir() {
        anyhow::bail!(
            "{} is a directory: give the report a file name in it, such as {}",
            sanitize(&out.display().to_string()),
            sanitize(&out.join("report.md").display().to_string())
        );
    }
    Ok(())
}

/// Checks an output path before anything is read: not a directory, not an
/// existing file without `--force`, not one of the journals read.
pub(super) fn check_output(out: &Path, force: bool, journals: &[PathBuf]) -> anyhow::Result<()> {
    let shown = sanitize(&out.display().to_string());
    refuse_a_directory(out)?;
    refuse_to_overwrite(out, force)?;
    for journal in journals {
        if let (Ok(a), Ok(b)) = (fs::canonicalize(out), fs::canonicalize(journal))
            && a == b
        {
            let which = if journals.len() == 1 {
                "the journal being reported on"
            } else {
                "one of the journals being compared"
            };
            anyhow::bail!("{shown} is {which}; write the report to another file");
        }
    }
    Ok(())
}

/// `timekeeper report`: one run, planned against actual, to stdout or a file.
pub fn report(options: &ReportOptions) -> anyhow::Result<()> {
    let (journal, output, force) = (
        options.journal.as_path(),
        options.output.as_deref(),
        options.force,
    );
    if let Some(out) = output {
        check_output(out, force, std::slice::from_ref(&options.journal))?;
    }
    let format = resolve(
        options.format,
        output,
        ReportFormat::from_extension,
        ReportFormat::Md,
        "md, csv, json or svg",
    )?;
    let journal = Journal::read(journal)?;
    warn(&journal);
    let report = Report::from_journal(&journal);
    let text = match format {
        ReportFormat::Md => render_markdown(&report),
        ReportFormat::Csv => render_csv(&report),
        ReportFormat::Json => render_json(&report),
        ReportFormat::Svg => render_svg(&report),
    };
    write_out(text.as_bytes(), output, force, "report")
}

/// `timekeeper compare`: several runs side by side, to stdout or a file. A
/// journal given twice (the same file by two names, or a copy of the same
/// run) is compared once, with a warning.
pub fn compare(options: &CompareOptions) -> anyhow::Result<()> {
    let (journals, output, force) = (&options.journals, options.output.as_deref(), options.force);
    if let Some(out) = output {
        check_output(out, force, journals)?;
    }
    let format = resolve(
        options.format,
        output,
        CompareFormat::from_extension,
        CompareFormat::Md,
        "md, csv or json",
    )?;
    let mut read: Vec<Journal> = Vec::with_capacity(journals.len());
    for path in journals {
        let journal = Journal::read(path)?;
        if let Some(first) = read.iter().find(|j| same_run(j, &journal)) {
            let _ = writeln!(
                io::stderr().lock(),
                "timekeeper: warning: {} is the same run as {}: it is compared once",
                sanitize(&path.display().to_string()),
                sanitize(&first.path.display().to_string())
            );
            continue;
        }
        warn(&journal);
        read.push(journal);
    }
    let reports: Vec<Report> = read.iter().map(Report::from_journal).collect();
    let comparison = Comparison::new(&reports);
    let text = match format {
        CompareFormat::Md => render_compare_markdown(&comparison),
        CompareFormat::Csv => render_compare_csv(&comparison),
        CompareFormat::Json => render_compare_json(&comparison),
    };
    write_out(text.as_bytes(), output, force, "report")
}

/// The same file by two names, or a copy of the same run: the same header
/// (created at the same instant) and the same events.
fn same_run(a: &Journal, b: &Journal) -> bool {
    let same_file = matches!(
        (fs::canonicalize(&a.path), fs::canonicalize(&b.path)),
        (Ok(x), Ok(y)) if x == y
    );
    same_file || (a.header == b.header && a.events == b.events)
}

/// A journal's cut last line is said on stderr; the report goes on.
pub(super) fn warn(journal: &Journal) {
    if let Some(warning) = &journal.warning {
        let _ = writeln!(
            io::stderr().lock(),
            "timekeeper: warning: {}",
            sanitize(warning)
        );
    }
}
