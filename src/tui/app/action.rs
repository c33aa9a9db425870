//! What reaches `update`: what the user can ask the reader to do, as values, and what the
//! background threads send (`Background`, `ArticleRead`). For the user's part: keys and mouse events become [`Action`]s
//! (see `keymap.rs`), `update.rs` applies them, and the help overlay lists them by name and
//! description. Adding an action means a variant here, a row in [`NAMED`], a default key in
//! `src/default_keys.toml`, and a match arm in `update.rs`.

use std::path::PathBuf;
use std::sync::Arc;

use crossread::detect::reuse::Progress;
use crossread::{Article, ArticleId, Corpus};

/// One thing the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Show or hide the help overlay.
    Help,
    /// Close the overlay, or go back from the reader to the list.
    Close,
    /// Move the focus to the next pane.
    FocusNext,
    /// Move the focus to the previous pane.
    FocusPrev,
    /// Open the selected article in the reader.
    Open,
    /// One step down: the next article, or the next line.
    Down,
    /// One step up.
    Up,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// To the first article or line.
    Top,
    /// To the last article or line.
    Bottom,
    /// The reader's cursor to the next paragraph.
    NextParagraph,
    /// The reader's cursor to the start of this paragraph, or the previous one.
    PrevParagraph,
    /// Start a selection of sentences at the cursor, or end it.
    Select,
    /// Tag the cursor's sentence or the selection.
    Tag,
    /// Show the open article's tags.
    TagPanel,
    /// Show every tag of the corpus.
    TagList,
    /// Filter the article list by label.
    FilterByLabel,
    /// Choose the highlighted row, or finish the field.
    Confirm,
    /// Add or remove the highlighted label and keep choosing.
    Toggle,
    /// Delete the character before the text cursor.
    DeleteChar,
    /// Edit the highlighted tag's labels and note.
    EditTag,
    /// Delete the highlighted tag.
    DeleteTag,
    /// Bring back the tag deleted last.
    UndoDelete,
    /// Show deleted and earlier versions of tags from the journal (again: the tags).
    TagHistory,
    /// Point the highlighted orphaned tag at the cursor or selection.
    Reattach,
    /// Save the tags now; to a new file when the tags file cannot take them.
    SaveTags,
    /// Quit although tags are not saved.
    QuitAnyway,
    /// A character typed into a text field (on screens that take text; not bindable).
    Insert(char),
    /// Show the next load warning in the status bar.
    NextWarning,
    /// To the next shared passage, or the next search hit while a search is active.
    NextShared,
    /// To the previous shared passage, or the previous search hit.
    PrevShared,
    /// Open the panel of articles that carry the passage under the cursor.
    Passages,
    /// Start typing a search in the open article.
    Search,
    /// Search the text of every article.
    SearchAll,
    /// Compare two articles: the two marked ones, else this one and one to pick.
    Compare,
    /// Mark or unmark the selected article for comparing.
    Mark,
    /// Show every article in a column of its own.
    Columns,
    /// Show the outlet × outlet matrix: who shares how much with whom.
    Matrix,
    /// Explain why the passage under the cursor was flagged.
    Explain,
    /// Show or hide, in the reader, the passages detection set aside (stock phrases,
    /// boilerplate).
    ShowSetAside,
    /// Show the thresholds panel: change `[detect]` and see what detection finds.
    Thresholds,
    /// Write the thresholds panel's values into `config.toml`.
    WriteConfig,
    /// Sort the list by the next key (name, outlet, date, copied share).
    Sort,
    /// Swap the compare view's sides.
    Swap,
    /// Scroll the compare view's sides together, or each on its own.
    SyncScroll,
    /// Pick the compare view's left article.
    PickLeft,
    /// Pick the compare view's right article.
    PickRight,
    /// Copy the sentence or selection (compare: the current passage) with its citation.
    Quote,
    /// Copy the shared passage as every article carrying it has it, one citation each.
    QuoteEverywhere,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// The mouse wheel turned over a cell: scroll what is there by `lines` (negative: up).
    Scroll {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
        /// Lines to scroll, negative for up.
        lines: i32,
    },
    /// The left button went down over a cell: select what is there.
    Click {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
    },
}

/// What the loop must do after an update, outside the pure state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Restore the terminal and exit.
    Quit,
    /// Save the tags to their file (merging changes made on disk), and report back with
    /// `tag_update::saved`.
    SaveTags,
    /// Save the tags to a new file (the tags file did not load or cannot be written).
    SaveTagsElsewhere,
    /// Send `State::clipboard` to the terminal's clipboard (OSC 52).
    Copy,
    /// Detect again in the background with the thresholds panel's values.
    Redetect,
    /// Write the thresholds panel's values into `[detect]` of the config file.
    WriteDetect,
}

/// What reaches `update`: the user's action, or what the loop learned outside the state (a
/// thread's message, a request it sent). The loop changes the state only by handing one in.
#[derive(Debug)]
pub enum Input {
    /// What the user asked for.
    Action(Action),
    /// A message from the background thread.
    Worker(Background),
    /// A file read on its own, for the reader while the corpus loads.
    Read(ArticleRead),
    /// The open article, read again after an edit on disk.
    Reloaded(ArticleRead),
    /// The loop asked the reading thread for the file of the article at this index.
    ReadRequested(usize),
    /// Open the compare view on these two articles (how the reader starts for `compare`).
    Compare(ArticleId, ArticleId),
}

impl From<Action> for Input {
    fn from(action: Action) -> Input {
        Input::Action(action)
    }
}

/// A message from the background thread (`worker.rs`).
#[derive(Debug, Clone)]
pub enum Background {
    /// The articles are loaded (they take the listing's place), with the load's warnings.
    Loaded(Arc<Corpus>, Vec<crossread::Warning>),
    /// The articles could not be loaded, and why.
    LoadFailed(String),
    /// Detection has come this far.
    Progress(Progress),
    /// Detection is done, its shared passages prepared.
    Ready(crate::tui::app::reuse::Detected),
    /// Detection ran again with other thresholds (the panel's `D`): its results, the values
    /// it ran with, and how long it took in seconds.
    Redetected(
        crate::tui::app::reuse::Detected,
        crossread::config::DetectConfig,
        f64,
    ),
}

/// A file to read on its own, for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRequest {
    /// The article's index in the listing.
    pub index: usize,
    /// Its name (the answer is dropped if the article at `index` has another by then).
    pub name: String,
    /// Its path relative to the corpus folder.
    pub rel_path: PathBuf,
}

/// What reading one file on its own gave: the article, or why not.
#[derive(Debug, Clone)]
pub struct ArticleRead {
    /// The article's index in the listing.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// The article read, or a phrase saying why it could not be.
    pub result: Result<Article, String>,
}

/// An action a key can be bound to: its name in the keymap and its line in the help.
#[derive(Debug, Clone, Copy)]
pub struct NamedAction {
    /// The action.
    pub action: Action,
    /// Its name in `[keys]` tables (`page_down`).
    pub name: &'static str,
    /// One line for the help overlay.
    pub description: &'static str,
}

const fn named(action: Action, name: &'static str, description: &'static str) -> NamedAction {
    NamedAction {
        action,
        name,
        description,
    }
}

/// Every action a key can be bound to, in the order the help lists them.
pub const NAMED: &[NamedAction] = &[
    named(Action::Down, "down", "Down one article or line"),
    named(Action::Up, "up", "Up one article or line"),
    named(Action::PageDown, "page_down", "Down one page"),
    named(Action::PageUp, "page_up", "Up one page"),
    named(Action::Top, "top", "To the first article or line"),
    named(Action::Bottom, "bottom", "To the last article or line"),
    named(
        Action::NextParagraph,
        "next_paragraph",
        "Cursor to the next paragraph",
    ),
    named(
        Action::PrevParagraph,
        "prev_paragraph",
        "Cursor to this or the previous paragraph's start",
    ),
    named(
        Action::Select,
        "select",
        "Select sentences from the cursor (again: stop)",
    ),
    named(Action::Tag, "tag", "Tag the sentence or selection"),
    named(Action::TagPanel, "tag_panel", "This article's tags"),
    named(Action::TagList, "tag_list", "Every tag in the corpus"),
    named(
        Action::FilterByLabel,
        "filter_by_label",
        "Show only articles with a label",
    ),
    named(Action::Confirm, "confirm", "Choose"),
    named(
        Action::Toggle,
        "toggle",
        "Add or remove the highlighted label, keep choosing",
    ),
    named(
        Action::DeleteChar,
        "delete_char",
        "Delete the last character",
    ),
    named(
        Action::EditTag,
        "edit_tag",
        "Edit the tag's labels and note",
    ),
    named(Action::DeleteTag, "delete_tag", "Delete the tag"),
    named(
        Action::UndoDelete,
        "undo_delete",
        "Bring back the tag deleted last",
    ),
    named(
        Action::TagHistory,
        "tag_history",
        "Deleted and earlier versions of tags, from the journal (enter restores one)",
    ),
    named(
        Action::Reattach,
        "reattach",
        "Re-attach an orphaned tag to the cursor or selection",
    ),
    named(
        Action::SaveTags,
        "save_tags",
        "Save tags now (to a new file if the tags file cannot take them)",
    ),
    named(
        Action::QuitAnyway,
        "quit_anyway",
        "Quit and lose the unsaved tags",
    ),
    named(Action::Open, "open", "Read the selected article"),
    named(
        Action::Close,
        "close",
        "Close the overlay, or go back to the list",
    ),
    named(Action::FocusNext, "focus_next", "Switch to the next pane"),
    named(
        Action::FocusPrev,
        "focus_prev",
        "Switch to the previous pane",
    ),
    named(
        Action::NextWarning,
        "next_warning",
        "Show the next load warning",
    ),
    named(
        Action::NextShared,
        "next_shared",
        "Next shared passage (or search hit)",
    ),
    named(
        Action::PrevShared,
        "prev_shared",
        "Previous shared passage (or search hit)",
    ),
    named(
        Action::Passages,
        "passages",
        "Where else the passage under the cursor appears",
    ),
    named(Action::Search, "search", "Search this article"),
    named(
        Action::SearchAll,
        "search_all",
        "Search every article's text (hits listed by article)",
    ),
    named(
        Action::Compare,
        "compare",
        "Compare the two marked, or this with another",
    ),
    named(Action::Mark, "mark", "Mark or unmark an article to compare"),
    named(Action::Columns, "columns", "All articles side by side"),
    named(
        Action::Matrix,
        "matrix",
        "Who shares how much with whom (outlet × outlet)",
    ),
    named(
        Action::Explain,
        "explain",
        "Why this passage was flagged: figures and thresholds",
    ),
    named(
        Action::ShowSetAside,
        "show_set_aside",
        "Show or hide set-aside text: · stock phrase, ¦ boilerplate (dimmed)",
    ),
    named(
        Action::Thresholds,
        "thresholds",
        "Thresholds: change [detect] and see what is found",
    ),
    named(
        Action::WriteConfig,
        "write_config",
        "Write these values into [detect] of config.toml",
    ),
    named(
        Action::Sort,
        "sort",
        "Sort the list: name, outlet, date, copied share",
    ),
    named(Action::Swap, "swap", "Swap the two sides"),
    named(
        Action::SyncScroll,
        "sync_scroll",
        "Scroll both sides together, or each alone",
    ),
    named(Action::PickLeft, "pick_left", "Pick the left article"),
    named(Action::PickRight, "pick_right", "Pick the right article"),
    named(
        Action::Quote,
        "quote",
        "Copy the sentence, selection or passage with its citation",
    ),
    named(
        Action::QuoteEverywhere,
        "quote_everywhere",
        "Copy the shared passage as every outlet has it, with citations",
    ),
    named(Action::Help, "help", "Show or hide this help"),
    named(Action::Quit, "quit", "Quit crossread"),
];

/// Mouse gestures and what they do, for the help (the mouse is not rebindable).
pub const MOUSE: &[(&str, &str)] = &[
    ("wheel", "Scroll the pane under the pointer"),
    (
        "click",
        "Select the article, the sentence or the tag under the pointer",
    ),
];

impl NamedAction {
    /// The help line for this action in one keymap section: what it does there, where that
    /// says more than the general description.
    pub fn description_on(&self, section: &str) -> &'static str {
        match (section, self.action) {
            ("list", Action::Down) => "Select the next article",
            ("list", Action::Up) => "Select the previous article",
            ("list", Action::PageDown) => "Down one page of articles",
            ("list", Action::PageUp) => "Up one page of articles",
            ("list", Action::Top) => "Select the first article",
            ("list", Action::Bottom) => "Select the last article",
            ("list", Action::Search) => "Find an article by outlet, title or file",
            ("reader", Action::Down) => "Cursor to the next sentence",
            ("reader", Action::Up) => "Cursor to the previous sentence",
            ("help", Action::Down) => "Scroll down a line",
            ("help", Action::Up) => "Scroll up a line",
            ("reader", Action::Top) => "To the start of the article",
            ("reader", Action::Bottom) => "To the end of the article",
            ("reader", Action::Close) => "Drop the selection, or back to the article list",
            ("help", Action::Top) => "To the top of this help",
            ("help", Action::Bottom) => "To the end of this help",
            ("help", Action::Close) => "Close this help",
            ("tag_labels", Action::Confirm) => "Choose the highlighted label, go on to the note",
            ("tag_labels", Action::DeleteChar) => "Delete a character (or the last chosen label)",
            ("tag_labels" | "tag_note", Action::Close) => "Cancel",
            ("tag_note", Action::Confirm) => "Save the tag",
            ("tag_panel" | "tag_list", Action::Confirm) => "Go to the tag",
            ("tag_panel" | "tag_list" | "label_filter" | "tag_labels", Action::Down) => {
                "Highlight the next row"
            }
            ("tag_panel" | "tag_list" | "label_filter" | "tag_labels", Action::Up) => {
                "Highlight the previous row"
            }
            ("tag_panel" | "tag_list" | "label_filter" | "confirm_quit", Action::Close) => "Close",
            ("label_filter", Action::Confirm) => "Filter by the highlighted label",
            ("confirm_quit", Action::SaveTags) => "Save the tags to a new file",
            ("passages", Action::Down) => "Select the next article",
            ("passages", Action::Up) => "Select the previous article",
            ("passages", Action::Open) => "Compare with the selected article, at the passage",
            ("passages", Action::Close) => "Close the panel",
            ("picker", Action::Down) => "Select the next article",
            ("picker", Action::Up) => "Select the previous article",
            ("picker", Action::Open) => "Take the selected article",
            ("picker", Action::Close) => "Close the picker",
            ("search", Action::Open) => "Keep the search; n and N walk its hits",
            ("search", Action::Close) => "Leave the search",
            ("compare", Action::Down) => "Scroll down a row",
            ("compare", Action::Up) => "Scroll up a row",
            ("compare", Action::Top) => "To the top",
            ("compare", Action::Bottom) => "To the end",
            ("compare", Action::FocusNext) => "Scroll the other side (when not in step)",
            ("compare", Action::Close) => "Back to the reader",
            ("compare", Action::NextShared) => "Next shared passage (or search hit)",
            ("compare", Action::PrevShared) => "Previous shared passage (or search hit)",
            ("compare", Action::Search) => "Search both articles",
            ("columns", Action::Down) => "Scroll the column down a row",
            ("columns", Action::Up) => "Scroll the column up a row",
            ("columns", Action::FocusNext) => "Next column",
            ("columns", Action::FocusPrev) => "Previous column",
            ("columns", Action::Close) => "Back to the reader",
            ("columns", Action::NextShared) => "Next passage, lit in every column",
            ("columns", Action::PrevShared) => "Previous passage, lit in every column",
            ("thresholds", Action::Down) => "Select the next value",
            ("thresholds", Action::Up) => "Select the previous value",
            ("thresholds", Action::FocusNext) => "Raise the value (boilerplate: on/off)",
            ("thresholds", Action::FocusPrev) => "Lower the value (boilerplate: on/off)",
            ("thresholds", Action::Close) => "Close (the values stay until the reader quits)",
            _ => self.description,
        }
    }
}

impl Action {
    /// The action with this keymap name.
    pub fn from_name(name: &str) -> Option<Action> {
        NAMED.iter().find(|n| n.name == name).map(|n| n.action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_read_back() {
        for (i, named) in NAMED.iter().enumerate() {
            assert_eq!(Action::from_name(named.name), Some(named.action));
            assert!(!named.description.is_empty());
            assert!(
                NAMED[i + 1..].iter().all(|n| n.name != named.name),
                "{} named twice",
                named.name
            );
        }
        assert_eq!(Action::from_name("nope"), None);
    }
}
