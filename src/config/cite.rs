//! The `[cite]` format: how a copied quote names where it came from. A format is text with
//! placeholders, `{quote}`, `{outlet}`, `{title}`, `{date}`, `{file}`, `{line}` and `{url}`,
//! and optional groups in square brackets, left out when a placeholder inside has no value (an
//! article without a date or url): `[, {date}]`. `{{`, `}}`, `[[` and `]]` stand for the
//! characters themselves. Filling the fields from an article is [`crate::cite`]'s.

use std::fmt;

use serde::{Deserialize, Deserializer};

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
}
