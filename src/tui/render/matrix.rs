//! Drawing the outlet × outlet matrix: outlet names down the left (biggest borrowers first),
//! short names across the top (biggest lenders first), a cell per pair with the share of the row
//! outlet's words it shares with the column and `←` (took from it) or `→` (gave to it), the
//! cursor's cell reversed, and a line spelling out the cursor's cell in full.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr as _;

use crossread::view::matrix::{Cell, Direction};

use super::{fit, fit_text, pane_block, thousands};
use crate::tui::app::state::State;
use crate::tui::screens::matrix::{CELL_WIDTH, PairList, name_width};

/// A cell as drawn: `12%←`, `<1%`, `·` for nothing shared, `—` for an outlet against itself
/// when it has a single article.
fn cell_text(cell: &Cell, is_self: bool) -> String {
    if is_self && cell.shared_words == 0 {
        return "—".to_owned();
    }
    if cell.shared_words == 0 {
        return "·".to_owned();
    }
    let percent = cell.share * 100.0;
    let figure = if percent < 1.0 {
        "<1%".to_owned()
    } else {
        format!("{percent:.0}%")
    };
    match cell.direction() {
        Direction::Unclear => figure,
        direction => format!("{figure}{}", direction.glyph()),
    }
}

/// A short name for a column heading.
fn short(name: &str) -> String {
    fit_text(name, usize::from(CELL_WIDTH - 1))
}

/// Right-aligns `text` in `width` cells.
fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

pub fn render(state: &State, frame: &mut Frame) {
    let Some(view) = state.matrix.as_ref() else {
        return;
    };
    let area = fit(
        ratatui::layout::Rect::new(0, 0, state.width, state.height.saturating_sub(1)),
        frame,
    );
    let matrix = &view.matrix;
    let title = if matrix.is_per_article() {
        " Who shares with whom · article × article "
    } else {
        " Who shares with whom · outlet × outlet "
    };
    let block = pane_block(true).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let names = usize::from(name_width(state.width));
    let cell = usize::from(CELL_WIDTH);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(fit_text(
        "row's words shared with column · ← row took from it · → row gave to it",
        width,
    )));
    let columns: Vec<usize> = matrix
        .columns
        .iter()
        .copied()
        .skip(view.column_scroll)
        .take(view.visible_columns)
        .collect();
    let mut header = " ".repeat(names + 1);
    for &c in &columns {
        header.push_str(&pad_left(&short(&matrix.outlets[c].name), cell - 1));
        header.push(' ');
    }
    lines.push(Line::from(fit_text(&header, width)));
    for (pos, &r) in matrix
        .rows
        .iter()
        .enumerate()
        .skip(view.row_scroll)
        .take(view.visible_rows)
    {
        let outlet = &matrix.outlets[r];
        let mut spans = vec![Span::raw(format!(
            "{} ",
            pad_right(&fit_text(&outlet.name, names), names)
        ))];
        for (i, &c) in columns.iter().enumerate() {
            let text = pad_left(&cell_text(matrix.cell(r, c), r == c), cell - 1);
            let selected = pos == view.row && i + view.column_scroll == view.column;
            let style = if selected {
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::new()
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    // The cursor's cell in words, on the last line of the box.
    let detail = view.cursor().map(|(r, c)| {
        let cell = matrix.cell(r, c);
        let (row, column) = (&matrix.outlets[r].name, &matrix.outlets[c].name);
        if cell.shared_words == 0 {
            format!("{row} shares nothing with {column}")
        } else {
            format!(
                "{row}: {:.1}% of its words ({}) shared with {column}; took {}, gave {} · {} pair{} · Enter: compare",
                cell.share * 100.0,
                thousands(cell.shared_words),
                thousands(cell.took_words),
                thousands(cell.gave_words),
                cell.pairs.len(),
                if cell.pairs.len() == 1 { "" } else { "s" }
            )
        }
    });
    let body_rows = usize::from(inner.height.saturating_sub(1));
    lines.truncate(body_rows);
    while lines.len() < body_rows {
        lines.push(Line::from(""));
    }
    if let Some(detail) = detail {
        lines.push(Line::from(fit_text(&detail, width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(list) = view.pairs.as_ref() {
        render_pairs(state, list, frame);
    }
}

/// The list of article pairs of one cell, over the matrix: one line per pair, the selected
/// one marked `▶` and reversed.
fn render_pairs(state: &State, list: &PairList, frame: &mut Frame) {
    let Some(view) = state.matrix.as_ref() else {
        return;
    };
    let label = |id: crossread::ArticleId| {
        state
            .corpus
            .article(id)
            .map_or_else(|| "?".to_owned(), |a| format!("{} ({})", a.title, a.name))
    };
    let (row, column) = (
        &view.matrix.outlets[list.outlets.0].name,
        &view.matrix.outlets[list.outlets.1].name,
    );
    let width = state.width.saturating_sub(4).min(100);
    let inner_width = usize::from(width.saturating_sub(2));
    let rows = u16::try_from(list.pairs.len() * 2 + 2).unwrap_or(u16::MAX);
    let height = rows.min(state.height.saturating_sub(2));
    let shown = usize::from(height.saturating_sub(2)) / 2;
    let skip = (list.selected + 1).saturating_sub(shown.max(1));
    let mut lines = Vec::new();
    for (i, &(left, right)) in list.pairs.iter().enumerate().skip(skip) {
        let selected = i == list.selected;
        let style = if selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        let mark = if selected { "▶" } else { " " };
        lines.push(Line::styled(
            fit_text(&format!("{mark} {}", label(left)), inner_width),
            style,
        ));
        lines.push(Line::styled(
            fit_text(&format!("  ⇄ {}", label(right)), inner_width),
            style,
        ));
    }
    let x = state.width.saturating_sub(width) / 2;
    let y = state.height.saturating_sub(1).saturating_sub(height) / 2;
    let area = fit(ratatui::layout::Rect::new(x, y, width, height), frame);
    let title = fit_text(
        &format!(" {} article pairs: {row} ⇄ {column} ", list.pairs.len()),
        inner_width,
    );
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            ratatui::widgets::Block::bordered()
                .title(title)
                .title_bottom(" j k select · Enter compare · Esc back "),
        ),
        area,
    );
}

/// Left-aligns `text` in `width` cells.
fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// The status line: where the cursor is in the matrix.
pub fn status(state: &State) -> String {
    match state.matrix.as_ref() {
        Some(view) => format!(
            " matrix · row {}/{} · column {}/{} · j k h l move · Esc back",
            view.row + 1,
            view.matrix.rows.len(),
            view.column + 1,
            view.matrix.columns.len()
        ),
        None => String::new(),
    }
}
