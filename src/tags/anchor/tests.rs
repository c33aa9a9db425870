use super::*;
use proptest::prelude::*;

fn decoded(text: &str) -> DecodedText {
    DecodedText::decode(text.as_bytes())
}

/// `"before [[quote]] after"` → the text without brackets and the span of the quote.
fn marked(s: &str) -> (String, Range<usize>) {
    let start = s.find("[[").expect("a [[ mark");
    let end = s.find("]]").expect("a ]] mark") - 2;
    (s.replace("[[", "").replace("]]", ""), start..end)
}

fn anchor(s: &str) -> TagAnchor {
    let (text, span) = marked(s);
    TagAnchor::new(&decoded(&text), span).unwrap()
}

fn resolved(anchor: &TagAnchor, s: &str) -> Resolution {
    anchor.resolve(&decoded(s))
}

fn expect_at(anchor: &TagAnchor, s: &str) -> Resolution {
    let (text, span) = marked(s);
    let got = anchor.resolve(&decoded(&text));
    assert_eq!(got.byte_span(), Some(span.clone()), "in {s:?}: {got:?}");
    got
}

const ARTICLE: &str = "Moscow said on Thursday that any summit must be prepared \
    step by step. [[Russia's foreign minister Sergei Lavrov said Putin was ready to meet \
    Zelensky once the work had been done.]] Kyiv called the demand a delay tactic.";

#[test]
fn unchanged_text_resolves_exactly_at_the_hint() {
    let a = anchor(ARTICLE);
    let (text, span) = marked(ARTICLE);
    assert_eq!(resolved(&a, &text), Resolution::Exact { byte_span: span });
}

#[test]
fn text_inserted_before_moves_the_tag() {
    let a = anchor(ARTICLE);
    let edited = format!("BREAKING: a paragraph added above.\n\n{ARTICLE}");
    assert!(matches!(expect_at(&a, &edited), Resolution::Exact { .. }));
}

#[test]
fn typo_fixed_inside_the_quote_is_fuzzy() {
    let a = anchor(ARTICLE);
    let edited = ARTICLE
        .replace("Zelensky once", "Zelenskyy once")
        .replace("foreign", "Foreign");
    let Resolution::Fuzzy { similarity, .. } = expect_at(&a, &edited) else {
        panic!("expected a fuzzy match");
    };
    assert!(similarity > 0.95 && similarity < 1.0, "{similarity}");
}

#[test]
fn words_changed_inside_and_text_inserted_above() {
    let a = anchor(ARTICLE);
    let edited = format!(
        "Editor's note: updated.\n{}",
        ARTICLE.replace("was ready to meet", "is ready to meet")
    );
    assert!(matches!(expect_at(&a, &edited), Resolution::Fuzzy { .. }));
}

#[test]
fn article_rewritten_around_the_quote_still_finds_it() {
    let a = anchor(ARTICLE);
    let rewritten = "A completely new lede about the war. Then: [[Russia's foreign minister \
        Sergei Lavrov said Putin was ready to meet Zelensky once the work had been done.]] \
        And a new ending too.";
    assert!(matches!(expect_at(&a, rewritten), Resolution::Exact { .. }));
}

#[test]
fn rewritten_quote_is_an_orphan() {
    let a = anchor(ARTICLE);
    let edited = ARTICLE.replace(
        "Russia's foreign minister Sergei Lavrov said Putin was ready to meet Zelensky once the work had been done.",
        "Lavrov spoke briefly.",
    );
    assert_eq!(resolved(&a, &edited), Resolution::Orphan);
    assert_eq!(resolved(&a, ""), Resolution::Orphan);
}

#[test]
fn repeated_quote_is_told_apart_by_context() {
    let a = anchor("Lavrov said no. Putin said [[no.]] Trump said no.");
    // Text inserted above shifts every occurrence; the one after "Putin said" wins.
    expect_at(
        &a,
        "New line.\nLavrov said no. Putin said [[no.]] Trump said no.",
    );
    // Without context to go by, the nearest to the hint.
    let bare = anchor("no. [[no.]] no.");
    expect_at(&bare, "no. [[no.]] no.");
}

#[test]
fn exact_copy_out_of_context_loses_to_the_edited_passage_in_context() {
    let a = anchor("Lede. [[Putin said the talks were useful]] and left. Footer.");
    let edited = "Putin said the talks were useful. Lede. [[Putin said the talks were quite useful]] and left. Footer.";
    assert!(matches!(expect_at(&a, edited), Resolution::Fuzzy { .. }));
}

#[test]
fn caption_printed_twice_with_a_typo_fixed_in_the_tagged_copy_keeps_the_tag_there() {
    // Regression: the tag moved, "exact", to the first copy, which still had the typo.
    let caption = "Photo: the mayor opens the new bridge over the river, Mondy.";
    // The same photo block twice, with the same credit lines around it.
    let block = |c: &str| {
        format!("PHOTO (Reuters/Jane Smith, pool)\n{c}\nStory continues below the photo.")
    };
    let original = format!(
        "Bridge opens.\n\n{}\n\nThe city council met on Monday to open it. Crowds came.\n\n{}\n\nMore on page two.",
        block(caption),
        block(&format!("[[{caption}]]"))
    );
    let a = anchor(&original);
    let fixed = original.replacen(
        "[[Photo: the mayor opens the new bridge over the river, Mondy.]]",
        "[[Photo: the mayor opens the new bridge over the river, Monday.]]",
        1,
    );
    assert!(matches!(expect_at(&a, &fixed), Resolution::Fuzzy { .. }));
    // Unchanged text: still the second copy, exactly.
    assert!(matches!(expect_at(&a, &original), Resolution::Exact { .. }));
}

#[test]
fn stored_offsets_of_non_utf8_articles_are_converted() {
    // "café" stored as Windows-1252: 'é' is one stored byte but two text bytes.
    let stored = b"caf\xe9 society. The quote here. End.";
    let text = DecodedText::decode(stored);
    let start = text.text.find("The quote").unwrap();
    let anchor = TagAnchor::new(&text, start..start + 15).unwrap();
    assert_eq!(anchor.stored_span, start - 1..start + 14);
    assert_eq!(
        anchor.resolve(&text),
        Resolution::Exact {
            byte_span: start..start + 15
        }
    );
}

#[test]
fn overlapping_occurrences_are_all_candidates() {
    // Regression: "éé" inside "ééé" at its second place, with text cut above.
    let a = anchor("x yz ab é[[éé]] cd");
    expect_at(&a, "yz ab é[[éé]] cd");
    assert_eq!(occurrences("ééé", "éé").collect::<Vec<_>>(), [0, 2]);
    assert_eq!(occurrences("abc", "").count(), 0);
}

#[test]
fn bad_spans_make_no_anchor_and_empty_quotes_follow_context() {
    let text = decoded("é abc");
    assert!(TagAnchor::new(&text, 1..3).is_none());
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = 3..2;
    assert!(TagAnchor::new(&text, backwards).is_none());
    assert!(TagAnchor::new(&text, 0..99).is_none());
    let empty = TagAnchor::new(&text, 3..3).unwrap();
    assert_eq!(empty.resolve(&text), Resolution::Exact { byte_span: 3..3 });
    assert_eq!(
        empty.resolve(&decoded("xx é abc")),
        Resolution::Exact { byte_span: 6..6 }
    );
    assert_eq!(empty.resolve(&decoded("zzz")), Resolution::Orphan);
}

#[test]
#[allow(clippy::reversed_empty_ranges)]
fn wild_hints_never_panic() {
    let mut a = anchor("ab [[cé]] d");
    for hint in [0..0, 4..3, 3..4, 5..99, usize::MAX - 1..usize::MAX] {
        a.stored_span = hint;
        let _ = resolved(&a, "x cé d");
        let _ = resolved(&a, "");
        let _ = resolved(&a, "éééééééééé");
    }
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// Text from a small alphabet (so quotes repeat) with some multi-byte characters.
fn article_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-e é\n’]{1,120}").expect("a valid regex")
}

proptest! {
    #[test]
    fn resolve_of_anchor_is_the_span(text in article_text(), a in 0usize..200, b in 0usize..200) {
        let bounds = char_boundaries(&text);
        let (start, end) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
        let span = start.min(end)..start.max(end);
        let d = decoded(&text);
        let anchor = TagAnchor::new(&d, span.clone()).unwrap();
        prop_assert_eq!(anchor.resolve(&d), Resolution::Exact { byte_span: span });
    }

    /// After an edit outside the quote and its context, the tag is found at its shifted
    /// span, or at a place the anchor cannot tell from it (same quote, same context).
    #[test]
    fn resolve_survives_edits_elsewhere(
        text in article_text(),
        a in 0usize..200, len in 1usize..40, at in 0usize..200,
        inserted in "[a-e é\n]{0,30}", removed in 0usize..30,
    ) {
        let bounds = char_boundaries(&text);
        let start_i = a % bounds.len();
        let end_i = (start_i + len).min(bounds.len() - 1);
        prop_assume!(start_i < end_i);
        let span = bounds[start_i]..bounds[end_i];
        let d = decoded(&text);
        let anchor = TagAnchor::new(&d, span.clone()).unwrap();
        // The edit: replace `removed` chars at char index `at` with `inserted`, entirely
        // before the prefix or after the suffix.
        let ctx_lo = start_i.saturating_sub(CONTEXT_CHARS);
        let ctx_hi = (end_i + CONTEXT_CHARS).min(bounds.len() - 1);
        let at_i = at % bounds.len();
        let (edit_lo, edit_hi, shift) = if at_i <= ctx_lo {
            let hi = (at_i + removed).min(ctx_lo);
            (bounds[at_i], bounds[hi], true)
        } else if at_i >= ctx_hi {
            let hi = (at_i + removed).min(bounds.len() - 1);
            (bounds[at_i], bounds[hi], false)
        } else {
            return Ok(());
        };
        let edited = format!("{}{}{}", &text[..edit_lo], inserted, &text[edit_hi..]);
        let expected = if shift {
            let delta = inserted.len() as isize - (edit_hi - edit_lo) as isize;
            (span.start as isize + delta) as usize..(span.end as isize + delta) as usize
        } else {
            span.clone()
        };
        prop_assert_eq!(&edited[expected.clone()], anchor.quote.as_str());
        let got = anchor.resolve(&decoded(&edited));
        let Resolution::Exact { byte_span } = got else {
            return Err(TestCaseError::fail(format!("not exact: {got:?}")));
        };
        if byte_span != expected {
            let context = |s: &Range<usize>| {
                let before: String = edited[..s.start].chars().rev().take(anchor.prefix.chars().count()).collect();
                let after: String = edited[s.end..].chars().take(anchor.suffix.chars().count()).collect();
                (before, after)
            };
            prop_assert_eq!(&edited[byte_span.clone()], anchor.quote.as_str());
            prop_assert_eq!(context(&byte_span), context(&expected));
        }
    }
}
