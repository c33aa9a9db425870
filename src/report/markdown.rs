//! The report as Markdown (CommonMark with GitHub's tables and strikethrough), for a newsroom
//! wiki or a pull request: the same sections and marks as the HTML, in text. Differences read
//! `**added**`, `~~removed~~`, `~~was~~→**now**` and `*respelled*`; a shared passage in an
//! article is bold after a `[⇄4 Outlet](#p-4)` link to its section, a tagged one italic after
//! `[◆label](#t-3)`. Text is flattened to one line per paragraph and escaped, so an article
//! can never open a heading, a list or a table by accident.

use std::io::{self, Write};

use crate::corpus::Article;
use crate::report::articles::{ArticleSection, Run};
use crate::report::clusters::{ClusterSection, Piece};
use crate::report::{MATRIX_SHOWN, Report, line_of, passages, percent};

/// Writes `report` as Markdown.
///
/// # Errors
/// What writing to `out` fails with.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# crossread report: {}\n", esc(&report.title))?;
    if !report.selection.is_empty() {
        writeln!(out, "_Only {}._\n", esc(&report.selection))?;
    }
    summary(report, out)?;
    outlets(report, out)?;
    matrix(report, out)?;
    writeln!(out, "## Shared passages\n")?;
    writeln!(
        out,
        "Each copy is read against the first one listed (the likely source when a rule tells): \
         **added** words only this copy has, \
         ~~removed~~ words it lacks, ~~was~~→**now** words changed, *respelled* the same word \
         spelled otherwise.\n"
    )?;
    if report.clusters.is_empty() {
        writeln!(out, "No passage is shared.\n")?;
    }
    for c in &report.clusters {
        cluster(report, c, out)?;
    }
    writeln!(out, "## Articles\n")?;
    writeln!(
        out,
        "A shared passage is **bold** after a link to its section (⇄ passage number and the \
         outlet with the closest copy); a tagged passage is *italic* after its labels (◆).\n"
    )?;
    for section in &report.articles {
        if let Some(article) = report.article(section.article) {
            one_article(report, section, article, out)?;
        }
    }
    tags(report, out)
}

fn summary(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "## Summary\n")?;
    writeln!(out, "- **Articles:** {}", s.articles)?;
    writeln!(out, "- **Outlets:** {}", s.outlets)?;
    let dates = match (&s.first_date, &s.last_date) {
        (Some(a), Some(b)) if a == b => esc(a),
        (Some(a), Some(b)) => format!("{} to {}", esc(a), esc(b)),
        _ => "no article gives a date".to_owned(),
    };
    let undated = if s.undated > 0 && s.undated < s.articles {
        format!(" ({} undated)", s.undated)
    } else {
        String::new()
    };
    writeln!(out, "- **Dates:** {dates}{undated}")?;
    writeln!(
        out,
        "- **Shared passages:** {}, {} copies in all; {} of {} articles share at least one",
        passages(s.shared_passages),
        s.copies,
        s.articles_sharing,
        s.articles
    )?;
    if s.borrowers.is_empty() {
        writeln!(
            out,
            "- **Biggest borrowers:** none: no outlet shares a passage"
        )?;
    } else {
        writeln!(out, "- **Biggest borrowers:**")?;
        for (rank, &i) in s.borrowers.iter().enumerate() {
            if let Some(o) = report.outlets.get(i) {
                writeln!(
                    out,
                    "  {}. {}: {} of its words in shared passages ({} words)",
                    rank + 1,
                    esc(&o.name),
                    percent(o.copied_share()),
                    o.copied_words
                )?;
            }
        }
    }
    writeln!(out)
}

fn outlets(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Outlets\n")?;
    writeln!(out, "| Outlet | Articles | Words | In shared passages |")?;
    writeln!(out, "| --- | ---: | ---: | ---: |")?;
    for o in &report.outlets {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            esc(&o.name),
            o.articles,
            o.words,
            percent(o.copied_share())
        )?;
    }
    writeln!(out)
}

/// The outlet matrix as a table; each cell the share and the direction (`←` took, `→` gave,
/// `·` unclear), as the HTML's heat map says it.
fn matrix(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Who shares with whom\n")?;
    let Some(m) = &report.matrix else {
        return writeln!(
            out,
            "{} outlets are too many for a matrix on a page: `crossread scan --format matrix` writes it whole.\n",
            report.matrix_outlets
        );
    };
    let rows: Vec<usize> = m.rows.iter().copied().take(MATRIX_SHOWN).collect();
    let columns: Vec<usize> = m.columns.iter().copied().take(MATRIX_SHOWN).collect();
    writeln!(
        out,
        "A cell is the share of the row's words it shares with the column: ← the row took them, \
         → gave them, · the source hints do not tell. Biggest borrowers first; columns are \
         numbered as the rows name them.\n"
    )?;
    let header: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(n, _)| (n + 1).to_string())
        .collect();
    writeln!(out, "| row \\ column | {} |", header.join(" | "))?;
    writeln!(out, "| --- |{}", " ---: |".repeat(columns.len()))?;
    for &r in &rows {
        let name = m.outlets.get(r).map_or("", |o| o.name.as_str());
        let number = columns
            .iter()
            .position(|&c| c == r)
            .map(|n| format!("{}. ", n + 1))
            .unwrap_or_default();
        let cells: Vec<String> = columns
            .iter()
            .map(|&c| {
                let cell = m.cell(r, c);
                if r == c || cell.shared_words == 0 {
                    String::new()
                } else {
                    format!("{} {}", percent(cell.share), cell.direction().glyph())
                }
            })
            .collect();
        writeln!(out, "| {number}{} | {} |", esc(name), cells.join(" | "))?;
    }
    let unnamed: Vec<String> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !rows.contains(c))
        .map(|(n, &c)| {
            format!(
                "{}. {}",
                n + 1,
                esc(m.outlets.get(c).map_or("", |o| o.name.as_str()))
            )
        })
        .collect();
    if !unnamed.is_empty() {
        writeln!(out, "\nColumns not among the rows: {}.", unnamed.join(", "))?;
    }
    writeln!(out)
}

fn cluster(report: &Report<'_>, c: &ClusterSection, out: &mut dyn Write) -> io::Result<()> {
    let n = c.number();
    let (low, high) = (
        c.kind.shown_similarity(c.similarity.0),
        c.kind.shown_similarity(c.similarity.1),
    );
    let similarity = if (high - low).abs() < 0.005 {
        format!("{low:.2}")
    } else {
        format!("{low:.2}–{high:.2}")
    };
    writeln!(out, "### <a id=\"p-{n}\"></a>Passage {n}\n")?;
    writeln!(
        out,
        "{} copies · {} · similarity {similarity}\n",
        c.carriers.len(),
        c.kind.as_str()
    )?;
    if let Some(hint) = &c.hint {
        writeln!(
            out,
            "Source: {} (rule: {})\n",
            esc(&hint.describe(report.corpus)),
            hint.rule.as_str()
        )?;
    }
    for (i, k) in c.carriers.iter().enumerate() {
        let Some(article) = report.article(k.article) else {
            continue;
        };
        let mut figures = format!("line {}", line_of(article, k.byte_span.start).0);
        let is_source = c.hint.as_ref().is_some_and(|h| h.source == Some(k.article));
        if i == c.reference && is_source {
            figures.push_str(" · ◉ the likely source, the copy the others are read against");
        } else if i == c.reference {
            figures.push_str(" · the copy the others are read against");
        } else if let Some(s) = k.similarity {
            figures.push_str(&format!(" · similarity {s:.2}"));
        }
        writeln!(out, "{}. {} · {figures}\n", i + 1, who(report, article))?;
        let mut text = String::new();
        for (j, piece) in k.pieces.iter().enumerate() {
            text.push_str(&piece_md(article.text(), piece, j + 1 < k.pieces.len()));
        }
        writeln!(out, "   > {}\n", flatten(&text))?;
    }
    Ok(())
}

/// A piece as Markdown; a removed word stands before the next word (`more` follows) or at the
/// end of the copy.
fn piece_md(text: &str, piece: &Piece, more: bool) -> String {
    let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("");
    match piece {
        Piece::Same(r) => esc(slice(r)),
        Piece::Added(r) => emphasis("**", slice(r)),
        Piece::Removed(words) if more => format!("{} ", emphasis("~~", words)),
        Piece::Removed(words) => format!(" {}", emphasis("~~", words)),
        Piece::Changed { words, source } => {
            format!(
                "{}→{}",
                emphasis("~~", source),
                emphasis("**", slice(words))
            )
        }
        Piece::Respelled { word, .. } => emphasis("*", slice(word)),
    }
}

/// `text` escaped and wrapped in `mark`, with its outer white space moved outside (CommonMark
/// does not open emphasis before a space).
fn emphasis(mark: &str, text: &str) -> String {
    let inner = text.trim();
    if inner.is_empty() {
        return esc(text);
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{}{mark}{}{mark}{}", esc(lead), esc(inner), esc(trail))
}

fn who(report: &Report<'_>, article: &Article) -> String {
    let shown = report.articles.iter().any(|a| a.article == article.id);
    let title = if shown {
        format!("[{}](#a-{})", esc(&article.title), article.id.0)
    } else {
        esc(&article.title)
    };
    let date = article
        .date
        .as_deref()
        .map(|d| format!(" · {}", esc(d)))
        .unwrap_or_default();
    format!(
        "**{}** · {title}{date} · `{}`",
        esc(&article.outlet),
        article.name.replace('`', "'")
    )
}

fn one_article(
    report: &Report<'_>,
    section: &ArticleSection,
    article: &Article,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "### <a id=\"a-{}\"></a>{}\n",
        article.id.0,
        esc(&article.title)
    )?;
    let date = article
        .date
        .as_deref()
        .map(|d| format!(" · {}", esc(d)))
        .unwrap_or_default();
    let labels: String = section
        .labels
        .iter()
        .map(|l| format!(" · ◆{}", esc(l)))
        .collect();
    writeln!(
        out,
        "{}{date} · `{}` · {} shared ({}){labels}\n",
        esc(&article.outlet),
        article.name.replace('`', "'"),
        percent(section.copied_share),
        passages(section.shared.len())
    )?;
    for paragraph in &section.paragraphs {
        let mut text = String::new();
        for run in paragraph {
            text.push_str(&run_md(report, section, article, run));
        }
        writeln!(out, "{}\n", flatten(&text))?;
    }
    if section.paragraphs.is_empty() {
        writeln!(out, "(empty)\n")?;
    }
    Ok(())
}

fn run_md(report: &Report<'_>, section: &ArticleSection, article: &Article, run: &Run) -> String {
    let raw = article.text().get(run.byte_span.clone()).unwrap_or("");
    let mut md = String::new();
    for &i in &run.opens_shared {
        if let Some(s) = section.shared.get(i) {
            let n = s.cluster.0 + 1;
            let closest = s
                .closest
                .and_then(|(a, _)| report.article(a))
                .map(|a| format!(" {}", esc(&a.outlet)))
                .unwrap_or_default();
            md.push_str(&format!("[⇄{n}{closest}](#p-{n}) "));
        }
    }
    for &i in &run.opens_tags {
        if let Some(entry) = report.tags.get(i) {
            let labels = if entry.tag.labels.is_empty() {
                "tag".to_owned()
            } else {
                entry.tag.labels.join(", ")
            };
            md.push_str(&format!("[◆{}](#t-{i}) ", esc(&labels)));
        }
    }
    let text = flatten(raw);
    let body = match (run.shared.is_empty(), run.tags.is_empty()) {
        (true, true) => esc(&text),
        (false, true) => emphasis("**", &text),
        (true, false) => emphasis("*", &text),
        (false, false) => emphasis("***", &text),
    };
    // Keep the space the flattening took from the run's ends: runs meet mid-sentence.
    let lead = if raw.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if raw.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{md}{body}{trail}")
}

fn tags(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Tags\n")?;
    if report.labels.is_empty() && report.tags.is_empty() {
        writeln!(out, "No tags.")?;
        return Ok(());
    }
    if !report.labels.is_empty() {
        writeln!(out, "| Label | Tags | Description |")?;
        writeln!(out, "| --- | ---: | --- |")?;
        for (name, label) in &report.labels {
            let count = report
                .tags
                .iter()
                .filter(|e| e.tag.labels.contains(name))
                .count();
            writeln!(
                out,
                "| ◆{} | {count} | {} |",
                esc(name),
                esc(label.description.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(out)?;
    }
    for (i, entry) in report.tags.iter().enumerate() {
        let tag = entry.tag;
        let labels: String = tag.labels.iter().map(|l| format!("◆{} ", esc(l))).collect();
        let place = match entry.article {
            Some(article) => who(report, article),
            None => format!("`{}`", tag.article.replace('`', "'")),
        };
        let status = if entry.resolution.is_orphaned() {
            " · **orphaned**: the passage is no longer in the article".to_owned()
        } else if let (Some(span), Some(article)) = (entry.resolution.byte_span(), entry.article) {
            format!(" · line {}", line_of(article, span.start).0)
        } else {
            String::new()
        };
        writeln!(out, "- <a id=\"t-{i}\"></a>{labels}{place}{status}")?;
        writeln!(out, "  > {}", esc(&flatten(&tag.anchor.quote)))?;
        if let Some(note) = &tag.note {
            writeln!(out, "\n  Note: {}", esc(&flatten(note)))?;
        }
    }
    writeln!(out)
}

/// `text` on one line: every run of white space one space, none at either end.
fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// `text` with every character Markdown could read as markup escaped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&'
        ) || (out.trim().is_empty() && matches!(c, '-' | '+' | '=' | '!'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
