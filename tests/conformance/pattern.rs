//! Vector messages as patterns: item trees whose leaves are either literal values or the
//! placeholders the OASIS files use for data only known at run time (`$NOW`,
//! `$UNIQUE_IDENTIFIER_0`, `$IV_COUNTER_NONCE`, ...).
//!
//! The XML reader of hsmgate-kmip hands each `$...` value to a resolver. Ours records the
//! placeholder in a side table and returns a sentinel value carrying its index (a text with a NUL,
//! which XML cannot contain; a byte string with a magic prefix; a date-time near `i64::MIN`); a
//! second pass turns sentinels into [`PatternKind::Placeholder`] leaves.

use std::cell::RefCell;
use std::fmt;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{Item, ItemType, Tag, Value};
use hsmgate_kmip::xml::{self, ReadOptions};

/// A run-time value a vector leaves open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// `$NOW`, `$NOW+3600`, `$NOW-3600`: the current time, shifted by `offset` seconds.
    Now { offset: i64 },
    /// Any other `$NAME` (`UNIQUE_IDENTIFIER_0`, `DATA_25`, `MAC_DATA`, ...): a value the server
    /// produces, bound by its first occurrence in an expected response (see `bindings.rs`).
    Named(String),
}

impl Placeholder {
    /// Reads a `$...` text; `None` for a form the vectors do not use.
    pub fn parse(text: &str) -> Option<Self> {
        let body = text.strip_prefix('$')?;
        if let Some(rest) = body.strip_prefix("NOW") {
            let offset = match rest.as_bytes().first() {
                None => 0,
                Some(b'+') => rest.get(1..)?.parse().ok()?,
                Some(b'-') => -rest.get(1..)?.parse::<i64>().ok()?,
                Some(_) => return None,
            };
            return Some(Placeholder::Now { offset });
        }
        let valid = !body.is_empty()
            && body
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        valid.then(|| Placeholder::Named(body.to_owned()))
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Placeholder::Now { offset: 0 } => f.write_str("$NOW"),
            Placeholder::Now { offset } => write!(f, "$NOW{offset:+}"),
            Placeholder::Named(name) => write!(f, "${name}"),
        }
    }
}

/// An expected item: a tag and what its value must be.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub tag: Tag,
    pub kind: PatternKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    Structure(Vec<Pattern>),
    Value(Value),
    /// A value of `item_type` known at run time.
    Placeholder {
        item_type: ItemType,
        placeholder: Placeholder,
    },
}

impl Pattern {
    /// A pattern matching exactly `item` (no placeholders).
    pub fn literal(item: &Item) -> Self {
        let kind = match &item.value {
            Value::Structure(children) => {
                PatternKind::Structure(children.iter().map(Pattern::literal).collect())
            }
            value => PatternKind::Value(value.clone()),
        };
        Pattern {
            tag: item.tag,
            kind,
        }
    }

    /// Every placeholder leaf, in document order, with its tag.
    pub fn placeholders(&self) -> Vec<(Tag, &Placeholder)> {
        let mut out = Vec::new();
        self.collect_placeholders(&mut out);
        out
    }

    fn collect_placeholders<'a>(&'a self, out: &mut Vec<(Tag, &'a Placeholder)>) {
        match &self.kind {
            PatternKind::Structure(children) => {
                children.iter().for_each(|c| c.collect_placeholders(out))
            }
            PatternKind::Value(_) => {}
            PatternKind::Placeholder { placeholder, .. } => out.push((self.tag, placeholder)),
        }
    }

    /// The item this pattern stands for, each placeholder given the value `fill` returns.
    pub fn instantiate<E>(
        &self,
        fill: &mut impl FnMut(Tag, ItemType, &Placeholder) -> Result<Value, E>,
    ) -> Result<Item, E> {
        let value = match &self.kind {
            PatternKind::Structure(children) => Value::Structure(
                children
                    .iter()
                    .map(|c| c.instantiate(fill))
                    .collect::<Result<_, _>>()?,
            ),
            PatternKind::Value(value) => value.clone(),
            PatternKind::Placeholder {
                item_type,
                placeholder,
            } => fill(self.tag, *item_type, placeholder)?,
        };
        Ok(Item::new(self.tag, value))
    }
}

/// The text prefix of a Text String sentinel (NUL cannot occur in XML text).
const TEXT_SENTINEL: &str = "\0placeholder#";
/// The prefix of a Byte String sentinel.
const BYTES_SENTINEL: &[u8] = b"\0\xffhsmgate-conformance-placeholder#";

fn sentinel(item_type: ItemType, index: usize) -> Option<Value> {
    let as_i64 = i64::try_from(index).ok()?;
    Some(match item_type {
        ItemType::TextString => Value::TextString(format!("{TEXT_SENTINEL}{index}")),
        ItemType::ByteString => {
            let mut bytes = BYTES_SENTINEL.to_vec();
            bytes.extend_from_slice(index.to_string().as_bytes());
            Value::ByteString(Bytes::from(bytes))
        }
        ItemType::DateTime => Value::DateTime(i64::MIN + as_i64),
        ItemType::DateTimeExtended => Value::DateTimeExtended(i64::MIN + as_i64),
        // The vectors use placeholders only in the types above; any other fails to read.
        _ => return None,
    })
}

fn sentinel_index(value: &Value) -> Option<usize> {
    match value {
        Value::TextString(text) => text.strip_prefix(TEXT_SENTINEL)?.parse().ok(),
        Value::ByteString(bytes) => std::str::from_utf8(bytes.strip_prefix(BYTES_SENTINEL)?)
            .ok()?
            .parse()
            .ok(),
        Value::DateTime(v) | Value::DateTimeExtended(v) => {
            usize::try_from(i128::from(*v) - i128::from(i64::MIN)).ok()
        }
        _ => None,
    }
}

/// Reads the top-level items of a KMIP XML text (a vector file or a fragment) as patterns.
pub fn read_patterns(xml_text: &str) -> Result<Vec<Pattern>, String> {
    let table: RefCell<Vec<Placeholder>> = RefCell::new(Vec::new());
    let resolve = |found: &xml::Placeholder<'_>| {
        let placeholder = Placeholder::parse(found.text)?;
        let mut table = table.borrow_mut();
        let value = sentinel(found.item_type, table.len())?;
        table.push(placeholder);
        Some(value)
    };
    let options = ReadOptions {
        placeholder: Some(&resolve),
    };
    let items = xml::read_items_with(xml_text, &options).map_err(|e| e.to_string())?;
    let table = table.into_inner();
    Ok(items.iter().map(|item| to_pattern(item, &table)).collect())
}

fn to_pattern(item: &Item, table: &[Placeholder]) -> Pattern {
    let kind = match &item.value {
        Value::Structure(children) => {
            PatternKind::Structure(children.iter().map(|c| to_pattern(c, table)).collect())
        }
        value => match sentinel_index(value).and_then(|i| table.get(i)) {
            Some(placeholder) => PatternKind::Placeholder {
                item_type: value.item_type(),
                placeholder: placeholder.clone(),
            },
            None => PatternKind::Value(value.clone()),
        },
    };
    Pattern {
        tag: item.tag,
        kind,
    }
}
