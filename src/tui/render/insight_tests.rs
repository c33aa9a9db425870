//! Snapshots of the outlet × outlet matrix and the explanation of a passage on the seeds, the
//! keys that move through them, and both drawn at tiny and huge sizes without panicking.

use insta::assert_snapshot;

use crate::tui::app::screen::Screen;
use crate::tui::app::views::View;
use crate::tui::testing::{draw, press, screen_text, seeds_state, with_reuse};

#[test]
fn matrix_of_the_seeds_80x24() {
    let mut state = with_reuse(seeds_state(80, 24));
    press(&mut state, "M");
    assert_eq!(state.screen(), Screen::Matrix);
    assert_snapshot!("matrix_seeds_80x24", draw(&state).backend());
    // The first row is the biggest borrower; its cell with the first column (the biggest
    // lender) is where the cursor starts.
    let view = state.matrix.as_ref().unwrap();
    let (row, column) = view.cursor().unwrap();
    let first = &view.matrix.outlets[row];
    assert!(
        view.matrix
            .outlets
            .iter()
            .all(|o| o.took_share() <= first.took_share())
    );
    assert_eq!(column, view.matrix.columns[0]);
}

#[test]
fn matrix_cursor_moves_and_enter_compares_the_pair() {
    let mut state = with_reuse(seeds_state(80, 24));
    press(&mut state, "M");
    // Walk to the cell of 001 (row) and The Irish Times (column).
    let view = state.matrix.as_ref().unwrap();
    let row = view
        .matrix
        .rows
        .iter()
        .position(|&r| view.matrix.outlets[r].name == "001_0d4e60a693cd02cb")
        .unwrap();
    let column = view
        .matrix
        .columns
        .iter()
        .position(|&c| view.matrix.outlets[c].name == "The Irish Times")
        .unwrap();
    press(
        &mut state,
        &format!("{}{}", "j".repeat(row), "l".repeat(column)),
    );
    let view = state.matrix.as_ref().unwrap();
    assert_eq!((view.row, view.column), (row, column));
    let text = screen_text(&state).join("\n");
    assert!(
        text.contains("001_0d4e60a693cd02cb: 7.5% of its words (50) shared with The Irish Times"),
        "{text}"
    );
    press(&mut state, "<enter>");
    assert_eq!(state.screen(), Screen::Compare);
    let compare = state.compare.as_ref().unwrap();
    let names = (
        state.corpus.articles[compare.pairing.left.index()]
            .name
            .as_str(),
        state.corpus.articles[compare.pairing.right.index()]
            .name
            .as_str(),
    );
    assert_eq!(
        names,
        ("001_0d4e60a693cd02cb.txt", "002_bf921deb08cbc33a.txt")
    );
    // Back in the matrix and out of it.
    press(&mut state, "<esc>M<esc>");
    assert_eq!(state.view, View::Main);
}

#[test]
fn matrix_scrolls_on_a_small_terminal() {
    let mut state = with_reuse(seeds_state(40, 10));
    press(&mut state, "MGlllll");
    let view = state.matrix.as_ref().unwrap();
    assert_eq!(view.row, view.matrix.rows.len() - 1);
    assert_eq!(view.column, view.matrix.columns.len() - 1);
    assert!(view.row_scroll > 0);
    assert!(view.column_scroll > 0);
    let text = screen_text(&state).join("\n");
    assert!(text.contains("row 5/5 · column 5/5"), "{text}");
}

#[test]
fn explain_the_legitimacy_paragraph_80x24() {
    let mut state = with_reuse(seeds_state(80, 24));
    // 001's third shared passage is the legitimacy paragraph, shared with 003.
    press(&mut state, "j<enter>nnne");
    assert_eq!(state.screen(), Screen::Explain);
    assert_snapshot!("explain_legitimacy_80x24", draw(&state).backend());
    let panel = state.explain.as_ref().unwrap();
    let text = panel.lines.join("\n");
    assert!(
        text.contains("✓ similarity       0.90   at least 0.60"),
        "{text}"
    );
    assert!(text.contains("longest exact run 27 words"), "{text}");
    assert!(
        text.contains("~ respelled  Zelenskyy → Zelenskiy"),
        "{text}"
    );
    press(&mut state, "<esc>");
    assert_eq!(state.screen(), Screen::Reader);
}

#[test]
fn explain_from_the_passages_panel_uses_that_copy() {
    let mut state = with_reuse(seeds_state(80, 24));
    press(&mut state, "j<enter>nn<enter>e");
    assert_eq!(state.screen(), Screen::Explain);
    let panel = state.explain.as_ref().unwrap();
    assert_eq!(
        panel.title,
        "Why flagged: 001_0d4e60a693cd02cb ↔ The Irish Times"
    );
    assert!(state.panel.is_none());
}

#[test]
fn explain_says_when_there_is_nothing_to_explain() {
    let mut state = with_reuse(seeds_state(80, 24));
    press(&mut state, "G<enter>e");
    assert_eq!(state.screen(), Screen::Reader);
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .starts_with("No shared passage under the cursor")
    );
}

#[test]
fn matrix_and_explain_survive_any_size() {
    for (w, h) in [(1, 1), (20, 5), (200, 60)] {
        let mut state = with_reuse(seeds_state(80, 24));
        press(&mut state, "j<enter>nnne");
        press(&mut state, "<esc>");
        crate::tui::app::update::update(&mut state, crate::tui::app::action::Action::Resize(w, h));
        press(&mut state, "e");
        draw(&state);
        press(&mut state, "<esc>M");
        draw(&state);
        press(&mut state, "jjlll<enter>");
        draw(&state);
    }
}

#[test]
fn the_list_shows_each_article_s_date_and_the_panel_its_source() {
    use crate::tui::testing::state_for;
    let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held.";
    let a = format!(
        "---\ntitle: Kremlin doubts\noutlet: Reuters\ndate: 2025-08-21T08:00Z\n---\n{wire}\n"
    );
    let b = format!(
        "---\ntitle: Summit in doubt\noutlet: The Post\ndate: 2025-08-21T10:00Z\n---\nThe talks stalled.\n{wire}\n"
    );
    let corpus = crossread::Corpus::from_texts([("a.md", a.as_str()), ("b.md", b.as_str())]);
    let mut state = with_reuse(state_for(corpus, Vec::new(), 80, 24));
    // At 80 columns the list is narrow: month and day.
    let text = screen_text(&state).join("\n");
    assert!(text.contains("■ Reuters · 08-21  100% 1⇄"), "{text}");
    assert!(text.contains("■ The Post · 08-21     91%"), "{text}");
    let wide = with_reuse(state_for(
        state.corpus.as_ref().clone(),
        Vec::new(),
        160,
        24,
    ));
    let text = screen_text(&wide).join("\n");
    assert!(text.contains("Reuters · 2025-08-21 · "), "{text}");
    // The Post's copy came two hours after Reuters'.
    press(&mut state, "j<enter>n<enter>");
    assert_eq!(state.screen(), Screen::Passages);
    assert_eq!(
        state.panel.as_ref().unwrap().source.as_deref(),
        Some("← Reuters, 2 h earlier")
    );
    let text = screen_text(&state).join("\n");
    assert!(
        text.contains("← Reuters, 2 h earlier · also in 1"),
        "{text}"
    );
}

#[test]
fn enter_on_a_cell_of_several_article_pairs_lists_them_to_pick_one() {
    use crate::tui::testing::state_for;
    let first = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held.";
    let second = "European leaders meeting in Brussels on Thursday agreed to keep funding Kyiv's defence through next year, despite objections raised by Hungary and Slovakia over the size of the package.";
    let texts = [
        (
            "a1.md",
            format!("---\ntitle: Kremlin doubts\noutlet: Reuters\n---\n{first}\n"),
        ),
        (
            "a2.md",
            format!("---\ntitle: EU funding\noutlet: Reuters\n---\nBrussels.\n{second}\n"),
        ),
        (
            "b1.md",
            format!(
                "---\ntitle: The week\noutlet: The Post\n---\nA long week.\n{first}\nMeanwhile.\n{second}\n"
            ),
        ),
    ];
    let corpus = crossread::Corpus::from_texts(texts.iter().map(|(n, t)| (*n, t.as_str())));
    let mut state = with_reuse(state_for(corpus, Vec::new(), 80, 24));
    press(&mut state, "M");
    let view = state.matrix.as_ref().unwrap();
    let row = view
        .matrix
        .rows
        .iter()
        .position(|&r| view.matrix.outlets[r].name == "The Post")
        .unwrap();
    let column = view
        .matrix
        .columns
        .iter()
        .position(|&c| view.matrix.outlets[c].name == "Reuters")
        .unwrap();
    press(
        &mut state,
        &format!("{}{}<enter>", "j".repeat(row), "l".repeat(column)),
    );
    assert_eq!(state.screen(), Screen::Matrix);
    let text = screen_text(&state).join("\n");
    assert!(
        text.contains("2 article pairs: The Post ⇄ Reuters"),
        "{text}"
    );
    assert!(text.contains("▶ The week (b1.md)"), "{text}");
    assert!(text.contains("⇄ Kremlin doubts (a1.md)"), "{text}");
    assert!(text.contains("⇄ EU funding (a2.md)"), "{text}");
    // Esc closes the list, not the matrix; the second pair opens the compare view.
    press(&mut state, "<esc>");
    assert_eq!(state.screen(), Screen::Matrix);
    assert!(state.matrix.as_ref().unwrap().pairs.is_none());
    press(&mut state, "<enter>j<enter>");
    assert_eq!(state.screen(), Screen::Compare);
    let compare = state.compare.as_ref().unwrap();
    let name = |id: crossread::ArticleId| state.corpus.articles[id.index()].name.clone();
    assert_eq!(
        (name(compare.pairing.left), name(compare.pairing.right)),
        ("b1.md".to_owned(), "a2.md".to_owned())
    );
}
