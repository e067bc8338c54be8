//! Object attributes, one representation for both wire shapes.
//!
//! KMIP 1.x sends a list of `Attribute {Attribute Name, Attribute Index?, Attribute Value}`
//! structures (directly in a payload or inside a Template-Attribute); KMIP 2.x sends an
//! `Attributes` structure whose children are the attribute values under their own tags, custom
//! attributes being `Attribute {Vendor Identification, Attribute Name, Attribute Value}`.
//! [`Attributes`] is an ordered list of [`Attribute`] that reads either shape and writes the
//! shape of a given protocol version; the name mapping is in [`super::attribute_names`].

use std::collections::HashMap;

use crate::spec::enums::{CryptographicAlgorithm, NameType};
use crate::spec::CryptographicUsageMask;
use crate::ttlv::{Item, ItemType, Tag, Value};

use super::attribute_names::{self, split_custom_name};
use super::error::MessageError;
use super::fields::{as_integer, expect_tag, Fields};
use super::version::ProtocolVersion;

/// Which attribute: a standard one by its tag, or a custom (vendor) one by name.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum AttributeName {
    /// A standard attribute (or a registered extension tag in 2.x).
    Tagged(Tag),
    /// A custom attribute. 1.x `x-Foo` is `{ vendor: "x", name: "Foo" }`.
    Vendor { vendor: String, name: String },
}

impl AttributeName {
    /// The name as KMIP 1.x spells it in Attribute Name ("Cryptographic Algorithm", "x-Foo").
    /// `None` when 1.x has no name for it (a 2.x-only or unknown tag, or a vendor attribute
    /// whose vendor is neither `x` nor `y`).
    pub fn v1_name(&self) -> Option<String> {
        match self {
            AttributeName::Tagged(tag) => attribute_names::by_tag(*tag)
                .filter(|spec| spec.in_v1)
                .map(|spec| spec.name.to_owned()),
            AttributeName::Vendor { vendor, name } if vendor == "x" || vendor == "y" => {
                Some(format!("{vendor}-{name}"))
            }
            AttributeName::Vendor { .. } => None,
        }
    }

    /// The attribute a KMIP 1.x Attribute Name designates.
    pub fn from_v1_name(name: &str) -> Result<Self, MessageError> {
        if let Some(spec) = attribute_names::by_name(name) {
            return Ok(AttributeName::Tagged(spec.tag));
        }
        match split_custom_name(name) {
            Some((vendor, name)) => Ok(AttributeName::Vendor {
                vendor: vendor.to_owned(),
                name: name.to_owned(),
            }),
            None => Err(MessageError::UnknownAttributeName {
                name: name.chars().take(64).collect(),
            }),
        }
    }
}

/// One attribute instance. `index` tells instances of a multi-valued attribute apart (KMIP 1.x
/// Attribute Index; in 2.x the position among attributes of the same name).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Attribute {
    pub name: AttributeName,
    pub index: u32,
    /// The value; a structure's children are kept as items.
    pub value: Value,
}

impl Attribute {
    pub fn new(name: AttributeName, value: Value) -> Self {
        Attribute {
            name,
            index: 0,
            value,
        }
    }

    /// A standard attribute with index 0.
    pub fn tagged(tag: Tag, value: Value) -> Self {
        Attribute::new(AttributeName::Tagged(tag), value)
    }
}

/// An ordered list of attributes.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Attributes {
    pub list: Vec<Attribute>,
}

impl Attributes {
    pub fn new() -> Self {
        Attributes::default()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Attribute> {
        self.list.iter()
    }

    /// Appends a value, giving it the next free index for its name.
    pub fn push(&mut self, name: AttributeName, value: Value) {
        let index = self.next_index(&name);
        self.list.push(Attribute { name, index, value });
    }

    /// The template most clients send to Create a symmetric key: Cryptographic Algorithm,
    /// Cryptographic Length (bits) and Cryptographic Usage Mask.
    pub fn symmetric_key(
        algorithm: CryptographicAlgorithm,
        bits: i32,
        usage: CryptographicUsageMask,
    ) -> Self {
        let mut attributes = Attributes::new();
        attributes.push_tagged(
            Tag::CRYPTOGRAPHIC_ALGORITHM,
            Value::Enumeration(algorithm.0),
        );
        attributes.push_tagged(Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits));
        // The mask is 32 bits on the wire; the TTLV Integer carries them as they are.
        attributes.push_tagged(
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Value::Integer(usage.0 as i32),
        );
        attributes
    }

    /// Appends a standard attribute.
    pub fn push_tagged(&mut self, tag: Tag, value: Value) {
        self.push(AttributeName::Tagged(tag), value);
    }

    /// Appends a Name of type Uninterpreted Text String.
    pub fn push_name(&mut self, name: &str) {
        self.push_tagged(
            Tag::NAME,
            Value::Structure(vec![
                Item::new(Tag::NAME_VALUE, Value::TextString(name.into())),
                Item::new(
                    Tag::NAME_TYPE,
                    Value::Enumeration(NameType::UNINTERPRETED_TEXT_STRING.0),
                ),
            ]),
        );
    }

    /// The value of the first instance of a standard attribute.
    pub fn get(&self, tag: Tag) -> Option<&Value> {
        // A pattern, not `== AttributeName::Tagged(tag)`: no temporary name to build and drop
        // per attribute (this runs several times per request on the key's attributes).
        self.list
            .iter()
            .find(|a| matches!(a.name, AttributeName::Tagged(t) if t == tag))
            .map(|a| &a.value)
    }

    /// Every instance of an attribute, in order.
    pub fn all<'a>(&'a self, name: &'a AttributeName) -> impl Iterator<Item = &'a Attribute> + 'a {
        self.list.iter().filter(move |a| &a.name == name)
    }

    fn next_index(&self, name: &AttributeName) -> u32 {
        let count = self.list.iter().filter(|a| &a.name == name).count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    // ---- KMIP 1.x ----

    /// Reads KMIP 1.x Attribute structures (tag `Attribute`).
    pub fn from_v1_list<'a>(
        items: impl IntoIterator<Item = &'a Item>,
    ) -> Result<Self, MessageError> {
        let mut attributes = Attributes::new();
        for item in items {
            attributes.list.push(parse_v1_attribute(item)?);
        }
        Ok(attributes)
    }

    /// Reads a KMIP 1.x Template-Attribute structure (`Template-Attribute`, or the Common /
    /// Private Key / Public Key variants: the tag is checked against `tag`).
    ///
    /// Template references (Name children) are not supported: templates were deprecated in
    /// KMIP 1.3 and removed in 2.0.
    pub fn from_template_attribute(item: &Item, tag: Tag) -> Result<Self, MessageError> {
        expect_tag(item, tag)?;
        let mut fields = Fields::new(item)?;
        if let Some(name) = fields.take(Tag::NAME) {
            return Err(MessageError::Unsupported {
                tag: name.tag,
                what: "template reference",
            });
        }
        let attributes = Attributes::from_v1_list(fields.take_all(Tag::ATTRIBUTE))?;
        fields.finish()?;
        Ok(attributes)
    }

    /// The KMIP 1.x Attribute structures.
    pub fn to_v1_list(&self) -> Result<Vec<Item>, MessageError> {
        self.list.iter().map(v1_attribute_item).collect()
    }

    /// A KMIP 1.x Template-Attribute structure with this tag.
    pub fn to_template_attribute(&self, tag: Tag) -> Result<Item, MessageError> {
        Ok(Item::structure(tag, self.to_v1_list()?))
    }

    // ---- KMIP 2.x ----

    /// Reads a KMIP 2.x Attributes structure (`Attributes`, `Common Attributes`, ...: the tag
    /// is checked against `tag`).
    pub fn from_v2(item: &Item, tag: Tag) -> Result<Self, MessageError> {
        expect_tag(item, tag)?;
        let children = super::fields::as_structure(item)?;
        // Instances seen per name, so indexing stays linear in the number of attributes a
        // peer sends.
        let mut seen: HashMap<AttributeName, u32> = HashMap::new();
        let mut list = Vec::with_capacity(children.len());
        for child in children {
            let (name, value) = if child.tag == Tag::ATTRIBUTE {
                parse_vendor_attribute(child)?
            } else {
                check_value_type(child.tag, &child.value)?;
                (AttributeName::Tagged(child.tag), child.value.clone())
            };
            let count = seen.entry(name.clone()).or_insert(0);
            let index = *count;
            *count = count.saturating_add(1);
            list.push(Attribute { name, index, value });
        }
        Ok(Attributes { list })
    }

    /// A KMIP 2.x Attributes structure with this tag.
    pub fn to_v2(&self, tag: Tag) -> Result<Item, MessageError> {
        let children = self
            .list
            .iter()
            .map(v2_attribute_item)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Item::structure(tag, children))
    }
}

impl FromIterator<Attribute> for Attributes {
    fn from_iter<T: IntoIterator<Item = Attribute>>(iter: T) -> Self {
        Attributes {
            list: iter.into_iter().collect(),
        }
    }
}

/// Rejects a value whose type does not fit the attribute. Tags the table does not know are
/// taken as they come (extensions).
fn check_value_type(tag: Tag, value: &Value) -> Result<(), MessageError> {
    let Some(spec) = attribute_names::by_tag(tag) else {
        return Ok(());
    };
    let found = value.item_type();
    // KMIP 2.x lets a date be sent with microsecond precision.
    let date_ok = spec.value_type == ItemType::DateTime && found == ItemType::DateTimeExtended;
    if found == spec.value_type || date_ok {
        Ok(())
    } else {
        Err(MessageError::WrongType {
            tag,
            expected: spec.value_type,
            found,
        })
    }
}

fn parse_v1_attribute(item: &Item) -> Result<Attribute, MessageError> {
    expect_tag(item, Tag::ATTRIBUTE)?;
    let mut fields = Fields::new(item)?;
    let name = AttributeName::from_v1_name(&fields.text(Tag::ATTRIBUTE_NAME)?)?;
    let index = match fields.take(Tag::ATTRIBUTE_INDEX) {
        Some(index_item) => {
            u32::try_from(as_integer(index_item)?).map_err(|_| MessageError::InvalidValue {
                tag: Tag::ATTRIBUTE_INDEX,
                reason: "negative index",
            })?
        }
        None => 0,
    };
    let value = fields.required(Tag::ATTRIBUTE_VALUE)?.value.clone();
    fields.finish()?;
    if let AttributeName::Tagged(tag) = name {
        check_value_type(tag, &value)?;
    }
    Ok(Attribute { name, index, value })
}

fn parse_vendor_attribute(item: &Item) -> Result<(AttributeName, Value), MessageError> {
    let mut fields = Fields::new(item)?;
    let vendor = fields.text(Tag::VENDOR_IDENTIFICATION)?;
    let name = fields.text(Tag::ATTRIBUTE_NAME)?;
    let value = fields.required(Tag::ATTRIBUTE_VALUE)?.value.clone();
    fields.finish()?;
    Ok((AttributeName::Vendor { vendor, name }, value))
}

fn v1_attribute_item(attribute: &Attribute) -> Result<Item, MessageError> {
    let name = attribute
        .name
        .v1_name()
        .ok_or_else(|| not_in(&attribute.name, ProtocolVersion::V1_4))?;
    let mut children = vec![Item::new(Tag::ATTRIBUTE_NAME, Value::TextString(name))];
    // Index 0 is the default; writing it only when needed keeps 1.x requests as clients send them.
    if attribute.index != 0 {
        let index = i32::try_from(attribute.index).map_err(|_| MessageError::InvalidValue {
            tag: Tag::ATTRIBUTE_INDEX,
            reason: "index too large",
        })?;
        children.push(Item::new(Tag::ATTRIBUTE_INDEX, Value::Integer(index)));
    }
    children.push(Item::new(Tag::ATTRIBUTE_VALUE, attribute.value.clone()));
    Ok(Item::structure(Tag::ATTRIBUTE, children))
}

fn v2_attribute_item(attribute: &Attribute) -> Result<Item, MessageError> {
    match &attribute.name {
        AttributeName::Tagged(tag) => {
            if attribute_names::by_tag(*tag).is_some_and(|spec| !spec.in_v2) {
                return Err(not_in(&attribute.name, ProtocolVersion::V2_0));
            }
            Ok(Item::new(*tag, attribute.value.clone()))
        }
        AttributeName::Vendor { vendor, name } => Ok(Item::structure(
            Tag::ATTRIBUTE,
            vec![
                Item::new(
                    Tag::VENDOR_IDENTIFICATION,
                    Value::TextString(vendor.clone()),
                ),
                Item::new(Tag::ATTRIBUTE_NAME, Value::TextString(name.clone())),
                Item::new(Tag::ATTRIBUTE_VALUE, attribute.value.clone()),
            ],
        )),
    }
}

fn not_in(name: &AttributeName, version: ProtocolVersion) -> MessageError {
    let tag = match name {
        AttributeName::Tagged(tag) => *tag,
        AttributeName::Vendor { .. } => Tag::ATTRIBUTE,
    };
    MessageError::AttributeNotInVersion { tag, version }
}

/// Reads a list of 1.x Attribute Name strings or 2.x Attribute References into names
/// (used by Get Attributes and friends).
pub(crate) fn parse_attribute_reference(item: &Item) -> Result<AttributeName, MessageError> {
    match &item.value {
        Value::TextString(name) => AttributeName::from_v1_name(name),
        Value::Enumeration(tag) => Ok(AttributeName::Tagged(Tag::new(*tag))),
        Value::Structure(_) => {
            let mut fields = Fields::new(item)?;
            let vendor = fields.text(Tag::VENDOR_IDENTIFICATION)?;
            let name = fields.text(Tag::ATTRIBUTE_NAME)?;
            fields.finish()?;
            Ok(AttributeName::Vendor { vendor, name })
        }
        _ => Err(MessageError::WrongType {
            tag: item.tag,
            expected: ItemType::Enumeration,
            found: item.value.item_type(),
        }),
    }
}

/// The 1.x Attribute Name item or 2.x Attribute Reference item for a name.
pub(crate) fn attribute_reference_item(
    name: &AttributeName,
    version: ProtocolVersion,
) -> Result<Item, MessageError> {
    if !version.is_v2() {
        let text = name.v1_name().ok_or_else(|| not_in(name, version))?;
        return Ok(Item::new(Tag::ATTRIBUTE_NAME, Value::TextString(text)));
    }
    Ok(match name {
        AttributeName::Tagged(tag) => {
            Item::new(Tag::ATTRIBUTE_REFERENCE, Value::Enumeration(tag.value()))
        }
        AttributeName::Vendor { vendor, name } => Item::structure(
            Tag::ATTRIBUTE_REFERENCE,
            vec![
                Item::new(
                    Tag::VENDOR_IDENTIFICATION,
                    Value::TextString(vendor.clone()),
                ),
                Item::new(Tag::ATTRIBUTE_NAME, Value::TextString(name.clone())),
            ],
        ),
    })
}
