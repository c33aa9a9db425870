//! The reader: terminal setup, the event loop, and the screens. Everything here but the loop
//! in this file (and the effects it carries out, `effects.rs`) is pure: `update` turns (state,
//! action) into state, `render` turns state into a frame, so every screen is tested without a
//! terminal.

mod app;
mod effects;
mod fuzzy;
mod pick;
mod prefs;
mod render;
mod screens;
mod terminal;
mod theme;
mod watch;
pub mod worker;

#[cfg(test)]
mod pictures;
#[cfg(test)]
mod testing;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use anyhow::Context as _;
use crossterm::event;

use crossread::tags::TagStore;
use crossread::{ArticleId, Corpus, Project, Warning};

pub use app::keymap::{keys_toml, toml_string};

use app::action::{Action, Background, Effect, Input};
use app::keymap::Bindings;
use app::loading::Loading;
use app::state::State;
use app::update;
use terminal::TerminalGuard;

/// How long the reader waits for a key before looking at the tags file for changes made by
/// someone else (an editor, `git pull`), so they show without the user doing anything.
const SYNC_INTERVAL: Duration = Duration::from_secs(2);

/// How often the loop looks for the saver's answer while a save runs.
const SAVER_TICK: Duration = Duration::from_millis(20);

/// How often the loop looks for the background thread's progress while it runs.
const PROGRESS_TICK: Duration = Duration::from_millis(100);

/// How often the loop looks for a file being read for the reader: soon, so the article shows
/// as the cursor lands on it.
const READ_TICK: Duration = Duration::from_millis(10);

/// How long the loop waits for the selected article's file, being read on its own, before
/// drawing or applying the next key: so a frame shows its text rather than a flash of
/// "reading…", and keys typed right after a move (`j`, then `t`) act on the text. An article
/// file takes a few milliseconds; a huge one only delays the next key this much.
const READ_WAIT: Duration = Duration::from_millis(150);

/// The articles the reader opens on.
#[derive(Debug)]
pub enum Articles {
    /// Loaded already (the compare command needs its two articles before the reader opens).
    Loaded(Corpus, Vec<Warning>),
    /// The folder's listing (`crossread::corpus::listing::list`): the reader shows it at once and loads
    /// the articles on a thread of their own.
    Listed(Corpus, Vec<Warning>),
}

/// What the reader opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The article list and the reader.
    List,
    /// The compare view on two articles.
    Compare(ArticleId, ArticleId),
}

/// Runs the reader until the user quits.
///
/// Long on purpose: after the set-up it is the event loop, the one impure place of the reader
/// (draw, take what the threads sent, wait for a key, apply it, carry out its effect),
/// and it reads best as that one sequence.
pub fn run(
    project: &Project,
    articles: Articles,
    start: Start,
    detection: worker::Detection,
) -> anyhow::Result<()> {
    let (keymap, styles) = load_prefs(project)?;
    let (mut state, is_listing) = initial_state(project, articles, &keymap, styles);
    // Loading and detection run on a thread of their own: the list shows at once, a gauge
    // shows how far they have come, and titles, then highlights, fill in as they finish.
    // Quitting never waits for them: the threads end with the process.
    let loaded = (!is_listing).then(|| Arc::clone(&state.corpus));
    // Imported matches describe the files as they were read: an article edited since is not
    // read again, since its passages would no longer fit it.
    let is_imported = matches!(detection, worker::Detection::Imported(_));
    state.is_imported = is_imported;
    let mut redetector = worker::Redetector::default();
    let mut background = Some(worker::spawn(project, detection.clone(), loaded));
    let mut watch = watch::Watch::default();
    // Files read one at a time for the reader while the corpus loads.
    let mut reader = is_listing
        .then(|| worker::spawn_reader(project.corpus_dir.clone(), project.config.clone()));
    let mut guard = TerminalGuard::open()?;
    let size = guard
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    update::update(&mut state, Action::Resize(size.width, size.height));
    if let Start::Compare(left, right) = start {
        update::update(&mut state, Input::Compare(left, right));
    }
    loop {
        if let Some(reader) = &reader {
            read_selected(&mut state, reader);
        }
        watch.note(&state, &project.corpus_dir);
        guard
            .terminal
            .draw(|frame| render::render(&state, frame))
            .context("cannot draw on the terminal")?;
        let mut changed = false;
        if let Some((_, answers)) = &reader {
            while let Ok(read) = answers.try_recv() {
                update::update(&mut state, Input::Read(read));
                changed = true;
            }
        }
        if let Some(receiver) = &background
            && !drain(receiver, &mut state)
        {
            background = None;
            changed = true;
        }
        if !state.is_loading() {
            // The corpus is in: no more single files to read; the thread ends.
            reader = None;
        }
        // The saver's answers: what it wrote, merged from disk, or why it could not.
        changed |= effects::receive(&mut state);
        if background.is_none() && !is_imported {
            effects::reanchor(&mut state);
        }
        if changed {
            // Draw what arrived before waiting for a key.
            continue;
        }
        let reading = state.loading.as_ref().is_some_and(|l| l.reading.is_some());
        let tick = match (reading, background.is_some()) {
            (true, _) => READ_TICK,
            _ if state.tags.saver.is_busy() => SAVER_TICK,
            (false, true) => PROGRESS_TICK,
            (false, false) => SYNC_INTERVAL,
        };
        if !event::poll(tick).context("cannot read the terminal")? {
            if background.is_none() && !reading && !is_imported {
                // The open article edited on disk: read again, its passages found again
                // (through the cache, only what the edit touches is aligned again).
                if let Some(read) = watch.changed(&state, &project.corpus_dir, &project.config) {
                    update::update(&mut state, Input::Reloaded(read));
                    let corpus = Some(Arc::clone(&state.corpus));
                    // With the thresholds the user chose on the panel, if any.
                    let mut now = project.clone();
                    now.config.detect = state.detect.clone();
                    background = Some(worker::spawn(&now, detection.clone(), corpus));
                }
                effects::sync(&mut state);
            }
            continue;
        }
        // Apply every event already waiting before drawing again, so a held key or a burst of
        // wheel events costs one frame, not one per event.
        let mut next = Some(event::read().context("cannot read the terminal")?);
        while let Some(event) = next.take() {
            if let Some(reader) = &reader {
                read_selected(&mut state, reader);
            }
            let action = keymap.event_action(state.screen(), &event);
            if action == Some(Action::Quit) {
                // Whether tags are left unsaved is known once the saver has answered.
                effects::flush(&mut state);
            }
            if let Some(action) = action
                && let Some(effect) = update::update(&mut state, action)
            {
                if effect == Effect::Redetect {
                    // A run already going on is left to finish unheard.
                    if let Some(panel) = &state.thresholds {
                        let config = panel.draft.clone();
                        let hints = state.hints.clone();
                        background = Some(redetector.spawn(&state.corpus, config, hints));
                    }
                } else if effects::carry_out(&mut state, effect) == Some(Effect::Quit) {
                    return Ok(());
                }
            }
            if event::poll(Duration::ZERO).context("cannot read the terminal")? {
                next = Some(event::read().context("cannot read the terminal")?);
            }
        }
    }
}

/// The keymap and theme: the user's config (`$XDG_CONFIG_HOME/crossread/config.toml`) under
/// the project's, in black and white when `NO_COLOR` says so.
fn load_prefs(project: &Project) -> anyhow::Result<(Bindings, theme::Styles)> {
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
    let prefs = prefs::resolve(&configs, is_monochrome)?;
    tracing::info!(no_color = is_monochrome, "keys and theme loaded");
    Ok(prefs)
}

/// The reader's state on opening: the articles (loaded, or only listed), the tags with their
/// saving thread started, and the project's settings; true when the articles are only listed.
fn initial_state(
    project: &Project,
    articles: Articles,
    keymap: &Bindings,
    styles: theme::Styles,
) -> (State, bool) {
    let store = TagStore::open(&project.tags_path);
    let (corpus, warnings, is_listing) = match articles {
        Articles::Loaded(corpus, warnings) => (corpus, warnings, false),
        Articles::Listed(corpus, warnings) => (corpus, warnings, true),
    };
    let mut state = State::new(corpus, warnings, keymap.help(), store);
    // Saves run on a thread of their own from here on: a key is never held up by one.
    state.tags.saver.start_thread();
    state.hints = project.config.hints.clone();
    state.detect = project.config.detect.clone();
    state.detect_in_file = project.config.detect.clone();
    state.config_path = project
        .config_path
        .clone()
        .unwrap_or_else(|| project.corpus_dir.join("config.toml"));
    if is_listing {
        state.loading = Some(Loading::default());
    }
    state.tags.unlabelled = styles
        .color(styles.theme.tag)
        .unwrap_or(ratatui::style::Color::Reset);
    state.styles = styles;
    state.cite = project.config.cite.format.clone();
    (state, is_listing)
}

/// Asks for the selected article's file when its text is not loaded yet, and waits a moment
/// (`READ_WAIT`) for it.
fn read_selected(state: &mut State, (requests, answers): &worker::Reader) {
    if let Some(request) = state.wanted_read() {
        let index = request.index;
        if requests.send(request).is_ok() {
            update::update(state, Input::ReadRequested(index));
        }
    }
    let Some(reading) = state.loading.as_ref().and_then(|l| l.reading) else {
        return;
    };
    if state.selected_index() == Some(reading)
        && let Ok(read) = answers.recv_timeout(READ_WAIT)
    {
        update::update(state, Input::Read(read));
    }
}

/// Applies what the background thread has sent since the last frame (only the latest progress
/// matters); false once it is over.
fn drain(receiver: &Receiver<Background>, state: &mut State) -> bool {
    let mut progress = None;
    loop {
        match receiver.try_recv() {
            Ok(Background::Progress(p)) => progress = Some(p),
            Ok(failed @ Background::LoadFailed(_)) => {
                update::update(state, Input::Worker(failed));
                return false;
            }
            Ok(loaded @ Background::Loaded(..)) => {
                // Progress sent before it was the load's: stale now.
                progress = None;
                update::update(state, Input::Worker(loaded));
            }
            Ok(ready @ (Background::Ready(_) | Background::Redetected(..))) => {
                update::update(state, Input::Worker(ready));
                return false;
            }
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => return false,
        }
    }
    if let Some(p) = progress {
        update::update(state, Input::Worker(Background::Progress(p)));
    }
    true
}
