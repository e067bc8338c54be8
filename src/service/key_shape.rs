//! The shape of a key from its attributes: integer and boolean attribute values, the kind and
//! length of a secret key, HMAC key sizes and padding, Cryptographic Length in bits, Link values. Shared by
//! Create, Register, Import, Re-key and the key-pair paths.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, LinkType, ObjectType};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use zeroize::Zeroizing;

use super::ServiceError;

pub(super) fn integer(attributes: &Attributes, tag: Tag) -> Option<i32> {
    match attributes.get(tag) {
        Some(Value::Integer(v)) => Some(*v),
        _ => None,
    }
}

pub(super) fn boolean(attributes: &Attributes, tag: Tag) -> Option<bool> {
    match attributes.get(tag) {
        Some(Value::Boolean(v)) => Some(*v),
        _ => None,
    }
}

/// The kind of secret key and its length in bytes, from the attributes.
pub(super) fn secret_key_shape(
    attributes: &Attributes,
    imported: bool,
) -> Result<(CryptographicAlgorithm, usize), ServiceError> {
    let algorithm = match attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        Some(Value::Enumeration(raw)) => CryptographicAlgorithm(*raw),
        _ => {
            return Err(ServiceError::InvalidField(
                "Cryptographic Algorithm is required".into(),
            ))
        }
    };
    let bits = integer(attributes, Tag::CRYPTOGRAPHIC_LENGTH);
    let bits = match algorithm {
        CryptographicAlgorithm::AES => bits.ok_or_else(|| {
            ServiceError::InvalidField("Cryptographic Length is required for AES".into())
        })?,
        CryptographicAlgorithm::CHACHA20 | CryptographicAlgorithm::CHACHA20POLY1305 => match bits {
            None | Some(256) => return Ok((algorithm, 32)),
            Some(other) => {
                return Err(ServiceError::InvalidField(format!(
                    "ChaCha20 keys are 256 bits, not {other}"
                )))
            }
        },
        // Three-key triple DES: 168 effective bits in 24 bytes (with parity bits).
        CryptographicAlgorithm::DES3 => match bits {
            None | Some(168) | Some(192) => return Ok((algorithm, 24)),
            Some(other) => {
                return Err(ServiceError::InvalidField(format!(
                    "DES3 keys are 168 bits (three-key triple DES), not {other}"
                )))
            }
        },
        a if is_hmac(a) => {
            let least = hmac_output_bits(a);
            let bits = bits.unwrap_or(least);
            if bits < least && !imported {
                // RFC 2104 §3 discourages keys shorter than the hash output, and HSMs (SoftHSM2
                // among them) refuse to use them.
                return Err(ServiceError::InvalidField(format!(
                    "HMAC keys for {a} are at least {least} bits"
                )));
            }
            bits
        }
        other => {
            return Err(ServiceError::NotSupported(format!(
                "symmetric keys of algorithm {other}"
            )))
        }
    };
    if bits <= 0 || bits % 8 != 0 {
        return Err(ServiceError::InvalidField(format!(
            "Cryptographic Length {bits} is not a whole number of bytes"
        )));
    }
    Ok((algorithm, bits as usize / 8))
}

pub(super) fn is_hmac(algorithm: CryptographicAlgorithm) -> bool {
    [
        CryptographicAlgorithm::HMAC_SHA256,
        CryptographicAlgorithm::HMAC_SHA384,
        CryptographicAlgorithm::HMAC_SHA512,
        CryptographicAlgorithm::HMAC_SHA1,
        CryptographicAlgorithm::HMAC_SHA224,
    ]
    .contains(&algorithm)
}

/// The output length of an HMAC, the default (and least) length of the keys generated for it.
fn hmac_output_bits(algorithm: CryptographicAlgorithm) -> i32 {
    match algorithm {
        CryptographicAlgorithm::HMAC_SHA1 => 160,
        CryptographicAlgorithm::HMAC_SHA224 => 224,
        CryptographicAlgorithm::HMAC_SHA384 => 384,
        CryptographicAlgorithm::HMAC_SHA512 => 512,
        _ => 256,
    }
}

/// Length to which imported HMAC material is zero-padded in the HSM: the SHA-256 block size.
pub(super) const HMAC_PADDED_LEN: usize = 64;

/// HMAC pads a key shorter than the hash's block size with zeros (RFC 2104 §2), so a key and
/// that key followed by zeros up to the block size give the same MACs. SHA-2 blocks are 64 or
/// 128 bytes, so padding to 64 bytes changes no MAC while meeting HSMs' rule that a key be at
/// least as long as the hash output (SoftHSM2 refuses shorter ones). The record's
/// Cryptographic Length keeps the client's length: an export cuts the padding off there.
pub(super) fn pad_hmac_material(material: Zeroizing<Vec<u8>>) -> Zeroizing<Vec<u8>> {
    if material.len() >= HMAC_PADDED_LEN {
        return material;
    }
    // A new buffer of the final size, so no reallocation leaves an unzeroized copy behind.
    let mut padded = Zeroizing::new(Vec::with_capacity(HMAC_PADDED_LEN));
    padded.extend_from_slice(&material);
    padded.resize(HMAC_PADDED_LEN, 0);
    padded
}

/// Whether key material the client calls AES is meant for HMAC: its usage mask allows MAC
/// Generate or MAC Verify and its Cryptographic Parameters name an HMAC algorithm (the OASIS
/// test cases CS-AC-M-4..6 register keys so). An HSM key object has one key type, and an AES
/// object cannot run HMAC mechanisms, so such material becomes a generic secret; encrypting
/// with it then fails in the HSM.
pub(super) fn used_for_hmac(attributes: &Attributes) -> bool {
    use hsmgate_kmip::spec::CryptographicUsageMask as Mask;
    let mask = match integer(attributes, Tag::CRYPTOGRAPHIC_USAGE_MASK) {
        Some(mask) => Mask(mask as u32),
        None => return false,
    };
    (mask.contains(Mask::MAC_GENERATE) || mask.contains(Mask::MAC_VERIFY))
        && super::mac::hmac_from_parameters(attributes).is_some()
}

/// Object types whose material is a key, to which Always Sensitive and Never Extractable apply.
pub(super) fn has_key_material(object_type: ObjectType) -> bool {
    [
        ObjectType::SYMMETRIC_KEY,
        ObjectType::PUBLIC_KEY,
        ObjectType::PRIVATE_KEY,
        ObjectType::SECRET_DATA,
    ]
    .contains(&object_type)
}

/// A key's Cryptographic Length in bits: its bytes' bits, except triple DES, whose 24 bytes
/// carry 168 key bits (every eighth bit is parity).
pub(super) fn key_bits(attributes: &Attributes, bytes: usize) -> i32 {
    let des3 = attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM)
        == Some(&Value::Enumeration(CryptographicAlgorithm::DES3.0));
    if des3 {
        168
    } else {
        i32::try_from(bytes * 8).unwrap_or(i32::MAX)
    }
}

/// A Link attribute value: `link_type` to the object `uid`.
pub(super) fn link(link_type: LinkType, uid: &str) -> Value {
    Value::Structure(vec![
        Item::new(Tag::LINK_TYPE, Value::Enumeration(link_type.0)),
        Item::new(
            Tag::LINKED_OBJECT_IDENTIFIER,
            Value::TextString(uid.to_owned()),
        ),
    ])
}
