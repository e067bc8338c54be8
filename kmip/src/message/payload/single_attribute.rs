//! One attribute as the attribute-editing operations carry it: a KMIP 1.x `Attribute`
//! structure, or a KMIP 2.x `New Attribute` / `Current Attribute` structure holding exactly
//! one attribute under its own tag (or a vendor `Attribute`).

use crate::message::fields::Fields;
use crate::message::{Attribute, Attributes, MessageError};
use crate::ttlv::{Item, Tag};

/// Reads a KMIP 1.x Attribute structure.
pub(crate) fn parse_v1(item: &Item) -> Result<Attribute, MessageError> {
    let mut list = Attributes::from_v1_list(std::iter::once(item))?.list;
    list.pop().ok_or(MessageError::MissingField {
        parent: item.tag,
        field: Tag::ATTRIBUTE_VALUE,
    })
}

/// Takes the optional KMIP 1.x Attribute field of a payload.
pub(crate) fn take_v1(f: &mut Fields<'_>) -> Result<Option<Attribute>, MessageError> {
    f.take(Tag::ATTRIBUTE).map(parse_v1).transpose()
}

/// The KMIP 1.x Attribute structure (with its Attribute Index when not 0).
pub(crate) fn v1_item(attribute: &Attribute) -> Result<Item, MessageError> {
    let mut items = Attributes::from_iter([attribute.clone()]).to_v1_list()?;
    items.pop().ok_or(MessageError::MissingField {
        parent: Tag::ATTRIBUTE,
        field: Tag::ATTRIBUTE_VALUE,
    })
}

/// Reads a KMIP 2.x wrapper (`tag`: New Attribute or Current Attribute) that must hold
/// exactly one attribute.
pub(crate) fn parse_v2(item: &Item, tag: Tag) -> Result<Attribute, MessageError> {
    let mut list = Attributes::from_v2(item, tag)?.list;
    if list.len() != 1 {
        return Err(MessageError::InvalidValue {
            tag,
            reason: "must hold exactly one attribute",
        });
    }
    list.pop().ok_or(MessageError::MissingField {
        parent: tag,
        field: Tag::ATTRIBUTE,
    })
}

/// The KMIP 2.x wrapper `tag` around one attribute. 2.x has no Attribute Index, so the
/// index is not written; callers that need it said refuse first (see [`refuse_v2_index`]).
pub(crate) fn v2_item(attribute: &Attribute, tag: Tag) -> Result<Item, MessageError> {
    let mut single = attribute.clone();
    single.index = 0;
    Attributes::from_iter([single]).to_v2(tag)
}

/// Refuses an attribute instance other than the first where KMIP 2.x would have to say which
/// one by index: 2.x names an instance by its value (Current Attribute) instead.
pub(crate) fn refuse_v2_index(attribute: &Attribute) -> Result<(), MessageError> {
    if attribute.index == 0 {
        Ok(())
    } else {
        Err(MessageError::InvalidValue {
            tag: Tag::ATTRIBUTE_INDEX,
            reason: "KMIP 2.x has no Attribute Index; name the instance with Current Attribute",
        })
    }
}
