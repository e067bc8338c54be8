//! From KMIP Cryptographic Parameters to the key service's cipher choice (Encrypt and Decrypt).
//! When a request carries none, the key's own Cryptographic Parameters attribute applies, as
//! KMIP specifies. AES block cipher modes, or RSA schemes named by their Padding Method.

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, HashingAlgorithm, MaskGenerator, PaddingMethod,
};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::HashAlg;

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{Cipher, ServiceError};

/// GCM tag lengths (bytes) the HSM mechanism accepts.
const GCM_TAG_LENGTHS: [i32; 7] = [4, 8, 12, 13, 14, 15, 16];

/// Poly1305 tag lengths (bytes): the full tag or a prefix of at least 96 bits.
const POLY1305_TAG_LENGTHS: [i32; 5] = [12, 13, 14, 15, 16];

/// The cipher, and for RSA-OAEP the label (P Source), for a request on key `uid`: from the
/// request's parameters, else the key's.
pub async fn cipher_and_label(
    ctx: &OpContext<'_>,
    uid: &str,
    requested: Option<CryptographicParameters>,
) -> Result<(Cipher, Option<Vec<u8>>), OpError> {
    let parameters = match requested {
        Some(parameters) => parameters,
        None => key_parameters(ctx, uid).await?,
    };
    let cipher = match cipher_for(&parameters)? {
        Some(cipher) => cipher,
        None => {
            let algorithm = match parameters.cryptographic_algorithm {
                Some(algorithm) => Some(algorithm),
                None => key_algorithm(ctx, uid).await?,
            };
            chacha_cipher(&parameters, algorithm)?
        }
    };
    let label = match cipher {
        Cipher::RsaOaep(_) | Cipher::RsaOaepMgf1 { .. } => {
            parameters.p_source.as_ref().map(|p| p.to_vec())
        }
        _ => None,
    };
    Ok((cipher, label))
}

/// The key service's associated data of a call: the request's Authenticated Encryption
/// Additional Data for AES, the OAEP label for RSA (the service carries both in one field,
/// since no scheme has both). RSA takes no Additional Data.
pub fn associated_data(
    cipher: Cipher,
    label: Option<Vec<u8>>,
    aad: Option<Vec<u8>>,
) -> Result<Vec<u8>, OpError> {
    match cipher {
        Cipher::RsaOaep(_) | Cipher::RsaOaepMgf1 { .. } | Cipher::RsaPkcs1v15 => {
            if aad.is_some_and(|a| !a.is_empty()) {
                return Err(OpError::InvalidField(
                    "RSA encryption takes no Authenticated Encryption Additional Data".into(),
                ));
            }
            Ok(label.unwrap_or_default())
        }
        _ => Ok(aad.unwrap_or_default()),
    }
}

async fn key_parameters(
    ctx: &OpContext<'_>,
    uid: &str,
) -> Result<CryptographicParameters, OpError> {
    let name = AttributeName::Tagged(Tag::CRYPTOGRAPHIC_PARAMETERS);
    let attributes = ctx
        .service
        .attributes(ctx.caller, uid, std::slice::from_ref(&name))
        .await?;
    let value = attributes
        .get(Tag::CRYPTOGRAPHIC_PARAMETERS)
        .ok_or_else(|| {
            OpError::InvalidMessage(
                "no Cryptographic Parameters in the request or on the key".into(),
            )
        })?;
    Ok(CryptographicParameters::try_from(&Item::new(
        Tag::CRYPTOGRAPHIC_PARAMETERS,
        value.clone(),
    ))?)
}

/// The cipher the parameters name, or `None` when it depends on the key's algorithm (no Block
/// Cipher Mode, or the AEAD mode: ChaCha20 and ChaCha20-Poly1305 keys).
fn cipher_for(parameters: &CryptographicParameters) -> Result<Option<Cipher>, OpError> {
    if let Some(rsa) = rsa_cipher(parameters)? {
        return Ok(Some(rsa));
    }
    let mode = match parameters.block_cipher_mode {
        None | Some(BlockCipherMode::AEAD) => return Ok(None),
        Some(mode) => mode,
    };
    let padding = parameters.padding_method;
    let no_padding = padding.is_none() || padding == Some(PaddingMethod::NONE);
    match mode {
        BlockCipherMode::GCM => {
            let tag_len = parameters.tag_length.unwrap_or(16);
            if !GCM_TAG_LENGTHS.contains(&tag_len) {
                // The OASIS test cases (CS-BC-M-GCM-1) expect General Failure here.
                return Err(OpError::GeneralFailure(format!(
                    "invalid GCM tag length {tag_len}"
                )));
            }
            Ok(Some(Cipher::AesGcm {
                tag_len: tag_len as usize,
            }))
        }
        BlockCipherMode::CBC if padding == Some(PaddingMethod::PKCS5) => {
            Ok(Some(Cipher::AesCbcPad))
        }
        BlockCipherMode::CTR if no_padding => Ok(Some(Cipher::AesCtr)),
        BlockCipherMode::ECB if no_padding => Ok(Some(Cipher::AesEcb)),
        BlockCipherMode::ECB if padding == Some(PaddingMethod::PKCS5) => {
            Ok(Some(Cipher::AesEcbPkcs7))
        }
        _ => Err(OpError::NotSupported("this block cipher mode and padding")),
    }
}

/// The key's Cryptographic Algorithm, when it has one.
async fn key_algorithm(
    ctx: &OpContext<'_>,
    uid: &str,
) -> Result<Option<CryptographicAlgorithm>, OpError> {
    let name = AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM);
    let attributes = ctx
        .service
        .attributes(ctx.caller, uid, std::slice::from_ref(&name))
        .await?;
    Ok(match attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        Some(Value::Enumeration(raw)) => Some(CryptographicAlgorithm(*raw)),
        _ => None,
    })
}

/// Without a Block Cipher Mode, a ChaCha20 key's cipher is ChaCha20; with none or AEAD, a
/// ChaCha20Poly1305 key's is ChaCha20-Poly1305. Other keys need a mode.
fn chacha_cipher(
    parameters: &CryptographicParameters,
    algorithm: Option<CryptographicAlgorithm>,
) -> Result<Cipher, OpError> {
    let aead = parameters.block_cipher_mode == Some(BlockCipherMode::AEAD);
    match algorithm {
        Some(CryptographicAlgorithm::CHACHA20) if !aead => Ok(Cipher::ChaCha20),
        Some(CryptographicAlgorithm::CHACHA20POLY1305) => {
            let tag_len = parameters.tag_length.unwrap_or(16);
            if !POLY1305_TAG_LENGTHS.contains(&tag_len) {
                // As for GCM, the OASIS test cases (CS-BC-M-CHACHA20POLY1305-1) expect General
                // Failure.
                return Err(OpError::GeneralFailure(format!(
                    "invalid Poly1305 tag length {tag_len}"
                )));
            }
            Ok(Cipher::ChaCha20Poly1305 {
                tag_len: tag_len as usize,
            })
        }
        _ if aead => Err(OpError::NotSupported(
            "the AEAD block cipher mode with keys other than ChaCha20Poly1305",
        )),
        _ => Err(OpError::InvalidField(
            "Block Cipher Mode is required".into(),
        )),
    }
}

/// The hash of a KMIP Hashing Algorithm, where RSA-OAEP offers it.
fn oaep_hash(algorithm: HashingAlgorithm) -> Result<HashAlg, OpError> {
    match algorithm {
        HashingAlgorithm::SHA_1 => Ok(HashAlg::Sha1),
        HashingAlgorithm::SHA_256 => Ok(HashAlg::Sha256),
        HashingAlgorithm::SHA_384 => Ok(HashAlg::Sha384),
        HashingAlgorithm::SHA_512 => Ok(HashAlg::Sha512),
        other => Err(OpError::Service(ServiceError::NotSupported(format!(
            "RSA-OAEP with {other}"
        )))),
    }
}

/// RSA encryption schemes, named by their padding method. OAEP: the Hashing Algorithm hashes
/// the label (SHA-1 when absent, KMIP's default); MGF1 uses the Mask Generator Hashing
/// Algorithm, or the same hash when that is absent.
fn rsa_cipher(parameters: &CryptographicParameters) -> Result<Option<Cipher>, OpError> {
    match parameters.padding_method {
        Some(PaddingMethod::OAEP) => {
            if parameters
                .mask_generator
                .is_some_and(|m| m != MaskGenerator::MGF1)
            {
                return Err(OpError::Service(ServiceError::NotSupported(
                    "RSA-OAEP with a mask generator other than MGF1".into(),
                )));
            }
            let hash = oaep_hash(
                parameters
                    .hashing_algorithm
                    .unwrap_or(HashingAlgorithm::SHA_1),
            )?;
            let mgf1_hash = match parameters.mask_generator_hashing_algorithm {
                Some(algorithm) => oaep_hash(algorithm)?,
                None => hash,
            };
            Ok(Some(match mgf1_hash == hash {
                true => Cipher::RsaOaep(hash),
                false => Cipher::RsaOaepMgf1 { hash, mgf1_hash },
            }))
        }
        Some(PaddingMethod::PKCS1_V1_5) => Ok(Some(Cipher::RsaPkcs1v15)),
        _ => Ok(None),
    }
}
