//! One enum over the typed payloads, chosen by the batch item's Operation: what a server's
//! dispatcher matches on. Operations without a typed payload here are reported as
//! [`MessageError::OperationNotSupported`].

use crate::spec::enums::Operation;
use crate::ttlv::Item;

use super::activate::{ActivateRequest, ActivateResponse};
use super::create::{CreateRequest, CreateResponse};
use super::create_key_pair::{CreateKeyPairRequest, CreateKeyPairResponse};
use super::decrypt::{DecryptRequest, DecryptResponse};
use super::destroy::{DestroyRequest, DestroyResponse};
use super::discover_versions::{DiscoverVersionsRequest, DiscoverVersionsResponse};
use super::encrypt::{EncryptRequest, EncryptResponse};
use super::get::{GetRequest, GetResponse};
use super::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use super::locate::{LocateRequest, LocateResponse};
use super::query::{QueryRequest, QueryResponse};
use super::register::{RegisterRequest, RegisterResponse};
use super::revoke::{RevokeRequest, RevokeResponse};
use super::Payload;
use crate::message::{MessageError, ProtocolVersion};

macro_rules! payload_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident($ty:ty)),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Debug)]
        #[non_exhaustive]
        pub enum $name {
            $($variant($ty),)*
        }

        impl $name {
            /// Parses `payload` as the payload of `operation` in `version`.
            pub fn parse(operation: Operation, payload: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
                $(if operation == <$ty as Payload>::OPERATION {
                    return <$ty as Payload>::parse(payload, version).map($name::$variant);
                })*
                Err(MessageError::OperationNotSupported { operation: operation.0 })
            }

            /// The operation this payload belongs to.
            pub fn operation(&self) -> Operation {
                match self {
                    $($name::$variant(_) => <$ty as Payload>::OPERATION,)*
                }
            }

            /// The payload item in the shape of `version`.
            pub fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
                match self {
                    $($name::$variant(payload) => payload.to_item(version),)*
                }
            }
        }
    };
}

payload_enum! {
    /// A typed Request Payload.
    RequestPayload {
        Create(CreateRequest),
        CreateKeyPair(CreateKeyPairRequest),
        Register(RegisterRequest),
        Get(GetRequest),
        GetAttributes(GetAttributesRequest),
        Locate(LocateRequest),
        Activate(ActivateRequest),
        Revoke(RevokeRequest),
        Destroy(DestroyRequest),
        Encrypt(EncryptRequest),
        Decrypt(DecryptRequest),
        DiscoverVersions(DiscoverVersionsRequest),
        Query(QueryRequest),
    }
}

payload_enum! {
    /// A typed Response Payload.
    ResponsePayload {
        Create(CreateResponse),
        CreateKeyPair(CreateKeyPairResponse),
        Register(RegisterResponse),
        Get(GetResponse),
        GetAttributes(GetAttributesResponse),
        Locate(LocateResponse),
        Activate(ActivateResponse),
        Revoke(RevokeResponse),
        Destroy(DestroyResponse),
        Encrypt(EncryptResponse),
        Decrypt(DecryptResponse),
        DiscoverVersions(DiscoverVersionsResponse),
        Query(QueryResponse),
    }
}
