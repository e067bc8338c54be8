//! Sign: sign data (or a digest the client computed) with a managed private key, single-shot
//! or streamed.

use crate::spec::enums::Operation;

use super::flat_payload::flat_payload;

flat_payload! {
    /// Sign request: `{Unique Identifier?, Cryptographic Parameters?, Data?, Digested Data?
    /// (1.4+), Correlation Value?, Init Indicator?, Final Indicator?}`. `Debug` shows lengths.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct SignRequest(Operation::SIGN, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        cryptographic_parameters: parameters,
        data: opt_bytes(DATA),
        digested_data: opt_bytes(DIGESTED_DATA),
        stream: stream,
    }
}

flat_payload! {
    /// Sign response: `{Unique Identifier, Signature Data?, Correlation Value?}` (the signature
    /// is absent on the parts of a stream before the last).
    #[derive(Clone, PartialEq, Eq)]
    pub struct SignResponse(Operation::SIGN, RESPONSE_PAYLOAD) {
        unique_identifier: text(UNIQUE_IDENTIFIER),
        signature_data: opt_bytes(SIGNATURE_DATA),
        correlation_value: opt_bytes(CORRELATION_VALUE),
    }
}
