//! Check: ask whether an object could be used for a given amount, usage and lease time,
//! without using it.

use crate::message::fields::{Builder, Fields};
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::{opt_interval, opt_long_integer};
use super::{payload_fields, Payload};

/// The three things Check asks about; the response repeats those that failed the check.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct CheckLimits {
    /// Units of the object's Usage Limits.
    pub usage_limits_count: Option<i64>,
    /// Cryptographic Usage Mask bits.
    pub cryptographic_usage_mask: Option<i32>,
    /// Seconds.
    pub lease_time: Option<u32>,
}

impl CheckLimits {
    fn take(f: &mut Fields<'_>) -> Result<Self, MessageError> {
        let limits = CheckLimits {
            usage_limits_count: opt_long_integer(f, Tag::USAGE_LIMITS_COUNT)?,
            cryptographic_usage_mask: f.opt_integer(Tag::CRYPTOGRAPHIC_USAGE_MASK)?,
            lease_time: opt_interval(f, Tag::LEASE_TIME)?,
        };
        if limits.usage_limits_count.is_some_and(|count| count < 0) {
            return Err(MessageError::InvalidValue {
                tag: Tag::USAGE_LIMITS_COUNT,
                reason: "must not be negative",
            });
        }
        Ok(limits)
    }

    fn push(&self, b: &mut Builder) {
        b.opt(
            Tag::USAGE_LIMITS_COUNT,
            self.usage_limits_count.map(Value::LongInteger),
        )
        .opt_integer(Tag::CRYPTOGRAPHIC_USAGE_MASK, self.cryptographic_usage_mask)
        .opt(Tag::LEASE_TIME, self.lease_time.map(Value::Interval));
    }
}

/// Check request: `{Unique Identifier?, Usage Limits Count?, Cryptographic Usage Mask?, Lease
/// Time?}` (the same in 1.x and 2.x).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CheckRequest {
    pub unique_identifier: Option<String>,
    pub limits: CheckLimits,
}

impl Payload for CheckRequest {
    const OPERATION: Operation = Operation::CHECK;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = CheckRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            limits: CheckLimits::take(&mut f)?,
        };
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        self.limits.push(&mut b);
        Ok(b.build(Self::TAG))
    }
}

/// Check response: the object, and the limits that would not be met.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CheckResponse {
    pub unique_identifier: String,
    pub limits: CheckLimits,
}

impl Payload for CheckResponse {
    const OPERATION: Operation = Operation::CHECK;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = CheckResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            limits: CheckLimits::take(&mut f)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        self.limits.push(&mut b);
        Ok(b.build(Self::TAG))
    }
}
