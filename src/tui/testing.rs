//! Test helpers: the seeds as a reader state, keys typed as text through the real keymap, and
//! frames drawn on ratatui's `TestBackend`.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crossread::config::keys::parse_key_sequence;
use crossread::tags::TagStore;
use crossread::{Config, Corpus, Warning};

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::keymap::Bindings;
use crate::tui::app::state::State;
use crate::tui::app::update::update;
use crate::tui::render::render;

/// The seed corpus with the shipped config.
pub fn seeds() -> (Corpus, Vec<Warning>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("shipped config");
    Corpus::load(&root.join("seeds"), &config).expect("seeds load")
}

/// A reader on `corpus` at a terminal size, with an empty tag store whose file does not exist
/// (tests that save use [`state_with_tags`]).
pub fn state_for(corpus: Corpus, warnings: Vec<Warning>, width: u16, height: u16) -> State {
    let store = TagStore::open(Path::new("/nonexistent/crossread-test/tags.toml"));
    state_with_tags(corpus, warnings, store, width, height)
}

/// A reader on `corpus` with the tags of `store`, at a terminal size.
pub fn state_with_tags(
    corpus: Corpus,
    warnings: Vec<Warning>,
    store: TagStore,
    width: u16,
    height: u16,
) -> State {
    let mut state = State::new(corpus, warnings, Bindings::default_keys().help(), store);
    update(&mut state, Action::Resize(width, height));
    state
}

/// A reader on the seeds at a terminal size.
pub fn seeds_state(width: u16, height: u16) -> State {
    let (corpus, warnings) = seeds();
    state_for(corpus, warnings, width, height)
}

/// A reader on the seeds as it opens before their files are loaded: the folder's listing, and
/// the load's progress at `done` of the five files.
pub fn loading_seeds_state(width: u16, height: u16, done: usize) -> State {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("shipped config");
    let (listing, warnings) =
        crossread::corpus::listing::list(&root.join("seeds"), &config).expect("seeds list");
    let mut state = state_for(listing, warnings, width, height);
    state.loading = Some(crate::tui::app::loading::Loading::default());
    let progress = crossread::detect::reuse::Progress {
        stage: crossread::detect::reuse::Stage::Load,
        done,
        total: 5,
    };
    crate::tui::app::update::receive::receive(
        &mut state,
        crate::tui::app::action::Background::Progress(progress),
    );
    state
}

/// Types `keys` (`"jj<enter>"`) through the default keymap; returns the effects in order.
pub fn press(state: &mut State, keys: &str) -> Vec<Effect> {
    press_with(&Bindings::default_keys(), state, keys)
}

/// Types `keys` through `keymap`; returns the effects in order.
pub fn press_with(keymap: &Bindings, state: &mut State, keys: &str) -> Vec<Effect> {
    let chords = parse_key_sequence(keys).expect("test key notation");
    let mut effects = Vec::new();
    for chord in chords {
        if let Some(action) = keymap.action(state.screen(), chord) {
            effects.extend(update(state, action));
        }
    }
    effects
}

/// Types `keys` and carries out the effects as the loop does (saving to the store's file);
/// returns the effects.
pub fn press_and_save(state: &mut State, keys: &str) -> Vec<Effect> {
    let keymap = Bindings::default_keys();
    let chords = parse_key_sequence(keys).expect("test key notation");
    let mut effects = Vec::new();
    for chord in chords {
        if let Some(action) = keymap.action(state.screen(), chord)
            && let Some(effect) = update(state, action)
        {
            effects.push(effect);
            crate::tui::effects::carry_out(state, effect);
        }
    }
    effects
}

/// Draws the state on a test terminal of the state's size.
pub fn draw(state: &State) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.width, state.height)).expect("test terminal");
    terminal
        .draw(|frame| render(state, frame))
        .expect("drawing on a test backend");
    terminal
}

/// The drawn screen as text lines (trailing spaces trimmed).
pub fn screen_text(state: &State) -> Vec<String> {
    let terminal = draw(state);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut line = String::new();
            // A wide character's second cell holds a blank that is not on screen.
            let mut skip = 0;
            for x in 0..buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            line.trim_end().to_owned()
        })
        .collect()
}

/// The state with reuse detection run on its corpus and its results delivered, as the loop
/// delivers them from the detection thread.
pub fn with_reuse(mut state: State) -> State {
    let reuse = crossread::detect(&state.corpus, &crossread::DetectConfig::default());
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
