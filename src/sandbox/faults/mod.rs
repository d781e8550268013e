//! Fault and latency injection: the failures a real network and server can
//! produce, on demand, so the client's handling of each can be tested.
//!
//! The grammar shared by `IMPACT_SANDBOX_FAULTS` and the admin endpoint is
//! described in the [module documentation](super).
//!
//! - `grammar.rs`: [`Route`], [`Fault`] and `route=fault*times` specs;
//! - `plan.rs`: the pending faults and latencies per route;
//! - `responses.rs`: what each fault answers;
//! - `admin.rs`: `POST /__sandbox/faults`.

mod admin;
mod grammar;
mod plan;
mod responses;

pub(crate) use admin::admin;
pub use grammar::{Fault, FaultSpec, Route, parse_fault_spec};
pub(crate) use plan::FaultPlan;
pub(crate) use responses::{dropped_connection, hang, respond};
