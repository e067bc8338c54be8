//! Encrypt: encrypt data with a managed key (single-shot or streamed with Init/Final
//! Indicator and Correlation Value).

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::{payload_fields, CryptographicParameters, Payload};

/// Encrypt request. `Debug` shows the data's length, not the plaintext.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct EncryptRequest {
    pub unique_identifier: Option<String>,
    pub cryptographic_parameters: Option<CryptographicParameters>,
    pub data: Option<Bytes>,
    pub iv_counter_nonce: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
    pub init_indicator: Option<bool>,
    pub final_indicator: Option<bool>,
    pub authenticated_encryption_additional_data: Option<Bytes>,
}

impl fmt::Debug for EncryptRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptRequest")
            .field("unique_identifier", &self.unique_identifier)
            .field("cryptographic_parameters", &self.cryptographic_parameters)
            .field("data_len", &self.data.as_ref().map(Bytes::len))
            .field("iv_counter_nonce", &self.iv_counter_nonce)
            .field("init_indicator", &self.init_indicator)
            .field("final_indicator", &self.final_indicator)
            .finish_non_exhaustive()
    }
}

impl Payload for EncryptRequest {
    const OPERATION: Operation = Operation::ENCRYPT;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = EncryptRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            cryptographic_parameters: f
                .take(Tag::CRYPTOGRAPHIC_PARAMETERS)
                .map(CryptographicParameters::try_from)
                .transpose()?,
            data: f.opt_bytes(Tag::DATA)?,
            iv_counter_nonce: f.opt_bytes(Tag::IV_COUNTER_NONCE)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
            init_indicator: f.opt_boolean(Tag::INIT_INDICATOR)?,
            final_indicator: f.opt_boolean(Tag::FINAL_INDICATOR)?,
            authenticated_encryption_additional_data: f
                .opt_bytes(Tag::AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA)?,
        };
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        if let Some(parameters) = &self.cryptographic_parameters {
            b.item(parameters.to_item());
        }
        b.opt_bytes(Tag::DATA, self.data.as_ref())
            .opt_bytes(Tag::IV_COUNTER_NONCE, self.iv_counter_nonce.as_ref())
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref())
            .opt_boolean(Tag::INIT_INDICATOR, self.init_indicator)
            .opt_boolean(Tag::FINAL_INDICATOR, self.final_indicator)
            .opt_bytes(
                Tag::AUTHENTICATED_ENCRYPTION_ADDITIONAL_DATA,
                self.authenticated_encryption_additional_data.as_ref(),
            );
        Ok(b.build(Self::TAG))
    }
}

/// Encrypt response.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EncryptResponse {
    pub unique_identifier: String,
    /// Ciphertext.
    pub data: Option<Bytes>,
    /// The IV the server generated, when it chose one.
    pub iv_counter_nonce: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
    pub authenticated_encryption_tag: Option<Bytes>,
}

impl EncryptResponse {
    /// The item [`Payload::to_item`] writes (its shape is the same in every version), built by
    /// moving the fields instead of sharing them: the first clone of a `Bytes` made from a `Vec`
    /// allocates a shared header, once per byte string, for a response dropped right after.
    pub fn into_item(self) -> Item {
        let mut b = Builder::new();
        b.push(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(self.unique_identifier),
        )
        .opt(Tag::DATA, self.data.map(Value::ByteString))
        .opt(
            Tag::IV_COUNTER_NONCE,
            self.iv_counter_nonce.map(Value::ByteString),
        )
        .opt(
            Tag::CORRELATION_VALUE,
            self.correlation_value.map(Value::ByteString),
        )
        .opt(
            Tag::AUTHENTICATED_ENCRYPTION_TAG,
            self.authenticated_encryption_tag.map(Value::ByteString),
        );
        b.build(Self::TAG)
    }
}

impl Payload for EncryptResponse {
    const OPERATION: Operation = Operation::ENCRYPT;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = EncryptResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            data: f.opt_bytes(Tag::DATA)?,
            iv_counter_nonce: f.opt_bytes(Tag::IV_COUNTER_NONCE)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
            authenticated_encryption_tag: f.opt_bytes(Tag::AUTHENTICATED_ENCRYPTION_TAG)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .opt_bytes(Tag::DATA, self.data.as_ref())
            .opt_bytes(Tag::IV_COUNTER_NONCE, self.iv_counter_nonce.as_ref())
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref())
            .opt_bytes(
                Tag::AUTHENTICATED_ENCRYPTION_TAG,
                self.authenticated_encryption_tag.as_ref(),
            );
        Ok(b.build(Self::TAG))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn into_item_is_to_item() {
        let some = |b: &'static [u8]| Some(Bytes::from(b.to_vec()));
        let full = EncryptResponse {
            unique_identifier: "uid-1".into(),
            data: some(b"ciphertext"),
            iv_counter_nonce: some(b"twelve bytes"),
            correlation_value: some(b"c"),
            authenticated_encryption_tag: some(b"sixteen bytes..."),
        };
        let bare = EncryptResponse {
            unique_identifier: String::new(),
            data: None,
            iv_counter_nonce: None,
            correlation_value: None,
            authenticated_encryption_tag: None,
        };
        for response in [full, bare] {
            for version in ProtocolVersion::SUPPORTED {
                assert_eq!(
                    Ok(response.clone().into_item()),
                    response.to_item(version),
                    "{version}"
                );
            }
        }
    }
}
