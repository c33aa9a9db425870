//! Wrapping an article's paragraphs to a width in terminal cells, keeping for every screen line
//! the byte span of the text it shows, and the one rule for turning text into what a terminal may
//! safely draw.
//!
//! Widths are display widths (unicode-width, per grapheme, the measure ratatui draws with), so
//! wide CJK text and emoji wrap where they end on screen and no grapheme is ever split. Lines
//! break at white space; a word longer than the width breaks between graphemes. Line breaks
//! inside a paragraph are reflowed (hard-wrapped articles fill the pane). What to highlight on a
//! line is left to the views: they have its byte span.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::segment::Paragraph;

/// One screen line of wrapped text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The bytes of the article text shown on this line, without the spaces it broke at. Empty
    /// for the blank line between paragraphs (placed at the end of the paragraph before).
    pub byte_span: Range<usize>,
    /// Index of the paragraph this line belongs to; `None` for a blank separator line.
    pub paragraph: Option<usize>,
}

impl Line {
    /// True for the blank line between two paragraphs.
    pub fn is_blank(&self) -> bool {
        self.paragraph.is_none()
    }
}

/// Characters that draw nothing and that some terminals draw anyway or misplace: byte-order
/// mark, zero-width space, directional marks and embeddings, soft hyphen. A right-to-left
/// override passed to a terminal can reverse the rest of its line.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{00AD}'
    )
}

/// What a grapheme of article text looks like on screen: white space (tabs and line breaks
/// included) is one space, invisible format characters are nothing, other control characters
/// (escape sequences above all) are `�`, everything else is itself.
pub fn display_grapheme(grapheme: &str) -> &str {
    let Some(first) = grapheme.chars().next() else {
        return grapheme;
    };
    if first.is_whitespace() {
        " "
    } else if is_invisible(first) {
        ""
    } else if grapheme.chars().any(char::is_control) {
        "\u{FFFD}"
    } else {
        grapheme
    }
}

/// [`display_grapheme`] over a whole string: text that is safe to hand to the terminal and as
/// wide as [`wrap`] measured it.
///
/// # Examples
/// ```
/// assert_eq!(crossread::wrap::display_text("\u{FEFF}a\tb\r\nc\u{1b}[2J"), "a b c�[2J");
/// ```
pub fn display_text(text: &str) -> String {
    text.graphemes(true).map(display_grapheme).collect()
}

/// The display width of a grapheme as [`display_grapheme`] shows it.
pub fn grapheme_width(grapheme: &str) -> usize {
    display_grapheme(grapheme).width()
}

/// Wraps the paragraphs of `text` to `width` cells (at least 1): each paragraph's lines, with a
/// blank line between paragraphs.
///
/// # Examples
/// ```
/// use crossread::segment::segment;
/// use crossread::wrap::wrap;
/// let text = "One two three.\nFour.";
/// let lines = wrap(text, &segment(text).paragraphs, 9);
/// let shown: Vec<&str> = lines.iter().map(|l| &text[l.byte_span.clone()]).collect();
/// assert_eq!(shown, ["One two", "three.", "", "Four."]);
/// ```
pub fn wrap(text: &str, paragraphs: &[Paragraph], width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            let end = lines
                .last()
                .map_or(paragraph.byte_span.start, |l: &Line| l.byte_span.end);
            lines.push(Line {
                byte_span: end..end,
                paragraph: None,
            });
        }
        let span = paragraph.byte_span.clone();
        let Some(slice) = text.get(span.clone()) else {
            continue;
        };
        wrap_paragraph(slice, span.start, index, width, &mut lines);
    }
    lines
}

/// A line being filled.
struct Filling {
    start: usize,
    end: usize,
    width: usize,
}

fn wrap_paragraph(slice: &str, base: usize, paragraph: usize, width: usize, out: &mut Vec<Line>) {
    let mut current: Option<Filling> = None;
    let mut pending_space = 0;
    let push = |line: Filling, out: &mut Vec<Line>| {
        out.push(Line {
            byte_span: line.start..line.end,
            paragraph: Some(paragraph),
        });
    };
    for (start, end, is_space, chunk_width) in chunks(slice) {
        if is_space {
            if current.is_some() {
                pending_space += chunk_width;
            }
            continue;
        }
        let (start, end) = (base + start, base + end);
        if let Some(line) = current.as_mut() {
            if line.width + pending_space + chunk_width <= width {
                line.width += pending_space + chunk_width;
                line.end = end;
                pending_space = 0;
                continue;
            }
            if let Some(done) = current.take() {
                push(done, out);
            }
        }
        pending_space = 0;
        if chunk_width <= width {
            current = Some(Filling {
                start,
                end,
                width: chunk_width,
            });
            continue;
        }
        // A word wider than the line: break it between graphemes.
        let word = &slice[start - base..end - base];
        for (offset, grapheme) in word.grapheme_indices(true) {
            let g_start = start + offset;
            let g_end = g_start + grapheme.len();
            let g_width = grapheme_width(grapheme);
            if let Some(line) = current.as_mut() {
                if line.width + g_width <= width {
                    line.width += g_width;
                    line.end = g_end;
                    continue;
                }
                if let Some(done) = current.take() {
                    push(done, out);
                }
            }
            current = Some(Filling {
                start: g_start,
                end: g_end,
                width: g_width,
            });
        }
    }
    if let Some(done) = current {
        push(done, out);
    }
}

/// Runs of white space and runs of everything else: `(byte_start, byte_end, is_space, width)`.
fn chunks(slice: &str) -> impl Iterator<Item = (usize, usize, bool, usize)> + '_ {
    let mut graphemes = slice.grapheme_indices(true).peekable();
    std::iter::from_fn(move || {
        let (start, first) = graphemes.next()?;
        let is_space = display_grapheme(first) == " ";
        let mut end = start + first.len();
        let mut width = grapheme_width(first);
        while let Some(&(next_start, next)) = graphemes.peek() {
            if (display_grapheme(next) == " ") != is_space {
                break;
            }
            end = next_start + next.len();
            width += grapheme_width(next);
            graphemes.next();
        }
        Some((start, end, is_space, width))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;
    use proptest::prelude::*;

    fn shown(text: &str, width: usize) -> Vec<String> {
        wrap(text, &segment(text).paragraphs, width)
            .iter()
            .map(|l| display_text(&text[l.byte_span.clone()]))
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_separates_paragraphs() {
        assert_eq!(
            shown("The quick brown fox jumps.\n\nOver the dog.", 10),
            ["The quick", "brown fox", "jumps.", "", "Over the", "dog."]
        );
    }

    #[test]
    fn reflows_hard_wrapped_paragraphs() {
        let line = "A line of a hard-wrapped block that goes on for a while";
        let text = format!("{line}\n{line}\n{line}\n\nNext.");
        let wrapped = shown(&text, 200);
        assert_eq!(
            wrapped,
            [
                format!("{line} {line} {line}"),
                String::new(),
                "Next.".to_owned()
            ]
        );
    }

    #[test]
    fn long_words_break_between_graphemes() {
        assert_eq!(shown("abcdefgh", 3), ["abc", "def", "gh"]);
        // "é" written as e + combining acute stays whole.
        assert_eq!(
            shown("ae\u{301}e\u{301}e\u{301}", 2),
            ["ae\u{301}", "e\u{301}e\u{301}"]
        );
    }

    #[test]
    fn wide_characters_wrap_by_display_width() {
        // Each of these is two cells wide.
        assert_eq!(
            shown("日本語のテキスト", 5),
            ["日本", "語の", "テキ", "スト"]
        );
        // A wide grapheme on a line narrower than itself still makes progress.
        assert_eq!(shown("日本", 1), ["日", "本"]);
        assert_eq!(shown("👍🏽 ok", 3), ["👍🏽", "ok"]);
    }

    #[test]
    fn control_characters_are_made_safe() {
        assert_eq!(
            shown("\u{FEFF}Tab\there\r\nand\u{1b}[31mred\u{7}", 80),
            ["Tab here", "", "and�[31mred�"]
        );
        assert_eq!(display_text("a\u{200B}b\u{202E}c"), "abc");
    }

    #[test]
    fn empty_text_has_no_lines_and_width_zero_is_one() {
        assert!(shown("", 10).is_empty());
        assert!(shown(" \n\n ", 10).is_empty());
        assert_eq!(shown("ab", 0), ["a", "b"]);
    }

    proptest! {
        #[test]
        fn lines_fit_cover_the_text_and_keep_order(
            text in "(\\PC|[ \t\r\n\u{301}\u{FEFF}日👍]){0,120}",
            width in 0usize..30,
        ) {
            let segmentation = segment(&text);
            let lines = wrap(&text, &segmentation.paragraphs, width);
            let mut last_end = 0;
            let mut words = String::new();
            for line in &lines {
                prop_assert!(line.byte_span.start >= last_end);
                last_end = line.byte_span.end;
                let slice = text.get(line.byte_span.clone());
                prop_assert!(slice.is_some(), "span off a char boundary");
                let shown = display_text(slice.unwrap_or(""));
                let fits = shown.width() <= width.max(1)
                    || shown.graphemes(true).count() == 1;
                prop_assert!(fits, "{shown:?} wider than {width}");
                words.push_str(&shown.replace(' ', ""));
            }
            let expected: String = segmentation
                .paragraphs
                .iter()
                .map(|p| display_text(&text[p.byte_span.clone()]).replace(' ', ""))
                .collect();
            prop_assert_eq!(words, expected);
        }
    }
}
