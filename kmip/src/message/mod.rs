//! Typed KMIP messages: the request and response envelopes, attributes in both the 1.x and 2.x
//! shapes, and the payloads of the core operations.
//!
//! Every type converts from an [`Item`](crate::Item) tree with `TryFrom<&Item>` (or a
//! version-aware `parse`) and back with `to_item`. Parsing checks tags, types, required fields
//! and leftovers, and reports what was wrong with which tag as a [`MessageError`], whose
//! [`class`](MessageError::class) says which KMIP Result Reason answers it.

pub mod attribute_names;
mod attributes;
mod error;
pub(crate) mod fields;
mod header;
pub mod payload;
mod request;
mod request_owned;
mod response;
mod response_bytes;
mod result_status_peek;
mod version;

pub use attributes::{Attribute, AttributeName, Attributes};
pub use error::{ErrorClass, MessageError};
pub use header::{Authentication, RequestHeader, ResponseHeader};
pub use request::{RequestBatchItem, RequestMessage};
pub use response::{ResponseBatchItem, ResponseMessage};
pub use result_status_peek::first_result_status;
pub use version::ProtocolVersion;
