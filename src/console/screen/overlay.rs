//! What opens over the console: the key help, the quit question and the
//! web links with their QR codes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::console::app::Web;
use crate::screens::widgets::popup;
use crate::text::truncate;
use crate::web::qr::Qr;

const HELP: &[(&str, &str)] = &[
    ("Space", "start the session; then pause / resume"),
    ("n → Enter PgDn", "end this segment, start the next"),
    ("p ← PgUp", "back: the previous segment goes on"),
    ("u / r", "undo / redo the last n, p, +/-, a or edit"),
    ("+ / -", "give / take one minute"),
    ("a", "apply the suggestion: win time back, or give it back"),
    (
        "m / M",
        "message to the speaker (1–9 presets, Tab pins) / clear",
    ),
    ("f", "flash the stage screens"),
    (
        "e",
        "edit the rundown: x skip, K/J move, i insert, c change",
    ),
    ("s", "speaker-facing stage view on/off"),
    ("i", "the segment's notes on/off"),
    ("w", "web links and QR codes (with --serve)"),
    ("b", "bell on/off (amber, zero, each minute over)"),
    ("?", "this help (any key closes it)"),
    ("q", "close (the session goes on being timed)"),
];

pub(super) fn render_help(area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{key:>14}  "),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .collect();
    let mut lines = lines;
    // The reassurance where there is room for it.
    if area.height as usize >= lines.len() + 5 {
        lines.push(Line::raw(""));
        lines.push(Line::raw(
            "Every event is saved as it happens: if this terminal dies,",
        ));
        lines.push(Line::raw("run the same command again to carry on."));
    }
    let target = popup(area, 76, lines.len() as u16 + 2);
    Clear.render(target, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::new().borders(Borders::ALL).title(" Keys "))
        .render(target, buf);
}

pub(super) fn render_confirm(area: Rect, buf: &mut Buffer, not_recording: Option<&str>) {
    // The reason for NOT RECORDING is on the screen's own warning row; the
    // question only needs to say what it means for closing.
    let saved = if not_recording.is_some() {
        "NOT RECORDING: this run is not saved."
    } else {
        "Everything so far is saved."
    };
    if area.width < 52 || area.height < 10 {
        // Too small for a box that would hide the time: one row at the
        // bottom instead.
        let row = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        Clear.render(row, buf);
        Line::from(truncate(
            "Close? n: keep · y: close, timing goes on · e: end session",
            area.width as usize,
        ))
        .style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD))
        .render(row, buf);
        return;
    }
    let lines = vec![
        Line::from(Span::styled(
            "Close the console?",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        // Keeping on timing first: it is what a cut-off line must not lose.
        Line::raw("n / Esc: keep the console open"),
        Line::raw("y or q: close; the session goes on being timed"),
        Line::raw("e: end the session here"),
        Line::raw(saved),
    ];
    let target = popup(area, 52, 7);
    Clear.render(target, buf);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .block(Block::new().borders(Borders::ALL))
        .render(target, buf);
}

/// The web links (`w`): each page's address, and as many of them as QR
/// codes as the screen can show whole (a cut code does not scan), drawn
/// black on white whatever the terminal's colours, two modules a cell.
pub(super) fn render_links(web: Option<&Web>, area: Rect, buf: &mut Buffer) {
    let Some(web) = web else {
        return;
    };
    Clear.render(area, buf);
    let codes: Vec<(&str, Qr)> = web
        .links
        .iter()
        .filter_map(|(what, address)| Some((what.as_str(), Qr::new(address)?)))
        .collect();
    let mut lines = Vec::new();
    if let Some(why) = &web.off {
        lines.push(Line::from(Span::styled(
            format!("WEB OFF: {why}"),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )));
    }
    for (what, address) in &web.links {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{what}: "),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(address.clone()),
        ]));
    }
    lines.push(Line::raw(format!(
        "web · {} connected · any key closes",
        web.connected
    )));
    // One row more for the word on what did not fit.
    let text_rows = |lines: &[Line]| -> u16 {
        lines
            .iter()
            .map(|l| (l.width() as u16).div_ceil(area.width.max(1)).max(1))
            .sum::<u16>()
            + 1
    };
    let (cell_w, cell_h) = codes
        .iter()
        .map(|(_, qr)| qr.cells())
        .fold((0, 0), |(w, h), (cw, ch)| (w.max(cw), h.max(ch)));
    // Each code with its name above it, two columns apart.
    let (block_w, block_h) = (cell_w + 2, cell_h + 1);
    let room_h = area.height.saturating_sub(text_rows(&lines));
    let across = ((area.width + 2) / block_w.max(1)) as usize;
    let down = (room_h / block_h.max(1)) as usize;
    let shown = codes.len().min(across * down);
    if !codes.is_empty() && shown < codes.len() {
        let missing = codes.len() - shown;
        let need_w = block_w * codes.len() as u16 - 2;
        let need_h = block_h + text_rows(&lines);
        lines.push(Line::from(Span::styled(
            if shown == 0 {
                format!("Too small for the QR codes: enlarge the terminal to {need_w}x{need_h}")
            } else {
                format!(
                    "{missing} more QR code{} at {need_w}x{need_h} or larger",
                    if missing == 1 { "" } else { "s" }
                )
            },
            Style::new().add_modifier(Modifier::DIM),
        )));
    }
    let text_h = text_rows(&lines).saturating_sub(1).min(area.height);
    let text_area = Rect {
        y: area.bottom() - text_h,
        height: text_h,
        ..area
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(text_area, buf);
    if shown == 0 {
        return;
    }
    let per_row = shown.min(across);
    let rows = shown.div_ceil(per_row) as u16;
    let total_w = block_w * per_row as u16 - 2;
    let total_h = block_h * rows;
    let left = area.x + (area.width - total_w) / 2;
    let top = area.y + (room_h - total_h) / 2;
    for (n, (what, qr)) in codes.iter().take(shown).enumerate() {
        let x = left + block_w * (n % per_row) as u16;
        let y = top + block_h * (n / per_row) as u16;
        let (w, _) = qr.cells();
        Line::from(truncate(what, w as usize))
            .alignment(Alignment::Center)
            .style(Style::new().add_modifier(Modifier::BOLD))
            .render(Rect::new(x, y, w, 1), buf);
        render_qr(qr, x, y + 1, buf);
    }
}

/// A QR code at (x, y): each cell an upper half block, its foreground the
/// upper module and its background the lower.
fn render_qr(qr: &Qr, x: u16, y: u16, buf: &mut Buffer) {
    let colour = |dark: bool| if dark { Color::Black } else { Color::White };
    let (w, h) = qr.cells();
    for row in 0..h {
        for col in 0..w {
            let (mx, my) = (usize::from(col), usize::from(row) * 2);
            buf[(x + col, y + row)].set_symbol("▀").set_style(
                Style::new()
                    .fg(colour(qr.dark(mx, my)))
                    .bg(colour(qr.dark(mx, my + 1))),
            );
        }
    }
}
