//! API failures and how they read to a person.
