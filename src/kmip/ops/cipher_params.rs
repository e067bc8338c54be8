//! From KMIP Cryptographic Parameters to the key service's cipher choice (Encrypt and Decrypt).

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{BlockCipherMode, PaddingMethod};

use crate::kmip::error::OpError;
use crate::service::Cipher;

/// The cipher the parameters ask for. Parameters are required: this server does not yet fall
/// back to the key's Cryptographic Parameters attribute.
pub fn cipher(parameters: Option<&CryptographicParameters>) -> Result<Cipher, OpError> {
    let parameters = parameters
        .ok_or_else(|| OpError::InvalidField("Cryptographic Parameters are required".into()))?;
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
