//! How reuse looks, shared by every screen: one colour per article (by id, so the same article
//! has the same colour on every screen), the highlight and gutter glyph of a shared passage,
//! the copied-share bar of the list, and detection's progress gauge. Reads the state only.

use ratatui::style::{Modifier, Style};

use crossread::ArticleId;
use crossread::detect::reuse::{SetAsideReason, Stage};
use std::ops::Range;

use super::highlight::Highlight;
use crate::tui::app::reuse::SharedSpan;
use crate::tui::app::state::State;
use crate::tui::theme::Styles;

/// Gutter glyph of a verbatim copy.
pub const VERBATIM_MARK: &str = "≡";
/// Gutter glyph of a rewritten copy.
pub const REWRITE_MARK: &str = "≈";

/// The style of `article`'s colour (the theme's `shared`): its passages elsewhere are
/// marked in it.
pub fn colour_of(styles: &Styles, article: ArticleId) -> Style {
    styles.fg(Style::new(), styles.article(article))
}

/// The style of a shared passage: bold, in the colour of the article it was found in most
/// closely.
pub fn shared_style(styles: &Styles, span: &SharedSpan) -> Style {
    span.counterparts.first().map_or(Style::new(), |c| {
        colour_of(styles, c.article).add_modifier(Modifier::BOLD)
    })
}

/// The gutter glyph of a shared passage: `≡` verbatim, `≈` rewritten.
pub fn glyph(span: &SharedSpan) -> &'static str {
    if span.is_verbatim {
        VERBATIM_MARK
    } else {
        REWRITE_MARK
    }
}

/// Gutter glyph of a stock phrase set aside (shown with `z`).
pub const STOCK_MARK: &str = "·";
/// Gutter glyph of boilerplate set aside (shown with `z`).
pub const BOILERPLATE_MARK: &str = "¦";

/// The gutter glyph of text set aside for `reason`.
pub fn set_aside_glyph(reason: SetAsideReason) -> &'static str {
    match reason {
        SetAsideReason::Stock => STOCK_MARK,
        SetAsideReason::Boilerplate => BOILERPLATE_MARK,
    }
}

/// The passages of `article` set aside by detection, while the reader shows them (`z`), as
/// byte spans with their reason, in text order; empty while they are hidden.
pub fn set_aside_spans(state: &State, article: ArticleId) -> Vec<(Range<usize>, SetAsideReason)> {
    if !state.show_set_aside {
        return Vec::new();
    }
    state.reuse.result.as_ref().map_or_else(Vec::new, |reuse| {
        reuse
            .set_aside_of(article)
            .into_iter()
            .map(|s| (s.side.byte_span.clone(), s.reason))
            .collect()
    })
}

/// The reading pane's reuse and search highlights for `article`: set-aside text dimmed and
/// italic (while shown), then shared passages over it.
pub fn reader_highlights(state: &State, article: ArticleId) -> Vec<Highlight> {
    let mut out: Vec<Highlight> = set_aside_spans(state, article)
        .into_iter()
        .map(|(byte_span, _)| Highlight {
            byte_span,
            style: Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
        })
        .collect();
    out.extend(state.reuse.spans_of(article).iter().map(|s| Highlight {
        byte_span: s.byte_span.clone(),
        style: shared_style(&state.styles, s),
    }));
    if let Some(search) = state.search.as_ref().filter(|s| s.article == article) {
        out.extend(search.hits.iter().map(|h| Highlight {
            byte_span: h.clone(),
            style: state.styles.fg(
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
                state.styles.theme.search,
            ),
        }));
    }
    out
}

/// `▰▱▱▱▱  18% 4 shared`: the copied share and shared passages of `article`, once known.
pub fn share_label(state: &State, article: ArticleId) -> Option<String> {
    let reuse = state.reuse.result.as_ref()?;
    let figures = reuse.article(article);
    let share = figures.copied_share.clamp(0.0, 1.0);
    Some(format!(
        "{} {:>3.0}% {}⇄",
        bar(share, 5),
        share * 100.0,
        figures.shared_passages
    ))
}

/// `cells` cells, as many filled as `share` of them (any share above zero fills one).
pub fn bar(share: f64, cells: usize) -> String {
    let filled = if share > 0.0 {
        ((share * cells as f64).round() as usize).clamp(1, cells)
    } else {
        0
    };
    "▰".repeat(filled) + &"▱".repeat(cells - filled)
}

/// `⟳ 3/4 aligning 12/40 ▰▰▱▱▱▱▱▱`: how far detection has come, while it runs; before it,
/// `⟳ loading 12,288/100,000 ▰▱▱▱▱▱▱▱` while the articles load.
pub fn gauge(state: &State) -> Option<String> {
    if state.reuse.result.is_some() {
        return None;
    }
    if let Some(loading) = &state.loading {
        return load_gauge(loading, state.reuse.progress);
    }
    let Some(progress) = state.reuse.progress else {
        return Some("⟳ finding shared passages".to_owned());
    };
    let share = if progress.total == 0 {
        0.0
    } else {
        progress.done as f64 / progress.total as f64
    };
    // Loading has a gauge of its own (`load_gauge`); this one counts the detection stages.
    let step = match progress.stage {
        Stage::Load | Stage::Normalize => 1,
        Stage::Index => 2,
        Stage::Align => 3,
        Stage::Cluster => 4,
    };
    Some(format!(
        "⟳ {step}/4 {} {}/{} {}",
        progress.stage.label(),
        progress.done,
        progress.total,
        bar(share, 8)
    ))
}

/// The gauge while the articles load: files read of all listed, then (the files all read, the
/// texts being analysed, which reports no count) a plain line. None once loading failed: the
/// warning says why.
fn load_gauge(
    loading: &crate::tui::app::loading::Loading,
    progress: Option<crossread::detect::reuse::Progress>,
) -> Option<String> {
    if loading.error.is_some() {
        return None;
    }
    Some(match progress {
        Some(p) if p.stage == Stage::Load && p.done < p.total => {
            let share = p.done as f64 / p.total as f64;
            format!(
                "⟳ loading {}/{} {}",
                super::thousands(p.done),
                super::thousands(p.total),
                bar(share, 8)
            )
        }
        Some(p) if p.stage == Stage::Load => "⟳ loading: analysing the texts".to_owned(),
        _ => "⟳ loading the articles".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_round_and_show_any_share() {
        assert_eq!(bar(0.0, 5), "▱▱▱▱▱");
        assert_eq!(bar(0.015, 5), "▰▱▱▱▱");
        assert_eq!(bar(0.5, 4), "▰▰▱▱");
        assert_eq!(bar(1.0, 5), "▰▰▰▰▰");
    }

    #[test]
    fn colours_are_stable_per_article_and_come_from_the_theme() {
        use crossread::config::theme::{Colour, Theme};
        use ratatui::style::Color;
        let styles = Styles::default();
        assert_eq!(
            colour_of(&styles, ArticleId(1)),
            colour_of(&styles, ArticleId(1))
        );
        assert_ne!(
            colour_of(&styles, ArticleId(1)),
            colour_of(&styles, ArticleId(2))
        );
        let theme = Theme {
            shared: vec![Colour::Rgb(9, 9, 9)],
            ..Theme::default()
        };
        let one = Styles::new(theme.clone(), false);
        assert_eq!(colour_of(&one, ArticleId(3)).fg, Some(Color::Rgb(9, 9, 9)));
        let none = Styles::new(
            Theme {
                shared: Vec::new(),
                ..theme
            },
            false,
        );
        assert_eq!(colour_of(&none, ArticleId(3)), Style::new());
    }
}
