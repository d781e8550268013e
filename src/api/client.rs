//! The HTTP client of the token-service contract.
