//! The sandbox token service.
