//! One module per screen or panel of the reader: its state and what its keys do. The
//! router in `app/update.rs` moves between them; `render/` draws each.

pub mod columns;
pub mod compare;
pub mod explain;
pub mod matrix;
pub mod passages;
pub mod picker;
pub mod reader;
pub mod search;
pub mod tags;
pub mod thresholds;
