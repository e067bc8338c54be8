//! Obtain Lease: ask for a lease of an object's key material (how long a client may use a
//! copy before asking again).

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::interval;
use super::{payload_fields, Payload};

/// Obtain Lease request: the object (absent: the ID Placeholder).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ObtainLeaseRequest {
    pub unique_identifier: Option<String>,
}

impl Payload for ObtainLeaseRequest {
    const OPERATION: Operation = Operation::OBTAIN_LEASE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(ObtainLeaseRequest { unique_identifier })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        Ok(b.build(Self::TAG))
    }
}

/// Obtain Lease response: `{Unique Identifier, Lease Time, Last Change Date}`; the client
/// may use its copy for Lease Time seconds if the object has not changed since Last Change
/// Date.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ObtainLeaseResponse {
    pub unique_identifier: String,
    /// Seconds.
    pub lease_time: u32,
    /// Seconds since the Unix epoch.
    pub last_change_date: i64,
}

impl Payload for ObtainLeaseResponse {
    const OPERATION: Operation = Operation::OBTAIN_LEASE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let response = ObtainLeaseResponse {
            unique_identifier: f.text(Tag::UNIQUE_IDENTIFIER)?,
            lease_time: interval(&mut f, Tag::LEASE_TIME)?,
            last_change_date: f.date_time(Tag::LAST_CHANGE_DATE)?,
        };
        f.finish()?;
        Ok(response)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .push(Tag::LEASE_TIME, Value::Interval(self.lease_time))
            .push(
                Tag::LAST_CHANGE_DATE,
                Value::DateTime(self.last_change_date),
            );
        Ok(b.build(Self::TAG))
    }
}
