//! The outlet × outlet matrix as a heat map: each cell's shade is the share of the row outlet's
//! words it shares with the column outlet, and its text says the same number with the
//! direction the source hints give (`←` took, `→` gave, `·` unclear), so it reads in print and
//! without colour. The numbers are [`crate::view::matrix`]'s, the reader's own.

use std::io::{self, Write};

use super::esc;
use crate::report::{MATRIX_SHOWN, Report, percent};

pub(super) fn matrix(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"matrix\"><h2>Who shares with whom</h2>")?;
    let Some(m) = &report.matrix else {
        writeln!(
            out,
            "<p>{} outlets are too many for a matrix on a page: <code>crossread scan --format matrix</code> writes it whole.</p></section>",
            report.matrix_outlets
        )?;
        return Ok(());
    };
    let rows: Vec<usize> = m.rows.iter().copied().take(MATRIX_SHOWN).collect();
    let columns: Vec<usize> = m.columns.iter().copied().take(MATRIX_SHOWN).collect();
    let what = if m.is_per_article() {
        "article"
    } else {
        "outlet"
    };
    writeln!(
        out,
        "<p class=\"legend\">A cell is the share of the row {what}'s words that it shares with the \
         column {what}; <b>←</b> the row took them from the column, <b>→</b> gave them, \
         <b>·</b> the source hints do not tell. Rows: biggest borrowers first; columns: biggest \
         lenders first. For the whole corpus{}.</p>",
        if rows.len() < m.rows.len() || columns.len() < m.columns.len() {
            format!(
                ", the {} biggest of {} {what}s shown",
                rows.len().max(columns.len()),
                m.outlets.len()
            )
        } else {
            String::new()
        }
    )?;
    write!(
        out,
        "<div class=\"scroll\"><table class=\"heat\"><thead><tr><th>{what} (row) \\ column</th>"
    )?;
    for (n, &c) in columns.iter().enumerate() {
        let name = m.outlets.get(c).map_or("", |o| o.name.as_str());
        write!(
            out,
            "<th class=\"num\" scope=\"col\" title=\"{0}\">{1}</th>",
            esc(name),
            n + 1
        )?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for &r in &rows {
        let name = m.outlets.get(r).map_or("", |o| o.name.as_str());
        let number = columns
            .iter()
            .position(|&c| c == r)
            .map(|n| format!("{}. ", n + 1))
            .unwrap_or_default();
        write!(out, "<tr><th scope=\"row\">{number}{}</th>", esc(name))?;
        for &c in &columns {
            let cell = m.cell(r, c);
            if r == c || cell.shared_words == 0 {
                write!(out, "<td class=\"cell\"></td>")?;
                continue;
            }
            // A faint shade for the smallest share, so every non-empty cell shows.
            let shade = (cell.share * 2.0).clamp(0.06, 1.0);
            write!(
                out,
                "<td class=\"cell\" style=\"--h:{shade:.2}\" title=\"{} words\">{} {}</td>",
                cell.shared_words,
                percent(cell.share),
                cell.direction().glyph()
            )?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div></section>")
}
