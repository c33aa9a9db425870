//! Criterion benchmarks of the detection stages on a generated corpus (fixed seed): normalize
//! (text to tokens), index (tokens to candidate regions) and align (candidates to passages).
//! See benches/README.md for what each measures; benches/scale.sh measures whole scans.

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crossread::detect::align::{AlignSide, align_pair};
use crossread::detect::index::{ArticleTokens, Index};
use crossread::detect::normalize::tokenize;
use crossread::{Corpus, DetectConfig};

/// Articles for the index benchmark: the size the scale targets are set for.
const INDEX_ARTICLES: usize = 10_000;
/// Articles for normalize and align, whose cost is linear in them.
const SMALL_ARTICLES: usize = 1_000;

fn tokens_of(corpus: &Corpus) -> Vec<ArticleTokens> {
    corpus
        .articles
        .iter()
        .map(|a| ArticleTokens {
            tokens: tokenize(a.text()),
            is_stock: Vec::new(),
        })
        .collect()
}

fn corpus(n: usize) -> Corpus {
    let generated = generator::generate(n, 1);
    Corpus::from_texts(
        generated
            .articles
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
}

fn bench_normalize(c: &mut Criterion) {
    let corpus = corpus(SMALL_ARTICLES);
    let bytes: usize = corpus.articles.iter().map(|a| a.text().len()).sum();
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("tokenize_1k_articles", |b| {
        b.iter(|| {
            for a in &corpus.articles {
                black_box(tokenize(black_box(a.text())));
            }
        });
    });
    group.finish();
}

fn bench_index(c: &mut Criterion) {
    let corpus = corpus(INDEX_ARTICLES);
    let tokens = tokens_of(&corpus);
    let rank: Vec<u32> = (0..u32::try_from(tokens.len()).unwrap_or(u32::MAX)).collect();
    let config = DetectConfig::default();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build_10k_articles", |b| {
        b.iter_batched(
            || tokens.clone(),
            |mut t| black_box(Index::build(&mut t, &rank, &config, &|_, _| {})),
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

fn bench_align(c: &mut Criterion) {
    let corpus = corpus(SMALL_ARTICLES);
    let mut tokens = tokens_of(&corpus);
    let rank: Vec<u32> = (0..u32::try_from(tokens.len()).unwrap_or(u32::MAX)).collect();
    let config = DetectConfig::default();
    let index = Index::build(&mut tokens, &rank, &config, &|_, _| {});
    let mut pairs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 1..=index.candidates.len() {
        let c = &index.candidates;
        if i == c.len() || (c[i].a, c[i].b) != (c[start].a, c[start].b) {
            pairs.push(start..i);
            start = i;
        }
    }
    let side = |i: usize| AlignSide {
        text: corpus.articles[i].text(),
        tokens: &tokens[i],
        segmentation: &corpus.articles[i].segmentation,
    };
    let mut group = c.benchmark_group("align");
    group.throughput(Throughput::Elements(index.candidates.len() as u64));
    group.sample_size(20);
    group.bench_function("candidates_of_1k_articles", |b| {
        b.iter(|| {
            for range in &pairs {
                let cands = &index.candidates[range.clone()];
                let (x, y) = (cands[0].a.index(), cands[0].b.index());
                black_box(align_pair(side(x), side(y), cands, &config));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_normalize, bench_index, bench_align);
criterion_main!(benches);
