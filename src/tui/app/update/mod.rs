//! The reader's one state transition: `update(state, input)`, where an input is the user's
//! action or what a background thread sent. No terminal, no disk: what must happen outside
//! (quitting, saving tags) comes back as an [`Effect`] for the loop to carry out. The router
//! (`route.rs`) hands actions to the screens and carries out their messages; `receive.rs`
//! applies the threads' messages; `settle.rs` clamps everything after each input.

pub mod insight;
pub mod receive;
pub mod route;
pub mod settle;

use crate::tui::app::action::{Action, Effect, Input};
use crate::tui::app::outcome::Outcome;
use crate::tui::app::screen::{Overlay, Pane, Screen};
use crate::tui::app::state::State;
use crate::tui::screens::reader::Motion;
use crate::tui::screens::tags::update as tag_update;
use settle::settle;

/// Applies one input and settles the state (layout, wrapping, clamped scrolling).
pub fn update(state: &mut State, input: impl Into<Input>) -> Option<Effect> {
    let action = match input.into() {
        Input::Action(action) => action,
        Input::Worker(message) => {
            receive::receive(state, message);
            return None;
        }
        Input::Read(read) => {
            receive::article_read(state, read);
            return None;
        }
        Input::Reloaded(read) => {
            receive::article_reloaded(state, read);
            return None;
        }
        Input::ReadRequested(index) => {
            state.start_read(index);
            return None;
        }
        Input::Compare(left, right) => {
            route::open_compare(state, left, right, None);
            settle(state);
            return None;
        }
    };
    // A message lasts until the user does something; resizing and the wheel are not that.
    if !matches!(action, Action::Resize(..) | Action::Scroll { .. }) {
        state.message = None;
    }
    let effect = apply(state, action);
    settle(state);
    effect
}

fn apply(state: &mut State, action: Action) -> Option<Effect> {
    // Copying a quote asks the loop to reach the clipboard: an effect, not a screen's outcome.
    if let Some(effect) = crate::tui::app::quote::apply(state, action) {
        return effect;
    }
    // The screen with the keys (and the reuse views the list and reader open) takes what is
    // its own first, then the tag screens; both leave quitting, resizing and help to the match
    // below.
    if !matches!(
        action,
        Action::Quit | Action::Resize(..) | Action::Help | Action::NextWarning
    ) {
        let from = state.screen();
        match route::to_screen(state, action) {
            Outcome::Ignored => {}
            Outcome::Consumed => return None,
            // Running detection and writing the config are the loop's to do.
            Outcome::Msg(crate::tui::app::outcome::Msg::Redetect) => {
                return Some(Effect::Redetect);
            }
            Outcome::Msg(crate::tui::app::outcome::Msg::WriteDetect) => {
                return Some(Effect::WriteDetect);
            }
            Outcome::Msg(msg) => {
                route::carry_out(state, from, msg);
                return None;
            }
        }
    }
    if let Some(effect) = tag_update::apply(state, action) {
        return effect;
    }
    global(state, action)
}

/// The actions every screen shares: quitting, resizing, help, closing, focus, warnings, the
/// mouse, then moving ([`motion`]).
fn global(state: &mut State, action: Action) -> Option<Effect> {
    match action {
        Action::Quit => return Some(Effect::Quit),
        Action::Resize(width, height) => {
            state.width = width;
            state.height = height;
        }
        Action::Help => {
            // Over another overlay, the help goes back to it when closed.
            state.overlay = match state.overlay {
                Some(Overlay::Help) => state.tags.help_return.take(),
                other => {
                    state.tags.help_return = other;
                    Some(Overlay::Help)
                }
            };
            state.help_scroll = 0;
        }
        Action::Close => match (state.overlay, state.focus) {
            (Some(Overlay::Help), _) => state.overlay = state.tags.help_return.take(),
            (Some(_), _) => state.overlay = None,
            (None, Pane::Reader) if state.reader.selection_anchor.is_some() => {
                state.reader.selection_anchor = None;
            }
            (None, Pane::Reader) => state.focus = Pane::List,
            (None, Pane::List) => {}
        },
        Action::FocusNext | Action::FocusPrev => {
            // Two panes: next and previous are the same move. Overlays keep the focus.
            if state.overlay.is_none() {
                state.focus = match state.focus {
                    Pane::List => Pane::Reader,
                    Pane::Reader => Pane::List,
                };
            }
        }
        Action::Open => {
            if state.overlay.is_none() {
                match state.selected_article() {
                    Some(_) => state.focus = Pane::Reader,
                    None => state.message = Some("No article to open".to_owned()),
                }
            }
        }
        Action::NextWarning => {
            if state.warnings.is_empty() {
                state.message = Some("No load warnings".to_owned());
            } else {
                state.warning_index = (state.warning_index + 1) % state.warnings.len();
            }
        }
        Action::Scroll { column, row, lines } => scroll_at(state, column, row, lines),
        Action::Click { column, row } => crate::tui::app::click::click_at(state, column, row),
        _ => motion(state, action),
    }
    None
}

/// Moving in the list, the reader or the help: lines, pages, ends, paragraphs, and the
/// selection. Every other action belongs to a screen (`route::to_screen`) or to the tag
/// screens, and does nothing where neither took it.
fn motion(state: &mut State, action: Action) {
    match action {
        Action::Down => step(state, Motion::Sentences(1), 1),
        Action::Up => step(state, Motion::Sentences(-1), -1),
        Action::PageDown => {
            let page = page_of(state);
            step(state, Motion::Pages(1), page);
        }
        Action::PageUp => {
            let page = page_of(state);
            step(state, Motion::Pages(-1), -page);
        }
        Action::Top => step(state, Motion::First, isize::MIN),
        Action::Bottom => step(state, Motion::Last, isize::MAX),
        Action::NextParagraph => reader_motion(state, Motion::NextParagraph),
        Action::PrevParagraph => reader_motion(state, Motion::PrevParagraph),
        Action::Select if state.screen() == Screen::Reader => state.toggle_selection(),
        _ => {}
    }
}

/// How far a page moves on the current screen: the visible height, less one line of overlap
/// for text so the reader keeps their place.
fn page_of(state: &State) -> isize {
    let page = match state.screen() {
        Screen::List => state.layout.list_visible_items(),
        Screen::Reader => state.reader_page().saturating_sub(1),
        Screen::Help => state.help_page().saturating_sub(1),
        _ => 1,
    };
    isize::try_from(page.max(1)).unwrap_or(isize::MAX)
}

/// One step on the current screen: the reader's cursor makes `motion`; the list and the help
/// move by `delta` rows (saturating; `settle` clamps the far end).
fn step(state: &mut State, motion: Motion, delta: isize) {
    let target = match state.screen() {
        Screen::List => &mut state.list.selected,
        Screen::Reader => {
            state.move_cursor(motion);
            return;
        }
        Screen::Help => &mut state.help_scroll,
        // Tag screens and the reuse views move their rows themselves.
        _ => return,
    };
    *target = target.saturating_add_signed(delta);
}

/// A cursor move, on the reader only.
fn reader_motion(state: &mut State, motion: Motion) {
    if state.screen() == Screen::Reader {
        state.move_cursor(motion);
    }
}

/// The mouse wheel scrolls what is under the pointer: the help while it is open, else the pane
/// there (the list moves its selection one article per notch).
fn scroll_at(state: &mut State, column: u16, row: u16, lines: i32) {
    let at = ratatui::layout::Position::new(column, row);
    let lines = isize::try_from(lines).unwrap_or(0);
    if state.overlay == Some(Overlay::Help) {
        state.help_scroll = state.help_scroll.saturating_add_signed(lines);
    } else if state.overlay.is_some() {
        // The tag panels and pickers move their highlight one row per notch.
        let step = if lines > 0 { Action::Down } else { Action::Up };
        if lines != 0 {
            tag_update::apply(state, step);
        }
    } else if state.layout.list.contains(at) {
        state.list.selected = state.list.selected.saturating_add_signed(lines.signum());
    } else if state.layout.reader.contains(at) {
        state.reader.scroll = state.reader.scroll.saturating_add_signed(lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::screen::HelpLine;
    use crate::tui::testing::{press, seeds_state, state_for};
    use crossread::Corpus;

    #[test]
    fn j_and_k_move_the_selection_and_the_reader_follows() {
        let mut state = seeds_state(120, 40);
        assert_eq!(state.list.selected, 0);
        press(&mut state, "jj");
        assert_eq!(state.list.selected, 2);
        assert_eq!(
            state.selected_article().unwrap().name,
            "002_bf921deb08cbc33a.txt"
        );
        assert_eq!(state.reader.wrapped_for.unwrap().0.index(), 2);
        press(&mut state, "k<up><down>");
        assert_eq!(state.list.selected, 1);
        press(&mut state, "kkkk");
        assert_eq!(state.list.selected, 0, "stops at the first article");
        press(&mut state, "G");
        assert_eq!(state.list.selected, 4);
        press(&mut state, "j<end><pgdn>");
        assert_eq!(state.list.selected, 4, "stops at the last article");
        press(&mut state, "g");
        assert_eq!(state.list.selected, 0);
    }

    #[test]
    fn enter_opens_the_reader_and_keys_then_move_its_cursor() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "j<enter>");
        assert_eq!(state.focus, Pane::Reader);
        assert_eq!(state.screen(), Screen::Reader);
        assert_eq!(state.list.selected, 1, "keys now move the reader's cursor");
        press(&mut state, "jjj");
        assert_eq!(state.reader.cursor, 3);
        press(&mut state, "k");
        assert_eq!(state.reader.cursor, 2);
        let page = state.reader_page();
        press(&mut state, "<pgdn>");
        assert_eq!(state.reader.scroll, page - 1);
        press(&mut state, "G");
        let last = state.reader.lines.len() - page;
        assert_eq!(state.reader.scroll, last);
        press(&mut state, "j<pgdn>");
        assert_eq!(state.reader.scroll, last, "clamped at the end");
        press(&mut state, "g");
        assert_eq!(state.reader.scroll, 0);
        press(&mut state, "<esc>");
        assert_eq!(state.focus, Pane::List);
        press(&mut state, "<tab>");
        assert_eq!(state.focus, Pane::Reader);
        press(&mut state, "<backtab>");
        assert_eq!(state.focus, Pane::List);
    }

    #[test]
    fn a_new_article_starts_at_its_top() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "<enter>jjjj<esc>j");
        assert_eq!(state.list.selected, 1);
        assert_eq!(state.reader.scroll, 0);
    }

    #[test]
    fn help_toggles_takes_the_keys_and_esc_closes_it() {
        let mut state = seeds_state(80, 24);
        press(&mut state, "?");
        assert_eq!(state.screen(), Screen::Help);
        press(&mut state, "jj");
        assert_eq!(
            state.list.selected, 0,
            "the list does not move under the help"
        );
        assert_eq!(state.help_scroll, 2);
        press(&mut state, "G");
        assert_eq!(
            state.help_scroll,
            state.help.len() - state.help_page(),
            "clamped to the last page"
        );
        press(&mut state, "<esc>");
        assert_eq!(state.overlay, None);
        press(&mut state, "??");
        assert_eq!(state.overlay, None);
        assert!(matches!(
            state.help[0],
            HelpLine::Heading("What the marks mean")
        ));
    }

    #[test]
    fn q_and_ctrl_c_quit_from_every_screen() {
        for keys in ["q", "<ctrl-c>", "?q", "<enter>q", "<enter>?<ctrl-c>"] {
            let mut state = seeds_state(80, 24);
            assert_eq!(press(&mut state, keys), [Effect::Quit], "{keys}");
        }
        let mut state = seeds_state(80, 24);
        assert_eq!(press(&mut state, "jk?<esc>"), []);
    }

    #[test]
    fn resizing_rewraps_and_keeps_the_text_at_the_top() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "<enter>");
        let column = state.layout.reader.x + 1;
        update(
            &mut state,
            Action::Scroll {
                column,
                row: 3,
                lines: 10,
            },
        );
        let top_byte = state.reader.lines[state.reader.scroll].byte_span.start;
        update(&mut state, Action::Resize(70, 20));
        assert_eq!(
            state.reader.wrapped_for.unwrap().1,
            state.layout.reader_text.width
        );
        let now = &state.reader.lines[state.reader.scroll];
        assert!(
            now.byte_span.contains(&top_byte) || now.byte_span.start == top_byte,
            "{now:?} should show byte {top_byte}"
        );
        for line in &state.reader.lines {
            let text = state.selected_article().unwrap().text();
            let shown = crossread::view::wrap::display_text(&text[line.byte_span.clone()]);
            assert!(
                unicode_width::UnicodeWidthStr::width(shown.as_str())
                    <= usize::from(state.layout.reader_text.width)
            );
        }
    }

    #[test]
    fn the_wheel_scrolls_the_pane_under_the_pointer() {
        let mut state = seeds_state(120, 40);
        let reader = state.layout.reader;
        let list = state.layout.list;
        update(
            &mut state,
            Action::Scroll {
                column: reader.x + 5,
                row: reader.y + 5,
                lines: 3,
            },
        );
        assert_eq!(state.reader.scroll, 3);
        assert_eq!(state.list.selected, 0);
        update(
            &mut state,
            Action::Scroll {
                column: list.x + 2,
                row: list.y + 2,
                lines: 3,
            },
        );
        assert_eq!(state.list.selected, 1, "one article per notch");
        assert_eq!(state.reader.scroll, 0, "a new article starts at its top");
        update(
            &mut state,
            Action::Scroll {
                column: 0,
                row: 39,
                lines: 3,
            },
        );
        assert_eq!(state.list.selected, 1, "the status bar does not scroll");
    }

    #[test]
    fn an_empty_corpus_is_safe_and_says_so() {
        let mut state = state_for(Corpus::default(), Vec::new(), 80, 24);
        assert_eq!(press(&mut state, "jkG<pgdn>g<enter>"), []);
        assert_eq!(state.message.as_deref(), Some("No article to open"));
        assert_eq!(state.focus, Pane::List);
        press(&mut state, "j");
        assert_eq!(state.message, None, "messages last one key");
    }

    #[test]
    fn w_steps_through_the_load_warnings() {
        let warning = |name: &str| crossread::Warning {
            path: name.into(),
            message: "skipped: binary file (NUL bytes)".into(),
        };
        let corpus = Corpus::from_texts([("a.txt", "Text.")]);
        let mut state = state_for(corpus, vec![warning("x.bin.txt"), warning("y.txt")], 80, 24);
        press(&mut state, "w");
        assert_eq!(state.warning_index, 1);
        press(&mut state, "w");
        assert_eq!(state.warning_index, 0);
        let mut clean = seeds_state(80, 24);
        press(&mut clean, "w");
        assert_eq!(clean.message.as_deref(), Some("No load warnings"));
    }

    #[test]
    fn many_articles_page_through_the_list() {
        let texts: Vec<(String, String)> = (0..1000)
            .map(|i| (format!("{i:04}.txt"), format!("Article {i}.")))
            .collect();
        let corpus = Corpus::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let mut state = state_for(corpus, Vec::new(), 80, 24);
        let visible = state.layout.list_visible_items();
        press(&mut state, "<pgdn><pgdn>");
        assert_eq!(state.list.selected, 2 * visible);
        assert!(state.list.offset <= state.list.selected);
        assert!(state.list.selected < state.list.offset + visible);
        press(&mut state, "G");
        assert_eq!(state.list.selected, 999);
        assert_eq!(state.list.offset, 1000 - visible);
    }
}
