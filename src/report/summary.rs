//! The figures an editor reads first: how many articles and outlets, over which dates, how
//! many passages they share, and which outlets lean most on text they share with others.

use crate::corpus::Article;
use crate::detect::reuse::Reuse;
use crate::report::Outlet;
use crate::report::clusters::ClusterSection;

/// How many outlets the summary names as the biggest borrowers.
pub const BORROWERS: usize = 5;

/// The report's opening figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Articles in the report.
    pub articles: usize,
    /// Outlets those articles name.
    pub outlets: usize,
    /// The earliest date an article gives, as written.
    pub first_date: Option<String>,
    /// The latest date an article gives, as written.
    pub last_date: Option<String>,
    /// Articles without a date.
    pub undated: usize,
    /// Shared passages (clusters) in the report.
    pub shared_passages: usize,
    /// Copies of those passages, all carriers counted.
    pub copies: usize,
    /// Articles in the report that share at least one passage.
    pub articles_sharing: usize,
    /// The outlets with the largest share of their words in shared passages, largest first:
    /// indices into [`crate::report::Report::outlets`]. Outlets sharing nothing are left out.
    pub borrowers: Vec<usize>,
}

impl Summary {
    /// The summary of `articles` (those in the report), `clusters` (the passages shown) and
    /// `outlets`.
    pub fn build(
        articles: &[&Article],
        reuse: &Reuse,
        clusters: &[ClusterSection],
        outlets: &[Outlet],
    ) -> Summary {
        let mut dates: Vec<&str> = articles.iter().filter_map(|a| a.date.as_deref()).collect();
        // ISO 8601 dates sort as text; a date written otherwise still sorts consistently.
        dates.sort_unstable();
        let mut names: Vec<&str> = articles.iter().map(|a| a.outlet.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let mut borrowers: Vec<usize> = (0..outlets.len())
            .filter(|&i| outlets[i].copied_words > 0)
            .collect();
        borrowers.sort_by(|&x, &y| {
            let (a, b) = (&outlets[x], &outlets[y]);
            b.copied_share()
                .total_cmp(&a.copied_share())
                .then(b.copied_words.cmp(&a.copied_words))
                .then(a.name.cmp(&b.name))
        });
        borrowers.truncate(BORROWERS);
        Summary {
            articles: articles.len(),
            outlets: names.len(),
            first_date: dates.first().map(|d| (*d).to_owned()),
            last_date: dates.last().map(|d| (*d).to_owned()),
            undated: articles.len() - dates.len(),
            shared_passages: clusters.len(),
            copies: clusters.iter().map(|c| c.carriers.len()).sum(),
            articles_sharing: articles
                .iter()
                .filter(|a| reuse.article(a.id).shared_passages > 0)
                .count(),
            borrowers,
        }
    }
}
