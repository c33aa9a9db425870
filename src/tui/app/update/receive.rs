//! What the background threads send, applied to the state: the corpus loaded (or not), a file
//! read on its own for the reader, detection's progress and results. Pure, like the rest of
//! `update`: the loop hands each message in and draws the result.

use std::collections::HashMap;
use std::sync::Arc;

use crossread::{ArticleId, Corpus, Warning};

use crate::tui::app::action::{ArticleRead, Background};
use crate::tui::app::screen::Overlay;
use crate::tui::app::state::State;
use crate::tui::app::update::route;
use crate::tui::app::update::settle::{settle, sort_list};
use crate::tui::screens::tags::FormTarget;
use crate::tui::screens::tags::rows::set_list_filter;

/// Applies a message from the background thread. Pure, like `update`.
pub fn receive(state: &mut State, message: Background) {
    match message {
        Background::Loaded(corpus, warnings) => {
            return corpus_loaded(state, corpus, warnings);
        }
        Background::LoadFailed(why) => {
            return load_failed(state, why);
        }
        Background::Progress(progress) => {
            if state.reuse.result.is_none() {
                state.reuse.progress = Some(progress);
            }
        }
        Background::Ready(detected) => {
            state.reuse.ready(detected);
            route::reuse_ready(state);
        }
        Background::Redetected(detected, config, seconds) => {
            let count =
                |r: Option<&crossread::detect::reuse::Reuse>| r.map_or(0, |r| r.clusters.len());
            let before = count(state.reuse.result.as_deref());
            let after = count(Some(&detected.reuse));
            state.reuse.ready(detected);
            route::reuse_ready(state);
            let outcome = format!(
                "{before} → {after} passage{} ({seconds:.2} s)",
                if after == 1 { "" } else { "s" }
            );
            if let Some(panel) = state.thresholds.as_mut() {
                panel.is_running = panel.draft != config;
                panel.outcome = Some(outcome.clone());
            }
            state.detect = config;
            // Views computed from the old matches are stale.
            state.explain = None;
            state.matrix = None;
            state.message = Some(outcome);
        }
    }
    settle(state);
}

/// A file read on its own has arrived: its text takes the listing's place, so the reader shows
/// it. Dropped when the corpus arrived first, or the listing changed.
pub fn article_read(state: &mut State, read: ArticleRead) {
    let selected = state.selected_index();
    let Some(loading) = state.loading.as_mut() else {
        return;
    };
    if loading.reading == Some(read.index) {
        loading.reading = None;
    }
    let fits = state
        .corpus
        .articles
        .get(read.index)
        .is_some_and(|a| a.name == read.name);
    if !fits {
        settle(state);
        return;
    }
    match read.result {
        Ok(mut article) => {
            loading.read.insert(read.index);
            loading.failed.remove(&read.index);
            // Only the state holds the listing while it loads: no copy is made.
            let slot = &mut Arc::make_mut(&mut state.corpus).articles[read.index];
            article.id = slot.id;
            article.rel_path = slot.rel_path.clone();
            *slot = article;
            if state.reader.wrapped_for.map(|(id, _)| id.index()) == Some(read.index) {
                state.reader.wrapped_for = None;
            }
            state.tags.forget_views();
        }
        Err(why) => {
            if selected == Some(read.index) {
                state.message = Some(format!("Cannot read {}: {why}", read.name));
            }
            loading.failed.insert(read.index, why);
        }
    }
    settle(state);
}

/// The open article's file changed on disk and was read again: its text takes the old one's
/// place, the cursor stays near where it was, its tags are placed again, and the shared
/// passages (whose spans pointed into the old text) are found again from scratch, so nothing
/// drawn slices the new text with old offsets. The loop starts detection again.
pub fn article_reloaded(state: &mut State, read: ArticleRead) {
    let fits = state
        .corpus
        .articles
        .get(read.index)
        .is_some_and(|a| a.name == read.name);
    if !fits {
        return;
    }
    let mut article = match read.result {
        Ok(article) => article,
        Err(why) => {
            state.message = Some(format!(
                "{} changed on disk but cannot be read: {why}",
                read.name
            ));
            return;
        }
    };
    let is_open = state.selected_index() == Some(read.index);
    // The cursor's sentence, to find again in the new text (an edit above it moves it).
    let cursor = state.cursor_span().filter(|_| is_open).and_then(|span| {
        Some((
            span.start,
            state.selected_article()?.text().get(span)?.to_owned(),
        ))
    });
    let cursor_byte = cursor.map(|(old_byte, sentence)| {
        article
            .text()
            .match_indices(sentence.as_str())
            .map(|(at, _)| at)
            .min_by_key(|&at| at.abs_diff(old_byte))
            .unwrap_or(old_byte)
    });
    let slot = &mut Arc::make_mut(&mut state.corpus).articles[read.index];
    article.id = slot.id;
    article.rel_path = slot.rel_path.clone();
    *slot = article;
    state.reader.wrapped_for = None;
    state.reader.selection_anchor = None;
    state.reader.jump_to = cursor_byte;
    state.tags.forget_views();
    state.search = None;
    state.panel = None;
    if matches!(state.overlay, Some(Overlay::Search | Overlay::Passages)) {
        state.overlay = None;
    }
    state.reuse = Default::default();
    // Views built from the old text are built again from the new one.
    route::reuse_ready(state);
    state.message = Some(format!("{} changed on disk: read again", read.name));
    settle(state);
}

/// The corpus could not be loaded: the listing stays, and the status bar says why.
pub fn load_failed(state: &mut State, why: String) {
    let Some(loading) = state.loading.as_mut() else {
        return;
    };
    loading.error = Some(why.clone());
    state.reuse.progress = None;
    state.warnings.insert(
        0,
        Warning {
            path: state.corpus.dir.clone(),
            message: format!("articles not loaded: {why}"),
        },
    );
    state.warning_index = 0;
    settle(state);
}

/// The whole corpus has arrived: it takes the listing's place. Articles are matched by name
/// (the load may have skipped files the listing had, or found new ones), so the selected
/// article stays selected on the same screen row, the marks stay on their articles, the sort
/// and the label filter stay, and an article read early stays open where the reader was.
pub fn corpus_loaded(state: &mut State, corpus: Arc<Corpus>, warnings: Vec<Warning>) {
    let listing = Arc::clone(&state.corpus);
    let loading = state.loading.take().unwrap_or_default();
    let index_of: HashMap<&str, usize> = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.name.as_str(), i))
        .collect();
    let remap = |old: usize| -> Option<usize> {
        index_of
            .get(listing.articles.get(old)?.name.as_str())
            .copied()
    };
    let remap_id =
        |id: ArticleId| remap(id.index()).and_then(|i| Some(ArticleId(u32::try_from(i).ok()?)));

    // The selected article, else (a file the load skipped) the next one in the list that stayed.
    let screen_row = state.list.selected.saturating_sub(state.list.offset);
    let rows = state.list_len();
    let selected_old = state.selected_index();
    let selected_new = (state.list.selected..rows)
        .chain((0..state.list.selected.min(rows)).rev())
        .find_map(|row| remap(state.article_at(row)?));
    let same_text = match (selected_old, selected_new) {
        (Some(old), Some(new)) => {
            loading.read.contains(&old)
                && remap(old) == Some(new)
                && listing.articles[old].text() == corpus.articles[new].text()
        }
        _ => false,
    };
    state.reader.wrapped_for = match (state.reader.wrapped_for, selected_new) {
        (Some((_, width)), Some(new)) if same_text => {
            Some((ArticleId(u32::try_from(new).unwrap_or(u32::MAX)), width))
        }
        _ => None,
    };
    if !same_text {
        state.search = None;
        state.reader.selection_anchor = None;
    }
    if let Some(search) = state.search.as_mut() {
        match remap_id(search.article) {
            Some(id) => search.article = id,
            None => state.search = None,
        }
    }
    state.marks = state.marks.iter().filter_map(|&id| remap_id(id)).collect();
    let form_gone = match state.tags.form.as_mut().map(|f| &mut f.target) {
        Some(FormTarget::New { article, .. }) => match remap(*article) {
            Some(new) if same_text => {
                *article = new;
                false
            }
            _ => true,
        },
        _ => false,
    };
    if form_gone {
        state.tags.form = None;
        if state.overlay == Some(Overlay::TagForm) {
            state.overlay = None;
        }
        state.message = Some("The article changed as it loaded; tag it again".to_owned());
    }

    state.corpus = corpus;
    state.warnings = warnings;
    state.warning_index = 0;
    state.reuse.progress = None;
    state.tags.reindex(&state.corpus);
    state.order = Vec::new();
    sort_list(state);
    if let Some(label) = state.list_filter.as_ref().map(|f| f.label.clone()) {
        set_list_filter(state, Some(label));
    }
    state.list.selected = selected_new
        .and_then(|index| state.row_of(index))
        .unwrap_or(0);
    state.list.offset = state.list.selected.saturating_sub(screen_row);
    state.columns.invalidate();
    settle(state);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crossread::tags::TagStore;
    use crossread::{Config, Corpus};

    use super::*;
    use crate::tui::app::loading::Loading;
    use crate::tui::app::screen::{Pane, Screen};
    use crate::tui::app::views::SortKey;
    use crate::tui::testing::{press, press_and_save, screen_text, state_with_tags};
    use crate::tui::worker::read_one;

    const CONFIG: &str = r#"
[[source]]
file = "a.txt"
outlet = "Zeta"
[[source]]
file = "c.txt"
outlet = "Mid"
[[source]]
file = "d.txt"
outlet = "Beta"
title = "Title D from the config"
[[source]]
file = "e.txt"
outlet = "Alpha"
"#;

    /// A folder of five articles, one of them (b.txt) binary: listed, but skipped by a load.
    fn folder() -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a", "c", "d", "e"] {
            let text = format!(
                "Title {name}\n\nFirst sentence of {name}. Second sentence of {name}.\n\nLast."
            );
            std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
        }
        std::fs::write(dir.path().join("b.txt"), b"bin\0ary").unwrap();
        let config = Config::parse(CONFIG, Path::new("config.toml")).unwrap();
        (dir, config)
    }

    /// The reader as it opens on the folder: the listing, the articles still loading.
    fn listing_state(dir: &Path, config: &Config) -> State {
        let (listing, warnings) = crossread::corpus::listing::list(dir, config).unwrap();
        let store = TagStore::open(&dir.join("tags.toml"));
        let mut state = state_with_tags(listing, warnings, store, 100, 30);
        state.loading = Some(Loading::default());
        settle(&mut state);
        state
    }

    fn load(state: &mut State, dir: &Path, config: &Config) {
        let (corpus, warnings) = Corpus::load(dir, config).unwrap();
        corpus_loaded(state, Arc::new(corpus), warnings);
    }

    fn names(state: &State) -> Vec<String> {
        (0..state.list_len())
            .map(|row| {
                state.corpus.articles[state.article_at(row).unwrap()]
                    .name
                    .clone()
            })
            .collect()
    }

    /// Reads the selected article's file as the loop does, through its reader thread's code.
    fn read_selected(state: &mut State, dir: &Path, config: &Config) {
        let request = state.wanted_read().expect("the selected file is wanted");
        state.start_read(request.index);
        assert!(state.wanted_read().is_none(), "one file at a time");
        article_read(state, read_one(dir, config, request));
    }

    #[test]
    fn the_loaded_corpus_fills_the_list_in_keeping_cursor_sort_and_marks() {
        let (dir, config) = folder();
        let mut state = listing_state(dir.path(), &config);
        assert!(state.is_loading());
        assert_eq!(names(&state), ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]);
        // By outlet (Alpha, b, Beta, Mid, Zeta), third row, marked.
        // Sorting keeps a.txt selected (now last); to the top, then the third row.
        press(&mut state, "sgjjm");
        assert_eq!(state.sort, SortKey::Outlet);
        assert_eq!(names(&state), ["e.txt", "b.txt", "d.txt", "c.txt", "a.txt"]);
        assert_eq!(state.selected_article().unwrap().name, "d.txt");
        let text = screen_text(&state).join("\n");
        assert!(text.contains("Title D from the config"), "{text}");
        assert!(text.contains("Beta · …"), "{text}");

        load(&mut state, dir.path(), &config);
        assert!(!state.is_loading());
        // b.txt was skipped: the rows close up, the selection stays on d.txt.
        assert_eq!(state.sort, SortKey::Outlet);
        assert_eq!(names(&state), ["e.txt", "d.txt", "c.txt", "a.txt"]);
        assert_eq!(state.list.selected, 1);
        let selected = state.selected_article().unwrap();
        assert_eq!(selected.name, "d.txt");
        assert_eq!(selected.words, 11);
        assert_eq!(state.marks, [selected.id]);
        assert_eq!(state.corpus.articles[selected.id.index()].name, "d.txt");
        let warnings: Vec<String> = state.warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.ends_with("b.txt: skipped: binary file (NUL bytes)")),
            "{warnings:?}"
        );
        let text = screen_text(&state).join("\n");
        assert!(text.contains("Beta · 11 words"), "{text}");
        assert!(text.contains("Title e"), "titles fill in: {text}");
        assert!(
            text.contains("First sentence of d."),
            "the reader shows it: {text}"
        );
    }

    #[test]
    fn a_file_read_early_can_be_tagged_and_tag_filter_and_cursor_survive_the_load() {
        let (dir, config) = folder();
        let mut state = listing_state(dir.path(), &config);
        assert_eq!(
            state.unread_note(0).as_deref(),
            Some("(a.txt is not loaded yet)")
        );
        read_selected(&mut state, dir.path(), &config);
        assert!(!state.is_unread(0));
        assert!(state.is_unread(2));
        assert_eq!(state.selected_article().unwrap().title, "Title a");
        // Into the reader, to the second sentence, and tag it.
        press(&mut state, "<enter>j");
        assert_eq!(state.screen(), Screen::Reader);
        let cursor = state.reader.cursor;
        let sentence = state.cursor_span().unwrap();
        assert_eq!(
            &state.selected_article().unwrap().text()[sentence.clone()],
            "First sentence of a. Second sentence of a."
        );
        press_and_save(&mut state, "twire<enter>early<enter>");
        assert_eq!(state.message.as_deref(), Some("Tagged wire"));
        let disk = TagStore::open(&dir.path().join("tags.toml"));
        assert_eq!(disk.tags().len(), 1, "saved before the load is done");
        // Back to the list, showing only articles tagged wire.
        press(&mut state, "<esc>fwire<enter>");
        assert_eq!(names(&state), ["a.txt"]);
        press(&mut state, "<enter>");
        assert_eq!(state.reader.cursor, cursor);

        load(&mut state, dir.path(), &config);
        assert!(!state.is_loading());
        assert_eq!(state.list_filter.as_ref().unwrap().label, "wire");
        assert_eq!(names(&state), ["a.txt"]);
        assert_eq!(state.focus, Pane::Reader);
        assert_eq!(state.reader.cursor, cursor, "the reader keeps its place");
        assert_eq!(state.cursor_span(), Some(sentence.clone()));
        assert_eq!(state.tags.marks.len(), 1);
        assert_eq!(state.tags.marks[0].byte_span, sentence);
        let disk = TagStore::open(&dir.path().join("tags.toml"));
        assert_eq!(disk.tags()[0].article, "a.txt");
        assert_eq!(disk.tags()[0].note.as_deref(), Some("early"));
    }

    #[test]
    fn comparing_waits_for_the_load_and_an_unreadable_file_says_why() {
        let (dir, config) = folder();
        let mut state = listing_state(dir.path(), &config);
        press(&mut state, "c");
        assert_eq!(
            state.message.as_deref(),
            Some("Still loading the articles; compare once they are in")
        );
        press(&mut state, "C");
        assert_eq!(state.screen(), Screen::List);
        press(&mut state, "j");
        read_selected(&mut state, dir.path(), &config);
        assert_eq!(
            state.message.as_deref(),
            Some("Cannot read b.txt: binary file (NUL bytes)")
        );
        assert_eq!(
            state.unread_note(1).as_deref(),
            Some("(cannot read b.txt: binary file (NUL bytes))")
        );
        assert_eq!(state.wanted_read(), None, "not tried again and again");
        // A read that lands after the corpus is dropped: the corpus has the text.
        press(&mut state, "j");
        let request = state.wanted_read().unwrap();
        load(&mut state, dir.path(), &config);
        let before = state.corpus.articles.len();
        article_read(&mut state, read_one(dir.path(), &config, request));
        assert_eq!(state.corpus.articles.len(), before);
        assert_eq!(state.selected_article().unwrap().name, "c.txt");
    }

    #[test]
    fn a_load_that_fails_keeps_the_listing_and_says_why() {
        let (dir, config) = folder();
        let mut state = listing_state(dir.path(), &config);
        load_failed(&mut state, "cannot open the corpus: gone".to_owned());
        assert!(
            state.is_loading(),
            "the listing stays, files are still read one by one"
        );
        let text = screen_text(&state).join("\n");
        assert!(!text.contains('⟳'), "no gauge once loading stopped: {text}");
        assert!(
            text.contains("articles not loaded: cannot open the corpus: gone"),
            "{text}"
        );
        read_selected(&mut state, dir.path(), &config);
        assert_eq!(state.selected_article().unwrap().title, "Title a");
    }

    /// An article edited on disk while open: the reader shows the new text, its tag is found
    /// again where the tagged words now are, and the passages are looked for again.
    #[test]
    fn an_article_edited_on_disk_is_shown_again_with_its_tags() {
        let dir = tempfile::tempdir().unwrap();
        let before = "Intro line.\n\nThe summit is off. Talks go on.";
        std::fs::write(dir.path().join("a.txt"), before).unwrap();
        std::fs::write(dir.path().join("b.txt"), "Other text here.").unwrap();
        let (corpus, _) = Corpus::load(dir.path(), &Config::default()).unwrap();
        let store = TagStore::open(&dir.path().join("tags.toml"));
        let mut state = state_with_tags(corpus, Vec::new(), store, 100, 20);
        state = crate::tui::testing::with_reuse(state);
        press_and_save(&mut state, "<enter>jtcheck<enter><enter>");
        assert_eq!(state.tags.marks.len(), 1);
        let after = "A new first paragraph, added by an editor.\n\nIntro line.\n\n\
                     The summit is off. Talks go on.";
        std::fs::write(dir.path().join("a.txt"), after).unwrap();
        let read = crate::tui::worker::read_one(
            dir.path(),
            &Config::default(),
            crate::tui::app::action::ReadRequest {
                index: 0,
                name: "a.txt".into(),
                rel_path: "a.txt".into(),
            },
        );
        article_reloaded(&mut state, read);
        assert_eq!(state.selected_article().unwrap().text(), after);
        let text = screen_text(&state).join("\n");
        assert!(text.contains("A new first paragraph"), "{text}");
        assert!(
            state.reuse.result.is_none(),
            "passages are looked for again"
        );
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .starts_with("a.txt changed on disk"),
            "{:?}",
            state.message
        );
        assert_eq!(state.tags.marks.len(), 1);
        let mark = &state.tags.marks[0];
        assert_eq!(&after[mark.byte_span.clone()], "The summit is off.");
        // The cursor stayed on its sentence, moved down by the new paragraph.
        assert_eq!(&after[state.cursor_span().unwrap()], "The summit is off.");
    }
}
