//! The compare view's state: two articles lined up by [`Pairing`] (library), its rows for the
//! current pane widths, where each side is scrolled, whether they scroll together, and which
//! shared passage is current. The rows are laid out here, in `settle`, never in `render`.

use crossread::ArticleId;
use crossread::detect::reuse::Reuse;
use crossread::view::pairing::{PairRow, Pairing};
use ratatui::layout::Rect;

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::state::State;
use crate::tui::app::views::View;
use crate::tui::screens::columns;
use crate::tui::screens::picker::{self, PickerTarget};

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

/// Opens the compare view on `left` and `right`; with `at`, scrolled to the shared passage
/// holding that byte of `left`.
pub fn open(state: &mut State, left: ArticleId, right: ArticleId, at: Option<usize>) {
    if left == right {
        state.message = Some("Pick another article to compare with".to_owned());
        return;
    }
    let empty = Reuse::default();
    let reuse = state.reuse.result.as_deref().unwrap_or(&empty);
    let pairing = Pairing::new(&state.corpus, reuse, left, right);
    let sync = state.compare.as_ref().is_none_or(|c| c.sync);
    state.compare = Some(CompareView {
        pairing,
        rows: Vec::new(),
        laid_for: None,
        layout: CompareLayout::default(),
        scroll: [0, 0],
        sync,
        side: 0,
        current: None,
        reveal: at,
    });
    state.view = View::Compare;
    state.overlay = None;
}

/// Lines the pairing up again (detection's results arrived), keeping the passage in view.
pub fn rebuild(state: &mut State) {
    let Some(compare) = state.compare.as_ref() else {
        return;
    };
    let (left, right) = (compare.pairing.left, compare.pairing.right);
    let top = compare.scroll[0];
    let at = compare
        .rows
        .get(top)
        .and_then(|r| r.left.as_ref())
        .map(|l| l.byte_span.start);
    let view = state.view;
    open(state, left, right, at);
    state.view = view;
}

/// Lays the rows out for the current size and clamps the scrolling.
pub fn settle(state: &mut State) {
    let (width, height) = (state.width, state.height);
    let Some(compare) = state.compare.as_mut() else {
        return;
    };
    compare.layout = CompareLayout::compute(width, height);
    let widths = (compare.layout.texts[0].width, compare.layout.texts[1].width);
    if compare.laid_for != Some(widths) && widths.0 > 0 && widths.1 > 0 {
        // Keep the same place in the same block at the top.
        let top = compare.scroll[0];
        let top_block = compare.rows.get(top).and_then(|r| r.block);
        let into_block = top_block
            .and_then(|b| compare.first_row(b))
            .map_or(0, |first| top - first);
        compare.rows =
            compare
                .pairing
                .rows(&state.corpus, usize::from(widths.0), usize::from(widths.1));
        compare.laid_for = Some(widths);
        if let Some(first) = top_block.and_then(|b| compare.first_row(b)) {
            let height = compare.rows[first..]
                .iter()
                .take_while(|r| r.block == top_block)
                .count();
            let row = first + into_block.min(height.saturating_sub(1));
            compare.scroll = [row, row];
        }
    }
    if let Some(byte) = compare.reveal.take() {
        // The first shared passage that ends after the byte: a cluster member can start a
        // little before the pairwise match inside it.
        let block = compare
            .pairing
            .blocks
            .iter()
            .position(|b| b.shared.is_some() && b.left.end > byte);
        match block {
            Some(block) => compare.go_to(block),
            None => {
                if let Some(row) = compare
                    .rows
                    .iter()
                    .position(|r| r.left.as_ref().is_some_and(|l| l.byte_span.end > byte))
                {
                    compare.scroll = [row; 2];
                }
            }
        }
    }
    let last = compare.rows.len().saturating_sub(compare.page());
    for scroll in &mut compare.scroll {
        *scroll = (*scroll).min(last);
    }
    if compare.sync {
        compare.scroll[1] = compare.scroll[0];
    }
    let visible = |b: usize| {
        compare.first_row(b).is_some_and(|first| {
            let end = compare
                .rows
                .iter()
                .rposition(|r| r.block == Some(b))
                .unwrap_or(first)
                + 1;
            first < compare.scroll[0] + compare.page() && end > compare.scroll[0]
        })
    };
    if compare.current.is_none_or(|b| !visible(b)) {
        compare.current = compare.first_shared_in_view(compare.scroll[0]);
    }
}

/// Keys on the compare view.
pub fn apply(state: &mut State, action: Action) -> Option<Option<Effect>> {
    let Some(compare) = state.compare.as_mut() else {
        state.view = View::Main;
        return None;
    };
    let page = compare.page().saturating_sub(1).max(1);
    let scroll_by = |compare: &mut CompareView, delta: isize| {
        let sides = if compare.sync {
            vec![0, 1]
        } else {
            vec![compare.side]
        };
        for side in sides {
            compare.scroll[side] = compare.scroll[side].saturating_add_signed(delta);
        }
    };
    match action {
        Action::Down => scroll_by(compare, 1),
        Action::Up => scroll_by(compare, -1),
        Action::PageDown => scroll_by(compare, isize::try_from(page).unwrap_or(1)),
        Action::PageUp => scroll_by(compare, -isize::try_from(page).unwrap_or(1)),
        Action::Top => scroll_by(compare, isize::MIN / 2),
        Action::Bottom => scroll_by(compare, isize::MAX / 2),
        Action::Scroll { lines, column, .. } => {
            if !compare.sync {
                compare.side = usize::from(column >= compare.layout.panes[1].x);
            }
            scroll_by(compare, isize::try_from(lines).unwrap_or(0));
        }
        Action::NextShared | Action::PrevShared => {
            let forward = action == Action::NextShared;
            let shared: Vec<usize> = compare.pairing.shared_blocks().collect();
            let from = compare.current;
            let target = if forward {
                shared.iter().find(|&&b| from.is_none_or(|c| b > c))
            } else {
                shared.iter().rev().find(|&&b| from.is_some_and(|c| b < c))
            };
            match target {
                Some(&block) => compare.go_to(block),
                None if shared.is_empty() => {
                    state.message = Some(if state.reuse.is_running() {
                        "Still looking for shared passages…".to_owned()
                    } else {
                        "These two articles share no passage".to_owned()
                    });
                }
                None => {
                    let way = if forward { "last" } else { "first" };
                    state.message = Some(format!("This is the {way} shared passage"));
                }
            }
        }
        Action::Swap => {
            compare.pairing = compare.pairing.swapped();
            compare.laid_for = None;
            compare.scroll.swap(0, 1);
            compare.side = 1 - compare.side;
        }
        Action::SyncScroll => {
            compare.sync = !compare.sync;
            if compare.sync {
                let top = compare.scroll[compare.side];
                compare.scroll = [top, top];
            }
            state.message = Some(if compare.sync {
                "Both sides scroll together".to_owned()
            } else {
                "Each side scrolls alone (Tab: the other side)".to_owned()
            });
        }
        Action::FocusNext | Action::FocusPrev => {
            if compare.sync {
                state.message = Some("Both sides scroll together (S: each alone)".to_owned());
            } else {
                compare.side = 1 - compare.side;
            }
        }
        Action::PickLeft => picker::open(state, PickerTarget::Left),
        Action::PickRight => picker::open(state, PickerTarget::Right),
        Action::Columns => columns::open(state),
        Action::Close => {
            let left = compare.pairing.left;
            state.back_to_reader(Some(left));
        }
        _ => {}
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::state::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    /// The seeds' compare view of 001 and 003 at 160×40.
    fn compare_001_003() -> State {
        let mut state = with_reuse(seeds_state(160, 40));
        let (a, b) = (state.corpus.articles[1].id, state.corpus.articles[3].id);
        open(&mut state, a, b, None);
        state.settle();
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
        press(&mut state, "<ctrl-s>");
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
