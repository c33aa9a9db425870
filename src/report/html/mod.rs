//! The report as one self-contained HTML file: its stylesheet and its small script are inline,
//! and it names no font, image or script elsewhere, so it opens from a USB stick with the
//! network off. Every mark has a text form as well as a colour (`⇄4` before a shared passage,
//! `◆label` before a tag, struck and underlined words in diffs), and the page prints with every
//! section open and no passage split across pages where the browser can avoid it.
//!
//! Long reports stay usable: passages and articles are `<details>`, closed until opened or
//! linked to, and a filter bar narrows the index by words, outlet and label.

mod matrix;
mod sections;

use std::io::{self, Write};

use crate::config::theme::{Colour, NAMED_COLOURS};
use crate::report::Report;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Writes `report` as an HTML document.
///
/// # Errors
/// What writing to `out` fails with.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let title = format!("crossread report: {}", report.title);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<meta name=\"generator\" content=\"crossread {}\">",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "<title>{}</title>", esc(&title))?;
    writeln!(out, "<style>\n{STYLE}")?;
    for (i, _) in report.outlets.iter().enumerate() {
        writeln!(out, ".o{i}{{--c:{}}}", outlet_colour(i))?;
    }
    writeln!(out, "</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", esc(&title))?;
    if !report.selection.is_empty() {
        writeln!(
            out,
            "<p class=\"meta\">Only {}.</p>",
            esc(&report.selection)
        )?;
    }
    writeln!(
        out,
        "<nav class=\"toc\"><a href=\"#summary\">Summary</a><a href=\"#outlets\">Outlets</a>\
         <a href=\"#matrix\">Who shares with whom</a>\
         <a href=\"#passages\">Shared passages</a><a href=\"#articles\">Articles</a>\
         <a href=\"#tags\">Tags</a></nav>"
    )?;
    writeln!(out, "</header>")?;
    writeln!(out, "<main>")?;
    sections::summary(report, out)?;
    sections::outlets(report, out)?;
    matrix::matrix(report, out)?;
    filters(report, out)?;
    sections::clusters(report, out)?;
    sections::articles(report, out)?;
    sections::tags(report, out)?;
    writeln!(out, "</main>")?;
    writeln!(out, "<script>\n{SCRIPT}</script>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// The filter bar: words, outlet and label narrow the passages, articles and tags shown.
fn filters(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<div class=\"filters noprint\" role=\"search\">\
         <label for=\"q\">Filter</label>\
         <input id=\"q\" type=\"search\" placeholder=\"words in a title, outlet, file or passage number\">"
    )?;
    write!(
        out,
        "<select id=\"fo\" aria-label=\"outlet\"><option value=\"\">every outlet</option>"
    )?;
    for (i, outlet) in report.outlets.iter().enumerate() {
        write!(out, "<option value=\"{i}\">{}</option>", esc(&outlet.name))?;
    }
    write!(
        out,
        "</select><select id=\"fl\" aria-label=\"label\"><option value=\"\">every label</option>"
    )?;
    for name in report.labels.keys() {
        write!(out, "<option value=\"{0}\">{0}</option>", esc(name))?;
    }
    writeln!(out, "</select><span id=\"shown\"></span></div>")
}

/// A distinct background colour for outlet `i`, light enough to read black text on: ten
/// hand-picked ones (after the Okabe–Ito set, lightened), then hues a golden angle apart.
pub fn outlet_colour(i: usize) -> String {
    const FIRST: [&str; 10] = [
        "#ffd39b", "#a6dcf7", "#b5ebc9", "#fff09a", "#d3c2f2", "#f9c4de", "#c8e6a0", "#b7c9f7",
        "#f2c2a6", "#dcdcdc",
    ];
    match FIRST.get(i) {
        Some(c) => (*c).to_owned(),
        None => {
            let hue = (i as f64 * 137.508) % 360.0;
            format!("hsl({hue:.0} 75% 82%)")
        }
    }
}

/// A label's colour as CSS: its `[labels]` colour (a terminal colour name or `#rrggbb`), else
/// none (the stylesheet's default).
pub fn label_colour(colour: Option<&str>) -> Option<String> {
    // The terminal palette's usual RGB values, so a label looks as it does in the reader.
    const RGB: [&str; 16] = [
        "#000000", "#cd3131", "#0dbc79", "#b59400", "#2472c8", "#bc3fbc", "#11a8cd", "#8a8a8a",
        "#666666", "#f14c4c", "#23d18b", "#d6b400", "#3b8eea", "#d670d6", "#29b8db", "#c8c8c8",
    ];
    match Colour::parse(colour?.trim()).ok()? {
        Colour::Default => None,
        Colour::Named(i) => RGB
            .get(usize::from(i))
            .filter(|_| usize::from(i) < NAMED_COLOURS.len())
            .map(|c| (*c).to_owned()),
        Colour::Rgb(r, g, b) => Some(format!("#{r:02x}{g:02x}{b:02x}")),
    }
}

/// `text` safe inside an element or a quoted attribute. Characters HTML forbids in a document
/// (control characters, noncharacters) become U+FFFD so the page always parses cleanly.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => {}
            c if is_forbidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Characters whose presence is an HTML parse error: controls other than white space, and
/// Unicode noncharacters.
fn is_forbidden(c: char) -> bool {
    let u = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\x0c'))
        || (0xfdd0..=0xfdef).contains(&u)
        || (u & 0xfffe) == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_forbidden_characters() {
        assert_eq!(
            esc("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(
            esc("a\u{1}b\u{7f}c\u{fffe}d\r\n"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\n"
        );
    }

    #[test]
    fn label_colours_follow_the_reader_and_reject_nonsense() {
        assert_eq!(label_colour(Some("cyan")).as_deref(), Some("#11a8cd"));
        assert_eq!(label_colour(Some("#FF8800")).as_deref(), Some("#ff8800"));
        assert_eq!(label_colour(Some("default")), None);
        assert_eq!(label_colour(Some("blurple")), None);
        assert_eq!(label_colour(None), None);
    }

    #[test]
    fn outlet_colours_are_distinct() {
        let colours: Vec<String> = (0..40).map(outlet_colour).collect();
        let mut unique = colours.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), colours.len());
    }
}
