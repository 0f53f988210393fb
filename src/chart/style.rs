//! The look shared by every chart: the Okabe–Ito palette, the embedded font,
//! text sizes, line widths and the default canvas, all multiplied by `scale`.
//!
//! The font is compiled into the binary and registered with plotters'
//! `ab_glyph` backend, so drawing needs no system font library and looks the
//! same on every machine.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontStyle, IntoFont, RGBColor};

use super::text::Lang;

/// Width of a chart at scale 1, in pixels.
pub const WIDTH: u32 = 1600;
/// Height of a chart at scale 1, in pixels.
pub const HEIGHT: u32 = 1000;
/// Smallest `scale` accepted (400 × 250 pixels).
pub const MIN_SCALE: f64 = 0.25;
/// Largest `scale` accepted (6400 × 4000 pixels; larger buffers cost too much memory).
pub const MAX_SCALE: f64 = 4.0;

/// The family name the embedded font is registered under. It is also written
/// as `font-family` into SVG files, so it lists a generic fallback for viewers
/// that lack DejaVu Sans.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

pub(crate) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded font once; `false` if the font data were rejected
/// (which would be a build defect, reported as a drawing error by the caller).
pub(crate) fn register_fonts() -> bool {
    static DONE: OnceLock<bool> = OnceLock::new();
    *DONE.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, BOLD).is_ok()
    })
}

/// Okabe & Ito (2008) colours, safe for the common colour-vision deficiencies.
pub mod okabe_ito {
    use plotters::style::RGBColor;

    /// Orange.
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    /// Sky blue.
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    /// Bluish green.
    pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    /// Yellow (weak on white: used last).
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    /// Blue.
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    /// Vermillion.
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    /// Reddish purple.
    pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    /// Black.
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
}

/// Colours for series, alliances and configurations, in order of use. Blue and
/// vermillion come first because they stay distinct even in greyscale print.
pub const SERIES: [RGBColor; 7] = [
    okabe_ito::BLUE,
    okabe_ito::VERMILLION,
    okabe_ito::GREEN,
    okabe_ito::ORANGE,
    okabe_ito::PURPLE,
    okabe_ito::SKY_BLUE,
    okabe_ito::YELLOW,
];

/// The colour of series `i`, cycling through [`SERIES`].
pub fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Grey for things outside any group (states in no alliance, borders).
pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Light grey for grid lines and borders on the map.
pub const LIGHT_GREY: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);
/// Dark grey for captions and notes.
pub const DARK_GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Near-black for text and axes (softer than pure black on a projector).
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Opacity of 95 % bands, light enough that overlapping bands stay readable.
pub const BAND_ALPHA: f64 = 0.25;

/// Sizes and language of one drawing, with every pixel size already scaled.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    /// Multiplies every pixel size.
    pub scale: f64,
    /// Language of the text.
    pub lang: Lang,
}

impl Theme {
    /// A theme at `scale` (clamped to [`MIN_SCALE`]..=[`MAX_SCALE`]; NaN means 1).
    pub fn new(scale: f64, lang: Lang) -> Self {
        let scale = if scale.is_finite() {
            scale.clamp(MIN_SCALE, MAX_SCALE)
        } else {
            1.0
        };
        Theme { scale, lang }
    }

    /// Canvas size in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.px_u(WIDTH), self.px_u(HEIGHT))
    }

    /// `v` pixels at scale 1, scaled and rounded (at least 1).
    pub fn px(&self, v: f64) -> i32 {
        (v * self.scale).round().max(1.0) as i32
    }

    fn px_u(&self, v: u32) -> u32 {
        (f64::from(v) * self.scale).round().max(1.0) as u32
    }

    /// The title font.
    pub fn title_font(&self) -> FontDesc<'static> {
        (FONT_FAMILY, 40.0 * self.scale, FontStyle::Bold).into_font()
    }

    /// Panel titles in two-panel charts.
    pub fn panel_font(&self) -> FontDesc<'static> {
        (FONT_FAMILY, 30.0 * self.scale, FontStyle::Bold).into_font()
    }

    /// Axis descriptions.
    pub fn axis_font(&self) -> FontDesc<'static> {
        (FONT_FAMILY, 27.0 * self.scale).into_font()
    }

    /// Tick labels, legend entries and row labels.
    pub fn label_font(&self) -> FontDesc<'static> {
        (FONT_FAMILY, 24.0 * self.scale).into_font()
    }

    /// Small labels on the map.
    pub fn small_font(&self) -> FontDesc<'static> {
        (FONT_FAMILY, 19.0 * self.scale).into_font()
    }

    /// The caption line at the bottom.
    pub fn caption_font(&self) -> FontDesc<'static> {
        (FONT_FAMILY, 21.0 * self.scale).into_font()
    }

    /// Width of data lines.
    pub fn line_width(&self) -> u32 {
        self.px(3.5) as u32
    }

    /// Width of thin lines (borders, error-bar caps).
    pub fn thin_width(&self) -> u32 {
        self.px(2.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_multiplies_the_canvas_and_is_clamped() {
        assert_eq!(Theme::new(1.0, Lang::En).size(), (1600, 1000));
        assert_eq!(Theme::new(0.6, Lang::En).size(), (960, 600));
        assert_eq!(Theme::new(2.0, Lang::En).size(), (3200, 2000));
        assert_eq!(Theme::new(100.0, Lang::En).size(), (6400, 4000));
        assert_eq!(Theme::new(f64::NAN, Lang::En).size(), (1600, 1000));
    }

    #[test]
    fn the_embedded_font_registers() {
        assert!(register_fonts());
    }
}
