//! The request and response shapes the attribute operations share (Add, Modify, Set, Delete
//! Attribute and Get Attribute List), in both families:
//!
//! - KMIP 1.x: `Attribute {Attribute Name, Attribute Index?, Attribute Value}` structures and
//!   Attribute Name text strings; responses carry the Attribute acted on.
//! - KMIP 2.x: `New Attribute` / `Current Attribute` structures holding one attribute in the
//!   Attributes shape, and `Attribute Reference` (an enumeration naming the tag, or a
//!   `{Vendor Identification, Attribute Name}` structure); responses carry the identifier only.

use hsmgate_kmip::message::attribute_names;
use hsmgate_kmip::message::{Attribute, AttributeName, Attributes, ProtocolVersion};
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use crate::kmip::error::OpError;

/// The fields of a request payload, each allowed at most once; anything else is refused.
pub struct RequestFields<'a> {
    children: &'a [Item],
}

impl<'a> RequestFields<'a> {
    pub fn new(payload: &'a Item, allowed: &[Tag]) -> Result<Self, OpError> {
        if payload.tag != Tag::REQUEST_PAYLOAD || !matches!(payload.value, Value::Structure(_)) {
            return Err(OpError::InvalidMessage(
                "the payload is not a Request Payload structure".into(),
            ));
        }
        let children = payload.children();
        for (position, child) in children.iter().enumerate() {
            if !allowed.contains(&child.tag) {
                return Err(OpError::InvalidMessage(format!(
                    "unexpected field {} in the request payload",
                    child.tag.name().unwrap_or("(unknown tag)")
                )));
            }
            if children
                .get(..position)
                .is_some_and(|before| before.iter().any(|b| b.tag == child.tag))
            {
                return Err(OpError::InvalidMessage(format!(
                    "{} appears twice in the request payload",
                    child.tag.name().unwrap_or("a field")
                )));
            }
        }
        Ok(RequestFields { children })
    }

    pub fn get(&self, tag: Tag) -> Option<&'a Item> {
        self.children.iter().find(|c| c.tag == tag)
    }

    pub fn required(&self, tag: Tag) -> Result<&'a Item, OpError> {
        self.get(tag).ok_or_else(|| {
            OpError::InvalidMessage(format!(
                "the request has no {}",
                tag.name().unwrap_or("required field")
            ))
        })
    }

    /// The Unique Identifier, if the request names one.
    pub fn unique_identifier(&self) -> Result<Option<String>, OpError> {
        self.get(Tag::UNIQUE_IDENTIFIER)
            .map(|item| match &item.value {
                Value::TextString(uid) => Ok(uid.clone()),
                _ => Err(OpError::InvalidField(
                    "Unique Identifier must be a Text String".into(),
                )),
            })
            .transpose()
    }
}

/// The one attribute inside a KMIP 2.x New Attribute or Current Attribute structure.
pub fn one_attribute(item: &Item) -> Result<(AttributeName, Value), OpError> {
    let mut attributes = Attributes::from_v2(item, item.tag)?;
    if attributes.len() != 1 {
        return Err(OpError::InvalidMessage(format!(
            "{} must hold exactly one attribute",
            item.tag.name().unwrap_or("the structure")
        )));
    }
    let attribute = attributes.list.remove(0);
    Ok((attribute.name, attribute.value))
}

/// A KMIP 1.x Attribute structure, and whether it carried an Attribute Index.
pub fn v1_attribute(item: &Item) -> Result<(Attribute, bool), OpError> {
    let has_index = item.child(Tag::ATTRIBUTE_INDEX).is_some();
    let mut attributes = Attributes::from_v1_list([item])?;
    if attributes.len() != 1 {
        return Err(OpError::InvalidMessage("expected one Attribute".into()));
    }
    Ok((attributes.list.remove(0), has_index))
}

/// The attribute a KMIP 1.x Attribute Name or KMIP 2.x Attribute Reference designates.
pub fn attribute_reference(item: &Item) -> Result<AttributeName, OpError> {
    match &item.value {
        Value::TextString(name) => Ok(AttributeName::from_v1_name(name)?),
        Value::Enumeration(raw) => Ok(AttributeName::Tagged(Tag::new(*raw))),
        Value::Structure(_) => {
            let text = |tag: Tag| match item.child(tag).map(|c| &c.value) {
                Some(Value::TextString(text)) => Ok(text.clone()),
                _ => Err(OpError::InvalidMessage(format!(
                    "Attribute Reference without {}",
                    tag.name().unwrap_or("a field")
                ))),
            };
            if item.children().len() != 2 {
                return Err(OpError::InvalidMessage(
                    "Attribute Reference holds Vendor Identification and Attribute Name".into(),
                ));
            }
            let (vendor, name) = (
                text(Tag::VENDOR_IDENTIFICATION)?,
                text(Tag::ATTRIBUTE_NAME)?,
            );
            // KMIP 2.0 clients (PyKMIP) name standard attributes by their spec name with an
            // empty Vendor Identification; 2.1 uses the enumeration form for those.
            if vendor.is_empty() {
                if let Some(spec) = attribute_names::by_name(&name) {
                    return Ok(AttributeName::Tagged(spec.tag));
                }
            }
            Ok(AttributeName::Vendor { vendor, name })
        }
        _ => Err(OpError::InvalidField(
            "an attribute reference must be a name, an enumeration or a structure".into(),
        )),
    }
}

/// How a client of `version` names the attribute (Attribute Name text in 1.x, Attribute
/// Reference in 2.x); `None` when that version cannot name it.
pub fn reference_item(name: &AttributeName, version: ProtocolVersion) -> Option<Item> {
    if !version.is_v2() {
        return name
            .v1_name()
            .map(|text| Item::new(Tag::ATTRIBUTE_NAME, Value::TextString(text)));
    }
    match name {
        AttributeName::Tagged(tag) => {
            if attribute_names::by_tag(*tag).is_some_and(|spec| !spec.in_v2) {
                return None;
            }
            Some(Item::new(
                Tag::ATTRIBUTE_REFERENCE,
                Value::Enumeration(tag.value()),
            ))
        }
        AttributeName::Vendor { vendor, name } => Some(Item::structure(
            Tag::ATTRIBUTE_REFERENCE,
            vec![
                Item::new(
                    Tag::VENDOR_IDENTIFICATION,
                    Value::TextString(vendor.clone()),
                ),
                Item::new(Tag::ATTRIBUTE_NAME, Value::TextString(name.clone())),
            ],
        )),
    }
}

/// A response payload: the identifier, and in KMIP 1.x the attribute acted on.
pub fn response(
    uid: String,
    attribute: Option<Attribute>,
    version: ProtocolVersion,
) -> Result<Item, OpError> {
    let mut children = vec![Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid))];
    if let (false, Some(attribute)) = (version.is_v2(), attribute) {
        children.extend(Attributes::from_iter([attribute]).to_v1_list()?);
    }
    Ok(Item::structure(Tag::RESPONSE_PAYLOAD, children))
}
