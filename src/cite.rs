//! Quotes with their citation: the text a reader copies out of crossread, with where it came
//! from (outlet, title, date, file and line, url), in the format `config.toml` gives
//! (`[cite] format`, [`crate::config::cite`]). The reader copies it to the clipboard; this
//! module only makes the text.

use std::ops::Range;

use crate::corpus::{Article, Corpus};
use crate::detect::reuse::{Cluster, Reuse};

pub use crate::config::cite::{DEFAULT_FORMAT, FIELDS, Fields, Template};

/// The fields of `byte_span` of `article`'s text; `None` when the span is not in the text.
pub fn fields_of(article: &Article, byte_span: Range<usize>) -> Option<Fields> {
    let text = article.text();
    let quote = text.get(byte_span.clone())?;
    let line = text[..byte_span.start].matches('\n').count() + 1;
    Some(Fields {
        quote: quote.split_whitespace().collect::<Vec<_>>().join(" "),
        outlet: article.outlet.clone(),
        title: article.title.clone(),
        date: article.date.clone(),
        file: article.name.clone(),
        line,
        url: None,
    })
}

/// The citation of `byte_span` of `article` in `template`'s format.
pub fn cite(template: &Template, article: &Article, byte_span: Range<usize>) -> Option<String> {
    fields_of(article, byte_span).map(|f| template.render(&f))
}

/// The passage of `cluster` as every article carrying it has it, one citation each, a blank
/// line between them.
pub fn cite_everywhere(template: &Template, corpus: &Corpus, cluster: &Cluster) -> String {
    cluster
        .members
        .iter()
        .filter_map(|m| cite(template, corpus.article(m.article)?, m.byte_span.clone()))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The cluster carrying the text at `byte_offset` of `article`, if any.
pub fn cluster_at(
    reuse: &Reuse,
    article: crate::corpus::ArticleId,
    byte_offset: usize,
) -> Option<&Cluster> {
    reuse.clusters.iter().find(|c| {
        c.members
            .iter()
            .any(|m| m.article == article && m.byte_span.contains(&byte_offset))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    #[test]
    fn fields_come_from_the_article_on_one_line() {
        let corpus = Corpus::from_texts([("a.txt", "Title line\n\nThe talks\nstalled today.")]);
        let article = &corpus.articles[0];
        let at = article.text().find("The talks").unwrap();
        let f = fields_of(article, at..article.text().len()).unwrap();
        assert_eq!(f.quote, "The talks stalled today.");
        assert_eq!(
            (f.line, f.file.as_str(), f.title.as_str()),
            (3, "a.txt", "Title line")
        );
        assert!(fields_of(article, 0..999).is_none());
    }
}
