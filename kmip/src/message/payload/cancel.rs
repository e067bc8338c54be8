//! Cancel: cancel an operation the server is running asynchronously.

use bytes::Bytes;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{CancellationResult, Operation};
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::bytes;
use super::{payload_fields, Payload};

/// Cancel request: the Asynchronous Correlation Value of the pending operation.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CancelRequest {
    pub asynchronous_correlation_value: Bytes,
}

impl Payload for CancelRequest {
    const OPERATION: Operation = Operation::CANCEL;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let asynchronous_correlation_value = bytes(&mut f, Tag::ASYNCHRONOUS_CORRELATION_VALUE)?;
        f.finish()?;
        Ok(CancelRequest {
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

/// Cancel response: `{Asynchronous Correlation Value, Cancellation Result}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CancelResponse {
    pub asynchronous_correlation_value: Bytes,
    pub cancellation_result: CancellationResult,
}

impl Payload for CancelResponse {
    const OPERATION: Operation = Operation::CANCEL;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = CancelResponse {
            asynchronous_correlation_value: bytes(&mut f, Tag::ASYNCHRONOUS_CORRELATION_VALUE)?,
            cancellation_result: f.enumeration(Tag::CANCELLATION_RESULT)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.push(
            Tag::ASYNCHRONOUS_CORRELATION_VALUE,
            Value::ByteString(self.asynchronous_correlation_value.clone()),
        )
        .enumeration(Tag::CANCELLATION_RESULT, self.cancellation_result);
        Ok(b.build(Self::TAG))
    }
}
