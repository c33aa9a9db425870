//! Copying a quote with its citation (`y`) or a shared passage as every outlet carrying it has
//! it (`Y`), in the reader and the compare view. The text and its citation come from the
//! library ([`crossread::cite`]); this picks what is under the cursor, leaves the text in
//! [`State::clipboard`] for the loop to send to the terminal (OSC 52), and says in the status
//! bar what was copied. It sits with the router rather than among the screens because it reads
//! across them (the reader's cursor, the compare view's passage, detection's results) and
//! answers with an effect for the loop.

use std::ops::Range;

use crossread::cite;

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::screen::Screen;
use crate::tui::app::state::State;

/// Handles `quote` and `quote_everywhere` in the reader and the compare view; `None` for every
/// other action or screen.
pub fn apply(state: &mut State, action: Action) -> Option<Option<Effect>> {
    let everywhere = match action {
        Action::Quote => false,
        Action::QuoteEverywhere => true,
        _ => return None,
    };
    let screen = state.screen();
    if !matches!(screen, Screen::Reader | Screen::Compare) {
        return None;
    }
    let Some((article, span)) = target(state, screen, everywhere) else {
        state.message = Some(if everywhere {
            "No shared passage here to copy".to_owned()
        } else {
            "Nothing to copy here".to_owned()
        });
        return Some(None);
    };
    let corpus = &state.corpus;
    let (text, said) = if everywhere {
        let Some(cluster) = state
            .reuse
            .result
            .as_deref()
            .and_then(|reuse| cite::cluster_at(reuse, article, span.start))
        else {
            state.message = Some("No shared passage here to copy".to_owned());
            return Some(None);
        };
        let text = cite::cite_everywhere(&state.cite, corpus, cluster);
        let said = format!(
            "Copied passage {} as {} articles carry it, with citations",
            cluster.id.0 + 1,
            cluster.members.len()
        );
        (text, said)
    } else {
        let Some(found) = corpus.article(article) else {
            return Some(None);
        };
        let Some(fields) = cite::fields_of(found, span) else {
            return Some(None);
        };
        let said = format!(
            "Copied {} words with their citation ({}, line {})",
            fields.quote.split_whitespace().count(),
            fields.outlet,
            fields.line
        );
        (state.cite.render(&fields), said)
    };
    state.clipboard = Some(text);
    state.message = Some(said);
    Some(Some(Effect::Copy))
}

/// The article and span `y` copies: in the reader, the selection (else the cursor's
/// sentence); for `Y`, the cursor's sentence, whose shared passage is copied. In compare, the
/// current shared passage on the focused side (else the first in view).
fn target(
    state: &State,
    screen: Screen,
    everywhere: bool,
) -> Option<(crossread::ArticleId, Range<usize>)> {
    match screen {
        Screen::Compare => {
            let compare = state.compare.as_ref()?;
            let block = compare
                .current
                .or_else(|| compare.pairing.shared_blocks().next())?;
            let block = compare.pairing.blocks.get(block)?;
            if compare.side == 1 {
                Some((compare.pairing.right, block.right.clone()))
            } else {
                Some((compare.pairing.left, block.left.clone()))
            }
        }
        _ => {
            let article = state.reader_article()?.id;
            let span = if everywhere {
                state.cursor_span()?
            } else {
                state.selection_span()?
            };
            Some((article, span))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::app::action::Effect;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn y_copies_the_cursor_sentence_with_its_citation_and_says_so() {
        let mut state = with_reuse(seeds_state(100, 30));
        assert_eq!(press(&mut state, "<enter>jy"), [Effect::Copy]);
        let copied = state.clipboard.clone().expect("text to copy");
        assert!(
            copied.starts_with("“Moscow’s latest foot-dragging includes demands"),
            "{copied}"
        );
        assert!(
            copied.ends_with(
                "” — New York Post, “Russia makes new demands that could derail a Putin-Zelensky summit”, 000_e16856ae05da38e2.txt:2"
            ),
            "{copied}"
        );
        let said = state.message.clone().expect("a status line");
        assert!(
            said.starts_with("Copied ") && said.contains("New York Post, line 2"),
            "{said}"
        );
        // A selection of two sentences is copied whole.
        let mut state = with_reuse(seeds_state(100, 30));
        press(&mut state, "<enter>vjy");
        let copied = state.clipboard.clone().expect("text to copy");
        assert!(copied.contains("World War II. Moscow’s latest"), "{copied}");
    }

    #[test]
    fn shift_y_copies_the_passage_as_each_article_has_it() {
        let mut state = with_reuse(seeds_state(100, 30));
        // The second article, its passages in turn until the legitimacy paragraph.
        press(&mut state, "j<enter>nnn");
        assert_eq!(press(&mut state, "Y"), [Effect::Copy]);
        let copied = state.clipboard.clone().expect("text to copy");
        let citations: Vec<&str> = copied.split("\n\n").collect();
        assert_eq!(citations.len(), 2, "{copied}");
        assert!(
            citations[0].contains("Volodymyr Zelenskyy’s legitimacy"),
            "{copied}"
        );
        assert!(
            citations[0].contains("001_0d4e60a693cd02cb.txt:6"),
            "{copied}"
        );
        assert!(citations[1].contains("Zelenskiy's legitimacy"), "{copied}");
        assert!(
            citations[1].contains("Daily8 (AFP, with Reuters)"),
            "{copied}"
        );
        assert!(
            state
                .message
                .as_deref()
                .is_some_and(|m| m.contains("2 articles"))
        );
        // Outside a shared passage there is nothing to copy everywhere.
        let mut state = with_reuse(seeds_state(100, 30));
        assert!(press(&mut state, "<enter>Y").is_empty());
        assert_eq!(
            state.message.as_deref(),
            Some("No shared passage here to copy")
        );
    }

    #[test]
    fn y_in_compare_copies_the_current_passage() {
        let mut state = with_reuse(seeds_state(100, 30));
        press(&mut state, "j<enter>n<enter><enter>");
        assert_eq!(state.screen(), crate::tui::app::screen::Screen::Compare);
        assert_eq!(press(&mut state, "y"), [Effect::Copy]);
        let copied = state.clipboard.clone().expect("text to copy");
        assert!(copied.contains("001_0d4e60a693cd02cb.txt:3"), "{copied}");
    }

    #[test]
    fn the_clipboard_escape_is_osc_52_in_base64() {
        assert_eq!(
            crate::tui::effects::osc52("“hi” — AP"),
            "\x1b]52;c;4oCcaGnigJ0g4oCUIEFQ\x07"
        );
    }
}
