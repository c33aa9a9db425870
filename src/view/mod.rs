//! What the reader's views draw, computed without a terminal: articles wrapped to a width
//! ([`wrap`]), two articles paired row by row for the compare view ([`pairing`]), the
//! word-level differences inside a shared passage ([`word_diff`]), why a passage was flagged
//! ([`explain`]), who shares how much with whom ([`matrix`]), and where typed words occur
//! ([`find`]).

pub mod explain;
pub mod find;
pub mod matrix;
pub mod pairing;
pub mod word_diff;
pub mod wrap;
