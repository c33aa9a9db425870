//! The reader: terminal setup, the event loop, and the screens. Everything here but the loop
//! in this file (and the effects it carries out, `effects.rs`) is pure: `update` turns (state,
//! action) into state, `render` turns state into a frame, so every screen is tested without a
//! terminal.

mod action;
mod cursor;
mod effects;
mod fuzzy;
mod keymap;
mod layout;
mod render;
mod state;
mod tag_rows;
mod tag_update;
mod tags_ui;
mod terminal;
mod update;

#[cfg(test)]
mod testing;

use std::time::Duration;

use anyhow::Context as _;
use crossterm::event;

use crossread::tags::TagStore;
use crossread::{Corpus, Project, Warning};

use action::{Action, Effect};
use keymap::Keymap;
use state::State;
use terminal::TerminalGuard;

/// How long the reader waits for a key before looking at the tags file for changes made by
/// someone else (an editor, `git pull`), so they show without the user doing anything.
const SYNC_INTERVAL: Duration = Duration::from_secs(2);

/// Runs the reader until the user quits.
pub fn run(project: &Project, corpus: Corpus, warnings: Vec<Warning>) -> anyhow::Result<()> {
    let keymap = Keymap::default_keys();
    let store = TagStore::open(&project.tags_path);
    let mut state = State::new(corpus, warnings, keymap.help(), store);
    let mut guard = TerminalGuard::open()?;
    let size = guard
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    update::update(&mut state, Action::Resize(size.width, size.height));
    loop {
        guard
            .terminal
            .draw(|frame| render::render(&state, frame))
            .context("cannot draw on the terminal")?;
        if !event::poll(SYNC_INTERVAL).context("cannot read the terminal")? {
            effects::sync(&mut state);
            continue;
        }
        // Apply every event already waiting before drawing again, so a held key or a burst of
        // wheel events costs one frame, not one per event.
        let mut next = Some(event::read().context("cannot read the terminal")?);
        while let Some(event) = next.take() {
            if let Some(action) = keymap.event_action(state.screen(), &event)
                && let Some(effect) = update::update(&mut state, action)
                && effects::carry_out(&mut state, effect) == Some(Effect::Quit)
            {
                return Ok(());
            }
            if event::poll(Duration::ZERO).context("cannot read the terminal")? {
                next = Some(event::read().context("cannot read the terminal")?);
            }
        }
    }
}
