//! The fields that split a cryptographic operation into several requests (KMIP 1.3 and
//! later): Correlation Value, Init Indicator and Final Indicator. Sign, Signature Verify, MAC,
//! MAC Verify and Hash carry them, in this order, at the end of their request.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::{Builder, Fields};
use crate::message::MessageError;
use crate::ttlv::Tag;

use super::field_extras::ByteLen;

/// Streaming state of a multi-part request. All absent: a single-shot request.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct StreamControl {
    /// The server's handle on the operation in progress (returned by the first part).
    pub correlation_value: Option<Bytes>,
    /// True on the first part.
    pub init_indicator: Option<bool>,
    /// True on the last part.
    pub final_indicator: Option<bool>,
}

impl fmt::Debug for StreamControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamControl")
            .field(
                "correlation_value",
                &ByteLen(self.correlation_value.as_ref()),
            )
            .field("init_indicator", &self.init_indicator)
            .field("final_indicator", &self.final_indicator)
            .finish()
    }
}

impl StreamControl {
    /// True when no streaming field is present.
    pub fn is_single_shot(&self) -> bool {
        *self == StreamControl::default()
    }

    pub(crate) fn take(f: &mut Fields<'_>) -> Result<Self, MessageError> {
        Ok(StreamControl {
            correlation_value: f.opt_bytes(Tag::CORRELATION_VALUE)?,
            init_indicator: f.opt_boolean(Tag::INIT_INDICATOR)?,
            final_indicator: f.opt_boolean(Tag::FINAL_INDICATOR)?,
        })
    }

    pub(crate) fn push(&self, b: &mut Builder) {
        b.opt_bytes(Tag::CORRELATION_VALUE, self.correlation_value.as_ref())
            .opt_boolean(Tag::INIT_INDICATOR, self.init_indicator)
            .opt_boolean(Tag::FINAL_INDICATOR, self.final_indicator);
    }
}
