//! The paste box of the speakers' list (`p`), where the list was: every
//! name taken so far, numbered as it will stand on the list, before anything
//! is added; then the question, Enter adds them all, Esc discards them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Screen;
use crate::console::app::PasteBox;
use crate::run::FloorState;
use crate::screens::theme;
use crate::text::{pad_left, truncate};
use crate::time::clock;

/// The help line's words in the paste box (the list's own are drawn from
/// the editor's key table, `keys::EDIT_KEYS`).
pub fn paste_hint(paste: &PasteBox) -> &'static str {
    if paste.asking.is_some() {
        "PASTE Enter adds them all · Esc discards · Backspace or typing edits"
    } else {
        "PASTE one name a line · Enter on an empty line: check them · Esc discards"
    }
}

impl Screen<'_> {
    /// The box over the list's area.
    pub(super) fn render_paste(
        &self,
        paste: &PasteBox,
        floor: &FloorState,
        title: &str,
        area: Rect,
        buf: &mut Buffer,
    ) {
        Clear.render(area, buf);
        let block = Block::new().borders(Borders::ALL).title(truncate(
            &format!(" Paste names: {title} "),
            area.width as usize,
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let bold = theme::BOLD;
        let kind = crate::plan::floor::effective(&self.app.run.plan.kinds)
            .into_iter()
            .find(|k| k.name == floor.kind);
        let as_kind = kind.map_or_else(String::new, |k| {
            format!(", each a {} of {}", k.name, clock(k.limit_seconds))
        });
        let n = paste.names.len();
        let first_line = if paste.asking.is_some() {
            format!(
                "Add {} at the end of the list{as_kind}?",
                crate::console::app::paste_count(n)
            )
        } else if n == 0 {
            "Paste the names (or type them), one a line.".to_owned()
        } else {
            format!(
                "{} so far; Enter on an empty line to check them.",
                crate::console::app::paste_count(n)
            )
        };
        let mut lines = vec![Line::from(truncate(&first_line, width)).style(bold)];
        // The names, numbered where they will stand; the last ones kept in
        // sight while more are typed.
        let typing = paste.asking.is_none();
        let room = (inner.height as usize).saturating_sub(1 + usize::from(typing));
        let skip = if n > room {
            n - room.saturating_sub(1)
        } else {
            0
        };
        let number_w = (floor.list.len() + n).to_string().len().max(2);
        if skip > 0 {
            lines.push(Line::from(format!("  … {skip} more above")).style(theme::DIM));
        }
        for (k, name) in paste.names.iter().enumerate().skip(skip) {
            let number = pad_left(&(floor.list.len() + k + 1).to_string(), number_w);
            lines.push(Line::from(truncate(&format!("  {number}. {name}"), width)));
        }
        if typing {
            lines.push(
                Line::from(truncate(&format!("  {}▏", paste.typing), width)).style(theme::INVERSE),
            );
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
