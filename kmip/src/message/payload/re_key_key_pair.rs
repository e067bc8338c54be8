//! Re-key Key Pair: replace an asymmetric key pair with a new one (the old pair is kept, its
//! successors linked).

use crate::spec::enums::Operation;

use super::key_pair_parts::{key_pair_request, key_pair_response};

key_pair_request! {
    /// Re-key Key Pair request: the private key to replace, an Offset, then attribute sets as in
    /// Create Key Pair (1.x Template-Attributes, 2.x Attributes plus Protection Storage Masks).
    #[derive(Clone, PartialEq, Eq, Debug, Default)]
    pub struct ReKeyKeyPairRequest(Operation::RE_KEY_KEY_PAIR) {
        private_key_unique_identifier: opt_text(PRIVATE_KEY_UNIQUE_IDENTIFIER),
        /// Seconds between the new keys' Initialization Date and Activation Date.
        offset: opt_interval(OFFSET),
    }
}

key_pair_response! {
    /// Re-key Key Pair response: both new identifiers, and (1.x only) the attributes the server
    /// set implicitly on each new key.
    pub struct ReKeyKeyPairResponse(Operation::RE_KEY_KEY_PAIR);
}
