//! Text folded for comparison: the words of an article as keys that ignore what a light rewrite
//! changes (case, diacritics, compatibility forms, quote and dash style, dots in `U.N.`, a
//! possessive `'s`, an honorific, a transliteration `y`/`i`, British or American spelling), each
//! key with the byte span of its word in the text.
//!
//! Two layers: [`fold_word`] only folds (what a reader would call "the same word, written
//! differently"), [`word_key`] also applies the spelling-tolerant skeleton to long words. The
//! skeleton is what detection hashes and aligns; the folded form tells verbatim copies from
//! rewrites. Finding which tokens match across articles is left to [`crate::detect::index`] and
//! [`crate::detect::reuse`].
//!
//! The hot path, [`tokenize`], allocates nothing per word: ASCII words are folded into one reused
//! buffer and hashed to a `u32`; only non-ASCII characters go through Unicode decomposition.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One word of an article as detection sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start of the word in the article text (bytes).
    pub byte_start: u32,
    /// End of the word in the article text (bytes, exclusive).
    pub byte_end: u32,
    /// The hash of the spelling-tolerant key in the low 31 bits, the content flag in the top
    /// bit: 12 bytes a token, for the tokens of a whole corpus are the largest thing a scan
    /// holds. (Whether two copies are verbatim is decided on their text: [`folded_hashes`].)
    key_and_content: u32,
}

/// The top bit of [`Token::key_and_content`].
const CONTENT_BIT: u32 = 1 << 31;

impl Token {
    /// A token of the word at `byte_start..byte_end` with this key hash.
    pub fn new(byte_start: u32, byte_end: u32, key: u32, is_content: bool) -> Token {
        Token {
            byte_start,
            byte_end,
            key_and_content: (key & !CONTENT_BIT) | if is_content { CONTENT_BIT } else { 0 },
        }
    }

    /// Hash of the word's spelling-tolerant key ([`word_key`], 31 bits).
    pub fn key(&self) -> u32 {
        self.key_and_content & !CONTENT_BIT
    }

    /// True for a content word, false for a function word (`the`, `of`, `would`).
    pub fn is_content(&self) -> bool {
        self.key_and_content & CONTENT_BIT != 0
    }

    /// The word's byte span in the article text.
    pub fn byte_span(&self) -> Range<usize> {
        self.byte_start as usize..self.byte_end as usize
    }
}

/// A word with its keys as strings; for tests, examples and tools. Detection uses [`Token`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Where the word stands in the text.
    pub byte_span: Range<usize>,
    /// The folded form ([`fold_word`]).
    pub folded: String,
    /// The spelling-tolerant key ([`word_key`]).
    pub key: String,
    /// True for a content word.
    pub is_content: bool,
}

/// Declares a set of folded words twice from one list: as a `match` (the compiler turns it
/// into a few length and byte tests; a binary search over strings, a `memcmp` per step, was a
/// fifth of tokenizing) and, for tests, as a slice.
macro_rules! word_set {
    ($(#[$doc:meta])* $list:ident, $test:ident, [$($word:literal),* $(,)?]) => {
        $(#[$doc])*
        #[cfg(test)]
        const $list: &[&[u8]] = &[$($word),*];

        $(#[$doc])*
        fn $test(folded: &[u8]) -> bool {
            matches!(folded, $($word)|*)
        }
    };
}

word_set!(
    /// Function words: they glue a sentence together but say little about where it came from, so
    /// they weigh less in alignment and never seed a candidate. General English only; no topic words.
    FUNCTION_WORDS,
    is_function_bytes,
    [
        b"a",
        b"about",
        b"above",
        b"across",
        b"after",
        b"again",
        b"against",
        b"all",
        b"also",
        b"am",
        b"an",
        b"and",
        b"any",
        b"are",
        b"as",
        b"at",
        b"be",
        b"because",
        b"been",
        b"before",
        b"being",
        b"below",
        b"between",
        b"both",
        b"but",
        b"by",
        b"can",
        b"could",
        b"did",
        b"do",
        b"does",
        b"doing",
        b"down",
        b"during",
        b"each",
        b"either",
        b"few",
        b"for",
        b"from",
        b"further",
        b"had",
        b"has",
        b"have",
        b"having",
        b"he",
        b"her",
        b"here",
        b"hers",
        b"herself",
        b"him",
        b"himself",
        b"his",
        b"how",
        b"i",
        b"if",
        b"in",
        b"into",
        b"is",
        b"it",
        b"its",
        b"itself",
        b"just",
        b"may",
        b"me",
        b"might",
        b"more",
        b"most",
        b"must",
        b"my",
        b"myself",
        b"neither",
        b"no",
        b"nor",
        b"not",
        b"of",
        b"off",
        b"on",
        b"once",
        b"only",
        b"onto",
        b"or",
        b"other",
        b"our",
        b"ours",
        b"ourselves",
        b"out",
        b"over",
        b"own",
        b"same",
        b"shall",
        b"she",
        b"should",
        b"so",
        b"some",
        b"such",
        b"than",
        b"that",
        b"the",
        b"their",
        b"theirs",
        b"them",
        b"themselves",
        b"then",
        b"there",
        b"these",
        b"they",
        b"this",
        b"those",
        b"through",
        b"to",
        b"too",
        b"under",
        b"until",
        b"up",
        b"upon",
        b"very",
        b"was",
        b"we",
        b"were",
        b"what",
        b"when",
        b"where",
        b"whether",
        b"which",
        b"while",
        b"who",
        b"whom",
        b"whose",
        b"why",
        b"will",
        b"with",
        b"within",
        b"without",
        b"would",
        b"yet",
        b"you",
        b"your",
        b"yours",
    ]
);

word_set!(
    /// Titles before a name that rewrites add or drop freely (`Mr Lavrov` / `Lavrov`); they are not
    /// words for detection at all.
    HONORIFICS,
    is_honorific,
    [b"dr", b"messrs", b"mlle", b"mme", b"mr", b"mrs", b"ms", b"mx"]
);

/// True when a folded word is a function word.
pub fn is_function_word(folded: &str) -> bool {
    is_function_bytes(folded.as_bytes())
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '′' | '`')
}

/// Scripts written without spaces: every character is a word of its own.
fn is_unspaced_script(c: char) -> bool {
    matches!(
        c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF61..=0xFF9F | 0x20000..=0x3FFFF
    )
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_unspaced_script(c)
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_unspaced_script(c)
}

/// Letters that carry no decomposition but are folded by every search engine.
fn special_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        '\u{00AD}' => "",
        _ => return None,
    })
}

/// Appends the folded form of `c`: lower case, no diacritics, compatibility forms resolved.
fn push_folded(out: &mut Vec<u8>, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase() as u8);
        return;
    }
    if let Some(folded) = special_fold(c) {
        out.extend_from_slice(folded.as_bytes());
        return;
    }
    let mut buf = [0u8; 4];
    // Only word characters survive, so a folded word reads back as one word.
    decompose_compatible(c, |d| {
        for lower in d.to_lowercase() {
            if let Some(folded) = special_fold(lower) {
                out.extend_from_slice(folded.as_bytes());
            } else if (is_word_char(lower) && !is_apostrophe(lower) || is_unspaced_script(lower))
                && !is_combining_mark(lower)
            {
                out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
            }
        }
    });
}

/// Characters of `text` from `offset`, without re-validating UTF-8 each time.
fn char_at(text: &str, offset: usize) -> Option<char> {
    let byte = *text.as_bytes().get(offset)?;
    if byte < 0x80 {
        Some(char::from(byte))
    } else {
        text[offset..].chars().next()
    }
}

/// Scans the words of `text`, calling `emit(byte_span, folded)` for each. The folded bytes are
/// lower case, without diacritics, without dots (`U.N.` → `un`) or inner apostrophes
/// (`don't` → `dont`), and without a possessive `'s`. Honorifics are skipped.
fn scan_words(text: &str, mut emit: impl FnMut(Range<usize>, &[u8])) {
    // Folding can turn a character into one of a script written without spaces (〸 → 十):
    // such characters are words of their own, wherever they come from.
    let mut emit = |span: Range<usize>, folded: &[u8]| {
        if folded.is_empty() {
            return;
        }
        if folded.is_ascii() {
            emit(span, folded);
            return;
        }
        let folded = String::from_utf8_lossy(folded);
        let mut run_start = 0;
        for (at, c) in folded.char_indices() {
            if is_unspaced_script(c) {
                if run_start < at {
                    emit(span.clone(), folded[run_start..at].as_bytes());
                }
                emit(span.clone(), folded[at..at + c.len_utf8()].as_bytes());
                run_start = at + c.len_utf8();
            }
        }
        if run_start < folded.len() {
            emit(span, folded[run_start..].as_bytes());
        }
    };
    let mut folded = Vec::with_capacity(32);
    let bytes = text.as_bytes();
    let mut i = 0;
    let len = text.len();
    while i < len {
        // Spaces and punctuation between words: most bytes of a text that are not in a word.
        if bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        if is_unspaced_script(c) {
            folded.clear();
            push_folded(&mut folded, c);
            if !folded.is_empty() {
                emit(i..i + c.len_utf8(), &folded);
            }
            i += c.len_utf8();
            continue;
        }
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        folded.clear();
        let start = i;
        if let Some(end) = dotted_abbreviation(text, i, &mut folded) {
            if !is_honorific(&folded) {
                emit(start..end, &folded);
            }
            i = end;
            continue;
        }
        folded.clear();
        let mut end = i;
        let mut j = i;
        let mut numeric = c.is_ascii_digit();
        while j < len {
            // ASCII letters and digits, the bulk of a word, without decoding a character;
            // other ASCII bytes but apostrophes and number separators end it.
            let b = bytes[j];
            if b.is_ascii_alphanumeric() {
                numeric &= b.is_ascii_digit();
                folded.push(b.to_ascii_lowercase());
                j += 1;
                end = j;
                continue;
            }
            if b < 0x80 && !matches!(b, b'\'' | b'`' | b'.' | b',') {
                break;
            }
            let Some(c) = char_at(text, j) else { break };
            let width = c.len_utf8();
            if !is_apostrophe(c) && is_word_char(c)
                || (j > start && is_combining_mark(c))
                || c == '\u{00AD}'
            {
                numeric &= c.is_ascii_digit();
                push_folded(&mut folded, c);
                j += width;
                end = j;
                continue;
            }
            let next = char_at(text, j + width);
            if is_apostrophe(c) && next.is_some_and(is_letter) {
                // A possessive `'s` is dropped; other inner apostrophes join (`don't`, `O'Brien`).
                let after = j + width + 1;
                if matches!(next, Some('s' | 'S'))
                    && !char_at(text, after).is_some_and(is_word_char)
                {
                    j = after;
                    break;
                }
                j += width;
                continue;
            }
            if numeric && matches!(c, '.' | ',') && next.is_some_and(|n| n.is_ascii_digit()) {
                // 27.5 keeps its point; 1,000 loses its separator.
                if c == '.' {
                    folded.push(b'.');
                }
                j += width;
                continue;
            }
            break;
        }
        if !folded.is_empty() && !is_honorific(&folded) {
            emit(start..end, &folded);
        }
        i = j.max(start + c.len_utf8());
    }
}

/// Reads dotted initials (`U.N.`, `U.S.`, `e.g.`) at `start`, folding them into `out` without
/// the dots; returns the end of the abbreviation, including a final dot, or `None` when the text
/// at `start` is not one.
fn dotted_abbreviation(text: &str, start: usize, out: &mut Vec<u8>) -> Option<usize> {
    let mut j = start;
    let mut letters = 0;
    loop {
        let c = char_at(text, j).filter(|&c| is_letter(c))?;
        let after = j + c.len_utf8();
        if char_at(text, after).is_some_and(is_word_char) {
            // A letter followed by more letters: a word, not an initial.
            return None;
        }
        push_folded(out, c);
        letters += 1;
        if char_at(text, after) != Some('.') {
            return (letters >= 2).then_some(after);
        }
        let next = after + 1;
        if !char_at(text, next).is_some_and(is_letter) {
            return (letters >= 2).then_some(next);
        }
        j = next;
    }
}

/// Words shorter than this keep their spelling in the key ([`skeletonize`]).
const SKELETON_MIN_LEN: usize = 5;

/// Rewrites a folded word into its spelling-tolerant skeleton, in place. Only long alphabetic
/// ASCII words change: short words are too easily confused with one another. Every step keeps
/// the word at least four letters long, so a key read again is its own key.
fn skeletonize(word: &mut Vec<u8>) {
    const MIN_LEN: usize = SKELETON_MIN_LEN;
    if word.len() < MIN_LEN {
        return;
    }
    // One look at the letters decides which of the steps below can apply (every word of a
    // corpus goes through here).
    let y_as_i = |b: u8| if b == b'y' { b'i' } else { b };
    let (mut doubled, mut has_y, mut has_z, mut prev) = (0, false, false, 0u8);
    for &b in word.iter() {
        if !b.is_ascii_lowercase() {
            return;
        }
        has_y |= b == b'y';
        has_z |= b == b'z';
        doubled += usize::from(y_as_i(b) == prev);
        prev = y_as_i(b);
    }
    if has_y {
        for b in word.iter_mut() {
            *b = y_as_i(*b);
        }
    }
    // Doubled letters: `Zelenskyy` / `Zelensky`, `travelled` / `traveled`.
    if doubled > 0 && word.len() - doubled >= MIN_LEN {
        word.dedup();
    }
    // -ize / -ise, -yze / -yse, -ization / -isation: a `z` between `i` (or `y`) and a vowel.
    if has_z {
        for i in 1..word.len().saturating_sub(1) {
            if word[i] == b'z' && word[i - 1] == b'i' && matches!(word[i + 1], b'a' | b'e' | b'i') {
                word[i] = b's';
            }
        }
    }
    // Plurals: `countries` / `country` (both `countri` after y → i), `agreements` / `agreement`.
    if word.last() == Some(&b's') {
        if word.ends_with(b"ies")
            || word.ends_with(b"ches")
            || word.ends_with(b"shes")
            || word.ends_with(b"xes")
        {
            word.truncate(word.len() - 2);
        } else if !word.ends_with(b"ss")
            && !word.ends_with(b"us")
            && !word.ends_with(b"is")
            && !is_honorific(&word[..word.len() - 1])
        {
            word.pop();
        }
    }
    // British -our and -tre: `honour(ed)` / `honor(ed)`, `centre` / `center`.
    if !matches!(word.last(), Some(b'r' | b'd' | b'g' | b'e')) {
        return;
    }
    for suffix in [
        &b"our"[..],
        b"oured",
        b"ouring",
        b"ourite",
        b"ourable",
        b"ourer",
    ] {
        if word.ends_with(suffix) && word.len() > suffix.len() + 1 {
            let at = word.len() - suffix.len() + 1;
            word.remove(at);
            break;
        }
    }
    if word.len() > 4 && word.ends_with(b"tre") {
        let n = word.len();
        word[n - 2] = b'e';
        word[n - 1] = b'r';
    }
}

/// FNV-1a, folded to 32 bits: a cheap, stable hash for keys (stable across runs and machines,
/// which a cache of keys will need).
/// The hashes of the folded forms of the words of `text`, in order ([`fold_word`]): two texts
/// with equal sequences have the same words, up to case, diacritics, punctuation and spacing.
pub fn folded_hashes(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    scan_words(text, |_, folded| out.push(hash_bytes(folded)));
    out
}

fn hash_bytes(bytes: &[u8]) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
}

/// The words of `text` as detection tokens, in order, with their byte spans.
///
/// # Examples
/// ```
/// use crossread::detect::normalize::tokenize;
/// let a = tokenize("Mr. Zelenskyy’s U.N. speech");
/// let b = tokenize("Zelenskiy's UN speeches");
/// let keys = |t: &[crossread::detect::normalize::Token]| t.iter().map(|t| t.key()).collect::<Vec<_>>();
/// assert_eq!(keys(&a), keys(&b));
/// // The honorific is not a token; spans point at the words as written.
/// assert_eq!(a[0].byte_span(), 4..13);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let mut skeleton = Vec::with_capacity(32);
    scan_words(text, |span, folded| {
        let (Ok(byte_start), Ok(byte_end)) = (u32::try_from(span.start), u32::try_from(span.end))
        else {
            return;
        };
        let is_content = !is_function_bytes(folded);
        let key = if folded.len() < SKELETON_MIN_LEN {
            hash_bytes(folded)
        } else {
            skeleton.clear();
            skeleton.extend_from_slice(folded);
            skeletonize(&mut skeleton);
            hash_bytes(&skeleton)
        };
        tokens.push(Token::new(byte_start, byte_end, key, is_content));
    });
    // The guess above is close but can fall short, and a doubled vector would hold up to twice
    // the tokens of every article of a corpus at once.
    tokens.shrink_to_fit();
    tokens
}

/// The words of `text` with their folded forms and keys as strings (see [`tokenize`]).
///
/// # Examples
/// ```
/// use crossread::detect::normalize::words;
/// let keys: Vec<String> = words("Sergei Lavrov’s “honour”, the U.S.-led centre")
///     .into_iter()
///     .map(|w| w.key)
///     .collect();
/// assert_eq!(keys, ["sergei", "lavrov", "honor", "the", "us", "led", "center"]);
/// ```
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    scan_words(text, |byte_span, folded| {
        let folded_text = String::from_utf8_lossy(folded).into_owned();
        let mut skeleton = folded.to_vec();
        skeletonize(&mut skeleton);
        out.push(Word {
            byte_span,
            is_content: !is_function_word(&folded_text),
            key: String::from_utf8_lossy(&skeleton).into_owned(),
            folded: folded_text,
        });
    });
    out
}

/// The folded form of one word: lower case, diacritics and compatibility forms folded, dots of
/// initials and inner apostrophes dropped, a possessive `'s` removed. Empty for an honorific or
/// for text without a word.
///
/// # Examples
/// ```
/// use crossread::detect::normalize::fold_word;
/// assert_eq!(fold_word("Zelenskyy’s"), "zelenskyy");
/// assert_eq!(fold_word("U.N."), "un");
/// assert_eq!(fold_word("Ａｌｌｅ́"), "alle");
/// assert_eq!(fold_word("Straße"), "strasse");
/// ```
pub fn fold_word(word: &str) -> String {
    words(word)
        .into_iter()
        .next()
        .map(|w| w.folded)
        .unwrap_or_default()
}

/// The spelling-tolerant key of one word: [`fold_word`], then for words of five letters or more
/// `y` → `i`, `-ize` → `-ise`, a plural `s` dropped, British `-our`/`-tre` read as `-or`/`-ter`, and
/// doubled letters collapsed.
///
/// # Examples
/// ```
/// use crossread::detect::normalize::word_key;
/// assert_eq!(word_key("Zelensky"), word_key("Zelenskyy"));
/// assert_eq!(word_key("Zelenskiy"), "zelenski");
/// assert_eq!(word_key("Sergey"), word_key("Sergei"));
/// assert_eq!(word_key("organisation"), word_key("organization"));
/// // Short words keep their spelling: `Kyiv` is not `Kiev`, `US` is `us`.
/// assert_eq!(word_key("Kyiv"), "kyiv");
/// ```
pub fn word_key(word: &str) -> String {
    words(word)
        .into_iter()
        .next()
        .map(|w| w.key)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.key).collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        words(text)
            .into_iter()
            .map(|w| &text[w.byte_span])
            .collect()
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(HONORIFICS.windows(2).all(|w| w[0] < w[1]));
        for w in FUNCTION_WORDS {
            assert!(is_function_bytes(w));
            assert!(!is_function_bytes(&[w, &b"x"[..]].concat()));
        }
        for w in HONORIFICS {
            assert!(is_honorific(w) && !is_function_bytes(w));
        }
        for w in ["", "thee", "ab", "mrx", "president", "tho"] {
            assert!(
                !is_function_bytes(w.as_bytes()) && !is_honorific(w.as_bytes()),
                "{w}"
            );
        }
    }

    #[test]
    fn transliterations_share_a_key() {
        assert_eq!(keys("Zelensky Zelenskiy Zelenskyy"), ["zelenski"; 3]);
        assert_eq!(keys("Sergey Sergei"), ["sergei"; 2]);
        assert_eq!(keys("Dmitry Dmitri Dmitriy"), ["dmitri"; 3]);
    }

    #[test]
    fn british_and_american_spellings_share_a_key() {
        assert_eq!(keys("recognise recognize"), ["recognise"; 2]);
        assert_eq!(keys("honoured honored"), ["honored"; 2]);
        assert_eq!(keys("centre center"), ["center"; 2]);
        assert_eq!(keys("travelled traveled"), ["traveled"; 2]);
        assert_eq!(keys("analyse analyze"), ["analise"; 2]);
    }

    #[test]
    fn dotted_abbreviations_collapse() {
        assert_eq!(keys("U.N. UN U.S. US"), ["un", "un", "us", "us"]);
        assert_eq!(
            spans("the U.S.-led alliance"),
            ["the", "U.S.", "led", "alliance"]
        );
        assert_eq!(keys("e.g. 5 p.m."), ["eg", "5", "pm"]);
        // A single initial is a word of its own, and its dot ends it.
        assert_eq!(spans("Donald J. Trump"), ["Donald", "J", "Trump"]);
    }

    #[test]
    fn possessives_and_apostrophes() {
        assert_eq!(keys("Lavrov's Lavrov’s Lavrovʼs"), ["lavrov"; 3]);
        assert_eq!(spans("Zelenskiy's term"), ["Zelenskiy", "term"]);
        assert_eq!(keys("don't O’Brien leaders'"), ["dont", "obrien", "leader"]);
    }

    #[test]
    fn case_diacritics_and_compatibility_forms_fold() {
        assert_eq!(keys("KYIV Kyiv kyiv"), ["kyiv"; 3]);
        assert_eq!(keys("Zaporizhzhia Zapórizhzhia"), ["zaporizhzhia"; 2]);
        assert_eq!(keys("ﬁnal final"), ["final"; 2]);
        assert_eq!(keys("Ｒｕｓｓｉａ Russia"), ["rusia"; 2]);
        // Decomposed accents stay inside their word.
        assert_eq!(spans("cafe\u{301} noir"), ["cafe\u{301}", "noir"]);
        assert_eq!(fold_word("cafe\u{301}"), "cafe");
    }

    #[test]
    fn quotes_dashes_and_hyphens_split_words() {
        assert_eq!(
            keys("“road to nowhere” — 'road to nowhere' -- Russia-Ukraine"),
            [
                "road", "to", "nowhere", "road", "to", "nowhere", "rusia", "ukraine"
            ]
        );
    }

    #[test]
    fn honorifics_are_not_words() {
        assert_eq!(keys("Mr Lavrov"), keys("Lavrov"));
        assert_eq!(
            keys("Mr. Lavrov and Mrs. Smith"),
            ["lavrov", "and", "smith"]
        );
    }

    #[test]
    fn numbers_keep_decimals_and_drop_separators() {
        assert_eq!(
            keys("27.5% of 1,000 in 2022."),
            ["27.5", "of", "1000", "in", "2022"]
        );
    }

    #[test]
    fn content_words_are_marked() {
        let marks: Vec<bool> = words("The legitimacy of the person")
            .iter()
            .map(|w| w.is_content)
            .collect();
        assert_eq!(marks, [false, true, false, false, true]);
    }

    #[test]
    fn tokens_and_words_agree() {
        let text = "Mr. Zelenskyy’s U.N. speech, in Kyiv — 27.5%!";
        let tokens = tokenize(text);
        let words = words(text);
        assert_eq!(tokens.len(), words.len());
        for (t, w) in tokens.iter().zip(&words) {
            assert_eq!(t.byte_span(), w.byte_span);
            assert_eq!(t.key(), hash_bytes(w.key.as_bytes()) & !CONTENT_BIT);
            assert_eq!(t.is_content(), w.is_content);
        }
    }

    #[test]
    fn unspaced_scripts_are_one_word_per_character() {
        assert_eq!(spans("東京 news"), ["東", "京", "news"]);
    }

    proptest! {
        #[test]
        fn spans_lie_on_boundaries_in_order(text in "\\PC{0,200}|[a-zA-Z.'’ -]{0,200}") {
            // Non-decreasing starts: a compatibility character may fold into two words that
            // share its span.
            let mut last = 0;
            for w in words(&text) {
                prop_assert!(w.byte_span.start >= last);
                prop_assert!(w.byte_span.start < w.byte_span.end);
                prop_assert!(text.is_char_boundary(w.byte_span.start));
                prop_assert!(text.is_char_boundary(w.byte_span.end));
                prop_assert!(!w.key.is_empty());
                last = w.byte_span.start;
            }
        }

        #[test]
        fn normalizing_keys_again_changes_nothing(text in "\\PC{0,200}|[a-zA-Z.'’ -]{0,200}") {
            let keys: Vec<String> = words(&text).into_iter().map(|w| w.key).collect();
            let joined = keys.join(" ");
            let again: Vec<String> = words(&joined).into_iter().map(|w| w.key).collect();
            prop_assert_eq!(again, keys);
        }
    }
}
