//! What opens over the console: the key help and the quit question.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::console::app::Web;
use crate::screens::widgets::popup;
use crate::text::truncate;

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

/// The web links (`w`): what each page is and its address.
pub(super) fn render_links(web: Option<&Web>, area: Rect, buf: &mut Buffer) {
    let Some(web) = web else {
        return;
    };
    let mut lines = Vec::new();
    if let Some(why) = &web.off {
        lines.push(Line::raw(format!("WEB OFF: {why}")));
    }
    for (what, address) in &web.links {
        lines.push(Line::from(Span::styled(
            what.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        )));
        lines.push(Line::raw(address.clone()));
        lines.push(Line::raw(""));
    }
    lines.push(Line::raw(format!(
        "{} pages connected · any key closes",
        web.connected
    )));
    let target = popup(
        area,
        area.width.saturating_sub(4).max(20),
        lines.len() as u16 + 2,
    );
    Clear.render(target, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::new().borders(Borders::ALL).title(" Web links "))
        .render(target, buf);
}
