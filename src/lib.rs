//! impact-token: create scoped impact.com API access tokens from a terminal.
//!
//! Layout, for a newcomer:
//! - [`contract`]: the token-service wire types that the client and the sandbox both speak.
//! - [`model`]: pure models (catalog, scope selection, tree, search, presets,
//!   spec files, validation, request).
//! - [`api`]: the HTTP client and the background worker.
//! - [`sandbox`]: an in-process server implementing the contract, for trying and testing.
//! - [`tui`]: the wizard: state, `update`, key mapping, views, the event loop.
//! - [`commands`]: what each command-line command does; [`cli`]: its arguments.
//! - [`store`]: what is kept on disk (drafts, config, presets), written privately.
//! - [`text`]: user-facing strings that need nothing but their arguments.
//! - [`memory`]: the allocator that wipes freed memory (secrets linger nowhere).
//!
//! Layers only point down. Bottom to top: [`contract`] and [`memory`];
//! [`text`]; [`model`]; [`api`], [`sandbox`] and [`store`] side by side
//! (none imports another); [`tui`]; [`commands`] (which reads [`cli`]); the
//! binary. `tests/layers.rs` fails on an import that points up or sideways.
//! The launcher (`commands::launch`) starts the in-process sandbox and gives
//! the worker a way to start it, so `api` never imports `sandbox`.

#![warn(missing_docs)]

pub mod api;
pub mod cli;
pub mod commands;
pub mod contract;
pub mod memory;
pub mod model;
pub mod sandbox;
pub mod store;
pub mod text;
pub mod tui;
