//! What opens over the console: the key help, the quit question and the
//! web links with their QR codes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::console::app::WebStatus;
use crate::console::keys::KEYS;
use crate::screens::theme;
use crate::screens::widgets::popup;
use crate::text;
use crate::text::truncate;
use crate::web::qr::Qr;

pub(super) fn render_help(area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = KEYS
        .iter()
        .map(|row| {
            let keys = row.keys();
            let pad = 14usize.saturating_sub(text::width(&keys));
            Line::from(vec![
                Span::styled(format!("{:pad$}{keys}  ", ""), theme::BOLD),
                Span::raw(row.what()),
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
        .style(theme::BADGE)
        .render(row, buf);
        return;
    }
    let lines = vec![
        Line::from(Span::styled("Close the console?", theme::BOLD)),
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
pub(super) fn render_links(web: Option<&WebStatus>, area: Rect, buf: &mut Buffer) {
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
            theme::BADGE,
        )));
    }
    for (what, address) in &web.links {
        lines.push(Line::from(vec![
            Span::styled(format!("{what}: "), theme::BOLD),
            Span::raw(address.clone()),
        ]));
    }
    let footer = format!("web · {} connected · any key closes", web.connected);
    let text_rows = |lines: &[Line]| -> u16 {
        lines
            .iter()
            .map(|l| (l.width() as u16).div_ceil(area.width.max(1)).max(1))
            .sum::<u16>()
    };
    // The word on the codes that did not fit goes after the footer when
    // the row has room for both (a row more for the codes: with four links
    // one still fits at 80x24), else on a row of its own.
    let links_h = text_rows(&lines) + 1;
    let (rows, note) = [0, 1]
        .into_iter()
        .find_map(|own_row| {
            let room_h = area.height.saturating_sub(links_h + own_row);
            let rows = layout_codes(&codes, area.width, room_h);
            let shown: usize = rows.iter().map(|r| r.2.len()).sum();
            let note = (!codes.is_empty() && shown < codes.len())
                .then(|| missing_codes(&codes, shown, links_h));
            let fits = match &note {
                None => true,
                Some(_) if own_row == 1 => true,
                Some(n) => text::width(&footer) + 3 + text::width(n) <= usize::from(area.width),
            };
            fits.then_some((rows, note))
        })
        .unwrap_or_default();
    match note {
        Some(note) if text::width(&footer) + 3 + text::width(&note) <= usize::from(area.width) => {
            lines.push(Line::from(vec![
                Span::raw(format!("{footer} · ")),
                Span::styled(note, theme::DIM),
            ]));
        }
        Some(note) => {
            lines.push(Line::raw(footer));
            lines.push(Line::from(Span::styled(note, theme::DIM)));
        }
        None => lines.push(Line::raw(footer)),
    }
    let room_h = area.height.saturating_sub(text_rows(&lines));
    let text_h = text_rows(&lines).min(area.height);
    let text_area = Rect {
        y: area.bottom() - text_h,
        height: text_h,
        ..area
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(text_area, buf);
    let total_h: u16 = rows.iter().map(|r| r.1).sum();
    let mut y = area.y + room_h.saturating_sub(total_h) / 2;
    for (row_w, row_h, members) in &rows {
        let mut x = area.x + (area.width - row_w) / 2;
        for &n in members {
            let (what, qr) = &codes[n];
            let (w, _) = qr.cells();
            Line::from(truncate(what, w as usize))
                .alignment(Alignment::Center)
                .style(theme::BOLD)
                .render(Rect::new(x, y, w, 1), buf);
            render_qr(qr, x, y + 1, buf);
            x += w + 2;
        }
        y += row_h;
    }
}

/// What is said of the codes that did not fit (`shown` of them did): the
/// size at which all would, `text_h` the rows of text under them.
fn missing_codes(codes: &[(&str, Qr)], shown: usize, text_h: u16) -> String {
    let (all_w, all_h) = codes.iter().fold((0u16, 0u16), |(w, h), (_, qr)| {
        let (cw, ch) = qr.cells();
        (w + cw + 2, h.max(ch + 1))
    });
    let need_w = all_w - 2;
    let need_h = all_h + text_h;
    if shown == 0 {
        format!("Too small for the QR codes: enlarge the terminal to {need_w}x{need_h}")
    } else {
        let missing = codes.len() - shown;
        format!(
            "{missing} more QR code{} at {need_w}x{need_h} or larger",
            if missing == 1 { "" } else { "s" }
        )
    }
}

/// The codes in order, each with its name above it, two columns apart,
/// in as many rows as `room_h` holds; the first that does not fit whole
/// ends them. Each row: its width, its height and the codes in it.
fn layout_codes(codes: &[(&str, Qr)], width: u16, room_h: u16) -> Vec<(u16, u16, Vec<usize>)> {
    let mut rows: Vec<(u16, u16, Vec<usize>)> = Vec::new();
    for (n, (_, qr)) in codes.iter().enumerate() {
        let (w, h) = qr.cells();
        let (block_w, block_h) = (w, h + 1);
        let used_h: u16 = rows.iter().map(|r| r.1).sum();
        let fits_row = rows.last().is_some_and(|r| {
            r.0 + 2 + block_w <= width && used_h - r.1 + r.1.max(block_h) <= room_h
        });
        if fits_row {
            let row = rows.last_mut().expect("a row");
            row.0 += 2 + block_w;
            row.1 = row.1.max(block_h);
            row.2.push(n);
        } else if block_w <= width && used_h + block_h <= room_h {
            rows.push((block_w, block_h, vec![n]));
        } else {
            break;
        }
    }
    rows
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
