//! What the reader's views draw, computed without a terminal: articles wrapped to a width
//! ([`wrap`]) and two articles paired row by row for the compare view ([`pairing`]).

pub mod pairing;
pub mod wrap;
