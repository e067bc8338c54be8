//! Test fixtures shared by every crate's integration tests.
