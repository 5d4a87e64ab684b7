//! What the console shows of `--serve`: the header's `web · N connected` or
//! `WEB OFF: …`, and `w`'s links with QR codes that a phone can read (read
//! back here with a QR decoder from the drawn cells), fitted to the screen.

use chrono::DateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use timekeeper::console::app::{App, Overlay, WebStatus};
use timekeeper::console::screen::draw;
use timekeeper::run::{Mode, Run};

const LINKS: [(&str, &str); 3] = [
    (
        "Stage",
        "http://192.168.100.200:7878/s/hznRZAQdRETb_MMJpr88Lg",
    ),
    (
        "Rundown (chair)",
        "http://192.168.100.200:7878/s/hznRZAQdRETb_MMJpr88Lg/rundown",
    ),
    (
        "Remote",
        "http://192.168.100.200:7878/c/rQSfC-w_w0MwgicKrL0LyA",
    ),
];

fn app(web: WebStatus) -> App {
    let mut app = App::new(Run::new(timekeeper::plan::Plan::builtin(), Mode::Live));
    app.web = Some(web);
    app
}

fn serving(connected: usize) -> WebStatus {
    WebStatus {
        links: LINKS
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect(),
        connected,
        refused: 0,
        open: 0,
        off: None,
    }
}

fn drawn(app: &App, width: u16, height: u16) -> Buffer {
    let now = DateTime::parse_from_rfc3339("2026-11-27T09:58:00+01:00").unwrap();
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    draw(app, now, area, &mut buf);
    buf
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen as a picture, 4 pixels a module: the QR codes' cells by
/// their colours (upper half the foreground, lower the background),
/// everything else white.
fn decode(buf: &Buffer) -> Vec<String> {
    const SCALE: usize = 4;
    let area = buf.area;
    let (w, h) = (usize::from(area.width), usize::from(area.height) * 2);
    let mut dark = vec![false; w * h];
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buf[(x, y)];
            if cell.symbol() != "▀" {
                continue;
            }
            let (x, y) = (usize::from(x), usize::from(y) * 2);
            dark[y * w + x] = cell.fg == Color::Black;
            dark[(y + 1) * w + x] = cell.bg == Color::Black;
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w * SCALE, h * SCALE, |x, y| {
        if dark[(y / SCALE) * w + x / SCALE] {
            0
        } else {
            255
        }
    });
    let mut found: Vec<String> = image
        .detect_grids()
        .iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, content)| content))
        .collect();
    found.sort();
    found
}

#[test]
fn the_header_says_the_console_serves_and_how_many_pages_are_connected() {
    let shown = text(&drawn(&app(serving(2)), 100, 30));
    assert!(shown.contains("web · 2 connected"), "{shown}");
    let off = WebStatus {
        links: Vec::new(),
        connected: 0,
        refused: 0,
        open: 0,
        off: Some("port 7878 is taken".to_owned()),
    };
    let shown = text(&drawn(&app(off), 100, 30));
    assert!(shown.contains("WEB OFF: port 7878 is taken"), "{shown}");
}

#[test]
fn the_header_says_how_many_connections_were_refused_under_attack() {
    let mut web = serving(3);
    web.refused = 1100;
    web.open = 448;
    let shown = text(&drawn(&app(web), 100, 30));
    assert!(
        shown.contains("web · 3 connected · 448 open · 1,100 refused"),
        "{shown}"
    );
    // Nothing refused: nothing said.
    let shown = text(&drawn(&app(serving(3)), 100, 30));
    assert!(!shown.contains("refused"), "{shown}");
}

#[test]
fn every_link_scans_on_a_large_terminal() {
    let mut app = app(serving(1));
    app.ui.overlay = Some(Overlay::Links);
    let buf = drawn(&app, 160, 50);
    let mut want: Vec<String> = LINKS.iter().map(|(_, url)| (*url).to_owned()).collect();
    want.sort();
    assert_eq!(decode(&buf), want, "{}", text(&buf));
    let shown = text(&buf);
    for (what, url) in LINKS {
        assert!(shown.contains(&format!("{what}: {url}")), "{shown}");
    }
    assert!(shown.contains("web · 1 connected"));
}

#[test]
fn a_standard_terminal_shows_the_codes_that_fit_whole_and_says_so() {
    let mut app = app(serving(0));
    app.ui.overlay = Some(Overlay::Links);
    let buf = drawn(&app, 80, 24);
    let found = decode(&buf);
    let shown = text(&buf);
    assert!(!found.is_empty(), "no code scans at 80x24:\n{shown}");
    assert!(found.len() < 3);
    assert!(found.contains(&LINKS[0].1.to_owned()), "{found:?}");
    assert!(shown.contains("more QR code"), "{shown}");
    // Every link is still there as text.
    for (_, url) in LINKS {
        assert!(shown.contains(url), "{shown}");
    }
}

#[test]
fn with_a_floor_the_hall_page_is_a_fourth_link_that_fits_too() {
    let hall = (
        "Hall (speakers' list)",
        "http://192.168.100.200:7878/s/hznRZAQdRETb_MMJpr88Lg/list",
    );
    let mut web = serving(0);
    web.links.push((hall.0.to_owned(), hall.1.to_owned()));
    let mut app = app(web);
    app.ui.overlay = Some(Overlay::Links);
    let buf = drawn(&app, 80, 24);
    let shown = text(&buf);
    assert!(!decode(&buf).is_empty(), "no code scans at 80x24:\n{shown}");
    assert!(
        shown.contains("any key closes · 3 more QR codes at"),
        "the word on the codes shares the footer's row: {shown}"
    );
    for (what, url) in LINKS.iter().chain([&hall]) {
        assert!(shown.contains(&format!("{what}: {url}")), "{shown}");
    }
    let buf = drawn(&app, 200, 60);
    assert_eq!(decode(&buf).len(), 4, "{}", text(&buf));
}

#[test]
fn a_small_terminal_says_how_large_it_must_be() {
    let mut app = app(serving(0));
    app.ui.overlay = Some(Overlay::Links);
    for (w, h) in [(60, 20), (40, 12), (20, 6), (1, 1)] {
        let buf = drawn(&app, w, h);
        assert!(decode(&buf).is_empty(), "{w}x{h}");
    }
    let shown = text(&drawn(&app, 70, 20));
    assert!(shown.contains("Too small for the QR codes"), "{shown}");
}
