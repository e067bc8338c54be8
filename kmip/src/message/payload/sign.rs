//! Sign: sign data (or a digest the client computed) with a managed private key, single-shot
//! or streamed.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::field_extras::ByteLen;
use super::{payload_fields, CryptographicParameters, Payload, StreamControl};

/// Sign request: `{Unique Identifier?, Cryptographic Parameters?, Data?, Digested Data?
/// (1.4+), Correlation Value?, Init Indicator?, Final Indicator?}`. `Debug` shows lengths.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SignRequest {
    pub unique_identifier: Option<String>,
    pub cryptographic_parameters: Option<CryptographicParameters>,
    pub data: Option<Bytes>,
    pub digested_data: Option<Bytes>,
    pub stream: StreamControl,
}

impl fmt::Debug for SignRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignRequest")
            .field("unique_identifier", &self.unique_identifier)
            .field("cryptographic_parameters", &self.cryptographic_parameters)
            .field("data", &ByteLen(self.data.as_ref()))
            .field("digested_data", &ByteLen(self.digested_data.as_ref()))
            .field("stream", &self.stream)
            .finish()
    }
}

impl Payload for SignRequest {
    const OPERATION: Operation = Operation::SIGN;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = SignRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            cryptographic_parameters: f
                .take(Tag::CRYPTOGRAPHIC_PARAMETERS)
                .map(CryptographicParameters::try_from)
                .transpose()?,
            data: f.opt_bytes(Tag::DATA)?,
            digested_data: f.opt_bytes(Tag::DIGESTED_DATA)?,
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
            .opt_bytes(Tag::DIGESTED_DATA, self.digested_data.as_ref());
        self.stream.push(&mut b);
        Ok(b.build(Self::TAG))
    }
}

/// Sign response: `{Unique Identifier, Signature Data?, Correlation Value?}` (the signature
/// is absent on the parts of a stream before the last).
#[derive(Clone, PartialEq, Eq)]
pub struct SignResponse {
    pub unique_identifier: String,
    pub signature_data: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
}

impl fmt::Debug for SignResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignResponse")
            .field("unique_identifier", &self.unique_identifier)
            .field("signature_data", &ByteLen(self.signature_data.as_ref()))
            .field(
                "correlation_value",
                &ByteLen(self.correlation_value.as_ref()),
            )
            .finish()
    }
}

impl Payload for SignResponse {
    const OPERATION: Operation = Operation::SIGN;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = SignResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            signature_data: f.opt_bytes(Tag::SIGNATURE_DATA)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .opt_bytes(Tag::SIGNATURE_DATA, self.signature_data.as_ref())
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref());
        Ok(b.build(Self::TAG))
    }
}
