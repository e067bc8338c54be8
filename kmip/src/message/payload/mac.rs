//! MAC: compute a message authentication code over data with a managed key.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::field_extras::ByteLen;
use super::{payload_fields, CryptographicParameters, Payload, StreamControl};

/// MAC request: `{Unique Identifier?, Cryptographic Parameters?, Data?, Correlation Value?,
/// Init Indicator?, Final Indicator?}`. `Debug` shows the data's length.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct MacRequest {
    pub unique_identifier: Option<String>,
    pub cryptographic_parameters: Option<CryptographicParameters>,
    pub data: Option<Bytes>,
    pub stream: StreamControl,
}

impl fmt::Debug for MacRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacRequest")
            .field("unique_identifier", &self.unique_identifier)
            .field("cryptographic_parameters", &self.cryptographic_parameters)
            .field("data", &ByteLen(self.data.as_ref()))
            .field("stream", &self.stream)
            .finish()
    }
}

impl Payload for MacRequest {
    const OPERATION: Operation = Operation::MAC;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = MacRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            cryptographic_parameters: f
                .take(Tag::CRYPTOGRAPHIC_PARAMETERS)
                .map(CryptographicParameters::try_from)
                .transpose()?,
            data: f.opt_bytes(Tag::DATA)?,
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
        b.opt_bytes(Tag::DATA, self.data.as_ref());
        self.stream.push(&mut b);
        Ok(b.build(Self::TAG))
    }
}

/// MAC response: `{Unique Identifier, MAC Data?, Correlation Value?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct MacResponse {
    pub unique_identifier: String,
    pub mac_data: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
}

impl fmt::Debug for MacResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MacResponse")
            .field("unique_identifier", &self.unique_identifier)
            .field("mac_data", &ByteLen(self.mac_data.as_ref()))
            .field(
                "correlation_value",
                &ByteLen(self.correlation_value.as_ref()),
            )
            .finish()
    }
}

impl Payload for MacResponse {
    const OPERATION: Operation = Operation::MAC;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = MacResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            mac_data: f.opt_bytes(Tag::MAC_DATA)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .opt_bytes(Tag::MAC_DATA, self.mac_data.as_ref())
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref());
        Ok(b.build(Self::TAG))
    }
}
