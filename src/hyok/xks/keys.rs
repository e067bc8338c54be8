//! External keys: finding the managed keys an `externalKeyId` names, the ciphertextMetadata that
//! records which version encrypted, and the AAD given to the HSM.

use std::sync::Arc;

use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, LinkType, ObjectType, Operation, State};
use hsmgate_kmip::ttlv::{Tag, Value};
use sha2::{Digest, Sha256};

use super::error::XksError;
use super::KeyStore;
use crate::service::{Cipher, CipherRequest, CipherResult, ManagedObject, ServiceError};

/// Whether an `externalKeyId` is well formed: 1 to 128 letters, digits, `-`, `.`, `_`.
fn valid_key_id(key_id: &str) -> bool {
    !key_id.is_empty()
        && key_id.len() <= 128
        && key_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// The most predecessors followed from the current key (Replaced Object links).
const MAX_VERSIONS: usize = 64;

/// The identifier a key's Replaced Object link names (its predecessor after a Re-key).
fn predecessor(object: &ManagedObject) -> Option<String> {
    object
        .attributes
        .all(&AttributeName::Tagged(Tag::LINK))
        .find_map(|attribute| {
            let Value::Structure(fields) = &attribute.value else {
                return None;
            };
            let replaced = fields.iter().any(|f| {
                f.tag == Tag::LINK_TYPE
                    && f.value == Value::Enumeration(LinkType::REPLACED_OBJECT_LINK.0)
            });
            fields.iter().find_map(|f| match (&f.tag, &f.value) {
                (&Tag::LINKED_OBJECT_IDENTIFIER, Value::TextString(uid)) if replaced => {
                    Some(uid.clone())
                }
                _ => None,
            })
        })
}

fn destroyed(object: &ManagedObject) -> bool {
    matches!(
        object.state(),
        State::DESTROYED | State::DESTROYED_COMPROMISED
    )
}

/// The versions of an external key, current first: the store's identity's symmetric keys with
/// this Name (newest first; a KMIP Re-key moves the Name to the replacement), then the keys they
/// replaced, following Replaced Object links. Destroyed keys are left out. Keys the store's
/// configuration does not list are not found.
pub async fn versions(store: &KeyStore, key_id: &str) -> Result<Vec<Arc<ManagedObject>>, XksError> {
    if !valid_key_id(key_id) {
        return Err(XksError::Validation(
            "externalKeyId must be 1 to 128 letters, digits, '-', '.' or '_'".into(),
        ));
    }
    if !store.keys.contains(key_id) {
        return Err(XksError::KeyNotFound);
    }
    // The name index finds the candidates; no scan of every object.
    // Shared decoded objects: a call copies no attribute set.
    let mut found: Vec<Arc<ManagedObject>> = store
        .service
        .objects_named_shared(&store.acts_as, key_id, Operation::GET_ATTRIBUTES)
        .await
        .map_err(|e| XksError::from_service(e, false))?
        .into_iter()
        .rev()
        .filter(|o| o.object_type() == ObjectType::SYMMETRIC_KEY && !destroyed(o))
        .collect();
    if found.is_empty() {
        return Err(XksError::KeyNotFound);
    }
    let mut next = found.first().and_then(|o| predecessor(o));
    while let Some(uid) = next.take() {
        if found.len() >= MAX_VERSIONS || found.iter().any(|v| v.uid() == uid) {
            break;
        }
        // Older versions are loaded one by one (cached records); one the store's identity may
        // not see, or that is gone, ends the chain.
        let older = match store
            .service
            .authorized_shared(&store.acts_as, &uid, Operation::GET_ATTRIBUTES)
            .await
        {
            Ok(older) => older,
            Err(ServiceError::NotFound(_) | ServiceError::PermissionDenied) => break,
            Err(e) => return Err(XksError::from_service(e, false)),
        };
        if older.object_type() != ObjectType::SYMMETRIC_KEY || destroyed(&older) {
            break;
        }
        next = predecessor(&older);
        found.push(older);
    }
    Ok(found)
}

/// Whether the external key is enabled: its current (newest) version is Active.
pub fn enabled(current: &ManagedObject) -> bool {
    current.state() == State::ACTIVE
}

/// Whether a key is a 256-bit AES key, the only kind XKS v1 serves.
pub fn is_aes_256(object: &ManagedObject) -> bool {
    object.algorithm() == Some(CryptographicAlgorithm::AES)
        && matches!(
            object.attributes.get(Tag::CRYPTOGRAPHIC_LENGTH),
            Some(Value::Integer(256))
        )
}

/// The current version, refusing a disabled key (the kill switch) or one that is not AES-256.
pub async fn current(store: &KeyStore, key_id: &str) -> Result<Arc<ManagedObject>, XksError> {
    let current = versions(store, key_id)
        .await?
        .into_iter()
        .next()
        .ok_or(XksError::KeyNotFound)?;
    if !enabled(&current) {
        return Err(XksError::InvalidState(
            "the external key is disabled".into(),
        ));
    }
    if !is_aes_256(&current) {
        return Err(XksError::InvalidKeyUsage(
            "the external key is not an AES-256 key".into(),
        ));
    }
    Ok(current)
}

/// `ciphertextMetadata` (at most 20 bytes): a format byte, then the version (the managed
/// object's identifier). Format 1: a UUID identifier as 16 bytes; format 2: another identifier
/// as its text (at most 19 bytes). Both formats mean the AAD is built as the spec's encoding
/// (lengths included, [`hsm_aad`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiphertextMetadata {
    pub version_uid: String,
}

const FORMAT_UUID: u8 = 1;
const FORMAT_TEXT: u8 = 2;

/// The hex value of an ASCII lower-case hex digit.
fn lower_hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Where the dashes of a UUID's text are (8-4-4-4-12 hex digits).
const UUID_DASHES: [usize; 4] = [8, 13, 18, 23];

/// The 16 bytes of a UUID in its lower-case text form, `None` for any other text. Parsed in
/// place: splitting into groups and decoding their concatenation cost five allocations a call.
fn uuid_bytes(uid: &str) -> Option<[u8; 16]> {
    let text = uid.as_bytes();
    if text.len() != 36 || UUID_DASHES.iter().any(|&at| text[at] != b'-') {
        return None;
    }
    let mut digits = text
        .iter()
        .enumerate()
        .filter(|(at, _)| !UUID_DASHES.contains(at))
        .map(|(_, &b)| lower_hex_digit(b));
    let mut bytes = [0u8; 16];
    for byte in &mut bytes {
        *byte = (digits.next()?? << 4) | digits.next()??;
    }
    Some(bytes)
}

fn uuid_text(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

impl CiphertextMetadata {
    #[cfg(test)]
    pub fn encode(&self) -> Result<Vec<u8>, XksError> {
        Self::encode_uid(&self.version_uid)
    }

    /// The metadata naming the key version `uid` (without building a [`CiphertextMetadata`]).
    pub fn encode_uid(uid: &str) -> Result<Vec<u8>, XksError> {
        let mut out = Vec::with_capacity(20);
        if let Some(bytes) = uuid_bytes(uid) {
            out.push(FORMAT_UUID);
            out.extend_from_slice(&bytes);
            return Ok(out);
        }
        if uid.len() <= 19 {
            out.push(FORMAT_TEXT);
            out.extend_from_slice(uid.as_bytes());
            return Ok(out);
        }
        tracing::error!(uid = %uid, "XKS: key identifier too long for ciphertextMetadata");
        Err(XksError::Internal)
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, XksError> {
        let bad = || XksError::InvalidCiphertext("ciphertextMetadata is not valid".into());
        let version_uid = match bytes.split_first() {
            Some((&FORMAT_UUID, rest)) if rest.len() == 16 => uuid_text(rest),
            Some((&FORMAT_TEXT, rest)) if !rest.is_empty() && rest.len() <= 19 => {
                String::from_utf8(rest.to_vec()).map_err(|_| bad())?
            }
            _ => return Err(bad()),
        };
        Ok(CiphertextMetadata { version_uid })
    }
}

/// The AAD given to the HSM, as the spec asks: 2-byte big-endian length of the caller's AAD,
/// the AAD, 1-byte length of ciphertextMetadata, the metadata.
pub fn hsm_aad(aad: &[u8], metadata: &[u8]) -> Result<Vec<u8>, XksError> {
    let aad_len = u16::try_from(aad.len()).map_err(|_| {
        XksError::UnsupportedOperation("additionalAuthenticatedData over 65,535 bytes".into())
    })?;
    let metadata_len = u8::try_from(metadata.len())
        .map_err(|_| XksError::InvalidCiphertext("ciphertextMetadata is too long".into()))?;
    let mut out = Vec::with_capacity(3 + aad.len() + metadata.len());
    out.extend_from_slice(&aad_len.to_be_bytes());
    out.extend_from_slice(aad);
    out.push(metadata_len);
    out.extend_from_slice(metadata);
    Ok(out)
}

/// The parts of an AES-256-GCM ciphertext as the XKS API carries them.
pub struct GcmSealed<'a> {
    pub data: Vec<u8>,
    pub iv: Vec<u8>,
    pub tag: Vec<u8>,
    /// The caller's additional authenticated data.
    pub aad: &'a [u8],
    /// ciphertextMetadata.
    pub metadata: &'a [u8],
}

/// Decrypts `sealed` with the key version `uid` in the HSM, as the key store's identity, with
/// the AAD [`hsm_aad`] makes. `decrypting`: the caller's ciphertext, so that a failure is the
/// caller's bad ciphertext (an encryption's integrity check passes `false`).
pub async fn decrypt_gcm(
    store: &KeyStore,
    uid: &str,
    sealed: GcmSealed<'_>,
    decrypting: bool,
) -> Result<CipherResult, XksError> {
    store
        .service
        .decrypt(
            &store.acts_as,
            uid,
            CipherRequest {
                cipher: Cipher::AesGcm { tag_len: 16 },
                data: sealed.data,
                iv: Some(sealed.iv),
                aad: hsm_aad(sealed.aad, sealed.metadata)?,
                tag: Some(sealed.tag),
            },
        )
        .await
        .map_err(|e| XksError::from_service(e, decrypting))
}

/// The ciphertext data integrity value (SHA_256): over AAD || metadata || IV || ciphertext || tag.
pub fn integrity_value(parts: &[&[u8]]) -> Vec<u8> {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part);
    }
    hash.finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips_and_rejects_garbage() {
        for uid in ["0f8fad5b-d9cb-469f-a165-70867728950e", "key-7", "x"] {
            let metadata = CiphertextMetadata {
                version_uid: uid.into(),
            };
            let bytes = metadata.encode().unwrap();
            assert!(bytes.len() <= 20);
            assert_eq!(CiphertextMetadata::decode(&bytes).unwrap(), metadata);
        }
        for bad in [&[][..], &[1, 2, 3], &[9; 17], &[2], &[2; 21]] {
            assert!(CiphertextMetadata::decode(bad).is_err(), "{bad:?}");
        }
        let long = CiphertextMetadata {
            version_uid: "a".repeat(20),
        };
        assert!(long.encode().is_err());
    }

    #[test]
    fn uuids_are_parsed_and_spelled_as_the_group_form_says() {
        // The definition the in-place parser replaced.
        fn by_groups(uid: &str) -> Option<[u8; 16]> {
            let groups: Vec<&str> = uid.split('-').collect();
            if groups.iter().map(|g| g.len()).collect::<Vec<_>>() != [8, 4, 4, 4, 12]
                || uid.bytes().any(|b| b.is_ascii_uppercase())
            {
                return None;
            }
            hex::decode(groups.concat()).ok()?.try_into().ok()
        }
        let uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        let mut cases = vec![
            uuid.to_owned(),
            uuid.to_uppercase(),
            uuid.replace('-', ""),
            uuid.replacen('-', "x", 1),
            format!("{uuid}0"),
            uuid[1..].to_owned(),
            uuid.replacen('f', "g", 1),
            uuid.replacen('0', "+", 1),
            "0f8fad5b-d9cb-469f-a165-70867728950é".to_owned(),
            "ffffffff-ffff-ffff-ffff-ffffffffffff".to_owned(),
            String::new(),
        ];
        // A dash moved keeps the length but breaks the groups.
        cases.push(format!("{}-{}{}", &uuid[..7], &uuid[7..8], &uuid[9..]));
        for uid in &cases {
            let parsed = uuid_bytes(uid);
            assert_eq!(parsed, by_groups(uid), "{uid}");
            if let Some(bytes) = parsed {
                assert_eq!(&uuid_text(&bytes), uid);
            }
        }
    }

    #[test]
    fn aad_encoding_carries_both_lengths() {
        assert_eq!(hsm_aad(b"", b"").unwrap(), vec![0, 0, 0]);
        assert_eq!(
            hsm_aad(b"ab", b"m").unwrap(),
            vec![0, 2, b'a', b'b', 1, b'm']
        );
        // Moving the metadata into the AAD changes the encoding (the spec's reason for lengths).
        assert_ne!(hsm_aad(b"m", b"").unwrap(), hsm_aad(b"", b"m").unwrap());
        assert!(hsm_aad(&vec![0; 65_536], b"").is_err());
    }

    #[test]
    fn key_ids_follow_the_spec_alphabet() {
        assert!(valid_key_id("payments-key_1.v2"));
        for bad in ["", "a/b", "a b", &"k".repeat(129)] {
            assert!(!valid_key_id(bad), "{bad}");
        }
    }
}
