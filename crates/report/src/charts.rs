//! The charts, drawn with plotters: each once as SVG (inlined in the report and written as a
//! file) and once as a PNG at twice the size, from the same drawing code.
//!
//! Text is measured and rasterised with the embedded DejaVu Sans (ab_glyph), so charts look the
//! same on every machine and need no system font. Colours are the Okabe–Ito palette, readable
//! with the common colour-vision deficiencies; a course of action keeps its colour (by its
//! position in the scenario) and its line style in every chart.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format;

/// One chart: its file stem under `charts/`, its title, and both renderings.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File stem under `charts/` (e.g. `fan-isolate`).
    pub name: String,
    pub title: String,
    /// The SVG document (logical pixels).
    pub svg: String,
    /// The PNG image, at [`PNG_SCALE`] times the SVG's size.
    pub png: Vec<u8>,
}

/// PNG pixels per SVG pixel: sharp enough for a printed brief.
pub const PNG_SCALE: u32 = 2;

/// The Okabe–Ito palette (Okabe & Ito 2008), in the order courses of action take it; yellow
/// last, since it is faint on white.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];

/// The colour of the course of action at `index` in the scenario.
pub fn coa_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// The colour as CSS `#rrggbb`.
pub fn coa_hex(index: usize) -> String {
    let RGBColor(r, g, b) = coa_colour(index);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Dash and gap lengths (logical pixels) of the line style of the course at `index`; `None`
/// is solid. A second cue besides colour, for greyscale print.
pub fn coa_dash(index: usize) -> Option<(f64, f64)> {
    const DASHES: [Option<(f64, f64)>; 6] = [
        None,
        Some((9.0, 4.0)),
        Some((2.5, 3.0)),
        Some((16.0, 5.0)),
        Some((5.0, 3.0)),
        Some((12.0, 3.0)),
    ];
    DASHES[(index / PALETTE.len() + index) % DASHES.len()]
}

/// The SVG `stroke-dasharray` of [`coa_dash`] (for the HTML legend swatches).
pub fn coa_dasharray(index: usize) -> String {
    coa_dash(index).map_or("none".to_string(), |(d, g)| format!("{d} {g}"))
}

const TEXT: RGBColor = RGBColor(34, 34, 34);
const MUTED: RGBColor = RGBColor(110, 110, 110);
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(120, 120, 120);
const LINK: RGBColor = RGBColor(51, 51, 51);
const SEVERED: RGBColor = RGBColor(170, 170, 170);
const BAR: RGBColor = RGBColor(85, 85, 85);

/// Plotters divides a font's size by this when it writes it.
const FONT_FIX: f64 = 1.24;

/// The logical width of every chart (pixels): drawn at this size on a page 800 pixels wide,
/// so that its text is never smaller than [`MIN_TEXT`].
pub const WIDTH: u32 = 760;

/// The smallest text in a chart (pixels at the logical size): tick labels, legends, notes.
pub const MIN_TEXT: f64 = 12.0;

/// The height of the header [`render`] draws above every figure: its title and its mode.
const HEADER: u32 = 46;

/// Something drawable at any scale: `k` multiplies every length and font size.
pub(crate) trait Figure {
    /// Logical size in pixels (the SVG's).
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw;
}

pub(crate) type Draw = Result<(), String>;

/// Lengths and fonts at a drawing scale.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scale(pub f64);

impl Scale {
    pub fn i(self, x: f64) -> i32 {
        (x * self.0).round() as i32
    }
    pub fn u(self, x: f64) -> u32 {
        (x * self.0).round().max(0.0) as u32
    }
    /// Text of `size` pixels (plotters writes its font size divided by 1.24; this undoes it,
    /// so that sizes here are the pixel sizes a reader sees).
    pub fn font(self, size: f64) -> TextStyle<'static> {
        ("sans-serif", size * FONT_FIX * self.0)
            .into_font()
            .color(&TEXT)
    }
    pub fn muted(self, size: f64) -> TextStyle<'static> {
        ("sans-serif", size * FONT_FIX * self.0)
            .into_font()
            .color(&MUTED)
    }
}

/// Turns plotters' errors into messages.
trait Ctx<T> {
    fn ctx(self) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> Ctx<T> for Result<T, E> {
    fn ctx(self) -> Result<T, String> {
        self.map_err(|e| e.to_string())
    }
}

/// Registers the embedded font with plotters (once per process).
fn ensure_font() -> Result<(), String> {
    static FONT: OnceLock<Result<(), String>> = OnceLock::new();
    FONT.get_or_init(|| {
        static DEJAVU_SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
        plotters::style::register_font("sans-serif", FontStyle::Normal, DEJAVU_SANS)
            .map_err(|_| "the embedded font DejaVu Sans could not be read".to_string())
    })
    .clone()
}

/// Draws a figure as SVG and as PNG, under a header with its title and the mode its data come
/// from (e.g. "stochastic: 1,000 replications per course" or "mean-field: one run per course"),
/// so that a chart pasted alone into a brief still says what it shows.
pub(crate) fn render(
    name: &str,
    title: &str,
    mode: &str,
    figure: &impl Figure,
) -> Result<Chart, String> {
    ensure_font()?;
    let (w, h) = figure.size();
    let h = h + HEADER;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).ctx()?;
        draw_with_header(&root, Scale(1.0), title, mode, figure)?;
        root.present().ctx()?;
    }
    let (pw, ph) = (w * PNG_SCALE, h * PNG_SCALE);
    let mut pixels = vec![0u8; pw as usize * ph as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (pw, ph)).into_drawing_area();
        root.fill(&WHITE).ctx()?;
        draw_with_header(&root, Scale(f64::from(PNG_SCALE)), title, mode, figure)?;
        root.present().ctx()?;
    }
    Ok(Chart {
        name: name.to_string(),
        title: title.to_string(),
        svg,
        png: encode_png(&pixels, pw, ph)?,
    })
}

fn draw_with_header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    k: Scale,
    title: &str,
    mode: &str,
    figure: &impl Figure,
) -> Draw {
    let (header, body) = root.split_vertically(k.u(f64::from(HEADER)));
    header
        .draw(&Text::new(
            title.to_string(),
            (k.i(12.0), k.i(6.0)),
            k.font(15.0),
        ))
        .ctx()?;
    header
        .draw(&Text::new(
            mode.to_string(),
            (k.i(12.0), k.i(26.0)),
            k.muted(MIN_TEXT),
        ))
        .ctx()?;
    figure.draw(&body, k)
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().ctx()?;
    writer.write_image_data(rgb).ctx()?;
    writer.finish().ctx()?;
    Ok(out)
}

type XY<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The y axis of a chart, for [`mesh`].
enum YAxis<'f> {
    /// Numbers, described and formatted.
    Numbers(&'f str, &'f dyn Fn(&f64) -> String),
    /// Categories (courses of action, regions, parameters) that the chart labels itself: no
    /// y labels and no horizontal grid lines.
    Categories,
}

/// Axes, grid and labels of every chart: a numeric x axis (labelled by `x_format`, or by
/// plotters' default) and a y axis of numbers or of categories.
fn mesh<'a, DB: DrawingBackend + 'a>(
    chart: &mut XY<'a, DB>,
    k: Scale,
    x_desc: &str,
    x_format: Option<&dyn Fn(&f64) -> String>,
    y: YAxis<'_>,
) -> Draw {
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_desc)
        .label_style(k.font(MIN_TEXT))
        .axis_desc_style(k.font(MIN_TEXT + 0.5))
        .bold_line_style(GRID.stroke_width(k.u(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(k.u(1.0)));
    if let Some(x_format) = x_format {
        mesh.x_label_formatter(x_format);
    }
    match y {
        YAxis::Numbers(y_desc, y_format) => {
            mesh.y_desc(y_desc)
                .x_labels(8)
                .y_labels(6)
                .y_label_formatter(y_format)
                .set_all_tick_mark_size(k.i(4.0));
        }
        YAxis::Categories => {
            mesh.x_labels(6).y_labels(0).disable_y_mesh();
        }
    }
    mesh.draw().ctx()
}

/// The tick labels of an axis whose largest value is `max`, all in one unit.
fn ticks(max: f64) -> impl Fn(&f64) -> String {
    move |v: &f64| format::axis_scaled(*v, max)
}

/// A line in a course's style; labelled for the legend when `label` is given.
fn coa_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut XY<'a, DB>,
    k: Scale,
    points: Vec<(f64, f64)>,
    index: usize,
    width: f64,
    label: Option<&str>,
) -> Draw {
    let style = coa_colour(index).stroke_width(k.u(width).max(1));
    let legend_len = k.i(22.0);
    match coa_dash(index) {
        None => {
            let anno = chart.draw_series(LineSeries::new(points, style)).ctx()?;
            if let Some(label) = label {
                anno.label(label).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + legend_len, y)], style)
                });
            }
        }
        Some((dash, gap)) => {
            let (dash, gap) = (k.i(dash).max(1), k.i(gap).max(1));
            let anno = chart
                .draw_series(DashedLineSeries::new(points, dash, gap, style))
                .ctx()?;
            if let Some(label) = label {
                anno.label(label).legend(move |(x, y)| {
                    DashedPathElement::new(vec![(x, y), (x + legend_len, y)], dash, gap, style)
                });
            }
        }
    }
    Ok(())
}

fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut XY<'a, DB>,
    k: Scale,
    at: SeriesLabelPosition,
) -> Draw {
    chart
        .configure_series_labels()
        .position(at)
        .margin(k.i(8.0))
        .legend_area_size(k.i(28.0))
        .label_font(k.font(MIN_TEXT))
        .background_style(WHITE.mix(0.88))
        .border_style(GRID.stroke_width(k.u(1.0)))
        .draw()
        .ctx()
}

/// A band between two quantile series, as a filled polygon.
fn band_polygon(
    rows: &[crate::results::BandRow],
    lo: usize,
    hi: usize,
    colour: RGBColor,
    alpha: f64,
) -> Polygon<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = rows.iter().map(|r| (r.day, r.q[hi])).collect();
    points.extend(rows.iter().rev().map(|r| (r.day, r.q[lo])));
    Polygon::new(points, colour.mix(alpha).filled())
}

/// A backend pixel (what `backend_coord` gives) as a position in `area`.
fn in_area<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, (x, y): (i32, i32)) -> (i32, i32) {
    let (x0, y0) = area.get_base_pixel();
    (x - x0, y - y0)
}

fn finite_max(values: impl Iterator<Item = f64>) -> f64 {
    values.filter(|v| v.is_finite()).fold(0.0, f64::max)
}

/// A y range from 0 with a little headroom (1 when everything is 0).
fn y_top(max: f64) -> f64 {
    if max > 0.0 { max * 1.08 } else { 1.0 }
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

// ---------------------------------------------------------------------------------------------
// Adversary strength over time.

/// One course's band of a variable over time.
pub(crate) struct CoaBand<'a> {
    pub id: &'a str,
    pub index: usize,
    pub rows: &'a [crate::results::BandRow],
}

/// Total fighters over time, every course of action on one chart: median and 50% band.
pub(crate) struct StrengthTotal<'a> {
    pub coas: Vec<CoaBand<'a>>,
    pub horizon: f64,
}

impl Figure for StrengthTotal<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 380)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let y_max = y_top(finite_max(
            self.coas.iter().flat_map(|c| c.rows.iter().map(|r| r.q[3])),
        ));
        let mut chart = ChartBuilder::on(root)
            .margin(k.u(10.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(58.0))
            .build_cartesian_2d(0.0..self.horizon, 0.0..y_max)
            .ctx()?;
        mesh(
            &mut chart,
            k,
            "day of the campaign",
            Some(&ticks(self.horizon)),
            YAxis::Numbers(
                "fighters in the regions (median, middle 50%)",
                &ticks(y_max),
            ),
        )?;
        for c in &self.coas {
            chart
                .draw_series(std::iter::once(band_polygon(
                    c.rows,
                    1,
                    3,
                    coa_colour(c.index),
                    0.16,
                )))
                .ctx()?;
        }
        for c in &self.coas {
            let points = c.rows.iter().map(|r| (r.day, r.q[2])).collect();
            coa_line(&mut chart, k, points, c.index, 2.2, Some(c.id))?;
        }
        legend(&mut chart, k, SeriesLabelPosition::UpperRight)
    }
}

/// One course's fan chart per region: median, 50% and 90% bands of fighters.
pub(crate) struct Fans<'a> {
    pub index: usize,
    /// (panel title, rows).
    pub panels: Vec<(String, &'a [crate::results::BandRow])>,
    pub horizon: f64,
}

impl Fans<'_> {
    fn columns(&self) -> usize {
        2
    }
}

impl Figure for Fans<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = self.panels.len().div_ceil(self.columns()).max(1);
        (WIDTH, 34 + 230 * rows as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let colour = coa_colour(self.index);
        let (header, body) = root.split_vertically(k.u(34.0));
        // Key of every panel: median line, 50% band, 90% band.
        let y = k.i(14.0);
        let mut x = k.i(12.0);
        header
            .draw(&PathElement::new(
                vec![(x, y), (x + k.i(24.0), y)],
                colour.stroke_width(k.u(2.2)),
            ))
            .ctx()?;
        x += k.i(30.0);
        header
            .draw(&Text::new(
                "median",
                (x, y),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .ctx()?;
        x += k.i(70.0);
        for (label, alpha) in [
            ("middle 50% of replications", 0.40),
            ("middle 90% of replications", 0.14),
        ] {
            header
                .draw(&Rectangle::new(
                    [(x, y - k.i(6.0)), (x + k.i(24.0), y + k.i(6.0))],
                    colour.mix(alpha).filled(),
                ))
                .ctx()?;
            x += k.i(30.0);
            header
                .draw(&Text::new(
                    label,
                    (x, y),
                    k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .ctx()?;
            x += k.i(200.0);
        }
        let columns = self.columns();
        let rows = self.panels.len().div_ceil(columns).max(1);
        let areas = body.split_evenly((rows, columns));
        for ((title, band), area) in self.panels.iter().zip(&areas) {
            let y_max = y_top(finite_max(band.iter().map(|r| r.q[4])));
            let mut chart = ChartBuilder::on(area)
                .margin(k.u(8.0))
                .caption(truncate(title, 40), k.font(13.0))
                .x_label_area_size(k.u(34.0))
                .y_label_area_size(k.u(62.0))
                .build_cartesian_2d(0.0..self.horizon, 0.0..y_max)
                .ctx()?;
            mesh(
                &mut chart,
                k,
                "day",
                Some(&ticks(self.horizon)),
                YAxis::Numbers("fighters", &ticks(y_max)),
            )?;
            chart
                .draw_series(std::iter::once(band_polygon(band, 0, 4, colour, 0.14)))
                .ctx()?;
            chart
                .draw_series(std::iter::once(band_polygon(band, 1, 3, colour, 0.30)))
                .ctx()?;
            chart
                .draw_series(LineSeries::new(
                    band.iter().map(|r| (r.day, r.q[2])),
                    colour.stroke_width(k.u(2.2)),
                ))
                .ctx()?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Escape from the core.

/// Per course: the distribution of fighters escaped from the core, and where they went.
pub(crate) struct Escape<'a> {
    /// (id, colour index, quantiles 5/25/50/75/95, mean, 95% interval of the mean).
    pub coas: Vec<EscapeRow<'a>>,
    /// Destination region ids (every region but the core).
    pub destinations: Vec<&'a str>,
    /// Per course: arrivals from the core per destination (same order), or None.
    pub arrivals: Vec<Option<Vec<f64>>>,
}

pub(crate) struct EscapeRow<'a> {
    pub id: &'a str,
    pub index: usize,
    pub q: [f64; 5],
    pub mean: f64,
    pub ci: (f64, f64),
}

impl Figure for Escape<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.coas.len().max(1) as u32;
        let left = 40 * n;
        let right = (12 * n + 18) * self.destinations.len().max(1) as u32;
        (
            WIDTH,
            110 + left.max(right).max(92) + self.key_height(1.0) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let key_height = self.key_height(k.0).round() as i32;
        let (main, key) = root.split_vertically(root.dim_in_pixel().1 as i32 - key_height);
        let (left, right) = main.split_horizontally(main.dim_in_pixel().0 as i32 / 2);
        self.draw_distribution(root, &left, k)?;
        self.draw_destinations(root, &right, k)?;
        let style = k.muted(MIN_TEXT);
        key.draw(&Text::new(
            "Left: box 25–75%, whiskers 5–95% of replications, bar = median, ○ = mean and its 95% CI.",
            (k.i(12.0), k.i(4.0)),
            style.clone(),
        ))
        .ctx()?;
        key.draw(&Text::new(
            "Right: fighters who left the core and arrived in each region by the horizon, per course:",
            (k.i(12.0), k.i(22.0)),
            style,
        ))
        .ctx()?;
        // The legend of the right panel: each course's marker.
        let (w, _) = key.dim_in_pixel();
        let (mut x, mut y) = (k.i(20.0), k.i(50.0));
        for c in &self.coas {
            let label = truncate(c.id, 15);
            let step = k.i(LEGEND_ITEM);
            if x + step > w as i32 {
                x = k.i(20.0);
                y += k.i(LEGEND_ROW);
            }
            marker_px(&key, k, (x, y), c.index)?;
            key.draw(&Text::new(
                label,
                (x + k.i(12.0), y),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .ctx()?;
            x += step;
        }
        Ok(())
    }
}

/// The height of a legend row, and the width of one of its items (pixels).
const LEGEND_ROW: f64 = 22.0;
const LEGEND_ITEM: f64 = 150.0;

impl Escape<'_> {
    /// The key under the panels: two notes and the legend of the right panel.
    fn key_height(&self, k: f64) -> f64 {
        let per_row = ((f64::from(WIDTH) - 20.0) / LEGEND_ITEM).floor().max(1.0) as usize;
        let rows = self.coas.len().div_ceil(per_row).max(1);
        k * (50.0 + LEGEND_ROW * rows as f64)
    }

    fn draw_distribution<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        k: Scale,
    ) -> Draw {
        let n = self.coas.len();
        let x_max = finite_max(self.coas.iter().map(|c| c.q[4].max(c.ci.1)));
        let mut chart = ChartBuilder::on(area)
            .margin(k.u(10.0))
            .caption("Escaped, per replication", k.font(13.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(112.0))
            .build_cartesian_2d(0.0..y_top(x_max), -0.5..n as f64 - 0.5)
            .ctx()?;
        mesh(
            &mut chart,
            k,
            "fighters escaped from the core",
            Some(&ticks(y_top(x_max))),
            YAxis::Categories,
        )?;
        for (i, c) in self.coas.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let colour = coa_colour(c.index);
            let h = 0.22;
            if c.q.iter().all(|v| v.is_finite()) {
                chart
                    .draw_series([
                        PathElement::new(
                            vec![(c.q[0], y), (c.q[4], y)],
                            colour.stroke_width(k.u(1.5)),
                        ),
                        PathElement::new(
                            vec![(c.q[0], y - h / 2.0), (c.q[0], y + h / 2.0)],
                            colour.stroke_width(k.u(1.5)),
                        ),
                        PathElement::new(
                            vec![(c.q[4], y - h / 2.0), (c.q[4], y + h / 2.0)],
                            colour.stroke_width(k.u(1.5)),
                        ),
                    ])
                    .ctx()?;
                chart
                    .draw_series([
                        Rectangle::new(
                            [(c.q[1], y - h), (c.q[3], y + h)],
                            colour.mix(0.35).filled(),
                        ),
                        Rectangle::new(
                            [(c.q[1], y - h), (c.q[3], y + h)],
                            colour.stroke_width(k.u(1.2)),
                        ),
                    ])
                    .ctx()?;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(c.q[2], y - h), (c.q[2], y + h)],
                        TEXT.stroke_width(k.u(2.5)),
                    )))
                    .ctx()?;
            }
            if c.mean.is_finite() {
                if c.ci.0.is_finite() {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(c.ci.0, y + h + 0.12), (c.ci.1, y + h + 0.12)],
                            TEXT.stroke_width(k.u(2.0)),
                        )))
                        .ctx()?;
                }
                chart
                    .draw_series([
                        Circle::new((c.mean, y + h + 0.12), k.i(4.0), WHITE.filled()),
                        Circle::new(
                            (c.mean, y + h + 0.12),
                            k.i(4.0),
                            TEXT.stroke_width(k.u(1.5)),
                        ),
                    ])
                    .ctx()?;
            }
            let (px, py) = in_area(root, chart.backend_coord(&(0.0, y)));
            root.draw(&Text::new(
                truncate(c.id, 15),
                (px - k.i(8.0), py),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .ctx()?;
        }
        Ok(())
    }

    fn draw_destinations<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        k: Scale,
    ) -> Draw {
        let m = self.destinations.len();
        let x_max = finite_max(self.arrivals.iter().flatten().flatten().copied());
        let mut chart = ChartBuilder::on(area)
            .margin(k.u(10.0))
            .caption("Where they went", k.font(13.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(112.0))
            .build_cartesian_2d(0.0..y_top(x_max), -0.5..m.max(1) as f64 - 0.5)
            .ctx()?;
        mesh(
            &mut chart,
            k,
            "fighters arrived from the core",
            Some(&ticks(y_top(x_max))),
            YAxis::Categories,
        )?;
        let n = self.coas.len();
        for (r, region) in self.destinations.iter().enumerate() {
            let y = (m - 1 - r) as f64;
            let (px, py) = in_area(root, chart.backend_coord(&(0.0, y)));
            root.draw(&Text::new(
                truncate(region, 15),
                (px - k.i(8.0), py),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .ctx()?;
            for (i, c) in self.coas.iter().enumerate() {
                let Some(Some(values)) = self.arrivals.get(i) else {
                    continue;
                };
                let x = values[r];
                if !x.is_finite() {
                    continue;
                }
                let offset = if n > 1 {
                    (i as f64 - (n - 1) as f64 / 2.0) * (0.7 / (n - 1) as f64)
                } else {
                    0.0
                };
                let yy = y - offset;
                let colour = coa_colour(c.index);
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(0.0, yy), (x, yy)],
                        colour.mix(0.6).stroke_width(k.u(1.5)),
                    )))
                    .ctx()?;
                marker(&mut chart, k, (x, yy), c.index)?;
            }
        }
        Ok(())
    }
}

/// A marker whose shape also tells the course of action (circle, square, triangle, diamond).
fn marker<'a, DB: DrawingBackend + 'a>(
    chart: &mut XY<'a, DB>,
    k: Scale,
    at: (f64, f64),
    index: usize,
) -> Draw {
    let style = coa_colour(index).filled();
    let s = k.i(5.0);
    let t = k.i(1.5);
    let drawn = match index % 4 {
        0 => chart.draw_series(std::iter::once(
            EmptyElement::at(at) + Circle::new((0, 0), s, style),
        )),
        1 => chart.draw_series(std::iter::once(
            EmptyElement::at(at) + Rectangle::new([(-s, -s), (s, s)], style),
        )),
        2 => chart.draw_series(std::iter::once(
            EmptyElement::at(at) + Polygon::new(vec![(0, -s - t), (s + t, s), (-s - t, s)], style),
        )),
        _ => chart.draw_series(std::iter::once(
            EmptyElement::at(at)
                + Polygon::new(
                    vec![(0, -s - t), (s + t, 0), (0, s + t), (-s - t, 0)],
                    style,
                ),
        )),
    };
    drawn.map(|_| ()).ctx()
}

/// [`marker`] at a pixel position of an area (for legends).
fn marker_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    k: Scale,
    at: (i32, i32),
    index: usize,
) -> Draw {
    let style = coa_colour(index).filled();
    let s = k.i(5.0);
    let t = k.i(1.5);
    match index % 4 {
        0 => area.draw(&(EmptyElement::at(at) + Circle::new((0, 0), s, style))),
        1 => area.draw(&(EmptyElement::at(at) + Rectangle::new([(-s, -s), (s, s)], style))),
        2 => area.draw(
            &(EmptyElement::at(at)
                + Polygon::new(vec![(0, -s - t), (s + t, s), (-s - t, s)], style)),
        ),
        _ => area.draw(
            &(EmptyElement::at(at)
                + Polygon::new(
                    vec![(0, -s - t), (s + t, 0), (0, s + t), (-s - t, 0)],
                    style,
                )),
        ),
    }
    .ctx()
}

// ---------------------------------------------------------------------------------------------
// Time to decisive defeat.

/// The empirical CDF of the day of decisive defeat, per course of action.
pub(crate) struct Defeat<'a> {
    /// (id, colour index, sorted days where it happened, replications in all).
    pub coas: Vec<(&'a str, usize, &'a [f64], u64)>,
    pub horizon: f64,
}

impl Figure for Defeat<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 360)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let mut chart = ChartBuilder::on(root)
            .margin(k.u(10.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(58.0))
            .build_cartesian_2d(0.0..self.horizon, 0.0..100.0)
            .ctx()?;
        mesh(
            &mut chart,
            k,
            "day of the campaign",
            Some(&ticks(self.horizon)),
            YAxis::Numbers("replications defeated (%)", &|v| format!("{v:.0}%")),
        )?;
        for (id, index, days, n) in &self.coas {
            let n = (*n).max(1) as f64;
            let mut points = vec![(0.0, 0.0)];
            for (i, d) in days.iter().enumerate() {
                points.push((*d, 100.0 * i as f64 / n));
                points.push((*d, 100.0 * (i + 1) as f64 / n));
            }
            points.push((self.horizon, 100.0 * days.len() as f64 / n));
            let never = 100.0 - 100.0 * days.len() as f64 / n;
            let label = format!("{id}: never defeated in {never:.0}%");
            coa_line(&mut chart, k, points, *index, 2.2, Some(&label))?;
        }
        if self.coas.iter().all(|(_, _, days, _)| days.is_empty()) {
            let (x, y) = in_area(root, chart.backend_coord(&(self.horizon / 2.0, 50.0)));
            root.draw(&Text::new(
                "No replication of any course reached decisive defeat by the horizon.",
                (x, y),
                k.font(13.0).pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .ctx()?;
        }
        legend(&mut chart, k, SeriesLabelPosition::UpperLeft)
    }
}

// ---------------------------------------------------------------------------------------------
// The adversary network.

/// The network on one day: (day, integrity per link or why it is unknown, fighters per region).
pub(crate) type Snapshot = (f64, Result<Vec<f64>, String>, Option<Vec<f64>>);

/// The adversary network of one course of action at a few days.
pub(crate) struct Network<'a> {
    pub index: usize,
    /// Region ids; `core` is drawn in the centre.
    pub regions: Vec<&'a str>,
    pub core: usize,
    /// (from, to, kind) per link.
    pub links: Vec<(usize, usize, cordon_model::LinkKind)>,
    pub severed_at: f64,
    /// Per snapshot: (day, integrity per link or why it is unknown, fighters per region).
    pub snapshots: Vec<Snapshot>,
}

/// The drawn width of an open link of integrity `x` (logical pixels).
fn link_width(x: f64) -> f64 {
    0.8 + 3.2 * x.clamp(0.0, 1.0)
}

/// The dash of a link kind (`None`: solid).
fn kind_dash(kind: cordon_model::LinkKind) -> Option<(f64, f64)> {
    match kind {
        cordon_model::LinkKind::Fighters => None,
        cordon_model::LinkKind::Finance => Some((7.0, 4.0)),
        cordon_model::LinkKind::Command => Some((2.0, 3.0)),
        cordon_model::LinkKind::Propaganda => Some((14.0, 4.0)),
    }
}

impl Figure for Network<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = self.snapshots.len().div_ceil(2).max(1) as u32;
        (WIDTH, 26 + 330 * rows + 70)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let (header, rest) = root.split_vertically(k.u(26.0));
        let (body, key) = rest.split_vertically(rest.dim_in_pixel().1 as i32 - k.i(70.0));
        header
            .draw(&Text::new(
                "Circle area proportional to the median fighters; links as wide as their integrity.".to_string(),
                (k.i(12.0), k.i(4.0)),
                k.muted(MIN_TEXT),
            ))
            .ctx()?;
        let rows = self.snapshots.len().div_ceil(2).max(1);
        let areas = body.split_evenly((rows, 2));
        let fighters_max = finite_max(
            self.snapshots
                .iter()
                .filter_map(|(_, _, f)| f.as_ref())
                .flatten()
                .copied(),
        );
        for (snapshot, area) in self.snapshots.iter().zip(&areas) {
            self.draw_panel(area, snapshot, fighters_max, k)?;
        }
        self.draw_key(&key, k)
    }
}

impl Network<'_> {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (day, integrity, fighters): &Snapshot,
        fighters_max: f64,
        k: Scale,
    ) -> Draw {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        area.draw(&Rectangle::new(
            [(k.i(6.0), k.i(4.0)), (w - k.i(6.0), h - k.i(4.0))],
            GRID.stroke_width(k.u(1.0)),
        ))
        .ctx()?;
        let integrity = match integrity {
            Ok(v) => v,
            Err(why) => {
                return area
                    .draw(&Text::new(
                        format!("day {}: {why}", format::axis(*day)),
                        (k.i(16.0), k.i(14.0)),
                        k.font(12.0),
                    ))
                    .ctx();
            }
        };
        area.draw(&Text::new(
            self.panel_title(*day, integrity),
            (k.i(16.0), k.i(12.0)),
            k.font(13.0),
        ))
        .ctx()?;
        // Each region's label: its id and its median fighters.
        let labels = self.labels(fighters.as_deref());
        let (pos, angle) = self.layout(&labels, (w, h), k);
        let node_size: Vec<f64> = (0..self.regions.len())
            .map(
                |r| match fighters.as_deref().and_then(|f| f.get(r).copied()) {
                    Some(f) if fighters_max > 0.0 && f.is_finite() => {
                        5.0 + 17.0 * (f.max(0.0) / fighters_max).sqrt()
                    }
                    _ => 10.0,
                },
            )
            .collect();
        self.draw_links(area, &pos, integrity, k)?;
        self.draw_nodes(area, &pos, &node_size, k)?;
        // Labels last, on a white box, outside their node, away from the centre.
        self.draw_labels(area, labels, (&pos, &angle, &node_size), (w, h), k)
    }

    /// "day D: n of m links severed, mean integrity x".
    fn panel_title(&self, day: f64, integrity: &[f64]) -> String {
        if integrity.is_empty() {
            format!(
                "day {}: the scenario has no inter-regional links",
                format::axis(day)
            )
        } else {
            let n_severed = integrity.iter().filter(|&&x| x <= self.severed_at).count();
            let mean = integrity.iter().sum::<f64>() / integrity.len() as f64;
            format!(
                "day {}: {} of {} links severed, mean integrity {:.2}",
                format::axis(day),
                n_severed,
                integrity.len(),
                mean
            )
        }
    }

    fn labels(&self, fighters: Option<&[f64]>) -> Vec<String> {
        self.regions
            .iter()
            .enumerate()
            .map(|(r, id)| match fighters.and_then(|f| f.get(r).copied()) {
                Some(f) if f.is_finite() => {
                    format!("{} ({})", truncate(id, 16), format::axis(f.round()))
                }
                _ => truncate(id, 16),
            })
            .collect()
    }

    /// Layout: the core in the centre, the other regions on an ellipse narrow enough for
    /// their labels to sit beside them inside the panel (two regions: a V, so that their
    /// links to the core do not lie on one line). Positions and angles (NaN: the core).
    fn layout(
        &self,
        labels: &[String],
        (w, h): (i32, i32),
        k: Scale,
    ) -> (Vec<(i32, i32)>, Vec<f64>) {
        let label_width = (0..self.regions.len())
            .filter(|&r| r != self.core)
            .map(|r| labels[r].chars().count() as f64 * 0.58 * MIN_TEXT * k.0)
            .fold(0.0, f64::max);
        let (cx, cy) = (w / 2, k.i(30.0) + (h - k.i(30.0)) / 2);
        let rx = (f64::from(w / 2) - k.0 * 14.0 - label_width / 2.0).max(k.0 * 30.0);
        let ry = (f64::from((h - k.i(30.0)) / 2) - k.0 * 46.0).max(k.0 * 20.0);
        let others: Vec<usize> = (0..self.regions.len())
            .filter(|&r| r != self.core)
            .collect();
        let mut pos = vec![(cx, cy); self.regions.len()];
        let mut angle = vec![f64::NAN; self.regions.len()];
        for (i, &r) in others.iter().enumerate() {
            let a = if others.len() == 2 {
                -std::f64::consts::FRAC_PI_2 + if i == 0 { -0.9 } else { 0.9 }
            } else {
                -std::f64::consts::FRAC_PI_2
                    + 2.0 * std::f64::consts::PI * i as f64 / others.len().max(1) as f64
            };
            angle[r] = a;
            pos[r] = (
                cx + (rx * a.cos()).round() as i32,
                cy + (ry * a.sin()).round() as i32,
            );
        }
        (pos, angle)
    }

    /// The links, those between the same two regions side by side, then the marks of the
    /// severed ones over every link.
    fn draw_links<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        pos: &[(i32, i32)],
        integrity: &[f64],
        k: Scale,
    ) -> Draw {
        let pair = |l: usize| {
            let (a, b, _) = self.links[l];
            (a.min(b), a.max(b))
        };
        let mut marks = Vec::new();
        for (l, &(_, _, kind)) in self.links.iter().enumerate() {
            let siblings: Vec<usize> = (0..self.links.len())
                .filter(|&m| pair(m) == pair(l))
                .collect();
            let slot = siblings.iter().position(|&m| m == l).unwrap_or(0) as f64;
            let offset = (slot - (siblings.len() - 1) as f64 / 2.0) * k.0 * 8.0;
            let (a, b) = (pos[pair(l).0], pos[pair(l).1]);
            let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
            let len = dx.hypot(dy).max(1.0);
            let (nx, ny) = (-dy / len * offset, dx / len * offset);
            let p = |q: (i32, i32)| (q.0 + nx.round() as i32, q.1 + ny.round() as i32);
            let (p0, p1) = (p(a), p(b));
            let x = integrity.get(l).copied().unwrap_or(f64::NAN);
            let severed = x <= self.severed_at;
            let (colour, width) = if severed {
                (SEVERED, 1.0)
            } else {
                (LINK, link_width(x))
            };
            let style = colour.stroke_width(k.u(width).max(1));
            match kind_dash(kind) {
                None => area.draw(&PathElement::new(vec![p0, p1], style)).ctx()?,
                Some((d, g)) => area
                    .draw(&DashedPathElement::new(
                        vec![p0, p1],
                        k.i(d).max(1),
                        k.i(g).max(1),
                        style,
                    ))
                    .ctx()?,
            }
            if severed {
                marks.push(((p0.0 + p1.0) / 2, (p0.1 + p1.1) / 2));
            }
        }
        // The marks of severed links, over every link.
        for (mx, my) in marks {
            let s = k.i(4.0);
            let mark = TEXT.stroke_width(k.u(1.6));
            area.draw(&PathElement::new(
                vec![(mx - s, my - s), (mx + s, my + s)],
                mark,
            ))
            .ctx()?;
            area.draw(&PathElement::new(
                vec![(mx - s, my + s), (mx + s, my - s)],
                mark,
            ))
            .ctx()?;
        }
        Ok(())
    }

    fn draw_nodes<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        pos: &[(i32, i32)],
        node_size: &[f64],
        k: Scale,
    ) -> Draw {
        let colour = coa_colour(self.index);
        for (r, &(x, y)) in pos.iter().enumerate() {
            let size = k.i(node_size[r]);
            area.draw(&Circle::new((x, y), size, WHITE.filled()))
                .ctx()?;
            area.draw(&Circle::new((x, y), size, colour.mix(0.3).filled()))
                .ctx()?;
            area.draw(&Circle::new((x, y), size, colour.stroke_width(k.u(1.5))))
                .ctx()?;
        }
        Ok(())
    }

    /// Each label on a white box outside its node, kept inside the panel.
    fn draw_labels<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        labels: Vec<String>,
        (pos, angle, node_size): (&[(i32, i32)], &[f64], &[f64]),
        (w, h): (i32, i32),
        k: Scale,
    ) -> Draw {
        for (r, label) in labels.into_iter().enumerate() {
            let (x, y) = pos[r];
            let size = k.i(node_size[r]) + k.i(4.0);
            let a = angle[r];
            // Above the nodes of the upper half, below the others (the core: below), centred,
            // so that no label covers its own node.
            let (at, pos_anchor) = if !a.is_nan() && a.sin() < -0.2 {
                ((x, y - size), Pos::new(HPos::Center, VPos::Bottom))
            } else {
                ((x, y + size), Pos::new(HPos::Center, VPos::Top))
            };
            let style = k.font(MIN_TEXT).pos(pos_anchor);
            let (tw, th) = area.estimate_text_size(&label, &style).ctx()?;
            let (tw, th) = (tw as i32, th as i32);
            let left = match pos_anchor.h_pos {
                HPos::Left => at.0,
                HPos::Center => at.0 - tw / 2,
                HPos::Right => at.0 - tw,
            };
            let top = match pos_anchor.v_pos {
                VPos::Top => at.1,
                VPos::Center => at.1 - th / 2,
                VPos::Bottom => at.1 - th,
            };
            // Kept inside the panel.
            let pad = k.i(2.0);
            let left = left.clamp(k.i(9.0), (w - k.i(9.0) - tw).max(k.i(9.0)));
            let top = top.clamp(k.i(28.0), (h - k.i(8.0) - th).max(k.i(28.0)));
            area.draw(&Rectangle::new(
                [(left - pad, top - pad), (left + tw + pad, top + th + pad)],
                WHITE.mix(0.85).filled(),
            ))
            .ctx()?;
            area.draw(&Text::new(
                label,
                (left, top),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .ctx()?;
        }
        Ok(())
    }

    fn draw_key<DB: DrawingBackend>(&self, key: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let mut x = k.i(14.0);
        let y = k.i(18.0);
        for &kind in cordon_model::LinkKind::ALL {
            let style = LINK.stroke_width(k.u(2.0));
            let line = vec![(x, y), (x + k.i(34.0), y)];
            match kind_dash(kind) {
                None => key.draw(&PathElement::new(line, style)).ctx()?,
                Some((d, g)) => key
                    .draw(&DashedPathElement::new(line, k.i(d), k.i(g), style))
                    .ctx()?,
            }
            key.draw(&Text::new(
                kind.as_str(),
                (x + k.i(40.0), y),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .ctx()?;
            x += k.i(125.0);
        }
        let y2 = k.i(46.0);
        let mut x = k.i(14.0);
        for (label, integrity) in [("integrity 1", 1.0), ("0.5", 0.5), ("0.2", 0.2)] {
            let width = link_width(integrity);
            key.draw(&PathElement::new(
                vec![(x, y2), (x + k.i(34.0), y2)],
                LINK.stroke_width(k.u(width)),
            ))
            .ctx()?;
            key.draw(&Text::new(
                label,
                (x + k.i(40.0), y2),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .ctx()?;
            x += k.i(if label.len() > 4 { 125.0 } else { 80.0 });
        }
        let s = k.i(4.5);
        let (mx, my) = (x + k.i(17.0), y2);
        key.draw(&PathElement::new(
            vec![(x, y2), (x + k.i(34.0), y2)],
            SEVERED.stroke_width(k.u(1.0)),
        ))
        .ctx()?;
        let mark = TEXT.stroke_width(k.u(1.8));
        key.draw(&PathElement::new(
            vec![(mx - s, my - s), (mx + s, my + s)],
            mark,
        ))
        .ctx()?;
        key.draw(&PathElement::new(
            vec![(mx - s, my + s), (mx + s, my - s)],
            mark,
        ))
        .ctx()?;
        key.draw(&Text::new(
            format!("severed (integrity ≤ {})", format::exact(self.severed_at)),
            (x + k.i(40.0), y2),
            k.font(MIN_TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .ctx()
    }
}

// ---------------------------------------------------------------------------------------------
// Sensitivity.

/// One bar: (parameter, estimate, interval).
pub(crate) type Bar<'a> = (&'a str, f64, Option<(f64, f64)>);

/// Ranked sensitivity indices of one outcome, with their intervals.
pub(crate) struct SensitivityBars<'a> {
    pub index_name: &'a str,
    /// (parameter, estimate, interval), most influential first.
    pub rows: Vec<Bar<'a>>,
}

impl Figure for SensitivityBars<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 70 + 26 * self.rows.len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let n = self.rows.len();
        let hi = finite_max(
            self.rows
                .iter()
                .map(|(_, v, i)| i.map_or(*v, |(_, h)| h.max(*v))),
        );
        let lo = self
            .rows
            .iter()
            .map(|(_, v, i)| i.map_or(*v, |(l, _)| l.min(*v)))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min);
        let mut chart = ChartBuilder::on(root)
            .margin(k.u(10.0))
            .margin_right(k.u(24.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(250.0))
            .build_cartesian_2d(lo.min(0.0)..y_top(hi), -0.5..n.max(1) as f64 - 0.5)
            .ctx()?;
        mesh(
            &mut chart,
            k,
            &format!("{} (bar: estimate; line: 95% interval)", self.index_name),
            Some(&ticks(y_top(hi).max(-lo))),
            YAxis::Categories,
        )?;
        for (i, (name, v, interval)) in self.rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            if v.is_finite() {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y - 0.3), (*v, y + 0.3)],
                        BAR.mix(0.55).filled(),
                    )))
                    .ctx()?;
            }
            if let Some((l, h)) = interval
                && l.is_finite()
                && h.is_finite()
            {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*l, y), (*h, y)],
                        TEXT.stroke_width(k.u(1.8)),
                    )))
                    .ctx()?;
            }
            let (px, py) = in_area(root, chart.backend_coord(&(lo.min(0.0), y)));
            root.draw(&Text::new(
                truncate(name, 34),
                (px - k.i(8.0), py),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .ctx()?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Factorial effects.

/// One row of an effects chart: (label, group, estimate, interval).
pub(crate) type EffectRow = (String, usize, f64, (f64, f64));

/// Main effects of one outcome with their 95% intervals, grouped by factor: a dot per level,
/// a line for its interval, and the zero line (no effect).
pub(crate) struct EffectsChart {
    pub rows: Vec<EffectRow>,
    pub x_desc: String,
}

impl Figure for EffectsChart {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 70 + 24 * self.rows.len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let n = self.rows.len();
        let finite = |v: f64| v.is_finite().then_some(v);
        let extent = self
            .rows
            .iter()
            .flat_map(|(_, _, v, (l, h))| [*v, *l, *h])
            .filter_map(finite)
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let extent = if extent > 0.0 { extent * 1.08 } else { 1.0 };
        let mut chart = ChartBuilder::on(root)
            .margin(k.u(10.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(230.0))
            .build_cartesian_2d(-extent..extent, -0.5..n.max(1) as f64 - 0.5)
            .ctx()?;
        mesh(
            &mut chart,
            k,
            &self.x_desc,
            Some(&ticks(extent)),
            YAxis::Categories,
        )?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                AXIS.stroke_width(k.u(1.2)),
            )))
            .ctx()?;
        for (i, (label, group, v, (lo, hi))) in self.rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let colour = PALETTE[group % PALETTE.len()];
            if lo.is_finite() && hi.is_finite() {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*lo, y), (*hi, y)],
                        colour.stroke_width(k.u(2.5)),
                    )))
                    .ctx()?;
            }
            if v.is_finite() {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (*v, y),
                        k.i(4.5),
                        colour.filled(),
                    )))
                    .ctx()?;
            }
            let (px, py) = in_area(root, chart.backend_coord(&(-extent, y)));
            root.draw(&Text::new(
                truncate(label, 32),
                (px - k.i(8.0), py),
                k.font(MIN_TEXT).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .ctx()?;
        }
        Ok(())
    }
}

/// One course's PRIM trajectory: (course, colour index, (coverage, density) per box, the
/// chosen box's index).
pub(crate) type PeelCurve = (String, usize, Vec<(f64, f64)>, Option<usize>);

/// PRIM's peeling trade-off: one line per course, coverage against density along its
/// trajectory, the chosen box marked.
pub(crate) struct PeelingChart {
    pub curves: Vec<PeelCurve>,
}

impl Figure for PeelingChart {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let mut chart = ChartBuilder::on(root)
            .margin(k.u(10.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(58.0))
            .build_cartesian_2d(0.0..1.02, 0.0..1.02)
            .ctx()?;
        let percent = |v: &f64| format!("{:.0}%", 100.0 * v);
        mesh(
            &mut chart,
            k,
            "coverage: share of the worlds of interest inside the box",
            Some(&percent),
            YAxis::Numbers("density: share of the box's worlds of interest", &percent),
        )?;
        for (course, index, points, chosen) in &self.curves {
            coa_line(&mut chart, k, points.clone(), *index, 2.0, Some(course))?;
            if let Some(&(x, y)) = chosen.and_then(|c| points.get(c)) {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (x, y),
                        k.u(5.0),
                        coa_colour(*index).filled(),
                    )))
                    .ctx()?;
            }
        }
        legend(&mut chart, k, SeriesLabelPosition::LowerLeft)
    }
}
