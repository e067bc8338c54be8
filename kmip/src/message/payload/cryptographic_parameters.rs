//! Cryptographic Parameters: how to run a cipher (mode, padding, hash, IV and tag sizes...).
//! Used by Encrypt, Decrypt, Sign, MAC and as an attribute.

use bytes::Bytes;

use crate::message::fields::{expect_tag, Builder, Fields};
use crate::message::MessageError;
use crate::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, DigitalSignatureAlgorithm, HashingAlgorithm,
    KeyRoleType, MaskGenerator, PaddingMethod,
};
use crate::ttlv::{Item, Tag};

/// The Cryptographic Parameters structure (KMIP 1.4 §3.6, 2.1 §4.14). Every field is optional.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CryptographicParameters {
    pub block_cipher_mode: Option<BlockCipherMode>,
    pub padding_method: Option<PaddingMethod>,
    pub hashing_algorithm: Option<HashingAlgorithm>,
    pub key_role_type: Option<KeyRoleType>,
    pub digital_signature_algorithm: Option<DigitalSignatureAlgorithm>,
    pub cryptographic_algorithm: Option<CryptographicAlgorithm>,
    pub random_iv: Option<bool>,
    /// Bits.
    pub iv_length: Option<i32>,
    /// Bytes (authenticated encryption tag).
    pub tag_length: Option<i32>,
    pub fixed_field_length: Option<i32>,
    pub invocation_field_length: Option<i32>,
    pub counter_length: Option<i32>,
    pub initial_counter_value: Option<i32>,
    pub salt_length: Option<i32>,
    pub mask_generator: Option<MaskGenerator>,
    pub mask_generator_hashing_algorithm: Option<HashingAlgorithm>,
    pub p_source: Option<Bytes>,
    pub trailer_field: Option<i32>,
}

impl TryFrom<&Item> for CryptographicParameters {
    type Error = MessageError;

    fn try_from(item: &Item) -> Result<Self, MessageError> {
        expect_tag(item, Tag::CRYPTOGRAPHIC_PARAMETERS)?;
        let mut f = Fields::new(item)?;
        let parameters = CryptographicParameters {
            block_cipher_mode: f.opt_enumeration(Tag::BLOCK_CIPHER_MODE)?,
            padding_method: f.opt_enumeration(Tag::PADDING_METHOD)?,
            hashing_algorithm: f.opt_enumeration(Tag::HASHING_ALGORITHM)?,
            key_role_type: f.opt_enumeration(Tag::KEY_ROLE_TYPE)?,
            digital_signature_algorithm: f.opt_enumeration(Tag::DIGITAL_SIGNATURE_ALGORITHM)?,
            cryptographic_algorithm: f.opt_enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM)?,
            random_iv: f.opt_boolean(Tag::RANDOM_IV)?,
            iv_length: f.opt_integer(Tag::IV_LENGTH)?,
            tag_length: f.opt_integer(Tag::TAG_LENGTH)?,
            fixed_field_length: f.opt_integer(Tag::FIXED_FIELD_LENGTH)?,
            invocation_field_length: f.opt_integer(Tag::INVOCATION_FIELD_LENGTH)?,
            counter_length: f.opt_integer(Tag::COUNTER_LENGTH)?,
            initial_counter_value: f.opt_integer(Tag::INITIAL_COUNTER_VALUE)?,
            salt_length: f.opt_integer(Tag::SALT_LENGTH)?,
            mask_generator: f.opt_enumeration(Tag::MASK_GENERATOR)?,
            mask_generator_hashing_algorithm: f
                .opt_enumeration(Tag::MASK_GENERATOR_HASHING_ALGORITHM)?,
            p_source: f.opt_bytes(Tag::P_SOURCE)?,
            trailer_field: f.opt_integer(Tag::TRAILER_FIELD)?,
        };
        f.finish()?;
        let lengths = [
            (Tag::IV_LENGTH, parameters.iv_length),
            (Tag::TAG_LENGTH, parameters.tag_length),
            (Tag::FIXED_FIELD_LENGTH, parameters.fixed_field_length),
            (
                Tag::INVOCATION_FIELD_LENGTH,
                parameters.invocation_field_length,
            ),
            (Tag::COUNTER_LENGTH, parameters.counter_length),
            (Tag::SALT_LENGTH, parameters.salt_length),
        ];
        for (tag, value) in lengths {
            if value.is_some_and(|v| v < 0) {
                return Err(MessageError::InvalidValue {
                    tag,
                    reason: "length must not be negative",
                });
            }
        }
        Ok(parameters)
    }
}

impl CryptographicParameters {
    pub fn to_item(&self) -> Item {
        let mut b = Builder::new();
        b.opt_enumeration(Tag::BLOCK_CIPHER_MODE, self.block_cipher_mode)
            .opt_enumeration(Tag::PADDING_METHOD, self.padding_method)
            .opt_enumeration(Tag::HASHING_ALGORITHM, self.hashing_algorithm)
            .opt_enumeration(Tag::KEY_ROLE_TYPE, self.key_role_type)
            .opt_enumeration(
                Tag::DIGITAL_SIGNATURE_ALGORITHM,
                self.digital_signature_algorithm,
            )
            .opt_enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM, self.cryptographic_algorithm)
            .opt_boolean(Tag::RANDOM_IV, self.random_iv)
            .opt_integer(Tag::IV_LENGTH, self.iv_length)
            .opt_integer(Tag::TAG_LENGTH, self.tag_length)
            .opt_integer(Tag::FIXED_FIELD_LENGTH, self.fixed_field_length)
            .opt_integer(Tag::INVOCATION_FIELD_LENGTH, self.invocation_field_length)
            .opt_integer(Tag::COUNTER_LENGTH, self.counter_length)
            .opt_integer(Tag::INITIAL_COUNTER_VALUE, self.initial_counter_value)
            .opt_integer(Tag::SALT_LENGTH, self.salt_length)
            .opt_enumeration(Tag::MASK_GENERATOR, self.mask_generator)
            .opt_enumeration(
                Tag::MASK_GENERATOR_HASHING_ALGORITHM,
                self.mask_generator_hashing_algorithm,
            )
            .opt_bytes(Tag::P_SOURCE, self.p_source.as_ref())
            .opt_integer(Tag::TRAILER_FIELD, self.trailer_field);
        b.build(Tag::CRYPTOGRAPHIC_PARAMETERS)
    }
}
