//! Key operations, one file per family, each an `impl Backend` block of async methods that check
//! out a session and run the PKCS#11 calls on a blocking thread. Keys are named by their CKA_ID
//! (any bytes; the gateway passes its identifier, which also becomes the CKA_LABEL).

mod aes;
mod aes_gcm_stream;
pub(crate) mod chacha20;
mod data_wrap;
mod digest;
mod export;
mod import;
mod keygen;
mod mac;
mod objects;
mod private_value;
mod random;
mod rsa;
mod rsa_aes_wrap;
mod rsa_oaep_any_hash;
mod rsa_public_part;
mod sign;
mod wrap;

pub use aes::{AesMode, GcmSealed};
pub use aes_gcm_stream::{GcmStream, GcmStreamEnd, StreamDirection};
pub use chacha20::{ChaChaNonce, ChaChaSupport, CHACHA20_KEY_LEN, POLY1305_TAG_LEN};
pub use data_wrap::AesDataWrap;
pub use import::RsaPrivateComponents;
pub use keygen::{AesKeySize, EcCurve, KeyOptions};
pub use mac::HmacAlg;
pub use objects::{KeyClass, KeyInfo, KeyKind, PublicKey};
pub use private_value::PrivateKeyValue;
pub use rsa::RsaEncryption;
pub use rsa_oaep_any_hash::OaepParams;
pub use sign::SignAlgorithm;
pub use wrap::{UnwrapTarget, WrapMechanism};

use cryptoki::mechanism::rsa::PkcsMgfType;
use cryptoki::mechanism::{Mechanism, MechanismType};

/// Hash functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlg {
    /// SHA-1 (only where a protocol still needs it, e.g. RSA-OAEP with SHA-1).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    pub(crate) fn mechanism(self) -> Mechanism<'static> {
        match self {
            Self::Sha1 => Mechanism::Sha1,
            Self::Sha256 => Mechanism::Sha256,
            Self::Sha384 => Mechanism::Sha384,
            Self::Sha512 => Mechanism::Sha512,
        }
    }

    pub(crate) fn mechanism_type(self) -> MechanismType {
        match self {
            Self::Sha1 => MechanismType::SHA1,
            Self::Sha256 => MechanismType::SHA256,
            Self::Sha384 => MechanismType::SHA384,
            Self::Sha512 => MechanismType::SHA512,
        }
    }

    pub(crate) fn mgf1(self) -> PkcsMgfType {
        match self {
            Self::Sha1 => PkcsMgfType::MGF1_SHA1,
            Self::Sha256 => PkcsMgfType::MGF1_SHA256,
            Self::Sha384 => PkcsMgfType::MGF1_SHA384,
            Self::Sha512 => PkcsMgfType::MGF1_SHA512,
        }
    }
}

/// Largest input accepted by one call (a gateway request is far smaller; this bounds allocation).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

pub(crate) fn check_input_len(data: &[u8]) -> crate::Result<()> {
    if data.len() > MAX_INPUT {
        return Err(crate::Error::InvalidInput {
            reason: "input larger than MAX_INPUT",
        });
    }
    Ok(())
}
