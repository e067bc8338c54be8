//! Encrypt: encrypt data with a managed key (single-shot or streamed with Init/Final
//! Indicator and Correlation Value).

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

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
