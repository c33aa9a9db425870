//! Screens drawn on ratatui's `TestBackend`: snapshots of what a user sees, every screen at tiny
//! and huge sizes, and random key sequences and resizes that must never panic.

use insta::assert_snapshot;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crossread::Corpus;

use crate::tui::app::action::Action;
use crate::tui::app::state::State;
use crate::tui::app::update::update;
use crate::tui::testing::{draw, loading_seeds_state, press, screen_text, seeds_state, state_for};

/// The corpus generator of `examples/gencorpus`, for a reader on many made-up articles.
#[path = "../../../examples/gencorpus/generator.rs"]
mod generator;

#[test]
fn list_and_reader_on_the_seeds_80x24() {
    let state = seeds_state(80, 24);
    assert_snapshot!("seeds_80x24", draw(&state).backend());
}

#[test]
fn the_list_shows_while_the_seeds_load_80x24() {
    let mut state = loading_seeds_state(80, 24, 2);
    press(&mut state, "j");
    // Titles from [[source]] where it has one, else the file name; no word counts yet.
    assert_snapshot!("loading_80x24", draw(&state).backend());
    let mut state = loading_seeds_state(80, 24, 5);
    press(&mut state, "<enter>");
    let text = screen_text(&state).join("\n");
    assert!(text.contains("⟳ loading: analysing the texts"), "{text}");
    assert!(
        text.contains("(000_e16856ae05da38e2.txt is not loaded yet)"),
        "{text}"
    );
}

#[test]
fn list_and_reader_on_the_seeds_120x40() {
    let mut state = seeds_state(120, 40);
    press(&mut state, "jj<enter><pgdn>jj");
    assert!(state.reader.scroll > 0);
    assert_snapshot!(
        "seeds_120x40_third_article_scrolled",
        draw(&state).backend()
    );
}

#[test]
fn the_cursor_and_a_selection_show_in_the_gutter_80x24() {
    let mut state = seeds_state(80, 24);
    press(&mut state, "j<enter>jv}");
    assert_snapshot!("reader_selection_80x24", draw(&state).backend());
    // Colour-free marks, and the cursor's sentence drawn reversed.
    let buffer = draw(&state).backend().buffer().clone();
    let text = state.layout.reader_text;
    let gutter: String = (text.y..text.bottom())
        .map(|y| buffer[(text.x - 1, y)].symbol().to_owned())
        .collect();
    assert!(gutter.contains('┃') && gutter.contains('▶'), "{gutter:?}");
    let cursor_row = (text.y..text.bottom())
        .find(|&y| buffer[(text.x - 1, y)].symbol() == "▶")
        .unwrap();
    let reversed = (text.x..text.right()).any(|x| {
        buffer[(x, cursor_row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    });
    assert!(reversed, "the cursor's sentence is reversed");
}

/// The seeds with two tags made by keys (not saved: the store's file does not exist) and an
/// orphan whose quote is in no article.
fn tagged_seeds(width: u16, height: u16) -> State {
    let mut state = seeds_state(width, height);
    press(
        &mut state,
        "j<enter>jjtwire copy<enter>same wording as TASS<enter>",
    );
    press(&mut state, "}tcheck this quote<enter><enter>");
    state.tags.store.insert(crossread::tags::Tag {
        id: crossread::tags::TagId("orphan01".into()),
        article: "000_e16856ae05da38e2.txt".into(),
        anchor: crossread::tags::anchor::TagAnchor {
            quote: "A sentence the outlet has since removed.".into(),
            prefix: String::new(),
            suffix: String::new(),
            stored_span: 10..50,
        },
        labels: vec!["unattributed".into()],
        note: None,
        created: None,
        updated: None,
    });
    state.tags.changed();
    press(&mut state, "g");
    state
}

#[test]
fn tagged_text_is_underlined_coloured_and_marked_80x24() {
    let state = tagged_seeds(80, 24);
    assert_snapshot!("reader_with_tags_80x24", draw(&state).backend());
    let buffer = draw(&state).backend().buffer().clone();
    let text = state.layout.reader_text;
    let mark = &state.tags.marks[0];
    let row = (text.y..text.bottom())
        .find(|&y| buffer[(text.right(), y)].symbol() == "◆")
        .expect("a ◆ in the right margin");
    assert_eq!(buffer[(text.right(), row)].fg, mark.color);
    let underlined: Vec<_> = (text.x..text.right())
        .map(|x| &buffer[(x, row)])
        .filter(|cell| cell.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .collect();
    assert!(!underlined.is_empty());
    assert!(underlined.iter().all(|cell| cell.fg == mark.color));
}

#[test]
fn the_tag_picker_filters_labels_80x24() {
    let mut state = tagged_seeds(80, 24);
    press(&mut state, "tc");
    assert_snapshot!("tag_picker_80x24", draw(&state).backend());
    press(&mut state, "<tab>w<enter>");
    assert_snapshot!("tag_note_80x24", draw(&state).backend());
}

#[test]
fn the_tag_panel_lists_this_articles_tags_120x40() {
    let mut state = tagged_seeds(120, 40);
    press(&mut state, "T");
    assert_snapshot!("tag_panel_120x40", draw(&state).backend());
}

#[test]
fn the_tag_list_shows_every_tag_and_the_orphan_120x40() {
    let mut state = tagged_seeds(120, 40);
    press(&mut state, "L");
    assert_snapshot!("tag_list_120x40", draw(&state).backend());
    press(&mut state, "#unat");
    let screen = screen_text(&state).join("\n");
    assert!(screen.contains("All tags 1/3"), "{screen}");
    assert!(screen.contains("⚠"), "{screen}");
    assert!(
        screen.contains("orphaned: “A sentence the outlet has since removed.”"),
        "{screen}"
    );
}

/// Regression: a sentence that opens with a quotation mark was shown as `““Our President`.
#[test]
fn the_tag_form_quotes_a_quotation_once() {
    let mut state = seeds_state(100, 30);
    press(&mut state, "j<enter>");
    let sentence = |s: &State| {
        let article = s.selected_article().unwrap();
        article.text()[article.segmentation.sentences[s.reader.cursor]
            .byte_span
            .clone()]
        .to_owned()
    };
    while !sentence(&state).starts_with("“Our President") {
        press(&mut state, "j");
    }
    press(&mut state, "t");
    let screen = screen_text(&state).join("\n");
    assert!(screen.contains("“Our President"), "{screen}");
    assert!(!screen.contains("““"), "{screen}");
}

#[test]
fn quitting_with_unsaved_tags_asks_80x24() {
    let mut state = tagged_seeds(80, 24);
    press(&mut state, "q");
    assert_snapshot!("confirm_quit_80x24", draw(&state).backend());
}

#[test]
fn help_overlay_80x24_and_120x40() {
    let mut state = seeds_state(80, 24);
    press(&mut state, "?");
    assert_snapshot!("help_80x24", draw(&state).backend());
    let mut state = seeds_state(120, 40);
    press(&mut state, "?");
    assert_snapshot!("help_120x40", draw(&state).backend());
}

#[test]
fn narrow_terminal_shows_the_focused_pane() {
    let mut state = seeds_state(50, 12);
    press(&mut state, "j");
    assert_snapshot!("narrow_list_50x12", draw(&state).backend());
    press(&mut state, "<enter>");
    assert_snapshot!("narrow_reader_50x12", draw(&state).backend());
}

#[test]
fn empty_corpus_says_so() {
    let state = state_for(Corpus::default(), Vec::new(), 80, 12);
    let text = screen_text(&state).join("\n");
    assert!(text.contains("(no articles)"), "{text}");
    assert!(text.contains("No articles in"), "{text}");
    assert!(text.contains("crossread PATH"), "{text}");
}

/// Regression: a warning about the whole corpus (the scan cache was rebuilt) carries the
/// corpus folder as its path, which read `⚠ : cache …` with an empty file name.
#[test]
fn a_warning_about_the_whole_corpus_names_no_empty_file() {
    let corpus = Corpus::from_texts([("a.txt", "Some text here.")]);
    let warnings = vec![crossread::Warning {
        path: corpus.dir.clone(),
        message: "cache x/.crossread/scan.cache is not used: it is truncated; rebuilding it".into(),
    }];
    let state = state_for(corpus, warnings, 120, 12);
    let status = screen_text(&state).last().cloned().unwrap_or_default();
    assert!(
        status.contains("⚠ cache x/.crossread/scan.cache is not used"),
        "{status}"
    );
    assert!(!status.contains(": cache"), "{status}");
}

#[test]
fn empty_articles_and_warnings_are_marked() {
    let corpus = Corpus::from_texts([("a.txt", "Some text here."), ("b.txt", "")]);
    let warnings = vec![crossread::Warning {
        path: "c.txt".into(),
        message: "skipped: binary file (NUL bytes)".into(),
    }];
    let mut state = state_for(corpus, warnings, 80, 12);
    press(&mut state, "j");
    assert_snapshot!("empty_article_and_warning", draw(&state).backend());
}

#[test]
fn hostile_text_is_drawn_safely() {
    let text = "\u{FEFF}Title\r\nEsc\u{1b}[2J and bell\u{7} and\ttab.\r\n日本語のテキストは二桁の幅です。 e\u{301}\u{301}";
    let state = state_for(Corpus::from_texts([("x.txt", text)]), Vec::new(), 70, 10);
    let screen = screen_text(&state).join("\n");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    assert!(!screen.contains('\u{7}'), "{screen}");
    assert!(!screen.contains('\t'), "{screen}");
    assert!(screen.contains("Esc�[2J and bell� and tab."), "{screen}");
    assert!(screen.contains("日本語"), "{screen}");
}

/// Every screen the reader has, on the seeds: list, reader, help over each, and every tag
/// overlay (with tags, an orphan and a list filter in place).
fn every_screen(width: u16, height: u16) -> Vec<State> {
    let plain = [
        "",
        "<enter>",
        "?",
        "<enter>?",
        "<enter>G",
        "?G",
        "<enter>vjj",
    ];
    let tagged = [
        "",
        "<enter>",
        "<enter>tc",
        "<enter>tc<tab><enter>a note",
        "<enter>T",
        "<enter>T?",
        "L",
        "Lzzz",
        "f",
        "<esc>fwire<enter>",
        "<esc>fzzz<enter>",
        "q",
    ];
    let mut states: Vec<State> = plain
        .iter()
        .map(|keys| {
            let mut state = seeds_state(width, height);
            press(&mut state, keys);
            state
        })
        .collect();
    for keys in tagged {
        let mut state = tagged_seeds(80, 24);
        update(&mut state, Action::Resize(width, height));
        press(&mut state, keys);
        states.push(state);
    }
    for keys in ["", "<enter>", "jj?", "c"] {
        let mut state = loading_seeds_state(width, height, 3);
        press(&mut state, keys);
        states.push(state);
    }
    states
}

#[test]
fn every_screen_renders_at_tiny_and_huge_sizes() {
    for (width, height) in [(1, 1), (20, 5), (200, 60), (0, 0), (2, 3), (61, 3)] {
        for state in every_screen(width, height) {
            let lines = screen_text(&state);
            assert_eq!(lines.len(), usize::from(height));
        }
    }
    // A state drawn on a frame of another size (the resize not yet seen) must not panic either.
    let state = seeds_state(200, 60);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(20, 5)).unwrap();
    terminal.draw(|frame| super::render(&state, frame)).unwrap();
    assert_eq!(terminal.backend().buffer().area.width, 20);
}

#[test]
fn a_large_corpus_draws_only_visible_rows() {
    let texts: Vec<(String, String)> = (0..100_000)
        .map(|i| (format!("{i:06}.txt"), format!("Headline {i}\nBody.")))
        .collect();
    let corpus = Corpus::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let mut state = state_for(corpus, Vec::new(), 80, 24);
    press(&mut state, "G");
    let screen = screen_text(&state).join("\n");
    assert!(screen.contains("▶ Headline 99999"), "{screen}");
    assert!(screen.contains("Articles 100,000/100,000"), "{screen}");
}

fn key_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("j"),
        Just("k"),
        Just("g"),
        Just("G"),
        Just("?"),
        Just("w"),
        Just("<enter>"),
        Just("<esc>"),
        Just("<tab>"),
        Just("<backtab>"),
        Just("<pgdn>"),
        Just("<pgup>"),
        Just("<up>"),
        Just("<down>"),
        Just("x"),
        Just("v"),
        Just("}"),
        Just("{"),
        Just("J"),
        Just("K"),
        Just("t"),
        Just("T"),
        Just("L"),
        Just("f"),
        Just("e"),
        Just("d"),
        Just("u"),
        Just("r"),
        Just("y"),
        Just("wire"),
        Just("<tab>"),
        Just("<backspace>"),
        Just("<delete>"),
        Just("<ctrl-r>"),
        Just("<ctrl-e>"),
        Just("<ctrl-z>"),
        Just("n"),
        Just("N"),
        Just("/"),
        Just("c"),
        Just("m"),
        Just("C"),
        Just("s"),
        Just("]"),
        Just("["),
        Just("S"),
        Just("o"),
        Just("O"),
        Just("<ctrl-s>"),
    ]
    .prop_map(str::to_owned)
}

#[derive(Debug, Clone)]
enum Step {
    Keys(String),
    Resize(u16, u16),
    Wheel(u16, u16, i32),
    Click(u16, u16),
}

fn step_strategy() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => key_strategy().prop_map(Step::Keys),
        1 => (0u16..130, 0u16..50).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u16..130, 0u16..50, -6i32..6).prop_map(|(c, r, l)| Step::Wheel(c, r, l)),
        1 => (0u16..130, 0u16..50).prop_map(|(c, r)| Step::Click(c, r)),
    ]
}

/// Applies random steps to a state, checking after each that it renders and stays in bounds.
fn run_steps(mut state: State, steps: Vec<Step>) -> Result<(), TestCaseError> {
    for step in steps {
        match step {
            Step::Keys(keys) => {
                // Quitting is an effect; the state carries on for the test.
                press(&mut state, &keys);
            }
            Step::Resize(w, h) => {
                update(&mut state, Action::Resize(w, h));
            }
            Step::Wheel(column, row, lines) => {
                update(&mut state, Action::Scroll { column, row, lines });
            }
            Step::Click(column, row) => {
                update(&mut state, Action::Click { column, row });
            }
        }
        prop_assert!(state.list.selected < state.list_len().max(1));
        prop_assert!(state.tags.all.selected <= state.tags.all.shown.len());
        prop_assert!(state.tags.panel.selected <= state.tags.panel.shown.len());
        let article = state
            .selected_article()
            .map(|a| a.text().len())
            .unwrap_or(0);
        prop_assert!(state.tags.marks.iter().all(|m| m.byte_span.end <= article));
        prop_assert!(state.list.offset <= state.list.selected);
        prop_assert!(
            state.reader.scroll <= state.reader.lines.len().saturating_sub(state.reader_page())
        );
        prop_assert!(state.help_scroll <= state.help.len());
        let sentences = state
            .selected_article()
            .map_or(0, |a| a.segmentation.sentences.len());
        prop_assert!(state.reader.cursor < sentences.max(1));
        prop_assert!(
            state
                .reader
                .selection_anchor
                .is_none_or(|a| a < sentences.max(1))
        );
        prop_assert_eq!(state.order.len(), state.corpus.articles.len());
        if let Some(compare) = &state.compare {
            let last = compare.rows.len().saturating_sub(compare.page());
            prop_assert!(compare.scroll[0] <= last && compare.scroll[1] <= last);
        }
        let lines = screen_text(&state);
        prop_assert_eq!(lines.len(), usize::from(state.height));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_keys_clicks_and_resizes_never_panic_and_stay_in_bounds(
        steps in proptest::collection::vec(step_strategy(), 0..500),
    ) {
        run_steps(crate::tui::testing::with_reuse(tagged_seeds(80, 24)), steps)?;
    }

    #[test]
    fn random_steps_on_a_generated_corpus_stay_in_bounds(
        seed in 0u64..1000,
        steps in proptest::collection::vec(step_strategy(), 0..500),
    ) {
        let generated = generator::generate(40, seed);
        let corpus = Corpus::from_texts(
            generated.articles.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        );
        let state = crate::tui::testing::state_for(corpus, Vec::new(), 80, 24);
        run_steps(crate::tui::testing::with_reuse(state), steps)?;
    }
}
