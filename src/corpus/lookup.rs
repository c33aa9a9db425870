//! Finding an article from what a person types for it: its file name, the start of it, its stem,
//! its outlet or its title, or something close to one of them. `crossread compare 001 003`,
//! `compare "The Irish Times" 003_36cbbe6c1411a271` and `compare "irish tims" 003` all name two
//! articles; a name that fits several, or none, says which ones it could have meant.
//!
//! Paths on disk are left to the caller (the binary resolves `seeds/x.txt` against the corpus
//! folder first); this module only compares strings.

use crate::corpus::{Article, ArticleId};

/// What a name typed by a person points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly one article.
    Found(ArticleId),
    /// Several articles fit equally well (corpus order).
    Ambiguous(Vec<ArticleId>),
    /// None fits; these come close (best first, at most [`MAX_SUGGESTIONS`]).
    Unknown(Vec<ArticleId>),
}

/// How many near misses [`Lookup::Unknown`] offers.
pub const MAX_SUGGESTIONS: usize = 3;

/// Finds the article `query` names, trying the ways a person names one from the most exact to
/// the loosest, and stopping at the first that fits any article:
///
/// 1. the name as listed (`001_0d4e60a693cd02cb.txt`, `/`-separated), exactly;
/// 2. the name without its extension (`001_0d4e60a693cd02cb`), or the name in another case;
/// 3. the outlet or the title, ignoring case and runs of white space;
/// 4. the start of the name (`001`);
/// 5. a part of the outlet or title (`irish times`).
///
/// Past those it suggests the articles whose stem, outlet or title holds something within a
/// few typing mistakes of `query`.
///
/// # Examples
/// ```
/// use crossread::corpus::lookup::{Lookup, find};
/// use crossread::{Article, ArticleId, Config};
/// let config = Config::default();
/// let articles = vec![
///     Article::from_bytes(ArticleId(0), "001_abc.txt", b"Lavrov speaks", &config),
///     Article::from_bytes(ArticleId(1), "002_def.txt", b"Summit in doubt", &config),
/// ];
/// assert_eq!(find(&articles, "002"), Lookup::Found(ArticleId(1)));
/// assert_eq!(find(&articles, "summit in doubt"), Lookup::Found(ArticleId(1)));
/// assert_eq!(find(&articles, "00"), Lookup::Ambiguous(vec![ArticleId(0), ArticleId(1)]));
/// assert_eq!(find(&articles, "Lavorv"), Lookup::Unknown(vec![ArticleId(0)]));
/// ```
pub fn find(articles: &[Article], query: &str) -> Lookup {
    let query_name = query.trim().replace('\\', "/");
    let folded = fold(query);
    if folded.is_empty() {
        return Lookup::Unknown(Vec::new());
    }
    let tiers: [&dyn Fn(&Article) -> bool; 5] = [
        &|a| a.name == query_name,
        &|a| fold(stem(&a.name)) == folded || fold(&a.name) == folded,
        &|a| fold(&a.outlet) == folded || fold(&a.title) == folded,
        &|a| fold(&a.name).starts_with(&folded),
        &|a| fold(&a.outlet).contains(&folded) || fold(&a.title).contains(&folded),
    ];
    for fits in tiers {
        let found: Vec<ArticleId> = articles.iter().filter(|a| fits(a)).map(|a| a.id).collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Lookup::Found(*one),
            _ => return Lookup::Ambiguous(found),
        }
    }
    Lookup::Unknown(suggestions(articles, &folded))
}

/// The articles with a stem, outlet or title holding something within a few edits of `folded`
/// (about one edit per three characters typed), closest first.
fn suggestions(articles: &[Article], folded: &str) -> Vec<ArticleId> {
    let query: Vec<char> = folded.chars().collect();
    let allowed = (query.len() / 3).max(1);
    let mut near: Vec<(usize, ArticleId)> = articles
        .iter()
        .filter_map(|a| {
            let best = [stem(&a.name), a.outlet.as_str(), a.title.as_str()]
                .into_iter()
                .map(|field| distance_within(&query, &fold(field)))
                .min()?;
            (best <= allowed).then_some((best, a.id))
        })
        .collect();
    near.sort();
    near.into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

/// The fewest edits (insert, delete or change one character) that turn `query` into some
/// part of `text`: Sellers' variant of the Levenshtein distance, where the part may start and
/// end anywhere at no cost.
fn distance_within(query: &[char], text: &str) -> usize {
    let text: Vec<char> = text.chars().collect();
    // previous[j]: the distance of the query so far against a part of text ending at j.
    let mut previous = vec![0usize; text.len() + 1];
    for (i, q) in query.iter().enumerate() {
        let mut current = vec![i + 1; text.len() + 1];
        for (j, t) in text.iter().enumerate() {
            let change = previous[j] + usize::from(q != t);
            current[j + 1] = change.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous.into_iter().min().unwrap_or(query.len())
}

/// The name without its extension.
fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => stem,
        _ => name,
    }
}

/// Lower case, runs of white space as one space, no white space at the ends.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .flat_map(|word| std::iter::once(' ').chain(word.chars().flat_map(char::to_lowercase)))
        .skip(1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, SourceMeta};

    fn corpus() -> Vec<Article> {
        let config = Config {
            sources: vec![
                SourceMeta {
                    file: "002_bf92.txt".into(),
                    outlet: Some("The Irish Times".into()),
                    ..SourceMeta::default()
                },
                SourceMeta {
                    file: "004_658e.txt".into(),
                    outlet: Some("The Times".into()),
                    ..SourceMeta::default()
                },
            ],
            ..Config::default()
        };
        [
            ("001_0d4e.txt", "Lavrov pours cold water on a summit"),
            ("002_bf92.txt", "Putin ready to meet, Kremlin says"),
            ("003_36cb.md", "Zelenskyy in Washington"),
            ("004_658e.txt", "Summit talks stall"),
            ("sub/010_aa.txt", "Inside a folder"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (name, text))| {
            Article::from_bytes(ArticleId(i as u32), name, text.as_bytes(), &config)
        })
        .collect()
    }

    fn id(i: u32) -> ArticleId {
        ArticleId(i)
    }

    #[test]
    fn each_way_of_naming_an_article_finds_it() {
        let articles = corpus();
        for (query, expected) in [
            ("001_0d4e.txt", 0),
            ("001_0d4e", 0),
            ("001_0D4E.TXT", 0),
            ("003_36cb", 2),
            ("001", 0),
            ("sub/010", 4),
            ("sub\\010_aa.txt", 4),
            ("The Irish Times", 1),
            ("  the   irish TIMES ", 1),
            ("irish", 1),
            ("Zelenskyy in Washington", 2),
            ("washington", 2),
        ] {
            assert_eq!(
                find(&articles, query),
                Lookup::Found(id(expected)),
                "{query}"
            );
        }
    }

    #[test]
    fn an_exact_outlet_wins_over_one_it_is_part_of() {
        let articles = corpus();
        assert_eq!(find(&articles, "the times"), Lookup::Found(id(3)));
        assert_eq!(
            find(&articles, "times"),
            Lookup::Ambiguous(vec![id(1), id(3)])
        );
    }

    #[test]
    fn a_name_several_articles_start_with_is_ambiguous() {
        assert_eq!(
            find(&corpus(), "00"),
            Lookup::Ambiguous(vec![id(0), id(1), id(2), id(3)])
        );
        assert_eq!(
            find(&corpus(), "summit"),
            Lookup::Ambiguous(vec![id(0), id(3)])
        );
    }

    #[test]
    fn a_near_miss_suggests_the_closest() {
        let articles = corpus();
        assert_eq!(find(&articles, "Irish Tims"), Lookup::Unknown(vec![id(1)]));
        assert_eq!(find(&articles, "zelenksyy"), Lookup::Unknown(vec![id(2)]));
        assert_eq!(find(&articles, "001_0d4f"), Lookup::Unknown(vec![id(0)]));
        assert_eq!(find(&articles, "nothing like it"), Lookup::Unknown(vec![]));
        assert_eq!(find(&articles, "   "), Lookup::Unknown(vec![]));
        assert_eq!(find(&[], "001"), Lookup::Unknown(vec![]));
    }

    #[test]
    fn distance_within_lets_the_part_start_and_end_anywhere() {
        let q = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance_within(&q("irish"), "the irish times"), 0);
        assert_eq!(distance_within(&q("irsh"), "the irish times"), 1);
        assert_eq!(distance_within(&q("abc"), ""), 3);
        assert_eq!(distance_within(&q(""), "abc"), 0);
    }
}
