//! The fit's line, under the recovery's: when a floor's list cannot be
//! heard in its time left, the figure and what `a` does about it ("⚠ list
//! too long · a: 14 still to speak, 11:10 left: 0:48 each"). When the
//! recovery is shown too, `a` applies it first, and this line says what
//! the next `a` will do with the floor's time as the recovery leaves it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::Screen;
use crate::run::{FloorFit, Run};
use crate::screens::theme::ORANGE;
use crate::text::{self, truncate};

/// The fit's line at `width`: the longest of the fit's phrasings that
/// fits, the shortest where none does. `first`: `a` applies this fit now
/// (no recovery before it).
pub fn fit_line(fit: &FloorFit, run: &Run, first: bool, width: usize) -> String {
    let lead = if first {
        "⚠ list too long · a: "
    } else {
        "  then a again: "
    };
    let phrasings: Vec<String> = fit
        .phrasings(run)
        .into_iter()
        .map(|what| format!("{lead}{what}"))
        .collect();
    let shortest = phrasings.last().cloned().unwrap_or_default();
    text::first_fitting(phrasings, width).unwrap_or(shortest)
}

impl Screen<'_> {
    /// Draws the fit's line in `area` (one row).
    pub(super) fn render_fit(&self, fit: &FloorFit, area: Rect, buf: &mut Buffer) {
        let first = self.recovery.is_none_or(|r| r.cuts.is_empty());
        let width = area.width as usize;
        Line::from(truncate(&fit_line(fit, &self.app.run, first, width), width))
            .style(self.palette().strong(ORANGE))
            .render(area, buf);
    }
}
