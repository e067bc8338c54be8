//! Hash: digest data with the hashing algorithm the request names (no managed key).

use crate::spec::enums::Operation;

use super::flat_payload::flat_payload;

flat_payload! {
    /// Hash request: `{Cryptographic Parameters, Data?, Correlation Value?, Init Indicator?,
    /// Final Indicator?}`. `Debug` shows the data's length.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct HashRequest(Operation::HASH, REQUEST_PAYLOAD) {
        /// Required: its Hashing Algorithm says which digest.
        cryptographic_parameters: required_parameters,
        data: opt_bytes(DATA),
        stream: stream,
    }
}

flat_payload! {
    /// Hash response: `{Data?, Correlation Value?}` (the digest is absent before the last part of
    /// a stream).
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct HashResponse(Operation::HASH, RESPONSE_PAYLOAD) {
        /// The digest.
        data: opt_bytes(DATA),
        correlation_value: opt_bytes(CORRELATION_VALUE),
    }
}
