//! Pure models: no terminal, no network. Each has its own unit tests.

pub mod account;
pub mod catalog;
pub mod checklist;
pub mod credential;
pub mod diff;
pub mod evidence;
pub mod matching;
pub mod merge;
pub mod preset;
pub mod probe;
pub mod request;
pub mod search;
pub mod selection;
pub mod spec;
pub mod tokens;
pub mod tree;
pub mod unshown;
pub mod validate;
pub mod verify;
