//! The reader: terminal setup, the event loop, and the screens. Everything here but the loop
//! in this file (and the effects it carries out, `effects.rs`) is pure: `update` turns (state,
//! action) into state, `render` turns state into a frame, so every screen is tested without a
//! terminal.

mod action;
mod click;
mod columns;
mod compare;
mod cursor;
mod effects;
mod fuzzy;
mod keymap;
mod layout;
mod picker;
mod prefs;
mod render;
mod reuse_view;
mod search;
mod state;
mod tag_rows;
mod tag_update;
mod tags_ui;
mod terminal;
mod theme;
mod update;
mod views;

#[cfg(test)]
mod testing;

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use anyhow::Context as _;
use crossterm::event;

use crossread::cache::{CacheLocation, detect_cached};
use crossread::reuse::detect_with_progress;
use crossread::tags::TagStore;
use crossread::{ArticleId, Corpus, Project, Warning};

pub use keymap::{keys_toml, toml_string};

use action::{Action, Effect};
use reuse_view::Background;
use state::State;
use terminal::TerminalGuard;

/// How long the reader waits for a key before looking at the tags file for changes made by
/// someone else (an editor, `git pull`), so they show without the user doing anything.
const SYNC_INTERVAL: Duration = Duration::from_secs(2);

/// How often the loop looks for detection's progress while it runs.
const PROGRESS_TICK: Duration = Duration::from_millis(100);

/// What the reader opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The article list and the reader.
    List,
    /// The compare view on two articles.
    Compare(ArticleId, ArticleId),
}

/// Runs the reader until the user quits.
pub fn run(
    project: &Project,
    corpus: Corpus,
    warnings: Vec<Warning>,
    start: Start,
    cache: Option<CacheLocation>,
) -> anyhow::Result<()> {
    let user_path = prefs::user_config_path(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    );
    let user = match &user_path {
        Some(path) => prefs::load_user_config(path)?,
        None => None,
    };
    match (&user, &user_path) {
        (Some(_), Some(path)) => tracing::info!(path = %path.display(), "user config loaded"),
        (None, Some(path)) => tracing::debug!(path = %path.display(), "no user config"),
        _ => tracing::debug!("no user config folder (neither XDG_CONFIG_HOME nor HOME)"),
    }
    let configs: Vec<&crossread::Config> = user.iter().chain([&project.config]).collect();
    let is_monochrome = prefs::is_no_color(std::env::var_os("NO_COLOR").as_deref());
    let (keymap, styles) = prefs::resolve(&configs, is_monochrome)?;
    tracing::info!(no_color = is_monochrome, "keys and theme loaded");
    let store = TagStore::open(&project.tags_path);
    let mut state = State::new(corpus, warnings, keymap.help(), store);
    state.tags.unlabelled = styles
        .color(styles.theme.tag)
        .unwrap_or(ratatui::style::Color::Reset);
    state.styles = styles;
    // Detection runs on its own thread: the list shows at once, a gauge shows how far
    // detection has come, and highlights fill in when it is done. Quitting never waits for
    // it: the thread ends with the process.
    let detection = spawn_detection(&state, project, cache);
    let mut detection = Some(detection);
    let mut guard = TerminalGuard::open()?;
    let size = guard
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    update::update(&mut state, Action::Resize(size.width, size.height));
    if let Start::Compare(left, right) = start {
        compare::open(&mut state, left, right, None);
        state.settle();
    }
    loop {
        guard
            .terminal
            .draw(|frame| render::render(&state, frame))
            .context("cannot draw on the terminal")?;
        if let Some(receiver) = &detection {
            if !drain(receiver, &mut state) {
                // Done: draw the highlights before waiting for a key.
                detection = None;
                continue;
            }
            if !event::poll(PROGRESS_TICK).context("cannot read the terminal")? {
                continue;
            }
        } else if !event::poll(SYNC_INTERVAL).context("cannot read the terminal")? {
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

/// Starts reuse detection on a thread of its own; its progress and results come back through
/// the channel.
/// With a cache location, the matches of an unchanged corpus come from the cache and new ones
/// are written to it; a cache that cannot be used is rebuilt, and one that cannot be written
/// only costs the next start its speed.
fn spawn_detection(
    state: &State,
    project: &Project,
    cache: Option<CacheLocation>,
) -> Receiver<Background> {
    let (sender, receiver) = mpsc::channel();
    let corpus = Arc::clone(&state.corpus);
    let config = project.config.detect.clone();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let progress = sender.clone();
        // A closed channel means the reader has quit; nothing to report to.
        let report = move |p| {
            let _ = progress.send(Background::Progress(p));
        };
        let cached = cache
            .as_ref()
            .and_then(|location| detect_cached(&corpus, &config, location, &report).ok());
        let reuse = match cached {
            Some((reuse, _)) => reuse,
            None => detect_with_progress(&corpus, &config, &report),
        };
        tracing::info!(
            matches = reuse.matches.len(),
            clusters = reuse.clusters.len(),
            elapsed_ms = started.elapsed().as_millis(),
            "detection done"
        );
        let _ = sender.send(Background::Ready(Arc::new(reuse)));
    });
    receiver
}

/// Applies what detection has sent since the last frame (only the latest progress matters);
/// false once detection is over.
fn drain(receiver: &Receiver<Background>, state: &mut State) -> bool {
    let mut progress = None;
    loop {
        match receiver.try_recv() {
            Ok(Background::Progress(p)) => progress = Some(p),
            Ok(ready @ Background::Ready(_)) => {
                reuse_view::receive(state, ready);
                return false;
            }
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => return false,
        }
    }
    if let Some(p) = progress {
        reuse_view::receive(state, Background::Progress(p));
    }
    true
}
