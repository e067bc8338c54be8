//! The KMIP protocol, as data: the TTLV codec, the tag and enumeration tables of KMIP 1.0–2.1,
//! the XML encoding used by the OASIS test cases, and typed messages.
//!
//! Nothing here does I/O. Everything that reads bytes treats them as untrusted: lengths are
//! checked against the bytes present and against configured limits before any allocation, and
//! no input can make this crate panic.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod message;
pub mod spec;
pub mod ttlv;
pub mod xml;

pub use ttlv::{Item, ItemType, Tag, Value};
