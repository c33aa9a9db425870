//! Everything the reader shows, as plain data: the corpus, which article is selected, where each
//! pane is scrolled, the wrapped lines of the open article, what the status bar says. `update`
//! changes it, `render` only reads it, so every screen can be tested without a terminal.

use crossread::tags::TagStore;
use std::sync::Arc;

use crossread::config::{DetectConfig, HintsConfig};
use crossread::view::wrap::Line;
use crossread::{Article, ArticleId, Corpus, Warning};

use crate::tui::app::action::ReadRequest;
use crate::tui::app::layout::Layout;
use crate::tui::app::loading::Loading;
use crate::tui::app::reuse::{ReuseState, SharedSpan};
use crate::tui::app::screen::{HelpLine, Overlay, Pane, Screen};
use crate::tui::app::views::{SortKey, View};
use crate::tui::screens::columns::ColumnsView;
use crate::tui::screens::compare::CompareView;
use crate::tui::screens::explain::ExplainPanel;
use crate::tui::screens::matrix::MatrixView;
use crate::tui::screens::passages::PassagesPanel;
use crate::tui::screens::picker::Picker;
use crate::tui::screens::search::Search;
use crate::tui::screens::tags::{ListFilter, TagsUi};
use crate::tui::screens::thresholds::ThresholdsPanel;
use crate::tui::theme::Styles;

/// The article list's cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListView {
    /// Index of the selected article.
    pub selected: usize,
    /// Index of the first article shown.
    pub offset: usize,
}

/// The reading pane: the selected article wrapped to the pane's width, and the sentence cursor.
///
/// The cursor is a sentence index into `article.segmentation.sentences` (0 in an article with
/// no sentences, where nothing is drawn). It is always on screen: moving it scrolls the view
/// (`screens/reader.rs`), and scrolling the view (the wheel) pulls it back into view in `settle`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderView {
    /// The article and width `lines` were wrapped for.
    pub wrapped_for: Option<(ArticleId, u16)>,
    /// Screen lines, each with the byte span of the text it shows.
    pub lines: Vec<Line>,
    /// Index of the first line shown.
    pub scroll: usize,
    /// The sentence under the cursor.
    pub cursor: usize,
    /// Where a selection (`v`) started, as a sentence index; it runs from there to the cursor,
    /// both ends included. `None`: no selection.
    pub selection_anchor: Option<usize>,
    /// A byte offset to put the cursor on once the selected article is wrapped: how a jump to
    /// another article lands (`settle` applies it).
    pub jump_to: Option<usize>,
}

impl ReaderView {
    /// The wrapped line that shows `byte_offset`; for an offset between lines (the space a
    /// line broke at, the gap between paragraphs) the line after it; past the end, the last.
    pub fn line_of(&self, byte_offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.byte_span.end <= byte_offset)
            .min(self.lines.len().saturating_sub(1))
    }

    /// The wrapped lines that show some of `byte_span` (at least one line, none when there
    /// are no lines).
    pub fn lines_of(&self, byte_span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        if self.lines.is_empty() {
            return 0..0;
        }
        let first = self.line_of(byte_span.start);
        let last = self.line_of(byte_span.end.saturating_sub(1).max(byte_span.start));
        first..last.max(first) + 1
    }
}

/// The whole state of the reader.
#[derive(Debug)]
pub struct State {
    /// The articles (shared with the detection thread).
    pub corpus: Arc<Corpus>,
    /// Problems found while loading, shown in the status bar.
    pub warnings: Vec<Warning>,
    /// Which warning the status bar shows.
    pub warning_index: usize,
    /// The help overlay's lines.
    pub help: Vec<HelpLine>,
    /// Terminal size, from the last `Resize`.
    pub width: u16,
    /// Terminal height.
    pub height: u16,
    /// Pane rectangles for this size and focus.
    pub layout: Layout,
    /// The focused pane.
    pub focus: Pane,
    /// The open overlay, if any.
    pub overlay: Option<Overlay>,
    /// First help line shown.
    pub help_scroll: usize,
    /// The list's cursor.
    pub list: ListView,
    /// The reading pane.
    pub reader: ReaderView,
    /// A message for the status bar until the next key.
    pub message: Option<String>,
    /// The tags and what the screens show of them.
    pub tags: TagsUi,
    /// The article list shows only these articles (`f`).
    pub list_filter: Option<ListFilter>,
    /// The tags generation `list_filter` was computed for.
    pub list_filter_generation: u64,
    /// Reuse detection: its progress, then its results.
    pub reuse: ReuseState,
    /// The main view, the compare view or the columns.
    pub view: View,
    /// The compare view, once opened.
    pub compare: Option<CompareView>,
    /// The columns view.
    pub columns: ColumnsView,
    /// The article picker, while open.
    pub picker: Option<Picker>,
    /// The shared-passage panel, while open.
    pub panel: Option<PassagesPanel>,
    /// The search in the reader, while active.
    pub search: Option<Search>,
    /// The outlet × outlet matrix, while shown.
    pub matrix: Option<MatrixView>,
    /// Why a passage was flagged, while shown.
    pub explain: Option<ExplainPanel>,
    /// Which outlets are wire services, for the source hints (`[hints]`).
    pub hints: HintsConfig,
    /// The thresholds detection ran with (`[detect]`, or the panel's), for the explanations.
    pub detect: DetectConfig,
    /// The thresholds of the config file, as the reader started.
    pub detect_in_file: DetectConfig,
    /// The thresholds panel, while shown.
    pub thresholds: Option<ThresholdsPanel>,
    /// Where `[detect]` is written (`w` on the thresholds panel): the project's config file,
    /// else `config.toml` in the corpus folder.
    pub config_path: std::path::PathBuf,
    /// True when the matches were found elsewhere (`--matches`): thresholds do not apply.
    pub is_imported: bool,
    /// Articles marked in the list (`m`), oldest first.
    pub marks: Vec<ArticleId>,
    /// The list's order.
    pub sort: SortKey,
    /// Article indices in list order.
    pub order: Vec<usize>,
    /// The colours (the loaded theme) and whether to draw any.
    pub styles: Styles,
    /// While the corpus loads on its thread: what is known so far (`corpus` is the listing).
    pub loading: Option<Loading>,
    /// The citation format of copied quotes (`[cite]`).
    pub cite: crossread::cite::Template,
    /// Text waiting to go to the terminal's clipboard ([`crate::tui::app::action::Effect::Copy`]).
    pub clipboard: Option<String>,
    /// True while the reader shows the passages detection set aside (`z`), dimmed and marked.
    pub show_set_aside: bool,
}

impl State {
    /// A reader on `corpus`, showing its first article, with the tags of `tags`; `help` comes
    /// from the keymap. The size is unknown (0×0) until the first `Resize`.
    pub fn new(
        corpus: Corpus,
        warnings: Vec<Warning>,
        help: Vec<HelpLine>,
        tags: TagStore,
    ) -> State {
        let tags = TagsUi::new(tags, &corpus);
        let order = (0..corpus.articles.len()).collect();
        State {
            corpus: Arc::new(corpus),
            warnings,
            warning_index: 0,
            help,
            width: 0,
            height: 0,
            layout: Layout::default(),
            focus: Pane::List,
            overlay: None,
            help_scroll: 0,
            list: ListView::default(),
            reader: ReaderView::default(),
            message: None,
            tags,
            list_filter: None,
            list_filter_generation: 0,
            reuse: ReuseState::default(),
            view: View::Main,
            compare: None,
            columns: ColumnsView::default(),
            picker: None,
            panel: None,
            search: None,
            matrix: None,
            explain: None,
            hints: HintsConfig::default(),
            detect: DetectConfig::default(),
            detect_in_file: DetectConfig::default(),
            thresholds: None,
            config_path: std::path::PathBuf::from("config.toml"),
            is_imported: false,
            marks: Vec::new(),
            sort: SortKey::Name,
            order,
            styles: Styles::default(),
            loading: None,
            cite: crossread::cite::Template::default(),
            clipboard: None,
            show_set_aside: false,
        }
    }

    /// Where keys go now.
    pub fn screen(&self) -> Screen {
        match (self.overlay, self.focus) {
            (Some(Overlay::Help), _) => Screen::Help,
            (Some(Overlay::TagForm), _) => match self.tags.form.as_ref().map(|f| f.step) {
                Some(crate::tui::screens::tags::FormStep::Note) => Screen::TagNote,
                _ => Screen::TagLabels,
            },
            (Some(Overlay::TagPanel), _) => Screen::TagPanel,
            (Some(Overlay::TagList), _) => Screen::TagList,
            (Some(Overlay::LabelFilter), _) => Screen::LabelFilter,
            (Some(Overlay::ConfirmQuit), _) => Screen::ConfirmQuit,
            (Some(Overlay::Passages), _) => Screen::Passages,
            (Some(Overlay::Picker), _) => Screen::Picker,
            (Some(Overlay::Search), _) => Screen::Search,
            (Some(Overlay::Explain), _) => Screen::Explain,
            (Some(Overlay::Thresholds), _) => Screen::Thresholds,
            (None, _) if self.view == View::Matrix => Screen::Matrix,
            (None, _) if self.view == View::Compare => Screen::Compare,
            (None, _) if self.view == View::Columns => Screen::Columns,
            (None, Pane::List) => Screen::List,
            (None, Pane::Reader) => Screen::Reader,
        }
    }

    /// The selected article (the one the reading pane shows), if the list shows any.
    pub fn selected_article(&self) -> Option<&Article> {
        self.corpus.articles.get(self.selected_index()?)
    }

    /// The corpus index of the selected article.
    pub fn selected_index(&self) -> Option<usize> {
        self.article_at(self.list.selected)
    }

    /// The corpus index of the article on row `row` of the list (which a label filter may
    /// shorten).
    pub fn article_at(&self, row: usize) -> Option<usize> {
        match &self.list_filter {
            Some(filter) => filter.articles.get(row).copied(),
            None => self.order.get(row).copied(),
        }
    }

    /// The list row of the article with corpus index `index`, if the list shows it.
    pub fn row_of(&self, index: usize) -> Option<usize> {
        match &self.list_filter {
            Some(filter) => filter.articles.iter().position(|&i| i == index),
            None => self.order.iter().position(|&i| i == index),
        }
    }

    /// Selects the article with corpus index `index` in the list, dropping a label filter
    /// that hides it.
    pub fn select_index(&mut self, index: usize) {
        if self.row_of(index).is_none() && self.list_filter.is_some() {
            self.list_filter = None;
        }
        if let Some(row) = self.row_of(index) {
            self.list.selected = row;
        }
    }

    /// How many articles the list shows.
    pub fn list_len(&self) -> usize {
        self.list_filter
            .as_ref()
            .map_or(self.corpus.articles.len(), |f| f.articles.len())
    }

    /// Lines the reading pane shows at once.
    pub fn reader_page(&self) -> usize {
        usize::from(self.layout.reader_text.height)
    }

    /// Lines the help shows at once.
    pub fn help_page(&self) -> usize {
        usize::from(self.layout.help_text.height)
    }
}

impl State {
    /// True while the corpus loads (the list shows the listing).
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// True when the text of the article at `index` is not loaded yet.
    pub fn is_unread(&self, index: usize) -> bool {
        self.loading
            .as_ref()
            .is_some_and(|l| !l.read.contains(&index))
    }

    /// What the reading pane says for an article whose text is not loaded (`None` when it is).
    pub fn unread_note(&self, index: usize) -> Option<String> {
        let loading = self.loading.as_ref()?;
        if loading.read.contains(&index) {
            return None;
        }
        let name = &self.corpus.articles.get(index)?.name;
        let name = crossread::view::wrap::display_text(name);
        Some(match (loading.failed.get(&index), loading.reading) {
            (Some(why), _) => format!("(cannot read {name}: {why})"),
            (None, Some(reading)) if reading == index => format!("(reading {name}…)"),
            (None, _) => format!("({name} is not loaded yet)"),
        })
    }

    /// The file the reader needs read now: the selected article's, when its text is not loaded,
    /// no file is being read, and reading this one has not failed.
    pub fn wanted_read(&self) -> Option<ReadRequest> {
        let loading = self.loading.as_ref()?;
        let index = self.selected_index()?;
        if loading.reading.is_some()
            || loading.read.contains(&index)
            || loading.failed.contains_key(&index)
        {
            return None;
        }
        let article = self.corpus.articles.get(index)?;
        Some(ReadRequest {
            index,
            name: article.name.clone(),
            rel_path: article.rel_path.clone(),
        })
    }

    /// Notes that the file of the article at `index` is being read.
    pub fn start_read(&mut self, index: usize) {
        if let Some(loading) = self.loading.as_mut() {
            loading.reading = Some(index);
        }
    }

    /// True (and says so in the status bar) while the corpus loads: for what needs every
    /// article's text, such as comparing or the columns.
    pub fn refuse_while_loading(&mut self, what: &str) -> bool {
        let Some(loading) = &self.loading else {
            return false;
        };
        self.message = Some(match &loading.error {
            Some(_) => format!("{what} needs the articles, and they could not be loaded"),
            None => format!("Still loading the articles; {what} once they are in"),
        });
        true
    }

    /// The shared passage of the reader's article under the cursor's sentence.
    pub fn shared_under_cursor(&self) -> Option<&SharedSpan> {
        let article = self.reader_article()?;
        let cursor = self.cursor_span()?;
        self.reuse
            .spans_of(article.id)
            .iter()
            .find(|s| s.byte_span.start < cursor.end && cursor.start < s.byte_span.end)
    }
}
