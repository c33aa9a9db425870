//! A generated news corpus with planted reuse and a truth list of what was planted: the test
//! bed for detection at any size. Shared by the `gencorpus` example and the tests.
//!
//! Articles of 500-900 words are built from a sentence grammar over a vocabulary of a few
//! thousand words (made-up content words with realistic shapes, real English function words,
//! names whose transliterations vary). Some articles copy a run of 2-6 sentences from another
//! with light edits of every class detection must see through; traps that must not be reported
//! are planted too: stock phrases in many articles, one line in every article, outlet footers,
//! and near-miss passages that keep only a few words of their source.
//!
//! Deterministic for a seed, with its own small PRNG so that a corpus never changes with the
//! version of a random-number crate.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::ops::Range;

/// splitmix64: tiny, fast, and good enough for generating text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index skewed towards the start: a few words are common, most are rare.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64) * u.powf(2.2)) as usize % n.max(1)
    }
}

const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "pr",
    "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "sl", "cr", "fl",
];
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "ee",
];
const CODAS: &[&str] = &[
    "", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rk", "nt", "ck",
];

fn syllable(rng: &mut Rng) -> String {
    format!(
        "{}{}{}",
        rng.pick(ONSETS),
        rng.pick(VOWELS),
        rng.pick(CODAS)
    )
}

fn made_up_word(rng: &mut Rng, syllables: usize) -> String {
    (0..syllables).map(|_| syllable(rng)).collect()
}

/// Real words of news prose, mixed with the made-up ones so text reads like news.
const NEWS_NOUNS: &[&str] = &[
    "government",
    "minister",
    "official",
    "talks",
    "agreement",
    "ceasefire",
    "border",
    "army",
    "summit",
    "proposal",
    "election",
    "parliament",
    "court",
    "report",
    "statement",
    "meeting",
    "leader",
    "country",
    "region",
    "city",
    "attack",
    "deal",
    "plan",
    "war",
    "peace",
    "policy",
    "spokesman",
    "spokeswoman",
    "envoy",
    "delegation",
    "sanctions",
    "economy",
    "budget",
    "vote",
    "crisis",
    "security",
    "guarantees",
    "troops",
    "negotiations",
    "alliance",
    "treaty",
    "council",
];
const NEWS_VERBS: &[&str] = &[
    "reject",
    "approve",
    "discuss",
    "announce",
    "propose",
    "demand",
    "accept",
    "question",
    "warn",
    "block",
    "support",
    "criticize",
    "organize",
    "recognize",
    "delay",
    "review",
    "sign",
    "prepare",
];
const NEWS_ADJECTIVES: &[&str] = &[
    "new",
    "former",
    "senior",
    "key",
    "bilateral",
    "military",
    "political",
    "economic",
    "possible",
    "future",
    "western",
    "regional",
    "legitimate",
    "fragile",
    "long-term",
    "urgent",
    "public",
];
const TITLES: &[&str] = &[
    "President",
    "Foreign Minister",
    "Prime Minister",
    "spokesman",
    "envoy",
    "Defence Minister",
    "Chancellor",
    "Secretary General",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January", "March", "May", "June", "August", "October", "December",
];

/// Phrases every story on a topic repeats; never reuse by themselves.
const STOCK_PHRASES: &[&str] = &[
    "according to people familiar with the matter",
    "said in a statement on",
    "did not immediately respond to a request",
    "security guarantees for the region",
    "in a televised address",
    "told reporters at the White House",
    "the latest round of talks",
    "on condition of anonymity",
];

/// Short stock phrases (three or four words, shorter than the index's n-grams with their
/// function words), strung two or three in a row at the end of some sentences.
const SHORT_STOCK: &[&str] = &[
    "on Thursday evening",
    "the prime minister said",
    "in recent weeks",
    "officials told reporters",
    "according to a statement",
    "as talks continued",
];

/// Shares of the corpus that carry each viral wire copy (with `Options::viral`).
const VIRAL_SHARES: &[f64] = &[0.005, 0.015, 0.03, 0.08, 0.15];

/// Edits a viral copy may go through: light ones, a word or a sentence.
const VIRAL_EDITS: &[&str] = &[
    "drop_word",
    "swap_words",
    "respell",
    "quotes",
    "cut_sentence",
];

/// What to generate besides the base corpus.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Add viral wire copies: passages reprinted by 0.5 % to 15 % of the articles.
    pub viral: bool,
    /// End some sentences with two or three stock phrases in a row, some of three or four words.
    pub stock_chains: bool,
    /// A clean corpus: articles share the planted copies and nothing else (no stock phrases, no
    /// outlet footers, no line in every article, no near misses). Overrides the two above.
    pub clean: bool,
}

/// A line carried by every article of the corpus (page clutter).
const EVERY_ARTICLE_LINE: &str = "Solve the daily Crossword";

/// Footers, one per outlet: boilerplate in many articles.
const FOOTERS: &[&str] = &[
    "Join our channel on WhatsApp and stay up to date with the stories that matter most to readers across the country every day.",
    "Sign up for push alerts to get the best breaking news, analysis and comment delivered directly to your phone.",
    "This article was produced with the help of our partners and is part of a series on politics and power in the wider region.",
    "Listen to our podcast daily for a deep dive on the stories that matter, with reporters and editors from around the world.",
    "Copyright of this material belongs to the publisher and it may not be published, broadcast, rewritten or redistributed without permission.",
    "Support independent journalism by subscribing today and get unlimited access to every story, newsletter and puzzle on our site.",
    "Follow our live coverage for the latest updates, and send us your questions about the story to our newsroom by email.",
    "Read more from our correspondents in the field and get the morning briefing delivered to your inbox before breakfast.",
];

pub struct Vocabulary {
    nouns: Vec<String>,
    verbs: Vec<String>,
    adjectives: Vec<String>,
    adverbs: Vec<String>,
    /// Family names, some with transliteration variants (`-sky`, `-ey`).
    names: Vec<String>,
    given: Vec<String>,
    places: Vec<String>,
    /// Acronyms of organizations, written plain (`UNC`); dots are an edit.
    orgs: Vec<String>,
}

impl Vocabulary {
    pub fn new() -> Vocabulary {
        let mut rng = Rng::new(0x0c0f_fee0);
        let words = |n: usize, rng: &mut Rng, suffix: &[&str]| -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            while out.len() < n {
                let syllables = rng.range(1, 2);
                let w = format!("{}{}", made_up_word(rng, syllables), rng.pick(suffix));
                if w.len() >= 4 && seen.insert(w.clone()) {
                    out.push(w);
                }
            }
            out
        };
        let mut nouns: Vec<String> = NEWS_NOUNS.iter().map(|s| s.to_string()).collect();
        nouns.extend(words(
            1600,
            &mut rng,
            &["", "", "tion", "ment", "ity", "er", "ance"],
        ));
        let mut verbs: Vec<String> = NEWS_VERBS.iter().map(|s| s.to_string()).collect();
        verbs.extend(words(700, &mut rng, &["", "ize", "en", "ate"]));
        let mut adjectives: Vec<String> = NEWS_ADJECTIVES.iter().map(|s| s.to_string()).collect();
        adjectives.extend(words(700, &mut rng, &["al", "ous", "ive", "ic", "ent"]));
        let adverbs = words(150, &mut rng, &["ly"]);
        let names = words(
            400,
            &mut rng,
            &["sky", "ov", "enko", "ley", "son", "ei", "ez", "mann"],
        )
        .into_iter()
        .map(|w| capitalize(&w))
        .collect();
        let given = words(150, &mut rng, &["", "a", "ey", "o"])
            .into_iter()
            .map(|w| capitalize(&w))
            .collect();
        let places = words(200, &mut rng, &["", "ia", "burg", "stan", "ville"])
            .into_iter()
            .map(|w| capitalize(&w))
            .collect();
        let mut orgs = Vec::new();
        let letters = b"ABCDEFGHKLMNPRSTUW";
        while orgs.len() < 40 {
            let len = rng.range(2, 4);
            let acronym: String = (0..len).map(|_| *rng.pick(letters) as char).collect();
            if !orgs.contains(&acronym) {
                orgs.push(acronym);
            }
        }
        Vocabulary {
            nouns,
            verbs,
            adjectives,
            adverbs,
            names,
            given,
            places,
            orgs,
        }
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn past(verb: &str) -> String {
    if let Some(stem) = verb.strip_suffix('e') {
        format!("{stem}ed")
    } else {
        format!("{verb}ed")
    }
}

fn third(verb: &str) -> String {
    format!("{verb}s")
}

fn plural(noun: &str) -> String {
    if noun.ends_with('s') {
        noun.to_owned()
    } else {
        format!("{noun}s")
    }
}

/// How an outlet writes quotes.
#[derive(Clone, Copy)]
struct Style {
    curly: bool,
    /// No stock phrases (a clean corpus).
    plain: bool,
}

struct Writer<'v> {
    v: &'v Vocabulary,
    rng: Rng,
}

impl Writer<'_> {
    fn noun(&mut self) -> String {
        let i = self.rng.zipf(self.v.nouns.len());
        self.v.nouns[i].clone()
    }
    fn verb(&mut self) -> String {
        let i = self.rng.zipf(self.v.verbs.len());
        self.v.verbs[i].clone()
    }
    fn adj(&mut self) -> String {
        let i = self.rng.zipf(self.v.adjectives.len());
        self.v.adjectives[i].clone()
    }
    fn adverb(&mut self) -> String {
        let i = self.rng.below(self.v.adverbs.len());
        self.v.adverbs[i].clone()
    }
    fn person(&mut self) -> String {
        let given = self.rng.pick(&self.v.given).clone();
        let i = self.rng.zipf(self.v.names.len());
        format!("{given} {}", self.v.names[i])
    }
    fn surname(&mut self) -> String {
        let i = self.rng.zipf(self.v.names.len());
        self.v.names[i].clone()
    }
    fn place(&mut self) -> String {
        let i = self.rng.zipf(self.v.places.len());
        self.v.places[i].clone()
    }
    fn org(&mut self) -> String {
        self.rng.pick(&self.v.orgs).clone()
    }
    fn number(&mut self) -> String {
        match self.rng.below(3) {
            0 => self.rng.range(2, 40).to_string(),
            1 => format!("{},{:03}", self.rng.range(1, 90), self.rng.below(1000)),
            _ => format!("{}.{}", self.rng.range(1, 99), self.rng.below(10)),
        }
    }

    fn clause(&mut self) -> String {
        let (n1, n2, a1, v) = (self.noun(), self.noun(), self.adj(), self.verb());
        match self.rng.below(6) {
            0 => format!("the {a1} {n1} would {v} the {n2}"),
            1 => format!(
                "{} {} the {a1} {n1} of {}",
                self.org(),
                past(&v),
                self.place()
            ),
            2 => format!(
                "{} {} had {} {} {n2} in {}",
                self.number(),
                plural(&n1),
                past(&v),
                a1,
                self.place()
            ),
            3 => format!(
                "the {n1} {} {} despite the {a1} {n2}",
                self.adverb(),
                past(&v)
            ),
            4 => format!(
                "{} was ready to {v} any {a1} {n1} with {}",
                self.surname(),
                self.place()
            ),
            _ => format!(
                "talks on the {n1} could {v} a {a1} {n2} by {}",
                self.rng.pick(MONTHS)
            ),
        }
    }

    fn sentence(&mut self, style: Style) -> String {
        let (open, close) = if style.curly {
            ("“", "”")
        } else {
            ("\"", "\"")
        };
        let s = match self.rng.below(10) {
            0 => format!(
                "{} {} {} said on {} that {}.",
                self.person(),
                self.rng.pick(TITLES).to_lowercase(),
                self.place(),
                self.rng.pick(DAYS),
                self.clause()
            ),
            1 => format!(
                "{open}{},{close} {} told reporters in {}.",
                capitalize(&self.clause()),
                self.surname(),
                self.place()
            ),
            2 => format!(
                "In {}, {} as the {} {} {} the {}.",
                self.place(),
                self.clause(),
                self.org(),
                self.noun(),
                third(&self.verb()),
                self.noun()
            ),
            3 => format!(
                "The {} of the {} {} has {} since {}, when {}.",
                self.noun(),
                self.adj(),
                self.noun(),
                past(&self.verb()),
                self.rng.pick(MONTHS),
                self.clause()
            ),
            4 => format!(
                "{} {} {} {} the {} {} after {}.",
                self.rng.pick(TITLES),
                self.person(),
                self.adverb(),
                past(&self.verb()),
                self.adj(),
                self.noun(),
                self.clause()
            ),
            5 if style.plain => format!("Officials in {} said {}.", self.place(), self.clause()),
            5 => format!(
                "Officials in {} said {}, {}.",
                self.place(),
                self.clause(),
                self.rng.pick(STOCK_PHRASES)
            ),
            6 => format!(
                "{} {} that {} and that {}.",
                self.person(),
                past(&self.verb()),
                self.clause(),
                self.clause()
            ),
            7 => format!(
                "A {} {} for the {} {} {} the {} on {}.",
                self.adj(),
                self.noun(),
                self.org(),
                third(&self.verb()),
                self.adverb(),
                self.noun(),
                self.rng.pick(DAYS)
            ),
            8 if style.plain => format!(
                "{}, {} {} on {}.",
                capitalize(&self.clause()),
                self.surname(),
                past(&self.verb()),
                self.rng.pick(DAYS)
            ),
            8 => format!(
                "{}, {} {} {} {}.",
                capitalize(&self.clause()),
                self.surname(),
                past(&self.verb()),
                self.rng.pick(STOCK_PHRASES),
                self.rng.pick(DAYS)
            ),
            _ => format!(
                "{open}We will not {} the {} of {},{close} {} said, adding that {}.",
                self.verb(),
                self.noun(),
                self.place(),
                self.surname(),
                self.clause()
            ),
        };
        capitalize(&s)
    }
}

/// One sentence of an article, with where it came from.
#[derive(Clone)]
struct Sent {
    text: String,
    /// Unique over the corpus: positions shift as copies are inserted, ids do not.
    id: usize,
    /// Planted copy id, if this sentence belongs to a planted copy.
    planted: Option<usize>,
    /// True once a copy or near miss was taken from this sentence: runs never overlap, so that
    /// every pair sharing text is in the truth list.
    is_source: bool,
}

#[derive(Clone)]
struct Article {
    name: String,
    title: String,
    outlet: usize,
    blank_lines: bool,
    paragraphs: Vec<Vec<Sent>>,
}

/// A span of one generated article: `doc` name and byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub doc: String,
    pub bytes: Range<usize>,
}

/// One planted pair: the same passage in two articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthPair {
    pub a: Span,
    pub b: Span,
    /// The edits the copies went through.
    pub edits: Vec<String>,
}

/// A generated corpus.
pub struct Generated {
    /// `(name, text)` of every article.
    pub articles: Vec<(String, String)>,
    /// Every planted pair.
    pub truth: Vec<TruthPair>,
    /// Near-miss passages: reported matches here are false positives.
    pub near_misses: Vec<TruthPair>,
    /// The outlet of each article (its footer is that outlet's boilerplate).
    pub outlets: Vec<String>,
    /// Each viral wire: every carrier's copy (the source first).
    pub wires: Vec<Vec<Span>>,
}

const EDITS: &[&str] = &[
    "respell",
    "dots",
    "quotes",
    "case",
    "drop_word",
    "add_word",
    "swap_words",
    "add_sentence",
    "cut_sentence",
    "honorific",
];

/// One planted copy: where its source run is.
struct Plant {
    source: usize,
    /// Ids of the source sentences.
    sentences: Vec<usize>,
    edits: Vec<String>,
    target: usize,
}

/// Generates `n` articles from `seed`.
pub fn generate(n: usize, seed: u64) -> Generated {
    generate_with(n, seed, Options::default())
}

/// Planted ids of viral copies start here (plants count up from 0, near misses down from the top).
const WIRE_BASE: usize = usize::MAX / 2;

/// Generates `n` articles from `seed`, with `options`. The extras draw from their own random
/// stream, so the base corpus is the same with or without them.
pub fn generate_with(n: usize, seed: u64, options: Options) -> Generated {
    let vocabulary = Vocabulary::new();
    let mut w = Writer {
        v: &vocabulary,
        rng: Rng::new(seed),
    };
    let mut articles: Vec<Article> = (0..n)
        .map(|i| {
            let outlet = w.rng.below(FOOTERS.len());
            let style = Style {
                curly: outlet % 3 != 0,
                plain: options.clean,
            };
            let target_words = w.rng.range(500, 900);
            let mut paragraphs = Vec::new();
            let mut words = 0;
            while words < target_words {
                let count = w.rng.range(1, 3);
                let para: Vec<Sent> = (0..count)
                    .map(|_| Sent {
                        text: w.sentence(style),
                        id: w.rng.next_u64() as usize,
                        planted: None,
                        is_source: false,
                    })
                    .collect();
                words += para
                    .iter()
                    .map(|s| s.text.split_whitespace().count())
                    .sum::<usize>();
                paragraphs.push(para);
            }
            let title = capitalize(&w.clause());
            Article {
                name: format!("{i:06}_{:016x}.txt", w.rng.next_u64()),
                title,
                outlet,
                blank_lines: w.rng.chance(0.3),
                paragraphs,
            }
        })
        .collect();

    // Plant copies: a run of 2-6 original sentences of one article, edited, into another.
    let mut plants: Vec<Plant> = Vec::new();
    let copies = if n < 2 { 0 } else { n * 2 / 5 };
    let mut clusters: Vec<Vec<usize>> = Vec::new(); // plant ids sharing one source run
    for _ in 0..copies {
        let reuse_run = !plants.is_empty() && w.rng.chance(0.2);
        let (source, sentences, cluster) = if reuse_run {
            let c = w.rng.below(clusters.len());
            let first = &plants[clusters[c][0]];
            (first.source, first.sentences.clone(), Some(c))
        } else {
            let source = w.rng.below(n);
            let Some(run) = original_run(&articles[source], &mut w.rng) else {
                continue;
            };
            mark_source(&mut articles[source], &run);
            (source, run, None)
        };
        let mut target = w.rng.below(n);
        let taken: Vec<usize> = cluster
            .map(|c| clusters[c].iter().map(|&p| plants[p].target).collect())
            .unwrap_or_default();
        let mut tries = 0;
        while (target == source || taken.contains(&target)) && tries < 10 {
            target = w.rng.below(n);
            tries += 1;
        }
        if target == source || taken.contains(&target) {
            continue;
        }
        let edit_count = w.rng.range(1, 4);
        let mut edits: Vec<String> = (0..edit_count)
            .map(|_| w.rng.pick(EDITS).to_string())
            .collect();
        edits.sort();
        edits.dedup();
        let id = plants.len();
        plants.push(Plant {
            source,
            sentences,
            edits,
            target,
        });
        match cluster {
            Some(c) => clusters[c].push(id),
            None => clusters.push(vec![id]),
        }
    }
    for (id, plant) in plants.iter().enumerate() {
        let style = Style {
            curly: articles[plant.target].outlet % 3 != 0,
            plain: options.clean,
        };
        let source_sents: Vec<String> = plant
            .sentences
            .iter()
            .filter_map(|&id| sentence_text(&articles[plant.source], id))
            .collect();
        let edited = edit_passage(&mut w, &source_sents, &plant.edits, style);
        let sents: Vec<Sent> = edited
            .into_iter()
            .map(|text| Sent {
                text,
                id: w.rng.next_u64() as usize,
                planted: Some(id),
                is_source: false,
            })
            .collect();
        let target = &mut articles[plant.target];
        let at = insertion_point(target, &mut w.rng);
        if w.rng.chance(0.3) && at < target.paragraphs.len() && !has_source(&target.paragraphs[at])
        {
            // Inside an existing paragraph, between two of its sentences.
            let para = &mut target.paragraphs[at];
            let pos = w.rng.below(para.len() + 1);
            for (k, s) in sents.into_iter().enumerate() {
                para.insert(pos + k, s);
            }
        } else {
            target.paragraphs.insert(at, sents);
        }
    }

    // Near misses: two sentences of another article with most content words replaced.
    let mut near: Vec<(usize, Vec<usize>, usize)> = Vec::new();
    let near_count = if options.clean { 0 } else { n / 10 };
    for _ in 0..near_count {
        let source = w.rng.below(n);
        let Some(run) = original_run(&articles[source], &mut w.rng) else {
            continue;
        };
        let run: Vec<usize> = run.into_iter().take(2).collect();
        mark_source(&mut articles[source], &run);
        let target = (source + 1 + w.rng.below(n.max(2) - 1)) % n;
        if target == source {
            continue;
        }
        let texts: Vec<String> = run
            .iter()
            .filter_map(|&id| sentence_text(&articles[source], id))
            .map(|t| near_miss(&mut w, &t))
            .collect();
        let id = usize::MAX - near.len();
        let at = insertion_point(&articles[target], &mut w.rng);
        articles[target].paragraphs.insert(
            at,
            texts
                .into_iter()
                .map(|text| Sent {
                    text,
                    id: 0,
                    planted: Some(id),
                    is_source: false,
                })
                .collect(),
        );
        near.push((source, run, target));
    }

    // Stock phrases two or three in a row at the end of some original sentences.
    let mut extra = Rng::new(seed ^ 0x0005_70c4_0a11);
    let all_stock: Vec<&str> = STOCK_PHRASES.iter().chain(SHORT_STOCK).copied().collect();
    for article in &mut articles {
        for sent in article.paragraphs.iter_mut().flatten() {
            if !options.stock_chains
                || options.clean
                || sent.planted.is_some()
                || sent.is_source
                || !extra.chance(0.06)
            {
                continue;
            }
            let count = extra.range(2, 3);
            let chain: Vec<&str> = (0..count).map(|_| *extra.pick(&all_stock)).collect();
            if let Some(body) = sent.text.strip_suffix('.') {
                sent.text = format!("{body}, {}.", chain.join(" "));
            }
        }
    }

    // Viral wire copies: a passage of one article reprinted, lightly edited, by many.
    let mut wire_runs: Vec<(usize, Vec<usize>, Vec<usize>)> = Vec::new();
    if options.viral && !options.clean && n >= 4 {
        for (k, share) in VIRAL_SHARES.iter().enumerate() {
            let carriers = ((share * n as f64).round() as usize).clamp(2, n - 1);
            let source = extra.below(n);
            let Some(run) = original_run(&articles[source], &mut extra) else {
                continue;
            };
            let run: Vec<usize> = run.into_iter().take(3).collect();
            mark_source(&mut articles[source], &run);
            let source_sents: Vec<String> = run
                .iter()
                .filter_map(|&id| sentence_text(&articles[source], id))
                .collect();
            let mut targets: Vec<usize> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            seen.insert(source);
            while targets.len() + 1 < carriers && seen.len() < n {
                let t = extra.below(n);
                if seen.insert(t) {
                    targets.push(t);
                }
            }
            for &t in &targets {
                let edit_count = extra.range(0, 2);
                let edits: Vec<String> = (0..edit_count)
                    .map(|_| extra.pick(VIRAL_EDITS).to_string())
                    .collect();
                let style = Style {
                    curly: articles[t].outlet % 3 != 0,
                    plain: options.clean,
                };
                let mut wx = Writer {
                    v: &vocabulary,
                    rng: Rng::new(extra.next_u64()),
                };
                let edited = edit_passage(&mut wx, &source_sents, &edits, style);
                let sents: Vec<Sent> = edited
                    .into_iter()
                    .map(|text| Sent {
                        text,
                        id: extra.next_u64() as usize,
                        planted: Some(WIRE_BASE + k),
                        is_source: false,
                    })
                    .collect();
                let at = insertion_point(&articles[t], &mut extra);
                articles[t].paragraphs.insert(at, sents);
            }
            wire_runs.push((source, run, targets));
        }
    }

    // Traps in the text itself: the line every article carries and the outlet footers.
    let texts: Vec<(String, Vec<Vec<Range<usize>>>)> = articles
        .iter_mut()
        .map(|a| {
            let mut rng = Rng::new(seed ^ a.name.len() as u64 ^ a.outlet as u64);
            let with_footer = rng.chance(0.85) && !options.clean;
            render(a, with_footer, !options.clean)
        })
        .collect();

    let span_of = |article: usize, run: &[usize]| -> Span {
        let a = &articles[article];
        let mut range: Option<Range<usize>> = None;
        for (p, para) in a.paragraphs.iter().enumerate() {
            for (s, sent) in para.iter().enumerate() {
                if run.contains(&sent.id) {
                    let r = texts[article].1[p][s].clone();
                    range = Some(match range {
                        Some(x) => x.start.min(r.start)..x.end.max(r.end),
                        None => r,
                    });
                }
            }
        }
        Span {
            doc: a.name.clone(),
            bytes: range.unwrap_or(0..0),
        }
    };
    let planted_span = |article: usize, id: usize| -> Option<Span> {
        let a = &articles[article];
        let mut range: Option<Range<usize>> = None;
        for (p, para) in a.paragraphs.iter().enumerate() {
            for (s, sent) in para.iter().enumerate() {
                if sent.planted == Some(id) {
                    let r = texts[article].1[p][s].clone();
                    range = Some(match range {
                        Some(x) => x.start.min(r.start)..x.end.max(r.end),
                        None => r,
                    });
                }
            }
        }
        range.map(|bytes| Span {
            doc: a.name.clone(),
            bytes,
        })
    };

    let mut truth = Vec::new();
    for cluster in &clusters {
        let first = &plants[cluster[0]];
        let source = span_of(first.source, &first.sentences);
        let copies: Vec<(Span, &Vec<String>)> = cluster
            .iter()
            .filter_map(|&id| Some((planted_span(plants[id].target, id)?, &plants[id].edits)))
            .collect();
        for (copy, edits) in &copies {
            truth.push(TruthPair {
                a: source.clone(),
                b: copy.clone(),
                edits: (*edits).clone(),
            });
        }
        for i in 0..copies.len() {
            for j in i + 1..copies.len() {
                let mut edits = copies[i].1.clone();
                edits.extend(copies[j].1.iter().cloned());
                edits.sort();
                edits.dedup();
                truth.push(TruthPair {
                    a: copies[i].0.clone(),
                    b: copies[j].0.clone(),
                    edits,
                });
            }
        }
    }
    let near_misses = near
        .iter()
        .enumerate()
        .filter_map(|(k, (source, run, target))| {
            Some(TruthPair {
                a: span_of(*source, run),
                b: planted_span(*target, usize::MAX - k)?,
                edits: vec!["near_miss".into()],
            })
        })
        .collect();
    let wires = wire_runs
        .iter()
        .enumerate()
        .map(|(k, (source, run, targets))| {
            let mut carriers = vec![span_of(*source, run)];
            carriers.extend(
                targets
                    .iter()
                    .filter_map(|&t| planted_span(t, WIRE_BASE + k)),
            );
            carriers
        })
        .collect();
    Generated {
        outlets: articles
            .iter()
            .map(|a| format!("Outlet {}", a.outlet + 1))
            .collect(),
        articles: articles
            .iter()
            .zip(texts)
            .map(|(a, (t, _))| (a.name.clone(), t))
            .collect(),
        truth,
        near_misses,
        wires,
    }
}

fn has_source(paragraph: &[Sent]) -> bool {
    paragraph.iter().any(|s| s.is_source)
}

/// A paragraph index to insert before that does not split a run copied elsewhere (its truth
/// span would then cover the inserted text).
fn insertion_point(article: &Article, rng: &mut Rng) -> usize {
    let n = article.paragraphs.len();
    let splits_run = |at: usize| {
        at > 0
            && at < n
            && has_source(&article.paragraphs[at - 1])
            && has_source(&article.paragraphs[at])
    };
    for _ in 0..20 {
        let at = rng.below(n + 1);
        if !splits_run(at) {
            return at;
        }
    }
    n
}

fn mark_source(article: &mut Article, run: &[usize]) {
    for sent in article.paragraphs.iter_mut().flatten() {
        if run.contains(&sent.id) {
            sent.is_source = true;
        }
    }
}

fn sentence_text(article: &Article, id: usize) -> Option<String> {
    article
        .paragraphs
        .iter()
        .flatten()
        .find(|s| s.id == id)
        .map(|s| s.text.clone())
}

/// A run of 2-6 consecutive original sentences of `article` (within one paragraph or across
/// consecutive ones), as sentence ids.
fn original_run(article: &Article, rng: &mut Rng) -> Option<Vec<usize>> {
    let all: Vec<(usize, usize)> = article
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, para)| (0..para.len()).map(move |s| (p, s)))
        .collect();
    let len = rng.range(2, 6);
    if all.len() < len {
        return None;
    }
    for _ in 0..20 {
        let start = rng.below(all.len() - len + 1);
        let run = &all[start..start + len];
        if run.iter().all(|&(p, s)| {
            let sent = &article.paragraphs[p][s];
            sent.planted.is_none() && !sent.is_source
        }) {
            return Some(
                run.iter()
                    .map(|&(p, s)| article.paragraphs[p][s].id)
                    .collect(),
            );
        }
    }
    None
}

/// The passage with its edits applied.
fn edit_passage(
    w: &mut Writer<'_>,
    sentences: &[String],
    edits: &[String],
    style: Style,
) -> Vec<String> {
    let mut sents: Vec<String> = sentences.to_vec();
    for edit in edits {
        let i = w.rng.below(sents.len());
        match edit.as_str() {
            "respell" => sents[i] = respell(&sents[i], &mut w.rng),
            "dots" => {
                for s in &mut sents {
                    *s = toggle_dots(s, &w.v.orgs);
                }
            }
            "quotes" => {
                for s in &mut sents {
                    *s = if s.contains('“') {
                        s.replace(['“', '”'], "\"").replace('’', "'")
                    } else {
                        swap_straight_quotes(s)
                    };
                }
            }
            "case" => sents[i] = change_case(&sents[i], &mut w.rng),
            "drop_word" => sents[i] = word_edit(&sents[i], &mut w.rng, WordEdit::Drop, w.v),
            "add_word" => sents[i] = word_edit(&sents[i], &mut w.rng, WordEdit::Add, w.v),
            "swap_words" => sents[i] = word_edit(&sents[i], &mut w.rng, WordEdit::Swap, w.v),
            "add_sentence" if sents.len() >= 2 => {
                let at = w.rng.range(1, sents.len() - 1);
                let s = w.sentence(style);
                sents.insert(at, s);
            }
            "cut_sentence" if sents.len() >= 3 => {
                let at = w.rng.range(1, sents.len() - 2);
                sents.remove(at);
            }
            "honorific" => sents[i] = honorific(&sents[i], &w.v.names),
            _ => sents[i] = word_edit(&sents[i], &mut w.rng, WordEdit::Drop, w.v),
        }
    }
    sents
}

/// Respells one long word the way transliterations and British/American spelling differ.
fn respell(sentence: &str, rng: &mut Rng) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let w = words[i].trim_matches(|c: char| !c.is_alphanumeric());
            w.len() >= 5
                && (w.ends_with("sky")
                    || w.ends_with("ey")
                    || w.ends_with("ei")
                    || w.contains("iz")
                    || w.contains("ll")
                    || w.ends_with('y'))
        })
        .collect();
    let Some(&i) = candidates.get(rng.below(candidates.len().max(1))) else {
        return sentence.to_owned();
    };
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    let w = &out[i];
    let respelled = if w.contains("sky") {
        w.replacen("sky", if rng.chance(0.5) { "skiy" } else { "skyy" }, 1)
    } else if w.contains("ey") {
        w.replacen("ey", "ei", 1)
    } else if w.contains("ei") {
        w.replacen("ei", "ey", 1)
    } else if w.contains("iz") {
        w.replacen("iz", "is", 1)
    } else if w.contains("ll") {
        w.replacen("ll", "l", 1)
    } else {
        w.replacen('y', "i", 1)
    };
    out[i] = respelled;
    out.join(" ")
}

fn toggle_dots(sentence: &str, orgs: &[String]) -> String {
    let mut out = sentence.to_owned();
    for org in orgs {
        let dotted: String = org.chars().map(|c| format!("{c}.")).collect();
        let plain_word = |s: &str| s.split(|c: char| !c.is_alphanumeric()).any(|w| w == org);
        if plain_word(&out) {
            out = out
                .split(' ')
                .map(|w| {
                    if w.trim_matches(|c: char| !c.is_alphanumeric()) == org {
                        w.replacen(org.as_str(), &dotted, 1)
                    } else {
                        w.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            // "U.N.." at the end of a sentence reads "U.N."
            out = out.replace("..", ".");
        }
    }
    out
}

fn swap_straight_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut open = true;
    for c in s.chars() {
        if c == '"' {
            out.push(if open { '“' } else { '”' });
            open = !open;
        } else if c == '\'' {
            out.push('’');
        } else {
            out.push(c);
        }
    }
    out
}

fn change_case(sentence: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = sentence.split(' ').map(str::to_owned).collect();
    let i = rng
        .range(1, words.len().saturating_sub(1).max(1))
        .min(words.len() - 1);
    let w = &words[i];
    words[i] = if w.chars().next().is_some_and(char::is_uppercase) {
        w.to_lowercase()
    } else {
        capitalize(w)
    };
    words.join(" ")
}

enum WordEdit {
    Drop,
    Add,
    Swap,
}

fn word_edit(sentence: &str, rng: &mut Rng, edit: WordEdit, v: &Vocabulary) -> String {
    let mut words: Vec<String> = sentence.split(' ').map(str::to_owned).collect();
    if words.len() < 4 {
        return sentence.to_owned();
    }
    // Keep the first and last word, which carry the sentence's capital and full stop.
    let i = rng.range(1, words.len() - 2);
    match edit {
        WordEdit::Drop => {
            words.remove(i);
        }
        WordEdit::Add => {
            let adj = rng.pick(&v.adjectives).clone();
            words.insert(i, adj);
        }
        WordEdit::Swap => {
            if i + 1 < words.len() - 1 {
                words.swap(i, i + 1);
            }
        }
    }
    words.join(" ")
}

fn honorific(sentence: &str, names: &[String]) -> String {
    for name in names {
        if let Some(at) = sentence.find(name.as_str()) {
            let before = &sentence[..at];
            if let Some(bare) = before.strip_suffix("Mr ") {
                return format!("{bare}{}", &sentence[at..]);
            }
            // Only before a bare surname, not between a given name and a surname.
            if before.is_empty()
                || before.ends_with(", ")
                || before.ends_with("said ")
                || before.ends_with(' ')
            {
                let prefix = if before.ends_with(' ')
                    && before
                        .trim_end()
                        .chars()
                        .last()
                        .is_some_and(char::is_uppercase)
                {
                    continue;
                } else {
                    "Mr "
                };
                return format!("{before}{prefix}{}", &sentence[at..]);
            }
        }
    }
    sentence.to_owned()
}

/// The sentence with most content words replaced: the same shape, a few words in common.
fn near_miss(w: &mut Writer<'_>, sentence: &str) -> String {
    let words: Vec<String> = sentence
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            let is_function = bare.len() <= 3;
            if i > 0 && !is_function && w.rng.chance(0.7) {
                word.replacen(bare, &w.noun(), 1)
            } else {
                word.to_owned()
            }
        })
        .collect();
    words.join(" ")
}

/// The article as text, and the byte span of every sentence.
fn render(
    article: &Article,
    with_footer: bool,
    with_every_line: bool,
) -> (String, Vec<Vec<Range<usize>>>) {
    let mut text = String::new();
    let sep = if article.blank_lines { "\n\n" } else { "\n" };
    let _ = write!(text, "{}{sep}", article.title);
    let mut spans = Vec::new();
    let every_line_at = article.paragraphs.len() / 2;
    for (p, para) in article.paragraphs.iter().enumerate() {
        if with_every_line && p == every_line_at {
            let _ = write!(text, "{EVERY_ARTICLE_LINE}{sep}");
        }
        let mut sent_spans = Vec::new();
        for (s, sent) in para.iter().enumerate() {
            if s > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&sent.text);
            sent_spans.push(start..text.len());
        }
        text.push_str(sep);
        spans.push(sent_spans);
    }
    if with_footer {
        let _ = writeln!(text, "{}", FOOTERS[article.outlet]);
    }
    (text, spans)
}

/// How well `found` (pairs of spans) recovers `truth`: (recall, precision, misses, false alarms).
/// A truth pair is found when one match covers at least half of it on both sides; a match is
/// right when at least half of it lies in one truth pair on both sides.
pub fn score(found: &[(Span, Span)], truth: &[TruthPair]) -> (f64, f64, Vec<usize>, Vec<usize>) {
    fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
        x.end.min(y.end).saturating_sub(x.start.max(y.start))
    }
    let covers = |m: &(Span, Span), t: &TruthPair, of_truth: bool| {
        let sides = [(&m.0, &t.a, &m.1, &t.b), (&m.1, &t.a, &m.0, &t.b)];
        sides.iter().any(|(ma, ta, mb, tb)| {
            ma.doc == ta.doc && mb.doc == tb.doc && {
                let (la, lb) = if of_truth {
                    (ta.bytes.len(), tb.bytes.len())
                } else {
                    (ma.bytes.len(), mb.bytes.len())
                };
                2 * overlap(&ma.bytes, &ta.bytes) >= la && 2 * overlap(&mb.bytes, &tb.bytes) >= lb
            }
        })
    };
    let misses: Vec<usize> = (0..truth.len())
        .filter(|&i| !found.iter().any(|m| covers(m, &truth[i], true)))
        .collect();
    let false_alarms: Vec<usize> = (0..found.len())
        .filter(|&i| !truth.iter().any(|t| covers(&found[i], t, false)))
        .collect();
    let recall = if truth.is_empty() {
        1.0
    } else {
        1.0 - misses.len() as f64 / truth.len() as f64
    };
    let precision = if found.is_empty() {
        1.0
    } else {
        1.0 - false_alarms.len() as f64 / found.len() as f64
    };
    (recall, precision, misses, false_alarms)
}
