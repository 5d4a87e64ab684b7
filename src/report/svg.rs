//! The report as a picture: an SVG timeline on a time-of-day axis, drawn with
//! plotters' SVG backend.
//!
//! Each segment has a row: its title and speaker on the left, its planned
//! slot as a grey bar with the time the speaker was given (planned ± every
//! adjustment) outlined over it when the two differ, what really happened as
//! a bar below it (green while within the time given, vermillion past it,
//! light blue while paused), and its figures on the right, measured against
//! the time given as the console measured them. The scheduled end is a
//! vertical line.
//!
//! The picture is bounded whatever the journal: at most [`MAX_ROWS`] rows,
//! about ten ticks on an axis of any span, bars narrower than a pixel merged
//! with their neighbours, and no character XML forbids in its text.
//!
//! plotters is built without its `ttf` feature: the SVG backend writes
//! `<text>` elements that the browser sets in its own sans-serif font, so no
//! font library or font file is needed here. Plotters' own estimate of text
//! width is not used for the layout; names are cut to a width in columns.

use std::fmt::Write as _;

use chrono::FixedOffset;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Report, SegmentLine, SegmentState, Standing};
use crate::run::Mode;
use crate::text::lateness;
use crate::text::truncate;
use crate::time::{Time, at_second, hms};
use crate::time::{clock, minutes, signed};

const WIDTH: u32 = 1200;
/// Room for the titles and speakers, left of the timeline.
const LEFT: u32 = 330;
/// Room for each row's figures, right of the timeline.
const RIGHT: u32 = 180;
const TOP: u32 = 112;
const ROW: u32 = 48;
const AXIS: u32 = 34;
const FOOT_LINE: u32 = 20;

/// Okabe–Ito hues, as the console uses them.
const GREEN: RGBColor = RGBColor(0, 158, 115);
const VERMILLION: RGBColor = RGBColor(213, 94, 0);
const SKY: RGBColor = RGBColor(166, 212, 240);
const PLANNED: RGBColor = RGBColor(214, 214, 214);
const PLANNED_EDGE: RGBColor = RGBColor(130, 130, 130);
const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(96, 96, 96);
const BAND: RGBColor = RGBColor(245, 245, 245);
const GRID: RGBColor = RGBColor(225, 225, 225);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Failure = Box<dyn std::error::Error>;

/// A font of `px` pixels. plotters divides the size it is given by 1.24
/// when it writes `font-size`; this gives it back.
fn font(px: f64, color: RGBColor, bold: bool) -> TextStyle<'static> {
    let desc = FontDesc::new(
        FontFamily::SansSerif,
        px * 1.24,
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    );
    TextStyle {
        font: desc,
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Center),
    }
}

fn text(
    area: &Area<'_>,
    s: &str,
    at: (i32, i32),
    style: &TextStyle<'static>,
) -> Result<(), Failure> {
    // plotters escapes `<`, `>`, `&` and quotes; what XML does not allow at
    // all is for us to leave out.
    area.draw(&Text::new(xml_chars(s), at, style.clone()))
        .map_err(|e| e.to_string().into())
}

/// `s` with every character XML 1.0 forbids (C0 controls other than tab,
/// line feed and carriage return; U+FFFE and U+FFFF) replaced by U+FFFD.
fn xml_chars(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The stretches of time a segment was spoken (its start to its end, less
/// its pauses), split where the time it was given ran out: (from, to, past
/// the time given). The pauses are [`SegmentLine::pauses`], the core's own
/// record, the same the paused bars and the figures come from.
fn spoken_stretches(s: &SegmentLine) -> Vec<(i64, i64, bool)> {
    let (Some(start), Some(end)) = (s.actual_start, s.actual_end) else {
        return Vec::new();
    };
    let mut stretches = Vec::new();
    let mut from = start.timestamp();
    let mut spoken = 0;
    let mut cuts: Vec<(i64, i64)> = s
        .pauses
        .iter()
        .map(|(a, b)| (a.timestamp(), b.timestamp()))
        .collect();
    cuts.push((end.timestamp(), end.timestamp()));
    for (pause_from, pause_to) in cuts {
        let to = pause_from.max(from);
        let room = (s.given_seconds - spoken).max(0);
        if to - from > room {
            if room > 0 {
                stretches.push((from, from + room, false));
            }
            stretches.push((from + room, to, true));
        } else if to > from {
            stretches.push((from, to, false));
        }
        spoken += to - from;
        from = pause_to.max(to);
    }
    stretches
}

/// A tick step that gives at most ten labels over `span` seconds, however
/// long: whole days past a few hours.
fn tick_step(span: i64) -> i64 {
    const DAY: i64 = 24 * 3600;
    [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600]
        .into_iter()
        .find(|step| span / step <= 10)
        .unwrap_or_else(|| (span / DAY / 10 + 1) * DAY)
}

/// Most segment rows drawn: a session has a dozen; past this the picture
/// would only grow, and the other formats list every segment.
const MAX_ROWS: usize = 100;
/// Bars of one kind on a row past which those closer than a pixel are
/// merged: thousands of pauses in a segment draw as what can be seen.
const MAX_BARS: usize = 64;
/// The timeline's width in pixels.
const PLOT_WIDTH: i64 = (WIDTH - LEFT - RIGHT) as i64;

/// Bars (from, to) in seconds, kept within the axis and, when there are
/// more than [`MAX_BARS`], merged where the gap between two is less than a
/// pixel: there are then at most about as many as the timeline has pixels.
fn drawable(mut bars: Vec<(i64, i64)>, lo: i64, hi: i64) -> Vec<(i64, i64)> {
    for bar in &mut bars {
        *bar = (bar.0.clamp(lo, hi), bar.1.clamp(lo, hi));
    }
    if bars.len() <= MAX_BARS {
        return bars;
    }
    let pixel = ((hi - lo) / PLOT_WIDTH).max(1);
    bars.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (from, to) in bars {
        match merged.last_mut() {
            Some(last) if from - last.1 < pixel => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The axis: from the earliest start to the latest end, widened to whole
/// ticks of local time.
fn axis(report: &Report) -> (i64, i64, i64) {
    let mut times: Vec<i64> = vec![
        report.scheduled_start.timestamp(),
        report.scheduled_end.timestamp(),
        report.planned_end.timestamp(),
    ];
    for s in &report.segments {
        times.push(s.planned_start.timestamp() + s.planned_seconds.max(s.given_seconds));
        times.extend(s.actual_start.map(|t| t.timestamp()));
        times.extend(s.actual_end.map(|t| t.timestamp()));
    }
    times.extend(report.started.map(|t| t.timestamp()));
    times.extend(report.ended.map(|t| t.timestamp()));
    let first = times.iter().min().copied().unwrap_or(0);
    let last = times.iter().max().copied().unwrap_or(0).max(first + 60);
    let step = tick_step(last.saturating_sub(first));
    let offset = i64::from(report.as_of.offset().local_minus_utc());
    let lo = (first + offset).div_euclid(step) * step - offset;
    let hi = ((last + offset).div_euclid(step) + 1) * step - offset;
    (lo, hi, step)
}

/// The report as an SVG document.
pub fn render_svg(report: &Report) -> String {
    let mut out = String::new();
    if let Err(e) = draw(report, &mut out) {
        // Drawing into memory does not fail; were it ever to, say so in the
        // picture rather than hand back a broken file.
        out.clear();
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"40\"><text x=\"10\" y=\"24\">the timeline could not be drawn: {}</text></svg>",
            escape_xml(&xml_chars(&e.to_string()))
        );
    }
    out
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn footer_lines(report: &Report) -> Vec<String> {
    let t = &report.totals;
    let mut lines = Vec::new();
    let mut summary = format!(
        "Used {} of the {} budget",
        minutes(t.used_seconds),
        minutes(t.budget_seconds)
    );
    if let Some(started) = report.started {
        let _ = write!(summary, " · started {}", hms(started));
        if report.on_plan_clock {
            let _ = write!(summary, ", {}", lateness(t.start_late_seconds.unwrap_or(0)));
        }
    }
    match (report.state, report.ended) {
        (Standing::Finished, Some(ended)) => {
            let _ = write!(
                summary,
                " · ended {}, {}",
                hms(ended),
                lateness(t.late_seconds.unwrap_or(0))
            );
        }
        (Standing::EndedEarly, Some(ended)) => {
            let _ = write!(summary, " · ended early at {}", hms(ended));
        }
        (Standing::Unfinished, _) => {
            let _ = write!(
                summary,
                " · projected end {}, {}",
                hms(report.projected_end),
                lateness(t.late_seconds.unwrap_or(0))
            );
        }
        _ => {}
    }
    lines.push(summary);
    lines.push(
        "Over is against the time given (planned ± every adjustment), as the console counted it down."
            .to_owned(),
    );
    lines.extend(report.headline.iter().cloned());
    lines.extend(report.notes.iter().cloned());
    lines
}

/// The figures on a row's right, against the time given: "10:15 of 9:00
/// given" and "+1:15 over · paused 1:10".
fn figures(s: &SegmentLine) -> (String, String, RGBColor) {
    let given = if s.given_seconds == s.planned_seconds {
        clock(s.planned_seconds)
    } else {
        format!("{} given", clock(s.given_seconds))
    };
    match (s.status, s.actual_seconds) {
        (SegmentState::Done, Some(a)) => {
            let d = a - s.given_seconds;
            let mut second = if s.cut_short {
                "run ended here".to_owned()
            } else if s.over {
                format!("{} over", signed(d))
            } else {
                signed(d)
            };
            if s.paused_seconds > 0 {
                let _ = write!(second, " · paused {}", clock(s.paused_seconds));
            }
            let color = if s.over { VERMILLION } else { GREEN };
            (format!("{} of {given}", clock(a)), second, color)
        }
        (SegmentState::Running, Some(a)) => (
            format!("{} so far of {given}", clock(a)),
            if s.over { "running, over" } else { "running" }.to_owned(),
            if s.over { VERMILLION } else { INK },
        ),
        (SegmentState::Skipped, _) => (
            format!("planned {}", clock(s.planned_seconds)),
            "skipped".to_owned(),
            MUTED,
        ),
        _ => (format!("planned {given}"), "not started".to_owned(), MUTED),
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "one drawing pass: heading, rows, lines and footer in the order they are painted"
)]
fn draw(report: &Report, out: &mut String) -> Result<(), Failure> {
    let rows = &report.segments[..report.segments.len().min(MAX_ROWS)];
    let n = rows.len().max(1);
    let mut footer = footer_lines(report);
    if rows.len() < report.segments.len() {
        footer.insert(0, rows_left_out(rows.len(), report.segments.len()));
    }
    let height = TOP + ROW * n as u32 + AXIS + 14 + FOOT_LINE * footer.len() as u32;
    let offset: FixedOffset = *report.as_of.offset();
    let (lo, hi, step) = axis(report);
    {
        let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        draw_heading(&root, report)?;

        let mut chart = ChartBuilder::on(&root)
            .margin_top(TOP)
            .margin_left(LEFT)
            .margin_right(RIGHT)
            .margin_bottom(14 + FOOT_LINE * footer.len() as u32)
            .x_label_area_size(AXIS)
            .build_cartesian_2d((lo..hi + 1).step(step), 0f64..n as f64)?;

        // Alternate rows get a light band across the whole width.
        for i in (1..rows.len()).step_by(2) {
            let top = (n - i) as f64;
            let (_, y0) = chart.backend_coord(&(lo, top));
            let (_, y1) = chart.backend_coord(&(lo, top - 1.0));
            root.draw(&Rectangle::new(
                [(12, y0), (WIDTH as i32 - 12, y1)],
                BAND.filled(),
            ))?;
        }

        // Past a day, a time of day alone would repeat: the day goes with it.
        let label = if hi - lo > 24 * 3600 {
            "%-d %b %H:%M"
        } else {
            "%H:%M"
        };
        let hhmm = |x: &i64| at_second(*x, offset).format(label).to_string();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(((hi - lo) / step + 1) as usize)
            .x_label_formatter(&hhmm)
            .x_label_style(font(12.5, MUTED, false).pos(Pos::new(HPos::Center, VPos::Top)))
            .bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(PLANNED_EDGE.stroke_width(1))
            .draw()?;

        for (i, s) in rows.iter().enumerate() {
            let top = (n - i) as f64;
            let planned_from = s.planned_start.timestamp();
            let planned_to = planned_from + s.planned_seconds;
            chart.draw_series([
                Rectangle::new(
                    [(planned_from, top - 0.16), (planned_to, top - 0.42)],
                    PLANNED.filled(),
                ),
                Rectangle::new(
                    [(planned_from, top - 0.16), (planned_to, top - 0.42)],
                    PLANNED_EDGE.stroke_width(1),
                ),
            ])?;
            // The time given, outlined over the planned slot: the target
            // the console counted down.
            if s.given_seconds != s.planned_seconds && !s.no_show {
                chart.draw_series([Rectangle::new(
                    [
                        (planned_from, top - 0.12),
                        (planned_from + s.given_seconds, top - 0.46),
                    ],
                    INK.stroke_width(2),
                )])?;
            }
            let (y0, y1) = (top - 0.50, top - 0.84);
            let pauses = s.pauses.iter().map(|(a, b)| (a.timestamp(), b.timestamp()));
            chart.draw_series(
                drawable(pauses.collect(), lo, hi)
                    .into_iter()
                    .map(|(a, b)| Rectangle::new([(a, y0), (b, y1)], SKY.filled())),
            )?;
            let stretches = spoken_stretches(s);
            for (over, color) in [(false, GREEN), (true, VERMILLION)] {
                let bars = stretches
                    .iter()
                    .filter(|(_, _, o)| *o == over)
                    .map(|(a, b, _)| (*a, *b))
                    .collect();
                chart.draw_series(
                    drawable(bars, lo, hi)
                        .into_iter()
                        .map(|(a, b)| Rectangle::new([(a, y0), (b, y1)], color.filled())),
                )?;
            }
            // A floor's interventions as marks inside its bar: a tick at
            // each call, its points of order over the spoken time.
            if let Some(floor) = report.floor_of(s.index) {
                let (calls, orders) = super::floor::svg_marks(floor);
                chart.draw_series(
                    drawable(orders, lo, hi)
                        .into_iter()
                        .map(|(a, b)| Rectangle::new([(a, y0), (b, y1)], MUTED.filled())),
                )?;
                chart.draw_series(calls.into_iter().filter(|t| (lo..=hi).contains(t)).map(
                    |t| PathElement::new(vec![(t, y0 + 0.03), (t, y1 - 0.03)], INK.stroke_width(2)),
                ))?;
            }
            draw_labels(&root, chart.backend_coord(&(lo, top - 0.5)), s)?;
        }

        let (_, plot_top) = chart.backend_coord(&(lo, n as f64));
        let (_, plot_bottom) = chart.backend_coord(&(lo, 0.0));
        let x_of = |t: Time| chart.backend_coord(&(t.timestamp(), 0.0)).0;
        draw_markers(&root, report, x_of, (plot_top, plot_bottom))?;

        let mut y = (height - 14 - FOOT_LINE * footer.len() as u32) as i32 + 16;
        for line in &footer {
            text(&root, line, (24, y), &font(12.5, MUTED, false))?;
            y += FOOT_LINE as i32;
        }
        root.present()?;
    }
    Ok(())
}

/// The footer line that says which rows were left out of the picture.
fn rows_left_out(drawn: usize, all: usize) -> String {
    format!(
        "The first {drawn} segments are drawn; {} more are listed in the Markdown, CSV and JSON reports.",
        all - drawn
    )
}

/// The scheduled end as a vertical line, and for an unfinished run the
/// instant its figures are as of; `x_of` places an instant on the
/// timeline, between the plot's top and bottom.
fn draw_markers(
    root: &Area<'_>,
    report: &Report,
    x_of: impl Fn(Time) -> i32,
    (plot_top, plot_bottom): (i32, i32),
) -> Result<(), Failure> {
    let end_line = x_of(report.scheduled_end);
    root.draw(&PathElement::new(
        [(end_line, plot_top - 6), (end_line, plot_bottom)],
        INK.stroke_width(2),
    ))?;
    text(
        root,
        &format!("scheduled end {}", hms(report.scheduled_end)),
        (end_line + 4, plot_top - 10),
        &font(12.0, INK, false),
    )?;
    if report.state == Standing::Unfinished {
        let x = x_of(report.as_of);
        root.draw(&PathElement::new(
            [(x, plot_top), (x, plot_bottom)],
            MUTED.stroke_width(1),
        ))?;
        text(
            root,
            &format!("as of {}", hms(report.as_of)),
            (x - 4, plot_top + 8),
            &font(12.0, MUTED, false).pos(Pos::new(HPos::Right, VPos::Center)),
        )?;
    }
    Ok(())
}

fn draw_heading(root: &Area<'_>, report: &Report) -> Result<(), Failure> {
    text(
        root,
        &truncate(&report.title, 90),
        (24, 30),
        &font(22.0, INK, true),
    )?;
    let mut subtitle = format!(
        "{} · {}",
        match report.mode {
            Mode::Live => "Live run",
            Mode::Rehearsal => "Rehearsal",
        },
        report.day().format("%A %-d %B %Y")
    );
    if let Some(location) = &report.location {
        let _ = write!(subtitle, " · {location}");
    }
    subtitle.push_str(" · planned against actual");
    text(
        root,
        &truncate(&subtitle, 140),
        (24, 56),
        &font(14.0, MUTED, false),
    )?;

    // Legend.
    let y = 86;
    let mut x = 24;
    let swatch = |x: i32, fill: RGBColor, edge: Option<RGBColor>| -> Result<(), Failure> {
        root.draw(&Rectangle::new(
            [(x, y - 7), (x + 22, y + 7)],
            fill.filled(),
        ))?;
        if let Some(edge) = edge {
            root.draw(&Rectangle::new(
                [(x, y - 7), (x + 22, y + 7)],
                edge.stroke_width(1),
            ))?;
        }
        Ok(())
    };
    for (fill, edge, label, width) in [
        (PLANNED, Some(PLANNED_EDGE), "planned", 100),
        (WHITE, Some(INK), "time given", 120),
        (GREEN, None, "within the time given", 190),
        (VERMILLION, None, "past the time given", 180),
        (SKY, None, "paused", 90),
    ] {
        swatch(x, fill, edge)?;
        text(root, label, (x + 30, y), &font(12.5, INK, false))?;
        x += width;
    }
    root.draw(&PathElement::new(
        [(x + 11, y - 9), (x + 11, y + 9)],
        INK.stroke_width(2),
    ))?;
    text(
        root,
        "scheduled end (start + budget)",
        (x + 30, y),
        &font(12.5, INK, false),
    )?;
    Ok(())
}

fn draw_labels(root: &Area<'_>, centre: (i32, i32), s: &SegmentLine) -> Result<(), Failure> {
    let y = centre.1;
    let title = truncate(&format!("{}. {}", s.index, s.title), 36);
    text(root, &title, (24, y - 9), &font(14.0, INK, true))?;
    if let Some(speaker) = &s.speaker {
        text(
            root,
            &truncate(speaker, 44),
            (42, y + 10),
            &font(12.5, MUTED, false),
        )?;
    }
    let x = (WIDTH - RIGHT) as i32 + 14;
    let (first, second, color) = figures(s);
    text(root, &first, (x, y - 9), &font(12.5, INK, false))?;
    text(
        root,
        &second,
        (x, y + 10),
        &font(12.5, color, s.status == SegmentState::Done),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;
    use crate::journal::testing::journal_of;
    use crate::run::Action;

    fn report_of(actions: &[(i64, Action)]) -> Report {
        let dir = tempfile::tempdir().unwrap();
        let path = journal_of(dir.path(), 0, actions);
        Report::from_journal(&Journal::read(&path).unwrap())
    }

    #[test]
    fn an_axis_of_any_span_has_about_ten_ticks() {
        for span in [
            60,
            3600,
            86_400,
            7 * 86_400,
            400 * 86_400,
            4_000 * 366 * 86_400,
        ] {
            let step = tick_step(span);
            assert!(span / step <= 10, "{span} s in steps of {step}");
        }
    }

    #[test]
    fn an_absurd_span_still_draws_a_small_picture() {
        let mut report = report_of(&[(1, Action::Start), (50, Action::Next)]);
        let usual = render_svg(&report).len();
        // What a flipped bit in a year would give, were the reader to let
        // it through: a run four thousand years long.
        for end in ["2027-11-27T10:00:00+01:00", "6026-11-27T10:00:00+01:00"] {
            report.segments[1].actual_end =
                Some(chrono::DateTime::parse_from_rfc3339(end).unwrap());
            report.segments[1].actual_seconds = Some(60);
            let svg = render_svg(&report);
            assert!(
                svg.len() < usual + 4_000,
                "{end}: {} bytes, against {usual}",
                svg.len()
            );
            roxmltree::Document::parse(&svg).unwrap();
        }
    }

    #[test]
    fn thousands_of_pauses_draw_as_a_bounded_picture() {
        let mut actions = vec![(1, Action::Start)];
        for i in 0..3_000 {
            actions.push((2 + 2 * i, Action::Pause));
            actions.push((3 + 2 * i, Action::Resume));
        }
        let svg = render_svg(&report_of(&actions));
        assert!(svg.len() < 30_000, "{} bytes", svg.len());
        roxmltree::Document::parse(&svg).unwrap();
    }

    #[test]
    fn a_plan_of_thousands_of_segments_draws_its_first_hundred() {
        let mut report = report_of(&[(1, Action::Start)]);
        let row = report.segments[0].clone();
        report.segments = (0..5_000)
            .map(|i| SegmentLine {
                index: i + 1,
                ..row.clone()
            })
            .collect();
        let svg = render_svg(&report);
        assert!(svg.contains("The first 100 segments are drawn; 4900 more are listed"));
        assert!(!svg.contains("101. A"), "row 101 is not drawn");
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
    }
}
