//! Reading and writing the fields of a TTLV structure, with the checks every typed
//! conversion needs: right tag, right type, required fields present, nothing left over.

use bytes::Bytes;

use crate::spec::enums::{
    AttestationType, BatchErrorContinuationOption, BlockCipherMode, CryptographicAlgorithm,
    DigitalSignatureAlgorithm, HashingAlgorithm, KeyCompressionType, KeyFormatType, KeyRoleType,
    KeyWrapType, MaskGenerator, ObjectGroupMember, ObjectType, Operation, PaddingMethod,
    QueryFunction, ResultReason, ResultStatus, RevocationReasonCode,
};
use crate::ttlv::{Item, ItemType, Tag, Value};

use super::error::MessageError;

/// An enumeration newtype from the spec tables, seen as its raw wire value.
pub(crate) trait KmipEnum: Copy {
    fn from_raw(raw: u32) -> Self;
    fn raw(self) -> u32;
}

macro_rules! kmip_enums {
    ($($name:ident),* $(,)?) => {
        $(impl KmipEnum for $name {
            fn from_raw(raw: u32) -> Self {
                $name(raw)
            }
            fn raw(self) -> u32 {
                self.0
            }
        })*
    };
}

kmip_enums!(
    AttestationType,
    ObjectGroupMember,
    BatchErrorContinuationOption,
    BlockCipherMode,
    CryptographicAlgorithm,
    DigitalSignatureAlgorithm,
    HashingAlgorithm,
    KeyCompressionType,
    KeyFormatType,
    KeyRoleType,
    KeyWrapType,
    MaskGenerator,
    ObjectType,
    Operation,
    PaddingMethod,
    QueryFunction,
    ResultReason,
    ResultStatus,
    RevocationReasonCode,
);

/// Checks an item's tag.
pub(crate) fn expect_tag(item: &Item, tag: Tag) -> Result<(), MessageError> {
    if item.tag == tag {
        Ok(())
    } else {
        Err(MessageError::UnexpectedTag {
            expected: tag,
            found: item.tag,
        })
    }
}

fn wrong_type(item: &Item, expected: ItemType) -> MessageError {
    MessageError::WrongType {
        tag: item.tag,
        expected,
        found: item.value.item_type(),
    }
}

pub(crate) fn as_integer(item: &Item) -> Result<i32, MessageError> {
    match item.value {
        Value::Integer(v) => Ok(v),
        _ => Err(wrong_type(item, ItemType::Integer)),
    }
}

pub(crate) fn as_enum<E: KmipEnum>(item: &Item) -> Result<E, MessageError> {
    match item.value {
        Value::Enumeration(v) => Ok(E::from_raw(v)),
        _ => Err(wrong_type(item, ItemType::Enumeration)),
    }
}

pub(crate) fn as_bool(item: &Item) -> Result<bool, MessageError> {
    match item.value {
        Value::Boolean(v) => Ok(v),
        _ => Err(wrong_type(item, ItemType::Boolean)),
    }
}

pub(crate) fn as_text(item: &Item) -> Result<&str, MessageError> {
    match &item.value {
        Value::TextString(v) => Ok(v),
        _ => Err(wrong_type(item, ItemType::TextString)),
    }
}

pub(crate) fn as_bytes(item: &Item) -> Result<Bytes, MessageError> {
    match &item.value {
        Value::ByteString(v) => Ok(v.clone()),
        _ => Err(wrong_type(item, ItemType::ByteString)),
    }
}

pub(crate) fn as_date_time(item: &Item) -> Result<i64, MessageError> {
    match item.value {
        Value::DateTime(v) => Ok(v),
        _ => Err(wrong_type(item, ItemType::DateTime)),
    }
}

pub(crate) fn as_structure(item: &Item) -> Result<&[Item], MessageError> {
    match &item.value {
        Value::Structure(children) => Ok(children),
        _ => Err(wrong_type(item, ItemType::Structure)),
    }
}

/// The fields of one structure, taken by tag. Order on input is not enforced (clients differ);
/// order on output is the spec's. [`Fields::finish`] rejects any field nobody asked for, which
/// also catches a second occurrence of a single-valued field.
pub(crate) struct Fields<'a> {
    parent: Tag,
    children: &'a [Item],
    used: Vec<bool>,
}

macro_rules! typed_getters {
    ($($req:ident, $opt:ident, $conv:ident -> $ty:ty;)*) => {
        $(
            pub(crate) fn $req(&mut self, tag: Tag) -> Result<$ty, MessageError> {
                $conv(self.required(tag)?)
            }
            pub(crate) fn $opt(&mut self, tag: Tag) -> Result<Option<$ty>, MessageError> {
                self.take(tag).map($conv).transpose()
            }
        )*
    };
}

impl<'a> Fields<'a> {
    /// The fields of `item`, which must be a structure.
    pub(crate) fn new(item: &'a Item) -> Result<Self, MessageError> {
        let children = as_structure(item)?;
        Ok(Fields {
            parent: item.tag,
            children,
            used: vec![false; children.len()],
        })
    }

    /// The first not yet taken child with this tag.
    pub(crate) fn take(&mut self, tag: Tag) -> Option<&'a Item> {
        let children = self.children;
        for (child, used) in children.iter().zip(self.used.iter_mut()) {
            if !*used && child.tag == tag {
                *used = true;
                return Some(child);
            }
        }
        None
    }

    /// Every not yet taken child with this tag, in order.
    pub(crate) fn take_all(&mut self, tag: Tag) -> Vec<&'a Item> {
        let children = self.children;
        let mut found = Vec::new();
        for (child, used) in children.iter().zip(self.used.iter_mut()) {
            if !*used && child.tag == tag {
                *used = true;
                found.push(child);
            }
        }
        found
    }

    pub(crate) fn required(&mut self, tag: Tag) -> Result<&'a Item, MessageError> {
        self.take(tag).ok_or(MessageError::MissingField {
            parent: self.parent,
            field: tag,
        })
    }

    pub(crate) fn opt_item(&mut self, tag: Tag) -> Option<Item> {
        self.take(tag).cloned()
    }

    pub(crate) fn enumeration<E: KmipEnum>(&mut self, tag: Tag) -> Result<E, MessageError> {
        as_enum(self.required(tag)?)
    }

    pub(crate) fn opt_enumeration<E: KmipEnum>(
        &mut self,
        tag: Tag,
    ) -> Result<Option<E>, MessageError> {
        self.take(tag).map(as_enum).transpose()
    }

    pub(crate) fn all_enumerations<E: KmipEnum>(
        &mut self,
        tag: Tag,
    ) -> Result<Vec<E>, MessageError> {
        self.take_all(tag).into_iter().map(as_enum).collect()
    }

    pub(crate) fn text(&mut self, tag: Tag) -> Result<String, MessageError> {
        as_text(self.required(tag)?).map(str::to_owned)
    }

    pub(crate) fn opt_text(&mut self, tag: Tag) -> Result<Option<String>, MessageError> {
        self.take(tag)
            .map(|i| as_text(i).map(str::to_owned))
            .transpose()
    }

    pub(crate) fn all_texts(&mut self, tag: Tag) -> Result<Vec<String>, MessageError> {
        self.take_all(tag)
            .into_iter()
            .map(|i| as_text(i).map(str::to_owned))
            .collect()
    }

    typed_getters! {
        integer, opt_integer, as_integer -> i32;
        date_time, opt_date_time, as_date_time -> i64;
    }

    pub(crate) fn opt_boolean(&mut self, tag: Tag) -> Result<Option<bool>, MessageError> {
        self.take(tag).map(as_bool).transpose()
    }

    pub(crate) fn opt_bytes(&mut self, tag: Tag) -> Result<Option<Bytes>, MessageError> {
        self.take(tag).map(as_bytes).transpose()
    }

    /// Fails on the first child nobody took.
    pub(crate) fn finish(self) -> Result<(), MessageError> {
        match self
            .children
            .iter()
            .zip(self.used.iter())
            .find(|(_, used)| !**used)
        {
            Some((child, _)) => Err(MessageError::UnexpectedField {
                parent: self.parent,
                field: child.tag,
            }),
            None => Ok(()),
        }
    }
}

/// Builds a structure's children in the order the fields are pushed (the spec's order).
#[derive(Default)]
pub(crate) struct Builder {
    children: Vec<Item>,
}

impl Builder {
    pub(crate) fn new() -> Self {
        Builder::default()
    }

    pub(crate) fn push(&mut self, tag: Tag, value: Value) -> &mut Self {
        self.children.push(Item::new(tag, value));
        self
    }

    pub(crate) fn item(&mut self, item: Item) -> &mut Self {
        self.children.push(item);
        self
    }

    pub(crate) fn opt_item(&mut self, item: Option<&Item>) -> &mut Self {
        if let Some(item) = item {
            self.children.push(item.clone());
        }
        self
    }

    pub(crate) fn opt(&mut self, tag: Tag, value: Option<Value>) -> &mut Self {
        if let Some(value) = value {
            self.push(tag, value);
        }
        self
    }

    pub(crate) fn enumeration<E: KmipEnum>(&mut self, tag: Tag, value: E) -> &mut Self {
        self.push(tag, Value::Enumeration(value.raw()))
    }

    pub(crate) fn opt_enumeration<E: KmipEnum>(&mut self, tag: Tag, value: Option<E>) -> &mut Self {
        self.opt(tag, value.map(|v| Value::Enumeration(v.raw())))
    }

    pub(crate) fn text(&mut self, tag: Tag, value: &str) -> &mut Self {
        self.push(tag, Value::TextString(value.to_owned()))
    }

    pub(crate) fn opt_text(&mut self, tag: Tag, value: Option<&str>) -> &mut Self {
        self.opt(tag, value.map(|v| Value::TextString(v.to_owned())))
    }

    pub(crate) fn opt_bytes(&mut self, tag: Tag, value: Option<&Bytes>) -> &mut Self {
        self.opt(tag, value.map(|v| Value::ByteString(v.clone())))
    }

    pub(crate) fn opt_integer(&mut self, tag: Tag, value: Option<i32>) -> &mut Self {
        self.opt(tag, value.map(Value::Integer))
    }

    pub(crate) fn opt_boolean(&mut self, tag: Tag, value: Option<bool>) -> &mut Self {
        self.opt(tag, value.map(Value::Boolean))
    }

    pub(crate) fn build(&mut self, tag: Tag) -> Item {
        Item::structure(tag, std::mem::take(&mut self.children))
    }
}
