//! Character offsets, as other tools count them (passim counts Unicode code points from the
//! start of the text it was given), turned into the byte offsets crossread keeps. Only the
//! articles an import names are mapped, and only every 64th character is remembered, so a
//! large corpus costs a sixteenth of its text, not four times it.

use std::collections::HashMap;
use std::ops::Range;

use crate::corpus::{ArticleId, Corpus};

/// Characters between two remembered offsets.
const STRIDE: usize = 64;

/// The byte offset of every [`STRIDE`]th character of one text.
#[derive(Debug, Clone)]
struct Checkpoints {
    bytes: Vec<usize>,
    chars: usize,
}

impl Checkpoints {
    fn new(text: &str) -> Checkpoints {
        let mut bytes = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (i, (at, _)) in text.char_indices().enumerate() {
            if i % STRIDE == 0 {
                bytes.push(at);
            }
            chars = i + 1;
        }
        Checkpoints { bytes, chars }
    }

    /// The byte offset of character `index` (the text's length for `index == chars`), or
    /// `None` past the end.
    fn byte(&self, text: &str, index: usize) -> Option<usize> {
        if index > self.chars {
            return None;
        }
        if index == self.chars {
            return Some(text.len());
        }
        let from = *self.bytes.get(index / STRIDE)?;
        text[from..]
            .char_indices()
            .nth(index % STRIDE)
            .map(|(at, _)| from + at)
    }
}

/// Why a span of characters does not fit its article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutOfBounds {
    /// The span ends before it starts, or starts before 0.
    Reversed,
    /// The span reaches past the article's last character (which has `chars` characters).
    PastEnd {
        /// The article's length in characters.
        chars: usize,
    },
}

/// Turns character spans into byte spans of the articles of one corpus.
#[derive(Debug, Default)]
pub struct CharSpans {
    maps: HashMap<ArticleId, Checkpoints>,
}

impl CharSpans {
    /// The byte span of the characters `begin..end` of `article`'s text.
    ///
    /// # Errors
    /// [`OutOfBounds`] when the span is reversed, negative or past the end.
    pub fn bytes(
        &mut self,
        corpus: &Corpus,
        article: ArticleId,
        begin: i64,
        end: i64,
    ) -> Result<Range<usize>, OutOfBounds> {
        let text = corpus.articles[article.index()].text();
        let map = self
            .maps
            .entry(article)
            .or_insert_with(|| Checkpoints::new(text));
        let (Ok(begin), Ok(end)) = (usize::try_from(begin), usize::try_from(end)) else {
            return Err(OutOfBounds::Reversed);
        };
        if begin > end {
            return Err(OutOfBounds::Reversed);
        }
        let past_end = OutOfBounds::PastEnd { chars: map.chars };
        let start = map.byte(text, begin).ok_or(past_end.clone())?;
        let stop = map.byte(text, end).ok_or(past_end)?;
        Ok(start..stop)
    }

    /// The length in characters of `article`'s text.
    pub fn chars(&mut self, corpus: &Corpus, article: ArticleId) -> usize {
        let text = corpus.articles[article.index()].text();
        self.maps
            .entry(article)
            .or_insert_with(|| Checkpoints::new(text))
            .chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_become_bytes_past_multi_byte_ones_and_far_in() {
        let text = format!("«Zelenskyy’s» {}é end", "ab".repeat(100));
        let corpus = Corpus::from_texts([("a.txt", text.as_str())]);
        let mut spans = CharSpans::default();
        let id = ArticleId(0);
        // "Zelenskyy’s" is characters 1..12: « is two bytes, ’ three.
        let r = spans.bytes(&corpus, id, 1, 12).unwrap();
        assert_eq!(&text[r], "Zelenskyy’s");
        let chars = text.chars().count();
        let r = spans
            .bytes(&corpus, id, chars as i64 - 5, chars as i64)
            .unwrap();
        assert_eq!(&text[r], "é end");
        assert_eq!(spans.chars(&corpus, id), chars);
        assert_eq!(
            spans.bytes(&corpus, id, 3, chars as i64 + 1),
            Err(OutOfBounds::PastEnd { chars })
        );
        assert_eq!(spans.bytes(&corpus, id, 5, 4), Err(OutOfBounds::Reversed));
        assert_eq!(spans.bytes(&corpus, id, -1, 4), Err(OutOfBounds::Reversed));
    }

    #[test]
    fn every_character_offset_maps_like_char_indices() {
        let text = "a€b\u{1F600}c".repeat(50);
        let corpus = Corpus::from_texts([("a.txt", text.as_str())]);
        let mut spans = CharSpans::default();
        let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        for (i, &at) in starts.iter().enumerate() {
            let r = spans
                .bytes(&corpus, ArticleId(0), i as i64, i as i64)
                .unwrap();
            assert_eq!(r.start, at);
        }
    }
}
