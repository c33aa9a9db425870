//! Reuse detection: from a corpus to the passages its articles share. Each step is a function
//! of the one before: [`normalize`] folds spelling, [`index`] finds candidate pairs from shared
//! word sequences, [`align`] scores each pair, [`reuse`] turns aligned pairs into matches and
//! [`cluster`] groups matches into passages; [`wide`] tells stock phrases from passages too
//! widely carried to pair all their copies; [`source`] guesses which member of each passage
//! came first; [`stock`] says which stretches of a passage are stock phrases, and [`chain`]
//! which shared passages are only stock phrases in a row; [`postings`] and [`refresh`] keep
//! what the index learned so a changed corpus is re-matched without a full run.

pub mod align;
pub mod chain;
pub mod cluster;
pub mod index;
pub mod normalize;
pub mod postings;
pub mod refresh;
pub mod reuse;
pub mod source;
pub mod stock;
pub mod wide;
