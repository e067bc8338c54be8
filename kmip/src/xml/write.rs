//! Item trees to indented KMIP XML, for logs, fixtures and tests. What is written reads back
//! to an equal tree (see the round-trip tests).

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::read::attribute_value_tag;
use super::value::format_value;
use crate::ttlv::{Item, Tag, Value};

const INDENT: &str = "  ";

/// One item as indented XML, one element per line, ending in a newline.
pub fn write_item(item: &Item) -> String {
    let mut out = String::new();
    write_at(&mut out, item, 0);
    out
}

/// Several items (e.g. a request and its response) under a `<KMIP>` root, as the vector files
/// hold them.
pub fn write_items(items: &[Item]) -> String {
    let mut out = String::from("<KMIP>\n");
    for item in items {
        write_at(&mut out, item, 1);
    }
    out.push_str("</KMIP>\n");
    out
}

/// Writes `item` at `depth`. Recursion follows the tree, whose depth the decoders bound.
fn write_at(out: &mut String, item: &Item, depth: usize) {
    write_named(out, item, item.tag, depth);
}

/// Writes `item`, naming its enumeration or mask value by `names_tag`'s table (which differs
/// from the item's own tag for a KMIP 1.x Attribute Value).
fn write_named(out: &mut String, item: &Item, names_tag: Tag, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
    // `name` is the element name; an unnamed tag becomes `<TTLV tag="0x540001">`.
    let name = item.tag.name().unwrap_or("TTLV");
    out.push('<');
    out.push_str(name);
    if item.tag.name().is_none() {
        // Writing to a String cannot fail.
        let _ = write!(out, " tag=\"0x{:06X}\"", item.tag.value());
    }
    match &item.value {
        Value::Structure(children) if children.is_empty() => out.push_str("/>\n"),
        Value::Structure(children) => {
            out.push_str(">\n");
            let attribute_tag = attribute_value_tag(children);
            for child in children {
                let names_tag = match (child.tag, attribute_tag) {
                    (Tag::ATTRIBUTE_VALUE, Some(tag)) => tag,
                    _ => child.tag,
                };
                write_named(out, child, names_tag, depth + 1);
            }
            for _ in 0..depth {
                out.push_str(INDENT);
            }
            let _ = writeln!(out, "</{name}>");
        }
        value => {
            let text = format_value(names_tag, value).unwrap_or_default();
            let _ = writeln!(
                out,
                " type=\"{}\" value=\"{}\"/>",
                value.item_type().xml_name(),
                escape(text.as_str())
            );
        }
    }
}
