//! The article list: title, then outlet and word count, one or two rows per article. Draws only
//! the rows on screen. On a narrow list the outlet keeps its room first: the copied share
//! shortens to its figure, then the bar, the passage count and the word count drop away.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr as _;

use super::{fit, fit_text, pane_block, reuse_marks, thousands, title_of};
use crate::tui::app::screen::Pane;
use crate::tui::app::state::State;

/// Marks the selected article, so the selection shows without colour.
const MARKER: &str = "▶ ";
const NO_MARKER: &str = "  ";
/// Marks an article marked for comparing (`m`).
const MARKED: &str = "● ";

pub fn render(state: &State, frame: &mut Frame) {
    let area = fit(state.layout.list, frame);
    if area.is_empty() {
        return;
    }
    let focused = state.focus == Pane::List && state.overlay.is_none();
    let count = state.list_len();
    let filter = state
        .list_filter
        .as_ref()
        .map(|f| format!("· {} ", fit_text(&f.label, 20)))
        .unwrap_or_default();
    let title = if count == 0 {
        format!(" Articles {filter}")
    } else {
        format!(
            " Articles {}/{} {filter}",
            thousands(state.list.selected + 1),
            thousands(count)
        )
    };
    // The order stays on screen, in the bottom border (as lazygit and gitui show a panel's
    // state), not only in the message `s` leaves.
    let sort = format!(" by {} ", state.sort.label());
    let mut block = pane_block(focused).title(title);
    if usize::from(area.width) >= sort.width() + 4 {
        block = block.title_bottom(Line::from(sort).right_aligned());
    }
    frame.render_widget(block, area);
    let inner = fit(state.layout.list_inner, frame);
    if inner.is_empty() {
        return;
    }
    if count == 0 {
        let text = if state.list_filter.is_some() {
            "(no article has that label; f: change)"
        } else {
            "(no articles)"
        };
        frame.render_widget(
            Paragraph::new(fit_text(text, usize::from(inner.width))),
            inner,
        );
        return;
    }
    let rows = state.layout.list_rows_per_item();
    let width = usize::from(inner.width);
    let end = (state.list.offset + state.layout.list_visible_items()).min(count);
    let shown = (state.list.offset..end)
        .filter_map(|row| state.corpus.articles.get(state.article_at(row)?));
    for (row, article) in shown.enumerate() {
        let selected = state.list.offset + row == state.list.selected;
        let Ok(row) = u16::try_from(row) else { break };
        let y = inner.y + row * rows;
        if y >= inner.bottom() {
            break;
        }
        let style = match (selected, focused) {
            (true, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        };
        let lines = article_lines(state, article, selected, rows, width);
        let swatch_y = y + 1;
        for (i, text) in lines.iter().enumerate() {
            let y = y + u16::try_from(i).unwrap_or(0);
            if y >= inner.bottom() {
                break;
            }
            let line = Line::styled(fit_text(text, width), style);
            // Pad the selected row so the highlight spans the pane.
            let rect = Rect::new(inner.x, y, inner.width, 1);
            frame.render_widget(Paragraph::new(line).style(style), rect);
        }
        // The article's colour, as its passages are marked elsewhere: the legend.
        if rows == 2 && swatch_y < inner.bottom() && state.reuse.result.is_some() {
            let rect = Rect::new(inner.x, swatch_y, 1, 1).intersection(frame.area());
            let swatch = reuse_marks::colour_of(&state.styles, article.id);
            frame.render_widget(Paragraph::new("■").style(style.patch(swatch)), rect);
        }
    }
}

/// The text of an article's rows: its title after the selection or compare marker, then (on
/// two-row lists) its outlet, date, size and copied share.
fn article_lines(
    state: &State,
    article: &crossread::Article,
    selected: bool,
    rows: u16,
    width: usize,
) -> Vec<String> {
    let marker = match (selected, state.marks.contains(&article.id)) {
        (true, _) => MARKER,
        (false, true) => MARKED,
        (false, false) => NO_MARKER,
    };
    let unread = state.is_unread(article.id.index());
    let size = if unread {
        "…".to_owned()
    } else if article.is_empty() {
        "(empty)".to_owned()
    } else {
        format!("{} words", thousands(article.words))
    };
    if rows != 2 {
        return if article.is_empty() && !unread {
            vec![format!("{marker}{} (empty)", title_of(article))]
        } else {
            vec![format!("{marker}{}", title_of(article))]
        };
    }
    let share = state
        .reuse
        .result
        .as_ref()
        .map(|r| r.article(article.id))
        .map(|f| (f.copied_share.clamp(0.0, 1.0), f.shared_passages));
    let mark = if selected && state.marks.contains(&article.id) {
        MARKED
    } else {
        NO_MARKER
    };
    let room = width.saturating_sub(mark.width());
    // The date column: the day of publication beside the outlet, when known.
    let date = article.published.map(|d| d.day_string());
    vec![
        format!("{marker}{}", title_of(article)),
        format!(
            "{mark}{}",
            second_row(&article.outlet, date.as_deref(), &size, share, room)
        ),
    ]
}

/// An article's second row in `width` cells: its outlet on the left, its copied share on the
/// right (`▰▱▱▱▱  18% 4⇄`, once detection has run), and its size after the outlet when there is
/// room. The outlet goes first: the size drops, then the share shortens to `18% 4⇄`, then
/// `18%`, before the outlet is cut (and then only to leave `18%` beside it).
fn second_row(
    outlet: &str,
    date: Option<&str>,
    size: &str,
    share: Option<(f64, usize)>,
    width: usize,
) -> String {
    let outlet = fit_text(outlet, usize::MAX);
    // The outlet with its date (`2025-08-21`, or `08-21` where room is short), else alone.
    let dated: Vec<String> = match date {
        Some(date) => vec![
            format!("{outlet} · {date}"),
            format!("{outlet} · {}", date.get(5..).unwrap_or(date)),
        ],
        None => Vec::new(),
    };
    let Some((share, passages)) = share else {
        let full = format!("{} · {size}", dated.first().unwrap_or(&outlet));
        let fits = std::iter::once(&full)
            .chain(&dated)
            .find(|l| l.width() <= width)
            .unwrap_or(&outlet);
        return fit_text(fits, width);
    };
    let percent = format!("{:>3.0}%", share * 100.0);
    let counted = format!("{percent} {passages}⇄");
    let rights = [
        format!("{} {counted}", reuse_marks::bar(share, 5)),
        counted,
        percent.clone(),
    ];
    // A date is worth more than the bar: the dated forms are tried first with every figure.
    let dated_sized: Vec<String> = dated
        .first()
        .map(|d| format!("{d} · {size}"))
        .into_iter()
        .chain(dated.iter().cloned())
        .collect();
    for left in &dated_sized {
        for right in &rights {
            if left.width() + 2 + right.width() <= width {
                let pad = width - left.width() - right.width();
                return format!("{left}{}{right}", " ".repeat(pad));
            }
        }
    }
    let sized = format!("{outlet} · {size}");
    for right in &rights {
        for left in [&sized, &outlet] {
            if left.width() + 2 + right.width() <= width {
                let pad = width - left.width() - right.width();
                return format!("{left}{}{right}", " ".repeat(pad));
            }
        }
    }
    // The outlet alone is too wide: cut it, keeping the figure when that leaves it some room.
    let percent = percent.trim_start();
    if width >= percent.width() + 8 {
        let left = fit_text(&outlet, width - percent.width() - 1);
        let pad = width - left.width() - percent.width();
        format!("{left}{}{percent}", " ".repeat(pad))
    } else {
        fit_text(&outlet, width)
    }
}

#[cfg(test)]
mod tests {
    use super::second_row;

    #[test]
    fn the_outlet_comes_before_the_share_bar() {
        let share = Some((0.18, 4));
        let at = |width| second_row("New York Post", None, "812 words", share, width);
        assert_eq!(at(40), "New York Post · 812 words  ▰▱▱▱▱  18% 4⇄");
        assert_eq!(at(30), "New York Post    ▰▱▱▱▱  18% 4⇄");
        assert_eq!(at(24), "New York Post     18% 4⇄");
        assert_eq!(at(18), "New York Post  18%");
        assert_eq!(at(14), "New York … 18%");
        assert_eq!(at(8), "New Yor…");
        assert_eq!(
            second_row(
                "Daily8 (AFP, with Reuters)",
                None,
                "1 word",
                Some((0.03, 3)),
                24
            ),
            "Daily8 (AFP, with Re… 3%"
        );
        assert_eq!(
            second_row("New York Post", None, "…", None, 24),
            "New York Post · …"
        );
        assert_eq!(
            second_row("New York Post", None, "812 words", None, 16),
            "New York Post"
        );
    }
}
