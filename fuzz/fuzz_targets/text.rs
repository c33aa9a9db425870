//! Any bytes as an article: decoding, segmentation, tokenization and wrapping never panic, and
//! every span they give lies on character boundaries, in order, without overlapping; offsets
//! round-trip between the text and the bytes as stored.

#![no_main]

use std::ops::Range;

use crossread::detect::normalize::{tokenize, words};
use crossread::corpus::segment::segment;
use crossread::corpus::text::DecodedText;
use crossread::view::wrap::{display_grapheme, display_text, grapheme_width, wrap};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} out of text"
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries"
    );
}

fn check_decoding(bytes: &[u8], decoded: &DecodedText) {
    assert_eq!(decoded.is_utf8(), std::str::from_utf8(bytes).is_ok());
    let mut last = 0;
    for (offset, _) in decoded.text.char_indices() {
        let stored = decoded.stored_offset(offset);
        assert!(stored >= last && stored <= bytes.len());
        last = stored;
        assert_eq!(decoded.text_offset(stored), offset);
    }
    assert_eq!(decoded.stored_offset(decoded.text.len()), bytes.len());
    assert_eq!(decoded.text_offset(bytes.len()), decoded.text.len());
    // Any stored offset, even one inside a character (a hand-edited tags file), maps into the
    // text and back to itself.
    for stored in 0..=bytes.len().min(256) {
        let offset = decoded.text_offset(stored);
        assert!(offset <= decoded.text.len());
        assert_eq!(decoded.stored_offset(offset), stored);
    }
}

fn check_segmentation(text: &str) -> crossread::Segmentation {
    let seg = segment(text);
    let mut end = 0;
    for (i, paragraph) in seg.paragraphs.iter().enumerate() {
        assert_span(text, &paragraph.byte_span, "paragraph");
        assert!(paragraph.byte_span.start >= end, "paragraphs overlap");
        assert!(!paragraph.byte_span.is_empty(), "empty paragraph");
        end = paragraph.byte_span.end;
        assert!(paragraph.sentences.end <= seg.sentences.len());
        for s in paragraph.sentences.clone() {
            let sentence = &seg.sentences[s];
            assert_eq!(sentence.paragraph, i);
            assert!(
                paragraph.byte_span.start <= sentence.byte_span.start
                    && sentence.byte_span.end <= paragraph.byte_span.end,
                "sentence outside its paragraph"
            );
        }
    }
    let mut end = 0;
    for (i, sentence) in seg.sentences.iter().enumerate() {
        assert_span(text, &sentence.byte_span, "sentence");
        assert!(sentence.byte_span.start >= end, "sentences overlap");
        end = sentence.byte_span.end;
        assert!(seg.paragraphs[sentence.paragraph].sentences.contains(&i));
        assert_eq!(seg.sentence_at(sentence.byte_span.start), Some(i));
    }
    seg
}

fn check_tokens(text: &str) {
    let tokens = tokenize(text);
    let mut end = 0;
    for token in &tokens {
        let span = token.byte_span();
        assert_span(text, &span, "token");
        assert!(!span.is_empty() && span.start >= end, "tokens overlap");
        end = span.end;
    }
    let words = words(text);
    assert_eq!(words.len(), tokens.len());
    for (word, token) in words.iter().zip(&tokens) {
        assert_eq!(word.byte_span, token.byte_span());
    }
}

fn check_wrap(text: &str, seg: &crossread::Segmentation, width: usize) {
    let lines = wrap(text, &seg.paragraphs, width);
    let boundaries: Vec<Vec<usize>> = seg
        .paragraphs
        .iter()
        .map(|p| {
            let slice = &text[p.byte_span.clone()];
            slice
                .grapheme_indices(true)
                .map(|(i, _)| p.byte_span.start + i)
                .chain([p.byte_span.end])
                .collect()
        })
        .collect();
    let mut end = 0;
    let mut covered = vec![false; text.len()];
    for line in &lines {
        assert_span(text, &line.byte_span, "line");
        assert!(line.byte_span.start >= end, "lines overlap");
        end = line.byte_span.end;
        let Some(p) = line.paragraph else {
            assert!(line.byte_span.is_empty());
            continue;
        };
        let paragraph = seg.paragraphs[p].byte_span.clone();
        assert!(paragraph.start <= line.byte_span.start && line.byte_span.end <= paragraph.end);
        // No grapheme split: both ends are grapheme boundaries of the paragraph.
        let boundaries = &boundaries[p];
        let is_boundary = |at: &usize| boundaries.binary_search(at).is_ok();
        assert!(
            is_boundary(&line.byte_span.start),
            "line starts inside a grapheme"
        );
        assert!(
            is_boundary(&line.byte_span.end),
            "line ends inside a grapheme"
        );
        let shown = &text[line.byte_span.clone()];
        let cells = display_text(shown).width();
        let graphemes = shown.graphemes(true).count();
        assert!(
            cells <= width || graphemes == 1,
            "{cells} cells in {width}: {shown:?}"
        );
        for flag in &mut covered[line.byte_span.clone()] {
            *flag = true;
        }
    }
    // What no line shows is the white space lines broke at.
    for paragraph in &seg.paragraphs {
        for (i, grapheme) in text[paragraph.byte_span.clone()].grapheme_indices(true) {
            let at = paragraph.byte_span.start + i;
            if !covered[at] {
                assert_eq!(display_grapheme(grapheme), " ", "dropped {grapheme:?}");
                assert_eq!(grapheme_width(grapheme), 1);
            }
        }
    }
}

fuzz_target!(|input: (u8, &[u8])| {
    let (width, bytes) = input;
    let decoded = DecodedText::decode(bytes);
    check_decoding(bytes, &decoded);
    let text = decoded.text.as_str();
    let seg = check_segmentation(text);
    check_tokens(text);
    for width in [usize::from(width % 8), usize::from(width) + 8] {
        check_wrap(text, &seg, width.max(1));
    }
});
