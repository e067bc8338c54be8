//! Interop (KMIP 2.0 and later): tell the server where an interoperability test case begins
//! and ends, or reset its state.

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{InteropFunction, Operation};
use crate::ttlv::{Item, Tag};

use super::field_extras::require_v2;
use super::{payload_fields, Payload};

/// Interop request: `{Interop Function, Interop Identifier}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InteropRequest {
    pub interop_function: InteropFunction,
    /// The test case, e.g. `BL-M-1-21`.
    pub interop_identifier: String,
}

impl Payload for InteropRequest {
    const OPERATION: Operation = Operation::INTEROP;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        require_v2(version)?;
        let mut f = payload_fields(item, Self::TAG)?;
        let request = InteropRequest {
            interop_function: f.enumeration(Tag::INTEROP_FUNCTION)?,
            interop_identifier: f.text(Tag::INTEROP_IDENTIFIER)?,
        };
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        require_v2(version)?;
        let mut b = Builder::new();
        b.enumeration(Tag::INTEROP_FUNCTION, self.interop_function)
            .text(Tag::INTEROP_IDENTIFIER, &self.interop_identifier);
        Ok(b.build(Self::TAG))
    }
}

/// Interop response: an empty payload.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct InteropResponse;

impl Payload for InteropResponse {
    const OPERATION: Operation = Operation::INTEROP;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        require_v2(version)?;
        payload_fields(item, Self::TAG)?.finish()?;
        Ok(InteropResponse)
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        require_v2(version)?;
        Ok(Builder::new().build(Self::TAG))
    }
}
