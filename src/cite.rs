//! Quotes with their citation: the text a reader copies out of crossread, with where it came
//! from (outlet, title, date, file and line, url), in a format `config.toml` can change
//! (`[cite] format`). The reader copies it to the clipboard; this module only makes the text.
//!
//! A format is text with placeholders, `{quote}`, `{outlet}`, `{title}`, `{date}`, `{file}`,
//! `{line}` and `{url}`, and optional groups in square brackets, left out when a placeholder
//! inside has no value (an article without a date or url): `[, {date}]`. `{{`, `}}`, `[[` and
//! `]]` stand for the characters themselves.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Deserializer};

use crate::corpus::{Article, Corpus};
use crate::detect::reuse::{Cluster, Reuse};

/// The format used when `config.toml` names none.
pub const DEFAULT_FORMAT: &str =
    "“{quote}” — {outlet}, “{title}”[, {date}], {file}:{line}[, {url}]";

/// What a placeholder may name.
pub const FIELDS: [&str; 7] = ["quote", "outlet", "title", "date", "file", "line", "url"];

/// One piece of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// An index into [`FIELDS`].
    Field(usize),
    /// Left out whole when a field inside has no value.
    Optional(Vec<Part>),
}

/// A parsed citation format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

impl Default for Template {
    fn default() -> Self {
        // The default format is a constant this module's tests parse.
        Template::parse(DEFAULT_FORMAT).unwrap_or(Template {
            source: String::new(),
            parts: Vec::new(),
        })
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // The TOML reader puts the value's line and column on this error.
        Template::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Template {
    /// Parses a format.
    ///
    /// # Examples
    /// ```
    /// use crossread::cite::{Fields, Template};
    /// let t = Template::parse("{quote} ({outlet}[, {date}])").unwrap();
    /// let mut fields = Fields { quote: "Talks stalled.".into(), outlet: "AFP".into(), ..Fields::default() };
    /// assert_eq!(t.render(&fields), "Talks stalled. (AFP)");
    /// fields.date = Some("2025-08-21".into());
    /// assert_eq!(t.render(&fields), "Talks stalled. (AFP, 2025-08-21)");
    /// assert!(Template::parse("{qoute}").unwrap_err().contains("quote, outlet"));
    /// ```
    ///
    /// # Errors
    /// A sentence naming an unknown placeholder (and the known ones), or an unclosed `{` or `[`.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut stack: Vec<Vec<Part>> = vec![Vec::new()];
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        let flush = |literal: &mut String, stack: &mut Vec<Vec<Part>>| {
            if !literal.is_empty()
                && let Some(top) = stack.last_mut()
            {
                top.push(Part::Text(std::mem::take(literal)));
            }
        };
        while let Some(c) = chars.next() {
            match c {
                '{' | '}' | '[' | ']' if chars.peek() == Some(&c) => {
                    chars.next();
                    literal.push(c);
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for n in chars.by_ref() {
                        if n == '}' {
                            closed = true;
                            break;
                        }
                        name.push(n);
                    }
                    if !closed {
                        return Err(format!("unclosed `{{{name}` in the citation format"));
                    }
                    let index = FIELDS.iter().position(|f| *f == name.trim()).ok_or_else(|| {
                        format!(
                            "unknown placeholder `{{{name}}}` in the citation format, expected one of {}",
                            FIELDS.join(", ")
                        )
                    })?;
                    flush(&mut literal, &mut stack);
                    if let Some(top) = stack.last_mut() {
                        top.push(Part::Field(index));
                    }
                }
                '[' => {
                    flush(&mut literal, &mut stack);
                    stack.push(Vec::new());
                }
                ']' => {
                    flush(&mut literal, &mut stack);
                    if stack.len() < 2 {
                        return Err(
                            "`]` without `[` in the citation format (`]]` for the character)"
                                .to_owned(),
                        );
                    }
                    let group = stack.pop().unwrap_or_default();
                    if let Some(top) = stack.last_mut() {
                        top.push(Part::Optional(group));
                    }
                }
                '}' => {
                    return Err(
                        "`}` without `{` in the citation format (`}}` for the character)"
                            .to_owned(),
                    );
                }
                c => literal.push(c),
            }
        }
        flush(&mut literal, &mut stack);
        if stack.len() != 1 {
            return Err("unclosed `[` in the citation format (`[[` for the character)".to_owned());
        }
        Ok(Template {
            source: text.to_owned(),
            parts: stack.pop().unwrap_or_default(),
        })
    }

    /// The citation of `fields`.
    pub fn render(&self, fields: &Fields) -> String {
        let mut out = String::new();
        render_parts(&self.parts, fields, &mut out);
        out
    }
}

/// Writes `parts`; false when a field has no value (the caller drops an optional group).
fn render_parts(parts: &[Part], fields: &Fields, out: &mut String) -> bool {
    let mut complete = true;
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Field(i) => match fields.value(*i) {
                Some(value) if !value.is_empty() => out.push_str(&value),
                _ => complete = false,
            },
            Part::Optional(group) => {
                let mut inner = String::new();
                if render_parts(group, fields, &mut inner) {
                    out.push_str(&inner);
                }
            }
        }
    }
    complete
}

/// What a citation may say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The quoted text, on one line.
    pub quote: String,
    /// The outlet.
    pub outlet: String,
    /// The article's title.
    pub title: String,
    /// Its date, if known.
    pub date: Option<String>,
    /// Its file, relative to the corpus folder.
    pub file: String,
    /// The line the quote starts on (from 1).
    pub line: usize,
    /// Where it was published, if known.
    pub url: Option<String>,
}

impl Fields {
    /// The fields of `byte_span` of `article`'s text; `None` when the span is not in the text.
    pub fn of(article: &Article, byte_span: Range<usize>) -> Option<Fields> {
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

    fn value(&self, index: usize) -> Option<String> {
        match *FIELDS.get(index)? {
            "quote" => Some(self.quote.clone()),
            "outlet" => Some(self.outlet.clone()),
            "title" => Some(self.title.clone()),
            "date" => self.date.clone(),
            "file" => Some(self.file.clone()),
            "line" => Some(self.line.to_string()),
            "url" => self.url.clone(),
            _ => None,
        }
    }
}

/// The citation of `byte_span` of `article` in `template`'s format.
pub fn cite(template: &Template, article: &Article, byte_span: Range<usize>) -> Option<String> {
    Fields::of(article, byte_span).map(|f| template.render(&f))
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

    fn fields() -> Fields {
        Fields {
            quote: "Putin has repeatedly raised doubts".into(),
            outlet: "Reuters".into(),
            title: "Russia says".into(),
            date: None,
            file: "003.txt".into(),
            line: 27,
            url: None,
        }
    }

    #[test]
    fn the_default_format_parses_and_leaves_out_what_is_unknown() {
        let t = Template::default();
        assert_eq!(t.to_string(), DEFAULT_FORMAT);
        assert_eq!(
            t.render(&fields()),
            "“Putin has repeatedly raised doubts” — Reuters, “Russia says”, 003.txt:27"
        );
        let mut f = fields();
        f.date = Some("2025-08-21".into());
        f.url = Some("https://example.org/a".into());
        assert_eq!(
            t.render(&f),
            "“Putin has repeatedly raised doubts” — Reuters, “Russia says”, 2025-08-21, 003.txt:27, https://example.org/a"
        );
    }

    #[test]
    fn doubled_brackets_are_characters_and_bad_formats_say_why() {
        let t = Template::parse("{{{outlet}}} [[{line}]] [x {url}]").unwrap();
        assert_eq!(t.render(&fields()), "{Reuters} [27] ");
        for (bad, says) in [
            ("{nope}", "unknown placeholder `{nope}`"),
            ("{quote", "unclosed `{quote`"),
            ("[{date}", "unclosed `[`"),
            ("a]", "`]` without `[`"),
            ("a}", "`}` without `{`"),
        ] {
            let err = Template::parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn fields_come_from_the_article_on_one_line() {
        let corpus = Corpus::from_texts([("a.txt", "Title line\n\nThe talks\nstalled today.")]);
        let article = &corpus.articles[0];
        let at = article.text().find("The talks").unwrap();
        let f = Fields::of(article, at..article.text().len()).unwrap();
        assert_eq!(f.quote, "The talks stalled today.");
        assert_eq!(
            (f.line, f.file.as_str(), f.title.as_str()),
            (3, "a.txt", "Title line")
        );
        assert!(Fields::of(article, 0..999).is_none());
    }
}
