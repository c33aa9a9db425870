//! What `crossread scan` prints: a readable report, JSON lines, CSV, or one JSON object per
//! cluster, from a [`Reuse`]. Every offset written out counts the bytes of the file as stored,
//! not of the decoded text. Pairs are listed linearly in a cluster's size: each copy with its
//! closest copy, not every pair of copies (a wire in 1,500 articles would be 1.1 million).

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use rayon::prelude::*;

use crossread::Config;
use crossread::config::DetectConfig;
use crossread::detect::reuse::{Cluster, ClusterId, Match, MatchKind, Reuse, Side};
use crossread::detect::source::{SourceHint, SourceRule, source_hints};
use crossread::detect::stock::{stock_stretches, stock_stretches_known};
use crossread::view::explain::{DifferenceKind, Explanation, explain};
use crossread::{Article, Corpus};

use crate::cli::ScanFormat;
use crate::cli::csv::csv_field;

/// Writes `reuse` in `format`; `config` gives the wire services for the source hints and
/// the thresholds the explanations in `jsonl` hold matches to.
///
/// `stock_ngrams`: the n-grams detection found in more articles than the stock threshold, when
/// it counted them (sorted hashes), so that the stock phrases of the JSON lines are found
/// without reading the corpus again.
pub fn write(
    out: &mut impl Write,
    format: ScanFormat,
    corpus: &Corpus,
    reuse: &Reuse,
    config: &Config,
    stock_ngrams: Option<&[u64]>,
) -> io::Result<()> {
    let hints = source_hints(corpus, reuse, &config.hints);
    match format {
        ScanFormat::Jsonl => write_jsonl(out, corpus, reuse, &hints, &config.detect, stock_ngrams),
        ScanFormat::Csv => write_csv(out, corpus, reuse, &hints),
        ScanFormat::Text => write_text(out, corpus, reuse, &hints, config.detect.min_words),
        ScanFormat::Matrix => crate::cli::scan_matrix::write(out, corpus, reuse, &hints),
        ScanFormat::Clusters => write_clusters(out, corpus, reuse, &hints),
    }
}

/// One line for stderr saying what was set aside, or `None` when nothing was.
pub fn set_aside_note(reuse: &Reuse) -> Option<String> {
    let (stock, boilerplate) = reuse.set_aside_counts();
    if stock == 0 && boilerplate == 0 {
        return None;
    }
    Some(format!(
        "set aside {} and {} (not reported as shared passages)",
        plural(stock, "stock phrase", "stock phrases"),
        plural(boilerplate, "boilerplate passage", "boilerplate passages"),
    ))
}

/// Why the report is empty, with the threshold: `No shared passages in 5 articles: no passage
/// of 12+ words is shared; 41 stock phrases were set aside.`
fn nothing_shared(corpus: &Corpus, reuse: &Reuse, min_words: usize) -> String {
    let (stock, boilerplate) = reuse.set_aside_counts();
    let mut set_aside = Vec::new();
    if stock > 0 {
        set_aside.push(plural(stock, "stock phrase", "stock phrases"));
    }
    if boilerplate > 0 {
        set_aside.push(plural(
            boilerplate,
            "boilerplate passage",
            "boilerplate passages",
        ));
    }
    let aside = match set_aside.len() {
        0 => String::new(),
        n => format!(
            "; {} {} set aside",
            set_aside.join(" and "),
            if n == 1 && stock + boilerplate == 1 {
                "was"
            } else {
                "were"
            }
        ),
    };
    format!(
        "No shared passages in {}: no passage of {min_words}+ words is shared{aside}.",
        plural(corpus.articles.len(), "article", "articles"),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The matches to list: in each cluster, each copy with its closest copy (a spanning set of
/// pairs, linear in the cluster's size), in the order of `reuse.matches`.
fn closest_pairs(reuse: &Reuse) -> Vec<&Match> {
    let mut best: HashMap<(u32, u32, usize), usize> = HashMap::new();
    for (i, m) in reuse.matches.iter().enumerate() {
        for side in [&m.a, &m.b] {
            let slot = best
                .entry((m.cluster.0, side.article.0, side.byte_span.start))
                .or_insert(i);
            if reuse.matches[*slot].similarity < m.similarity {
                *slot = i;
            }
        }
    }
    let mut keep: Vec<usize> = best.into_values().collect();
    keep.sort_unstable();
    keep.dedup();
    keep.into_iter().map(|i| &reuse.matches[i]).collect()
}

#[derive(Serialize)]
struct Member<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    similarity: f64,
}

#[derive(Serialize)]
struct ClusterRecord<'a> {
    cluster: u32,
    size: usize,
    kind: &'static str,
    likely_boilerplate: bool,
    source: Source<'a>,
    members: Vec<Member<'a>>,
}

/// Verbatim when every pair of the cluster is.
fn cluster_kind(matches: &[&Match]) -> &'static str {
    if matches.iter().all(|m| m.kind == MatchKind::Verbatim) {
        "verbatim"
    } else {
        "rewrite"
    }
}

/// The matches of each cluster, by cluster id.
fn matches_by_cluster(reuse: &Reuse) -> Vec<Vec<&Match>> {
    let mut out: Vec<Vec<&Match>> = vec![Vec::new(); reuse.clusters.len()];
    for m in &reuse.matches {
        if let Some(list) = out.get_mut(m.cluster.0 as usize) {
            list.push(m);
        }
    }
    out
}

/// A member's similarity: that of its closest copy in the cluster.
fn member_similarity(member: &Side, matches: &[&Match]) -> f64 {
    let touches = |s: &Side| {
        s.article == member.article
            && s.byte_span.start < member.byte_span.end
            && member.byte_span.start < s.byte_span.end
    };
    matches
        .iter()
        .filter(|m| touches(&m.a) || touches(&m.b))
        .map(|m| m.similarity)
        .fold(0.0, f64::max)
}

fn write_clusters(
    out: &mut impl Write,
    corpus: &Corpus,
    reuse: &Reuse,
    hints: &[SourceHint],
) -> io::Result<()> {
    let by_cluster = matches_by_cluster(reuse);
    for (cluster, matches) in reuse.clusters.iter().zip(&by_cluster) {
        let mut record = cluster_record(corpus, cluster, matches);
        record.source = source(corpus, hints.get(cluster.id.0 as usize));
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn cluster_record<'a>(
    corpus: &'a Corpus,
    cluster: &Cluster,
    matches: &[&Match],
) -> ClusterRecord<'a> {
    // Index the matches by article so that a member finds its own in a moment.
    let mut of_article: HashMap<u32, Vec<&Match>> = HashMap::new();
    for m in matches {
        of_article.entry(m.a.article.0).or_default().push(m);
        if m.b.article != m.a.article {
            of_article.entry(m.b.article.0).or_default().push(m);
        }
    }
    let members = cluster
        .members
        .iter()
        .filter_map(|member| {
            let loc = location(corpus, member)?;
            let own = of_article
                .get(&member.article.0)
                .map_or(&[][..], Vec::as_slice);
            Some(Member {
                doc: loc.doc,
                start: loc.start,
                end: loc.end,
                similarity: rounded(member_similarity(member, own)),
            })
        })
        .collect::<Vec<_>>();
    ClusterRecord {
        cluster: passage_number(cluster.id),
        size: members.len(),
        kind: cluster_kind(matches),
        likely_boilerplate: cluster.is_likely_boilerplate,
        source: source(corpus, None),
        members,
    }
}

/// A passage's number as every format prints it: clusters counted from 1, so `Passage 3` in
/// the report is `"cluster":3` in `jsonl` and `csv`.
pub fn passage_number(id: ClusterId) -> u32 {
    id.0.saturating_add(1)
}

#[derive(Serialize)]
struct Location<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    outlet: &'a str,
    date: Option<&'a str>,
}

/// The source hint of a cluster, as `jsonl` (per match) and `clusters` write it.
#[derive(Serialize)]
struct Source<'a> {
    /// The article taken as the source; `null` when no rule decided.
    doc: Option<&'a str>,
    outlet: Option<&'a str>,
    /// `named`, `earliest_date`, `containment`, `wire_service` or `unknown`.
    rule: &'static str,
    /// For `earliest_date`: how much earlier than the next member, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    lead_seconds: Option<i64>,
}

#[derive(Serialize)]
struct Record<'a> {
    a: Location<'a>,
    b: Location<'a>,
    similarity: f64,
    cluster: u32,
    kind: &'static str,
    words: usize,
    source: Source<'a>,
    #[serde(flatten)]
    why: Option<Why>,
}

/// Why a match was flagged, as `jsonl` fields ([`crossread::view::explain`]).
#[derive(Clone, Copy, Serialize)]
struct Why {
    content_words: usize,
    longest_run: usize,
    respelled: usize,
    dropped: usize,
    added: usize,
    changed: usize,
    stock_words: usize,
}

impl Why {
    fn of(e: &Explanation) -> Why {
        Why {
            content_words: e.content_words,
            longest_run: e.longest_run,
            respelled: e.count(DifferenceKind::Respelled),
            dropped: e.count(DifferenceKind::Dropped),
            added: e.count(DifferenceKind::Added),
            changed: e.count(DifferenceKind::Changed),
            stock_words: e.stock_words,
        }
    }
}

fn location<'a>(corpus: &'a Corpus, side: &Side) -> Option<Location<'a>> {
    let article = corpus.article(side.article)?;
    let stored = article.decoded.stored_range(side.byte_span.clone());
    Some(Location {
        doc: &article.name,
        start: stored.start,
        end: stored.end,
        outlet: &article.outlet,
        date: article.date.as_deref(),
    })
}

fn source<'a>(corpus: &'a Corpus, hint: Option<&SourceHint>) -> Source<'a> {
    let article = hint
        .and_then(|h| h.source)
        .and_then(|id| corpus.article(id));
    let rule = hint.map_or(SourceRule::Unknown, |h| h.rule);
    Source {
        doc: article.map(|a| a.name.as_str()),
        outlet: article.map(|a| a.outlet.as_str()),
        rule: rule.as_str(),
        lead_seconds: match rule {
            SourceRule::EarliestDate { lead_seconds } => Some(lead_seconds),
            _ => None,
        },
    }
}

/// Similarity with three decimals: more is noise, and it keeps lines short.
fn rounded(similarity: f64) -> f64 {
    (similarity * 1000.0).round() / 1000.0
}

fn records<'a>(
    corpus: &'a Corpus,
    pairs: &'a [&'a Match],
    hints: &'a [SourceHint],
    whys: &'a [Why],
) -> impl Iterator<Item = Record<'a>> {
    pairs.iter().enumerate().filter_map(|(i, m)| {
        Some(Record {
            a: location(corpus, &m.a)?,
            b: location(corpus, &m.b)?,
            similarity: rounded(m.similarity),
            cluster: passage_number(m.cluster),
            kind: m.kind.as_str(),
            words: m.words,
            source: source(corpus, hints.get(m.cluster.0 as usize)),
            why: whys.get(i).copied(),
        })
    })
}

fn write_jsonl(
    out: &mut impl Write,
    corpus: &Corpus,
    reuse: &Reuse,
    hints: &[SourceHint],
    detect: &DetectConfig,
    stock_ngrams: Option<&[u64]>,
) -> io::Result<()> {
    // One pass over the corpus finds the stock phrases inside every match's first copy, unless
    // detection counted them already.
    let pairs = closest_pairs(reuse);
    let sides: Vec<Side> = pairs.iter().map(|m| m.a.clone()).collect();
    let stock = match stock_ngrams {
        Some(known) => stock_stretches_known(corpus, detect, &sides, known),
        None => stock_stretches(corpus, detect, &sides),
    };
    let whys = pairs
        .par_iter()
        .zip(&stock)
        .map(|(m, stock)| Why::of(&explain(corpus, m, detect, stock)))
        .collect::<Vec<_>>();
    for record in records(corpus, &pairs, hints, &whys) {
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A CSV field of an optional value: empty when absent.
fn csv_option(text: Option<&str>) -> String {
    text.map(csv_field).unwrap_or_default()
}

fn write_csv(
    out: &mut impl Write,
    corpus: &Corpus,
    reuse: &Reuse,
    hints: &[SourceHint],
) -> io::Result<()> {
    writeln!(
        out,
        "a_doc,a_start,a_end,b_doc,b_start,b_end,similarity,cluster,kind,words,\
         a_outlet,a_date,b_outlet,b_date,source_doc,source_outlet,source_rule"
    )?;
    let pairs = closest_pairs(reuse);
    for r in records(corpus, &pairs, hints, &[]) {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(r.a.doc),
            r.a.start,
            r.a.end,
            csv_field(r.b.doc),
            r.b.start,
            r.b.end,
            r.similarity,
            r.cluster,
            r.kind,
            r.words,
            csv_field(r.a.outlet),
            csv_option(r.a.date),
            csv_field(r.b.outlet),
            csv_option(r.b.date),
            csv_option(r.source.doc),
            csv_option(r.source.outlet),
            r.source.rule,
        )?;
    }
    Ok(())
}

/// Text safe for a terminal: control characters become spaces, runs of white space one space.
/// Invisible format characters (a right-to-left override, a BOM) are dropped.
fn sanitize(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .map(|w| w.replace(crossread::view::wrap::is_invisible, ""))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Wraps `text` at `width` characters, each line after `indent`.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut line_chars = 0;
    for word in text.split(' ') {
        let chars = word.chars().count();
        if line_chars > 0 && line_chars + 1 + chars > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
            line_chars = 0;
        }
        if line_chars > 0 {
            line.push(' ');
            line_chars += 1;
        }
        line.push_str(word);
        line_chars += chars;
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn write_text(
    out: &mut impl Write,
    corpus: &Corpus,
    reuse: &Reuse,
    hints: &[SourceHint],
    min_words: usize,
) -> io::Result<()> {
    if reuse.clusters.is_empty() {
        writeln!(out, "{}", nothing_shared(corpus, reuse, min_words))?;
        return Ok(());
    }
    let (stock, boilerplate) = reuse.set_aside_counts();
    let pairs = closest_pairs(reuse).len();
    let by_cluster = matches_by_cluster(reuse);
    writeln!(
        out,
        "{} of {} share {} ({}).",
        plural(
            reuse
                .articles
                .iter()
                .filter(|a| a.shared_passages > 0)
                .count(),
            "article",
            "articles"
        ),
        corpus.articles.len(),
        plural(reuse.clusters.len(), "passage", "passages"),
        plural(pairs, "matching pair", "matching pairs"),
    )?;
    for (cluster, matches) in reuse.clusters.iter().zip(&by_cluster) {
        let kind = cluster_kind(matches);
        let shown = |m: &&Match| m.kind.shown_similarity(m.similarity);
        let lowest = matches.iter().map(shown).fold(1.0, f64::min);
        let highest = matches.iter().map(shown).fold(0.0, f64::max);
        let similarity = if kind == "verbatim" {
            String::new()
        } else if (highest - lowest).abs() < 0.005 {
            format!(" · similarity {lowest:.2}")
        } else {
            format!(" · similarity {lowest:.2}–{highest:.2}")
        };
        writeln!(out)?;
        writeln!(
            out,
            "Passage {} · {} · {kind}{similarity}{}",
            passage_number(cluster.id),
            plural(cluster.members.len(), "copy", "copies"),
            if cluster.is_likely_boilerplate {
                " · in every article: likely boilerplate"
            } else {
                ""
            }
        )?;
        if let Some(hint) = hints.get(cluster.id.0 as usize) {
            writeln!(out, "  Source: {}", sanitize(&hint.describe(corpus)))?;
        }
        for member in &cluster.members {
            let Some(article) = corpus.article(member.article) else {
                continue;
            };
            let Some(loc) = location(corpus, member) else {
                continue;
            };
            writeln!(
                out,
                "  {}{} · {} · {} bytes {}–{}",
                sanitize(&article.outlet),
                date_of(article),
                title_of(article),
                sanitize(&article.name),
                loc.start,
                loc.end
            )?;
            let text = article.text().get(member.byte_span.clone()).unwrap_or("");
            write!(out, "{}", wrap(&sanitize(text), "    │ ", 92))?;
        }
    }
    if stock + boilerplate > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "Set aside: {} ({} occurrences) and {} (text shared only by one outlet's articles).",
            plural(stock, "stock phrase", "stock phrases"),
            reuse
                .set_aside
                .iter()
                .filter(|s| s.reason == crossread::detect::reuse::SetAsideReason::Stock)
                .count(),
            plural(boilerplate, "boilerplate passage", "boilerplate passages"),
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Copied share by article:")?;
    for article in &corpus.articles {
        let figures = reuse.article(article.id);
        writeln!(
            out,
            "  {:>6}  {}  {}{} · {} · {}",
            percent(figures.copied_share),
            plural(figures.shared_passages, "passage ", "passages"),
            sanitize(&article.outlet),
            date_of(article),
            title_of(article),
            sanitize(&article.name),
        )?;
    }
    Ok(())
}

/// ` · 2025-08-21 10:04 UTC` when the article is dated, else nothing.
fn date_of(article: &Article) -> String {
    article
        .published
        .map_or_else(String::new, |date| format!(" · {date}"))
}

fn title_of(article: &Article) -> String {
    let title = sanitize(&article.title);
    match title.char_indices().nth(70) {
        Some((cut, _)) => format!("“{}…”", &title[..cut]),
        None => format!("“{title}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_control_characters_and_wrap_keeps_words() {
        assert_eq!(sanitize("a\u{1b}[31mb\r\n c\u{FEFF}"), "a [31mb c");
        assert_eq!(
            wrap("one two three four", "> ", 9),
            "> one two\n> three\n> four\n"
        );
    }

    #[test]
    fn sanitize_drops_bidi_overrides() {
        // Found by the hostile-corpus test: a right-to-left override in a title reached the
        // terminal and could reverse the rest of the report line.
        assert_eq!(
            sanitize("Other\u{202E} evil\u{2066}x\u{2069} co\u{AD}op"),
            "Other evilx coop"
        );
    }

    #[test]
    fn an_empty_report_says_the_threshold_and_what_was_set_aside() {
        use crossread::detect::reuse::{SetAside, SetAsideReason, Side};
        let corpus = Corpus::from_texts([("a", "One story."), ("b", "Another story.")]);
        let mut reuse = Reuse::default();
        assert_eq!(
            nothing_shared(&corpus, &reuse, 12),
            "No shared passages in 2 articles: no passage of 12+ words is shared."
        );
        let aside = |article: usize, phrase: u64, reason: SetAsideReason| SetAside {
            side: Side {
                article: corpus.articles[article].id,
                byte_span: 0..3,
            },
            reason,
            phrase,
        };
        // Two copies of one stock phrase count as one phrase.
        reuse.set_aside.push(aside(0, 7, SetAsideReason::Stock));
        reuse.set_aside.push(aside(1, 7, SetAsideReason::Stock));
        assert_eq!(
            nothing_shared(&corpus, &reuse, 20),
            "No shared passages in 2 articles: no passage of 20+ words is shared; \
             1 stock phrase was set aside."
        );
        reuse.set_aside.push(aside(1, 8, SetAsideReason::Stock));
        reuse
            .set_aside
            .push(aside(0, 9, SetAsideReason::Boilerplate));
        assert_eq!(
            nothing_shared(&corpus, &reuse, 12),
            "No shared passages in 2 articles: no passage of 12+ words is shared; \
             2 stock phrases and 1 boilerplate passage were set aside."
        );
        let mut out = Vec::new();
        write_text(&mut out, &corpus, &reuse, &[], 12).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}\n", nothing_shared(&corpus, &reuse, 12))
        );
    }

    #[test]
    fn identical_copies_read_verbatim_and_a_near_copy_never_rewrite_at_1_00() {
        let t = "The minister said on Tuesday that the talks in Geneva would continue next week \
                 despite the objections raised by several delegations, and that a final agreement \
                 on the border question could be signed before the end of the year if both sides \
                 kept their commitments.";
        let long = [t, t, t, t].join(" ");
        let near = long.replacen("the talks", "a talks", 1);
        let report = |texts: [(&str, &str); 2]| {
            let corpus = Corpus::from_texts(texts);
            let reuse = crossread::detect(&corpus, &crossread::DetectConfig::default());
            let mut out = Vec::new();
            write_text(&mut out, &corpus, &reuse, &[], 12).unwrap();
            (reuse, String::from_utf8(out).unwrap())
        };
        let (reuse, text) = report([("x", &long), ("y", &long)]);
        assert!(!reuse.matches.is_empty());
        assert!(reuse.matches.iter().all(|m| m.kind == MatchKind::Verbatim));
        assert!(text.contains("Passage 1 · 2 copies · verbatim\n"), "{text}");
        let (reuse, text) = report([("x", &long), ("y", &near)]);
        assert_eq!(reuse.matches[0].kind, MatchKind::Rewrite);
        assert!(reuse.matches[0].similarity > 0.995, "rounds to 1.00");
        assert!(text.contains("· rewrite · similarity 0.99\n"), "{text}");
        assert!(!text.contains("1.00"), "{text}");
    }
}
