//! The command ends of `timekeeper report` and `timekeeper compare`: read
//! the journals, build the report, render it in the format asked for and
//! write it out safely.

use std::fs;
use std::io::{self, Write as _};
use std::path::PathBuf;

use super::output::{emit, refuse_to_overwrite};
use super::{
    Comparison, Report, render_compare_csv, render_compare_json, render_compare_markdown,
    render_csv, render_json, render_markdown, render_svg,
};
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
    pub format: ReportFormat,
    /// Write here instead of stdout.
    pub output: Option<PathBuf>,
    /// Overwrite `output` if it exists.
    pub force: bool,
}

/// What `timekeeper compare` was asked for.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub journals: Vec<PathBuf>,
    pub format: CompareFormat,
}

/// `timekeeper report`: one run, planned against actual, to stdout or a file.
pub fn report(options: &ReportOptions) -> anyhow::Result<()> {
    let (journal, format, output, force) = (
        options.journal.as_path(),
        options.format,
        options.output.as_deref(),
        options.force,
    );
    if let Some(out) = output {
        refuse_to_overwrite(out, force)?;
        if let (Ok(a), Ok(b)) = (fs::canonicalize(out), fs::canonicalize(journal))
            && a == b
        {
            anyhow::bail!(
                "{} is the journal being reported on; write the report to another file",
                out.display()
            );
        }
    }
    let journal = Journal::read(journal)?;
    warn(&journal);
    let report = Report::from_journal(&journal);
    let text = match format {
        ReportFormat::Md => render_markdown(&report),
        ReportFormat::Csv => render_csv(&report),
        ReportFormat::Json => render_json(&report),
        ReportFormat::Svg => render_svg(&report),
    };
    emit(text.as_bytes(), output, force)
}

/// `timekeeper compare`: several runs side by side, to stdout.
pub fn compare(options: &CompareOptions) -> anyhow::Result<()> {
    let (journals, format) = (&options.journals, options.format);
    let mut reports = Vec::with_capacity(journals.len());
    for path in journals {
        let journal = Journal::read(path)?;
        warn(&journal);
        reports.push(Report::from_journal(&journal));
    }
    let comparison = Comparison::new(&reports);
    let text = match format {
        CompareFormat::Md => render_compare_markdown(&comparison),
        CompareFormat::Csv => render_compare_csv(&comparison),
        CompareFormat::Json => render_compare_json(&comparison),
    };
    emit(text.as_bytes(), None, false)
}

/// A journal's cut last line is said on stderr; the report goes on.
fn warn(journal: &Journal) {
    if let Some(warning) = &journal.warning {
        let _ = writeln!(
            io::stderr().lock(),
            "timekeeper: warning: {}",
            sanitize(warning)
        );
    }
}
