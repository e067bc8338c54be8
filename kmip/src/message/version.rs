//! Protocol Version: which KMIP dialect a message speaks.

use std::fmt;

use crate::ttlv::{Item, Tag, Value};

use super::error::MessageError;
use super::fields::{expect_tag, Fields};

/// A KMIP protocol version. Orders by major, then minor, so `v >= ProtocolVersion::V2_0`
/// asks "is this the 2.x encoding".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct ProtocolVersion {
    pub major: i32,
    pub minor: i32,
}

impl ProtocolVersion {
    pub const V1_0: ProtocolVersion = ProtocolVersion::new(1, 0);
    pub const V1_1: ProtocolVersion = ProtocolVersion::new(1, 1);
    pub const V1_2: ProtocolVersion = ProtocolVersion::new(1, 2);
    pub const V1_3: ProtocolVersion = ProtocolVersion::new(1, 3);
    pub const V1_4: ProtocolVersion = ProtocolVersion::new(1, 4);
    pub const V2_0: ProtocolVersion = ProtocolVersion::new(2, 0);
    pub const V2_1: ProtocolVersion = ProtocolVersion::new(2, 1);

    /// Every version this crate can encode and decode, newest first (the order Discover
    /// Versions answers in).
    pub const SUPPORTED: [ProtocolVersion; 7] = [
        Self::V2_1,
        Self::V2_0,
        Self::V1_4,
        Self::V1_3,
        Self::V1_2,
        Self::V1_1,
        Self::V1_0,
    ];

    pub const fn new(major: i32, minor: i32) -> Self {
        ProtocolVersion { major, minor }
    }

    /// True for KMIP 2.0 and later, whose attributes and payloads use the 2.x shapes.
    pub fn is_v2(self) -> bool {
        self.major >= 2
    }

    /// The Protocol Version structure.
    pub fn to_item(self) -> Item {
        Item::structure(
            Tag::PROTOCOL_VERSION,
            vec![
                Item::new(Tag::PROTOCOL_VERSION_MAJOR, Value::Integer(self.major)),
                Item::new(Tag::PROTOCOL_VERSION_MINOR, Value::Integer(self.minor)),
            ],
        )
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl TryFrom<&Item> for ProtocolVersion {
    type Error = MessageError;

    fn try_from(item: &Item) -> Result<Self, MessageError> {
        expect_tag(item, Tag::PROTOCOL_VERSION)?;
        let mut fields = Fields::new(item)?;
        let major = fields.integer(Tag::PROTOCOL_VERSION_MAJOR)?;
        let minor = fields.integer(Tag::PROTOCOL_VERSION_MINOR)?;
        fields.finish()?;
        if major < 0 || minor < 0 {
            return Err(MessageError::InvalidValue {
                tag: Tag::PROTOCOL_VERSION,
                reason: "negative version number",
            });
        }
        Ok(ProtocolVersion { major, minor })
    }
}
