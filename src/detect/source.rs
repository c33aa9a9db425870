//! Who had a shared passage first: a **source hint** per cluster, with the rule that decided it.
//!
//! Detection says which articles carry a passage, not who copied whom. The hint weighs the
//! evidence there is, in order, and stops at the first rule that decides:
//!
//! 0. **Named**: matches imported from another tool may name the source themselves (passim's
//!    `src`, [`crate::exchange::passim_import`]); when they name one article of the cluster,
//!    it is the hint, and the hint says who named it.
//! 1. **Earliest date**: every article carrying the passage has a publication date, and one is
//!    earlier than all the others ([`crate::corpus::metadata::PubDate::compare`]: a day alone
//!    is not earlier than a time on that same day).
//! 2. **Containment**: one member's passage holds nearly all the words of every other member,
//!    clearly more than they hold of it. An outlet cuts and trims wire copy; it seldom adds to
//!    it in the same words.
//! 3. **Wire service**: exactly one of the articles comes from an outlet on the wire-service list
//!    (`[hints] wire_services`).
//! 4. Else **unknown**.
//!
//! The hint never claims more than its rule: callers show the rule with it. Clusters come from
//! [`crate::detect::reuse`]; this module only reads them.

use std::collections::HashMap;

use crate::config::HintsConfig;
use crate::corpus::metadata::lead_phrase;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::normalize::tokenize;
use crate::detect::reuse::{Cluster, ClusterId, Reuse, Side};

/// A member counts as containing another when it holds at least this share of the other's
/// words (a light rewrite of the source still keeps most of its words)...
const CONTAINS: f64 = 0.9;
/// ...and holds that share by this much more than the other holds of it.
const CONTAINS_MARGIN: f64 = 0.10;

/// Which rule chose a cluster's source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SourceRule {
    /// The tool whose matches were imported named it (passim's `src`).
    Named,
    /// Its article was published before every other that carries the passage, by this many
    /// seconds at least (over the next earliest).
    EarliestDate {
        /// Seconds between the source's date and the next earliest member's (whole days when
        /// either gives only a day).
        lead_seconds: i64,
    },
    /// Its passage holds the others' words, not the other way round.
    Containment {
        /// The least share of another member's words that the source's passage holds.
        holds: f64,
        /// The most that another member holds of the source's words.
        held: f64,
    },
    /// Its outlet is the one wire service among the members.
    WireService,
    /// No rule decided.
    Unknown,
}

impl SourceRule {
    /// The rule's name, as `jsonl` writes it: `named`, `earliest_date`, `containment`, `wire_service`,
    /// `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceRule::Named => "named",
            SourceRule::EarliestDate { .. } => "earliest_date",
            SourceRule::Containment { .. } => "containment",
            SourceRule::WireService => "wire_service",
            SourceRule::Unknown => "unknown",
        }
    }

    /// Why, as a reader says it: `2 h earlier`, `holds the others' words (97% vs 62%)`,
    /// `wire service`, `unknown: no dates, no clear containment, no single wire service`.
    pub fn reason(&self) -> String {
        match self {
            SourceRule::Named => "named by passim's src".to_owned(),
            SourceRule::EarliestDate { lead_seconds } => {
                format!("{} earlier", lead_phrase(*lead_seconds))
            }
            SourceRule::Containment { holds, held } => format!(
                "holds the others' words ({:.0}% vs {:.0}%)",
                holds * 100.0,
                held * 100.0
            ),
            SourceRule::WireService => "wire service".to_owned(),
            SourceRule::Unknown => "unknown: dates, wording and outlets do not tell".to_owned(),
        }
    }
}

/// The likely source of one cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceHint {
    /// The cluster.
    pub cluster: ClusterId,
    /// The article most likely to be the source; `None` when no rule decided.
    pub source: Option<ArticleId>,
    /// The rule that decided.
    pub rule: SourceRule,
}

impl SourceHint {
    /// The hint in a few words for a margin or a list, seen from `article` (a member of the
    /// cluster): `← Reuters, 2 h earlier`, `source of 3 copies (2 h earlier)`, `source unknown`.
    pub fn describe_for(&self, corpus: &Corpus, article: ArticleId) -> String {
        match self.source {
            None => "source unknown".to_owned(),
            Some(source) if source == article => {
                format!("this is the source ({})", self.rule.reason())
            }
            Some(source) => {
                let outlet = corpus.article(source).map_or("?", |a| a.outlet.as_str());
                format!("← {outlet}, {}", self.rule.reason())
            }
        }
    }

    /// The hint for a report line: `Reuters (002_x.txt), 2 h earlier`, or `unknown: ...`.
    pub fn describe(&self, corpus: &Corpus) -> String {
        match self.source.and_then(|id| corpus.article(id)) {
            None => self.rule.reason(),
            Some(article) => format!(
                "{} ({}), {}",
                article.outlet,
                article.name,
                self.rule.reason()
            ),
        }
    }
}

/// Which outlets count as wire services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireServices {
    /// Each name as its words.
    names: Vec<Vec<String>>,
}

impl WireServices {
    /// The wire services of a `[hints]` table.
    pub fn new(config: &HintsConfig) -> WireServices {
        WireServices {
            names: config
                .wire_services
                .iter()
                .map(|name| words(name))
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    /// True when `outlet` names a wire service as a whole word or words.
    ///
    /// # Examples
    /// ```
    /// use crossread::detect::source::WireServices;
    /// let wire = WireServices::new(&Default::default());
    /// assert!(wire.is_wire("Reuters"));
    /// assert!(wire.is_wire("Daily8 (AFP, with Reuters)"));
    /// assert!(wire.is_wire("reuters.com"));
    /// assert!(!wire.is_wire("Paper Trail")); // not "PA"
    /// assert!(!wire.is_wire("The Irish Times"));
    /// ```
    pub fn is_wire(&self, outlet: &str) -> bool {
        let outlet = words(outlet);
        self.names.iter().any(|name| {
            outlet.windows(name.len()).any(|window| {
                window.iter().zip(name).all(|(o, n)| {
                    if n.chars().count() <= 3 {
                        o == n
                    } else {
                        o.to_lowercase() == n.to_lowercase()
                    }
                })
            })
        })
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The source hint of every cluster of `reuse`, indexed like `reuse.clusters`.
pub fn source_hints(corpus: &Corpus, reuse: &Reuse, config: &HintsConfig) -> Vec<SourceHint> {
    let wire = WireServices::new(config);
    reuse
        .clusters
        .iter()
        .map(|cluster| hint_for(corpus, cluster, &wire, &reuse.named_sources))
        .collect()
}

/// The source hint of one cluster (see the module documentation for the rules); `named`
/// are the passages imported matches named as sources ([`Reuse::named_sources`]).
pub fn hint_for(
    corpus: &Corpus,
    cluster: &Cluster,
    wire: &WireServices,
    named: &[Side],
) -> SourceHint {
    // One entry per article: an article carrying the passage twice is one witness.
    let mut articles: Vec<ArticleId> = cluster.members.iter().map(|m| m.article).collect();
    articles.sort_unstable();
    articles.dedup();
    let decided = |source: ArticleId, rule: SourceRule| SourceHint {
        cluster: cluster.id,
        source: Some(source),
        rule,
    };
    if articles.len() < 2 {
        return SourceHint {
            cluster: cluster.id,
            source: None,
            rule: SourceRule::Unknown,
        };
    }
    if let Some(source) = by_name(cluster, named) {
        return decided(source, SourceRule::Named);
    }
    if let Some((source, lead_seconds)) = by_date(corpus, &articles) {
        return decided(source, SourceRule::EarliestDate { lead_seconds });
    }
    if let Some((source, holds, held)) = by_containment(corpus, cluster, &articles) {
        return decided(source, SourceRule::Containment { holds, held });
    }
    let wires: Vec<ArticleId> = articles
        .iter()
        .copied()
        .filter(|&id| corpus.article(id).is_some_and(|a| wire.is_wire(&a.outlet)))
        .collect();
    if let [only] = wires.as_slice() {
        return decided(*only, SourceRule::WireService);
    }
    SourceHint {
        cluster: cluster.id,
        source: None,
        rule: SourceRule::Unknown,
    }
}

/// The one article of `cluster` whose passage is among the `named` sources; `None` when none
/// is, or members of several articles are.
fn by_name(cluster: &Cluster, named: &[Side]) -> Option<ArticleId> {
    if named.is_empty() {
        return None;
    }
    let mut found: Option<ArticleId> = None;
    for member in &cluster.members {
        let is_named = named.iter().any(|n| {
            n.article == member.article
                && n.byte_span.start < member.byte_span.end
                && member.byte_span.start < n.byte_span.end
        });
        if is_named {
            match found {
                Some(other) if other != member.article => return None,
                _ => found = Some(member.article),
            }
        }
    }
    found
}

/// The one article dated before all others, and its lead over the next; `None` when an
/// article has no date or the earliest is tied.
fn by_date(corpus: &Corpus, articles: &[ArticleId]) -> Option<(ArticleId, i64)> {
    let dated: Vec<(ArticleId, crate::corpus::metadata::PubDate)> = articles
        .iter()
        .map(|&id| {
            corpus
                .article(id)
                .and_then(|a| a.published)
                .map(|d| (id, d))
        })
        .collect::<Option<_>>()?;
    let (first, date) = dated.iter().min_by(|x, y| {
        x.1.compare(&y.1)
            .then(x.1.utc_seconds().cmp(&y.1.utc_seconds()))
    })?;
    let lead = dated
        .iter()
        .filter(|(id, _)| id != first)
        .map(|(_, other)| date.lead_over(other))
        .collect::<Option<Vec<i64>>>()?;
    Some((*first, lead.into_iter().min()?))
}

/// The member whose passage holds the others' words (and not the reverse), with the least
/// share it holds of another and the most another holds of it.
fn by_containment(
    corpus: &Corpus,
    cluster: &Cluster,
    articles: &[ArticleId],
) -> Option<(ArticleId, f64, f64)> {
    let bags: Vec<HashMap<u32, usize>> = articles
        .iter()
        .map(|&id| {
            let mut bag = HashMap::new();
            let Some(article) = corpus.article(id) else {
                return bag;
            };
            for member in cluster.members.iter().filter(|m| m.article == id) {
                let text = article.text().get(member.byte_span.clone()).unwrap_or("");
                for token in tokenize(text) {
                    *bag.entry(token.key()).or_insert(0) += 1;
                }
            }
            bag
        })
        .collect();
    // Share of `inner`'s words that `outer` holds.
    let held_in = |inner: &HashMap<u32, usize>, outer: &HashMap<u32, usize>| {
        let total: usize = inner.values().sum();
        if total == 0 {
            return 0.0;
        }
        let common: usize = inner
            .iter()
            .map(|(k, &n)| n.min(outer.get(k).copied().unwrap_or(0)))
            .sum();
        common as f64 / total as f64
    };
    let mut found = None;
    for (i, bag) in bags.iter().enumerate() {
        let mut least_holds: f64 = 1.0;
        let mut most_held: f64 = 0.0;
        let contains_all = bags
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .all(|(_, other)| {
                let holds = held_in(other, bag);
                let held = held_in(bag, other);
                least_holds = least_holds.min(holds);
                most_held = most_held.max(held);
                holds >= CONTAINS && holds - held >= CONTAINS_MARGIN
            });
        if contains_all {
            if found.is_some() {
                return None;
            }
            found = Some((articles[i], least_holds, most_held));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::corpus::Article;
    use crate::detect::reuse::Side;

    const WIRE: &str = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held. Officials in Kyiv rejected the claim on Friday and said talks would go on.";
    const CUT: &str = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held.";

    /// Articles `(name, outlet, date, text)`, and a cluster whose members are their whole texts.
    fn setup(specs: &[(&str, &str, Option<&str>, &str)]) -> (Corpus, Cluster) {
        let mut config = Config::default();
        for (name, outlet, date, _) in specs {
            config.sources.push(crate::config::SourceMeta {
                file: (*name).to_owned(),
                outlet: Some((*outlet).to_owned()),
                date: date.map(str::to_owned),
                ..Default::default()
            });
        }
        let articles: Vec<Article> = specs
            .iter()
            .enumerate()
            .map(|(i, (name, _, _, text))| {
                Article::from_bytes(ArticleId(i as u32), name, text.as_bytes(), &config)
            })
            .collect();
        let members = articles
            .iter()
            .map(|a| Side {
                article: a.id,
                byte_span: 0..a.text().len(),
            })
            .collect();
        (
            Corpus {
                dir: Default::default(),
                articles,
            },
            Cluster {
                id: ClusterId(0),
                members,
                is_wide: false,
                is_likely_boilerplate: false,
            },
        )
    }

    fn hint(specs: &[(&str, &str, Option<&str>, &str)]) -> (Corpus, SourceHint) {
        let (corpus, cluster) = setup(specs);
        let hint = hint_for(
            &corpus,
            &cluster,
            &WireServices::new(&HintsConfig::default()),
            &[],
        );
        (corpus, hint)
    }

    #[test]
    fn the_earliest_date_decides_and_says_by_how_much() {
        let (corpus, h) = hint(&[
            ("a.txt", "The Post", Some("2025-08-21T12:00Z"), CUT),
            ("b.txt", "Reuters", Some("2025-08-21T10:00Z"), CUT),
            ("c.txt", "The Times", Some("2025-08-22"), CUT),
        ]);
        assert_eq!(h.source, Some(ArticleId(1)));
        assert_eq!(h.rule, SourceRule::EarliestDate { lead_seconds: 7200 });
        assert_eq!(
            h.describe_for(&corpus, ArticleId(0)),
            "← Reuters, 2 h earlier"
        );
        assert_eq!(
            h.describe_for(&corpus, ArticleId(1)),
            "this is the source (2 h earlier)"
        );
        assert_eq!(h.rule.as_str(), "earliest_date");
    }

    #[test]
    fn a_day_alone_does_not_beat_a_time_on_that_day() {
        // Tied on the day: dates cannot tell, and identical texts contain each other both
        // ways, so with no wire service it is unknown.
        let (_, h) = hint(&[
            ("a.txt", "The Post", Some("2025-08-21"), CUT),
            ("b.txt", "The Times", Some("2025-08-21T10:00Z"), CUT),
        ]);
        assert_eq!(h.source, None);
        assert_eq!(h.rule, SourceRule::Unknown);
        assert_eq!(h.rule.as_str(), "unknown");
    }

    #[test]
    fn containment_decides_when_a_date_is_missing() {
        let (corpus, h) = hint(&[
            ("a.txt", "The Post", Some("2025-08-20"), CUT),
            ("b.txt", "Kyiv Daily", None, WIRE),
        ]);
        assert_eq!(h.source, Some(ArticleId(1)));
        let SourceRule::Containment { holds, held } = h.rule else {
            panic!("{:?}", h.rule);
        };
        assert_eq!(holds, 1.0);
        assert!(held < 0.75, "{held}");
        assert!(
            h.describe_for(&corpus, ArticleId(0))
                .starts_with("← Kyiv Daily, holds the others' words (100% vs "),
            "{}",
            h.describe_for(&corpus, ArticleId(0))
        );
    }

    #[test]
    fn the_wire_service_decides_when_wording_is_even() {
        let (corpus, h) = hint(&[
            ("a.txt", "The Post", None, CUT),
            ("b.txt", "AFP", None, CUT),
            ("c.txt", "The Times", None, CUT),
        ]);
        assert_eq!(h.source, Some(ArticleId(1)));
        assert_eq!(h.rule, SourceRule::WireService);
        assert_eq!(h.describe_for(&corpus, ArticleId(2)), "← AFP, wire service");
        assert_eq!(h.describe(&corpus), "AFP (b.txt), wire service");
    }

    #[test]
    fn a_source_named_by_the_imported_matches_wins_and_two_named_leave_the_rules_to_decide() {
        let specs = [
            ("a.txt", "The Post", Some("2025-08-20"), CUT),
            ("b.txt", "AFP", Some("2025-08-21"), CUT),
        ];
        let (corpus, cluster) = setup(&specs);
        let wire = WireServices::new(&HintsConfig::default());
        let named = [cluster.members[1].clone()];
        let h = hint_for(&corpus, &cluster, &wire, &named);
        assert_eq!(h.source, Some(ArticleId(1)));
        assert_eq!(h.rule, SourceRule::Named);
        assert_eq!(h.rule.as_str(), "named");
        assert_eq!(
            h.describe_for(&corpus, ArticleId(0)),
            "← AFP, named by passim's src"
        );
        // A named passage elsewhere in the article does not count.
        let elsewhere = [Side {
            article: ArticleId(1),
            byte_span: 5000..5100,
        }];
        let h = hint_for(&corpus, &cluster, &wire, &elsewhere);
        assert!(matches!(h.rule, SourceRule::EarliestDate { .. }), "{h:?}");
        // Both named: the name decides nothing, the dates do.
        let both = [cluster.members[0].clone(), cluster.members[1].clone()];
        let h = hint_for(&corpus, &cluster, &wire, &both);
        assert_eq!(h.source, Some(ArticleId(0)));
        assert!(matches!(h.rule, SourceRule::EarliestDate { .. }), "{h:?}");
    }

    #[test]
    fn two_wire_services_or_none_leave_it_unknown() {
        for outlets in [["AFP", "Reuters"], ["The Post", "The Times"]] {
            let (corpus, h) = hint(&[
                ("a.txt", outlets[0], None, CUT),
                ("b.txt", outlets[1], None, CUT),
            ]);
            assert_eq!(h.source, None, "{outlets:?}");
            assert_eq!(h.rule, SourceRule::Unknown);
            assert_eq!(h.describe_for(&corpus, ArticleId(0)), "source unknown");
        }
    }

    #[test]
    fn the_wire_list_is_configurable_and_matches_whole_words() {
        let wire = WireServices::new(&HintsConfig {
            wire_services: vec!["Kyodo".into(), "Agence Europe".into()],
        });
        assert!(wire.is_wire("KYODO News"));
        assert!(wire.is_wire("agence europe"));
        assert!(!wire.is_wire("Agence France-Presse"));
        assert!(!wire.is_wire("Reuters"));
        let default = WireServices::new(&HintsConfig::default());
        assert!(default.is_wire("AP"));
        assert!(
            !default.is_wire("ap"),
            "short names match in their case only"
        );
        assert!(default.is_wire("dpa-AFX"));
        assert!(default.is_wire("Xinhua News Agency"));
    }

    #[test]
    fn hints_are_made_for_the_seeds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config.toml")).unwrap();
        let (corpus, _) = Corpus::load(&root.join("seeds"), &config).unwrap();
        let reuse = crate::detect::reuse::detect(&corpus, &config.detect);
        let hints = source_hints(&corpus, &reuse, &config.hints);
        assert_eq!(hints.len(), reuse.clusters.len());
        for (hint, cluster) in hints.iter().zip(&reuse.clusters) {
            assert_eq!(hint.cluster, cluster.id);
            if let Some(source) = hint.source {
                assert!(cluster.members.iter().any(|m| m.article == source));
            }
        }
        // No seed has a date; the aggregator carrying AFP and Reuters copy is the only wire
        // outlet, so some passages are traced to it.
        assert!(
            hints
                .iter()
                .all(|h| !matches!(h.rule, SourceRule::EarliestDate { .. })),
            "{hints:?}"
        );
        assert!(
            hints
                .iter()
                .any(|h| h.rule == SourceRule::WireService && h.source == Some(ArticleId(3))),
            "{hints:?}"
        );
    }
}
