//! Creating managed objects: keys generated inside the HSM (Create) and plaintext key material
//! imported into it (Register). Either way the HSM object is made first, then the record.

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, HashingAlgorithm, KeyFormatType, ObjectType, RngAlgorithm,
};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::{AesKeySize, Backend, HashAlg, KeyKind, KeyOptions};
use zeroize::Zeroizing;

use super::chacha_cipher::is_chacha;
use super::object::{now, set_attribute, ManagedObject};
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

pub(super) use super::key_shape::{
    boolean, has_key_material, integer, is_hmac, key_bits, pad_hmac_material, secret_key_shape,
    used_for_hmac,
};

/// Attributes only the server sets; a client that sends one gets Invalid Field.
const SERVER_MANAGED: &[Tag] = &[
    Tag::UNIQUE_IDENTIFIER,
    Tag::STATE,
    Tag::INITIAL_DATE,
    Tag::LAST_CHANGE_DATE,
    Tag::ORIGINAL_CREATION_DATE,
    Tag::DESTROY_DATE,
    Tag::COMPROMISE_DATE,
    Tag::REVOCATION_REASON,
    Tag::ALWAYS_SENSITIVE,
    Tag::NEVER_EXTRACTABLE,
    Tag::KEY_VALUE_PRESENT,
    Tag::DIGEST,
    Tag::CERTIFICATE_LENGTH,
    Tag::LEASE_TIME,
    Tag::PROTECTION_STORAGE_MASK,
];

/// Adds the Digest attribute (SHA-256 of the key value in Raw format), computed inside the HSM
/// with C_DigestKey so the value never leaves it. A token that refuses only loses the attribute.
pub(super) async fn add_digest(backend: &Backend, uid: &str, attributes: &mut Attributes) {
    match backend.digest_key(HashAlg::Sha256, uid).await {
        Ok(digest) => attributes.push(
            AttributeName::Tagged(Tag::DIGEST),
            Value::Structure(vec![
                Item::new(
                    Tag::HASHING_ALGORITHM,
                    Value::Enumeration(HashingAlgorithm::SHA_256.0),
                ),
                Item::new(Tag::DIGEST_VALUE, Value::ByteString(digest.into())),
                Item::new(
                    Tag::KEY_FORMAT_TYPE,
                    Value::Enumeration(KeyFormatType::RAW.0),
                ),
            ]),
        ),
        Err(e) => {
            tracing::warn!(uid = %uid, error = %e, "no Digest attribute: the HSM did not digest the key")
        }
    }
}

/// Records that the key's bits came from the HSM's random number generator (KMIP Random
/// Number Generator attribute). Which algorithm an HSM's RNG runs is the vendor's (and often
/// not exposed through PKCS#11), so the RNG Algorithm is honestly Unspecified.
pub(super) fn add_hsm_rng(attributes: &mut Attributes) {
    if attributes.get(Tag::RANDOM_NUMBER_GENERATOR).is_none() {
        attributes.push(
            AttributeName::Tagged(Tag::RANDOM_NUMBER_GENERATOR),
            Value::Structure(vec![Item::new(
                Tag::RNG_ALGORITHM,
                Value::Enumeration(RngAlgorithm::UNSPECIFIED.0),
            )]),
        );
    }
}

/// Facts about a key held as an HSM key object, recorded as attributes.
pub(super) struct KeyFacts {
    pub extractable: bool,
    /// CKA_SENSITIVE: the value can never be read in plaintext.
    pub sensitive: bool,
    pub bytes: usize,
}

/// What to create: the object type and the client's attributes.
pub struct NewKey {
    pub object_type: ObjectType,
    pub attributes: Attributes,
}

/// A fresh random (version 4) UUID, the form of every Unique Identifier this gateway assigns.
pub(super) fn new_uid() -> Result<String, ServiceError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| ServiceError::Internal(format!("random: {e}")))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

impl KeyService {
    /// Generates a symmetric key inside the default HSM and records it: sensitive and
    /// non-extractable unless the client's attributes (or `[keys] created_keys_extractable`)
    /// say otherwise. Returns the new Unique Identifier.
    pub async fn create_symmetric_key(
        &self,
        caller: &Identity,
        request: NewKey,
    ) -> Result<String, ServiceError> {
        if request.object_type != ObjectType::SYMMETRIC_KEY {
            return Err(ServiceError::NotSupported(format!(
                "Create of {}",
                request.object_type
            )));
        }
        check_client_attributes(&request.attributes)?;
        let (algorithm, bytes) = secret_key_shape(&request.attributes, false)?;
        // The client's Extractable and Sensitive win; absent, they default to the gateway's
        // policy (sensitive, never leaves the HSM) or, when configured, to KMIP's defaults.
        let kmip_defaults = self.created_keys_extractable;
        let extractable = boolean(&request.attributes, Tag::EXTRACTABLE).unwrap_or(kmip_defaults);
        let sensitive =
            boolean(&request.attributes, Tag::SENSITIVE).unwrap_or(!kmip_defaults) || !extractable;
        let options = if sensitive {
            key_options(extractable)
        } else {
            KeyOptions::default().readable()
        };
        let chacha = is_chacha(algorithm);
        let backend = if chacha {
            self.chacha_backend(algorithm, true)?
        } else {
            self.default_backend()?
        };
        let uid = new_uid()?;
        if chacha {
            backend.generate_chacha20(&uid, options).await?;
        } else if algorithm == CryptographicAlgorithm::AES {
            let size = match bytes {
                16 => AesKeySize::Aes128,
                24 => AesKeySize::Aes192,
                32 => AesKeySize::Aes256,
                _ => {
                    return Err(ServiceError::InvalidField(
                        "AES keys are 128, 192 or 256 bits".into(),
                    ))
                }
            };
            backend.generate_aes(&uid, size, options).await?;
        } else if algorithm == CryptographicAlgorithm::DES3 {
            backend.generate_des3(&uid, options).await?;
        } else {
            backend.generate_hmac_key(&uid, bytes, options).await?;
        }
        let mut request = request;
        add_digest(backend, &uid, &mut request.attributes).await;
        add_hsm_rng(&mut request.attributes);
        // The form the key is held in and a Get without a format returns.
        if request.attributes.get(Tag::KEY_FORMAT_TYPE).is_none() {
            request.attributes.push(
                hsmgate_kmip::message::AttributeName::Tagged(Tag::KEY_FORMAT_TYPE),
                Value::Enumeration(hsmgate_kmip::spec::enums::KeyFormatType::RAW.0),
            );
        }
        let facts = KeyFacts {
            extractable,
            sensitive,
            bytes,
        };
        self.record_hsm_key(caller, uid, request, backend.name(), facts)
            .await
    }

    /// Imports plaintext symmetric key material into the default HSM and records it.
    pub async fn register_symmetric_key(
        &self,
        caller: &Identity,
        request: NewKey,
        material: Zeroizing<Vec<u8>>,
    ) -> Result<String, ServiceError> {
        check_client_attributes(&request.attributes)?;
        let (algorithm, mut bytes) = secret_key_shape(&request.attributes, true)?;
        if algorithm == CryptographicAlgorithm::DES3 {
            return Err(ServiceError::NotSupported(
                "Register of DES3 keys (Create generates them)".into(),
            ));
        }
        // An HMAC key's length is its material's when the client did not state it.
        if is_hmac(algorithm) && integer(&request.attributes, Tag::CRYPTOGRAPHIC_LENGTH).is_none() {
            bytes = material.len();
        }
        if bytes != material.len() {
            return Err(ServiceError::InvalidField(
                "Cryptographic Length does not match the key material".into(),
            ));
        }
        let chacha = is_chacha(algorithm);
        let kind = if chacha {
            KeyKind::ChaCha20
        } else if algorithm == CryptographicAlgorithm::AES && !used_for_hmac(&request.attributes) {
            KeyKind::Aes
        } else {
            KeyKind::GenericSecret
        };
        // Registered material was known outside the HSM, so it is no more secret for being
        // exportable: it stays extractable and readable (Get returns it in plaintext) unless
        // the client marks it non-extractable or Sensitive.
        let extractable = boolean(&request.attributes, Tag::EXTRACTABLE).unwrap_or(true);
        let sensitive =
            boolean(&request.attributes, Tag::SENSITIVE).unwrap_or(false) || !extractable;
        let options = if sensitive {
            key_options(extractable)
        } else {
            KeyOptions::default().readable().fresh_id()
        };
        let material = if kind == KeyKind::GenericSecret {
            pad_hmac_material(material)
        } else {
            material
        };
        let backend = if chacha {
            self.chacha_backend(algorithm, false)?
        } else {
            self.default_backend()?
        };
        let uid = new_uid()?;
        backend
            .import_secret_key(&uid, kind, material, options)
            .await?;
        let mut request = request;
        if kind == KeyKind::Aes {
            // (HMAC material may be stored zero-padded, so the HSM's digest would not be the
            // digest of the registered value.)
            add_digest(backend, &uid, &mut request.attributes).await;
        }
        let facts = KeyFacts {
            extractable,
            sensitive,
            bytes,
        };
        self.record_hsm_key(caller, uid, request, backend.name(), facts)
            .await
    }

    /// [`KeyService::record_object`] for a secret key just made in HSM `backend` under `uid`.
    pub(super) async fn record_hsm_key(
        &self,
        caller: &Identity,
        uid: String,
        request: NewKey,
        backend: &str,
        facts: KeyFacts,
    ) -> Result<String, ServiceError> {
        let material = Material::Hsm {
            backend: backend.to_owned(),
            id: uid.as_bytes().to_vec(),
        };
        self.record_object(caller, uid, request, material, Some(facts))
            .await
    }

    /// Writes the record of an object whose HSM part exists; undoes the HSM part if that fails.
    pub(super) async fn record_object(
        &self,
        caller: &Identity,
        uid: String,
        request: NewKey,
        material: Material,
        key: Option<KeyFacts>,
    ) -> Result<String, ServiceError> {
        let now = now();
        let mut attributes = request.attributes;
        let state = super::dates::state_from_dates(&attributes, now);
        // Fresh: not yet served to a client (Get sets it false), unless the client says.
        if attributes.get(Tag::FRESH).is_none() {
            set_attribute(&mut attributes, Tag::FRESH, Value::Boolean(true));
        }
        let mut server_set = vec![
            (Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.clone())),
            (Tag::SHORT_UNIQUE_IDENTIFIER, short_unique_identifier(&uid)),
            (Tag::OBJECT_TYPE, Value::Enumeration(request.object_type.0)),
            (Tag::STATE, Value::Enumeration(state.0)),
            (Tag::INITIAL_DATE, Value::DateTime(now)),
            (Tag::LAST_CHANGE_DATE, Value::DateTime(now)),
            (Tag::ORIGINAL_CREATION_DATE, Value::DateTime(now)),
        ];
        if let Some(key) = key {
            server_set.extend([
                (
                    Tag::CRYPTOGRAPHIC_LENGTH,
                    Value::Integer(key_bits(&attributes, key.bytes)),
                ),
                (Tag::SENSITIVE, Value::Boolean(key.sensitive)),
                (Tag::EXTRACTABLE, Value::Boolean(key.extractable)),
                // Sensitive and Extractable are read-only here, so their first values are
                // their whole history.
                (Tag::ALWAYS_SENSITIVE, Value::Boolean(key.sensitive)),
                (Tag::NEVER_EXTRACTABLE, Value::Boolean(!key.extractable)),
            ]);
        } else if has_key_material(request.object_type) {
            // A key kept in the store: as sensitive and extractable as the client registered it.
            let sensitive = boolean(&attributes, Tag::SENSITIVE).unwrap_or(false);
            let extractable = boolean(&attributes, Tag::EXTRACTABLE).unwrap_or(true);
            server_set.extend([
                (Tag::ALWAYS_SENSITIVE, Value::Boolean(sensitive)),
                (Tag::NEVER_EXTRACTABLE, Value::Boolean(!extractable)),
            ]);
        }
        server_set.extend(self.policy_attributes(&material).await);
        for (tag, value) in server_set {
            set_attribute(&mut attributes, tag, value);
        }
        super::usage_limits::start_usage_count(&mut attributes);
        let object = ManagedObject::new(
            uid.clone(),
            request.object_type,
            caller.subject().to_owned(),
            attributes,
            material,
        );
        let record = object.to_record()?;
        let stored = self
            .with_store(move |store| Ok(store.insert(&record)?))
            .await;
        if let Err(e) = stored {
            if let Material::Hsm { backend, id } = object.material() {
                if let Err(cleanup) = self.backend(backend)?.destroy_key(id).await {
                    tracing::error!(uid = %uid, error = %cleanup, "HSM key left without a record; reconciliation will report it");
                }
            }
            return Err(e);
        }
        tracing::info!(uid = %uid, owner = %caller, "created");
        Ok(uid)
    }
}

/// The Short Unique Identifier (KMIP 2.0): the SHA-256 of the Unique Identifier.
pub(super) fn short_unique_identifier(uid: &str) -> Value {
    use sha2::Digest;
    Value::ByteString(sha2::Sha256::digest(uid.as_bytes()).to_vec().into())
}

/// Token (persistent) key options.
/// Options of a new token key under a fresh UUID (so the HSM need not be searched for the id).
pub(super) fn key_options(extractable: bool) -> KeyOptions {
    if extractable {
        KeyOptions::extractable().fresh_id()
    } else {
        KeyOptions::default().fresh_id()
    }
}

pub(super) fn check_client_attributes(attributes: &Attributes) -> Result<(), ServiceError> {
    for attribute in attributes.iter() {
        if let hsmgate_kmip::message::AttributeName::Tagged(tag) = attribute.name {
            if SERVER_MANAGED.contains(&tag) {
                return Err(ServiceError::InvalidField(format!(
                    "{} is set by the server",
                    tag.name().unwrap_or("this attribute")
                )));
            }
        }
    }
    Ok(())
}
