//! Snapshots of the reuse views on the seeds (reader with highlights, compare view, columns),
//! colour and style checks where they carry meaning, and every new screen at tiny and huge
//! sizes.

use insta::assert_snapshot;
use ratatui::style::{Color, Modifier};

use crate::tui::app::screen::Screen;
use crate::tui::app::state::State;
use crate::tui::testing::{draw, press, screen_text, seeds_state, with_reuse};

/// The row and column where `needle` starts on screen.
fn find(state: &State, needle: &str) -> Option<(u16, u16)> {
    screen_text(state).iter().enumerate().find_map(|(y, line)| {
        let at = line.find(needle)?;
        let x = line[..at].chars().count();
        Some((u16::try_from(x).ok()?, u16::try_from(y).ok()?))
    })
}

#[test]
fn reader_marks_shared_passages_120x40() {
    let mut state = with_reuse(seeds_state(120, 40));
    press(&mut state, "j<enter>n");
    assert_snapshot!("reader_shared_passages_120x40", draw(&state).backend());
    let text = screen_text(&state).join("\n");
    assert!(
        text.contains("≈Russian President, Vladimir Putin"),
        "{text}"
    );
    assert!(text.contains("▰▱▱▱▱  18% 4⇄"), "{text}");
    // A shared passage is bold and in the colour of 002, where its copy is.
    let (x, y) = find(&state, "it comes to signing").unwrap();
    let buffer = draw(&state).backend().buffer().clone();
    let cell = &buffer[(x, y)];
    assert_eq!(
        cell.fg,
        super::reuse_marks::colour_of(&state.styles, state.corpus.articles[2].id)
            .fg
            .unwrap()
    );
    assert!(cell.modifier.contains(Modifier::BOLD));
    // Original text stays plain.
    let (x, y) = find(&state, "Russian officials say").unwrap();
    assert_eq!(buffer[(x + 2, y)].fg, Color::Reset);
}

#[test]
fn passages_panel_lists_the_copies_80x24() {
    let mut state = with_reuse(seeds_state(80, 24));
    press(&mut state, "j<enter>nn<enter>");
    assert_eq!(state.screen(), Screen::Passages);
    assert_snapshot!("passages_panel_80x24", draw(&state).backend());
}

#[test]
fn compare_view_lines_up_the_legitimacy_paragraph_160x40() {
    let mut state = with_reuse(seeds_state(160, 40));
    // 001, then pick 003 by typing, then the first shared passage: the legitimacy paragraph.
    press(&mut state, "jcdaily8<enter>]");
    assert_eq!(state.screen(), Screen::Compare);
    assert_snapshot!("compare_001_003_160x40", draw(&state).backend());
    let (lx, ly) = find(&state, "Russian President, Vladimir Putin has repeatedly").unwrap();
    let (rx, ry) = find(&state, "Putin has repeatedly raised doubts about Zelenskiy").unwrap();
    assert_eq!(ly, ry, "the two copies start on the same row");
    assert!(rx > lx);
    let buffer = draw(&state).backend().buffer().clone();
    // "Russian President," is only on the left: struck through in red.
    assert!(buffer[(lx, ly)].modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(buffer[(lx, ly)].fg, Color::Red);
    // Zelenskiy/Zelenskyy is a respelling: italic, not underlined.
    let (zx, zy) = find(&state, "Zelenskiy's legitimacy").unwrap();
    assert!(buffer[(zx, zy)].modifier.contains(Modifier::ITALIC));
    assert!(!buffer[(zx, zy)].modifier.contains(Modifier::UNDERLINED));
    // Text only one side has is dimmed.
    let (ox, oy) = find(&state, "Russian officials say").unwrap();
    assert!(buffer[(ox, oy)].modifier.contains(Modifier::DIM));
    let status = screen_text(&state).pop().unwrap();
    assert!(
        status.contains("passage 1/2 · 90% similar · rewrite"),
        "{status}"
    );
}

#[test]
fn all_columns_fit_and_light_a_passage_200x50() {
    let mut state = with_reuse(seeds_state(200, 50));
    press(&mut state, "Cnnnn");
    assert_snapshot!("columns_200x50", draw(&state).backend());
    let text = screen_text(&state);
    let top = &text[0];
    for outlet_title in [
        "Russia makes",
        "Lavrov pours",
        "Donald Trump",
        "Russia says",
        "Russian Minister",
    ] {
        assert!(top.contains(outlet_title), "{top}");
    }
    let lit = text.iter().filter(|l| l.contains("▶")).count();
    assert!(lit >= 2, "the passage is lit in both columns carrying it");
}

#[test]
fn search_prompt_and_picker_draw() {
    let mut state = with_reuse(seeds_state(100, 30));
    press(&mut state, "j<enter>/lavrov");
    let status = screen_text(&state).pop().unwrap();
    assert!(status.starts_with("/lavrov▏"), "{status}");
    assert!(status.contains("  1/"), "which hit of how many: {status}");
    let mut state = with_reuse(seeds_state(100, 30));
    press(&mut state, "cirish");
    let text = screen_text(&state).join("\n");
    assert!(text.contains("› irish▏"), "{text}");
    assert!(text.contains("The Irish Times · Donald Trump"), "{text}");
}

#[test]
fn a_gauge_shows_while_detection_runs() {
    let mut state = seeds_state(100, 30);
    crate::tui::app::update::receive::receive(
        &mut state,
        crate::tui::app::action::Background::Progress(crossread::detect::reuse::Progress {
            stage: crossread::detect::reuse::Stage::Align,
            done: 3,
            total: 6,
        }),
    );
    let status = screen_text(&state).pop().unwrap();
    assert!(status.contains("⟳ 3/4 aligning 3/6 ▰▰▰▰▱▱▱▱"), "{status}");
    let state = with_reuse(state);
    assert!(!screen_text(&state).pop().unwrap().contains('⟳'));
}

#[test]
fn every_reuse_screen_renders_at_tiny_and_huge_sizes() {
    let keys = [
        "j<enter>n<enter>",
        "jcdaily8<enter>]",
        "jcdaily8<enter>]S<tab>jx",
        "C",
        "Cnnl",
        "c",
        "czzzz",
        "j<enter>/lav",
        "j<enter>n?",
    ];
    for (width, height) in [(1, 1), (20, 5), (200, 60), (0, 0), (2, 3), (61, 3)] {
        for keys in keys {
            let mut state = with_reuse(seeds_state(160, 40));
            press(&mut state, keys);
            crate::tui::app::update::update(
                &mut state,
                crate::tui::app::action::Action::Resize(width, height),
            );
            let lines = screen_text(&state);
            assert_eq!(
                lines.len(),
                usize::from(height),
                "{keys} at {width}x{height}"
            );
        }
    }
}

/// Regression: at 80×24 the share bar took the row first and outlets read `New Yor…`.
#[test]
fn outlets_fit_the_list_at_80x24_and_60x20_shows_one_pane() {
    let state = with_reuse(seeds_state(80, 24));
    assert_snapshot!("list_with_shares_80x24", draw(&state).backend());
    let text = screen_text(&state).join("\n");
    for outlet in ["New York Post", "The Irish Times", "via breakingnews.ie"] {
        assert!(text.contains(outlet), "{outlet}\n{text}");
    }
    assert!(text.contains("New York Post      2% 1⇄"), "{text}");
    assert!(text.contains("001_0d4e60a693cd02cb 18%"), "{text}");
    let mut narrow = with_reuse(seeds_state(60, 20));
    assert!(narrow.layout.reader.is_empty(), "one pane: the list");
    press(&mut narrow, "<enter>");
    assert!(narrow.layout.list.is_empty(), "one pane: the reader");
    assert_eq!(narrow.layout.reader.width, 60);
}

/// Regression: the "Also in…" box sat over the passage it is about, and at 140 columns cut the
/// similarity off the end of its rows.
#[test]
fn the_passages_box_leaves_its_passage_in_sight_and_keeps_the_figures() {
    for (width, height) in [(80, 24), (140, 40), (100, 16)] {
        let mut state = with_reuse(seeds_state(width, height));
        press(&mut state, "j<enter>nn");
        let article = state.selected_article().unwrap();
        let sentence = article.text()[state.cursor_span().unwrap()].to_owned();
        let start: String = sentence
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Passages);
        let text = screen_text(&state).join("\n");
        assert!(
            text.contains(&start),
            "{width}x{height}: {start:?} hidden\n{text}"
        );
        let panel = state.panel.as_ref().unwrap();
        for entry in &panel.entries {
            let figure = format!("{:>3.0}%", entry.similarity.unwrap() * 100.0);
            let outlet = &state.corpus.article(entry.article).unwrap().outlet;
            assert!(
                text.contains(&format!("{figure}  {outlet}")),
                "{width}x{height}: {figure} {outlet}\n{text}"
            );
        }
    }
}

/// The seeds' detection with a stock phrase and a boilerplate line set aside in 001 (the five
/// seeds are too few for detection to set any aside itself).
fn with_set_aside(state: State) -> State {
    use crossread::detect::reuse::{SetAside, SetAsideReason, Side};
    let mut state = with_reuse(state);
    let article = &state.corpus.articles[1];
    let text = article.text();
    let span_of = |needle: &str| {
        let start = text.find(needle).expect(needle);
        start..start + needle.len()
    };
    let mut reuse = (**state.reuse.result.as_ref().unwrap()).clone();
    for (needle, reason) in [
        ("Russian officials say", SetAsideReason::Stock),
        ("Lavrov’s remarks cast doubt", SetAsideReason::Boilerplate),
    ] {
        let byte_span = span_of(needle);
        reuse.set_aside.push(SetAside {
            side: Side {
                article: article.id,
                byte_span,
            },
            reason,
            phrase: 7,
        });
    }
    let detected = crate::tui::app::reuse::Detected::prepare(
        &state.corpus,
        std::sync::Arc::new(reuse),
        &state.hints,
        &|_, _| {},
    );
    crate::tui::app::update::receive::receive(
        &mut state,
        crate::tui::app::action::Background::Ready(detected),
    );
    state
}

#[test]
fn z_shows_set_aside_text_dimmed_and_marked_then_hides_it() {
    let mut state = with_set_aside(seeds_state(120, 40));
    press(&mut state, "j<enter>");
    assert!(!state.show_set_aside, "hidden by default");
    let (x, y) = find(&state, "Russian officials say").unwrap();
    let buffer = draw(&state).backend().buffer().clone();
    assert!(!buffer[(x, y)].modifier.contains(Modifier::DIM));
    assert!(!screen_text(&state).iter().any(|l| l.contains('·')));

    press(&mut state, "z");
    assert!(state.show_set_aside);
    assert_snapshot!("reader_set_aside_shown_120x40", draw(&state).backend());
    let status = screen_text(&state).pop().unwrap();
    assert!(
        status.contains("Showing 1 set-aside stock phrase and 1 boilerplate passage"),
        "{status}"
    );
    let (x, y) = find(&state, "Russian officials say").unwrap();
    let buffer = draw(&state).backend().buffer().clone();
    assert!(buffer[(x, y)].modifier.contains(Modifier::DIM));
    assert!(buffer[(x, y)].modifier.contains(Modifier::ITALIC));
    // The stock phrase's line is marked `·` in the gutter, visible without colour.
    let row = &screen_text(&state)[usize::from(y)];
    assert!(row.contains("·Russian officials say"), "{row}");
    let (_, y) = find(&state, "Lavrov’s remarks cast doubt").unwrap();
    let row = &screen_text(&state)[usize::from(y)];
    assert!(row.contains("¦Lavrov’s remarks"), "{row}");

    press(&mut state, "z");
    assert!(!state.show_set_aside);
    let status = screen_text(&state).pop().unwrap();
    assert!(
        status.contains("Hiding 1 set-aside stock phrase"),
        "{status}"
    );
    let (x, y) = find(&state, "Russian officials say").unwrap();
    let buffer = draw(&state).backend().buffer().clone();
    assert!(!buffer[(x, y)].modifier.contains(Modifier::DIM));
}

#[test]
fn z_before_detection_is_done_says_so_and_changes_nothing() {
    let mut state = seeds_state(120, 40);
    press(&mut state, "j<enter>z");
    assert!(!state.show_set_aside);
    let status = screen_text(&state).pop().unwrap();
    assert!(status.contains("once detection is done"), "{status}");
}
