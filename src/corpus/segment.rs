//! Splitting an article into paragraphs and sentences, as byte spans of its text.
//!
//! Paragraphs come in two styles in real pages: one paragraph per line, and blocks separated by
//! blank lines (sometimes hard-wrapped at a fixed width). Sentences follow Unicode's rules
//! (UAX #29, via unicode-segmentation), except that a known abbreviation (`Mr.`, `U.S.`,
//! `U.N.`, `Gen.`) does not end one. Sentences never cross paragraphs. What the spans mean for
//! reuse or tags is left to the modules that use them.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A paragraph: a byte span of the article text and the sentences inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte span in the article text, trimmed of surrounding white space.
    pub byte_span: Range<usize>,
    /// Indices into [`Segmentation::sentences`].
    pub sentences: Range<usize>,
}

/// A sentence: a byte span of the article text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span in the article text, trimmed of surrounding white space.
    pub byte_span: Range<usize>,
    /// Index into [`Segmentation::paragraphs`].
    pub paragraph: usize,
}

/// The paragraphs and sentences of one text, both in order, neither overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Paragraphs in text order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
}

impl Segmentation {
    /// The index of the sentence that contains `byte_offset`, or the first one after it.
    pub fn sentence_at(&self, byte_offset: usize) -> Option<usize> {
        let i = self
            .sentences
            .partition_point(|s| s.byte_span.end <= byte_offset);
        (i < self.sentences.len()).then_some(i)
    }
}

/// White space for trimming: Unicode white space plus the byte-order mark and zero-width space
/// that real pages carry around text.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Shrinks a span of `text` to exclude blanks at both ends.
fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start_matches(is_blank).len());
    let end = span.start + slice.trim_end_matches(is_blank).len();
    if start >= end {
        start..start
    } else {
        start..end
    }
}

/// Lines of `text` as trimmed byte spans, `None` for blank lines.
fn lines(text: &str) -> Vec<Option<Range<usize>>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.into_iter()
        .map(|span| {
            let span = trim_span(text, span);
            (!span.is_empty()).then_some(span)
        })
        .collect()
}

/// A block of consecutive non-blank lines is hard-wrapped prose (one paragraph) when it has
/// several lines, none longer than a typical wrap width, and all but the last nearly as long as
/// the longest. Otherwise every line is a paragraph of its own, which is how most pages are
/// saved (one paragraph per line, headlines and captions on lines of their own).
fn is_hard_wrapped(text: &str, block: &[Range<usize>]) -> bool {
    const MAX_WRAP: usize = 100;
    if block.len() < 2 {
        return false;
    }
    let widths: Vec<usize> = block
        .iter()
        .map(|s| text[s.clone()].chars().count())
        .collect();
    let widest = widths.iter().copied().max().unwrap_or(0);
    // Two lines where the first ends a sentence are more likely two one-line paragraphs.
    let ends_sentence = |span: &Range<usize>| {
        text[span.clone()]
            .trim_end_matches(['"', '”', '’', '\'', ')'])
            .ends_with(['.', '!', '?', ':'])
    };
    if block.len() == 2 && ends_sentence(&block[0]) {
        return false;
    }
    (50..=MAX_WRAP).contains(&widest)
        && widths[..widths.len() - 1].iter().all(|&w| w + 20 >= widest)
}

/// Words that end with a period without ending a sentence. Compared case-insensitively, without
/// the period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "sgt", "capt", "cmdr", "adm",
    "gov", "sen", "rep", "rev", "hon", "pres", "st", "mt", "ft", "jr", "sr", "inc", "corp", "ltd",
    "co", "bros", "vs", "etc", "vol", "approx", "dept", "jan", "feb", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "univ", "e.g", "i.e",
];

/// True when the sentence piece ends in an abbreviation whose period should not end it:
/// a listed word (`Gen.`), a single letter (`J.`), or dotted initials (`U.S.`, `U.N.`).
fn ends_with_abbreviation(piece: &str) -> bool {
    let trimmed = piece.trim_end_matches(is_blank);
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    let word_start = body
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &body[word_start..];
    if word.is_empty() {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // Dotted initials: every part between dots is a single letter.
    if word.split('.').all(|part| part.chars().count() == 1) && letters >= 1 {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// True when the first letter of `piece` (after spaces and opening punctuation) is lower case.
fn starts_lowercase(piece: &str) -> bool {
    piece
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// Sentence classes of UAX #29 for the characters [`sentence_pieces`] classifies itself: ASCII
/// (line breaks excepted: paragraphs arrive with them turned into spaces) and curly quotes, the
/// only non-ASCII characters in most English news text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SentenceClass {
    Upper,
    Lower,
    Numeric,
    /// `.`
    ATerm,
    /// `!`, `?`
    STerm,
    /// Quotes and brackets.
    Close,
    /// `,`, `-`, `:`, `;`
    SContinue,
    Sp,
    Other,
}

fn sentence_class(c: char) -> Option<SentenceClass> {
    use SentenceClass::{ATerm, Close, Lower, Numeric, Other, SContinue, STerm, Sp, Upper};
    Some(match c {
        'A'..='Z' => Upper,
        'a'..='z' => Lower,
        '0'..='9' => Numeric,
        '.' => ATerm,
        '!' | '?' => STerm,
        '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' => Close,
        '‘' | '’' | '“' | '”' => Close,
        ',' | '-' | ':' | ';' => SContinue,
        ' ' | '\t' | '\u{0B}' | '\u{0C}' => Sp,
        '\n' | '\r' => return None,
        c if c.is_ascii() => Other,
        _ => return None,
    })
}

/// True when UAX #29 puts a sentence break before `classes[i]` (rules SB6 to SB11; the text
/// holds no paragraph separators, formats or extenders).
fn is_sentence_break(classes: &[SentenceClass], i: usize) -> bool {
    use SentenceClass::{ATerm, Close, Lower, SContinue, STerm, Sp, Upper};
    let cur = classes[i];
    // Only after a terminator, a closing mark or a space (the walk back below would find no
    // terminator otherwise): most characters stop here.
    if !matches!(classes[i - 1], Sp | Close | ATerm | STerm) {
        return false;
    }
    // Never a break before these (SB8a, SB9, SB10), nor before a closing mark right after
    // anything but a space: decided before the walk back below, which would otherwise cross
    // the whole run again at every space or quote of a long run of them (quadratic).
    if matches!(cur, SContinue | ATerm | STerm | Sp) || (cur == Close && classes[i - 1] != Sp) {
        return false;
    }
    // Only after SATerm Close* Sp* (SB11); everything else holds together (SB998).
    let mut k = i;
    while k > 0 && classes[k - 1] == Sp {
        k -= 1;
    }
    while k > 0 && classes[k - 1] == Close {
        k -= 1;
    }
    if k == 0 || !matches!(classes[k - 1], ATerm | STerm) {
        return false;
    }
    let term = classes[k - 1];
    let right_after = k == i;
    if term == ATerm && right_after {
        // SB6, SB7.
        if cur == SentenceClass::Numeric {
            return false;
        }
        if cur == Upper && k >= 2 && matches!(classes[k - 2], Upper | Lower) {
            return false;
        }
    }
    if term == ATerm {
        // SB8: a lower-case letter ahead, past anything but letters and terminators.
        let next = classes[i..]
            .iter()
            .find(|c| matches!(c, Upper | Lower | ATerm | STerm));
        if next == Some(&Lower) {
            return false;
        }
    }
    // SB8a, SB9 and SB10 were decided first.
    true
}

/// `text` cut at UAX #29 sentence boundaries, as `(offset, piece)`: the same as
/// `split_sentence_bound_indices`, computed directly for text [`sentence_class`] covers (the
/// general segmenter was two fifths of a scan), and by `unicode-segmentation` otherwise.
fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
    // One class per character and no table of their offsets: the offsets come from walking
    // the characters again, so a paragraph of 100 MB costs 100 MB here, not 900.
    let mut classes = Vec::with_capacity(text.len());
    if text.is_ascii() {
        // One byte, one character: the offsets are the indices.
        for &b in text.as_bytes() {
            let Some(class) = sentence_class(char::from(b)) else {
                return text.split_sentence_bound_indices().collect();
            };
            classes.push(class);
        }
    } else {
        for c in text.chars() {
            let Some(class) = sentence_class(c) else {
                return text.split_sentence_bound_indices().collect();
            };
            classes.push(class);
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut cut = |offset: usize| {
        out.push((start, &text[start..offset]));
        start = offset;
    };
    if classes.len() == text.len() {
        for i in 1..classes.len() {
            if is_sentence_break(&classes, i) {
                cut(i);
            }
        }
    } else {
        for (i, (offset, _)) in text.char_indices().enumerate().skip(1) {
            if is_sentence_break(&classes, i) {
                cut(offset);
            }
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Sentences of one paragraph span, as trimmed byte spans.
fn sentences_in(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    // UAX #29 ends a sentence at every line break; inside a hard-wrapped paragraph those are
    // only wrapping, so segment a copy with line breaks as spaces (same byte offsets).
    let slice = &text[paragraph.clone()];
    let slice = if slice.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(slice.replace(['\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(slice)
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    let pieces = sentence_pieces(&slice);
    for (offset, piece) in pieces {
        let span = paragraph.start + offset..paragraph.start + offset + piece.len();
        let span = match pending.take() {
            Some(prev) => prev.start..span.end,
            None => span,
        };
        // UAX #29 ends a sentence after "?" or "!" even when a lower-case word follows
        // (“Why?” she asked.); a sentence never starts in lower case, so join those.
        if starts_lowercase(piece) {
            if let Some(prev) = out.pop() {
                let joined = prev.start..span.end;
                if ends_with_abbreviation(&text[joined.clone()]) {
                    pending = Some(joined);
                } else {
                    out.push(joined);
                }
                continue;
            }
        }
        if ends_with_abbreviation(&text[span.clone()]) {
            pending = Some(span);
        } else {
            out.push(span);
        }
    }
    out.extend(pending);
    out.into_iter()
        .map(|span| trim_span(text, span))
        .filter(|span| !span.is_empty())
        .collect()
}

/// Splits text into paragraphs and sentences.
///
/// # Examples
/// ```
/// use crossread::corpus::segment::segment;
/// let text = "Mr. Lavrov met U.S. envoys. They talked.\nA second paragraph.";
/// let seg = segment(text);
/// assert_eq!(seg.paragraphs.len(), 2);
/// let sentences: Vec<&str> = seg.sentences.iter().map(|s| &text[s.byte_span.clone()]).collect();
/// assert_eq!(sentences, ["Mr. Lavrov met U.S. envoys.", "They talked.", "A second paragraph."]);
/// ```
pub fn segment(text: &str) -> Segmentation {
    let mut seg = Segmentation::default();
    let lines = lines(text);
    let mut blocks: Vec<Vec<Range<usize>>> = Vec::new();
    let mut current = Vec::new();
    for line in lines {
        match line {
            Some(span) => current.push(span),
            None => {
                if !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut paragraph_spans = Vec::new();
    for block in blocks {
        if is_hard_wrapped(text, &block) {
            let start = block.first().map_or(0, |s| s.start);
            let end = block.last().map_or(0, |s| s.end);
            paragraph_spans.push(start..end);
        } else {
            paragraph_spans.extend(block);
        }
    }
    for span in paragraph_spans {
        let index = seg.paragraphs.len();
        let first = seg.sentences.len();
        seg.sentences.extend(
            sentences_in(text, span.clone())
                .into_iter()
                .map(|byte_span| Sentence {
                    byte_span,
                    paragraph: index,
                }),
        );
        seg.paragraphs.push(Paragraph {
            byte_span: span,
            sentences: first..seg.sentences.len(),
        });
    }
    seg
}

/// Word classes of UAX #29 for ASCII characters (the only ones [`count_words`] classifies
/// itself).
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Letter,
    Numeric,
    /// `:`
    MidLetter,
    /// `.` and `'` (MidNumLet and Single_Quote behave alike here).
    MidNumLetQ,
    /// `,` and `;`
    MidNum,
    /// `_`
    ExtendNumLet,
    Other,
}

fn word_class(b: u8) -> WordClass {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => WordClass::Letter,
        b'0'..=b'9' => WordClass::Numeric,
        b':' => WordClass::MidLetter,
        b'.' | b'\'' => WordClass::MidNumLetQ,
        b',' | b';' => WordClass::MidNum,
        b'_' => WordClass::ExtendNumLet,
        _ => WordClass::Other,
    }
}

/// Words of an ASCII run without white space, by the UAX #29 rules that apply to ASCII
/// (WB5 to WB13b): a segment counts when it holds a letter or digit.
fn count_ascii_words(run: &[u8]) -> usize {
    use WordClass::{ExtendNumLet, Letter, MidLetter, MidNum, MidNumLetQ, Numeric, Other};
    // Most runs are one plain word.
    if run.iter().all(u8::is_ascii_alphanumeric) {
        return usize::from(!run.is_empty());
    }
    let class = |i: usize| run.get(i).map_or(Other, |&b| word_class(b));
    // The classes of the bytes before, at and after the one looked at, moved along the run.
    let (mut before, mut prev, mut cur, mut next) = (Other, Other, class(0), class(1));
    let mut joined = |i: usize| -> bool {
        (before, prev, cur, next) = (prev, cur, next, class(i + 1));
        match (prev, cur) {
            (Letter | Numeric, Letter | Numeric) => true,
            (Letter, MidLetter | MidNumLetQ) => next == Letter,
            (MidLetter | MidNumLetQ, Letter) => before == Letter,
            (Numeric, MidNum | MidNumLetQ) => next == Numeric,
            (MidNum | MidNumLetQ, Numeric) => before == Numeric,
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            _ => false,
        }
    };
    let mut count = 0;
    let mut has_alnum = false;
    for (i, b) in run.iter().enumerate() {
        if i > 0 && !joined(i) {
            count += usize::from(has_alnum);
            has_alnum = false;
        }
        has_alnum |= b.is_ascii_alphanumeric();
    }
    count + usize::from(has_alnum)
}

/// The number of words in `text` by Unicode word boundaries (UAX #29): the same count as
/// `text.unicode_words().count()`, several times faster on mostly ASCII text.
///
/// ASCII white space always ends a word, so the text is cut there into runs; an ASCII run is
/// counted here, any other run by `unicode-segmentation`, starting at the white space before
/// it (a combining mark right after a space belongs to the space).
///
/// # Examples
/// ```
/// use crossread::corpus::segment::count_words;
/// assert_eq!(count_words("The U.N. said 3,000.5 people can't go_on: café!"), 8);
/// ```
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut start = 0;
    while start < bytes.len() {
        if bytes[start].is_ascii_whitespace() {
            start += 1;
            continue;
        }
        let mut end = start;
        let mut ascii = true;
        while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
            ascii &= bytes[end].is_ascii();
            end += 1;
        }
        count += if ascii {
            count_ascii_words(&bytes[start..end])
        } else {
            // `start` and `end` sit next to ASCII bytes (or the ends): char boundaries.
            let from = start.saturating_sub(1);
            text[from..end].unicode_words().count()
        };
        start = end;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.byte_span.clone()])
            .collect()
    }

    fn paragraph_texts(text: &str) -> Vec<&str> {
        segment(text)
            .paragraphs
            .iter()
            .map(|p| &text[p.byte_span.clone()])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentence_texts(
                "The U.N. Security Council met. Gen. Dan Cain spoke to Mr. Trump. The U.S. agreed."
            ),
            [
                "The U.N. Security Council met.",
                "Gen. Dan Cain spoke to Mr. Trump.",
                "The U.S. agreed."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sentence_texts("He said “we are ready.” Then he left. “Why?” she asked."),
            [
                "He said “we are ready.”",
                "Then he left.",
                "“Why?” she asked."
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line_and_blank_line_styles() {
        assert_eq!(
            paragraph_texts("One.\nTwo.\r\nThree."),
            ["One.", "Two.", "Three."]
        );
        assert_eq!(paragraph_texts("One.\n\n\nTwo.\n"), ["One.", "Two."]);
    }

    #[test]
    fn hard_wrapped_block_is_one_paragraph() {
        let text = "The Kremlin has also played down the prospect of talks between the\n\
                    leaders of the warring states and rejected again the presence of any\n\
                    western peacekeepers.\n\nNext paragraph here.";
        let paragraphs = paragraph_texts(text);
        assert_eq!(paragraphs.len(), 2);
        assert!(paragraphs[0].ends_with("western peacekeepers."));
        assert_eq!(sentence_texts(text).len(), 2);
    }

    #[test]
    fn short_lines_in_a_block_stay_separate() {
        // Page clutter like "Yahoo / 16 minutes ago / - Yahoo" is not one paragraph.
        assert_eq!(
            paragraph_texts("Yahoo\n16 minutes ago\n- Yahoo"),
            ["Yahoo", "16 minutes ago", "- Yahoo"]
        );
    }

    #[test]
    fn bom_crlf_and_blank_input() {
        assert_eq!(sentence_texts("\u{FEFF}Hello there.\r\n"), ["Hello there."]);
        assert!(segment("").paragraphs.is_empty());
        assert!(segment(" \n\t\n").sentences.is_empty());
    }

    #[test]
    fn sentence_at_finds_containing_or_next() {
        let text = "One. Two.";
        let seg = segment(text);
        assert_eq!(seg.sentence_at(0), Some(0));
        assert_eq!(seg.sentence_at(4), Some(1));
        assert_eq!(seg.sentence_at(6), Some(1));
        assert_eq!(seg.sentence_at(9), None);
    }

    #[test]
    fn word_count_agrees_with_unicode_segmentation_on_the_seeds() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            assert_eq!(count_words(&text), text.unicode_words().count());
        }
    }

    #[test]
    fn word_count_follows_the_ascii_rules() {
        for text in [
            "a:b", "a:", ":a", "a.b.c", "3.5", "3,5", "3,a", "a,3", "a'b", "a''b", "1'2", "_a_",
            "a_1", "__", "...", "a.", ".5", "x:3", "3:x", "a.3", "can't", "U.S.", "e.g.,",
        ] {
            assert_eq!(count_words(text), text.unicode_words().count(), "{text:?}");
        }
    }

    #[test]
    fn long_runs_of_spaces_and_quotes_segment_in_one_pass() {
        // Each space or quote of a run once walked back over the whole run: a paragraph of a
        // million of them took minutes.
        let text = format!("It ended. {}And it began again.", " ".repeat(1_000_000));
        let seg = segment(&text);
        let sentences: Vec<&str> = seg
            .sentences
            .iter()
            .map(|s| &text[s.byte_span.clone()])
            .collect();
        assert_eq!(sentences, ["It ended.", "And it began again."]);
        let text = format!("He said. \"{}\" Then left.", "'".repeat(1_000_000));
        assert_eq!(segment(&text).sentences.len(), 2);
    }

    proptest! {
        #[test]
        fn sentence_pieces_agree_with_unicode_segmentation(
            text in "[aAzZ09 .!?\"'()\\[\\],:;\t\u{0B}#_‘’“”-]{0,50}|[a-zA-Z0-9 .!?,“”’-]{0,120}|[a-z.A-Z “”]{0,30}[\u{301}é\u{2014}]?[a-z. A-Z]{0,20}"
        ) {
            let fast = sentence_pieces(&text);
            let general: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(fast, general);
        }

        #[test]
        fn word_count_agrees_with_unicode_segmentation(
            text in "[a-zA-Z0-9 .,;:'_\"!?()\t\r\n\u{0B}\u{0C}-]{0,60}|[a-z0-9 .,:'_\u{301}\u{93E}\u{200D}\u{A0}\u{2019}\u{30A2}\u{1F600}\u{5D0}\"é]{0,40}|\\PC{0,40}"
        ) {
            prop_assert_eq!(count_words(&text), text.unicode_words().count());
        }

        #[test]
        fn spans_are_ordered_disjoint_and_on_boundaries(text in "\\PC{0,300}|[a-zA-Z .\n\r\"“”]{0,300}") {
            let seg = segment(&text);
            let mut last_end = 0;
            for s in &seg.sentences {
                prop_assert!(s.byte_span.start >= last_end);
                prop_assert!(s.byte_span.start < s.byte_span.end);
                prop_assert!(text.is_char_boundary(s.byte_span.start));
                prop_assert!(text.is_char_boundary(s.byte_span.end));
                let p = &seg.paragraphs[s.paragraph].byte_span;
                prop_assert!(p.start <= s.byte_span.start && s.byte_span.end <= p.end);
                last_end = s.byte_span.end;
            }
            let mut last_end = 0;
            for (i, p) in seg.paragraphs.iter().enumerate() {
                prop_assert!(p.byte_span.start >= last_end);
                last_end = p.byte_span.end;
                for s in &seg.sentences[p.sentences.clone()] {
                    prop_assert_eq!(s.paragraph, i);
                }
            }
        }
    }
}
