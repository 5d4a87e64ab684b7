//! The plan every user starts from: the built-in plenary, and what
//! `timekeeper new` writes.

use std::path::Path;

use crate::text;

/// The plan compiled into the binary: the seed plenary, so `timekeeper` with
/// no arguments shows a console at once.
pub const BUILTIN_SOURCE: &str = include_str!("../../sessions/plenary-3.toml");
/// The name the built-in plan goes by in journal file names.
pub const BUILTIN_NAME: &str = "plenary-3";

/// What `timekeeper new` writes: the built-in plenary, with every key a
/// plan may use explained, to edit into one's own session.
pub fn template() -> String {
    let guide = "\
# A timekeeper plan. Edit it, then check it with `timekeeper check FILE`
# and open the console with `timekeeper run FILE`.
#
# Durations are written 10m, 90s, 1m30s, 1h 15m or mm:ss.
# title     the session's name (required)
# date      the day (YYYY-MM-DD); on that day a live run keeps to `start`
# start     the scheduled start, local time (HH:MM)
# budget    the time the session has (default: the sum of the segments)
# location  where it takes place
# [warnings] amber and red: time left when the countdown turns amber, red
# [messages] up to 9 presets sent to the speaker with `m` then 1-9;
#            {speaker}, {next_speaker}, {left} ('2:00 left', or '0:30
#            over') and {end} are filled in
# [[segments]] one per speaker or item, in order:
#   title, duration (required); speaker, role, notes (optional);
#   flexible = true: may be shortened (down to `min`, default half) to win
#   time back, or lengthened (up to `max`, default one and a half times)
#   when time is won; amber / red: this segment's own thresholds.
#
";
    format!("{guide}{BUILTIN_SOURCE}")
}

/// `timekeeper new [PATH]`: writes [`template`] to `path` (`plan.toml` when
/// none, stdout for `-`), never over an existing file without `force`.
pub fn write_new(path: Option<&Path>, force: bool) -> anyhow::Result<()> {
    let path = path.unwrap_or(Path::new("plan.toml"));
    let to_stdout = path == Path::new("-");
    crate::files::write_out(
        template().as_bytes(),
        (!to_stdout).then_some(path),
        force,
        "plan",
    )?;
    if !to_stdout {
        let shown = text::sanitize(&path.display().to_string());
        println!(
            "Wrote {shown}: edit it, then `timekeeper check {shown}` and `timekeeper run {shown}`."
        );
    }
    Ok(())
}
