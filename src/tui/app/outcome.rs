//! What a screen answers when it is handed an action, and what it may read while it decides.
//!
//! A screen owns its state and nothing else: it never reaches into another screen or into the
//! reader's [`State`](crate::tui::app::state::State). When an action means leaving the screen
//! or changing another one (open the compare view at this passage, open the picker, move the
//! reader's cursor), the screen returns a [`Msg`] and the router (`app/update.rs`) carries it
//! out. This is gitui's shape (a component answers an event and posts an `InternalEvent` that
//! the app applies), with the message returned rather than pushed on a shared queue, so a
//! screen's whole effect is its return value.

use std::ops::Range;

use crossread::ArticleId;
use crossread::Corpus;
use crossread::detect::reuse::Reuse;

/// A screen's answer to an action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Outcome {
    /// Not this screen's action: the router may give it to the next in line.
    Ignored,
    /// Done: the screen changed itself (or chose to do nothing) and nothing else follows.
    Consumed,
    /// Done, and the router has this to carry out.
    Msg(Msg),
}

/// Something only the router can do: it moves between screens or touches state a screen
/// does not own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// Say this in the status bar.
    Status(String),
    /// Close this screen (an overlay, its state dropped) and go back to what was under it.
    Close,
    /// Hide this overlay but keep its state (a search kept for `n`), saying `status` if any.
    Hide {
        /// What to say in the status bar.
        status: Option<String>,
    },
    /// Open the compare view on two articles; with `at`, at the shared passage holding that
    /// byte of `left`.
    Compare {
        /// The left article.
        left: ArticleId,
        /// The right article.
        right: ArticleId,
        /// A byte of `left` to show.
        at: Option<usize>,
    },
    /// Open the article picker for this purpose.
    Pick(PickerTarget),
    /// An article was picked (the picker closes).
    Picked(PickerTarget, ArticleId),
    /// Open the columns view.
    Columns,
    /// Leave a full-screen view for the reader, on this article when given.
    BackToReader(Option<ArticleId>),
    /// Put the reader's cursor on the sentence holding this byte of its article.
    CursorTo(usize),
    /// The same, saying this in the status bar.
    CursorToSaying(usize, String),
    /// Scroll the compare view to its search's current hit (the first, when none is).
    ShowCompareHit,
    /// Detect again with the thresholds panel's values.
    Redetect,
    /// Write the thresholds panel's values into the config file.
    WriteDetect,
}

/// What the picked article is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerTarget {
    /// Compare this article (left) with the pick (right).
    CompareWith(ArticleId),
    /// The compare view's left side.
    Left,
    /// The compare view's right side.
    Right,
    /// Go to an article in the list (`/` in the list: by outlet, title or file).
    Find,
    /// Search the text of every article; the pick opens the reader at its first hit.
    SearchAll,
}

/// What every screen may read while it answers: the data, never another screen's state.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    /// The articles.
    pub corpus: &'a Corpus,
    /// Detection's results, once they have arrived.
    pub reuse: Option<&'a Reuse>,
    /// The reader's cursor sentence, as a byte span of its article, when the reader shows one.
    pub cursor: Option<Range<usize>>,
}

impl Ctx<'_> {
    /// True while detection runs.
    pub fn is_detecting(&self) -> bool {
        self.reuse.is_none()
    }
}
