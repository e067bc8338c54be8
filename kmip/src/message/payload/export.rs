//! Export (KMIP 1.4 and later): return an object with all its attributes, for Import on
//! another server.

use crate::spec::enums::{KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType, Operation};

use super::flat_payload::flat_payload;

flat_payload! {
    /// Export request: the same fields as Get.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct ExportRequest(Operation::EXPORT, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        key_format_type: opt_enumeration(KEY_FORMAT_TYPE, KeyFormatType),
        key_wrap_type: opt_enumeration(KEY_WRAP_TYPE, KeyWrapType),
        key_compression_type: opt_enumeration(KEY_COMPRESSION_TYPE, KeyCompressionType),
        /// Kept as an item for the wrapping layer.
        key_wrapping_specification: opt_item(KEY_WRAPPING_SPECIFICATION),
    }
}

flat_payload! {
    /// Export response: `{Object Type, Unique Identifier, Attribute* (1.4) | Attributes (2.x),
    /// <object>}`.
    ///
    /// `Debug` omits the object: it holds key material.
    #[derive(Clone, PartialEq, Eq)]
    pub struct ExportResponse(Operation::EXPORT, RESPONSE_PAYLOAD) {
        object_type: enumeration(OBJECT_TYPE, ObjectType),
        unique_identifier: text(UNIQUE_IDENTIFIER),
        attributes: attribute_list,
        object: object,
    }
}
