//! RNG Retrieve: random bytes from the server's generator.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::{bytes, length, ByteLen};
use super::{payload_fields, Payload};

/// RNG Retrieve request: how many bytes (not negative; the server decides how many it
/// grants at most).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RngRetrieveRequest {
    pub data_length: i32,
}

impl Payload for RngRetrieveRequest {
    const OPERATION: Operation = Operation::RNG_RETRIEVE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let data_length = length(&mut f, Tag::DATA_LENGTH)?;
        f.finish()?;
        Ok(RngRetrieveRequest { data_length })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.push(Tag::DATA_LENGTH, Value::Integer(self.data_length));
        Ok(b.build(Self::TAG))
    }
}

/// RNG Retrieve response: the random bytes. `Debug` shows their number only.
#[derive(Clone, PartialEq, Eq)]
pub struct RngRetrieveResponse {
    pub data: Bytes,
}

impl fmt::Debug for RngRetrieveResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RngRetrieveResponse")
            .field("data", &ByteLen(Some(&self.data)))
            .finish()
    }
}

impl Payload for RngRetrieveResponse {
    const OPERATION: Operation = Operation::RNG_RETRIEVE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let data = bytes(&mut f, Tag::DATA)?;
        f.finish()?;
        Ok(RngRetrieveResponse { data })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.push(Tag::DATA, Value::ByteString(self.data.clone()));
        Ok(b.build(Self::TAG))
    }
}
