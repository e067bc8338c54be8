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
    used: Taken,
    /// Children not taken yet. Parsers ask for every field a structure may have, most of which
    /// are absent: once all children are taken, each further ask answers at once instead of
    /// scanning them again (Cryptographic Parameters asks for 18 fields and usually has one or
    /// two: about 450 instructions per request, callgrind).
    left: usize,
}

/// Which children of a structure have been taken. One bit per child in a word when the structure
/// has at most 64 children (every structure of a real request), so that reading a structure
/// allocates nothing: a `Vec<bool>` per structure was an allocation and a free for each of the
/// half-dozen structures of every request. Larger structures (a Locate answer, a long attribute
/// list) fall back to a vector.
enum Taken {
    Word(u64),
    Many(Vec<bool>),
}

impl Taken {
    fn new(children: usize) -> Self {
        if children <= 64 {
            Taken::Word(0)
        } else {
            Taken::Many(vec![false; children])
        }
    }

    fn is_taken(&self, index: usize) -> bool {
        match self {
            Taken::Word(bits) => index < 64 && bits & (1 << index) != 0,
            Taken::Many(flags) => flags.get(index).copied().unwrap_or(false),
        }
    }

    fn take(&mut self, index: usize) {
        match self {
            Taken::Word(bits) => {
                if index < 64 {
                    *bits |= 1 << index;
                }
            }
            Taken::Many(flags) => {
                if let Some(flag) = flags.get_mut(index) {
                    *flag = true;
                }
            }
        }
    }
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
            used: Taken::new(children.len()),
            left: children.len(),
        })
    }

    /// Marks child `index` taken (it was not).
    fn mark_taken(&mut self, index: usize) {
        self.used.take(index);
        self.left = self.left.saturating_sub(1);
    }

    /// The first not yet taken child with this tag.
    pub(crate) fn take(&mut self, tag: Tag) -> Option<&'a Item> {
        if self.left == 0 {
            return None;
        }
        let children = self.children;
        for (index, child) in children.iter().enumerate() {
            if child.tag == tag && !self.used.is_taken(index) {
                self.mark_taken(index);
                return Some(child);
            }
        }
        None
    }

    /// Every not yet taken child with this tag, in order.
    pub(crate) fn take_all(&mut self, tag: Tag) -> Vec<&'a Item> {
        let children = self.children;
        let mut found = Vec::new();
        if self.left == 0 {
            return found;
        }
        for (index, child) in children.iter().enumerate() {
            if child.tag == tag && !self.used.is_taken(index) {
                self.mark_taken(index);
                found.push(child);
            }
        }
        found
    }

    /// [`Fields::take_all`] without collecting: each child is taken as the iterator reaches it.
    pub(crate) fn take_each(&mut self, tag: Tag) -> impl Iterator<Item = &'a Item> + '_ {
        let children = self.children;
        children
            .iter()
            .enumerate()
            .filter_map(move |(index, child)| {
                if child.tag == tag && !self.used.is_taken(index) {
                    self.mark_taken(index);
                    Some(child)
                } else {
                    None
                }
            })
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
        if self.left == 0 {
            return Ok(());
        }
        match self
            .children
            .iter()
            .enumerate()
            .find(|(index, _)| !self.used.is_taken(*index))
        {
            Some((_, child)) => Err(MessageError::UnexpectedField {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn integers(count: usize) -> Item {
        let children = (0..count)
            .map(|i| Item::new(Tag::new(0x420100 + i as u32), Value::Integer(i as i32)))
            .collect();
        Item::structure(Tag::new(0x420001), children)
    }

    #[test]
    fn every_child_is_tracked_in_small_and_large_structures() {
        // 64 children fit the word, 65 and 130 do not.
        for count in [0, 1, 63, 64, 65, 130] {
            let item = integers(count);
            let mut f = Fields::new(&item).unwrap();
            for i in (0..count).rev() {
                let tag = Tag::new(0x420100 + i as u32);
                assert_eq!(f.integer(tag).unwrap(), i as i32, "{count}: {i}");
                assert!(f.take(tag).is_none(), "{count}: {i} taken twice");
            }
            f.finish().unwrap();
        }
    }

    #[test]
    fn finish_names_the_first_child_left_over() {
        for count in [3, 64, 65, 130] {
            let item = integers(count);
            let mut f = Fields::new(&item).unwrap();
            for i in (0..count).filter(|i| *i != count - 2) {
                f.integer(Tag::new(0x420100 + i as u32)).unwrap();
            }
            assert_eq!(
                f.finish(),
                Err(MessageError::UnexpectedField {
                    parent: Tag::new(0x420001),
                    field: Tag::new(0x420100 + (count - 2) as u32),
                }),
                "{count}"
            );
        }
    }

    #[test]
    fn take_all_takes_repeated_fields_once() {
        let tag = Tag::new(0x420100);
        let children = (0..70).map(|i| Item::new(tag, Value::Integer(i))).collect();
        let item = Item::structure(Tag::new(0x420001), children);
        let mut f = Fields::new(&item).unwrap();
        assert!(f.take(tag).is_some());
        assert_eq!(f.take_all(tag).len(), 69);
        assert!(f.take_all(tag).is_empty());
        f.finish().unwrap();
        let mut f = Fields::new(&item).unwrap();
        assert_eq!(f.take_each(tag).take(3).count(), 3);
        assert_eq!(f.take_each(tag).count(), 67);
        assert_eq!(f.take_each(tag).count(), 0);
        f.finish().unwrap();
    }
}
