//! Get: return a managed object (its key material in the requested format).

use crate::spec::enums::{KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType, Operation};

use super::flat_payload::flat_payload;

flat_payload! {
    /// Get request.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct GetRequest(Operation::GET, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        key_format_type: opt_enumeration(KEY_FORMAT_TYPE, KeyFormatType),
        /// KMIP 1.4 and later.
        key_wrap_type: opt_enumeration(KEY_WRAP_TYPE, KeyWrapType),
        key_compression_type: opt_enumeration(KEY_COMPRESSION_TYPE, KeyCompressionType),
        /// Kept as an item for the wrapping layer.
        key_wrapping_specification: opt_item(KEY_WRAPPING_SPECIFICATION),
    }
}

flat_payload! {
    /// Get response: `{Object Type, Unique Identifier, <object>}`.
    ///
    /// `Debug` omits the object: it holds key material.
    #[derive(Clone, PartialEq, Eq)]
    pub struct GetResponse(Operation::GET, RESPONSE_PAYLOAD) {
        object_type: enumeration(OBJECT_TYPE, ObjectType),
        unique_identifier: text(UNIQUE_IDENTIFIER),
        object: object,
    }
}
