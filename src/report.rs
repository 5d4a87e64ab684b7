//! Reports (placeholder while they are being built).
use crate::cli::{CompareFormat, ReportFormat};
use std::path::{Path, PathBuf};
pub fn report(_j: &Path, _f: ReportFormat, _o: Option<&Path>, _force: bool) -> anyhow::Result<()> {
    anyhow::bail!("reports are being built")
}
pub fn compare(_j: &[PathBuf], _f: CompareFormat) -> anyhow::Result<()> {
    anyhow::bail!("compare is being built")
}
