//! The console driven through the shell with an injected clock and a test
//! terminal: keys and wake-ups go in, and the journal on disk and the screen
//! are looked at together, without a pseudo-terminal and without sleeping.

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::{DateTime, TimeDelta};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect, Size};
use timekeeper::console::app::App;
use timekeeper::console::driver::Console;
use timekeeper::console::screen;
use timekeeper::plan::{self, Plan};
use timekeeper::run::{Mode, Run};
use timekeeper::screens::widgets;
use timekeeper::shell::{Bell, Clock as _, Flow, ManualClock, Shell, Wake};

/// A test terminal that, at each frame it is asked to draw, notes what the
/// journal on disk held at that moment.
struct Witness {
    inner: TestBackend,
    runs: PathBuf,
    /// The journal's text at each draw.
    seen: Rc<RefCell<Vec<String>>>,
    bells: Rc<RefCell<u32>>,
}

impl Witness {
    fn journal_text(&self) -> String {
        journal_in(&self.runs).map_or_else(String::new, |p| fs::read_to_string(p).unwrap())
    }
}

fn journal_in(runs: &Path) -> Option<PathBuf> {
    fs::read_dir(runs)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
}

impl Backend for Witness {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.seen.borrow_mut().push(self.journal_text());
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

impl Bell for Witness {
    fn ring(&mut self, times: u8) {
        *self.bells.borrow_mut() += u32::from(times);
    }
}

const PLAN: &str = r#"
title = "Shell test"
start = "10:00"

[warnings]
amber = "20s"
red = "10s"

[[segments]]
title = "Opening"
speaker = "Ms. Oksana Leshchenko"
duration = "1m"

[[segments]]
title = "Talk"
speaker = "Mr. Muhabbat Ibrohimzoda"
duration = "2m"
"#;

struct Harness {
    shell: Shell<Witness, ManualClock, Console>,
    clock: ManualClock,
    seen: Rc<RefCell<Vec<String>>>,
    bells: Rc<RefCell<u32>>,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let runs = dir.path().join("runs");
        let plan: Plan = plan::parse(PLAN, "shell.toml", "shell").unwrap();
        let clock = ManualClock::new(
            DateTime::parse_from_rfc3339("2026-11-27T09:59:50.250+01:00").unwrap(),
        );
        let seen = Rc::new(RefCell::new(Vec::new()));
        let bells = Rc::new(RefCell::new(0));
        let backend = Witness {
            inner: TestBackend::new(80, 24),
            runs: runs.clone(),
            seen: Rc::clone(&seen),
            bells: Rc::clone(&bells),
        };
        let mut app = App::new(Run::new(plan, Mode::Live));
        app.ui.bell = true;
        let console = Console::new(app, None, runs, "shell.toml".to_owned());
        let mut shell =
            Shell::new(backend, Rect::new(0, 0, 80, 24), clock.clone(), console).unwrap();
        // Every row the diff passes over as claimed is checked, in release
        // builds too.
        shell.check_claims(true);
        shell.draw(true).unwrap();
        Self {
            shell,
            clock,
            seen,
            bells,
            _dir: dir,
        }
    }

    fn key(&mut self, c: char) -> Flow {
        self.press(KeyCode::Char(c))
    }

    fn press(&mut self, code: KeyCode) -> Flow {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        self.shell.step(Wake::Key(key)).unwrap()
    }

    /// The console at this instant drawn whole on a blank screen, as the
    /// terminal shows it: what the terminal must be showing.
    fn drawn_whole(&self) -> Buffer {
        let area = self.shell.backend().inner.buffer().area;
        let mut whole = Buffer::empty(area);
        let now = self.shell.clock().now();
        screen::draw(&self.shell.driver().app, now, area, &mut whole);
        widgets::fit_terminal_widths(&mut whole);
        whole
    }

    /// Lets time pass and wakes the shell as its timer would.
    fn wait(&mut self, ms: i64) {
        self.clock.advance(TimeDelta::milliseconds(ms));
        self.shell.step(Wake::Timer).unwrap();
    }

    fn screen(&self) -> String {
        let buffer: &Buffer = self.shell.backend().inner.buffer();
        let area = buffer.area;
        (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn draws(&self) -> usize {
        self.seen.borrow().len()
    }

    fn journal(&self) -> String {
        self.shell.backend().journal_text()
    }
}

#[test]
fn a_key_is_journalled_before_the_screen_shows_it() {
    let mut h = Harness::new();
    assert!(h.screen().contains("READY"));
    assert_eq!(h.journal(), "", "nothing is recorded before the start");
    h.key(' ');
    assert!(h.screen().contains("ON TIME"), "{}", h.screen());
    // The frame that first showed ON TIME was drawn when the journal on disk
    // already held the start.
    let seen = h.seen.borrow();
    let at_draw = seen.last().unwrap();
    assert!(
        at_draw
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("\"event\":\"start\"")),
        "the journal at the moment of drawing: {at_draw:?}"
    );
}

#[test]
fn the_countdown_follows_the_injected_clock_and_rings_at_amber_and_zero() {
    let mut h = Harness::new();
    h.key(' ');
    // Space at 09:59:50.250 counts from 09:59:50; 40 s later, 20 s are left.
    h.wait(39_750);
    assert!(h.screen().contains("AMBER"), "{}", h.screen());
    assert_eq!(*h.bells.borrow(), 1, "one bell at amber");
    h.wait(20_000);
    assert!(h.screen().contains("OVER +0:00"), "{}", h.screen());
    assert_eq!(*h.bells.borrow(), 3, "two more at zero");
    h.key('n');
    assert!(h.screen().contains("Talk"), "{}", h.screen());
    let lines = h.journal().lines().count();
    assert_eq!(lines, 3, "header, start, next:\n{}", h.journal());
}

#[test]
fn a_frame_is_drawn_once_a_second_not_at_every_wake() {
    let mut h = Harness::new();
    h.key(' ');
    let before = h.draws();
    // Two timer wake-ups within the same second draw nothing new.
    h.wait(100);
    h.wait(100);
    assert_eq!(h.draws(), before);
    // The next second boundary draws one frame.
    h.wait(1000);
    assert_eq!(h.draws(), before + 1);
}

/// What happens to the console, one step of a test's day.
enum Step {
    Key(KeyCode),
    Wait(i64),
    Resize(u16, u16),
}

#[test]
fn after_a_day_of_keys_the_terminal_shows_the_frame_drawn_whole() {
    // Rows drawn from the same as the row on screen are not compared, nor
    // sent, nor drawn again (they are copied from the screen): after every
    // key and second, what reached the terminal is still the console drawn
    // whole, row for row. Each key comes after seconds in which rows were
    // copied, and changes some of them.
    use Step::{Key, Resize, Wait};
    let mut h = Harness::new();
    // The terminal itself is looked at here, not the shell's own check.
    h.shell.check_claims(false);
    let steps = [
        ("start", Key(KeyCode::Char(' '))),
        ("a second", Wait(1000)),
        ("two seconds", Wait(2000)),
        ("help", Key(KeyCode::Char('?'))),
        ("help closed", Key(KeyCode::Esc)),
        ("a minute more", Key(KeyCode::Char('+'))),
        ("two seconds", Wait(2000)),
        ("two seconds", Wait(2000)),
        ("the editor", Key(KeyCode::Char('e'))),
        ("its cursor down", Key(KeyCode::Down)),
        ("the editor closed", Key(KeyCode::Esc)),
        ("two seconds", Wait(2000)),
        ("a message", Key(KeyCode::Char('m'))),
        ("typed", Key(KeyCode::Char('H'))),
        ("given up", Key(KeyCode::Esc)),
        ("two seconds", Wait(2000)),
        ("the stage", Key(KeyCode::Char('s'))),
        ("the console again", Key(KeyCode::Char('s'))),
        ("over", Wait(125_000)),
        ("two seconds", Wait(2000)),
        ("next", Key(KeyCode::Char('n'))),
        ("bell off", Key(KeyCode::Char('b'))),
        ("a taller terminal", Resize(100, 30)),
        ("a second", Wait(1000)),
        ("two seconds", Wait(2000)),
        ("back", Key(KeyCode::Char('p'))),
        ("a second", Wait(1000)),
    ];
    for (what, step) in steps {
        match step {
            Key(code) => {
                h.press(code);
            }
            Wait(ms) => h.wait(ms),
            Resize(width, height) => {
                h.shell.backend_mut().inner.resize(width, height);
                h.shell.step(Wake::Resize(width, height)).unwrap();
            }
        }
        let shown = h.shell.backend().inner.buffer().clone();
        assert_eq!(shown, h.drawn_whole(), "after {what}:\n{}", h.screen());
    }
}

#[test]
fn an_idle_second_compares_only_the_rows_that_can_change() {
    // The rundown, the heading, the next line and the keys are drawn from
    // the same every second: their rows are claimed and passed over.
    let mut h = Harness::new();
    // Rows copied from the screen, as in the console's build.
    h.shell.check_claims(false);
    h.key(' ');
    h.wait(1000);
    h.wait(1000);
    let (claimed, passed) = (h.shell.rows_claimed(), h.shell.rows_passed_over());
    assert!(
        passed >= 8,
        "{passed} of 24 rows passed over:\n{}",
        h.screen()
    );
    // Not the countdown, the bar, the clock or the totals; and the running
    // segment's row is claimed but its time moved on.
    assert!(claimed <= 24 - 11, "{claimed} of 24 rows claimed");
    assert_eq!(passed, claimed - 1, "all but the running segment's row");
    // A second later, the same rows.
    h.wait(1000);
    assert_eq!(h.shell.rows_passed_over(), passed);
}

#[test]
fn a_clock_jump_is_journalled_and_told_to_the_timekeeper() {
    let mut h = Harness::new();
    h.key(' ');
    h.clock.jump(TimeDelta::seconds(42));
    h.wait(0);
    assert!(
        h.journal()
            .contains("\"event\":\"clock_jump\",\"millis\":42000"),
        "{}",
        h.journal()
    );
    assert!(h.screen().contains("clock jumped +42 s"), "{}", h.screen());
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let mut h = Harness::new();
    h.shell.backend_mut().inner.resize(40, 12);
    h.shell.step(Wake::Resize(40, 12)).unwrap();
    let screen = h.screen();
    assert_eq!(screen.lines().count(), 12);
    assert!(screen.contains("READY"), "{screen}");
}

#[test]
fn quitting_before_the_start_ends_the_loop_and_records_nothing() {
    let mut h = Harness::new();
    assert_eq!(h.key('q'), Flow::Quit);
    assert_eq!(h.journal(), "");
}
