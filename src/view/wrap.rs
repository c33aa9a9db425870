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

use rayon::prelude::*;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

use crate::corpus::segment::Paragraph;

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
/// assert_eq!(crossread::view::wrap::display_text("\u{FEFF}a\tb\r\nc\u{1b}[2J"), "a b c�[2J");
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
/// use crossread::corpus::segment::segment;
/// use crossread::view::wrap::wrap;
/// let text = "One two three.\nFour.";
/// let lines = wrap(text, &segment(text).paragraphs, 9);
/// let shown: Vec<&str> = lines.iter().map(|l| &text[l.byte_span.clone()]).collect();
/// assert_eq!(shown, ["One two", "three.", "", "Four."]);
/// ```
pub fn wrap(text: &str, paragraphs: &[Paragraph], width: usize) -> Vec<Line> {
    let width = width.max(1);
    // Paragraphs wrap independently, so a long article wraps them in parallel, in batches big
    // enough to be worth a thread; a short one stays on this thread.
    let per_paragraph: Vec<Vec<Line>> = if text.len() < PARALLEL_BYTES {
        paragraphs
            .iter()
            .enumerate()
            .map(|(index, paragraph)| paragraph_lines(text, paragraph, index, width))
            .collect()
    } else {
        paragraphs
            .par_iter()
            .enumerate()
            .with_min_len(64)
            .map(|(index, paragraph)| paragraph_lines(text, paragraph, index, width))
            .collect()
    };
    let count = per_paragraph.iter().map(Vec::len).sum::<usize>() + paragraphs.len();
    let mut lines = Vec::with_capacity(count);
    for (index, (paragraph, paragraph_lines)) in paragraphs.iter().zip(per_paragraph).enumerate() {
        if index > 0 {
            let end = lines
                .last()
                .map_or(paragraph.byte_span.start, |l: &Line| l.byte_span.end);
            lines.push(Line {
                byte_span: end..end,
                paragraph: None,
            });
        }
        lines.extend(paragraph_lines);
    }
    lines
}

/// Articles at least this long wrap their paragraphs in parallel.
const PARALLEL_BYTES: usize = 1 << 20;

fn paragraph_lines(text: &str, paragraph: &Paragraph, index: usize, width: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let span = paragraph.byte_span.clone();
    if let Some(slice) = text.get(span.clone()) {
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
        for (g_start, g_end, _, g_width) in FastGraphemes::new(word) {
            let (g_start, g_end) = (start + g_start, start + g_end);
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
    let mut graphemes = FastGraphemes::new(slice);
    std::iter::from_fn(move || {
        let (start, end, is_space, width) = graphemes.next()?;
        let (end, width) = graphemes.extend_run(is_space, end, width);
        Some((start, end, is_space, width))
    })
}

/// The graphemes of a string as `(byte_start, byte_end, is_space, width)`, where `is_space` and
/// `width` are what [`display_grapheme`] makes of the grapheme: the same as
/// `grapheme_indices(true)` with [`grapheme_width`], several times faster on ASCII text.
///
/// An ASCII character followed by another ASCII character (or the end) is a grapheme of its
/// own, CR LF excepted (UAX #29 joins only CR LF, and marks, joiners and prepended characters,
/// none of them ASCII, to their neighbours). Anywhere else the grapheme cursor decides, over the
/// whole string so that it never lacks context. Wrapping a 100 MB article went from seconds,
/// nearly all of it in the general segmenter, to a fraction of that.
struct FastGraphemes<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> FastGraphemes<'a> {
    fn new(text: &'a str) -> FastGraphemes<'a> {
        FastGraphemes { text, at: 0 }
    }

    /// True when the grapheme at `at` is the one ASCII byte there.
    fn is_ascii_grapheme(&self, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        let next = bytes.get(at + 1).copied();
        bytes.get(at).is_some_and(|&byte| {
            byte.is_ascii()
                && next.is_none_or(|n| n.is_ascii())
                && !(byte == b'\r' && next == Some(b'\n'))
        })
    }

    /// Takes the graphemes that follow while they are white space as `is_space` says, and
    /// returns the run's end and width given the `end` and `width` it had so far. The loop
    /// over plain ASCII is what makes wrapping a long article fast.
    fn extend_run(&mut self, is_space: bool, mut end: usize, mut width: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        loop {
            let at = self.at;
            if self.is_ascii_grapheme(at) {
                if char::from(bytes[at]).is_whitespace() != is_space {
                    return (end, width);
                }
                self.at = at + 1;
                end = at + 1;
                width += 1;
                continue;
            }
            match self.next() {
                Some((_, next_end, next_space, next_width)) if next_space == is_space => {
                    end = next_end;
                    width += next_width;
                }
                _ => {
                    self.at = at;
                    return (end, width);
                }
            }
        }
    }
}

impl Iterator for FastGraphemes<'_> {
    type Item = (usize, usize, bool, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let &byte = bytes.get(start)?;
        if self.is_ascii_grapheme(start) {
            self.at = start + 1;
            // White space shows as one space; any other ASCII character, control or not, is
            // one cell (controls show as U+FFFD, which is one cell wide).
            return Some((start, start + 1, char::from(byte).is_whitespace(), 1));
        }
        let mut cursor = GraphemeCursor::new(start, self.text.len(), true);
        let end = match cursor.next_boundary(self.text, 0) {
            Ok(Some(end)) if end > start => end,
            // Cannot happen with the whole string as the chunk; step one character rather
            // than loop.
            _ => start + self.text[start..].chars().next().map_or(1, char::len_utf8),
        };
        self.at = end;
        let grapheme = &self.text[start..end];
        Some((
            start,
            end,
            display_grapheme(grapheme) == " ",
            grapheme_width(grapheme),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::segment::segment;
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

    /// The graphemes and widths the general segmenter gives.
    fn slow_graphemes(text: &str) -> Vec<(usize, usize, bool, usize)> {
        text.grapheme_indices(true)
            .map(|(i, g)| {
                (
                    i,
                    i + g.len(),
                    display_grapheme(g) == " ",
                    grapheme_width(g),
                )
            })
            .collect()
    }

    #[test]
    fn fast_graphemes_join_what_unicode_joins() {
        for text in [
            "a\r\nb\r\r\n\n",
            "e\u{301}x",
            "\u{600}1 a",
            "👍🏽 🇫🇷🇩🇪x",
            "👨\u{200D}👩\u{200D}👧 ok",
            "\u{1b}[1m\u{7f}\t",
            "한국어 text",
        ] {
            assert_eq!(
                FastGraphemes::new(text).collect::<Vec<_>>(),
                slow_graphemes(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn long_articles_wrap_in_parallel_as_they_would_in_turn() {
        // Over the parallel threshold: the lines equal those of the paragraphs wrapped alone.
        let paragraph = "Word and more words, some longer than others. ".repeat(40);
        let text = vec![paragraph.trim_end(); 700].join("\n\n");
        assert!(text.len() >= PARALLEL_BYTES);
        let segmentation = segment(&text);
        let lines = wrap(&text, &segmentation.paragraphs, 37);
        let mut expected = Vec::new();
        for (index, p) in segmentation.paragraphs.iter().enumerate() {
            if index > 0 {
                let end = expected.last().map_or(0, |l: &Line| l.byte_span.end);
                expected.push(Line {
                    byte_span: end..end,
                    paragraph: None,
                });
            }
            wrap_paragraph(
                &text[p.byte_span.clone()],
                p.byte_span.start,
                index,
                37,
                &mut expected,
            );
        }
        assert_eq!(lines.len(), expected.len());
        assert!(lines == expected);
        assert_eq!(lines.iter().filter(|l| l.is_blank()).count(), 699);
    }

    proptest! {
        #[test]
        fn fast_graphemes_equal_unicode_graphemes(
            text in "(\\PC|[ \t\r\n\u{301}\u{200D}\u{600}\u{FEFF}日👍🇫🇷\u{1b}]){0,80}",
        ) {
            prop_assert_eq!(FastGraphemes::new(&text).collect::<Vec<_>>(), slow_graphemes(&text));
        }

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
