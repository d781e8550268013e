//! Everything that talks HTTP: the contract's wire types, the client, and the
//! background worker that keeps network waits away from the UI thread.

pub mod client;
pub mod contract;
pub mod error;
pub mod url;
pub mod worker;
