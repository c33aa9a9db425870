//! The compare view's state: two articles lined up by [`Pairing`] (library), its rows for the
//! current pane widths, where each side is scrolled, whether they scroll together, and which
//! shared passage is current. The rows are laid out here, in `settle`, never in `render`.

use crossread::detect::reuse::Reuse;
use crossread::view::pairing::{PairRow, Pairing};
use crossread::{ArticleId, Corpus};
use ratatui::layout::Rect;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome, PickerTarget};

/// Rows of context kept above a passage the view jumps to.
const CONTEXT_ROWS: usize = 2;

/// Where the compare view's parts sit on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompareLayout {
    /// The two panes, borders included: left, right.
    pub panes: [Rect; 2],
    /// Their text areas (a gutter column sits left of each).
    pub texts: [Rect; 2],
}

impl CompareLayout {
    /// The layout of a `width` × `height` terminal (the last row is the status bar).
    pub fn compute(width: u16, height: u16) -> CompareLayout {
        let main_height = if height >= 3 { height - 1 } else { height };
        let half = width / 2;
        let panes = [
            Rect::new(0, 0, half, main_height),
            Rect::new(half, 0, width - half, main_height),
        ];
        let text = |r: Rect| Rect {
            x: r.x.saturating_add(2),
            y: r.y.saturating_add(1),
            width: r.width.saturating_sub(3),
            height: r.height.saturating_sub(2),
        };
        CompareLayout {
            panes,
            texts: [text(panes[0]), text(panes[1])],
        }
    }
}

/// The compare view.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareView {
    /// The two articles lined up.
    pub pairing: Pairing,
    /// The rows for the current widths.
    pub rows: Vec<PairRow>,
    /// The text widths `rows` were laid out for.
    pub laid_for: Option<(u16, u16)>,
    /// Where it sits on screen.
    pub layout: CompareLayout,
    /// First row shown on the left and on the right.
    pub scroll: [usize; 2],
    /// True when both sides scroll together.
    pub sync: bool,
    /// The side that scrolls when they do not scroll together (0 left, 1 right).
    pub side: usize,
    /// The current shared passage (a block index).
    pub current: Option<usize>,
    /// A left-side byte to bring into view once the rows are laid out.
    pub reveal: Option<usize>,
}

impl CompareView {
    /// Lines shown per pane.
    pub fn page(&self) -> usize {
        usize::from(self.layout.texts[0].height)
    }

    /// The first row of `block`.
    pub fn first_row(&self, block: usize) -> Option<usize> {
        self.rows.iter().position(|r| r.block == Some(block))
    }

    /// The shared passage (block) rows `top..top+page` show first, if any.
    fn first_shared_in_view(&self, top: usize) -> Option<usize> {
        self.rows
            .iter()
            .skip(top)
            .take(self.page().max(1))
            .filter_map(|r| r.block)
            .find(|&b| self.pairing.blocks[b].shared.is_some())
    }

    /// Scrolls both sides so `block` starts near the top and makes it current.
    fn go_to(&mut self, block: usize) {
        if let Some(row) = self.first_row(block) {
            let top = row.saturating_sub(CONTEXT_ROWS);
            self.scroll = [top, top];
            self.current = Some(block);
        }
    }
}

impl CompareView {
    /// The compare view on `left` and `right` (two different articles); with `at`, scrolled to
    /// the shared passage holding that byte of `left` once laid out.
    pub fn new(
        corpus: &Corpus,
        reuse: Option<&Reuse>,
        (left, right): (ArticleId, ArticleId),
        at: Option<usize>,
        sync: bool,
    ) -> CompareView {
        let empty = Reuse::default();
        let pairing = Pairing::new(corpus, reuse.unwrap_or(&empty), left, right);
        CompareView {
            pairing,
            rows: Vec::new(),
            laid_for: None,
            layout: CompareLayout::default(),
            scroll: [0, 0],
            sync,
            side: 0,
            current: None,
            reveal: at,
        }
    }

    /// The left-side byte at the top of the view, to keep in view when it is built again; none
    /// for a view still at its top, which stays there (as one opened after detection does:
    /// compare opens at the top however it was opened).
    pub fn top_byte(&self) -> Option<usize> {
        self.rows
            .get(self.scroll[0])
            .filter(|_| self.scroll[0] > 0)
            .and_then(|r| r.left.as_ref())
            .map(|l| l.byte_span.start)
    }

    /// Lays the rows out for a `width` × `height` terminal and clamps the scrolling.
    pub fn settle(&mut self, width: u16, height: u16, corpus: &Corpus) {
        self.layout = CompareLayout::compute(width, height);
        let widths = (self.layout.texts[0].width, self.layout.texts[1].width);
        if self.laid_for != Some(widths) && widths.0 > 0 && widths.1 > 0 {
            self.lay_out(widths, corpus);
        }
        if let Some(byte) = self.reveal.take() {
            self.reveal_byte(byte);
        }
        let last = self.rows.len().saturating_sub(self.page());
        for scroll in &mut self.scroll {
            *scroll = (*scroll).min(last);
        }
        if self.sync {
            self.scroll[1] = self.scroll[0];
        }
        let visible = |b: usize| {
            self.first_row(b).is_some_and(|first| {
                let end = self
                    .rows
                    .iter()
                    .rposition(|r| r.block == Some(b))
                    .unwrap_or(first)
                    + 1;
                first < self.scroll[0] + self.page() && end > self.scroll[0]
            })
        };
        if self.current.is_none_or(|b| !visible(b)) {
            self.current = self.first_shared_in_view(self.scroll[0]);
        }
    }

    /// Lays the rows out for these text widths, keeping the same place in the same block at
    /// the top.
    fn lay_out(&mut self, widths: (u16, u16), corpus: &Corpus) {
        let top = self.scroll[0];
        let top_block = self.rows.get(top).and_then(|r| r.block);
        let into_block = top_block
            .and_then(|b| self.first_row(b))
            .map_or(0, |first| top - first);
        self.rows = self
            .pairing
            .rows(corpus, usize::from(widths.0), usize::from(widths.1));
        self.laid_for = Some(widths);
        if let Some(first) = top_block.and_then(|b| self.first_row(b)) {
            let height = self.rows[first..]
                .iter()
                .take_while(|r| r.block == top_block)
                .count();
            let row = first + into_block.min(height.saturating_sub(1));
            self.scroll = [row, row];
        }
    }

    /// Scrolls to the first shared passage that ends after left-side `byte` (a cluster member
    /// can start a little before the pairwise match inside it), else to the row holding it.
    fn reveal_byte(&mut self, byte: usize) {
        let block = self
            .pairing
            .blocks
            .iter()
            .position(|b| b.shared.is_some() && b.left.end > byte);
        match block {
            Some(block) => self.go_to(block),
            None => {
                if let Some(row) = self
                    .rows
                    .iter()
                    .position(|r| r.left.as_ref().is_some_and(|l| l.byte_span.end > byte))
                {
                    self.scroll = [row; 2];
                }
            }
        }
    }

    /// Scrolls the sides that move (both when they scroll together) by `delta` rows.
    /// The row showing `byte` of `side` (0 left, 1 right): the first whose line ends past it.
    pub fn row_of(&self, side: usize, byte: usize) -> Option<usize> {
        self.rows.iter().position(|r| {
            let line = if side == 0 { &r.left } else { &r.right };
            line.as_ref().is_some_and(|l| l.byte_span.end > byte)
        })
    }

    /// Brings the row showing `byte` of `side` to the top (both sides when they scroll
    /// together): where a search hit is shown.
    pub fn show(&mut self, side: usize, byte: usize) {
        if let Some(row) = self.row_of(side, byte) {
            if self.sync {
                self.scroll = [row, row];
            } else {
                self.scroll[side] = row;
                self.side = side;
            }
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        let sides = if self.sync {
            vec![0, 1]
        } else {
            vec![self.side]
        };
        for side in sides {
            self.scroll[side] = self.scroll[side].saturating_add_signed(delta);
        }
    }

    /// Keys on the compare view.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let page = isize::try_from(self.page().saturating_sub(1).max(1)).unwrap_or(1);
        match action {
            Action::Down => self.scroll_by(1),
            Action::Up => self.scroll_by(-1),
            Action::PageDown => self.scroll_by(page),
            Action::PageUp => self.scroll_by(-page),
            Action::Top => self.scroll_by(isize::MIN / 2),
            Action::Bottom => self.scroll_by(isize::MAX / 2),
            Action::Scroll { lines, column, .. } => {
                if !self.sync {
                    self.side = usize::from(column >= self.layout.panes[1].x);
                }
                self.scroll_by(isize::try_from(lines).unwrap_or(0));
            }
            Action::NextShared | Action::PrevShared => {
                return self.step_passage(action == Action::NextShared, ctx);
            }
            Action::Swap => {
                self.pairing = self.pairing.swapped();
                self.laid_for = None;
                self.scroll.swap(0, 1);
                self.side = 1 - self.side;
            }
            Action::SyncScroll => {
                self.sync = !self.sync;
                if self.sync {
                    let top = self.scroll[self.side];
                    self.scroll = [top, top];
                }
                return status(if self.sync {
                    "Both sides scroll together"
                } else {
                    "Each side scrolls alone (Tab: the other side)"
                });
            }
            Action::FocusNext | Action::FocusPrev => {
                if self.sync {
                    return status("Both sides scroll together (S: each alone)");
                }
                self.side = 1 - self.side;
            }
            Action::PickLeft => return Outcome::Msg(Msg::Pick(PickerTarget::Left)),
            Action::PickRight => return Outcome::Msg(Msg::Pick(PickerTarget::Right)),
            Action::Columns => return Outcome::Msg(Msg::Columns),
            Action::Close => {
                return Outcome::Msg(Msg::BackToReader(Some(self.pairing.left)));
            }
            // Saving works on every screen: the tag screens' share of `update` does it.
            Action::SaveTags => return Outcome::Ignored,
            _ => {}
        }
        Outcome::Consumed
    }

    /// To the next (or previous) shared passage; says so when there is none that way.
    fn step_passage(&mut self, forward: bool, ctx: &Ctx) -> Outcome {
        let shared: Vec<usize> = self.pairing.shared_blocks().collect();
        let from = self.current;
        let target = if forward {
            shared.iter().find(|&&b| from.is_none_or(|c| b > c))
        } else {
            shared.iter().rev().find(|&&b| from.is_some_and(|c| b < c))
        };
        match target {
            Some(&block) => {
                self.go_to(block);
                Outcome::Consumed
            }
            None if shared.is_empty() && ctx.is_detecting() => {
                status("Still looking for shared passages…")
            }
            None if shared.is_empty() => status("These two articles share no passage"),
            None => {
                let way = if forward { "last" } else { "first" };
                Outcome::Msg(Msg::Status(format!("This is the {way} shared passage")))
            }
        }
    }
}

/// A line for the status bar.
fn status(text: &str) -> Outcome {
    Outcome::Msg(Msg::Status(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::screen::Screen;
    use crate::tui::app::state::State;
    use crate::tui::app::update::route::open_compare as open;
    use crate::tui::app::update::settle::settle;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    /// The seeds' compare view of 001 and 003 at 160×40.
    fn compare_001_003() -> State {
        let mut state = with_reuse(seeds_state(160, 40));
        let (a, b) = (state.corpus.articles[1].id, state.corpus.articles[3].id);
        open(&mut state, a, b, None);
        settle(&mut state);
        state
    }

    fn text_of(state: &State, side: usize, row: &PairRow) -> String {
        let compare = state.compare.as_ref().unwrap();
        let id = [compare.pairing.left, compare.pairing.right][side];
        let line = [&row.left, &row.right][side].as_ref();
        line.map_or(String::new(), |l| {
            state.corpus.article(id).unwrap().text()[l.byte_span.clone()].to_owned()
        })
    }

    #[test]
    fn shared_passages_sit_on_the_same_rows() {
        let state = compare_001_003();
        let compare = state.compare.as_ref().unwrap();
        let shared: Vec<usize> = compare.pairing.shared_blocks().collect();
        assert_eq!(shared.len(), 2, "001 and 003 share two passages");
        for block in shared {
            let row = &compare.rows[compare.first_row(block).unwrap()];
            let b = &compare.pairing.blocks[block];
            let left = &state.corpus.articles[1].text()[b.left.clone()];
            let right = &state.corpus.articles[3].text()[b.right.clone()];
            assert!(left.starts_with(&text_of(&state, 0, row)));
            assert!(right.starts_with(&text_of(&state, 1, row)));
        }
    }

    #[test]
    fn brackets_jump_between_passages_and_scroll_both_sides() {
        let mut state = compare_001_003();
        press(&mut state, "]");
        let compare = state.compare.as_ref().unwrap();
        let first = compare.pairing.shared_blocks().next().unwrap();
        assert_eq!(compare.current, Some(first));
        let row = compare.first_row(first).unwrap();
        assert_eq!(compare.scroll, [row - CONTEXT_ROWS, row - CONTEXT_ROWS]);
        let top = &compare.rows[compare.scroll[0] + CONTEXT_ROWS];
        assert!(text_of(&state, 0, top).starts_with("Russian President, Vladimir Putin"));
        assert!(text_of(&state, 1, top).starts_with("Putin has repeatedly"));
        press(&mut state, "]");
        let second = state.compare.as_ref().unwrap().current.unwrap();
        assert!(second > first);
        press(&mut state, "]");
        assert_eq!(
            state.message.as_deref(),
            Some("This is the last shared passage")
        );
        press(&mut state, "[");
        assert_eq!(state.compare.as_ref().unwrap().current, Some(first));
    }

    #[test]
    fn scrolling_is_in_step_until_s_lets_each_side_go() {
        let mut state = compare_001_003();
        press(&mut state, "jjj");
        assert_eq!(state.compare.as_ref().unwrap().scroll, [3, 3]);
        press(&mut state, "S");
        assert!(!state.compare.as_ref().unwrap().sync);
        press(&mut state, "jj<tab>j");
        assert_eq!(state.compare.as_ref().unwrap().scroll, [5, 4]);
        press(&mut state, "S");
        let compare = state.compare.as_ref().unwrap();
        assert!(compare.sync);
        assert_eq!(
            compare.scroll,
            [4, 4],
            "in step again, at the side that moved"
        );
        press(&mut state, "G");
        let compare = state.compare.as_ref().unwrap();
        assert_eq!(compare.scroll[0], compare.rows.len() - compare.page());
    }

    #[test]
    fn x_swaps_the_sides_and_esc_goes_back_to_the_reader() {
        let mut state = compare_001_003();
        press(&mut state, "]x");
        let compare = state.compare.as_ref().unwrap();
        assert_eq!(compare.pairing.left.index(), 3);
        let block = compare.current.unwrap();
        let row = &compare.rows[compare.first_row(block).unwrap()];
        assert!(text_of(&state, 0, row).starts_with("Putin has repeatedly"));
        assert!(text_of(&state, 1, row).starts_with("Russian President"));
        press(&mut state, "<esc>");
        assert_eq!(state.screen(), Screen::Reader);
        assert_eq!(state.selected_article().unwrap().id.index(), 3);
    }

    #[test]
    fn the_panel_opens_the_pair_at_the_passage() {
        let mut state = with_reuse(seeds_state(160, 40));
        // 001's fourth shared passage is the one it shares with 003 about neutrality.
        press(&mut state, "j<enter>nnnn<enter><enter>");
        assert_eq!(state.screen(), Screen::Compare);
        let compare = state.compare.as_ref().unwrap();
        assert_eq!(compare.pairing.right.index(), 3);
        let block = compare.current.unwrap();
        let left = &state.corpus.articles[1].text()[compare.pairing.blocks[block].left.clone()];
        assert!(left.starts_with("permanent neutrality"), "{left}");
    }
}

#[cfg(test)]
mod opening_tests {
    use crate::tui::testing::{press, seeds_state, with_reuse};

    /// Regression: compare opened at the top from `m m c` (detection done) but at the first
    /// passage from the command line and the picker (opened before detection finished).
    #[test]
    fn compare_opens_at_the_top_before_and_after_detection() {
        let mut after = with_reuse(seeds_state(160, 40));
        press(&mut after, "jmjjmc");
        let mut before = seeds_state(160, 40);
        press(&mut before, "jmjjmc");
        assert_eq!(before.compare.as_ref().unwrap().scroll, [0, 0]);
        let before = with_reuse(before);
        for state in [&after, &before] {
            let compare = state.compare.as_ref().unwrap();
            assert_eq!(compare.scroll, [0, 0]);
            assert!(compare.pairing.shared_blocks().count() > 0);
        }
    }
}

#[cfg(test)]
mod search_tests {
    use crate::tui::app::screen::Screen;
    use crate::tui::testing::{press, screen_text, seeds_state, with_reuse};

    /// Regression: compare's help promised that n walks search hits, but `/` did nothing there.
    #[test]
    fn slash_searches_both_sides_and_n_walks_the_hits_row_by_row() {
        let mut state = with_reuse(seeds_state(160, 40));
        press(&mut state, "jmjjmc");
        assert_eq!(state.screen(), Screen::Compare);
        let (left, right) = {
            let c = state.compare.as_ref().unwrap();
            (c.pairing.left, c.pairing.right)
        };
        let count = |id: crossread::ArticleId| {
            crossread::view::find::find_all(state.corpus.article(id).unwrap().text(), "kremlin")
                .len()
        };
        let total = count(left) + count(right);
        assert!(count(left) > 0 && count(right) > 0, "both sides hold it");
        press(&mut state, "/kremlin");
        let prompt = screen_text(&state).last().cloned().unwrap();
        assert!(
            prompt.contains(&format!("/kremlin▏  1/{total}")),
            "{prompt}"
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Compare);
        let mut rows = Vec::new();
        for n in 2..=total {
            press(&mut state, "n");
            let message = state.message.clone().unwrap();
            assert!(
                message.starts_with(&format!("/kremlin  {n}/{total} ")),
                "{message}"
            );
            let compare = state.compare.as_ref().unwrap();
            let search = state.search.as_ref().unwrap();
            let (side, byte) = search.in_compare.as_ref().unwrap().order[n - 1];
            let row = compare.row_of(side, byte).unwrap();
            // The hit's row is in view (at the top unless the end of the text is reached).
            assert!(compare.scroll[side] <= row && row < compare.scroll[side] + compare.page());
            rows.push(row);
        }
        assert!(
            rows.windows(2).all(|w| w[0] <= w[1]),
            "top to bottom: {rows:?}"
        );
        press(&mut state, "n");
        assert!(
            state
                .message
                .as_deref()
                .unwrap()
                .ends_with("(past the end: from the top)"),
            "{:?}",
            state.message
        );
        press(&mut state, "<esc>");
        assert!(state.search.is_none(), "leaving compare ends its search");
    }
}
