//! The KMIP XML encoding (KMIP Profiles 2.1 §5.4), as the OASIS test vectors use it.
//!
//! An element's name is its tag's name (`<ProtocolVersionMajor .../>`; a tag without a name is
//! `<TTLV tag="0x540001" .../>`), its `type` attribute the item type and its `value` attribute
//! the value in text; a Structure is an element with children and no `type` (or
//! `type="Structure"`). A vector file is a `<KMIP>` root holding request and response messages.
//!
//! [`read_items`] and [`read_item`] parse; [`write_item`] writes indented XML whose reading gives
//! the same tree. Values that the vectors leave to run time (`$NOW`, `$UNIQUE_IDENTIFIER_0`) go
//! through an optional resolver ([`ReadOptions::placeholder`]).
//!
//! Errors name the element and its line but never the value, which may be key material.

mod datetime;
mod error;
mod read;
mod value;
mod write;

pub use error::{Position, XmlError};
pub use read::{
    read_item, read_item_with, read_items, read_items_with, Placeholder, PlaceholderResolver,
    ReadOptions, MAX_DEPTH,
};
pub use value::{format_value, parse_value};
pub use write::{write_item, write_items};

#[cfg(test)]
mod tests;
