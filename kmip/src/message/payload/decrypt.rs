//! Decrypt: decrypt data with a managed key (single-shot or streamed).

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::{payload_fields, CryptographicParameters, Payload};

/// Decrypt request.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DecryptRequest {
    pub unique_identifier: Option<String>,
    pub cryptographic_parameters: Option<CryptographicParameters>,
    /// Ciphertext.
    pub data: Option<Bytes>,
    pub iv_counter_nonce: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
    pub init_indicator: Option<bool>,
    pub final_indicator: Option<bool>,
    pub authenticated_encryption_additional_data: Option<Bytes>,
    pub authenticated_encryption_tag: Option<Bytes>,
}

impl Payload for DecryptRequest {
    const OPERATION: Operation = Operation::DECRYPT;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = DecryptRequest {
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
            authenticated_encryption_tag: f.opt_bytes(Tag::AUTHENTICATED_ENCRYPTION_TAG)?,
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
            )
            .opt_bytes(
                Tag::AUTHENTICATED_ENCRYPTION_TAG,
                self.authenticated_encryption_tag.as_ref(),
            );
        Ok(b.build(Self::TAG))
    }
}

/// Decrypt response. `Debug` shows the plaintext's length, not the plaintext.
#[derive(Clone, PartialEq, Eq)]
pub struct DecryptResponse {
    pub unique_identifier: String,
    /// Plaintext.
    pub data: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
}

impl fmt::Debug for DecryptResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecryptResponse")
            .field("unique_identifier", &self.unique_identifier)
            .field("data_len", &self.data.as_ref().map(Bytes::len))
            .field("correlation_value", &self.correlation_value)
            .finish()
    }
}

impl Payload for DecryptResponse {
    const OPERATION: Operation = Operation::DECRYPT;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = DecryptResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            data: f.opt_bytes(Tag::DATA)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .opt_bytes(Tag::DATA, self.data.as_ref())
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref());
        Ok(b.build(Self::TAG))
    }
}
