//! Create Key Pair: generate a public/private key pair.

use crate::spec::enums::Operation;

use super::key_pair_parts::{key_pair_request, key_pair_response};

key_pair_request! {
    /// Create Key Pair request. Attributes common to both keys, then each key's own; 1.x sends
    /// them as Common/Private Key/Public Key Template-Attribute, 2.x as Common/Private Key/Public
    /// Key Attributes plus optional Protection Storage Masks.
    #[derive(Clone, PartialEq, Eq, Debug, Default)]
    pub struct CreateKeyPairRequest(Operation::CREATE_KEY_PAIR) {}
}

key_pair_response! {
    /// Create Key Pair response: both identifiers, and (1.x only) the attributes the server set
    /// implicitly on each key.
    pub struct CreateKeyPairResponse(Operation::CREATE_KEY_PAIR);
}
