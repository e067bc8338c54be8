//! Create: generate a new symmetric key (or secret data) with the given attributes.

use crate::spec::enums::{ObjectType, Operation};

use super::flat_payload::flat_payload;

flat_payload! {
    /// Create request: KMIP 1.x `{Object Type, Template-Attribute}`, 2.x `{Object Type,
    /// Attributes, Protection Storage Masks?}`.
    #[derive(Clone, PartialEq, Eq)]
    pub struct CreateRequest(Operation::CREATE, REQUEST_PAYLOAD) {
        object_type: enumeration(OBJECT_TYPE, ObjectType),
        attributes: attributes,
        /// KMIP 2.x only; kept as an item.
        protection_storage_masks: v2_opt_item(PROTECTION_STORAGE_MASKS),
    }
}

flat_payload! {
    /// Create response: `{Object Type, Unique Identifier, Template-Attribute?}` (the last, 1.x
    /// only, lists attributes the server set implicitly).
    #[derive(Clone, PartialEq, Eq)]
    pub struct CreateResponse(Operation::CREATE, RESPONSE_PAYLOAD) {
        object_type: enumeration(OBJECT_TYPE, ObjectType),
        unique_identifier: text(UNIQUE_IDENTIFIER),
        /// KMIP 1.x only.
        implicit_attributes: implicit_attributes,
    }
}
