//! crossread: read one news story as many outlets told it.
//!
//! This library knows nothing about terminals. It loads a corpus of articles, splits them into
//! paragraphs and sentences, and keeps the configuration. The binary (`src/main.rs`, behind the
//! default `tui` feature) draws it. Data flows one way:
//! files → [`Corpus`] → [`Segmentation`] → index → matches → view state → frame.

#![deny(missing_docs)]

pub mod config;
pub mod corpus;
pub mod error;
pub mod normalize;
pub mod project;
pub mod segment;
pub mod text;

pub use config::Config;
pub use corpus::{Article, ArticleId, Corpus, Warning};
pub use error::{Error, Result};
pub use project::Project;
pub use segment::{Paragraph, Segmentation, Sentence};
pub use text::DecodedText;
