//! The reader while its articles load on a thread of their own. The list shows the folder's
//! listing at once (names, and what `[[source]]` says), the selected article's file is read on
//! its own so it can be read before the rest, and when the whole corpus arrives it takes the
//! listing's place with the cursor, the marks, the sort, the label filter and the open article
//! kept. This holds what is known meanwhile; the transitions are the router's
//! (`update/receive.rs`), the threads that read are `worker.rs`'s.

use std::collections::{BTreeMap, BTreeSet};

/// What is known while the corpus loads. `State::corpus` holds the listing then: every article
/// without text but those in `read`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loading {
    /// Articles (by index) whose file was read on its own: their text is in the corpus.
    pub read: BTreeSet<usize>,
    /// The article whose file is being read on its own.
    pub reading: Option<usize>,
    /// Articles whose file could not be read on its own, and why.
    pub failed: BTreeMap<usize, String>,
    /// Why the corpus could not be loaded, when it could not (the listing stays).
    pub error: Option<String>,
}
