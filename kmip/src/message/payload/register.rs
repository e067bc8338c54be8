//! Register: store an object the client supplies (a key, a certificate, secret data...).

use crate::spec::enums::{ObjectType, Operation};

use super::flat_payload::flat_payload;

flat_payload! {
    /// Register request: `{Object Type, Template-Attribute | Attributes, <object>, Protection
    /// Storage Masks? (2.x)}`. The object stays an item (Symmetric Key, Private Key, ...).
    ///
    /// `Debug` omits the object: it holds key material.
    #[derive(Clone, PartialEq, Eq)]
    pub struct RegisterRequest(Operation::REGISTER, REQUEST_PAYLOAD) {
        object_type: enumeration(OBJECT_TYPE, ObjectType),
        attributes: attributes,
        object: object,
        protection_storage_masks: v2_opt_item(PROTECTION_STORAGE_MASKS),
    }
}

flat_payload! {
    /// Register response: `{Unique Identifier, Template-Attribute? (1.x)}`.
    #[derive(Clone, PartialEq, Eq)]
    pub struct RegisterResponse(Operation::REGISTER, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        implicit_attributes: implicit_attributes,
    }
}
