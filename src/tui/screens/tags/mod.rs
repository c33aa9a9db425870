//! The reader's view of the tags: the store, and what the screens draw from it, computed when
//! the tags or the article change rather than on every frame: the marks in the open article,
//! the rows of the tag panel and of the corpus-wide tag list, the label picker's rows, and the
//! article list's label filter. Changing tags is `update.rs`'s job; saving, the loop's.

pub mod rows;
pub mod update;

use std::collections::HashMap;
use std::ops::Range;

use ratatui::style::Color;

use crossread::tags::{Label, Saver, TagId, TagStore};
use crossread::view::wrap::display_text;
use crossread::{ArticleId, Corpus, Resolution};

use crate::tui::app::screen::Overlay;
use crate::tui::fuzzy;
use crate::tui::pick::ListPick;

/// Label colours for labels without one of their own, picked by a hash of the name so a label
/// keeps its colour from one session to the next.
const PALETTE: [Color; 10] = [
    Color::Cyan,
    Color::Magenta,
    Color::Yellow,
    Color::Green,
    Color::LightBlue,
    Color::LightRed,
    Color::LightCyan,
    Color::LightMagenta,
    Color::LightYellow,
    Color::LightGreen,
];

/// A label's colour: the `[labels]` table's (a name like `red` or `#rrggbb`), else one from the
/// palette by name.
pub fn label_color(name: &str, labels: &std::collections::BTreeMap<String, Label>) -> Color {
    if let Some(color) = labels
        .get(name)
        .and_then(|l| l.color.as_deref())
        .and_then(|c| c.trim().parse::<Color>().ok())
    {
        return color;
    }
    // FNV-1a: stable across runs and platforms, unlike the standard hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let index = usize::try_from(hash % PALETTE.len() as u64).unwrap_or(0);
    PALETTE[index]
}

/// A tag placed in the open article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagMark {
    /// The tag.
    pub id: TagId,
    /// Where it is in the article text now.
    pub byte_span: Range<usize>,
    /// Its first label's colour.
    pub color: Color,
}

/// One tag as the panel and the corpus-wide list show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRow {
    /// The tag.
    pub id: TagId,
    /// Its article's name.
    pub article: String,
    /// Its article's index in the corpus, if the article is still there.
    pub article_index: Option<usize>,
    /// Its labels.
    pub labels: Vec<String>,
    /// The quoted text on one line, safe to draw.
    pub quote: String,
    /// The note on one line, safe to draw.
    pub note: Option<String>,
    /// Where it is in its article now; `None` for an orphan.
    pub byte_span: Option<Range<usize>>,
    /// True when found only approximately (the passage was edited): `quote` is the text now
    /// there.
    pub is_fuzzy: bool,
    /// Its first label's colour.
    pub color: Color,
    /// In the list of deleted and earlier versions (`ctrl-o` in `L`): the journal line to
    /// restore it from, and what became of it.
    pub restorable: Option<(u64, String)>,
}

impl TagRow {
    /// True when its passage cannot be found in its article (or the article is gone).
    pub fn is_orphaned(&self) -> bool {
        self.byte_span.is_none()
    }

    /// True when every word of `query` is in its labels, article, quote or note (ignoring
    /// case); a word starting with `#` must start one of its labels.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = format!(
            "{} {} {} {}",
            self.labels.join(" "),
            self.article,
            self.quote,
            self.note.as_deref().unwrap_or("")
        )
        .to_lowercase();
        query.split_whitespace().all(|word| {
            let word = word.to_lowercase();
            match word.strip_prefix('#') {
                Some(label) => self
                    .labels
                    .iter()
                    .any(|l| l.to_lowercase().starts_with(label)),
                None => haystack.contains(&word),
            }
        })
    }
}

/// A scrolling list of tag rows with a cursor and (for the corpus-wide list) a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowsView {
    /// The filter typed so far.
    pub query: String,
    /// Every row.
    pub rows: Vec<TagRow>,
    /// Indices into `rows` of the rows that pass the filter, in order.
    pub shown: Vec<usize>,
    /// Index into `shown` of the highlighted row.
    pub selected: usize,
    /// Index into `shown` of the first row drawn.
    pub offset: usize,
}

impl RowsView {
    /// The highlighted row.
    pub fn selected_row(&self) -> Option<&TagRow> {
        self.rows.get(*self.shown.get(self.selected)?)
    }

    /// Applies the filter, keeping the highlighted tag when it still shows.
    pub fn refilter(&mut self) {
        let keep = self.selected_row().map(|r| r.id.clone());
        self.shown = (0..self.rows.len())
            .filter(|&i| self.rows[i].matches(&self.query))
            .collect();
        self.selected = keep
            .and_then(|id| self.shown.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(0);
    }

    /// Keeps cursor and offset in range for `visible` rows on screen.
    pub fn clamp(&mut self, visible: usize) {
        let visible = visible.max(1);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(visible));
    }
}

/// A row of the label picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickRow {
    /// A label of the vocabulary.
    Label(String),
    /// A label typed that does not exist yet.
    New(String),
    /// No filter (the article list's label filter only).
    All,
}

/// Choosing labels with fuzzy filtering: type to filter, move with the arrows. The query, rows
/// and highlight are the one list picker of `pick.rs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelPicker {
    /// The text typed, what it matches (best first) and the highlighted row (the view scrolls
    /// to it when drawn).
    pub list: ListPick<PickRow>,
    /// Labels chosen so far, in order.
    pub chosen: Vec<String>,
    /// Offer to create a label from the query.
    pub allow_new: bool,
    /// Offer "all articles" first (the list filter).
    pub with_all: bool,
}

impl LabelPicker {
    /// Recomputes the rows for the query from the vocabulary `labels`.
    pub fn refresh<'a>(&mut self, labels: impl IntoIterator<Item = &'a str>) {
        let query = self.list.query.trim();
        let labels: Vec<&str> = labels.into_iter().collect();
        let mut rows = Vec::new();
        if self.with_all && query.is_empty() {
            rows.push(PickRow::All);
        }
        let ranked = fuzzy::rank(query, labels.iter().copied());
        let exact = labels.contains(&query);
        rows.extend(ranked.into_iter().map(|l| PickRow::Label(l.to_owned())));
        if self.allow_new && !query.is_empty() && !exact {
            rows.push(PickRow::New(query.to_owned()));
        }
        self.list.set_items(rows);
    }

    /// The label of the highlighted row (`None` for "all", or no rows).
    pub fn highlighted_label(&self) -> Option<&str> {
        match self.list.selected_item()? {
            PickRow::Label(l) | PickRow::New(l) => Some(l),
            PickRow::All => None,
        }
    }

    /// Keeps the highlight on a row.
    pub fn clamp(&mut self) {
        self.list.clamp();
    }
}

/// What the tag form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    /// A new tag on these bytes of the article at this corpus index.
    New {
        /// Corpus index of the article.
        article: usize,
        /// The bytes to tag.
        byte_span: Range<usize>,
    },
    /// An existing tag.
    Edit(TagId),
}

/// Which field of the tag form has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStep {
    /// Choosing labels.
    Labels,
    /// Writing the note.
    Note,
}

/// The form that makes or edits a tag: labels, then a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagForm {
    /// What it makes or edits.
    pub target: FormTarget,
    /// The quote it is about, on one line, for the form's heading.
    pub quote: String,
    /// The label picker.
    pub picker: LabelPicker,
    /// The note typed so far.
    pub note: String,
    /// The field in use.
    pub step: FormStep,
    /// The overlay to go back to when done.
    pub return_to: Option<Overlay>,
}

/// The article list's label filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    /// Show only articles with a tag with this label.
    pub label: String,
    /// Their corpus indices, in corpus order.
    pub articles: Vec<usize>,
}

/// Everything about tags the reader holds.
#[derive(Debug)]
pub struct TagsUi {
    /// The tags as the reader shows and changes them: a view of the saver's store, which
    /// writes the file (see [`crossread::tags::saver`]).
    pub store: TagStore,
    /// Saves the tags: on a thread of its own in the running reader, at once in tests.
    pub saver: Saver,
    /// The corpus the tags were last re-anchored on (its address), so it happens once per
    /// corpus.
    pub reanchored_for: usize,
    /// Bumped on every change to the tags (here or merged from disk), so what is derived from
    /// them is recomputed once.
    pub generation: u64,
    /// The tags placed in the open article.
    pub marks: Vec<TagMark>,
    marks_for: Option<(ArticleId, u64)>,
    /// The tag form, while open.
    pub form: Option<TagForm>,
    /// The open article's tags (`T`).
    pub panel: RowsView,
    /// Every tag (`L`).
    pub all: RowsView,
    rows_for: Option<u64>,
    /// The article list's label picker (`f`).
    pub filter_picker: LabelPicker,
    /// What stops tags from being saved (a file that did not load, a failed save); shown in
    /// the status bar until a save succeeds.
    pub problem: Option<String>,
    /// What the user must not miss about the tags file without it stopping saves: a tag kept
    /// against the file, a conflict, a save waiting for another program, a recovered file to
    /// merge. Shown in the status bar under newer messages, until the next merge or save says
    /// otherwise.
    pub notice: Option<String>,
    /// The overlay the help was opened over.
    pub help_return: Option<Overlay>,
    /// True while the tag list (`L`) shows deleted and earlier versions of tags from the
    /// journal instead of the tags.
    pub history: bool,
    /// The colour of a tag without labels (the theme's `tag`).
    pub unlabelled: Color,
    article_index: HashMap<String, usize>,
}

impl TagsUi {
    /// The reader's tags from `store`, for `corpus`.
    pub fn new(store: TagStore, corpus: &Corpus) -> TagsUi {
        let problem = store
            .load_error()
            .map(|err| format!("{err}; tags are read-only (ctrl-s saves them to a new file)"));
        let notice = crossread::tags::summary(store.open_events()).or_else(|| {
            store.recovered_files().first().map(|file| {
                format!(
                    "{} holds tags saved when {} could not take them: `crossread tags --merge-recovered` merges them",
                    file.display(),
                    store.path().display()
                )
            })
        });
        let view = store.twin();
        TagsUi {
            store: view,
            saver: Saver::inline(store),
            reanchored_for: 0,
            generation: 0,
            marks: Vec::new(),
            marks_for: None,
            form: None,
            panel: RowsView::default(),
            all: RowsView::default(),
            rows_for: None,
            filter_picker: LabelPicker {
                with_all: true,
                ..LabelPicker::default()
            },
            problem,
            notice,
            help_return: None,
            history: false,
            unlabelled: PALETTE[0],
            article_index: corpus
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.name.clone(), i))
                .collect(),
        }
    }

    /// Points the tags at `corpus`, which took the place of the one they were made for (the
    /// listing, once the articles are loaded): what is derived from it is derived again.
    pub fn reindex(&mut self, corpus: &Corpus) {
        self.article_index = corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        self.forget_views();
    }

    /// Drops the marks and rows derived from the articles' text (an article's text arrived),
    /// so the next settle derives them again.
    pub fn forget_views(&mut self) {
        self.marks_for = None;
        self.rows_for = None;
    }

    /// The corpus index of the article with this name.
    pub fn article_index(&self, name: &str) -> Option<usize> {
        self.article_index.get(name).copied()
    }

    /// Notes that the tags changed.
    pub fn changed(&mut self) {
        self.generation += 1;
    }

    /// Every label, in the vocabulary's order.
    pub fn label_names(&self) -> Vec<&str> {
        self.store.labels().keys().map(String::as_str).collect()
    }

    /// The rows of every tag, placed or not.
    fn rows(&self, corpus: &Corpus) -> Vec<TagRow> {
        self.store
            .tags()
            .iter()
            .map(|tag| {
                let index = self.article_index(&tag.article);
                let article = index.and_then(|i| corpus.articles.get(i));
                let resolution = article.map(|a| tag.anchor.resolve(&a.decoded));
                let byte_span = resolution.as_ref().and_then(Resolution::byte_span);
                let is_fuzzy = matches!(resolution, Some(Resolution::Fuzzy { .. }));
                // An edited passage shows the text now there, not the quote as tagged.
                let current = article
                    .zip(byte_span.clone())
                    .filter(|_| is_fuzzy)
                    .and_then(|(a, span)| a.text().get(span));
                TagRow {
                    id: tag.id.clone(),
                    article: tag.article.clone(),
                    article_index: index,
                    labels: tag.labels.clone(),
                    quote: one_line(current.unwrap_or(&tag.anchor.quote)),
                    note: tag.note.as_deref().map(one_line),
                    byte_span,
                    is_fuzzy,
                    color: self.color_of(&tag.labels),
                    restorable: None,
                }
            })
            .collect()
    }

    /// The rows of every deleted or overwritten version of a tag the journal keeps, newest
    /// first, leaving out versions equal to a tag as it is now.
    pub fn history_rows(&self) -> Vec<TagRow> {
        use crossread::tags::journal::Op;
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::new();
        for entry in self.store.history().into_iter().rev() {
            let (Some(id), Some(before)) = (&entry.id, &entry.before) else {
                continue;
            };
            let id = TagId(id.clone());
            let tag = before.to_tag(&id);
            if self.store.tag(&id) == Some(&tag) || !seen.insert((id.clone(), before.clone())) {
                continue;
            }
            let what = match entry.op {
                Op::Delete | Op::DiskDelete => "deleted",
                Op::Reanchor => "quote before the text changed",
                _ => "earlier version",
            };
            rows.push(TagRow {
                article_index: self.article_index(&tag.article),
                article: tag.article.clone(),
                labels: tag.labels.clone(),
                quote: one_line(&tag.anchor.quote),
                note: tag.note.as_deref().map(one_line),
                byte_span: None,
                is_fuzzy: false,
                color: self.color_of(&tag.labels),
                restorable: Some((entry.seq, format!("{what} {}", entry.at))),
                id,
            });
            if rows.len() >= HISTORY_ROWS {
                break;
            }
        }
        rows
    }

    /// The colour of a tag with these labels.
    pub fn color_of(&self, labels: &[String]) -> Color {
        labels
            .first()
            .map_or(self.unlabelled, |l| label_color(l, self.store.labels()))
    }
}

/// Text on one line, safe to draw: runs of white space become one space.
pub fn one_line(text: &str) -> String {
    display_text(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// At most this many earlier versions are listed (the newest).
const HISTORY_ROWS: usize = 2000;

/// Rows of the tag panel and list above their rows (the filter line) and the hint below.
pub const PANEL_HEADER_ROWS: u16 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_colours_come_from_the_table_else_a_stable_palette() {
        let mut labels = std::collections::BTreeMap::new();
        labels.insert(
            "wire".to_owned(),
            Label {
                color: Some("#ff8800".to_owned()),
                description: None,
            },
        );
        labels.insert(
            "odd".to_owned(),
            Label {
                color: Some("not a colour".to_owned()),
                description: None,
            },
        );
        assert_eq!(label_color("wire", &labels), Color::Rgb(0xff, 0x88, 0x00));
        let odd = label_color("odd", &labels);
        assert!(
            PALETTE.contains(&odd),
            "a bad colour falls back to the palette"
        );
        assert_eq!(label_color("check", &labels), label_color("check", &labels));
        let spread: std::collections::BTreeSet<String> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|l| format!("{:?}", label_color(l, &labels)))
            .collect();
        assert!(
            spread.len() > 2,
            "names spread over the palette: {spread:?}"
        );
    }

    #[test]
    fn rows_match_words_and_hash_labels() {
        let row = TagRow {
            id: TagId("a".into()),
            article: "x.txt".into(),
            article_index: Some(0),
            labels: vec!["wire copy".into(), "check".into()],
            quote: "Lavrov said the summit".into(),
            note: Some("same as Reuters".into()),
            byte_span: None,
            is_fuzzy: false,
            color: Color::Cyan,
            restorable: None,
        };
        assert!(row.matches(""));
        assert!(row.matches("lavrov REUTERS"));
        assert!(row.matches("#wire"));
        assert!(row.matches("#che x.txt"));
        assert!(!row.matches("#copy"), "# matches a label's start");
        assert!(!row.matches("lavrov putin"));
    }

    #[test]
    fn the_picker_offers_a_new_label_and_all() {
        let mut picker = LabelPicker {
            allow_new: true,
            ..LabelPicker::default()
        };
        picker.list.query = "wir".into();
        picker.refresh(["wire copy", "check"]);
        assert_eq!(
            picker.list.items,
            [
                PickRow::Label("wire copy".into()),
                PickRow::New("wir".into())
            ]
        );
        picker.list.query = "check".into();
        picker.refresh(["wire copy", "check"]);
        assert_eq!(picker.list.items, [PickRow::Label("check".into())]);
        let mut filter = LabelPicker {
            with_all: true,
            ..LabelPicker::default()
        };
        filter.refresh(["b", "a"]);
        assert_eq!(
            filter.list.items,
            [
                PickRow::All,
                PickRow::Label("a".into()),
                PickRow::Label("b".into())
            ]
        );
        assert_eq!(filter.highlighted_label(), None);
    }
}
