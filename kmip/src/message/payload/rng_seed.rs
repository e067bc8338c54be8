//! RNG Seed: give the server's generator entropy.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::{bytes, length, ByteLen};
use super::{payload_fields, Payload};

/// RNG Seed request: the seed bytes. `Debug` shows their number only.
#[derive(Clone, PartialEq, Eq)]
pub struct RngSeedRequest {
    pub data: Bytes,
}

impl fmt::Debug for RngSeedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RngSeedRequest")
            .field("data", &ByteLen(Some(&self.data)))
            .finish()
    }
}

impl Payload for RngSeedRequest {
    const OPERATION: Operation = Operation::RNG_SEED;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let data = bytes(&mut f, Tag::DATA)?;
        f.finish()?;
        Ok(RngSeedRequest { data })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.push(Tag::DATA, Value::ByteString(self.data.clone()));
        Ok(b.build(Self::TAG))
    }
}

/// RNG Seed response: how many of the bytes the server used.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RngSeedResponse {
    pub data_length: i32,
}

impl Payload for RngSeedResponse {
    const OPERATION: Operation = Operation::RNG_SEED;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let data_length = length(&mut f, Tag::DATA_LENGTH)?;
        f.finish()?;
        Ok(RngSeedResponse { data_length })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.push(Tag::DATA_LENGTH, Value::Integer(self.data_length));
        Ok(b.build(Self::TAG))
    }
}
