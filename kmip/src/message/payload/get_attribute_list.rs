//! Get Attribute List: the names of the attributes an object has.

use crate::spec::enums::Operation;

use super::flat_payload::flat_payload;

flat_payload! {
    /// Get Attribute List request: the object (absent: the ID Placeholder).
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct GetAttributeListRequest(Operation::GET_ATTRIBUTE_LIST, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
    }
}

flat_payload! {
    /// Get Attribute List response: the object and its attribute names, as 1.x Attribute Name
    /// text or 2.x Attribute Reference.
    #[derive(Clone, PartialEq, Eq)]
    pub struct GetAttributeListResponse(Operation::GET_ATTRIBUTE_LIST, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        names: attribute_names,
    }
}
