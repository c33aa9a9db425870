//! The thresholds panel on the seeds: its snapshot, a change that runs detection again (here
//! on the test's thread, as the loop's worker would) and redraws the highlights with the
//! counts before and after, and `w` writing `[detect]` into a config file.

use std::sync::Arc;

use insta::assert_snapshot;

use crossread::detect::redetect::{Prepared, redetect};

use crate::tui::app::action::{Action, Background, Effect};
use crate::tui::app::reuse::Detected;
use crate::tui::app::screen::Screen;
use crate::tui::app::state::State;
use crate::tui::app::update::receive::receive;
use crate::tui::testing::{draw, press, press_and_save, screen_text, seeds_state, with_reuse};

/// Presses `keys` and, for each run asked for, detects as the worker does and delivers it.
fn press_and_run(state: &mut State, prepared: &Prepared, keys: &str) {
    let effects = press(state, keys);
    if effects.contains(&Effect::Redetect) {
        let config = state.thresholds.as_ref().unwrap().draft.clone();
        let reuse = redetect(&state.corpus, prepared, &config);
        let detected = Detected::prepare(&state.corpus, Arc::new(reuse), &|_, _| {});
        receive(state, Background::Redetected(detected, config, 0.0));
    }
}

fn reader_marks(state: &State) -> usize {
    screen_text(state)
        .iter()
        .filter(|l| l.contains('≈') || l.contains('≡'))
        .count()
}

#[test]
fn thresholds_panel_on_the_seeds_80x24() {
    let mut state = with_reuse(seeds_state(80, 24));
    press(&mut state, "j<enter>D");
    assert_eq!(state.screen(), Screen::Thresholds);
    assert_snapshot!("thresholds_seeds_80x24", draw(&state).backend());
}

#[test]
fn a_lower_min_words_finds_more_and_redraws_the_highlights() {
    let mut state = with_reuse(seeds_state(80, 24));
    let prepared = Prepared::new(&state.corpus);
    press(&mut state, "j<enter>");
    let before = state.reuse.result.as_ref().unwrap().clusters.len();
    let marks_before = reader_marks(&state);
    // min_words 12 → 6.
    press_and_run(&mut state, &prepared, "D");
    for _ in 0..5 {
        press_and_run(&mut state, &prepared, "h");
    }
    let next_to_last = state.reuse.result.as_ref().unwrap().clusters.len();
    press_and_run(&mut state, &prepared, "h");
    let after = state.reuse.result.as_ref().unwrap().clusters.len();
    assert!(after > before, "{before} → {after}");
    assert_eq!(state.detect.min_words, 6);
    let panel = state.thresholds.as_ref().unwrap();
    assert!(!panel.is_running);
    let said = format!("{next_to_last} → {after} passages (0.00 s)");
    assert_eq!(panel.outcome.as_deref(), Some(said.as_str()));
    assert_eq!(state.message.as_deref(), Some(said.as_str()));
    let text = screen_text(&state).join("\n");
    assert!(text.contains("min_words               6*"), "{text}");
    assert_snapshot!("thresholds_after_lowering_min_words", text);
    // Closed, the reader shows the new highlights: the same as a detection at 6 words.
    press(&mut state, "<esc>");
    let fresh = {
        let mut s = seeds_state(80, 24);
        let config = crossread::DetectConfig {
            min_words: 6,
            ..crossread::DetectConfig::default()
        };
        let reuse = crossread::detect(&s.corpus, &config);
        let detected = Detected::prepare(&s.corpus, Arc::new(reuse), &|_, _| {});
        receive(&mut s, Background::Ready(detected));
        press(&mut s, "j<enter>");
        s
    };
    assert_eq!(screen_text(&state), screen_text(&fresh));
    assert!(reader_marks(&state) >= marks_before);
    // Back up to 12: the counts return.
    press_and_run(&mut state, &prepared, "D");
    for _ in 0..6 {
        press_and_run(&mut state, &prepared, "l");
    }
    assert_eq!(state.reuse.result.as_ref().unwrap().clusters.len(), before);
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .contains(&format!(" → {before} passages")),
        "{:?}",
        state.message
    );
}

#[test]
fn boilerplate_off_and_w_writes_the_values_keeping_the_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml"),
    )
    .unwrap();
    std::fs::write(&path, &shipped).unwrap();
    let mut state = with_reuse(seeds_state(80, 24));
    state.config_path = path.clone();
    let prepared = Prepared::new(&state.corpus);
    press_and_run(&mut state, &prepared, "DGl");
    assert!(!state.detect.boilerplate);
    let effects = press_and_save(&mut state, "w");
    assert_eq!(effects, vec![Effect::WriteDetect]);
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with(&shipped), "{written}");
    assert!(
        written.ends_with("[detect]\nboilerplate = false\n"),
        "{written}"
    );
    assert_eq!(
        state.message.as_deref(),
        Some(format!("Wrote [detect] to {}", path.display()).as_str())
    );
    // Nothing differs from the file any more.
    assert!(!screen_text(&state).join("\n").contains("off*"));
}

#[test]
fn the_panel_waits_for_detection_and_is_refused_on_imported_matches() {
    let mut state = seeds_state(80, 24);
    press(&mut state, "D");
    assert_eq!(state.screen(), Screen::List);
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .starts_with("Still looking")
    );
    let mut state = with_reuse(seeds_state(80, 24));
    state.is_imported = true;
    press(&mut state, "D");
    assert_eq!(state.screen(), Screen::List);
    assert!(state.message.as_deref().unwrap().contains("--matches"));
}

#[test]
fn the_panel_survives_any_size() {
    for (w, h) in [(1, 1), (20, 5), (200, 60)] {
        let mut state = with_reuse(seeds_state(80, 24));
        press(&mut state, "DjjG");
        crate::tui::app::update::update(&mut state, Action::Resize(w, h));
        draw(&state);
    }
}
