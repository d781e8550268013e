//! Everything that talks HTTP: the client, URL checks, errors, and the
//! background worker that keeps network waits away from the UI thread.

pub mod client;
pub mod error;
pub mod ops;
pub mod paging;
pub mod ratelimit;
pub mod retry;
pub mod starter;
pub mod url;
pub mod worker;
