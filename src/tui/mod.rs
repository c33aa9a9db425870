//! The reader: terminal setup, the event loop, and the screens. Everything here but the loop
//! in this file is pure: `update` turns (state, action) into state, `render` turns state into a
//! frame, so every screen is tested without a terminal.

mod action;
mod cursor;
mod keymap;
mod layout;
mod render;
mod state;
mod terminal;
mod update;

#[cfg(test)]
mod testing;

use std::time::Duration;

use anyhow::Context as _;
use crossterm::event;

use crossread::{Corpus, Project, Warning};

use action::{Action, Effect};
use keymap::Keymap;
use state::State;
use terminal::TerminalGuard;

/// Runs the reader until the user quits.
pub fn run(_project: &Project, corpus: Corpus, warnings: Vec<Warning>) -> anyhow::Result<()> {
    let keymap = Keymap::default_keys();
    let mut state = State::new(corpus, warnings, keymap.help());
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
        // Apply every event already waiting before drawing again, so a held key or a burst of
        // wheel events costs one frame, not one per event.
        let mut next = Some(event::read().context("cannot read the terminal")?);
        while let Some(event) = next.take() {
            if let Some(action) = keymap.event_action(state.screen(), &event)
                && update::update(&mut state, action) == Some(Effect::Quit)
            {
                return Ok(());
            }
            if event::poll(Duration::ZERO).context("cannot read the terminal")? {
                next = Some(event::read().context("cannot read the terminal")?);
            }
        }
    }
}
