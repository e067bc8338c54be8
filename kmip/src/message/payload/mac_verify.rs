//! MAC Verify: check a message authentication code over data with a managed key.

use crate::spec::enums::{Operation, ValidityIndicator};

use super::flat_payload::flat_payload;

flat_payload! {
    /// MAC Verify request: `{Unique Identifier?, Cryptographic Parameters?, Data?, MAC Data?,
    /// Correlation Value?, Init Indicator?, Final Indicator?}`. `Debug` shows lengths.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct MacVerifyRequest(Operation::MAC_VERIFY, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        cryptographic_parameters: parameters,
        data: opt_bytes(DATA),
        mac_data: opt_bytes(MAC_DATA),
        stream: stream,
    }
}

flat_payload! {
    /// MAC Verify response: `{Unique Identifier, Validity Indicator, Correlation Value?}`.
    #[derive(Clone, PartialEq, Eq)]
    pub struct MacVerifyResponse(Operation::MAC_VERIFY, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        validity_indicator: enumeration(VALIDITY_INDICATOR, ValidityIndicator),
        correlation_value: opt_bytes(CORRELATION_VALUE),
    }
}
