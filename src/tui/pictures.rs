//! The README's pictures of the reader and the compare view, drawn by the real render code on
//! the seeds and written as SVG from the test backend's buffer, so they show what the program
//! draws. `docs/pictures.sh` sets `CROSSREAD_PICTURES` to the folder to write them to; without
//! it the test writes them to a temporary folder and only checks them.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// Cell size in SVG units: a monospace font's advance and line height at 14px.
const CELL_W: f64 = 8.4;
const CELL_H: f64 = 17.0;
const BACKGROUND: &str = "#1d1f21";
const FOREGROUND: &str = "#d7d7d7";

/// The usual RGB of the 16 terminal colours (a dark theme).
fn named(color: Color) -> Option<&'static str> {
    Some(match color {
        Color::Black => "#1d1f21",
        Color::Red => "#cc6666",
        Color::Green => "#8fbf5f",
        Color::Yellow => "#e6c547",
        Color::Blue => "#6f9fd8",
        Color::Magenta => "#b294bb",
        Color::Cyan => "#62b8bf",
        Color::Gray => "#a0a0a0",
        Color::DarkGray => "#666666",
        Color::LightRed => "#ff7b7b",
        Color::LightGreen => "#b5e890",
        Color::LightYellow => "#fff27a",
        Color::LightBlue => "#9ec5f5",
        Color::LightMagenta => "#d7b4e0",
        Color::LightCyan => "#9ae6ea",
        Color::White => "#f0f0f0",
        _ => return None,
    })
}

fn css(color: Color, default: &str) -> String {
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) if i >= 16 => {
            // The xterm 256-colour cube and grey ramp.
            if i >= 232 {
                let v = 8 + 10 * (i - 232);
                format!("#{v:02x}{v:02x}{v:02x}")
            } else {
                let i = i - 16;
                let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
                format!(
                    "#{:02x}{:02x}{:02x}",
                    level(i / 36),
                    level((i / 6) % 6),
                    level(i % 6)
                )
            }
        }
        other => named(other).unwrap_or(default).to_owned(),
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `buffer` as an SVG image: a rectangle per run of one background, a text per run of one
/// style, each stretched to its cells so columns line up whatever font the viewer has.
pub fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let (w, h) = (
        f64::from(area.width) * CELL_W,
        f64::from(area.height) * CELL_H,
    );
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.1} {h:.1}\" \
         font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"{BACKGROUND}\"/>\n"
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(area.x + x, area.y + y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let style = (cell.fg, cell.bg, cell.modifier);
            let mut text = String::new();
            let start = x;
            while x < area.width {
                let c = &buffer[(area.x + x, area.y + y)];
                if (c.fg, c.bg, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let (mut fg, mut bg) = (css(style.0, FOREGROUND), css(style.1, BACKGROUND));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            let (px, py) = (f64::from(start) * CELL_W, f64::from(y) * CELL_H);
            let width = f64::from(x - start) * CELL_W;
            if bg != BACKGROUND {
                let _ = writeln!(
                    out,
                    "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{width:.1}\" height=\"{CELL_H}\" fill=\"{bg}\"/>"
                );
            }
            if text.trim().is_empty() {
                continue;
            }
            let mut attrs = String::new();
            if style.2.contains(Modifier::BOLD) {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if style.2.contains(Modifier::ITALIC) {
                attrs.push_str(" font-style=\"italic\"");
            }
            if style.2.contains(Modifier::UNDERLINED) {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            if style.2.contains(Modifier::CROSSED_OUT) {
                attrs.push_str(" text-decoration=\"line-through\"");
            }
            if style.2.contains(Modifier::DIM) {
                attrs.push_str(" opacity=\"0.6\"");
            }
            let _ = writeln!(
                out,
                "<text x=\"{px:.1}\" y=\"{:.1}\" textLength=\"{width:.1}\" lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\" fill=\"{fg}\"{attrs}>{}</text>",
                py + CELL_H * 0.78,
                xml(&text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{draw, press, seeds_state, with_reuse};

    #[test]
    fn readme_pictures_come_from_the_real_screens() {
        let dir = match std::env::var_os("CROSSREAD_PICTURES") {
            Some(dir) => std::path::PathBuf::from(dir),
            None => std::env::temp_dir().join(format!("crossread-pictures-{}", std::process::id())),
        };
        std::fs::create_dir_all(&dir).expect("the pictures folder");
        let mut reader = with_reuse(seeds_state(120, 32));
        press(&mut reader, "j<enter>nn");
        let mut compare = with_reuse(seeds_state(120, 32));
        press(&mut compare, "j<enter>nnn<enter><enter>");
        for (name, state, must_show) in [
            ("reader", &reader, "Lavrov pours cold water"),
            ("compare", &compare, "Zelenskiy"),
        ] {
            let terminal = draw(state);
            let picture = svg(terminal.backend().buffer());
            assert!(picture.starts_with("<svg"), "{name}");
            assert!(picture.contains(must_show), "{name} lacks {must_show}");
            // Colour carries meaning on these screens: more than the background and the text.
            let colours: std::collections::BTreeSet<&str> = picture
                .split("fill=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
                .collect();
            assert!(colours.len() > 2, "{name}: {colours:?}");
            std::fs::write(dir.join(format!("{name}.svg")), picture).expect("write the picture");
        }
    }
}
