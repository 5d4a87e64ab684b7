//! The console drawn as the shell draws it, for the screen tests: the app
//! at an instant into a `TestBackend`, each row fitted to where a terminal
//! puts its cells (`widgets::fit_terminal_widths`), and read back as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use timekeeper::console::app::App;
use timekeeper::console::screen as view;
use timekeeper::time::Time;

/// The console at `now` on a `width`x`height` terminal.
pub fn drawn(app: &App, now: Time, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            view::draw(app, now, frame.area(), frame.buffer_mut());
            timekeeper::screens::widgets::fit_terminal_widths(frame.buffer_mut());
        })
        .unwrap();
    terminal
}

/// What the terminal shows, a line a row (each cell's symbol; a wide
/// character's second cell is blank).
pub fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
