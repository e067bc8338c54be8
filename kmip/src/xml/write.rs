//! Item trees to indented KMIP XML, for logs, fixtures and tests. What is written reads back
//! to an equal tree (see the round-trip tests).

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::value::format_value;
use crate::ttlv::{Item, Value};

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
            for child in children {
                write_at(out, child, depth + 1);
            }
            for _ in 0..depth {
                out.push_str(INDENT);
            }
            let _ = writeln!(out, "</{name}>");
        }
        value => {
            let text = format_value(item.tag, value).unwrap_or_default();
            let _ = writeln!(
                out,
                " type=\"{}\" value=\"{}\"/>",
                value.item_type().xml_name(),
                escape(text.as_str())
            );
        }
    }
}
