//! The names of where the reader is: the focused pane, the overlay on top, and from both the
//! screen whose keymap section takes the keys. Plain values every part of the reader shares, so
//! the keymap, the layout and the screens can name them without the reader's whole state.

/// A pane that can have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The article list.
    List,
    /// The reading pane.
    Reader,
}

/// What the keys currently act on: the focused pane or an overlay. Each has its own section in
/// the keymap (`name()`), with `global` under all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The article list has the focus.
    List,
    /// The reading pane has the focus.
    Reader,
    /// The help overlay is open.
    Help,
    /// The tag form's label picker.
    TagLabels,
    /// The tag form's note.
    TagNote,
    /// The open article's tags.
    TagPanel,
    /// Every tag of the corpus.
    TagList,
    /// The article list's label filter.
    LabelFilter,
    /// Quitting with tags not saved.
    ConfirmQuit,
    /// The panel of articles sharing the passage under the cursor.
    Passages,
    /// The two-article compare view.
    Compare,
    /// Every article in a column of its own.
    Columns,
    /// The article picker (typing filters it).
    Picker,
    /// Typing a search.
    Search,
    /// The outlet × outlet matrix.
    Matrix,
    /// Why a passage was flagged.
    Explain,
    /// The thresholds panel.
    Thresholds,
}

impl Screen {
    /// Every screen, in the order the help lists them.
    pub const ALL: [Screen; 17] = [
        Screen::List,
        Screen::Reader,
        Screen::TagLabels,
        Screen::TagNote,
        Screen::TagPanel,
        Screen::TagList,
        Screen::LabelFilter,
        Screen::ConfirmQuit,
        Screen::Passages,
        Screen::Compare,
        Screen::Columns,
        Screen::Picker,
        Screen::Search,
        Screen::Matrix,
        Screen::Explain,
        Screen::Thresholds,
        Screen::Help,
    ];

    /// Its section name in the keymap.
    pub fn name(self) -> &'static str {
        match self {
            Screen::List => "list",
            Screen::Reader => "reader",
            Screen::Help => "help",
            Screen::TagLabels => "tag_labels",
            Screen::TagNote => "tag_note",
            Screen::TagPanel => "tag_panel",
            Screen::TagList => "tag_list",
            Screen::LabelFilter => "label_filter",
            Screen::ConfirmQuit => "confirm_quit",
            Screen::Passages => "passages",
            Screen::Compare => "compare",
            Screen::Columns => "columns",
            Screen::Picker => "picker",
            Screen::Search => "search",
            Screen::Matrix => "matrix",
            Screen::Explain => "explain",
            Screen::Thresholds => "thresholds",
        }
    }

    /// Its heading in the help.
    pub fn title(self) -> &'static str {
        match self {
            Screen::List => "Article list",
            Screen::Reader => "Reader",
            Screen::Help => "This help",
            Screen::TagLabels => "Tagging: labels (type to filter or name a new one)",
            Screen::TagNote => "Tagging: note",
            Screen::TagPanel => "This article's tags",
            Screen::TagList => "All tags (type to filter; #label for a label)",
            Screen::LabelFilter => "Filter the list by label (type to filter)",
            Screen::ConfirmQuit => "Quitting with unsaved tags",
            Screen::Passages => "Where a passage appears",
            Screen::Compare => "Compare two articles",
            Screen::Columns => "All articles side by side",
            Screen::Picker => "Pick an article",
            Screen::Search => "Typing a search",
            Screen::Matrix => "Who shares with whom (outlet × outlet)",
            Screen::Explain => "Why a passage was flagged",
            Screen::Thresholds => "Thresholds ([detect]), tried live",
        }
    }

    /// True on screens where typing enters text: a plain character not bound on the screen
    /// itself is text, not a global key.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Screen::TagLabels
                | Screen::TagNote
                | Screen::TagList
                | Screen::LabelFilter
                | Screen::Picker
                | Screen::Search
        )
    }
}

/// An overlay drawn over the panes; it takes the keys while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The list of keys.
    Help,
    /// The form that makes or edits a tag (`TagsUi::form`).
    TagForm,
    /// The open article's tags.
    TagPanel,
    /// Every tag.
    TagList,
    /// The article list's label filter.
    LabelFilter,
    /// Asking before quitting with unsaved tags.
    ConfirmQuit,
    /// The articles sharing the passage under the cursor (`State::panel`).
    Passages,
    /// The article picker (`State::picker`).
    Picker,
    /// The search being typed (`State::search`).
    Search,
    /// Why a passage was flagged (`State::explain`).
    Explain,
    /// The thresholds panel (`State::thresholds`).
    Thresholds,
}

/// One line of the help overlay, generated from the keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section heading.
    Heading(&'static str),
    /// Keys and what they do.
    Entry {
        /// The keys, as written in the keymap (`j, down`).
        keys: String,
        /// The action's description.
        description: &'static str,
    },
    /// Space between sections.
    Blank,
}
