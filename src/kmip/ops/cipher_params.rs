//! From KMIP Cryptographic Parameters to the key service's cipher choice (Encrypt and Decrypt).
//! When a request carries none, the key's own Cryptographic Parameters attribute applies, as
//! KMIP specifies. AES block cipher modes, or RSA schemes named by their Padding Method.

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::spec::enums::{BlockCipherMode, HashingAlgorithm, PaddingMethod};
use hsmgate_kmip::ttlv::{Item, Tag};
use hsmgate_pkcs11::HashAlg;

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{Cipher, ServiceError};

/// GCM tag lengths (bytes) the HSM mechanism accepts.
const GCM_TAG_LENGTHS: [i32; 7] = [4, 8, 12, 13, 14, 15, 16];

/// The cipher for a request on key `uid`: from the request's parameters, else the key's.
pub async fn cipher(
    ctx: &OpContext<'_>,
    uid: &str,
    requested: Option<CryptographicParameters>,
) -> Result<Cipher, OpError> {
    let parameters = match requested {
        Some(parameters) => parameters,
        None => key_parameters(ctx, uid).await?,
    };
    cipher_for(&parameters)
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

fn cipher_for(parameters: &CryptographicParameters) -> Result<Cipher, OpError> {
    if let Some(rsa) = rsa_cipher(parameters)? {
        return Ok(rsa);
    }
    let mode = parameters
        .block_cipher_mode
        .ok_or_else(|| OpError::InvalidField("Block Cipher Mode is required".into()))?;
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
            Ok(Cipher::AesGcm {
                tag_len: tag_len as usize,
            })
        }
        BlockCipherMode::CBC if padding == Some(PaddingMethod::PKCS5) => Ok(Cipher::AesCbcPad),
        BlockCipherMode::CTR if no_padding => Ok(Cipher::AesCtr),
        BlockCipherMode::ECB if no_padding => Ok(Cipher::AesEcb),
        BlockCipherMode::ECB if padding == Some(PaddingMethod::PKCS5) => Ok(Cipher::AesEcbPkcs7),
        _ => Err(OpError::NotSupported("this block cipher mode and padding")),
    }
}

/// RSA encryption schemes, named by their padding method. OAEP uses one hash for the label and
/// MGF1 (SHA-1 unless the Hashing Algorithm says otherwise, as KMIP's default).
fn rsa_cipher(parameters: &CryptographicParameters) -> Result<Option<Cipher>, OpError> {
    match parameters.padding_method {
        Some(PaddingMethod::OAEP) => {
            let hash = match parameters.hashing_algorithm {
                None | Some(HashingAlgorithm::SHA_1) => HashAlg::Sha1,
                Some(HashingAlgorithm::SHA_256) => HashAlg::Sha256,
                Some(other) => {
                    return Err(OpError::Service(ServiceError::NotSupported(format!(
                        "RSA-OAEP with {other}"
                    ))))
                }
            };
            let mgf_hash = parameters.mask_generator_hashing_algorithm;
            if mgf_hash.is_some()
                && mgf_hash
                    != Some(
                        parameters
                            .hashing_algorithm
                            .unwrap_or(HashingAlgorithm::SHA_1),
                    )
            {
                return Err(OpError::Service(ServiceError::NotSupported(
                    "RSA-OAEP with different label and MGF1 hashes".into(),
                )));
            }
            Ok(Some(Cipher::RsaOaep(hash)))
        }
        Some(PaddingMethod::PKCS1_V1_5) => Ok(Some(Cipher::RsaPkcs1v15)),
        _ => Ok(None),
    }
}
