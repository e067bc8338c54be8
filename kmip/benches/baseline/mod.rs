//! The bench's baseline: the same two messages as serde types for the `kmip-ttlv` crate.
//!
//! `kmip-ttlv` takes the tag of a field from its serde name when deserialising, but from the
//! type's name when serialising (field names are ignored there), so, as in the `kmip-protocol`
//! crate built on it, requests and responses are separate type families: [`de`] for reading,
//! [`ser`] (newtypes named `Transparent:0x42xxxx`) for writing.

pub mod de;
pub mod ser;
