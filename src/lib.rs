//! crossread: read one news story as many outlets told it.
//!
//! This library knows nothing about terminals. It loads a corpus of articles, splits them into
//! paragraphs and sentences, and keeps the configuration. The binary (`src/main.rs`, behind the
//! default `tui` feature) draws it. Data flows one way:
//! files → [`Corpus`] → [`Segmentation`] → index → matches → view state → frame.

#![deny(missing_docs)]

pub mod align;
pub mod anchor;
pub mod cache;
pub mod cluster;
pub mod config;
pub mod corpus;
pub mod error;
pub mod index;
pub mod keymap;
pub mod keys;
pub mod listing;
pub mod normalize;
pub mod pairing;
pub mod postings;
pub mod project;
pub mod refresh;
pub mod reuse;
pub mod segment;
pub mod tags;
pub mod text;
pub mod theme;
pub mod warning_summary;
pub mod wrap;

pub use anchor::{Resolution, TagAnchor};
pub use config::{Config, DetectConfig};
pub use corpus::{Article, ArticleId, Corpus, Warning};
pub use error::{Error, Result};
pub use project::Project;
pub use reuse::{Cluster, ClusterId, Match, MatchKind, Reuse, Side, detect};
pub use segment::{Paragraph, Segmentation, Sentence};
pub use tags::{Label, SaveReport, Tag, TagId, TagStore};
pub use text::DecodedText;
