//! Test helpers: the seeds as a reader state, keys typed as text through the real keymap, and
//! frames drawn on ratatui's `TestBackend`.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crossread::keys::parse_key_sequence;
use crossread::{Config, Corpus, Warning};

use super::action::{Action, Effect};
use super::keymap::Keymap;
use super::render::render;
use super::state::State;
use super::update::update;

/// The seed corpus with the shipped config.
pub fn seeds() -> (Corpus, Vec<Warning>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("shipped config");
    Corpus::load(&root.join("seeds"), &config).expect("seeds load")
}

/// A reader on `corpus` at a terminal size.
pub fn state_for(corpus: Corpus, warnings: Vec<Warning>, width: u16, height: u16) -> State {
    let mut state = State::new(corpus, warnings, Keymap::default_keys().help());
    update(&mut state, Action::Resize(width, height));
    state
}

/// A reader on the seeds at a terminal size.
pub fn seeds_state(width: u16, height: u16) -> State {
    let (corpus, warnings) = seeds();
    state_for(corpus, warnings, width, height)
}

/// Types `keys` (`"jj<enter>"`) through the default keymap; returns the effects in order.
pub fn press(state: &mut State, keys: &str) -> Vec<Effect> {
    let keymap = Keymap::default_keys();
    let chords = parse_key_sequence(keys).expect("test key notation");
    let mut effects = Vec::new();
    for chord in chords {
        if let Some(action) = keymap.action(state.screen(), chord) {
            effects.extend(update(state, action));
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
    super::reuse_view::receive(
        &mut state,
        super::reuse_view::Background::Ready(std::sync::Arc::new(reuse)),
    );
    state
}
