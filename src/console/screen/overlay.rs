//! What opens over the console: the key help and the quit question.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::screens::widgets::popup;
use crate::text::truncate;

const HELP: &[(&str, &str)] = &[
    ("Space", "start the session; then pause / resume"),
    ("n → Enter", "end this segment, start the next"),
    ("p ←", "undo the last n: the previous segment goes on"),
    ("+ / -", "give / take one minute"),
    ("a", "apply the suggested recovery plan"),
    ("s", "speaker-facing stage view on/off"),
    ("b", "bell on/off (amber, zero, each minute over)"),
    ("?", "this help (any key closes it)"),
    ("q", "quit (asks while a run is in progress)"),
];

pub(super) fn render_help(area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{key:>10}  "),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .chain([
            Line::raw(""),
            Line::raw("Every event is saved as it happens: if this terminal dies,"),
            Line::raw("run the same command again to carry on."),
        ])
        .collect();
    let target = popup(area, 64, lines.len() as u16 + 2);
    Clear.render(target, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::new().borders(Borders::ALL).title(" Keys "))
        .render(target, buf);
}

pub(super) fn render_confirm(area: Rect, buf: &mut Buffer, not_recording: Option<&str>) {
    // The reason for NOT RECORDING is on the screen's own warning row; the
    // question only needs to say what it means for quitting.
    let saved = if not_recording.is_some() {
        "NOT RECORDING: this run is not saved."
    } else {
        "Everything so far is saved."
    };
    if area.width < 46 || area.height < 9 {
        // Too small for a box that would hide the time: one row at the
        // bottom instead.
        let row = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        Clear.render(row, buf);
        Line::from(truncate(
            "End run and quit? y: yes · n: keep timing",
            area.width as usize,
        ))
        .style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD))
        .render(row, buf);
        return;
    }
    let lines = vec![
        Line::from(Span::styled(
            "End this run and quit?",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        // Keeping on timing first: it is what a cut-off line must not lose.
        Line::raw("n / Esc: keep timing · y or q: end the run"),
        Line::raw(saved),
    ];
    let target = popup(area, 46, 5);
    Clear.render(target, buf);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .block(Block::new().borders(Borders::ALL))
        .render(target, buf);
}
