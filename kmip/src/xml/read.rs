//! XML text to item trees. One pass over quick-xml's events with an explicit stack, so nesting
//! costs heap, not call depth, and is bounded by [`MAX_DEPTH`].

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::error::{Position, XmlError};
use super::value::parse_value;
use crate::ttlv::{Item, ItemType, Tag, Value};

/// Deepest nesting of elements accepted (the `<KMIP>` wrapper counts). TTLV decoding never
/// accepts more than this either.
pub const MAX_DEPTH: usize = 256;

/// The element name of a vector file's root, which holds the messages.
const FILE_ROOT: &str = "KMIP";
/// The element name KMIP's XML encoding gives items whose tag has no name.
const UNNAMED_TAG: &str = "TTLV";

/// A `$NAME` value the test vectors use for data only known at run time (`$NOW`,
/// `$UNIQUE_IDENTIFIER_0`, ...), as handed to a [`ReadOptions::placeholder`] resolver.
#[derive(Debug)]
pub struct Placeholder<'a> {
    /// The tag of the element holding it.
    pub tag: Tag,
    /// The type the element declares.
    pub item_type: ItemType,
    /// The whole value text, `$` included.
    pub text: &'a str,
}

/// A resolver for placeholders: the value to use, or `None` to read the text as usual.
pub type PlaceholderResolver<'r> = dyn Fn(&Placeholder<'_>) -> Option<Value> + 'r;

/// How to read XML.
#[derive(Default)]
pub struct ReadOptions<'r> {
    /// Called for each value that starts with `$`. Without it, or when it returns `None`, the
    /// text is read as its type: a Text String keeps it, other types fail with
    /// [`XmlError::InvalidValue`].
    pub placeholder: Option<&'r PlaceholderResolver<'r>>,
}

impl std::fmt::Debug for ReadOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions")
            .field("placeholder", &self.placeholder.is_some())
            .finish()
    }
}

/// An element being read: a structure collecting children, or a primitive whose value is known
/// and whose end tag is still to come.
struct Open {
    tag: Tag,
    name: String,
    kind: OpenKind,
}

enum OpenKind {
    /// The `<KMIP>` wrapper of a vector file: its children are the results.
    FileRoot,
    Structure(Vec<Item>),
    Primitive(Value),
}

struct ItemReader<'x, 'o> {
    text: &'x str,
    reader: Reader<&'x [u8]>,
    options: &'o ReadOptions<'o>,
    stack: Vec<Open>,
    done: Vec<Item>,
    /// The last position computed, so each element's line number is counted from there rather
    /// than from the start of the text (which made reading quadratic in the file size).
    last_position: std::cell::Cell<Position>,
}

/// Reads every item of a KMIP XML text: the children of a `<KMIP>` root (the form of the OASIS
/// vector files), or the top-level elements themselves. Comments are skipped.
pub fn read_items(xml: &str) -> Result<Vec<Item>, XmlError> {
    read_items_with(xml, &ReadOptions::default())
}

/// [`read_items`] with options (a placeholder resolver).
pub fn read_items_with(xml: &str, options: &ReadOptions<'_>) -> Result<Vec<Item>, XmlError> {
    ItemReader::new(xml, options).run()
}

/// Reads a text that holds exactly one item.
pub fn read_item(xml: &str) -> Result<Item, XmlError> {
    read_item_with(xml, &ReadOptions::default())
}

/// [`read_item`] with options (a placeholder resolver).
pub fn read_item_with(xml: &str, options: &ReadOptions<'_>) -> Result<Item, XmlError> {
    let mut items = read_items_with(xml, options)?;
    match (items.pop(), items.len()) {
        (Some(item), 0) => Ok(item),
        (last, others) => Err(XmlError::NotOneItem {
            count: others + usize::from(last.is_some()),
        }),
    }
}

impl<'x, 'o> ItemReader<'x, 'o> {
    fn new(text: &'x str, options: &'o ReadOptions<'o>) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().trim_text(true);
        ItemReader {
            text,
            reader,
            options,
            stack: Vec::new(),
            done: Vec::new(),
            last_position: std::cell::Cell::new(Position { offset: 0, line: 1 }),
        }
    }

    fn position(&self) -> Position {
        let offset = usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let last = self.last_position.get();
        let position = match self.text.as_bytes().get(last.offset..offset) {
            // Reading only moves forward: count the new lines since the last position.
            Some(between) => Position {
                offset,
                line: last.line + between.iter().filter(|&&b| b == b'\n').count(),
            },
            None => Position::at(self.text, offset as u64),
        };
        self.last_position.set(position);
        position
    }

    fn syntax(&self, error: quick_xml::Error) -> XmlError {
        XmlError::Syntax {
            position: Position::at(self.text, self.reader.error_position()),
            message: error.to_string(),
        }
    }

    fn run(mut self) -> Result<Vec<Item>, XmlError> {
        loop {
            let event = self.reader.read_event().map_err(|e| self.syntax(e))?;
            match event {
                Event::Start(start) => self.open(&start, false)?,
                Event::Empty(start) => self.open(&start, true)?,
                Event::End(_) => self.close()?,
                // The KMIP 1.x test-case files mark steps with text lines (`# TIME 0`) between
                // the messages: text directly under the file root is commentary.
                Event::Text(_)
                    if matches!(
                        self.stack.last(),
                        None | Some(Open {
                            kind: OpenKind::FileRoot,
                            ..
                        })
                    ) => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    // Values live in attributes; text inside a message is a mistake, not data.
                    let element = self
                        .stack
                        .last()
                        .map_or_else(String::new, |open| open.name.clone());
                    return Err(XmlError::UnexpectedContent {
                        position: self.position(),
                        element,
                    });
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => {
                    return match self.stack.is_empty() {
                        true => Ok(self.done),
                        false => Err(XmlError::UnexpectedEnd {
                            position: self.position(),
                        }),
                    };
                }
            }
        }
    }

    /// An element starts (`empty`: and ends, `<X .../>`).
    fn open(&mut self, start: &BytesStart<'_>, empty: bool) -> Result<(), XmlError> {
        let position = self.position();
        if self.stack.len() >= MAX_DEPTH {
            return Err(XmlError::TooDeep { position });
        }
        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        let attributes = Attributes::of(start).map_err(|message| XmlError::Syntax {
            position,
            message: message.into(),
        })?;
        if let Some(Open {
            kind: OpenKind::Primitive(_),
            name: parent,
            ..
        }) = self.stack.last()
        {
            return Err(XmlError::UnexpectedContent {
                position,
                element: parent.clone(),
            });
        }

        if self.stack.is_empty() && name == FILE_ROOT && attributes.type_name.is_none() {
            if !empty {
                self.stack.push(Open {
                    tag: Tag::new(0),
                    name,
                    kind: OpenKind::FileRoot,
                });
            }
            return Ok(());
        }

        let tag = match name.as_str() {
            UNNAMED_TAG => attributes
                .tag
                .as_deref()
                .and_then(parse_tag)
                .ok_or(XmlError::InvalidTagAttribute { position })?,
            _ => Tag::from_name(&name).ok_or_else(|| XmlError::UnknownTag {
                position,
                element: name.clone(),
            })?,
        };
        let item_type = match attributes.type_name.as_deref() {
            None | Some("Structure") => ItemType::Structure,
            Some(type_name) => item_type_named(type_name).ok_or_else(|| XmlError::UnknownType {
                position,
                element: name.clone(),
                type_name: type_name.to_owned(),
            })?,
        };

        let kind = match item_type {
            ItemType::Structure => OpenKind::Structure(Vec::new()),
            _ => {
                let text = attributes.value.ok_or_else(|| XmlError::MissingValue {
                    position,
                    element: name.clone(),
                })?;
                OpenKind::Primitive(self.value(tag, item_type, &text, &name, position)?)
            }
        };
        self.stack.push(Open { tag, name, kind });
        if empty {
            self.close()?;
        }
        Ok(())
    }

    fn value(
        &self,
        tag: Tag,
        item_type: ItemType,
        text: &str,
        name: &str,
        position: Position,
    ) -> Result<Value, XmlError> {
        if text.starts_with('$') {
            if let Some(resolve) = self.options.placeholder {
                if let Some(value) = resolve(&Placeholder {
                    tag,
                    item_type,
                    text,
                }) {
                    if value.item_type() != item_type {
                        return Err(XmlError::PlaceholderType {
                            position,
                            element: name.to_owned(),
                            expected: item_type,
                            found: value.item_type(),
                        });
                    }
                    return Ok(value);
                }
            }
        }
        parse_value(self.names_tag(tag), item_type, text).map_err(|reason| XmlError::InvalidValue {
            position,
            element: name.to_owned(),
            item_type,
            reason: match text.starts_with('$') && item_type != ItemType::TextString {
                true => "a placeholder no resolver bound",
                false => reason,
            },
        })
    }

    /// The tag whose enumeration or mask names a value: its own, except for a KMIP 1.x
    /// Attribute Value, whose meaning the sibling Attribute Name gives
    /// (`<AttributeName value="Cryptographic Algorithm"/><AttributeValue value="AES"/>`).
    fn names_tag(&self, tag: Tag) -> Tag {
        if tag != Tag::ATTRIBUTE_VALUE {
            return tag;
        }
        match self.stack.last() {
            Some(Open {
                kind: OpenKind::Structure(siblings),
                ..
            }) => attribute_value_tag(siblings).unwrap_or(tag),
            _ => tag,
        }
    }

    /// The innermost open element ends.
    fn close(&mut self) -> Result<(), XmlError> {
        let Some(open) = self.stack.pop() else {
            return Err(XmlError::UnexpectedEnd {
                position: self.position(),
            });
        };
        let item = match open.kind {
            OpenKind::FileRoot => return Ok(()),
            OpenKind::Structure(children) => Item::structure(open.tag, children),
            OpenKind::Primitive(value) => Item::new(open.tag, value),
        };
        match self.stack.last_mut() {
            Some(Open {
                kind: OpenKind::Structure(children),
                ..
            }) => children.push(item),
            // A primitive never stays open under another (checked in `open`), so this is the root.
            _ => self.done.push(item),
        }
        Ok(())
    }
}

/// The attributes an element may carry.
struct Attributes {
    type_name: Option<String>,
    value: Option<String>,
    tag: Option<String>,
}

impl Attributes {
    /// Errors say what is wrong, not the text: a malformed `value` may hold key material.
    fn of(start: &BytesStart<'_>) -> Result<Self, &'static str> {
        let mut out = Attributes {
            type_name: None,
            value: None,
            tag: None,
        };
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|_| "malformed attribute")?;
            let slot = match attribute.key.as_ref() {
                b"type" => &mut out.type_name,
                b"value" => &mut out.value,
                b"tag" => &mut out.tag,
                // Other attributes (e.g. a vendor's annotations) carry nothing KMIP needs.
                _ => continue,
            };
            let text = attribute
                .unescape_value()
                .map_err(|_| "unknown entity or bad character reference in an attribute")?;
            *slot = Some(text.into_owned());
        }
        Ok(out)
    }
}

/// In a KMIP 1.x Attribute structure, the tag its Attribute Name names (if it is a KMIP tag).
pub(crate) fn attribute_value_tag(siblings: &[Item]) -> Option<Tag> {
    siblings
        .iter()
        .find_map(|item| match (&item.value, item.tag) {
            (Value::TextString(name), Tag::ATTRIBUTE_NAME) => Tag::from_spec_name(name),
            _ => None,
        })
}

/// `0x540001` (or `540001`): a tag given by number.
fn parse_tag(text: &str) -> Option<Tag> {
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    let value = u32::from_str_radix(digits, 16).ok()?;
    (value <= 0x00FF_FFFF).then(|| Tag::new(value))
}

fn item_type_named(name: &str) -> Option<ItemType> {
    (1..=0x0B)
        .filter_map(ItemType::from_byte)
        .find(|t| t.xml_name() == name)
}
