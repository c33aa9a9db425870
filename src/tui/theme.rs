//! The loaded theme as the renderer uses it: the library's terminal-free colours mapped to
//! ratatui's, and `NO_COLOR` (decided once, by the loop) turned into "set no colour at all".
//! Every highlight also carries a modifier (bold, underline, reverse, italic, crossed-out) or
//! a gutter glyph, so without colour it stays distinguishable.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Style};

use crossread::ArticleId;
use crossread::config::theme::{Colour, Theme};

/// The theme in the reader's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styles {
    /// The colours, after the user's and the project's `[theme]`.
    pub theme: Theme,
    /// The user asked for no colour (`NO_COLOR`): render sets none.
    pub is_monochrome: bool,
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new(Theme::default(), false)
    }
}

impl Styles {
    /// The theme, with or without colour.
    pub fn new(theme: Theme, is_monochrome: bool) -> Styles {
        Styles {
            theme,
            is_monochrome,
        }
    }

    /// `style` with `colour` as its foreground; unchanged for `default` or without colour, so
    /// what lies under it (a shared passage under the cursor) keeps its colour.
    pub fn fg(&self, style: Style, colour: Colour) -> Style {
        match self.color(colour) {
            Some(color) => style.fg(color),
            None => style,
        }
    }

    /// The colour of `article`: its passages elsewhere are marked in it.
    pub fn article(&self, article: ArticleId) -> Colour {
        let shared = &self.theme.shared;
        if shared.is_empty() {
            return Colour::Default;
        }
        shared[article.index() % shared.len()]
    }

    /// The ratatui colour of `colour`, or `None` for none.
    pub fn color(&self, colour: Colour) -> Option<Color> {
        if self.is_monochrome {
            return None;
        }
        Some(match colour {
            Colour::Default => return None,
            Colour::Named(index) => NAMED.get(usize::from(index)).copied()?,
            Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
        })
    }

    /// Without colour, takes every colour off a drawn buffer: colours also come from the tags
    /// file's labels and from widgets' defaults, and this is the one place that sees them all.
    pub fn strip(&self, buffer: &mut Buffer) {
        if !self.is_monochrome {
            return;
        }
        for cell in &mut buffer.content {
            cell.fg = Color::Reset;
            cell.bg = Color::Reset;
            cell.underline_color = Color::Reset;
        }
    }
}

/// ratatui's colours in the order of [`crossread::config::theme::NAMED_COLOURS`].
const NAMED: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_map_in_order() {
        let styles = Styles::default();
        for (name, color) in crossread::config::theme::NAMED_COLOURS.iter().zip(NAMED) {
            let colour = Colour::named(name).unwrap();
            assert_eq!(styles.color(colour), Some(color), "{name}");
        }
        assert_eq!(styles.color(Colour::Default), None);
        assert_eq!(
            styles.color(Colour::Rgb(1, 2, 3)),
            Some(Color::Rgb(1, 2, 3))
        );
        let mono = Styles::new(Theme::default(), true);
        assert_eq!(mono.color(Colour::Rgb(1, 2, 3)), None);
        assert_eq!(mono.fg(Style::new(), Colour::Rgb(1, 2, 3)), Style::new());
    }

    /// Every cell's colours, as (fg, bg) pairs that are not the terminal's own.
    fn coloured_cells(state: &crate::tui::app::state::State) -> usize {
        let terminal = crate::tui::testing::draw(state);
        terminal
            .backend()
            .buffer()
            .content
            .iter()
            .filter(|c| {
                c.fg != Color::Reset || c.bg != Color::Reset || c.underline_color != Color::Reset
            })
            .count()
    }

    #[test]
    fn no_color_draws_no_colour_and_keeps_highlights_apart() {
        use crate::tui::testing::{draw, press, screen_text, seeds_state, with_reuse};
        use ratatui::style::Modifier;
        // The reader on a shared passage, the compare view, and the help over the list.
        let sequences = ["j<enter>n", "jcdaily8<enter>]", "?"];
        for keys in sequences {
            let mut state = with_reuse(seeds_state(120, 40));
            press(&mut state, keys);
            assert!(
                coloured_cells(&state) > 0 || keys == "?",
                "{keys}: colour by default"
            );
            state.styles = Styles::new(Theme::default(), true);
            assert_eq!(coloured_cells(&state), 0, "{keys}: a cell has a colour");
        }
        // Without colour, the reader's marks differ by modifier and glyph alone.
        let mut state = with_reuse(seeds_state(120, 40));
        press(&mut state, "j<enter>n");
        state.styles = Styles::new(Theme::default(), true);
        let text = screen_text(&state);
        let buffer = draw(&state).backend().buffer().clone();
        let at = |needle: &str| {
            text.iter().enumerate().find_map(|(y, line)| {
                let x = line[..line.find(needle)?].chars().count();
                Some(&buffer[(u16::try_from(x).ok()?, u16::try_from(y).ok()?)])
            })
        };
        let shared = at("it comes to signing").unwrap();
        assert!(shared.modifier.contains(Modifier::BOLD));
        assert!(!shared.modifier.contains(Modifier::REVERSED));
        let plain = at("Russian officials say").unwrap();
        assert!(plain.modifier.is_empty());
        let cursor = buffer
            .content
            .iter()
            .filter(|c| c.modifier.contains(Modifier::REVERSED | Modifier::BOLD))
            .count();
        assert!(cursor > 0, "the cursor's sentence is reversed and bold");
        assert!(text.iter().any(|l| l.contains('≈') || l.contains('≡')));
        // The compare view's word changes: struck through, underlined, italic.
        let mut state = with_reuse(seeds_state(160, 40));
        press(&mut state, "jcdaily8<enter>]");
        state.styles = Styles::new(Theme::default(), true);
        let buffer = draw(&state).backend().buffer().clone();
        let has = |m: Modifier| buffer.content.iter().any(|c| c.modifier.contains(m));
        assert!(has(Modifier::CROSSED_OUT));
        assert!(has(Modifier::ITALIC));
        assert!(has(Modifier::DIM));
    }

    #[test]
    fn theme_colours_reach_the_screen() {
        use crate::tui::testing::{draw, press, seeds_state, with_reuse};
        let mut state = with_reuse(seeds_state(160, 40));
        press(&mut state, "jcdaily8<enter>]");
        state.styles = Styles::new(
            Theme {
                removed: Colour::Rgb(1, 2, 3),
                status: Colour::Rgb(4, 5, 6),
                ..Theme::default()
            },
            false,
        );
        let buffer = draw(&state).backend().buffer().clone();
        let removed = buffer
            .content
            .iter()
            .filter(|c| c.fg == Color::Rgb(1, 2, 3))
            .count();
        assert!(removed > 0);
        assert!(buffer.content.iter().all(|c| c.fg != Color::Red));
        let last_row = buffer.area.height - 1;
        assert_eq!(buffer[(0, last_row)].fg, Color::Rgb(4, 5, 6));
    }
}
