//! crossread: read one news story as many outlets told it.
//!
//! This library knows nothing about terminals: it returns values, warnings and progress, and
//! never prints or exits. The binary (`src/main.rs`, `src/cli/`, `src/tui/`, behind the default
//! `tui` feature) draws it; its screens share one list picker (`tui/pick.rs`) and one fuzzy
//! matcher (`tui/fuzzy.rs`). The folders below, in pipeline order:
//!
//! - [`config`]: `config.toml` (corpus, `[detect]`, `[[source]]`), key notation, keymaps, colours.
//! - [`corpus`]: listing a folder, reading and decoding files, segmenting: files → [`Corpus`].
//! - [`detect`](mod@detect): normalize, index, align, reuse, cluster, postings, refresh: corpus → [`Reuse`].
//! - [`cache`]: what a scan learned, kept between runs.
//! - [`exchange`]: the corpus written out for passim, and results made elsewhere (passim, another
//!   machine's `scan`) read back in place of detection.
//! - [`tags`]: the user's tags, their anchors, merging with the file on disk, exports.
//! - [`view`]: what the views draw, without a terminal: wrapping, compare rows, word diffs.
//! - [`cite`]: a quote with its citation (outlet, title, date, file and line), as `[cite]` formats it.
//! - [`report`]: what was found as a document (HTML, Markdown) for people who will not run crossread.
//! - [`project`] and [`error`]: where a corpus lives; the one error type. `atomic_file`: the
//!   one way a file is replaced whole (tags, cache). `hash`: the one stable hash.
//!
//! Data flows one way: files → [`Corpus`] → [`Segmentation`] → index → matches → view state →
//! frame.
//!
//! A module that outgrew one file keeps its parts in a folder of its name (`tags/file.rs`
//! reads, `tags/file/write.rs` writes; `cache/format.rs` writes, `cache/format/read.rs`
//! reads), and long unit tests sit beside their module in `<module>/tests.rs`.
//! `tests/source_size.rs` keeps files to 600 lines and functions to 100 unless a comment says
//! why, and `tests/module_graph.rs` keeps imports free of circles.

#![deny(missing_docs)]

mod atomic_file;
pub mod cache;
pub mod cite;
pub mod config;
pub mod corpus;
pub mod detect;
pub mod error;
pub mod exchange;
mod hash;
pub mod project;
pub mod report;
pub mod tags;
pub mod view;

pub use config::{Config, DetectConfig};
pub use corpus::segment::{Paragraph, Segmentation, Sentence};
pub use corpus::text::DecodedText;
pub use corpus::{Article, ArticleId, Corpus, Warning};
pub use detect::reuse::{Cluster, ClusterId, Match, MatchKind, Reuse, Side, detect};
pub use error::{Error, Result};
pub use project::Project;
pub use tags::anchor::{Resolution, TagAnchor};
pub use tags::{Label, SaveReport, Tag, TagId, TagStore};
