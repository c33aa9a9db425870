//! Carrying out what `update` asked for outside the state: saving the tags (to their file, or
//! to a new one when that file cannot take them) and looking for changes made to the file by
//! others. Saving is the saver's ([`crossread::tags::Saver`]): on a thread of its own while the
//! reader runs, so a save never holds up a key; its answers come back through [`receive`], and
//! every outcome goes into the state through [`saved`], which is pure, so tests can drive it
//! with any outcome.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossread::tags::{Done, Job, MergeEvent, Outcome, SaveReport};

use crate::tui::app::action::Effect;
use crate::tui::app::state::State;
use crate::tui::app::update::settle::settle;

/// Does `effect`; returns `Some(Effect::Quit)` when the reader must stop.
pub fn carry_out(state: &mut State, effect: Effect) -> Option<Effect> {
    match effect {
        Effect::Quit => return Some(Effect::Quit),
        Effect::SaveTags => save(state),
        Effect::SaveTagsElsewhere => save_elsewhere(state),
        Effect::Copy => {
            if let Some(text) = state.clipboard.take() {
                let sent =
                    std::io::Write::write_all(&mut std::io::stdout(), osc52(&text).as_bytes())
                        .and_then(|()| std::io::Write::flush(&mut std::io::stdout()));
                if let Err(err) = sent {
                    state.message = Some(format!("Could not copy: {err}"));
                }
            }
        }
    }
    None
}

/// The escape sequence that asks the terminal to put `text` on the clipboard (OSC 52, which
/// works over ssh, and in tmux with `set-clipboard on`). Terminated by BEL, which more
/// terminals accept than ST.
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// Hands the changes made since the last save to the saver, with a request to save them.
pub fn save(state: &mut State) {
    let changes = state.tags.store.take_unsent();
    state.tags.saver.send(Job::Save(changes));
    receive(state);
}

/// Merges changes made to the tags file on disk, when saving works at all (a file that did
/// not load, or a failed save, waits for the user instead of failing again every few seconds).
/// Nothing is asked while the saver is still at work.
pub fn sync(state: &mut State) {
    receive(state);
    if state.tags.saver.is_busy() {
        return;
    }
    if state.tags.store.is_read_only() {
        // A file that did not load is taken in once it is fixed.
        let changes = state.tags.store.take_unsent();
        state.tags.saver.send(Job::ReloadIfFixed(changes));
        receive(state);
        return;
    }
    if state.tags.problem.is_some() {
        return;
    }
    save(state);
}

/// Takes in every answer of the saver that has come; true when there was one.
pub fn receive(state: &mut State) -> bool {
    let mut any = false;
    while let Some(done) = state.tags.saver.try_receive() {
        take(state, done);
        any = true;
    }
    any
}

/// Sends what is not saved yet and waits (a few seconds at most) for every answer: before
/// quitting, so the reader knows whether anything is left unsaved.
pub fn flush(state: &mut State) {
    if state.tags.store.has_unsent_changes() {
        save(state);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    for done in state.tags.saver.finish(deadline) {
        take(state, done);
    }
}

/// Takes one answer of the saver into the state.
fn take(state: &mut State, mut done: Done) {
    if state.tags.store.adopt(&mut done) {
        state.tags.changed();
    }
    let events = std::mem::take(&mut done.events);
    match done.outcome {
        Outcome::Saved(result) => saved(state, with_events(result, events), false),
        Outcome::SavedAs(result) => saved(state, with_events(result, events), true),
        Outcome::Reloaded(Some(reloaded)) => {
            state.tags.problem = None;
            state.tags.changed();
            state.message = Some(format!(
                "{} loads again; tags are saved to it",
                state.tags.store.path().display()
            ));
            let all: Vec<MergeEvent> = reloaded.into_iter().chain(events).collect();
            state.tags.notice = crossread::tags::summary(&all);
            settle(state);
        }
        Outcome::Reloaded(None) => {}
    }
}

/// A save's result with what applying the reader's changes told added to its merge events.
fn with_events(
    result: crossread::Result<SaveReport>,
    events: Vec<MergeEvent>,
) -> crossread::Result<SaveReport> {
    result.map(|mut report| {
        report.merged.extend(events);
        report
    })
}

/// Re-anchors the tags found only approximately in the corpus (once per corpus, when it is
/// loaded whole): their quote and context become the text now there, the old ones go to the
/// journal, and the change is saved.
pub fn reanchor(state: &mut State) {
    let corpus = std::sync::Arc::as_ptr(&state.corpus) as usize;
    if state.is_loading() || state.tags.reanchored_for == corpus || state.tags.store.is_read_only()
    {
        return;
    }
    state.tags.reanchored_for = corpus;
    let moved = state.tags.store.reanchor(&state.corpus);
    if !moved.is_empty() {
        tracing::info!(count = moved.len(), "tags re-anchored on edited text");
        state.tags.changed();
        save(state);
        settle(state);
    }
}

/// Saves to the first free name among [`recovery_paths`] that can be written.
fn save_elsewhere(state: &mut State) {
    let fallbacks = [
        std::env::current_dir().unwrap_or_default(),
        std::env::temp_dir(),
    ];
    save_elsewhere_in(state, &fallbacks);
}

/// Saves to the first free name beside the tags file, else in `fallbacks`, that can be
/// written; reports the last failure when none can.
pub fn save_elsewhere_in(state: &mut State, fallbacks: &[PathBuf]) {
    let paths = recovery_paths(state.tags.store.path(), fallbacks);
    let changes = state.tags.store.take_unsent();
    state.tags.saver.send(Job::SaveAs(changes, paths));
    receive(state);
}

/// Where tags go when their file cannot take them: `tags.recovered.toml` (then `-2`, `-3`…)
/// beside the tags file, else in each of `fallbacks` (the current folder, the temporary
/// folder). Only names that do not exist yet: nothing is ever overwritten.
pub fn recovery_paths(tags_path: &Path, fallbacks: &[PathBuf]) -> Vec<PathBuf> {
    let stem = tags_path
        .file_stem()
        .map_or_else(|| "tags".into(), |s| s.to_string_lossy().into_owned());
    let beside = tags_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut paths = Vec::new();
    for folder in std::iter::once(&beside).chain(fallbacks) {
        let free = (1..100)
            .map(|n| {
                let name = if n == 1 {
                    format!("{stem}.recovered.toml")
                } else {
                    format!("{stem}.recovered-{n}.toml")
                };
                folder.join(name)
            })
            .find(|p| std::fs::symlink_metadata(p).is_err());
        if let Some(path) = free
            && !paths.contains(&path)
        {
            paths.push(path);
        }
    }
    paths
}

/// Takes the outcome of a save (or of saving elsewhere, `to_new_file`) into the state: what
/// was merged from disk, or why the tags are not saved.
pub fn saved(state: &mut State, result: crossread::Result<SaveReport>, to_new_file: bool) {
    match result {
        Ok(report) => {
            // The loop saves every few seconds to pick up changes on disk; only a write or a
            // merge is news.
            if report.written || !report.merged.is_empty() {
                tracing::info!(
                    path = %state.tags.store.path().display(),
                    written = report.written,
                    merged = report.merged.len(),
                    "tags saved"
                );
            }
            for event in &report.merged {
                tracing::info!("merged from disk: {event}");
            }
            let was_failing = state.tags.problem.take().is_some();
            if let Some(why) = &report.journal_error {
                tracing::warn!("tags journal not written: {why}");
            }
            if let Some(why) = &report.waiting {
                // The changes are in memory and the journal; the next sync tries again.
                state.tags.notice = Some(format!("tags not written yet: {why}"));
            } else if report.written || !report.merged.is_empty() {
                state.tags.notice = None;
            }
            if !report.merged.is_empty() {
                state.tags.changed();
                let message = crossread::tags::summary(&report.merged).unwrap_or_default();
                // Kept against the file, a conflict: stays in the status bar under newer messages.
                if report.merged.iter().any(MergeEvent::is_warning) {
                    state.tags.notice = Some(message.clone());
                }
                state.message = Some(message);
            } else if to_new_file {
                state.message = Some(format!(
                    "Tags saved to {}; they are saved there from now on",
                    state.tags.store.path().display()
                ));
            } else if was_failing {
                state.message = Some(format!(
                    "Tags saved to {}",
                    state.tags.store.path().display()
                ));
            }
        }
        Err(err) => {
            tracing::warn!("tags not saved: {}", error_chain(&err));
            let problem = format!(
                "tags not saved: {} (ctrl-s saves them to a new file)",
                error_chain(&err)
            );
            state.message = Some(problem.clone());
            state.tags.problem = Some(problem);
        }
    }
    settle(state);
}

/// An error with its causes, on one line.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
