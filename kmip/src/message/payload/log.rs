//! Log (KMIP 2.0 and later): ask the server to write a message to its log.

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::field_extras::require_v2;
use super::{payload_fields, Payload};

/// Log request: `{Log Message}`. The text comes from the peer: whoever logs it must treat it
/// as untrusted (escape control characters, bound its length).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LogRequest {
    pub log_message: String,
}

impl Payload for LogRequest {
    const OPERATION: Operation = Operation::LOG;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        require_v2(version)?;
        let mut f = payload_fields(item, Self::TAG)?;
        let log_message = f.text(Tag::LOG_MESSAGE)?;
        f.finish()?;
        Ok(LogRequest { log_message })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        require_v2(version)?;
        let mut b = Builder::new();
        b.text(Tag::LOG_MESSAGE, &self.log_message);
        Ok(b.build(Self::TAG))
    }
}

/// Log response: an empty payload.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct LogResponse;

impl Payload for LogResponse {
    const OPERATION: Operation = Operation::LOG;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        require_v2(version)?;
        payload_fields(item, Self::TAG)?.finish()?;
        Ok(LogResponse)
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        require_v2(version)?;
        Ok(Builder::new().build(Self::TAG))
    }
}
