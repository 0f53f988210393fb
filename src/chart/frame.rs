//! The page every chart is drawn on: a white canvas with the title at the top,
//! the caption line at the bottom, legends above the plots they explain, panel
//! titles, and the "no data" note.
//!
//! Legends are laid out here rather than by plotters, above the plot, so they
//! never cover data, and text is shrunk or shortened to fit so it is never clipped.

use plotters::coord::Shift;
use plotters::element::{PathElement, Rectangle, Text};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, RGBColor, WHITE};

use super::error::{ChartError, drawing};
use super::style::{BAND_ALPHA, DARK_GREY, INK, Theme};

/// A swatch in a legend.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mark {
    /// A solid line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// A shaded band.
    Band(RGBColor),
    /// A filled circle.
    Dot(RGBColor),
    /// A filled square.
    Square(RGBColor),
}

/// Text that fits in `max_width` pixels: `font` shrunk down to 70 % if that
/// is enough, else shortened with an ellipsis.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: FontDesc<'static>,
    max_width: i32,
) -> (String, FontDesc<'static>) {
    let _ = area;
    let width = |s: &str, f: &FontDesc<'_>| text_width(s, f);
    let max_width = max_width.max(1);
    let w = width(text, &font);
    if w <= max_width {
        return (text.to_string(), font);
    }
    let size = font.get_size();
    let smaller = font.resize((size * f64::from(max_width) / f64::from(w)).max(size * 0.7));
    if width(text, &smaller) <= max_width {
        return (text.to_string(), smaller);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if width(&candidate, &smaller) <= max_width {
            return (candidate, smaller);
        }
    }
    ("…".to_string(), smaller)
}

/// The width of `s` in `font`, in pixels (0 if it cannot be measured).
pub(crate) fn text_width(s: &str, font: &FontDesc<'_>) -> i32 {
    font.box_size(s).map(|(w, _)| w as i32).unwrap_or(0)
}

/// Draws `text` at `(x, y)` with `anchor`, in `color`.
pub(crate) fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &'static str,
    s: &str,
    (x, y): (i32, i32),
    font: &FontDesc<'static>,
    color: RGBColor,
    anchor: (HPos, VPos),
) -> Result<(), ChartError> {
    let style = font.clone().color(&color).pos(Pos::new(anchor.0, anchor.1));
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(drawing(name))
}

/// Clears `root`, draws the title and the caption line, and returns the area
/// between them, inside the page margins.
pub(crate) fn page<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    title: &str,
    caption: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    root.fill(&WHITE).map_err(drawing(name))?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let m = theme.px(28.0);
    let (title, tf) = fit(root, title, theme.title_font(), w - 2 * m);
    text(
        root,
        name,
        &title,
        (m, m),
        &tf,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    let (caption, cf) = fit(root, caption, theme.caption_font(), w - 2 * m);
    text(
        root,
        name,
        &caption,
        (m, h - m),
        &cf,
        DARK_GREY,
        (HPos::Left, VPos::Bottom),
    )?;
    let top = m + theme.px(40.0 * 1.6);
    let bottom = m + theme.px(21.0 * 2.0);
    Ok(root.margin(top, bottom, m, m))
}

/// Draws a panel title at the top of `area` and returns the area below it.
pub(crate) fn panel_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, _) = area.dim_in_pixel();
    let (title, font) = fit(area, title, theme.panel_font(), w as i32);
    text(
        area,
        name,
        &title,
        (0, 0),
        &font,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    Ok(area.margin(theme.px(30.0 * 1.5), 0, 0, 0))
}

/// Where each legend item goes in a legend `width` pixels wide: `(x, row)`
/// of each item, its fitted label and font, and the number of rows.
type LegendLayout = (Vec<(i32, i32, String, FontDesc<'static>)>, i32);

fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    width: i32,
    items: &[(Mark, String)],
) -> LegendLayout {
    let font = theme.label_font();
    let swatch = theme.px(44.0);
    let gap = theme.px(10.0);
    let spacing = theme.px(34.0);
    let (mut x, mut row) = (0, 0);
    let mut placed = Vec::with_capacity(items.len());
    for (_, label) in items {
        let (label, f) = fit(area, label, font.clone(), width - swatch - gap);
        let item_w = swatch + gap + text_width(&label, &f);
        if x > 0 && x + item_w > width {
            x = 0;
            row += 1;
        }
        placed.push((x, row, label, f));
        x += item_w + spacing;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    (placed, rows)
}

/// How many rows the legend of `items` takes in `area`.
pub(crate) fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    items: &[(Mark, String)],
) -> i32 {
    let (w, _) = area.dim_in_pixel();
    legend_layout(area, theme, w as i32, items).1
}

/// Draws a legend row (wrapping onto more rows when needed) at the top of
/// `area` and returns the area below it. An empty legend takes no room.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    items: &[(Mark, String)],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    legend_at_least(area, theme, name, items, 0)
}

/// As [`legend`], taking at least `min_rows` rows, so that side-by-side
/// panels with legends of different lengths keep their plots aligned.
pub(crate) fn legend_at_least<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    items: &[(Mark, String)],
    min_rows: i32,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, _) = area.dim_in_pixel();
    let (placed, rows) = legend_layout(area, theme, w as i32, items);
    let rows = rows.max(min_rows);
    if rows == 0 {
        return Ok(area.margin(0, 0, 0, 0));
    }
    let swatch = theme.px(44.0);
    let gap = theme.px(10.0);
    let row_h = theme.px(36.0);
    for ((mark, _), (x, row, label, f)) in items.iter().zip(&placed) {
        let cy = row * row_h + row_h / 2;
        draw_mark(area, theme, name, *mark, (*x, cy), swatch)?;
        text(
            area,
            name,
            label,
            (x + swatch + gap, cy),
            f,
            INK,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(area.margin(rows * row_h + theme.px(12.0), 0, 0, 0))
}

fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    mark: Mark,
    (x, cy): (i32, i32),
    swatch: i32,
) -> Result<(), ChartError> {
    let half = theme.px(11.0);
    let err = drawing(name);
    match mark {
        Mark::Line(c) => area
            .draw(&PathElement::new(
                vec![(x, cy), (x + swatch, cy)],
                c.stroke_width(theme.line_width()),
            ))
            .map_err(err),
        Mark::Dashed(c) => {
            let dash = swatch / 4;
            for k in [0, 2] {
                let x0 = x + k * dash + dash / 4;
                area.draw(&PathElement::new(
                    vec![(x0, cy), (x0 + dash + dash / 2, cy)],
                    c.stroke_width(theme.thin_width() + 1),
                ))
                .map_err(&err)?;
            }
            Ok(())
        }
        Mark::Band(c) => area
            .draw(&Rectangle::new(
                [(x, cy - half), (x + swatch, cy + half)],
                c.mix(BAND_ALPHA).filled(),
            ))
            .map_err(err),
        Mark::Dot(c) => area
            .draw(&plotters::element::Circle::new(
                (x + swatch / 2, cy),
                half,
                c.filled(),
            ))
            .map_err(err),
        Mark::Square(c) => area
            .draw(&Rectangle::new(
                [
                    (x + swatch / 2 - half, cy - half),
                    (x + swatch / 2 + half, cy + half),
                ],
                c.filled(),
            ))
            .map_err(err),
    }
}

/// Draws a framed "no data" note filling `area`, with `message` under it.
pub(crate) fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    headline: &str,
    message: &str,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    area.draw(&Rectangle::new(
        [(0, 0), (w - 1, h - 1)],
        super::style::LIGHT_GREY.stroke_width(theme.thin_width()),
    ))
    .map_err(drawing(name))?;
    let (headline, hf) = fit(area, headline, theme.panel_font(), w - theme.px(40.0));
    text(
        area,
        name,
        &headline,
        (w / 2, h / 2 - theme.px(6.0)),
        &hf,
        DARK_GREY,
        (HPos::Center, VPos::Bottom),
    )?;
    if !message.is_empty() {
        let (message, mf) = fit(area, message, theme.label_font(), w - theme.px(40.0));
        text(
            area,
            name,
            &message,
            (w / 2, h / 2 + theme.px(10.0)),
            &mf,
            DARK_GREY,
            (HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

/// The band colour of `color` as drawn (used where a band is drawn directly).
pub(crate) fn band_style(color: RGBColor) -> plotters::style::ShapeStyle {
    color.mix(BAND_ALPHA).filled()
}
