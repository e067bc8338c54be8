//! Errors of the XML reader. They name the element and where it is, never the value: a Byte
//! String may hold key material.

use std::fmt;

use crate::ttlv::ItemType;

/// Where in the XML text an error was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// 1-based line number.
    pub line: usize,
}

impl Position {
    pub(crate) fn at(text: &str, offset: u64) -> Self {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let line = 1 + text
            .as_bytes()
            .iter()
            .take(offset)
            .filter(|&&b| b == b'\n')
            .count();
        Position { offset, line }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} (byte {})", self.line, self.offset)
    }
}

/// Why a KMIP XML text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlError {
    /// The text is not well-formed XML (as quick-xml reports it).
    Syntax { position: Position, message: String },
    /// The text ended inside an element, or held no element at all.
    UnexpectedEnd { position: Position },
    /// An element name that is no KMIP tag (unknown tags are written `<TTLV tag="0x540001">`).
    UnknownTag { position: Position, element: String },
    /// A `TTLV` element whose `tag` attribute is missing or not a 24-bit hex number.
    InvalidTagAttribute { position: Position },
    /// A `type` attribute that names no KMIP item type.
    UnknownType {
        position: Position,
        element: String,
        type_name: String,
    },
    /// A primitive element without a `value` attribute.
    MissingValue { position: Position, element: String },
    /// A `value` that does not parse as its type (or a placeholder no resolver bound).
    InvalidValue {
        position: Position,
        element: String,
        item_type: ItemType,
        reason: &'static str,
    },
    /// A placeholder resolver returned a value of another type than the element declares.
    PlaceholderType {
        position: Position,
        element: String,
        expected: ItemType,
        found: ItemType,
    },
    /// Child elements or text where none may be (inside a primitive, or text between elements).
    UnexpectedContent { position: Position, element: String },
    /// Structures nested deeper than [`super::MAX_DEPTH`].
    TooDeep { position: Position },
    /// `read_item` found no element or more than one.
    NotOneItem { count: usize },
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlError::Syntax { position, message } => {
                write!(f, "malformed XML at {position}: {message}")
            }
            XmlError::UnexpectedEnd { position } => write!(f, "XML ends early at {position}"),
            XmlError::UnknownTag { position, element } => {
                write!(f, "unknown KMIP tag <{element}> at {position}")
            }
            XmlError::InvalidTagAttribute { position } => {
                write!(
                    f,
                    "TTLV element at {position} needs a tag=\"0x42XXXX\" attribute"
                )
            }
            XmlError::UnknownType {
                position,
                element,
                type_name,
            } => {
                write!(f, "<{element}> at {position}: unknown type \"{type_name}\"")
            }
            XmlError::MissingValue { position, element } => {
                write!(f, "<{element}> at {position} has no value attribute")
            }
            XmlError::InvalidValue {
                position,
                element,
                item_type,
                reason,
            } => {
                write!(
                    f,
                    "<{element}> at {position}: invalid {} value: {reason}",
                    item_type.xml_name()
                )
            }
            XmlError::PlaceholderType {
                position,
                element,
                expected,
                found,
            } => write!(
                f,
                "<{element}> at {position}: placeholder bound to a {} for a {} element",
                found.xml_name(),
                expected.xml_name()
            ),
            XmlError::UnexpectedContent { position, element } => {
                write!(f, "unexpected content in <{element}> at {position}")
            }
            XmlError::TooDeep { position } => write!(f, "structures nested too deep at {position}"),
            XmlError::NotOneItem { count } => write!(f, "expected exactly one item, found {count}"),
        }
    }
}

impl std::error::Error for XmlError {}
