//! Output formats: every chart is drawn by one generic function, once per
//! backend (bitmap for PNG, SVG), into memory, and written atomically.
//!
//! PNG pixels come from plotters' bitmap backend and are encoded with the
//! `png` crate, which keeps the heavier `image` crate out of the build.

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use super::raster::Raster;

use super::run::CHARTS_DIR;
use crate::output::OutputDir;

use super::error::{ChartError, drawing};
use super::style::{Theme, register_fonts};

/// A chart: data that knows how to draw itself on any plotters backend.
pub trait Chart {
    /// The chart's short name, for error messages (e.g. `onset`).
    fn name(&self) -> &'static str;

    /// Draws the whole chart (title, plot, legend, caption) on `root`.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError>;
}

/// Which files to write for each chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// PNG only.
    Png,
    /// SVG only.
    Svg,
    /// Both PNG and SVG.
    #[default]
    Both,
}

impl Format {
    /// Whether PNG files are wanted.
    pub fn png(self) -> bool {
        matches!(self, Format::Png | Format::Both)
    }

    /// Whether SVG files are wanted.
    pub fn svg(self) -> bool {
        matches!(self, Format::Svg | Format::Both)
    }

    /// The format's name on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Both => "both",
        }
    }

    /// The format for a command-line name, if it is one.
    pub fn from_code(code: &str) -> Option<Format> {
        match code {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "both" => Some(Format::Both),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A chart drawn in memory, in the formats asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// PNG file contents.
    pub png: Option<Vec<u8>>,
    /// SVG document.
    pub svg: Option<String>,
}

fn draw_on<DB: DrawingBackend, C: Chart>(
    backend: DB,
    chart: &C,
    theme: &Theme,
) -> Result<(), ChartError> {
    if !register_fonts() {
        return Err(ChartError::Draw {
            chart: chart.name(),
            message: "the embedded font could not be loaded".to_string(),
        });
    }
    let root = backend.into_drawing_area();
    chart.draw(&root, theme)?;
    root.present().map_err(drawing(chart.name()))
}

/// Draws `chart` as an SVG document.
pub fn render_svg<C: Chart>(chart: &C, theme: &Theme) -> Result<String, ChartError> {
    let mut svg = String::new();
    draw_on(
        SVGBackend::with_string(&mut svg, theme.size()),
        chart,
        theme,
    )?;
    Ok(svg)
}

/// Draws `chart` as a PNG file's bytes.
pub fn render_png<C: Chart>(chart: &C, theme: &Theme) -> Result<Vec<u8>, ChartError> {
    let (pixels, w, h) = render_rgb(chart, theme)?;
    encode_png(&pixels, w, h).map_err(|e| ChartError::Draw {
        chart: chart.name(),
        message: format!("cannot encode the PNG: {e}"),
    })
}

/// Draws `chart` into RGB pixels (three bytes a pixel, rows top to bottom),
/// with the canvas's width and height.
pub fn render_rgb<C: Chart>(chart: &C, theme: &Theme) -> Result<(Vec<u8>, u32, u32), ChartError> {
    let (w, h) = theme.size();
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    let backend = Raster::with_buffer(&mut pixels, (w, h)).ok_or_else(|| ChartError::Draw {
        chart: chart.name(),
        message: "the embedded font could not be loaded".to_string(),
    })?;
    draw_on(backend, chart, theme)?;
    Ok((pixels, w, h))
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

/// Draws `chart` in `format`.
pub fn render<C: Chart>(chart: &C, format: Format, theme: &Theme) -> Result<Drawn, ChartError> {
    Ok(Drawn {
        png: if format.png() {
            Some(render_png(chart, theme)?)
        } else {
            None
        },
        svg: if format.svg() {
            Some(render_svg(chart, theme)?)
        } else {
            None
        },
    })
}

/// Writes `drawn` as `charts/stem.png` and/or `charts/stem.svg` in `out`,
/// each atomically, and returns their names relative to `out`.
pub fn save(out: &OutputDir, stem: &str, drawn: &Drawn) -> Result<Vec<String>, ChartError> {
    let mut written = Vec::new();
    if let Some(png) = &drawn.png {
        let rel = format!("{CHARTS_DIR}/{stem}.png");
        out.write(&rel, png)?;
        written.push(rel);
    }
    if let Some(svg) = &drawn.svg {
        let rel = format!("{CHARTS_DIR}/{stem}.svg");
        out.write(&rel, svg.as_bytes())?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Checks shared by the chart tests: PNG dimensions and SVG well-formedness.

    use super::*;
    use crate::chart::Lang;

    /// Draws `chart` in both formats at `scale` and checks them: the PNG has
    /// the stated size and the SVG parses as XML. Returns the SVG text.
    pub fn check_chart<C: Chart>(chart: &C, scale: f64, lang: Lang) -> String {
        let theme = Theme::new(scale, lang);
        let drawn = render(chart, Format::Both, &theme).expect("the chart draws");
        let png = drawn.png.expect("a PNG");
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().expect("the PNG decodes");
        let info = reader.info();
        assert_eq!((info.width, info.height), theme.size());
        let svg = drawn.svg.expect("an SVG");
        let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip() {
        for f in [Format::Png, Format::Svg, Format::Both] {
            assert_eq!(Format::from_code(f.code()), Some(f));
        }
        assert_eq!(Format::from_code("jpg"), None);
        assert!(Format::Both.png() && Format::Both.svg());
        assert!(!Format::Png.svg() && !Format::Svg.png());
    }

    #[test]
    fn save_writes_only_the_formats_drawn() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), "test").unwrap();
        let drawn = Drawn {
            png: None,
            svg: Some("<svg/>".into()),
        };
        let written = save(&out, "x", &drawn).unwrap();
        assert_eq!(written, vec!["charts/x.svg"]);
        assert!(dir.path().join("charts/x.svg").exists());
        assert!(!dir.path().join("charts/x.png").exists());
    }
}
