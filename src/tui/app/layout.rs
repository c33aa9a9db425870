//! Where each pane sits for a terminal size and focus. `update` uses it to clamp scrolling and
//! to find the pane under the mouse, `render` to draw: one computation, so both always agree.

use ratatui::layout::Rect;

use crate::tui::app::screen::Pane;

/// Below this width only the focused pane is shown: two panes would both be unreadable (at
/// 60 columns the list held 24 cells and the text 30).
const SPLIT_MIN_WIDTH: u16 = 70;
/// The list's share of the width when both panes show, and its bounds in columns.
const LIST_PERCENT: u16 = 35;
const LIST_MIN_WIDTH: u16 = 24;
const LIST_MAX_WIDTH: u16 = 56;
/// The widest the reader's text runs, in columns: about the measure books and reading modes
/// keep (lines much longer are hard to follow back to their start). A wider pane centres it.
const MAX_MEASURE: u16 = 100;
/// The help box's widest size.
const HELP_MAX_WIDTH: u16 = 72;
/// The tag panels' widest size: room for article, labels, quote and note on a row.
const PANEL_MAX_WIDTH: u16 = 110;

/// The screen's rectangles; an empty `Rect` for anything not shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    /// The article list, border included.
    pub list: Rect,
    /// The list's rows, inside the border.
    pub list_inner: Rect,
    /// The reading pane, border included.
    pub reader: Rect,
    /// The reading pane's text area, inside border and margin.
    pub reader_text: Rect,
    /// The status bar.
    pub status: Rect,
    /// The help overlay, border included (computed even when it is closed).
    pub help: Rect,
    /// The help's text area.
    pub help_text: Rect,
    /// The tag panels, form and pickers, border included (computed even when closed).
    pub panel: Rect,
    /// Their text area.
    pub panel_text: Rect,
}

/// The rectangle inside a one-cell border and `margin` extra columns each side.
fn inner(rect: Rect, margin: u16) -> Rect {
    let horizontal = 1 + margin;
    Rect {
        x: rect.x.saturating_add(horizontal),
        y: rect.y.saturating_add(1),
        width: rect.width.saturating_sub(2 * horizontal),
        height: rect.height.saturating_sub(2),
    }
}

/// `text` narrowed to [`MAX_MEASURE`] columns, centred in it.
fn measure(text: Rect) -> Rect {
    if text.width <= MAX_MEASURE {
        return text;
    }
    Rect {
        x: text.x + (text.width - MAX_MEASURE) / 2,
        width: MAX_MEASURE,
        ..text
    }
}

impl Layout {
    /// The layout of a `width` × `height` terminal with `focus` on one pane.
    pub fn compute(width: u16, height: u16, focus: Pane) -> Layout {
        let area = Rect::new(0, 0, width, height);
        // The status bar needs a row of its own; on one or two rows the pane matters more.
        let (main, status) = if height >= 3 {
            (
                Rect {
                    height: height - 1,
                    ..area
                },
                Rect::new(0, height - 1, width, 1),
            )
        } else {
            (area, Rect::default())
        };
        let (list, reader) = if width >= SPLIT_MIN_WIDTH {
            let list_width = (width * LIST_PERCENT / 100).clamp(LIST_MIN_WIDTH, LIST_MAX_WIDTH);
            (
                Rect {
                    width: list_width,
                    ..main
                },
                Rect {
                    x: list_width,
                    width: width - list_width,
                    ..main
                },
            )
        } else {
            match focus {
                Pane::List => (main, Rect::default()),
                Pane::Reader => (Rect::default(), main),
            }
        };
        let help_width = width
            .saturating_sub(4)
            .min(HELP_MAX_WIDTH)
            .max(width.min(20));
        let help_height = main.height.saturating_sub(2).max(main.height.min(5));
        let help = Rect::new(
            (width - help_width) / 2,
            (main.height - help_height) / 2,
            help_width,
            help_height,
        );
        let panel_width = width
            .saturating_sub(4)
            .min(PANEL_MAX_WIDTH)
            .max(width.min(20));
        let panel = Rect::new(
            (width - panel_width) / 2,
            (main.height - help_height) / 2,
            panel_width,
            help_height,
        );
        Layout {
            list,
            list_inner: inner(list, 0),
            reader,
            reader_text: measure(inner(reader, 1)),
            status,
            help,
            help_text: inner(help, 1),
            panel,
            panel_text: inner(panel, 1),
        }
    }

    /// Rows per article in the list: title, then outlet and words, when there is room.
    pub fn list_rows_per_item(&self) -> u16 {
        if self.list_inner.height >= 4 { 2 } else { 1 }
    }

    /// How many articles the list shows at once (at least one, so selection math stays sane).
    pub fn list_visible_items(&self) -> usize {
        usize::from((self.list_inner.height / self.list_rows_per_item()).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_split_narrow_ones_show_the_focused_pane() {
        let layout = Layout::compute(120, 40, Pane::List);
        assert_eq!(layout.list, Rect::new(0, 0, 42, 39));
        assert_eq!(layout.reader, Rect::new(42, 0, 78, 39));
        assert_eq!(layout.reader_text, Rect::new(44, 1, 74, 37));
        assert_eq!(layout.status, Rect::new(0, 39, 120, 1));

        let narrow = Layout::compute(40, 10, Pane::Reader);
        assert_eq!(narrow.list, Rect::default());
        assert_eq!(narrow.reader, Rect::new(0, 0, 40, 9));
    }

    /// Regression: at 200 columns the reader's lines ran to about 140 characters.
    #[test]
    fn the_text_measure_stops_near_a_hundred_columns() {
        let layout = Layout::compute(200, 60, Pane::Reader);
        assert_eq!(layout.reader, Rect::new(56, 0, 144, 59));
        assert_eq!(layout.reader_text, Rect::new(78, 1, 100, 57));
        let layout = Layout::compute(150, 40, Pane::Reader);
        assert_eq!(
            layout.reader_text.width, 94,
            "narrower panes keep their width"
        );
    }

    #[test]
    fn every_size_fits_inside_the_terminal() {
        for width in 0..=70 {
            for height in 0..=12 {
                for focus in [Pane::List, Pane::Reader] {
                    let layout = Layout::compute(width, height, focus);
                    let area = Rect::new(0, 0, width, height);
                    for rect in [
                        layout.list,
                        layout.list_inner,
                        layout.reader,
                        layout.reader_text,
                        layout.status,
                        layout.help,
                        layout.help_text,
                        layout.panel,
                        layout.panel_text,
                    ] {
                        assert!(
                            rect.area() == 0
                                || area.contains(rect.as_position())
                                    && rect.right() <= width
                                    && rect.bottom() <= height,
                            "{rect:?} outside {width}x{height}"
                        );
                    }
                }
            }
        }
    }
}
