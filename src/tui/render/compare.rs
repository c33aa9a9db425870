//! The compare view: two panes whose rows were lined up by the library ([`crossread::view::pairing`])
//! and laid out in `settle`; this only draws the rows on screen. Text only one side has is
//! dimmed; inside a shared passage, words only on one side, changed, or respelled are marked
//! with colour and a text style, and each row's gutter says what kind of row it is, so the
//! view reads without colour: `≡` the same words, `~` respellings only, `±` words differ.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crossread::view::pairing::{Block, WordChange, WordMark};

use super::highlight::{Highlight, styled_line};
use super::{fit, fit_text, pane_block, title_of};
use crate::tui::app::state::State;
use crate::tui::screens::compare::CompareView;
use crate::tui::theme::Styles;

/// The gutter glyph of a shared row whose words are the same.
const SAME: &str = "≡";
/// … whose only differences are respellings.
const RESPELLED: &str = "~";
/// … where words differ.
const DIFFERENT: &str = "±";

pub fn render(state: &State, frame: &mut Frame) {
    let Some(compare) = state.compare.as_ref() else {
        return;
    };
    for side in 0..2 {
        render_side(state, compare, side, frame);
    }
}

fn render_side(state: &State, compare: &CompareView, side: usize, frame: &mut Frame) {
    let area = fit(compare.layout.panes[side], frame);
    if area.is_empty() {
        return;
    }
    let id = [compare.pairing.left, compare.pairing.right][side];
    let Some(article) = state.corpus.article(id) else {
        return;
    };
    let title_width = usize::from(area.width.saturating_sub(4));
    let focused = !compare.sync && compare.side == side && state.overlay.is_none();
    let block = pane_block(focused)
        .title(format!(" {} ", fit_text(title_of(article), title_width)))
        .title_bottom(
            Line::from(format!(
                " {} ",
                fit_text(&article.outlet, title_width.saturating_sub(2))
            ))
            .right_aligned(),
        );
    frame.render_widget(block, area);
    let text_area = fit(compare.layout.texts[side], frame);
    if text_area.is_empty() {
        return;
    }
    let text = article.text();
    let rows = compare
        .rows
        .iter()
        .skip(compare.scroll[side])
        .take(usize::from(text_area.height));
    for (y, row) in (text_area.y..).zip(rows) {
        let (Some(index), Some(line)) = (row.block, [&row.left, &row.right][side].as_ref()) else {
            continue;
        };
        let Some(block) = compare.pairing.blocks.get(index) else {
            continue;
        };
        let is_current = compare.current == Some(index);
        let (highlights, glyph) =
            row_style(&state.styles, block, side, &line.byte_span, is_current);
        let rect = Rect::new(text_area.x, y, text_area.width, 1).intersection(frame.area());
        frame.render_widget(
            Paragraph::new(styled_line(text, &line.byte_span, &highlights)),
            rect,
        );
        if let Some((glyph, style)) = glyph
            && text_area.x > area.x
        {
            let rect = Rect::new(text_area.x - 1, y, 1, 1).intersection(frame.area());
            frame.render_widget(Paragraph::new(glyph).style(style), rect);
        }
    }
}

/// The highlights of one line of a block, and its gutter glyph.
fn row_style(
    styles: &Styles,
    block: &Block,
    side: usize,
    line: &std::ops::Range<usize>,
    is_current: bool,
) -> (Vec<Highlight>, Option<(&'static str, Style)>) {
    let own = if side == 0 { &block.left } else { &block.right };
    let Some(shared) = &block.shared else {
        // Only this side has it.
        let dim = Highlight {
            byte_span: own.clone(),
            style: styles.fg(
                Style::new().add_modifier(Modifier::DIM),
                styles.theme.dimmed,
            ),
        };
        return (vec![dim], None);
    };
    let marks: &[WordMark] = if side == 0 {
        &shared.left_words
    } else {
        &shared.right_words
    };
    let mut highlights = Vec::new();
    if is_current {
        highlights.push(Highlight {
            byte_span: own.clone(),
            style: Style::new().add_modifier(Modifier::BOLD),
        });
    }
    let mut worst = None;
    for mark in marks {
        let on_line = mark.byte_span.start < line.end && line.start < mark.byte_span.end;
        if on_line {
            worst = worst.max(Some(mark.change != WordChange::Respelled));
        }
        highlights.push(Highlight {
            byte_span: mark.byte_span.clone(),
            style: word_style(styles, mark.change, side),
        });
    }
    let glyph = match worst {
        Some(true) => DIFFERENT,
        Some(false) => RESPELLED,
        None => SAME,
    };
    let style = if is_current {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    (highlights, Some((glyph, style)))
}

/// How a differing word is drawn: a respelling lightly (italic), a changed word underlined in
/// yellow, a word only on the left struck through in red, one only on the right underlined in
/// green.
pub fn word_style(styles: &Styles, change: WordChange, side: usize) -> Style {
    let theme = &styles.theme;
    match (change, side) {
        (WordChange::Respelled, _) => Style::new().add_modifier(Modifier::ITALIC),
        (WordChange::Changed, _) => styles.fg(
            Style::new().add_modifier(Modifier::UNDERLINED),
            theme.changed,
        ),
        (WordChange::Only, 0) => styles.fg(
            Style::new().add_modifier(Modifier::CROSSED_OUT),
            theme.removed,
        ),
        (WordChange::Only, _) => styles.fg(
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            theme.added,
        ),
    }
}

/// ` passage 1/2 · 90% similar · rewrite · Outlet A ⇄ Outlet B · in step`.
pub fn status(state: &State) -> String {
    let Some(compare) = state.compare.as_ref() else {
        return String::new();
    };
    let outlet = |id| {
        state
            .corpus
            .article(id)
            .map_or(String::new(), |a| a.outlet.clone())
    };
    let pair = format!(
        "{} ⇄ {}",
        outlet(compare.pairing.left),
        outlet(compare.pairing.right)
    );
    let shared: Vec<usize> = compare.pairing.shared_blocks().collect();
    let passage = match compare.current.and_then(|c| {
        let at = shared.iter().position(|&b| b == c)?;
        Some((at, compare.pairing.blocks[c].shared.as_ref()?))
    }) {
        Some((at, s)) => format!(
            "passage {}/{} · {:.0}% similar · {}",
            at + 1,
            shared.len(),
            s.kind.shown_similarity(s.similarity) * 100.0,
            s.kind.as_str()
        ),
        None if state.reuse.is_running() => "looking for shared passages".to_owned(),
        None if shared.is_empty() => "no shared passage".to_owned(),
        None => format!("{} shared passages (] jumps)", shared.len()),
    };
    let scrolling = if compare.sync {
        "in step"
    } else if compare.side == 0 {
        "left scrolls"
    } else {
        "right scrolls"
    };
    format!(" {passage} · {pair} · {scrolling}")
}
