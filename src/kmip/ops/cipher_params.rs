//! From KMIP Cryptographic Parameters to the key service's cipher choice (Encrypt and Decrypt):
//! AES block cipher modes, or RSA schemes named by their Padding Method.

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{BlockCipherMode, HashingAlgorithm, PaddingMethod};
use hsmgate_pkcs11::HashAlg;

use crate::kmip::error::OpError;
use crate::service::Cipher;

/// The cipher the parameters ask for. Parameters are required: this server does not yet fall
/// back to the key's Cryptographic Parameters attribute.
pub fn cipher(parameters: Option<&CryptographicParameters>) -> Result<Cipher, OpError> {
    let parameters = parameters
        .ok_or_else(|| OpError::InvalidField("Cryptographic Parameters are required".into()))?;
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
            let tag_len = usize::try_from(tag_len)
                .map_err(|_| OpError::InvalidField("Tag Length must be positive".into()))?;
            Ok(Cipher::AesGcm { tag_len })
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
                Some(_) => return Err(OpError::NotSupported("RSA-OAEP with this hash")),
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
                return Err(OpError::NotSupported(
                    "RSA-OAEP with different label and MGF1 hashes",
                ));
            }
            Ok(Some(Cipher::RsaOaep(hash)))
        }
        Some(PaddingMethod::PKCS1_V1_5) => Ok(Some(Cipher::RsaPkcs1v15)),
        _ => Ok(None),
    }
}
