//! The message prompt and the rundown editor's form, drawn over the
//! rundown while the countdown stays in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Screen;
use crate::console::app::{FORM_FIELDS, Form, Prompt, Purpose, fill_preset};
use crate::plan::MESSAGE_CHARS;
use crate::screens::theme::{self, VERMILLION};
use crate::screens::widgets::take_bottom;
use crate::text::{self, truncate};

impl Screen<'_> {
    /// Rows the message prompt takes: the presets, the line typed, a border.
    pub(super) fn prompt_height(&self) -> u16 {
        self.app.run.plan.messages.len() as u16 + 3
    }

    /// The message prompt: numbered presets and the line being typed.
    pub(super) fn render_prompt(&self, prompt: &Prompt, area: Rect, buf: &mut Buffer) {
        let height = self.prompt_height().min(area.height);
        let area = take_bottom(&mut area.clone(), height);
        Clear.render(area, buf);
        let width = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = self
            .app
            .run
            .plan
            .messages
            .iter()
            .enumerate()
            .map(|(n, preset)| {
                let filled = fill_preset(preset, &self.app.run, self.snap);
                // The preset that Enter would send stands out.
                let chosen = if prompt.preset() == Some(n) {
                    theme::INVERSE
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::styled(format!("{} ", n + 1), theme::BOLD),
                    Span::styled(truncate(&filled, width.saturating_sub(2)), chosen),
                ])
            })
            .collect();
        let pin = if prompt.pinned { "[pinned] " } else { "" };
        let typed = format!("{pin}> {}▏", prompt.text);
        // The end of a long line stays in view as it is typed.
        let shown = if text::width(&typed) > width {
            let tail: String = typed
                .chars()
                .rev()
                .take(width.saturating_sub(1))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        } else {
            typed
        };
        lines.push(Line::from(Span::styled(shown, theme::BOLD)));
        // Near the stage screen's limit, how much is left: typing stops
        // there, and is never cut short unseen.
        let typed = prompt.text.chars().count();
        let title = if typed + 20 >= MESSAGE_CHARS {
            format!(" Message to the speaker · {typed}/{MESSAGE_CHARS} ")
        } else {
            " Message to the speaker ".to_owned()
        };
        Paragraph::new(lines)
            .block(Block::new().borders(Borders::ALL).title(title))
            .render(area, buf);
    }

    /// The insert / change form, in a box over the rundown.
    pub(super) fn render_form(&self, form: &Form, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let title = match form.purpose {
            Purpose::Insert { .. } => " Insert a segment ",
            Purpose::Change { .. } => " Change the segment ",
        };
        let width = area.width.saturating_sub(14) as usize;
        let mut lines: Vec<Line> = FORM_FIELDS
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let value = match i {
                    3 => if form.flexible { "[x] yes" } else { "[ ] no" }.to_owned(),
                    _ => form.fields[i].clone(),
                };
                let cursor = if i == form.focus && i < 3 { "▏" } else { "" };
                let style = if i == form.focus {
                    theme::INVERSE
                } else {
                    Style::new()
                };
                Line::from(vec![
                    Span::styled(format!("{name:>9}: "), theme::BOLD),
                    Span::styled(truncate(&format!("{value}{cursor}"), width), style),
                ])
            })
            .collect();
        if let Some(error) = &form.error {
            lines.push(
                Line::from(truncate(&format!("✗ {error}"), area.width as usize))
                    .style(self.palette().strong(VERMILLION)),
            );
        }
        Paragraph::new(lines)
            .block(Block::new().borders(Borders::ALL).title(title))
            .render(area, buf);
    }
}
