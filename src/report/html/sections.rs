//! The report's sections as HTML, in reading order: summary, outlets, shared passages,
//! articles, tags. Each shared passage, article and tag has an id (`p-4`, `a-12`, `t-3`) that
//! the others link to.

use std::io::{self, Write};

use super::{esc, label_colour};
use crate::corpus::Article;
use crate::detect::reuse::MatchKind;
use crate::report::articles::{ArticleSection, Run};
use crate::report::clusters::{ClusterSection, Piece};
use crate::report::{Report, excerpt, line_of, passages, percent};

/// How many characters of a passage its closed section shows.
const FIRST_WORDS: usize = 110;

/// Up to this many shared passages are shown open; more start closed, so a report of a large
/// corpus opens as an index.
const OPEN_PASSAGES: usize = 12;

pub(super) fn summary(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "<section id=\"summary\"><h2>Summary</h2><dl class=\"figures\">"
    )?;
    writeln!(out, "<dt>Articles</dt><dd>{}</dd>", s.articles)?;
    writeln!(out, "<dt>Outlets</dt><dd>{}</dd>", s.outlets)?;
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
    writeln!(out, "<dt>Dates</dt><dd>{dates}{undated}</dd>")?;
    writeln!(
        out,
        "<dt>Shared passages</dt><dd>{}, {} copies in all; {} of {} articles share at least one</dd>",
        passages(s.shared_passages),
        s.copies,
        s.articles_sharing,
        s.articles
    )?;
    write!(out, "<dt>Biggest borrowers</dt><dd>")?;
    if s.borrowers.is_empty() {
        write!(out, "none: no outlet shares a passage")?;
    } else {
        write!(out, "<ol>")?;
        for &i in &s.borrowers {
            if let Some(o) = report.outlets.get(i) {
                write!(
                    out,
                    "<li><span class=\"swatch o{i}\"></span>{}: {} of its words in shared passages ({} words)</li>",
                    esc(&o.name),
                    percent(o.copied_share()),
                    o.copied_words
                )?;
            }
        }
        write!(out, "</ol>")?;
    }
    writeln!(out, "</dd></dl></section>")
}

pub(super) fn outlets(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    // A long list of outlets starts closed, like the passages and articles below it.
    writeln!(
        out,
        "<section id=\"outlets\"><h2>Outlets</h2><details{}><summary>{} outlets</summary>",
        open_if(report.outlets.len() <= OPEN_PASSAGES),
        report.outlets.len()
    )?;
    writeln!(
        out,
        "<table><thead><tr><th>Outlet</th>\
         <th class=\"num\">Articles</th><th class=\"num\">Words</th>\
         <th class=\"num\">In shared passages</th></tr></thead><tbody>"
    )?;
    for (i, o) in report.outlets.iter().enumerate() {
        writeln!(
            out,
            "<tr><td><span class=\"swatch o{i}\"></span>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&o.name),
            o.articles,
            o.words,
            percent(o.copied_share())
        )?;
    }
    writeln!(out, "</tbody></table></details></section>")
}

pub(super) fn clusters(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"passages\"><h2>Shared passages</h2>")?;
    writeln!(
        out,
        "<p class=\"legend\">Each copy is read against the first one listed (the likely source \
         when a rule tells; the source hint says which): \
         <span><ins>added</ins> words only this copy has</span>\
         <span><del>removed</del> words it lacks</span>\
         <span class=\"chg\"><del>was</del>→<ins>now</ins> words changed</span>\
         <span><i class=\"resp\">respelled</i> the same word spelled otherwise</span></p>"
    )?;
    if report.clusters.is_empty() {
        writeln!(out, "<p>No passage is shared.</p>")?;
    }
    for c in &report.clusters {
        cluster(report, c, out)?;
    }
    writeln!(out, "</section>")
}

fn cluster(report: &Report<'_>, c: &ClusterSection, out: &mut dyn Write) -> io::Result<()> {
    let n = c.number();
    let outlets: Vec<String> = c
        .carriers
        .iter()
        .filter_map(|k| report.outlet_of(k.article))
        .map(|i| i.to_string())
        .collect();
    let first = c
        .carriers
        .get(c.reference)
        .and_then(|k| report.article(k.article)?.text().get(k.byte_span.clone()))
        .map(|t| excerpt(t, FIRST_WORDS))
        .unwrap_or_default();
    let (low, high) = (
        c.kind.shown_similarity(c.similarity.0),
        c.kind.shown_similarity(c.similarity.1),
    );
    let similarity = if (high - low).abs() < 0.005 {
        format!("{low:.2}")
    } else {
        format!("{low:.2}–{high:.2}")
    };
    writeln!(
        out,
        "<details class=\"cluster\" id=\"p-{n}\" data-o=\"{}\"{}><summary>Passage {n} · {} copies · {} · similarity {similarity} <span class=\"first\">{}</span></summary>",
        outlets.join(" "),
        open_if(report.clusters.len() <= OPEN_PASSAGES),
        c.carriers.len(),
        kind(c.kind),
        esc(&first)
    )?;
    if let Some(hint) = &c.hint {
        writeln!(
            out,
            "<p class=\"hint\">Source: {} <span class=\"meta\">(rule: {})</span></p>",
            esc(&hint.describe(report.corpus)),
            hint.rule.as_str()
        )?;
    }
    writeln!(out, "<ol class=\"carriers\">")?;
    for (i, k) in c.carriers.iter().enumerate() {
        let Some(article) = report.article(k.article) else {
            continue;
        };
        let colour = report
            .outlet_of(k.article)
            .map(|o| format!(" o{o}"))
            .unwrap_or_default();
        let role = if i == c.reference { " reference" } else { "" };
        writeln!(out, "<li class=\"carrier{colour}{role}\">")?;
        who(report, article, out)?;
        let (line, _) = line_of(article, k.byte_span.start);
        let mut figures = format!("line {line}");
        let is_source = c.hint.as_ref().is_some_and(|h| h.source == Some(k.article));
        if i == c.reference && is_source {
            figures.push_str(" · ◉ the likely source, the copy the others are read against");
        } else if i == c.reference {
            figures.push_str(" · the copy the others are read against");
        } else if let Some(s) = k.similarity {
            figures.push_str(&format!(" · similarity {s:.2}"));
        }
        writeln!(out, " · {figures}</p>")?;
        write!(out, "<blockquote>")?;
        pieces(article.text(), &k.pieces, out)?;
        writeln!(out, "</blockquote></li>")?;
    }
    writeln!(out, "</ol></details>")
}

/// The line naming a copy's outlet, title (linked to the article), date and file; left open
/// for the caller to add to.
fn who(report: &Report<'_>, article: &Article, out: &mut dyn Write) -> io::Result<()> {
    let swatch = report
        .outlet_of(article.id)
        .map(|o| format!("<span class=\"swatch o{o}\"></span>"))
        .unwrap_or_default();
    write!(
        out,
        "<p class=\"who\">{swatch}<span class=\"outlet\">{}</span> · {} · ",
        esc(&article.outlet),
        article_link(report, article)
    )?;
    if let Some(date) = &article.date {
        write!(out, "{} · ", esc(date))?;
    }
    write!(out, "<code>{}</code>", esc(&article.name))
}

/// The article's title, linked to its section when the report has one.
fn article_link(report: &Report<'_>, article: &Article) -> String {
    let shown = report.articles.iter().any(|a| a.article == article.id);
    if shown {
        format!(
            "<a href=\"#a-{}\">{}</a>",
            article.id.0,
            esc(&article.title)
        )
    } else {
        esc(&article.title)
    }
}

fn pieces(text: &str, pieces: &[Piece], out: &mut dyn Write) -> io::Result<()> {
    let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("");
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Same(r) => write!(out, "{}", esc(slice(r)))?,
            Piece::Added(r) => write!(out, "<ins title=\"added\">{}</ins>", esc(slice(r)))?,
            Piece::Removed(words) => {
                // It stands before the next word, or at the very end of the copy.
                let (before, after) = if i + 1 < pieces.len() {
                    ("", " ")
                } else {
                    (" ", "")
                };
                write!(
                    out,
                    "{before}<del title=\"removed\">{}</del>{after}",
                    esc(words)
                )?;
            }
            Piece::Changed { words, source } => write!(
                out,
                "<span class=\"chg\" title=\"changed\"><del>{}</del>→<ins>{}</ins></span>",
                esc(source),
                esc(slice(words))
            )?,
            Piece::Respelled { word, source } => write!(
                out,
                "<i class=\"resp\" title=\"respelled: {}\">{}</i>",
                esc(source),
                esc(slice(word))
            )?,
        }
    }
    Ok(())
}

pub(super) fn articles(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"articles\"><h2>Articles</h2>")?;
    writeln!(
        out,
        "<p class=\"legend\"><span><mark class=\"o0\"><a class=\"pref\">⇄4 Outlet</a>shared</mark> \
         a passage shared with others (passage 4, closest copy in Outlet; the colour is that outlet's)</span>\
         <span><u class=\"tag\"><a class=\"tref\">◆label</a>tagged</u> a tagged passage</span></p>"
    )?;
    for section in &report.articles {
        if let Some(article) = report.article(section.article) {
            one_article(report, section, article, out)?;
        }
    }
    writeln!(out, "</section>")
}

fn one_article(
    report: &Report<'_>,
    section: &ArticleSection,
    article: &Article,
    out: &mut dyn Write,
) -> io::Result<()> {
    let outlet = report
        .outlet_of(article.id)
        .map(|o| o.to_string())
        .unwrap_or_default();
    let date = article
        .date
        .as_deref()
        .map(|d| format!(" · {}", esc(d)))
        .unwrap_or_default();
    let labels: String = section
        .labels
        .iter()
        .map(|l| format!(" <span class=\"label\">◆{}</span>", esc(l)))
        .collect();
    writeln!(
        out,
        "<details class=\"article\" id=\"a-{}\" data-o=\"{outlet}\" data-l=\"{}\"{}><summary>\
         <span class=\"swatch o{outlet}\"></span><strong>{}</strong> · {}{date} · <code>{}</code> · \
         {} shared ({}){labels}</summary>",
        article.id.0,
        esc(&section.labels.join("|")),
        // A report of one article shows it at once.
        open_if(report.articles.len() == 1),
        esc(&article.title),
        esc(&article.outlet),
        esc(&article.name),
        percent(section.copied_share),
        passages(section.shared.len())
    )?;
    writeln!(out, "<div class=\"text\">")?;
    for paragraph in &section.paragraphs {
        write!(out, "<p>")?;
        for run in paragraph {
            one_run(report, section, article, run, out)?;
        }
        writeln!(out, "</p>")?;
    }
    if section.paragraphs.is_empty() {
        writeln!(out, "<p class=\"meta\">(empty)</p>")?;
    }
    writeln!(out, "</div></details>")
}

fn one_run(
    report: &Report<'_>,
    section: &ArticleSection,
    article: &Article,
    run: &Run,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = esc(article.text().get(run.byte_span.clone()).unwrap_or(""));
    let mut html = String::new();
    for &i in &run.opens_shared {
        if let Some(s) = section.shared.get(i) {
            let n = s.cluster.0 + 1;
            let closest = s
                .closest
                .and_then(|(a, _)| report.article(a))
                .map(|a| format!(" {}", esc(&a.outlet)))
                .unwrap_or_default();
            html.push_str(&format!(
                "<a class=\"pref\" href=\"#p-{n}\" title=\"shared passage {n}\">⇄{n}{closest}</a>"
            ));
        }
    }
    for &i in &run.opens_tags {
        if let Some(entry) = report.tags.get(i) {
            let labels = if entry.tag.labels.is_empty() {
                "tag".to_owned()
            } else {
                entry.tag.labels.join(", ")
            };
            html.push_str(&format!(
                "<a class=\"tref\" href=\"#t-{i}\">◆{}</a>",
                esc(&labels)
            ));
        }
    }
    html.push_str(&text);
    if let Some(&t) = run.tags.first() {
        let colour = report
            .tags
            .get(t)
            .and_then(|e| e.tag.labels.first())
            .and_then(|l| label_colour(report.labels.get(l)?.color.as_deref()))
            .map(|c| format!(" style=\"--t:{c}\""))
            .unwrap_or_default();
        html = format!("<u class=\"tag\"{colour}>{html}</u>");
    }
    if !run.shared.is_empty() {
        let clusters: Vec<String> = run
            .shared
            .iter()
            .filter_map(|&i| section.shared.get(i))
            .map(|s| (s.cluster.0 + 1).to_string())
            .collect();
        let colour = run
            .shared
            .first()
            .and_then(|&i| section.shared.get(i)?.closest)
            .and_then(|(a, _)| report.outlet_of(a))
            .map(|o| format!(" o{o}"))
            .unwrap_or_default();
        html = format!(
            "<mark class=\"shared{colour}\" data-cluster=\"{}\">{html}</mark>",
            clusters.join(" ")
        );
    }
    out.write_all(html.as_bytes())
}

pub(super) fn tags(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"tags\"><h2>Tags</h2>")?;
    if report.labels.is_empty() && report.tags.is_empty() {
        writeln!(out, "<p>No tags.</p>")?;
    }
    if !report.labels.is_empty() {
        writeln!(
            out,
            "<table><thead><tr><th>Label</th><th class=\"num\">Tags</th><th>Description</th></tr></thead><tbody>"
        )?;
        for (name, label) in &report.labels {
            let count = report
                .tags
                .iter()
                .filter(|e| e.tag.labels.contains(name))
                .count();
            writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{count}</td><td>{}</td></tr>",
                label_chip(report, name),
                esc(label.description.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    writeln!(out, "<ul class=\"tags\">")?;
    for (i, entry) in report.tags.iter().enumerate() {
        let tag = entry.tag;
        let outlet = entry
            .article
            .and_then(|a| report.outlet_of(a.id))
            .map(|o| o.to_string())
            .unwrap_or_default();
        write!(
            out,
            "<li id=\"t-{i}\" data-o=\"{outlet}\" data-l=\"{}\">",
            esc(&tag.labels.join("|"))
        )?;
        for label in &tag.labels {
            write!(out, "{}", label_chip(report, label))?;
        }
        match entry.article {
            Some(article) => write!(
                out,
                "{} · {} · <code>{}</code>",
                esc(&article.outlet),
                article_link(report, article),
                esc(&article.name)
            )?,
            None => write!(out, "<code>{}</code>", esc(&tag.article))?,
        }
        if entry.resolution.is_orphaned() {
            write!(
                out,
                " · <span class=\"orphan\">orphaned: the passage is no longer in the article</span>"
            )?;
        } else if let (Some(span), Some(article)) = (entry.resolution.byte_span(), entry.article) {
            write!(out, " · line {}", line_of(article, span.start).0)?;
        }
        write!(out, "<blockquote>{}</blockquote>", esc(&tag.anchor.quote))?;
        if let Some(note) = &tag.note {
            write!(out, "<p>Note: {}</p>", esc(note))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul></section>")
}

fn label_chip(report: &Report<'_>, name: &str) -> String {
    let colour = report
        .labels
        .get(name)
        .and_then(|l| label_colour(l.color.as_deref()))
        .map(|c| format!(" style=\"--t:{c}\""))
        .unwrap_or_default();
    format!("<span class=\"label\"{colour}>◆{}</span>", esc(name))
}

fn open_if(open: bool) -> &'static str {
    if open { " open" } else { "" }
}

fn kind(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Verbatim => "verbatim",
        MatchKind::Rewrite => "rewrite",
    }
}
