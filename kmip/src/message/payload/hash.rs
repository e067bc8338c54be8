//! Hash: digest data with the hashing algorithm the request names (no managed key).

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::field_extras::ByteLen;
use super::{payload_fields, CryptographicParameters, Payload, StreamControl};

/// Hash request: `{Cryptographic Parameters, Data?, Correlation Value?, Init Indicator?,
/// Final Indicator?}`. `Debug` shows the data's length.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct HashRequest {
    /// Required: its Hashing Algorithm says which digest.
    pub cryptographic_parameters: CryptographicParameters,
    pub data: Option<Bytes>,
    pub stream: StreamControl,
}

impl fmt::Debug for HashRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashRequest")
            .field("cryptographic_parameters", &self.cryptographic_parameters)
            .field("data", &ByteLen(self.data.as_ref()))
            .field("stream", &self.stream)
            .finish()
    }
}

impl Payload for HashRequest {
    const OPERATION: Operation = Operation::HASH;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = HashRequest {
            cryptographic_parameters: CryptographicParameters::try_from(
                f.required(Tag::CRYPTOGRAPHIC_PARAMETERS)?,
            )?,
            data: f.opt_bytes(Tag::DATA)?,
            stream: StreamControl::take(&mut f)?,
        };
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.item(self.cryptographic_parameters.to_item())
            .opt_bytes(Tag::DATA, self.data.as_ref());
        self.stream.push(&mut b);
        Ok(b.build(Self::TAG))
    }
}

/// Hash response: `{Data?, Correlation Value?}` (the digest is absent before the last part of
/// a stream).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct HashResponse {
    /// The digest.
    pub data: Option<Bytes>,
    pub correlation_value: Option<Bytes>,
}

impl fmt::Debug for HashResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HashResponse")
            .field("data", &ByteLen(self.data.as_ref()))
            .field(
                "correlation_value",
                &ByteLen(self.correlation_value.as_ref()),
            )
            .finish()
    }
}

impl Payload for HashResponse {
    const OPERATION: Operation = Operation::HASH;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = HashResponse {
            data: f.opt_bytes(Tag::DATA)?,
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_bytes(Tag::DATA, self.data.as_ref())
            .opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref());
        Ok(b.build(Self::TAG))
    }
}
