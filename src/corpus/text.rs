//! Decoding an article's stored bytes into text we can slice, with a map back to the bytes as
//! stored: every offset the program writes out (scan output, tag spans) counts stored bytes.
//!
//! Valid UTF-8 (the norm) decodes to itself and the map is the identity. Invalid bytes are read
//! as Windows-1252, the usual culprit in old news files, one character per byte; the valid UTF-8
//! around them is kept, so a file with one stray byte does not turn into mojibake.

use std::ops::Range;

/// Text decoded from stored bytes, with the offset map between the two.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecodedText {
    /// The decoded text; all library spans are byte offsets into it.
    pub text: String,
    /// `(text_offset, stored_offset)` at the end of every re-encoded byte, in order. Between two
    /// anchors the two offsets advance together. Empty for valid UTF-8.
    anchors: Vec<(usize, usize)>,
    /// Where each re-encoded byte starts in `text`, in order: offsets inside its (longer)
    /// replacement map back to the single stored byte.
    replaced: Vec<usize>,
    /// Length of the stored bytes.
    stored_len: usize,
}

/// Windows-1252's 0x80..=0x9F block; the five bytes it leaves undefined become U+FFFD.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

fn cp1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

impl DecodedText {
    /// Like [`DecodedText::decode`], keeping the buffer as the text when it is valid UTF-8 (the
    /// norm): a corpus is then held once, not once as read and once as text.
    pub fn decode_owned(bytes: Vec<u8>) -> DecodedText {
        match String::from_utf8(bytes) {
            Ok(text) => DecodedText {
                stored_len: text.len(),
                text,
                anchors: Vec::new(),
                replaced: Vec::new(),
            },
            Err(err) => DecodedText::decode(err.as_bytes()),
        }
    }

    /// Decodes stored bytes.
    ///
    /// # Examples
    /// ```
    /// use crossread::corpus::text::DecodedText;
    /// let decoded = DecodedText::decode(b"caf\xe9 \x93ok\x94");
    /// assert_eq!(decoded.text, "café “ok”");
    /// assert!(!decoded.is_utf8());
    /// // "ok" starts at stored byte 6 but at text byte 9 ('é' and '“' grew by 1 and 2 bytes).
    /// assert_eq!(decoded.stored_range(9..11), 6..8);
    /// assert_eq!(decoded.text_range(6..8), 9..11);
    /// ```
    pub fn decode(bytes: &[u8]) -> DecodedText {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return DecodedText {
                text: text.to_owned(),
                anchors: Vec::new(),
                replaced: Vec::new(),
                stored_len: bytes.len(),
            };
        }
        let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
        let mut anchors = Vec::new();
        let mut replaced = Vec::new();
        let mut stored = 0;
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            stored += chunk.valid().len();
            for &byte in chunk.invalid() {
                replaced.push(text.len());
                text.push(cp1252(byte));
                stored += 1;
                anchors.push((text.len(), stored));
            }
        }
        DecodedText {
            text,
            anchors,
            replaced,
            stored_len: bytes.len(),
        }
    }

    /// True when the stored bytes were valid UTF-8, so text offsets are stored offsets.
    pub fn is_utf8(&self) -> bool {
        self.anchors.is_empty()
    }

    /// How many stored bytes were not UTF-8 and were read as Windows-1252.
    pub fn replaced_bytes(&self) -> usize {
        self.replaced.len()
    }

    /// The stored-byte offset of a text offset. An offset inside a re-encoded character maps to
    /// that character's one stored byte.
    pub fn stored_offset(&self, text_offset: usize) -> usize {
        if self.anchors.is_empty() {
            return text_offset.min(self.stored_len);
        }
        // Inside a replacement character: its stored byte.
        let i = self.replaced.partition_point(|&start| start <= text_offset);
        if i > 0 {
            let start = self.replaced[i - 1];
            let (end, stored_end) = self.anchors[i - 1];
            if text_offset > start && text_offset < end {
                return stored_end - 1;
            }
        }
        let j = self.anchors.partition_point(|&(t, _)| t <= text_offset);
        let offset = if j == 0 {
            text_offset
        } else {
            let (t, s) = self.anchors[j - 1];
            s + (text_offset - t)
        };
        offset.min(self.stored_len)
    }

    /// The text offset of a stored-byte offset (the inverse of [`DecodedText::stored_offset`]).
    pub fn text_offset(&self, stored_offset: usize) -> usize {
        if self.anchors.is_empty() {
            return stored_offset.min(self.text.len());
        }
        let j = self.anchors.partition_point(|&(_, s)| s <= stored_offset);
        let offset = if j == 0 {
            stored_offset
        } else {
            let (t, s) = self.anchors[j - 1];
            t + (stored_offset - s)
        };
        offset.min(self.text.len())
    }

    /// [`DecodedText::stored_offset`] for both ends of a range.
    pub fn stored_range(&self, text: Range<usize>) -> Range<usize> {
        self.stored_offset(text.start)..self.stored_offset(text.end)
    }

    /// [`DecodedText::text_offset`] for both ends of a range.
    pub fn text_range(&self, stored: Range<usize>) -> Range<usize> {
        self.text_offset(stored.start)..self.text_offset(stored.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn owned_bytes_decode_like_borrowed_ones() {
        for bytes in [
            &b"plain text"[..],
            b"caf\xc3\xa9",
            b"caf\xe9 \x93ok\x94",
            b"",
        ] {
            let owned = DecodedText::decode_owned(bytes.to_vec());
            let borrowed = DecodedText::decode(bytes);
            assert_eq!(owned.text, borrowed.text);
            assert_eq!(owned.is_utf8(), borrowed.is_utf8());
            assert_eq!(owned.stored_range(0..owned.text.len()), 0..bytes.len());
        }
    }

    #[test]
    fn utf8_is_identity() {
        let decoded = DecodedText::decode("Zelenskyy’s".as_bytes());
        assert!(decoded.is_utf8());
        assert_eq!(decoded.text, "Zelenskyy’s");
        assert_eq!(decoded.stored_range(3..12), 3..12);
        assert_eq!(decoded.stored_offset(999), 13);
    }

    #[test]
    fn mixed_file_keeps_its_utf8_and_maps_offsets() {
        // "é" as UTF-8, then a lone Windows-1252 "’", then ASCII.
        let bytes = b"\xc3\xa9 it\x92s";
        let decoded = DecodedText::decode(bytes);
        assert_eq!(decoded.text, "é it’s");
        assert_eq!(decoded.replaced_bytes(), 1);
        // 's' is stored byte 6, text byte 8 ('’' is three bytes).
        assert_eq!(decoded.text.find('s'), Some(8));
        assert_eq!(decoded.stored_offset(8), 6);
        assert_eq!(decoded.text_offset(6), 8);
        // Inside the replacement maps to its one stored byte.
        assert_eq!(decoded.stored_offset(6), 5);
        assert_eq!(decoded.stored_offset(7), 5);
        assert_eq!(decoded.stored_offset(decoded.text.len()), bytes.len());
    }

    proptest! {
        #[test]
        fn round_trip_at_char_boundaries(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let decoded = DecodedText::decode(&bytes);
            let mut last = 0;
            for (offset, _) in decoded.text.char_indices().chain([(decoded.text.len(), ' ')]) {
                let stored = decoded.stored_offset(offset);
                prop_assert!(stored <= bytes.len());
                prop_assert!(stored >= last, "stored offsets go backwards");
                last = stored;
                prop_assert_eq!(decoded.text_offset(stored), offset);
            }
            prop_assert_eq!(decoded.stored_offset(decoded.text.len()), bytes.len());
        }
    }
}
