//! The operations the load generator can drive, and the objects each needs made first.
//! Requests are encoded once and sent as the same bytes every time, so the client spends its
//! time waiting on the server, not encoding.

use bytes::Bytes;
use hsmgate_kmip::message::payload::create::CreateRequest;
use hsmgate_kmip::message::payload::decrypt::DecryptRequest;
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::get::GetRequest;
use hsmgate_kmip::message::payload::locate::LocateRequest;
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{
    Attributes, ProtocolVersion, RequestBatchItem, RequestHeader, RequestMessage,
};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, ObjectType, Operation, WrappingMethod,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{to_bytes, Item, Tag, Value};

use super::client::{CallError, KmipConnection};

/// A KMIP operation to measure.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum KmipOp {
    /// AES-256-GCM Encrypt of the payload with a server key.
    Encrypt,
    /// AES-256-GCM Decrypt of a ciphertext made at setup.
    Decrypt,
    /// Get of an extractable AES-256 key in plaintext.
    Get,
    /// Get of an AES-256 key wrapped under another key (AES-KWP, C_WrapKey).
    GetWrapped,
    /// Create of an AES-256 key (each request makes a new key).
    Create,
    /// Locate by name.
    Locate,
    /// Discover Versions: no HSM work, so it measures what the transport (TCP, TLS), the TTLV
    /// codec and the load generator cost per request on their own — the floor under every
    /// other operation's ratio.
    DiscoverVersions,
    /// No server at all: a bare TCP echo on loopback inside the load generator (no TLS, no
    /// parsing), the machine's own cost of a round trip; its "server" CPU time is the echo
    /// thread's share, the least a server pays for its side. With `--raw`, prints the highest
    /// gateway ÷ raw ratio one request in flight per connection can reach here.
    LoopbackFloor,
    /// The same echo over TLS 1.3 (rustls, as the gateway and this load generator use; a
    /// throwaway certificate): the least a round trip costs in a protocol spoken over TLS, as
    /// KMIP and the XKS API are.
    TlsFloor,
    /// Idle connections: each answers a Discover Versions, stays silent for the duration, and
    /// answers again (measure the server's memory meanwhile).
    Idle,
    /// XKS proxy API encrypt (AES-256-GCM with AAD) of the payload; needs `--xks-env`.
    XksEncrypt,
    /// XKS proxy API decrypt of a ciphertext made at setup; needs `--xks-env`.
    XksDecrypt,
    /// XKS proxy API health; needs `--xks-env`.
    XksHealth,
}

impl KmipOp {
    /// The XKS call this is, if it is one.
    pub fn xks(self) -> Option<super::xks::XksCall> {
        use super::xks::XksCall;
        match self {
            KmipOp::XksEncrypt => Some(XksCall::Encrypt),
            KmipOp::XksDecrypt => Some(XksCall::Decrypt),
            KmipOp::XksHealth => Some(XksCall::Health),
            _ => None,
        }
    }

    /// One of the floors that need no server (loopback_floor.rs).
    pub fn is_floor(self) -> bool {
        matches!(self, KmipOp::LoopbackFloor | KmipOp::TlsFloor)
    }
}

/// Encodes a one-item request message.
pub fn message(version: ProtocolVersion, operation: Operation, payload: Item) -> Bytes {
    let request = RequestMessage {
        header: RequestHeader::new(version),
        batch_items: vec![RequestBatchItem::new(operation, payload)],
    };
    to_bytes(&request.to_item())
}

fn encoded<P: Payload>(
    version: ProtocolVersion,
    operation: Operation,
    payload: &P,
) -> Result<Bytes, CallError> {
    let item = payload
        .to_item(version)
        .map_err(|e| CallError::Malformed(e.to_string()))?;
    Ok(message(version, operation, item))
}

/// How a key made for a run may leave the server.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Export {
    /// Never (the gateway's default).
    None,
    /// Only wrapped under another key (extractable, sensitive): Get with wrapping is one
    /// C_WrapKey in the HSM.
    Wrapped,
    /// Also in plaintext (extractable, not sensitive).
    Plain,
}

fn aes_key(name: &str, usage: CryptographicUsageMask, export: Export) -> CreateRequest {
    let mut attributes = Attributes::symmetric_key(CryptographicAlgorithm::AES, 256, usage);
    if export != Export::None {
        attributes.push_tagged(Tag::EXTRACTABLE, Value::Boolean(true));
    }
    if export == Export::Plain {
        attributes.push_tagged(Tag::SENSITIVE, Value::Boolean(false));
    }
    attributes.push_name(name);
    CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    }
}

fn uid_of(item: &hsmgate_kmip::message::ResponseBatchItem) -> Result<String, CallError> {
    match item
        .payload
        .as_ref()
        .and_then(|p| p.child(Tag::UNIQUE_IDENTIFIER))
        .map(|i| &i.value)
    {
        Some(Value::TextString(uid)) => Ok(uid.clone()),
        _ => Err(CallError::Malformed(
            "no Unique Identifier in the answer".into(),
        )),
    }
}

/// Creates and activates a key; returns its Unique Identifier.
async fn make_key(
    conn: &mut KmipConnection,
    version: ProtocolVersion,
    name: &str,
    usage: CryptographicUsageMask,
    export: Export,
) -> Result<String, CallError> {
    let created = conn
        .call(&encoded(
            version,
            Operation::CREATE,
            &aes_key(name, usage, export),
        )?)
        .await?;
    let uid = uid_of(&created)?;
    let activate = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.clone()),
        )],
    );
    conn.call(&message(version, Operation::ACTIVATE, activate))
        .await?;
    Ok(uid)
}

fn gcm() -> Option<CryptographicParameters> {
    Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        tag_length: Some(16),
        ..CryptographicParameters::default()
    })
}

/// Makes what `op` needs on the server and returns the request to send repeatedly.
pub async fn prepare(
    conn: &mut KmipConnection,
    version: ProtocolVersion,
    op: KmipOp,
    payload_size: usize,
    run_id: &str,
) -> Result<Bytes, CallError> {
    let both = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
    let data = Bytes::from(vec![0x5a; payload_size]);
    match op {
        KmipOp::Encrypt | KmipOp::Decrypt => {
            let uid =
                make_key(conn, version, &format!("{run_id}-data"), both, Export::None).await?;
            let encrypt = EncryptRequest {
                unique_identifier: Some(uid.clone()),
                cryptographic_parameters: gcm(),
                data: Some(data),
                ..EncryptRequest::default()
            };
            let request = encoded(version, Operation::ENCRYPT, &encrypt)?;
            if op == KmipOp::Encrypt {
                return Ok(request);
            }
            let sealed = conn.call(&request).await?;
            let sealed = EncryptResponse::parse(
                sealed
                    .payload
                    .as_ref()
                    .ok_or(CallError::Malformed("empty Encrypt answer".into()))?,
                version,
            )
            .map_err(|e| CallError::Malformed(e.to_string()))?;
            let decrypt = DecryptRequest {
                unique_identifier: Some(uid),
                cryptographic_parameters: gcm(),
                data: sealed.data,
                iv_counter_nonce: sealed.iv_counter_nonce,
                authenticated_encryption_tag: sealed.authenticated_encryption_tag,
                ..DecryptRequest::default()
            };
            encoded(version, Operation::DECRYPT, &decrypt)
        }
        KmipOp::Get | KmipOp::GetWrapped => {
            let export = if op == KmipOp::Get {
                Export::Plain
            } else {
                Export::Wrapped
            };
            let target = make_key(conn, version, &format!("{run_id}-target"), both, export).await?;
            let mut get = GetRequest {
                unique_identifier: Some(target),
                ..GetRequest::default()
            };
            if op == KmipOp::GetWrapped {
                let kek = make_key(
                    conn,
                    version,
                    &format!("{run_id}-kek"),
                    CryptographicUsageMask::WRAP_KEY,
                    Export::None,
                )
                .await?;
                get.key_wrapping_specification = Some(wrapping_spec(&kek));
            }
            encoded(version, Operation::GET, &get)
        }
        KmipOp::Create => encoded(
            version,
            Operation::CREATE,
            &aes_key(&format!("{run_id}-made"), both, Export::None),
        ),
        KmipOp::XksEncrypt
        | KmipOp::XksDecrypt
        | KmipOp::XksHealth
        | KmipOp::Idle
        | KmipOp::LoopbackFloor
        | KmipOp::TlsFloor => Err(CallError::Malformed("not a repeated KMIP request".into())),
        KmipOp::DiscoverVersions => Ok(message(
            version,
            Operation::DISCOVER_VERSIONS,
            Item::structure(Tag::REQUEST_PAYLOAD, Vec::new()),
        )),
        KmipOp::Locate => {
            make_key(conn, version, &format!("{run_id}-find"), both, Export::None).await?;
            let mut attributes = Attributes::new();
            attributes.push_name(&format!("{run_id}-find"));
            encoded(
                version,
                Operation::LOCATE,
                &LocateRequest {
                    attributes,
                    ..LocateRequest::default()
                },
            )
        }
    }
}

/// Key Wrapping Specification: encrypt with `kek` using AES key wrap with padding (RFC 5649).
fn wrapping_spec(kek: &str) -> Item {
    Item::structure(
        Tag::KEY_WRAPPING_SPECIFICATION,
        vec![
            Item::new(
                Tag::WRAPPING_METHOD,
                Value::Enumeration(WrappingMethod::ENCRYPT.0),
            ),
            Item::structure(
                Tag::ENCRYPTION_KEY_INFORMATION,
                vec![
                    Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(kek.into())),
                    Item::structure(
                        Tag::CRYPTOGRAPHIC_PARAMETERS,
                        vec![Item::new(
                            Tag::BLOCK_CIPHER_MODE,
                            Value::Enumeration(BlockCipherMode::AESKEYWRAPPADDING.0),
                        )],
                    ),
                ],
            ),
        ],
    )
}
