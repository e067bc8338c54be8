//! Locate: find objects whose attributes match the given ones.

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::{ObjectGroupMember, Operation};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, Payload};

/// Locate request. 1.x lists Attribute structures; 2.x has one Attributes structure.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LocateRequest {
    pub maximum_items: Option<i32>,
    /// KMIP 1.3 and later.
    pub offset_items: Option<i32>,
    /// Bit mask (On-line, Archival, Destroyed).
    pub storage_status_mask: Option<i32>,
    pub object_group_member: Option<ObjectGroupMember>,
    pub attributes: Attributes,
}

impl Payload for LocateRequest {
    const OPERATION: Operation = Operation::LOCATE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let maximum_items = f.opt_integer(Tag::MAXIMUM_ITEMS)?;
        let offset_items = f.opt_integer(Tag::OFFSET_ITEMS)?;
        let storage_status_mask = f.opt_integer(Tag::STORAGE_STATUS_MASK)?;
        let object_group_member = f.opt_enumeration(Tag::OBJECT_GROUP_MEMBER)?;
        for (tag, value) in [
            (Tag::MAXIMUM_ITEMS, maximum_items),
            (Tag::OFFSET_ITEMS, offset_items),
        ] {
            if value.is_some_and(|v| v < 0) {
                return Err(MessageError::InvalidValue {
                    tag,
                    reason: "must not be negative",
                });
            }
        }
        let attributes = if version.is_v2() {
            // Required by 2.x (an empty structure matches everything).
            Attributes::from_v2(f.required(Tag::ATTRIBUTES)?, Tag::ATTRIBUTES)?
        } else {
            Attributes::from_v1_list(f.take_all(Tag::ATTRIBUTE))?
        };
        f.finish()?;
        Ok(LocateRequest {
            maximum_items,
            offset_items,
            storage_status_mask,
            object_group_member,
            attributes,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_integer(Tag::MAXIMUM_ITEMS, self.maximum_items)
            .opt_integer(Tag::OFFSET_ITEMS, self.offset_items)
            .opt_integer(Tag::STORAGE_STATUS_MASK, self.storage_status_mask)
            .opt_enumeration(Tag::OBJECT_GROUP_MEMBER, self.object_group_member);
        if version.is_v2() {
            b.item(self.attributes.to_v2(Tag::ATTRIBUTES)?);
        } else {
            for attribute in self.attributes.to_v1_list()? {
                b.item(attribute);
            }
        }
        Ok(b.build(Self::TAG))
    }
}

/// Locate response: how many matched (1.3+), and the identifiers returned.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LocateResponse {
    pub located_items: Option<i32>,
    pub unique_identifiers: Vec<String>,
}

impl Payload for LocateResponse {
    const OPERATION: Operation = Operation::LOCATE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let located_items = f.opt_integer(Tag::LOCATED_ITEMS)?;
        let unique_identifiers = f.all_texts(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(LocateResponse {
            located_items,
            unique_identifiers,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_integer(Tag::LOCATED_ITEMS, self.located_items);
        for id in &self.unique_identifiers {
            b.text(Tag::UNIQUE_IDENTIFIER, id);
        }
        Ok(b.build(Self::TAG))
    }
}
