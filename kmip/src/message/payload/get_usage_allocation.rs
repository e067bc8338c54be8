//! Get Usage Allocation: reserve part of an object's usage limit (bytes or objects to be
//! protected) before using the key outside the server.

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::long_integer;
use super::{payload_fields, Payload};

/// Get Usage Allocation request: `{Unique Identifier?, Usage Limits Count}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetUsageAllocationRequest {
    pub unique_identifier: Option<String>,
    /// Units of the object's Usage Limits; not negative.
    pub usage_limits_count: i64,
}

impl Payload for GetUsageAllocationRequest {
    const OPERATION: Operation = Operation::GET_USAGE_ALLOCATION;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        let usage_limits_count = long_integer(&mut f, Tag::USAGE_LIMITS_COUNT)?;
        f.finish()?;
        if usage_limits_count < 0 {
            return Err(MessageError::InvalidValue {
                tag: Tag::USAGE_LIMITS_COUNT,
                reason: "must not be negative",
            });
        }
        Ok(GetUsageAllocationRequest {
            unique_identifier,
            usage_limits_count,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref())
            .push(
                Tag::USAGE_LIMITS_COUNT,
                Value::LongInteger(self.usage_limits_count),
            );
        Ok(b.build(Self::TAG))
    }
}

/// Get Usage Allocation response: the object.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetUsageAllocationResponse {
    pub unique_identifier: String,
}

impl Payload for GetUsageAllocationResponse {
    const OPERATION: Operation = Operation::GET_USAGE_ALLOCATION;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(GetUsageAllocationResponse { unique_identifier })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        Ok(b.build(Self::TAG))
    }
}
