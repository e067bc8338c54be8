//! Get: a managed key's material leaves the gateway, within what the key's Sensitive and
//! Extractable attributes and the HSM allow.
//!
//! * Secret keys leave in plaintext only when they are extractable and not sensitive, which only
//!   registered (imported) keys can be: the HSM itself enforces it (CKA_SENSITIVE/EXTRACTABLE).
//! * Any extractable secret or private key can leave wrapped under another managed AES key
//!   (C_WrapKey with AES key wrap, RFC 3394, or with padding, RFC 5649); a private key leaves
//!   as a wrapped PKCS#8 PrivateKeyInfo. Key material never exists in plaintext in the gateway.
//! * Public keys leave as they are: modulus and exponent, or the EC point.
//! * A private key leaves in plaintext only when it was registered as extractable and not
//!   sensitive (the HSM enforces it, as for secret keys); generated private keys never do.

use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, ObjectType, Operation, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{ErrorKind, KeyClass, PrivateKeyValue, PublicKey, WrapMechanism};
use zeroize::Zeroizing;

use super::object::ManagedObject;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// How to wrap an exported key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum KeyWrap {
    /// AES key wrap, RFC 3394 (KMIP Block Cipher Mode NIST Key Wrap); the key's length must be
    /// a multiple of 8 bytes.
    AesKw,
    /// AES key wrap with padding, RFC 5649 (KMIP AES Key Wrap Padding).
    AesKwp,
}

/// The material of an exported key. `Debug` is not derived: it may hold a secret.
pub enum ExportedKey {
    /// Plaintext secret key bytes.
    Secret(Zeroizing<Vec<u8>>),
    /// A public key as the HSM holds it.
    Public(PublicKey),
    /// The object structure of an object kept in the store, as it was registered.
    Stored(hsmgate_kmip::ttlv::Item),
    /// A plaintext private key (registered readable keys only).
    Private(PrivateKeyValue),
    /// Key bytes (raw secret or PKCS#8 private key) wrapped under `wrapping_key`.
    Wrapped {
        data: Vec<u8>,
        wrapping_key: String,
        wrap: KeyWrap,
    },
    /// The TTLV encoding of a secret key's Key Value wrapped under `wrapping_key` (KMIP's
    /// default Encoding Option; export_ttlv.rs).
    WrappedTtlv {
        data: Vec<u8>,
        wrapping_key: String,
        wrap: KeyWrap,
    },
}

/// An exported key and the object it belongs to (for its type, algorithm and length).
pub struct Export {
    /// Shared with the key service's decoded objects: a Get copies no attribute set.
    pub object: std::sync::Arc<ManagedObject>,
    pub key: ExportedKey,
}

fn flag(object: &ManagedObject, tag: Tag) -> Option<bool> {
    match object.attributes.get(tag) {
        Some(Value::Boolean(b)) => Some(*b),
        _ => None,
    }
}

/// Borrowed, not copied: a Get reads two objects' and copying each backend name and id cost
/// two allocations and frees per object.
fn hsm_material(object: &ManagedObject) -> Result<(&str, &[u8]), ServiceError> {
    match object.material() {
        Material::Hsm { backend, id } => Ok((backend, id)),
        _ => Err(ServiceError::NotSupported(
            "Get of objects not held in an HSM".into(),
        )),
    }
}

/// A refused read of a key's value: the HSM holds it as sensitive (CKA_SENSITIVE) whatever the
/// record says.
fn read_refused(e: hsmgate_pkcs11::Error) -> ServiceError {
    if e.kind() == ErrorKind::Permission {
        ServiceError::Sensitive("the HSM holds this key as sensitive")
    } else {
        e.into()
    }
}

/// An object the caller may Get, loaded and authorized once: a Get that first tries one form
/// (the TTLV-encoded wrap of export_ttlv.rs) and falls back to another (the bare key) checked
/// and loaded the key twice, about 1,300 instructions per wrapped Get (callgrind).
#[derive(Clone)]
pub struct GetTarget(std::sync::Arc<ManagedObject>);

impl GetTarget {
    pub(super) fn object(&self) -> &ManagedObject {
        &self.0
    }
}

impl KeyService {
    /// Loads `uid` for a Get by `caller` (not found / permission denied as any operation).
    pub async fn get_target(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<GetTarget, ServiceError> {
        Ok(GetTarget(
            self.authorized_shared(caller, uid, Operation::GET).await?,
        ))
    }

    /// The key material of `target`, in plaintext or wrapped under `wrap.0` with `wrap.1`.
    /// `format` is the Key Format Type asked for; only objects kept in the store need it here.
    /// An object served so is no longer Fresh (KMIP 2.1 §4.22: Fresh says whether the object
    /// has been served to a client).
    pub async fn export(
        &self,
        caller: &Identity,
        target: GetTarget,
        wrap: Option<(String, Option<KeyWrap>)>,
        format: Option<KeyFormatType>,
    ) -> Result<Export, ServiceError> {
        let mut export = self.export_material(caller, target.0, wrap, format).await?;
        if flag(&export.object, Tag::FRESH) == Some(true) {
            std::sync::Arc::make_mut(&mut export.object).set(Tag::FRESH, Value::Boolean(false));
            self.save(&export.object).await?;
        }
        Ok(export)
    }

    async fn export_material(
        &self,
        caller: &Identity,
        object: std::sync::Arc<ManagedObject>,
        wrap: Option<(String, Option<KeyWrap>)>,
        format: Option<KeyFormatType>,
    ) -> Result<Export, ServiceError> {
        if matches!(
            object.state(),
            State::DESTROYED | State::DESTROYED_COMPROMISED
        ) {
            return Err(ServiceError::KeyValueNotPresent(
                "the object's key material was destroyed",
            ));
        }
        if matches!(object.material(), Material::Wrapped { .. }) {
            return self
                .export_stored(
                    std::sync::Arc::unwrap_or_clone(object),
                    format,
                    wrap.is_some(),
                )
                .await;
        }
        let (backend_name, id) = hsm_material(&object)?;
        let object_type = object.object_type();
        let backend = self.backend(backend_name)?;
        let key = match (object_type, wrap) {
            (ObjectType::PUBLIC_KEY, None) => {
                let info = backend.key_info(&id, KeyClass::Public).await?;
                let public = info.public_key.ok_or_else(|| {
                    ServiceError::Internal(format!(
                        "public key {}: the HSM gave no key",
                        object.uid()
                    ))
                })?;
                ExportedKey::Public(public)
            }
            (ObjectType::PUBLIC_KEY, Some(_)) => {
                return Err(ServiceError::NotSupported(
                    "wrapping public keys (they can be had in plaintext)".into(),
                ))
            }
            (ObjectType::SYMMETRIC_KEY | ObjectType::PRIVATE_KEY, _)
                if flag(&object, Tag::EXTRACTABLE) != Some(true) =>
            {
                return Err(ServiceError::NotExtractable(
                    "the key was created non-extractable; it never leaves the HSM",
                ))
            }
            (ObjectType::SYMMETRIC_KEY, None) => {
                if flag(&object, Tag::SENSITIVE) != Some(false) {
                    return Err(ServiceError::Sensitive(
                        "the key can only be exported wrapped (give a Key Wrapping Specification)",
                    ));
                }
                let value = backend.secret_value(&id).await.map_err(read_refused)?;
                ExportedKey::Secret(value)
            }
            (ObjectType::PRIVATE_KEY, None) => {
                if flag(&object, Tag::SENSITIVE) != Some(false) {
                    return Err(ServiceError::Sensitive(
                        "private keys leave the HSM only wrapped (PKCS#8 under a Key Wrapping Specification)",
                    ));
                }
                let value = backend.private_key_value(&id).await.map_err(read_refused)?;
                ExportedKey::Private(value)
            }
            (ObjectType::SYMMETRIC_KEY | ObjectType::PRIVATE_KEY, Some((kek_uid, wrap))) => {
                // A PKCS#8 structure is seldom a multiple of 8 bytes: pad by default.
                let wrap = wrap.unwrap_or(if object_type == ObjectType::PRIVATE_KEY {
                    KeyWrap::AesKwp
                } else {
                    KeyWrap::AesKw
                });
                let data = self
                    .wrap_under(caller, backend_name, id, &kek_uid, wrap)
                    .await?;
                ExportedKey::Wrapped {
                    data,
                    wrapping_key: kek_uid,
                    wrap,
                }
            }
            (other, _) => {
                return Err(ServiceError::NotSupported(format!("Get of {other}")));
            }
        };
        Ok(Export { object, key })
    }

    /// Wraps HSM key `id` under the managed AES key `kek_uid`, inside the HSM.
    pub(super) async fn wrap_under(
        &self,
        caller: &Identity,
        backend_name: &str,
        id: &[u8],
        kek_uid: &str,
        wrap: KeyWrap,
    ) -> Result<Vec<u8>, ServiceError> {
        let kek = self
            .authorized_shared(caller, kek_uid, Operation::GET)
            .await?;
        if kek.object_type() != ObjectType::SYMMETRIC_KEY
            || kek.algorithm() != Some(CryptographicAlgorithm::AES)
        {
            return Err(ServiceError::InvalidField(
                "the wrapping key must be an AES symmetric key".into(),
            ));
        }
        if kek.state() != State::ACTIVE {
            return Err(ServiceError::WrongState("the wrapping key is not Active"));
        }
        kek.require_usage(CryptographicUsageMask::WRAP_KEY, "Wrap Key")?;
        let (kek_backend, kek_id) = hsm_material(&kek)?;
        if kek_backend != backend_name {
            return Err(ServiceError::NotSupported(
                "wrapping under a key held by another HSM".into(),
            ));
        }
        let mechanism = match wrap {
            KeyWrap::AesKw => WrapMechanism::AesKeyWrap,
            KeyWrap::AesKwp => WrapMechanism::AesKeyWrapPad,
        };
        self.backend(backend_name)?
            .wrap_key(&kek_id, id, mechanism)
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::Permission => ServiceError::NotExtractable("the HSM refused to wrap the key"),
                ErrorKind::InvalidInput | ErrorKind::Unsupported => ServiceError::InvalidField(
                    "the HSM cannot wrap this key with this mechanism (AES key wrap needs a multiple of 8 bytes; use AES Key Wrap Padding)".into(),
                ),
                _ => e.into(),
            })
    }
}
