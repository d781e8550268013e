//! `impact-token sandbox`: serves the sandbox token service in the
//! foreground until interrupted.

use std::net::SocketAddr;
use std::process::ExitCode;

use crate::commands::{Failure, exit, runtime};

/// Serves the sandbox on `addr` (it prints its demo credentials).
pub fn run(addr: SocketAddr) -> Result<ExitCode, Failure> {
    let rt = runtime()?;
    rt.block_on(crate::sandbox::run_standalone(addr))
        .map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}
