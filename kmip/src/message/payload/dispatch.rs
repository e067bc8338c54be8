//! One enum over the typed payloads, chosen by the batch item's Operation: what a server's
//! dispatcher matches on. Operations without a typed payload here are reported as
//! [`MessageError::OperationNotSupported`].

use crate::spec::enums::Operation;
use crate::ttlv::Item;

use super::activate::{ActivateRequest, ActivateResponse};
use super::add_attribute::{AddAttributeRequest, AddAttributeResponse};
use super::archive::{ArchiveRequest, ArchiveResponse};
use super::cancel::{CancelRequest, CancelResponse};
use super::check::{CheckRequest, CheckResponse};
use super::create::{CreateRequest, CreateResponse};
use super::create_key_pair::{CreateKeyPairRequest, CreateKeyPairResponse};
use super::decrypt::{DecryptRequest, DecryptResponse};
use super::delete_attribute::{DeleteAttributeRequest, DeleteAttributeResponse};
use super::destroy::{DestroyRequest, DestroyResponse};
use super::discover_versions::{DiscoverVersionsRequest, DiscoverVersionsResponse};
use super::encrypt::{EncryptRequest, EncryptResponse};
use super::export::{ExportRequest, ExportResponse};
use super::get::{GetRequest, GetResponse};
use super::get_attribute_list::{GetAttributeListRequest, GetAttributeListResponse};
use super::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use super::get_usage_allocation::{GetUsageAllocationRequest, GetUsageAllocationResponse};
use super::hash::{HashRequest, HashResponse};
use super::import::{ImportRequest, ImportResponse};
use super::interop::{InteropRequest, InteropResponse};
use super::locate::{LocateRequest, LocateResponse};
use super::log::{LogRequest, LogResponse};
use super::mac::{MacRequest, MacResponse};
use super::mac_verify::{MacVerifyRequest, MacVerifyResponse};
use super::modify_attribute::{ModifyAttributeRequest, ModifyAttributeResponse};
use super::obtain_lease::{ObtainLeaseRequest, ObtainLeaseResponse};
use super::poll::{PollRequest, PollResponse};
use super::query::{QueryRequest, QueryResponse};
use super::re_key::{ReKeyRequest, ReKeyResponse};
use super::re_key_key_pair::{ReKeyKeyPairRequest, ReKeyKeyPairResponse};
use super::recover::{RecoverRequest, RecoverResponse};
use super::register::{RegisterRequest, RegisterResponse};
use super::revoke::{RevokeRequest, RevokeResponse};
use super::rng_retrieve::{RngRetrieveRequest, RngRetrieveResponse};
use super::rng_seed::{RngSeedRequest, RngSeedResponse};
use super::set_attribute::{SetAttributeRequest, SetAttributeResponse};
use super::sign::{SignRequest, SignResponse};
use super::signature_verify::{SignatureVerifyRequest, SignatureVerifyResponse};
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
        GetAttributeList(GetAttributeListRequest),
        AddAttribute(AddAttributeRequest),
        ModifyAttribute(ModifyAttributeRequest),
        DeleteAttribute(DeleteAttributeRequest),
        SetAttribute(SetAttributeRequest),
        Check(CheckRequest),
        ReKey(ReKeyRequest),
        Sign(SignRequest),
        SignatureVerify(SignatureVerifyRequest),
        Mac(MacRequest),
        MacVerify(MacVerifyRequest),
        Hash(HashRequest),
        RngRetrieve(RngRetrieveRequest),
        RngSeed(RngSeedRequest),
        Interop(InteropRequest),
        Log(LogRequest),
        Import(ImportRequest),
        Export(ExportRequest),
        ReKeyKeyPair(ReKeyKeyPairRequest),
        GetUsageAllocation(GetUsageAllocationRequest),
        Archive(ArchiveRequest),
        Recover(RecoverRequest),
        ObtainLease(ObtainLeaseRequest),
        Cancel(CancelRequest),
        Poll(PollRequest),
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
        GetAttributeList(GetAttributeListResponse),
        AddAttribute(AddAttributeResponse),
        ModifyAttribute(ModifyAttributeResponse),
        DeleteAttribute(DeleteAttributeResponse),
        SetAttribute(SetAttributeResponse),
        Check(CheckResponse),
        ReKey(ReKeyResponse),
        Sign(SignResponse),
        SignatureVerify(SignatureVerifyResponse),
        Mac(MacResponse),
        MacVerify(MacVerifyResponse),
        Hash(HashResponse),
        RngRetrieve(RngRetrieveResponse),
        RngSeed(RngSeedResponse),
        Interop(InteropResponse),
        Log(LogResponse),
        Import(ImportResponse),
        Export(ExportResponse),
        ReKeyKeyPair(ReKeyKeyPairResponse),
        GetUsageAllocation(GetUsageAllocationResponse),
        Archive(ArchiveResponse),
        Recover(RecoverResponse),
        ObtainLease(ObtainLeaseResponse),
        Cancel(CancelResponse),
        Poll(PollResponse),
    }
}
