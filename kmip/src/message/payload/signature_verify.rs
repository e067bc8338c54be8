//! Signature Verify: check a signature over data (or a digest) with a managed public key.

use crate::spec::enums::{Operation, ValidityIndicator};

use super::flat_payload::flat_payload;

flat_payload! {
    /// Signature Verify request: `{Unique Identifier?, Cryptographic Parameters?, Data?, Digested
    /// Data? (1.4+), Signature Data?, Correlation Value?, Init Indicator?, Final Indicator?}`.
    /// `Debug` shows lengths.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct SignatureVerifyRequest(Operation::SIGNATURE_VERIFY, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        cryptographic_parameters: parameters,
        data: opt_bytes(DATA),
        digested_data: opt_bytes(DIGESTED_DATA),
        signature_data: opt_bytes(SIGNATURE_DATA),
        stream: stream,
    }
}

flat_payload! {
    /// Signature Verify response: `{Unique Identifier, Validity Indicator, Data?, Correlation
    /// Value?}`; Data is what a message-recovery signature scheme recovered.
    #[derive(Clone, PartialEq, Eq)]
    pub struct SignatureVerifyResponse(Operation::SIGNATURE_VERIFY, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        validity_indicator: enumeration(VALIDITY_INDICATOR, ValidityIndicator),
        data: opt_bytes(DATA),
        correlation_value: opt_bytes(CORRELATION_VALUE),
    }
}
