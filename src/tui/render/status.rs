//! The status bar: where the reader is (article, position in it), and on the right what needs
//! saying: a message from the last action, else the current load warning.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr as _;

use super::{columns, compare, fit, fit_text, reuse_marks, thousands};
use crate::tui::app::screen::Overlay;
use crate::tui::app::state::State;
use crate::tui::app::views::View;

pub fn render(state: &State, frame: &mut Frame) {
    let area = fit(state.layout.status, frame);
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let style = state.styles.fg(
        Style::new().add_modifier(Modifier::REVERSED),
        state.styles.theme.status,
    );
    if let Some(prompt) = search_prompt(state) {
        frame.render_widget(Paragraph::new(fit_text(&prompt, width)).style(style), area);
        return;
    }
    let mut position = match state.view {
        View::Main => position(state),
        View::Compare => compare::status(state),
        View::Columns => columns::status(state),
        View::Matrix => super::matrix::status(state),
    };
    // Detection's gauge follows the position, so a warning on the right stays readable.
    if let Some(gauge) = reuse_marks::gauge(state) {
        position = format!("{position}  {gauge}");
    }
    // With nothing to say, the right end says where the keys are.
    let notice = notice(state).or_else(|| Some("? help ".to_owned()));
    let text = match notice {
        None => fit_text(&position, width),
        Some(notice) => {
            let notice = fit_text(&notice, width);
            let room = width.saturating_sub(notice.width() + 2);
            if room >= 12 {
                let left = fit_text(&position, room);
                let pad = width - left.width() - notice.width();
                format!("{left}{}{notice}", " ".repeat(pad))
            } else {
                notice
            }
        }
    };
    frame.render_widget(Paragraph::new(text).style(style), area);
}

/// `/lavrov▏  3 hits`: the search being typed.
fn search_prompt(state: &State) -> Option<String> {
    if state.overlay != Some(Overlay::Search) {
        return None;
    }
    let search = state.search.as_ref()?;
    let hits = match (search.hits.len(), search.position()) {
        _ if search.query.is_empty() => String::new(),
        (0, _) => "  not found".to_owned(),
        (_, Some(at)) => format!("  {at}"),
        (1, None) => "  1 hit".to_owned(),
        (n, None) => format!("  {n} hits"),
    };
    Some(format!("/{}▏{hits}", search.query))
}

/// ` 2/5 name.txt  Top`: the article and how far into it the reader is.
fn position(state: &State) -> String {
    let count = state.list_len();
    let Some(article) = state.selected_article() else {
        return " no articles".to_owned();
    };
    let prefix = format!(
        " {}/{}  {}",
        thousands(state.list.selected + 1),
        thousands(count),
        article.name
    );
    // Where in the text, only while the text is on screen.
    if state.layout.reader_text.is_empty() {
        return prefix;
    }
    let lines = state.reader.lines.len();
    let page = state.reader_page();
    let last = lines.saturating_sub(page);
    let place = if lines <= page {
        "All".to_owned()
    } else if state.reader.scroll == 0 {
        "Top".to_owned()
    } else if state.reader.scroll >= last {
        "Bot".to_owned()
    } else {
        format!("{}%", state.reader.scroll * 100 / last.max(1))
    };
    format!("{prefix}  {place}{}", shared_here(state))
}

/// `  ≈ also in The Irish Times 99%, +1 more · ← Reuters, 2 h earlier · Enter`: who else
/// carries the passage under the reader's cursor and who likely had it first, so the reader
/// learns it without opening the panel.
fn shared_here(state: &State) -> String {
    if state.focus != crate::tui::app::screen::Pane::Reader {
        return String::new();
    }
    let Some(shared) = state.shared_under_cursor() else {
        return String::new();
    };
    let Some(first) = shared.counterparts.first() else {
        return String::new();
    };
    let outlet = state
        .corpus
        .article(first.article)
        .map_or("another article", |a| a.outlet.as_str());
    let similarity = first
        .similarity
        .map(|s| format!(" {:.0}%", s * 100.0))
        .unwrap_or_default();
    let more = match shared.counterparts.len() {
        1 => String::new(),
        n => format!(", +{} more", n - 1),
    };
    let glyph = if shared.is_verbatim { '≡' } else { '≈' };
    // Who likely had it first, seen from this article (`← Reuters, 2 h earlier`).
    let source = state
        .reuse
        .hints
        .get(shared.cluster.0 as usize)
        .zip(state.reader_article())
        .map(|(hint, article)| format!(" · {}", hint.describe_for(&state.corpus, article.id)))
        .unwrap_or_default();
    format!("  {glyph} also in {outlet}{similarity}{more}{source} · Enter")
}

/// The message of the last action, else the current load warning (with its number when there
/// are several).
fn notice(state: &State) -> Option<String> {
    if let Some(message) = &state.message {
        return Some(format!("{message} "));
    }
    if let Some(problem) = &state.tags.problem {
        return Some(format!("⚠ {problem} "));
    }
    if let Some(notice) = &state.tags.notice {
        return Some(format!("⚠ {notice} "));
    }
    let warning = state.warnings.get(state.warning_index)?;
    let path = warning
        .path
        .strip_prefix(&state.corpus.dir)
        .unwrap_or(&warning.path);
    let count = if state.warnings.len() > 1 {
        format!("{}/{} ", state.warning_index + 1, state.warnings.len())
    } else {
        String::new()
    };
    // A warning about the corpus as a whole (the scan cache) names no file of its own.
    if path.as_os_str().is_empty() || warning.path == state.corpus.dir {
        return Some(format!("⚠ {count}{} ", warning.message));
    }
    Some(format!("⚠ {count}{}: {} ", path.display(), warning.message))
}
