//! Get Attributes: return some or all attributes of an object.

use crate::spec::enums::Operation;

use super::flat_payload::flat_payload;

flat_payload! {
    /// Get Attributes request: the object, and which attributes (none: all of them). 1.x names
    /// them with Attribute Name text, 2.x with Attribute Reference.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct GetAttributesRequest(Operation::GET_ATTRIBUTES, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        names: attribute_names,
    }
}

flat_payload! {
    /// Get Attributes response: 1.x `{Unique Identifier, Attribute*}`, 2.x `{Unique Identifier,
    /// Attributes}`.
    #[derive(Clone, PartialEq, Eq)]
    pub struct GetAttributesResponse(Operation::GET_ATTRIBUTES, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        attributes: attribute_list,
    }
}
