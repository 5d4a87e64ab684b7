//! The least any once-a-second terminal clock does, for `bench/idle_floor.py`
//! to measure beside the console: sleep to the next second of the wall
//! clock, write a frame of the size the console writes (about 300 bytes in
//! a dozen cursor moves: the time in the header, the digits, the bar and
//! the totals), flush it, and sleep again. No terminal library, no buffer,
//! no diff: what is left of the console's idle CPU above this is its own.

use std::io::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    write!(out, "\x1b[?1049h\x1b[?25l\x1b[2J")?;
    out.flush()?;
    loop {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        std::thread::sleep(Duration::from_nanos(u64::from(
            1_000_000_000 - since.subsec_nanos(),
        )));
        let second = since.as_secs() + 1;
        let (h, m, s) = ((second / 3600) % 24, (second / 60) % 60, second % 60);
        let mut frame = Vec::with_capacity(512);
        write!(frame, "\x1b[1;92H{h:02}:{m:02}:{s:02}")?;
        // The digits' rows: a move and a run of blocks each.
        for row in 0..8 {
            let width = 4 + (s as usize + row) % 8;
            write!(frame, "\x1b[{};{}H\x1b[38;5;2m", 9 + row, 12 + 4 * row)?;
            frame.extend("█".repeat(width).as_bytes());
        }
        write!(
            frame,
            "\x1b[0m\x1b[18;2H{}\x1b[18;89H{m}:{s:02} of 10:00\x1b[29;9H{m}:{s:02}",
            "░".repeat(1 + s as usize % 3)
        )?;
        out.write_all(&frame)?;
        out.flush()?;
    }
}
