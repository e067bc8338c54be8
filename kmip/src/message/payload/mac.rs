//! MAC: compute a message authentication code over data with a managed key.

use crate::spec::enums::Operation;

use super::flat_payload::flat_payload;

flat_payload! {
    /// MAC request: `{Unique Identifier?, Cryptographic Parameters?, Data?, Correlation Value?,
    /// Init Indicator?, Final Indicator?}`. `Debug` shows the data's length.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct MacRequest(Operation::MAC, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        cryptographic_parameters: parameters,
        data: opt_bytes(DATA),
        stream: stream,
    }
}

flat_payload! {
    /// MAC response: `{Unique Identifier, MAC Data?, Correlation Value?}`.
    #[derive(Clone, PartialEq, Eq)]
    pub struct MacResponse(Operation::MAC, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        mac_data: opt_bytes(MAC_DATA),
        correlation_value: opt_bytes(CORRELATION_VALUE),
    }
}
