//! The charts of a run as a standalone SVG (for slides and course notes): the cores chart
//! (a lane per core, coloured by thread, switches hatched) above the threads chart (a lane
//! per thread, coloured by state, each blocking cause with its colour and pattern), a time
//! axis over each, and the legend. The same palette as the app.
//!
//! Like the app's canvas, a lane never gets more than about one bar per pixel column:
//! segments that fall inside a pixel already painted are left out, so the file stays small
//! for any run.

use crate::decimal::{Fixed, Short};
use crate::palette::{identity_colour, key_of, legend_keys, style, LegendKey, Pattern};
use crate::xml::xml;
use threadlab_sim::trace::CoreActivity;
use threadlab_sim::RunResult;

const LABEL_W: f64 = 110.0;
const LANE_H: f64 = 22.0;
const AXIS_H: f64 = 22.0;
const HEAD_H: f64 = 26.0;

/// Options of the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// Width in pixels (at least 300).
    pub width: u32,
    /// The interval shown, in ticks (the whole run when `None`).
    pub window: Option<(f64, f64)>,
    pub title: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions { width: 1000, window: None, title: String::new() }
    }
}

fn pattern_id(p: Pattern) -> Option<&'static str> {
    match p {
        Pattern::Solid | Pattern::Outline | Pattern::Glyph => None,
        Pattern::Grid => Some("p-grid"),
        Pattern::Forever => Some("p-forever"),
        Pattern::Stripes => Some("p-stripes"),
        Pattern::BackStripes => Some("p-backstripes"),
        Pattern::Lines => Some("p-lines"),
        Pattern::Dots => Some("p-dots"),
        Pattern::Cross => Some("p-cross"),
        Pattern::Bars => Some("p-bars"),
        Pattern::Checks => Some("p-checks"),
    }
}

const DEFS: &str = r##"<defs>
<pattern id="p-stripes" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 6L6 0" stroke="#0007"/></pattern>
<pattern id="p-backstripes" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0L6 6" stroke="#0007"/></pattern>
<pattern id="p-lines" width="6" height="5" patternUnits="userSpaceOnUse"><path d="M0 3H6" stroke="#0007"/></pattern>
<pattern id="p-dots" width="5" height="5" patternUnits="userSpaceOnUse"><circle cx="2.5" cy="2.5" r="0.9" fill="#0008"/></pattern>
<pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 6L6 0M0 0L6 6" stroke="#0007"/></pattern>
<pattern id="p-bars" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M3 0V6" stroke="#0007"/></pattern>
<pattern id="p-grid" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 3H6M3 0V6" stroke="#0007"/></pattern>
<pattern id="p-forever" width="4" height="4" patternUnits="userSpaceOnUse"><path d="M0 4L4 0M0 0L4 4" stroke="#0009"/></pattern>
<pattern id="p-checks" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="3" height="3" fill="#0006"/><rect x="3" y="3" width="3" height="3" fill="#0006"/></pattern>
</defs>
"##;

struct Canvas {
    out: String,
    t0: f64,
    t1: f64,
    width: f64,
    /// Bars drawn (for tests).
    bars: usize,
}

impl Canvas {
    fn x(&self, t: f64) -> f64 {
        LABEL_W + (t - self.t0) / (self.t1 - self.t0).max(1e-9) * (self.width - LABEL_W)
    }

    fn bar(&mut self, x: f64, y: f64, w: f64, colour: &str, pat: Pattern, tip: &str) {
        let h = LANE_H - 6.0;
        let fill = if pat == Pattern::Outline { "none".to_string() } else { colour.to_string() };
        let stroke = if pat == Pattern::Outline {
            format!(" stroke=\"{colour}\" stroke-dasharray=\"3 2\"")
        } else {
            String::new()
        };
        let wide = w >= 3.0;
        let (x, y, w, h) = (Fixed(x, 2), Fixed(y, 1), Fixed(w, 2), Short(h));
        self.out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"{stroke}><title>{}</title></rect>\n",
            xml(tip)
        ));
        if let Some(id) = pattern_id(pat).filter(|_| wide) {
            self.out
                .push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"url(#{id})\"/>\n"));
        }
        self.bars += 1;
    }

    fn label(&mut self, x: f64, y: f64, text: &str, extra: &str) {
        let (x, y) = (Fixed(x, 1), Fixed(y, 1));
        self.out.push_str(&format!("<text x=\"{x}\" y=\"{y}\"{extra}>{}</text>\n", xml(text)));
    }

    fn axis(&mut self, y: f64, bottom: f64) {
        let step = axis_step(self.t1 - self.t0);
        let mut t = (self.t0 / step).ceil() * step;
        while t <= self.t1 {
            let x = self.x(t);
            self.out.push_str(&format!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#ddd\"/>\n",
                Fixed(x, 1),
                Fixed(y + AXIS_H - 4.0, 1),
                Fixed(x, 1),
                Fixed(bottom, 1)
            ));
            self.label(x + 2.0, y + 14.0, &Short(t).to_string(), "");
            t += step;
        }
    }

    /// One lane of time-sorted items, merged below a pixel; `paint` gives (colour, pattern,
    /// tooltip) or `None` to leave an item out.
    fn lane<T>(
        &mut self,
        y: f64,
        items: &[T],
        span: impl Fn(&T) -> (u64, u64),
        paint: impl Fn(&T) -> Option<(&'static str, Pattern, String)>,
    ) {
        let mut painted = f64::NEG_INFINITY;
        for it in items {
            let (s, e) = span(it);
            if (e as f64) <= self.t0 || (s as f64) >= self.t1 {
                continue;
            }
            let x0 = self.x(s as f64).max(LABEL_W).max(painted);
            let x1 = self.x(e as f64).min(self.width);
            if x1 <= painted {
                continue;
            }
            let Some((colour, pat, tip)) = paint(it) else { continue };
            let w = (x1 - x0).max(1.0);
            self.bar(x0, y + 3.0, w, colour, pat, &tip);
            painted = x0 + w;
        }
    }
}

/// The step between labelled ticks of a time axis showing `span` ticks: about ten labels, at
/// 1, 2 or 5 times a power of ten, never less than one tick (the app's charts use it too).
pub fn axis_step(span: f64) -> f64 {
    let raw = span.max(1.0) / 10.0;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(mag * 10.0).max(1.0)
}

fn legend_word(k: LegendKey) -> String {
    k.word().to_string()
}

/// The SVG text of a run's charts, and the number of bars drawn.
pub fn to_svg_counted(r: &RunResult, o: &SvgOptions) -> (String, usize) {
    let width = f64::from(o.width.max(300));
    let (t0, t1) = o.window.unwrap_or((0.0, r.makespan.max(1) as f64));
    let mut c = Canvas { out: String::new(), t0, t1: t1.max(t0 + 1.0), width, bars: 0 };
    let mut y = 0.0;
    if !o.title.is_empty() {
        c.label(4.0, 18.0, &o.title, " font-weight=\"bold\" font-size=\"15\"");
        y += HEAD_H;
    }
    // Cores.
    c.label(4.0, y + 18.0, "Cores", " font-weight=\"bold\"");
    y += HEAD_H;
    c.axis(y, y + AXIS_H + LANE_H * r.cores.len() as f64);
    y += AXIS_H;
    for (i, lane) in r.core_lanes().iter().enumerate() {
        c.label(4.0, y + 15.0, &format!("core {i}"), "");
        c.lane(
            y,
            lane,
            |g| (g.start, g.end),
            |g| {
                Some(match g.activity {
                    CoreActivity::Run(t) => (
                        identity_colour(t),
                        Pattern::Solid,
                        format!("core {i}: {} {}–{}", r.thread_name(t), g.start, g.end),
                    ),
                    CoreActivity::Switch(t) => {
                        let (col, pat) = style(LegendKey::Switch);
                        (col, pat, format!("core {i}: switch to {} {}–{}", r.thread_name(t), g.start, g.end))
                    }
                })
            },
        );
        y += LANE_H;
    }
    // Threads.
    y += 8.0;
    c.label(4.0, y + 18.0, "Threads", " font-weight=\"bold\"");
    y += HEAD_H;
    c.axis(y, y + AXIS_H + LANE_H * r.threads.len() as f64);
    y += AXIS_H;
    for (i, lane) in r.thread_lanes().iter().enumerate() {
        c.label(4.0, y + 15.0, &r.threads[i].name.chars().take(14).collect::<String>(), "");
        c.lane(
            y,
            lane,
            |s| (s.start, s.end),
            |s| {
                let k = key_of(s)?;
                let (col, pat) = style(k);
                let what = match (s.cause, s.object) {
                    (Some(cause), Some(obj)) => format!("blocked ({} {})", cause.as_str(), r.object_name(obj)),
                    (Some(cause), None) => format!("blocked ({})", cause.as_str()),
                    _ => s.state.as_str().to_string(),
                };
                Some((col, pat, format!("{}: {what}, {}–{}", r.thread_name(s.thread), s.start, s.end)))
            },
        );
        y += LANE_H;
    }
    // Legend.
    y += 10.0;
    let (mut x, mut row_y) = (4.0, y);
    for k in legend_keys() {
        let (col, pat) = style(k);
        let word = legend_word(k);
        let w = 34.0 + 7.0 * word.len() as f64;
        if x + w > width {
            x = 4.0;
            row_y += 20.0;
        }
        let fill = if pat == Pattern::Outline { "none" } else { col };
        let (sx, sy) = (Short(x), Short(row_y));
        c.out.push_str(&format!(
            "<rect x=\"{sx}\" y=\"{sy}\" width=\"22\" height=\"14\" fill=\"{fill}\" stroke=\"#0006\"/>\n"
        ));
        if let Some(id) = pattern_id(pat) {
            c.out.push_str(&format!("<rect x=\"{sx}\" y=\"{sy}\" width=\"22\" height=\"14\" fill=\"url(#{id})\"/>\n"));
        }
        c.label(x + 27.0, row_y + 12.0, &word, "");
        x += w;
    }
    let (width, height) = (Short(width), Short(row_y + 24.0));
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\">\n<title>{}</title>\n{DEFS}<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n{}</svg>\n",
        xml(if o.title.is_empty() { "Threadlab run" } else { &o.title }),
        c.out
    );
    (svg, c.bars)
}

/// The SVG text of a run's charts.
pub fn to_svg(r: &RunResult, o: &SvgOptions) -> String {
    to_svg_counted(r, o).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_per_segment_when_they_are_wide_enough() {
        let r = threadlab_sim::run("cores 2\nthread a { cpu 3; lock m; io 2; unlock m }\nthread b { cpu 1 }").unwrap();
        let (svg, bars) = to_svg_counted(&r, &SvgOptions { title: "a <b> & c".into(), ..SvgOptions::default() });
        let drawn_states = r.segments.iter().filter(|s| key_of(s).is_some()).count();
        assert_eq!(bars, r.core_segments.len() + drawn_states);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title>a &lt;b&gt; &amp; c</title>"));
        assert!(svg.contains("blocked (io)") || svg.contains("blocked (io "), "{svg}");
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(axis_step(16.0), 2.0);
        assert_eq!(axis_step(100.0), 10.0);
        assert_eq!(axis_step(42_500.0), 5000.0);
        assert_eq!(axis_step(3.0), 1.0);
    }

    #[test]
    fn a_long_run_gets_about_a_bar_per_pixel() {
        let r = threadlab_sim::run("thread a { repeat 5000 { cpu 1; io 1 } }").unwrap();
        let (_, bars) = to_svg_counted(&r, &SvgOptions { width: 600, ..SvgOptions::default() });
        assert!(bars <= 2 * 600, "{bars}");
    }
}
