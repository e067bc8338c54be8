//! TTLV (Tag, Type, Length, Value): KMIP's binary encoding.
//!
//! An [`Item`] is one TTLV element; a [`Value::Structure`] holds child items in order.
//!
//! * [`decode`] / [`decode_message`]: untrusted bytes to an item tree, within [`Limits`].
//! * [`encode`] / [`to_bytes`] / [`encoded_len`]: an item tree to bytes, in one pass.
//! * [`frame_length`]: where a message ends in a byte stream, from its header alone.
//! * [`check_roundtrip`]: the decode → encode → decode property the fuzz target checks.

mod decode;
mod encode;
mod error;
mod framing;
pub(crate) mod header;
mod item;
mod roundtrip;

pub use decode::{decode, decode_message, Limits};
pub use encode::{encode, encoded_len, to_bytes};
pub(crate) use encode::{
    put_byte_string, put_date_time, put_enumeration, put_integer, put_structure, put_text,
};
pub use error::DecodeError;
pub use framing::{frame_length, FRAME_HEADER_LEN};
pub use item::{Item, ItemType, Tag, Value};
pub use roundtrip::{check_roundtrip, RoundTrip, RoundTripMismatch};
