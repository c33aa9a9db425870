//! Opening the views that answer "who leans on whom" and "why was this flagged": the outlet ×
//! outlet matrix (`M`), the explanation of a shared passage (`e`, in the reader or on an
//! entry of the passages panel) and the thresholds panel (`D`). Both are computed here, once, when they open: the matrix from
//! detection's results and the source hints, the explanation from the match behind the passage.

use std::ops::Range;

use crossread::ArticleId;
use crossread::detect::reuse::Match;
use crossread::detect::source::{WireServices, hint_for, source_hints};
use crossread::detect::stock::stock_stretches;
use crossread::view::explain::explain;
use crossread::view::matrix::OutletMatrix;

use crate::tui::app::outcome::{Msg, Outcome};
use crate::tui::app::screen::Overlay;
use crate::tui::app::state::State;
use crate::tui::app::views::View;
use crate::tui::screens::explain::ExplainPanel;
use crate::tui::screens::matrix::MatrixView;
use crate::tui::screens::thresholds::ThresholdsPanel;

/// The source hint of `cluster` as `article` sees it (`← Reuters, 2 h earlier`), for the
/// passages panel.
pub fn source_phrase(
    state: &State,
    article: ArticleId,
    cluster: crossread::detect::reuse::ClusterId,
) -> Option<String> {
    let reuse = state.reuse.result.as_deref()?;
    let cluster = reuse.cluster(cluster)?;
    let hint = hint_for(
        &state.corpus,
        cluster,
        &WireServices::new(&state.hints),
        &reuse.named_sources,
    );
    Some(hint.describe_for(&state.corpus, article))
}

/// `M`: the outlet × outlet matrix, once detection has results.
pub fn open_matrix(state: &mut State) -> Outcome {
    let Some(reuse) = state.reuse.result.as_deref() else {
        return Outcome::Msg(Msg::Status(
            "Still looking for shared passages; the matrix needs them".to_owned(),
        ));
    };
    let hints = source_hints(&state.corpus, reuse, &state.hints);
    let matrix = OutletMatrix::build(&state.corpus, reuse, &hints);
    if matrix.outlets.is_empty() {
        return Outcome::Msg(Msg::Status("No articles to compare".to_owned()));
    }
    state.matrix = Some(MatrixView::new(matrix, state.width, state.height));
    state.view = View::Matrix;
    state.overlay = None;
    Outcome::Consumed
}

/// `D`: the thresholds panel, once detection has results of its own.
pub fn open_thresholds(state: &mut State) -> Outcome {
    if state.is_imported {
        return Outcome::Msg(Msg::Status(
            "These matches were found elsewhere (--matches): crossread's thresholds do not apply"
                .to_owned(),
        ));
    }
    if state.reuse.result.is_none() {
        return Outcome::Msg(Msg::Status(
            "Still looking for shared passages; thresholds once they are found".to_owned(),
        ));
    }
    state.thresholds = Some(ThresholdsPanel::new(
        state.detect.clone(),
        state.detect_in_file.clone(),
    ));
    state.overlay = Some(Overlay::Thresholds);
    Outcome::Consumed
}

/// The match of `article`'s passage at `span`, with `other` when given, closest copy first.
fn match_at<'a>(
    matches: &'a [Match],
    article: ArticleId,
    span: &Range<usize>,
    other: Option<ArticleId>,
) -> Option<&'a Match> {
    matches
        .iter()
        .filter(|m| match m.from_side_of(article) {
            Some((mine, theirs)) => {
                mine.byte_span.start < span.end
                    && span.start < mine.byte_span.end
                    && other.is_none_or(|o| theirs.article == o)
            }
            None => false,
        })
        .max_by(|x, y| x.similarity.total_cmp(&y.similarity))
}

/// `e`: explains the passage of `article` at `span` (with `other`'s copy when given, else the
/// closest).
pub fn open_explain(
    state: &mut State,
    article: ArticleId,
    span: Range<usize>,
    other: Option<ArticleId>,
) -> Outcome {
    let Some(reuse) = state.reuse.result.as_deref() else {
        return Outcome::Msg(Msg::Status("Still looking for shared passages…".to_owned()));
    };
    let Some(m) = match_at(&reuse.matches, article, &span, other) else {
        return Outcome::Msg(Msg::Status(
            "No shared passage under the cursor to explain (n: the next one)".to_owned(),
        ));
    };
    // Seen from the article the reader is on: its copy is the first.
    let mut m = m.clone();
    if m.a.article != article {
        std::mem::swap(&mut m.a, &mut m.b);
    }
    let stock = stock_stretches(&state.corpus, &state.detect, std::slice::from_ref(&m.a));
    let explanation = explain(
        &state.corpus,
        &m,
        &state.detect,
        stock.first().map_or(&[][..], Vec::as_slice),
    );
    let hint = reuse.cluster(m.cluster).map(|c| {
        hint_for(
            &state.corpus,
            c,
            &WireServices::new(&state.hints),
            &reuse.named_sources,
        )
    });
    let boilerplate = boilerplate_near(state, reuse, &m.a);
    state.explain = Some(ExplainPanel::new(
        &state.corpus,
        &m,
        &explanation,
        hint.as_ref(),
        (state.detect.boilerplate, &boilerplate),
    ));
    state.overlay = Some(Overlay::Explain);
    Outcome::Consumed
}

/// How far from a copy set-aside boilerplate still counts as next to it, in bytes: about a
/// sentence.
const NEAR: usize = 200;

/// The boilerplate set aside in or next to `side`, as text (a line each, at most 80
/// characters), so the explanation can say what was left out around the passage.
fn boilerplate_near(
    state: &State,
    reuse: &crossread::detect::reuse::Reuse,
    side: &crossread::detect::reuse::Side,
) -> Vec<String> {
    let Some(article) = state.corpus.article(side.article) else {
        return Vec::new();
    };
    let near = side.byte_span.start.saturating_sub(NEAR)..side.byte_span.end + NEAR;
    reuse
        .set_aside_of(side.article)
        .into_iter()
        .filter(|s| s.reason == crossread::detect::reuse::SetAsideReason::Boilerplate)
        .filter(|s| s.side.byte_span.start < near.end && near.start < s.side.byte_span.end)
        .map(|s| {
            let text = article.text().get(s.side.byte_span.clone()).unwrap_or("");
            let words: Vec<&str> = text.split_whitespace().collect();
            let line = words.join(" ");
            match line.char_indices().nth(80) {
                Some((cut, _)) => format!("{}…", &line[..cut]),
                None => line,
            }
        })
        .collect()
}

/// `e` in the reader: the passage under the cursor.
pub fn explain_under_cursor(state: &mut State) -> Outcome {
    let Some(span) = state.shared_under_cursor().map(|s| s.byte_span.clone()) else {
        return Outcome::Msg(Msg::Status(
            "No shared passage under the cursor to explain (n: the next one)".to_owned(),
        ));
    };
    let Some(article) = state.reader_article().map(|a| a.id) else {
        return Outcome::Consumed;
    };
    open_explain(state, article, span, None)
}

/// `e` on an entry of the passages panel: the passage and that entry's copy.
pub fn explain_panel_entry(state: &mut State) -> Outcome {
    let Some(panel) = state.panel.take() else {
        return Outcome::Consumed;
    };
    let other = panel.entries.get(panel.selected).map(|e| e.article);
    let (origin, span) = (panel.origin, panel.byte_span.clone());
    state.overlay = None;
    open_explain(state, origin, span, other)
}

/// `z` in the reader: show or hide the passages detection set aside, and say how many.
pub fn toggle_set_aside(state: &mut State) -> Outcome {
    let Some(reuse) = state.reuse.result.clone() else {
        return Outcome::Msg(Msg::Status(
            "Set-aside passages are known once detection is done".to_owned(),
        ));
    };
    state.show_set_aside = !state.show_set_aside;
    let (stock, boilerplate) = reuse.set_aside_counts();
    let here = state
        .selected_article()
        .map_or(0, |a| reuse.set_aside_of(a.id).len());
    let verb = if state.show_set_aside {
        "Showing"
    } else {
        "Hiding"
    };
    let text = if stock + boilerplate == 0 {
        format!("{verb} set-aside passages: detection set none aside in this corpus")
    } else {
        format!(
            "{verb} {stock} set-aside stock {} and {boilerplate} boilerplate {} ({here} in this article; · stock, ¦ boilerplate)",
            if stock == 1 { "phrase" } else { "phrases" },
            if boilerplate == 1 {
                "passage"
            } else {
                "passages"
            },
        )
    };
    Outcome::Msg(Msg::Status(text))
}
