//! MAC Verify: check a message authentication code over data with a managed key.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{Operation, ValidityIndicator};
use crate::ttlv::{Item, Tag};

use super::field_extras::ByteLen;
use super::{payload_fields, CryptographicParameters, Payload, StreamControl};

/// MAC Verify request: `{Unique Identifier?, Cryptographic Parameters?, Data?, MAC Data?,
/// Correlation Value?, Init Indicator?, Final Indicator?}`. `Debug` shows lengths.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MacVerifyRequest {
    pub unique_identifier: Option<String>,
    pub cryptographic_parameters: Option<CryptographicParameters>,
    pub data: Option<Bytes>,
    pub mac_data: Option<Bytes>,
    pub stream: StreamControl,
}

impl fmt::Debug for MacVerifyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacVerifyRequest")
            .field("unique_identifier", &self.unique_identifier)
            .field("cryptographic_parameters", &self.cryptographic_parameters)
            .field("data", &ByteLen(self.data.as_ref()))
            .field("mac_data", &ByteLen(self.mac_data.as_ref()))
            .field("stream", &self.stream)
            .finish()
    }
}

impl Payload for MacVerifyRequest {
    const OPERATION: Operation = Operation::MAC_VERIFY;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = MacVerifyRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            cryptographic_parameters: f
                .take(Tag::CRYPTOGRAPHIC_PARAMETERS)
                .map(CryptographicParameters::try_from)
                .transpose()?,
            data: f.opt_bytes(Tag::DATA)?,
            mac_data: f.opt_bytes(Tag::MAC_DATA)?,
            stream: StreamControl::take(&mut f)?,
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
            .opt_bytes(Tag::MAC_DATA, self.mac_data.as_ref());
        self.stream.push(&mut b);
        Ok(b.build(Self::TAG))
    }
}

/// MAC Verify response: `{Unique Identifier, Validity Indicator, Correlation Value?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct MacVerifyResponse {
    pub unique_identifier: String,
    pub validity_indicator: ValidityIndicator,
    pub correlation_value: Option<Bytes>,
}

impl fmt::Debug for MacVerifyResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacVerifyResponse")
            .field("unique_identifier", &self.unique_identifier)
            .field("validity_indicator", &self.validity_indicator)
            .field(
                "correlation_value",
                &ByteLen(self.correlation_value.as_ref()),
            )
            .finish()
    }
}

impl Payload for MacVerifyResponse {
    const OPERATION: Operation = Operation::MAC_VERIFY;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = MacVerifyResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            validity_indicator: f.enumeration(Tag::VALIDITY_INDICATOR)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .enumeration(Tag::VALIDITY_INDICATOR, self.validity_indicator)
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref());
        Ok(b.build(Self::TAG))
    }
}
