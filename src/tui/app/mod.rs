//! The reader's core: its state, the actions it answers, the keymap that turns terminal
//! events into actions, and `update`, the one place that moves between screens.

pub mod action;
pub mod click;
pub mod keymap;
pub mod layout;
pub mod loading;
pub mod outcome;
pub mod quote;
pub mod reuse;
pub mod screen;
pub mod state;
pub mod update;
pub mod views;
