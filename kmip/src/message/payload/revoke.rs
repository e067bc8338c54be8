//! Revoke: take an object out of use, with a reason.

use crate::message::fields::{Builder, Fields};
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{Operation, RevocationReasonCode};
use crate::ttlv::{Item, Tag, Value};

use super::{payload_fields, Payload};

/// The Revocation Reason structure.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RevocationReason {
    pub code: RevocationReasonCode,
    pub message: Option<String>,
}

impl RevocationReason {
    fn parse(item: &Item) -> Result<Self, MessageError> {
        let mut f = Fields::new(item)?;
        let reason = RevocationReason {
            code: f.enumeration(Tag::REVOCATION_REASON_CODE)?,
            message: f.opt_text(Tag::REVOCATION_MESSAGE)?,
        };
        f.finish()?;
        Ok(reason)
    }

    fn to_item(&self) -> Item {
        let mut b = Builder::new();
        b.enumeration(Tag::REVOCATION_REASON_CODE, self.code)
            .opt_text(Tag::REVOCATION_MESSAGE, self.message.as_deref());
        b.build(Tag::REVOCATION_REASON)
    }
}

/// Revoke request.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RevokeRequest {
    pub unique_identifier: Option<String>,
    pub revocation_reason: RevocationReason,
    /// Seconds since the Unix epoch; expected when the reason is a compromise.
    pub compromise_occurrence_date: Option<i64>,
}

impl Payload for RevokeRequest {
    const OPERATION: Operation = Operation::REVOKE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = RevokeRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            revocation_reason: RevocationReason::parse(f.required(Tag::REVOCATION_REASON)?)?,
            compromise_occurrence_date: f.opt_date_time(Tag::COMPROMISE_OCCURRENCE_DATE)?,
        };
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref())
            .item(self.revocation_reason.to_item())
            .opt(
                Tag::COMPROMISE_OCCURRENCE_DATE,
                self.compromise_occurrence_date.map(Value::DateTime),
            );
        Ok(b.build(Self::TAG))
    }
}

/// Revoke response: the revoked object.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RevokeResponse {
    pub unique_identifier: String,
}

impl Payload for RevokeResponse {
    const OPERATION: Operation = Operation::REVOKE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(RevokeResponse { unique_identifier })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        Ok(b.build(Self::TAG))
    }
}
