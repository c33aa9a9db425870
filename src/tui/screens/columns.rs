//! The columns view's state: every article in a column of its own (as many as fit at a
//! readable width, scrolled sideways for the rest), each wrapped and scrolled on its own, and
//! the current passage (a cluster), which every column that carries it shows and lights.

use crossread::detect::reuse::ClusterId;
use crossread::view::wrap::{self, Line};
use crossread::{ArticleId, Corpus};
use ratatui::layout::Rect;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome};

/// Narrowest column, border included: narrower text is too broken up to read.
pub const MIN_COLUMN_WIDTH: u16 = 36;
/// Rows of context kept above a passage a column jumps to.
const CONTEXT_ROWS: usize = 2;

/// One article's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The article.
    pub article: ArticleId,
    /// Its wrapped lines.
    pub lines: Vec<Line>,
    /// First line shown.
    pub scroll: usize,
}

/// The columns view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnsView {
    /// One per article, in list order.
    pub columns: Vec<Column>,
    /// The text width the columns were wrapped for.
    pub wrapped_for: Option<u16>,
    /// How many columns show at once.
    pub visible: usize,
    /// The first column shown.
    pub first: usize,
    /// The column the keys scroll.
    pub focus: usize,
    /// Where the columns sit, border included (only the visible ones).
    pub rects: Vec<Rect>,
    /// Lines each column shows.
    pub page: usize,
    /// The passage lit in every column.
    pub current: Option<ClusterId>,
}

/// The screen split into `visible` columns of equal width (the last takes the rest).
fn column_rects(width: u16, height: u16, visible: usize) -> Vec<Rect> {
    let main_height = if height >= 3 { height - 1 } else { height };
    let count = u16::try_from(visible.max(1)).unwrap_or(1);
    let each = width / count;
    (0..count)
        .map(|i| {
            let x = i * each;
            let w = if i + 1 == count { width - x } else { each };
            Rect::new(x, 0, w, main_height)
        })
        .collect()
}

/// The text area of a column: inside the border, with a gutter column on the left.
pub fn text_rect(column: Rect) -> Rect {
    Rect {
        x: column.x.saturating_add(2),
        y: column.y.saturating_add(1),
        width: column.width.saturating_sub(3),
        height: column.height.saturating_sub(2),
    }
}

impl ColumnsView {
    /// Puts the focus on `article`'s column, if it has one.
    pub fn focus_on(&mut self, article: Option<ArticleId>) {
        if let Some(at) = self.columns.iter().position(|c| Some(c.article) == article) {
            self.focus = at;
        }
    }

    /// Drops the wrapped columns so the next settle builds them again (new order or results).
    pub fn invalidate(&mut self) {
        self.wrapped_for = None;
    }

    /// Wraps the columns for a `width` × `height` terminal, one per article of `order` (corpus
    /// indices in list order), and clamps everything.
    pub fn settle(&mut self, (width, height): (u16, u16), corpus: &Corpus, order: &[usize]) {
        let count = corpus.articles.len();
        self.visible = usize::from(width / MIN_COLUMN_WIDTH).clamp(1, count.max(1));
        self.rects = column_rects(width, height, self.visible);
        let text_width = self.rects.first().map_or(0, |r| text_rect(*r).width);
        self.page = self
            .rects
            .first()
            .map_or(0, |r| usize::from(text_rect(*r).height));
        let order_changed = self.columns.len() != count
            || self
                .columns
                .iter()
                .zip(order)
                .any(|(c, &i)| c.article.index() != i);
        if (self.wrapped_for != Some(text_width) || order_changed) && text_width > 0 {
            self.wrap(text_width, corpus, order);
        }
        self.focus = self.focus.min(self.columns.len().saturating_sub(1));
        if self.focus < self.first {
            self.first = self.focus;
        } else if self.focus >= self.first + self.visible {
            self.first = self.focus + 1 - self.visible;
        }
        self.first = self
            .first
            .min(self.columns.len().saturating_sub(self.visible));
        let page = self.page;
        for column in &mut self.columns {
            column.scroll = column.scroll.min(column.lines.len().saturating_sub(page));
        }
    }

    /// Wraps every column to `text_width`, each keeping the text it had at its top.
    fn wrap(&mut self, text_width: u16, corpus: &Corpus, order: &[usize]) {
        let old: Vec<(ArticleId, usize)> = self
            .columns
            .iter()
            .map(|c| {
                (
                    c.article,
                    c.lines.get(c.scroll).map_or(0, |l| l.byte_span.start),
                )
            })
            .collect();
        self.columns = order
            .iter()
            .filter_map(|&i| corpus.articles.get(i))
            .map(|article| {
                let lines = wrap::wrap(
                    article.text(),
                    &article.segmentation.paragraphs,
                    usize::from(text_width),
                );
                let byte = old
                    .iter()
                    .find(|(id, _)| *id == article.id)
                    .map_or(0, |(_, b)| *b);
                let scroll = lines.partition_point(|l| l.byte_span.end <= byte);
                Column {
                    article: article.id,
                    lines,
                    scroll,
                }
            })
            .collect();
        self.wrapped_for = Some(text_width);
    }

    /// Keys on the columns view.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let page = isize::try_from(self.page.saturating_sub(1).max(1)).unwrap_or(1);
        let focus = self.focus;
        match action {
            Action::Down => self.scroll_column(focus, 1),
            Action::Up => self.scroll_column(focus, -1),
            Action::PageDown => self.scroll_column(focus, page),
            Action::PageUp => self.scroll_column(focus, -page),
            Action::Top => self.scroll_column(focus, isize::MIN / 2),
            Action::Bottom => self.scroll_column(focus, isize::MAX / 2),
            Action::FocusNext => self.focus += 1,
            Action::FocusPrev => self.focus = focus.saturating_sub(1),
            Action::Scroll { column, lines, .. } => {
                let at = self
                    .rects
                    .iter()
                    .position(|r| r.x <= column && column < r.right());
                if let Some(at) = at {
                    let lines = isize::try_from(lines).unwrap_or(0);
                    self.scroll_column(self.first + at, lines);
                }
            }
            Action::NextShared | Action::PrevShared => {
                return self.step_passage(action == Action::NextShared, ctx);
            }
            Action::Close => {
                let article = self.columns.get(focus).map(|c| c.article);
                return Outcome::Msg(Msg::BackToReader(article));
            }
            // Saving works on every screen: the tag screens' share of `update` does it.
            Action::SaveTags => return Outcome::Ignored,
            _ => {}
        }
        Outcome::Consumed
    }

    fn scroll_column(&mut self, index: usize, delta: isize) {
        if let Some(column) = self.columns.get_mut(index) {
            column.scroll = column.scroll.saturating_add_signed(delta);
        }
    }

    /// Makes the next (or previous) cluster current and scrolls every column carrying it
    /// there; the focus moves to the first such column.
    fn step_passage(&mut self, forward: bool, ctx: &Ctx) -> Outcome {
        let Some(reuse) = ctx.reuse else {
            return Outcome::Msg(Msg::Status("Still looking for shared passages…".to_owned()));
        };
        let count = reuse.clusters.len();
        if count == 0 {
            return Outcome::Msg(Msg::Status("The articles share no passage".to_owned()));
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(c), true) => (c.0 as usize + 1) % count,
            (Some(c), false) => (c.0 as usize + count - 1) % count,
        };
        let Some(cluster) = reuse.clusters.get(next) else {
            return Outcome::Consumed;
        };
        self.current = Some(cluster.id);
        let mut first_column = None;
        for (index, column) in self.columns.iter_mut().enumerate() {
            let Some(member) = cluster.members.iter().find(|m| m.article == column.article) else {
                continue;
            };
            let line = column
                .lines
                .partition_point(|l| l.byte_span.end <= member.byte_span.start);
            column.scroll = line.saturating_sub(CONTEXT_ROWS);
            first_column.get_or_insert(index);
        }
        if let Some(index) = first_column
            && (index < self.first || index >= self.first + self.visible)
        {
            self.focus = index;
        }
        Outcome::Msg(Msg::Status(format!(
            "Passage {}/{} · in {} of {} articles",
            next + 1,
            count,
            cluster
                .members
                .iter()
                .map(|m| m.article)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            ctx.corpus.articles.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::app::screen::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn five_seeds_fit_on_200_columns_and_fewer_scroll_sideways() {
        let mut state = with_reuse(seeds_state(200, 50));
        press(&mut state, "C");
        assert_eq!(state.screen(), Screen::Columns);
        assert_eq!(state.columns.visible, 5);
        assert_eq!(state.columns.rects.len(), 5);
        let mut narrow = with_reuse(seeds_state(100, 30));
        press(&mut narrow, "C");
        assert_eq!(narrow.columns.visible, 2);
        press(&mut narrow, "lll");
        assert_eq!(narrow.columns.focus, 3);
        assert_eq!(
            narrow.columns.first, 2,
            "scrolled sideways to show the focus"
        );
        press(&mut narrow, "<esc>");
        assert_eq!(narrow.screen(), Screen::Reader);
        assert_eq!(narrow.selected_article().unwrap().id.index(), 3);
    }

    #[test]
    fn n_lights_a_passage_and_brings_it_into_every_column_that_has_it() {
        let mut state = with_reuse(seeds_state(200, 50));
        press(&mut state, "Cnnnn");
        let reuse = state.reuse.result.clone().unwrap();
        let cluster = &reuse.clusters[3];
        assert_eq!(state.columns.current, Some(cluster.id));
        for member in &cluster.members {
            let column = &state.columns.columns[member.article.index()];
            let shown = &column.lines[column.scroll..column.scroll + state.columns.page];
            assert!(
                shown
                    .iter()
                    .any(|l| l.byte_span.contains(&member.byte_span.start)),
                "column {} does not show the passage",
                member.article.index()
            );
        }
        assert!(state.message.as_deref().unwrap().starts_with("Passage 4/5"));
    }
}
