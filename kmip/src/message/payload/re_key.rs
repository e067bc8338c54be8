//! Re-key: replace a symmetric key with a new one of the same kind (the old key is kept, its
//! successor linked).

use crate::spec::enums::Operation;

use super::flat_payload::flat_payload;

flat_payload! {
    /// Re-key request: 1.x `{Unique Identifier?, Offset?, Template-Attribute?}`, 2.x `{Unique
    /// Identifier?, Offset?, Attributes?, Protection Storage Masks?}`.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct ReKeyRequest(Operation::RE_KEY, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        /// Seconds between the new key's Initialization Date and Activation Date.
        offset: opt_interval(OFFSET),
        attributes: opt_attributes,
        /// KMIP 2.x only; kept as an item.
        protection_storage_masks: v2_opt_item(PROTECTION_STORAGE_MASKS),
    }
}

flat_payload! {
    /// Re-key response: the new key, and (1.x only) attributes the server set implicitly.
    #[derive(Clone, PartialEq, Eq)]
    pub struct ReKeyResponse(Operation::RE_KEY, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        /// KMIP 1.x only.
        implicit_attributes: implicit_attributes,
    }
}
