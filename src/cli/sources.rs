//! `crossread sources` (and `scan --sources`): the metadata crossread inferred for each article,
//! with where each field came from, so a user can check it before trusting dates and outlets in
//! the source hints. Loading is `main.rs`'s; this only lays out the table.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crossread::Corpus;
use crossread::corpus::metadata::Origin;

/// The widest a column of the table grows; longer values are cut with `…`.
const MAX_COLUMN: usize = 40;

/// `text` cut to `width` columns.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() >= width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn origin_mark(origin: Origin) -> &'static str {
    match origin {
        Origin::Config => "",
        Origin::FrontMatter => " ᶠ",
        Origin::Guessed => " ?",
        Origin::Missing => "",
    }
}

/// Writes the table: one row per article (file, outlet, date, title, url), a mark after a
/// value that came from front matter (`ᶠ`) or was guessed (`?`), and a legend.
pub fn write(out: &mut impl Write, corpus: &Corpus) -> io::Result<()> {
    let header = ["file", "outlet", "date", "title", "url"];
    let rows: Vec<[String; 5]> = corpus
        .articles
        .iter()
        .map(|a| {
            let [title_o, outlet_o, date_o, url_o] = a.meta_origins;
            let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            [
                clean(&a.name),
                format!("{}{}", clean(&a.outlet), origin_mark(outlet_o)),
                a.published
                    .map_or_else(|| "-".to_owned(), |d| format!("{d}{}", origin_mark(date_o))),
                format!("{}{}", clean(&a.title), origin_mark(title_o)),
                a.url.as_deref().map_or_else(
                    || "-".to_owned(),
                    |u| format!("{}{}", clean(u), origin_mark(url_o)),
                ),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
                .min(MAX_COLUMN)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell = fit(cell, widths[i]);
            if i + 1 == cells.len() {
                s.push_str(&cell);
            } else {
                s.push_str(&cell);
                s.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header.map(str::to_owned)))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    let dated = corpus
        .articles
        .iter()
        .filter(|a| a.published.is_some())
        .count();
    writeln!(out)?;
    writeln!(
        out,
        "{} articles, {dated} dated. ᶠ from front matter, ? guessed (file name, first line); the rest from [[source]] in the config.",
        corpus.articles.len()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_to_the_column() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a very long outlet name", 8), "a very …");
        assert_eq!(fit("a very long outlet name", 8).width(), 8);
    }
}
