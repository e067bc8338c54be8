//! What the KMIP specifications define as data: tags, enumerations and bit masks, with the
//! names the KMIP XML encoding uses for them.
//!
//! Every table is the union of KMIP 1.0–1.4 and 2.0–2.1. Values are open newtypes, so a value
//! no table names (a vendor extension, a later version) still round-trips.

mod table;
pub mod tags;
