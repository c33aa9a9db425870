//! The explanation panel (`e` on a shared passage): why it was flagged, as lines of text built
//! once when it opens (figures from [`crossread::view::explain`], the source hint from
//! [`crossread::detect::source`]), scrolled with `j` `k`. Drawing is `render/explain.rs`.

use crossread::Corpus;
use crossread::detect::reuse::Match;
use crossread::detect::source::SourceHint;
use crossread::view::explain::{DifferenceKind, Explanation};

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Msg, Outcome};

/// The panel's lines and scroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainPanel {
    /// The heading: the two outlets.
    pub title: String,
    /// The lines, ready to draw.
    pub lines: Vec<String>,
    /// First line shown.
    pub scroll: usize,
}

fn pass(ok: bool) -> &'static str {
    if ok { "✓" } else { "✗" }
}

impl ExplainPanel {
    /// The explanation of `m`, seen from the article `from` (its copy first); `boilerplate`
    /// says whether `[detect] boilerplate` is on and gives the boilerplate set aside in or
    /// next to the first copy, as text.
    pub fn new(
        corpus: &Corpus,
        m: &Match,
        e: &Explanation,
        hint: Option<&SourceHint>,
        boilerplate: (bool, &[String]),
    ) -> ExplainPanel {
        let outlet = |id| corpus.article(id).map_or("?", |a| a.outlet.as_str());
        let (a, b) = (outlet(m.a.article), outlet(m.b.article));
        let t = &e.thresholds;
        let mut lines = vec![
            format!(
                "{} · {} and {} words in the two copies",
                if e.kind == crossread::MatchKind::Verbatim {
                    "≡ verbatim copy"
                } else {
                    "≈ rewrite"
                },
                e.copy_words.0,
                e.copy_words.1
            ),
            String::new(),
            format!(
                "{} similarity       {:.2}   at least {:.2} ([detect] min_similarity)",
                pass(e.similarity >= t.min_similarity),
                e.similarity,
                t.min_similarity
            ),
            format!(
                "{} words in common  {:<6} at least {} (min_words)",
                pass(e.words >= t.min_words),
                e.words,
                t.min_words
            ),
            format!(
                "{} content words    {:<6} at least {} (min_content_words)",
                pass(e.content_words >= t.min_content_words),
                e.content_words,
                t.min_content_words
            ),
            format!("  longest exact run {} words", e.longest_run),
            format!(
                "  stock words       {:<6} phrases in more than {} articles (stock settings)",
                e.stock_words, t.stock_articles
            ),
        ];
        for stretch in &e.stock_stretches {
            lines.push(format!("      “{stretch}”"));
        }
        let (is_on, stretches) = boilerplate;
        lines.push(if !is_on {
            "  boilerplate       off ([detect] boilerplate): nothing set aside".to_owned()
        } else if stretches.is_empty() {
            "  boilerplate       none here (one outlet's own repeated text is set aside)".to_owned()
        } else {
            format!(
                "  boilerplate       {} set aside next to this copy (its outlet's own text)",
                stretches.len()
            )
        });
        for stretch in stretches {
            lines.push(format!("      “{stretch}”"));
        }
        lines.push(String::new());
        if let Some(hint) = hint {
            lines.push(format!("Source: {}", hint.describe(corpus)));
            lines.push(String::new());
        }
        let counts = [
            DifferenceKind::Respelled,
            DifferenceKind::Dropped,
            DifferenceKind::Added,
            DifferenceKind::Changed,
        ]
        .map(|k| format!("{} {}", e.count(k), k.as_str()));
        if e.differences.is_empty() {
            lines.push("No word differs.".to_owned());
        } else {
            lines.push(format!("What differs ({a} → {b}): {}", counts.join(", ")));
            for d in &e.differences {
                lines.push(match d.kind {
                    DifferenceKind::Respelled => format!("  ~ respelled  {} → {}", d.a, d.b),
                    DifferenceKind::Dropped => format!("  − dropped    {}", d.a),
                    DifferenceKind::Added => format!("  + added      {}", d.b),
                    DifferenceKind::Changed => format!("  ± changed    {} → {}", d.a, d.b),
                });
            }
        }
        ExplainPanel {
            title: format!("Why flagged: {a} ↔ {b}"),
            lines,
            scroll: 0,
        }
    }

    /// Keys on the panel.
    pub fn update(&mut self, action: Action) -> Outcome {
        let last = self.lines.len().saturating_sub(1);
        match action {
            Action::Down => self.scroll = (self.scroll + 1).min(last),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = (self.scroll + 10).min(last),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Top => self.scroll = 0,
            Action::Close => return Outcome::Msg(Msg::Close),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }
}
