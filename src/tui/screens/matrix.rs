//! The outlet × outlet matrix screen (`M`): who shares how much with whom, and which way the
//! words went. A cursor walks the cells (`j` `k` rows, `h` `l` columns), the view scrolls to keep
//! it in sight on any size, and Enter opens the compare view on the two outlets' articles that
//! share passages, or, when several pairs of their articles do, a list of those pairs to pick
//! from (`j` `k`, Enter, Esc). The figures are [`crossread::view::matrix`]'s; drawing is
//! `render/matrix.rs`.

use crossread::ArticleId;
use crossread::view::matrix::OutletMatrix;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Msg, Outcome};

/// The matrix and where its cursor is.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixView {
    /// The figures.
    pub matrix: OutletMatrix,
    /// The cursor's row, as a display position (an index into `matrix.rows`).
    pub row: usize,
    /// The cursor's column, as a display position (an index into `matrix.columns`).
    pub column: usize,
    /// First row shown.
    pub row_scroll: usize,
    /// First column shown.
    pub column_scroll: usize,
    /// Rows that fit, from the last draw's size (set by the router on resize).
    pub visible_rows: usize,
    /// Columns that fit.
    pub visible_columns: usize,
    /// The article pairs of the cell Enter was pressed on, when there are several.
    pub pairs: Option<PairList>,
}

/// The article pairs (row outlet's article, column outlet's article) of one cell, to pick one
/// to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairList {
    /// The row and column outlets (indices into `matrix.outlets`).
    pub outlets: (usize, usize),
    /// The pairs.
    pub pairs: Vec<(ArticleId, ArticleId)>,
    /// The selected pair.
    pub selected: usize,
}

/// Width of one cell column on screen: `100%←` and a space.
pub const CELL_WIDTH: u16 = 7;

/// Width of the outlet names on the left.
pub fn name_width(width: u16) -> u16 {
    (width / 4).clamp(8, 28)
}

impl MatrixView {
    /// The matrix view of `matrix` for a terminal of `width` × `height`.
    pub fn new(matrix: OutletMatrix, width: u16, height: u16) -> MatrixView {
        let mut view = MatrixView {
            matrix,
            row: 0,
            column: 0,
            row_scroll: 0,
            column_scroll: 0,
            visible_rows: 1,
            visible_columns: 1,
            pairs: None,
        };
        view.resize(width, height);
        view
    }

    /// Fits the view to a terminal of `width` × `height`: a title, a header row and a legend
    /// line inside a border, and the status bar below.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.visible_rows = usize::from(height.saturating_sub(7)).max(1);
        let cells = width.saturating_sub(2 + name_width(width) + 1);
        self.visible_columns = usize::from(cells / CELL_WIDTH).max(1);
        self.clamp();
    }

    fn clamp(&mut self) {
        let rows = self.matrix.rows.len();
        let columns = self.matrix.columns.len();
        self.row = self.row.min(rows.saturating_sub(1));
        self.column = self.column.min(columns.saturating_sub(1));
        if self.row < self.row_scroll {
            self.row_scroll = self.row;
        } else if self.row >= self.row_scroll + self.visible_rows {
            self.row_scroll = self.row + 1 - self.visible_rows;
        }
        if self.column < self.column_scroll {
            self.column_scroll = self.column;
        } else if self.column >= self.column_scroll + self.visible_columns {
            self.column_scroll = self.column + 1 - self.visible_columns;
        }
    }

    /// The outlet indices under the cursor: (row outlet, column outlet).
    pub fn cursor(&self) -> Option<(usize, usize)> {
        Some((
            *self.matrix.rows.get(self.row)?,
            *self.matrix.columns.get(self.column)?,
        ))
    }

    /// Keys on the matrix (on the list of pairs while it is open).
    pub fn update(&mut self, action: Action) -> Outcome {
        if let Some(list) = self.pairs.as_mut() {
            let last = list.pairs.len().saturating_sub(1);
            match action {
                Action::Down => list.selected = (list.selected + 1).min(last),
                Action::Up => list.selected = list.selected.saturating_sub(1),
                Action::Top => list.selected = 0,
                Action::Bottom => list.selected = last,
                Action::Open => {
                    let Some(&(left, right)) = list.pairs.get(list.selected) else {
                        return Outcome::Consumed;
                    };
                    self.pairs = None;
                    return Outcome::Msg(Msg::Compare {
                        left,
                        right,
                        at: None,
                    });
                }
                Action::Close => self.pairs = None,
                _ => return Outcome::Ignored,
            }
            return Outcome::Consumed;
        }
        let page = self.visible_rows.max(1);
        match action {
            Action::Down => self.row += 1,
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::FocusNext => self.column += 1,
            Action::FocusPrev => self.column = self.column.saturating_sub(1),
            Action::PageDown => self.row += page,
            Action::PageUp => self.row = self.row.saturating_sub(page),
            Action::Top => {
                self.row = 0;
                self.column = 0;
            }
            Action::Bottom => self.row = self.matrix.rows.len(),
            Action::Close => return Outcome::Msg(Msg::BackToReader(None)),
            Action::Open => return self.open(),
            _ => return Outcome::Ignored,
        }
        self.clamp();
        Outcome::Consumed
    }

    /// Enter on a cell: compare the two outlets' articles that share passages, or list the
    /// pairs when there are several.
    fn open(&mut self) -> Outcome {
        let Some((row, column)) = self.cursor() else {
            return Outcome::Consumed;
        };
        let cell = self.matrix.cell(row, column);
        let Some(&(left, right)) = cell.pairs.first() else {
            let name = |i: usize| self.matrix.outlets[i].name.clone();
            return Outcome::Msg(Msg::Status(format!(
                "{} and {} share no passage",
                name(row),
                name(column)
            )));
        };
        if cell.pairs.len() > 1 {
            self.pairs = Some(PairList {
                outlets: (row, column),
                pairs: cell.pairs.clone(),
                selected: 0,
            });
            return Outcome::Consumed;
        }
        Outcome::Msg(Msg::Compare {
            left,
            right,
            at: None,
        })
    }
}
