//! The live console (placeholder while it is being built).
use std::path::Path;
pub fn run(_args: &crate::cli::RunArgs) -> anyhow::Result<()> {
    anyhow::bail!("the console is being built")
}
pub fn stage(_j: Option<&Path>, _d: &Path) -> anyhow::Result<()> {
    anyhow::bail!("the stage view is being built")
}
