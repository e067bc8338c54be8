//! Poll: ask for the outcome of an operation the server is running asynchronously.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::{as_structure, expect_tag, Builder};
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::bytes;
use super::{payload_fields, Payload};

/// Poll request: the Asynchronous Correlation Value of the pending operation.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PollRequest {
    pub asynchronous_correlation_value: Bytes,
}

impl Payload for PollRequest {
    const OPERATION: Operation = Operation::POLL;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let asynchronous_correlation_value = bytes(&mut f, Tag::ASYNCHRONOUS_CORRELATION_VALUE)?;
        f.finish()?;
        Ok(PollRequest {
            asynchronous_correlation_value,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.push(
            Tag::ASYNCHRONOUS_CORRELATION_VALUE,
            Value::ByteString(self.asynchronous_correlation_value.clone()),
        );
        Ok(b.build(Self::TAG))
    }
}

/// Poll response: once the polled operation has finished, the server answers with that
/// operation's Response Payload, whose shape depends on an operation this batch item does not
/// name. It is kept as the item; parse it with the operation the client remembers for the
/// correlation value. (While the operation is pending the batch item has no payload at all.)
///
/// `Debug` shows the number of fields only: the payload may hold key material.
#[derive(Clone, PartialEq, Eq)]
pub struct PollResponse {
    pub payload: Item,
}

impl fmt::Debug for PollResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollResponse")
            .field("payload_fields", &self.payload.children().len())
            .finish()
    }
}

impl Payload for PollResponse {
    const OPERATION: Operation = Operation::POLL;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        expect_tag(item, Self::TAG)?;
        as_structure(item)?;
        Ok(PollResponse {
            payload: item.clone(),
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        expect_tag(&self.payload, Self::TAG)?;
        as_structure(&self.payload)?;
        Ok(self.payload.clone())
    }
}
