//! The end-to-end tests: the real binary in a pseudo-terminal (see
//! `tests/common/pty.rs`), one file a theme.
//!
//! They are one test binary rather than one per file: they spend their time
//! waiting on the program, not on the CPU, and in one pool of test threads
//! a long test overlaps the others instead of holding up its own file's
//! binary. Run one file's tests with `cargo test --test e2e safety::`.

#[path = "../common/mod.rs"]
mod common;

mod bounded;
mod everyday;
mod jobcontrol;
mod memory;
mod page;
mod profiles;
mod recovery;
mod safety;
mod scrollback;
mod terminal;
mod wizard;
