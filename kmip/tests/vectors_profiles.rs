//! Every request and response message of the OASIS KMIP Profiles 2.1 test vectors
//! (testdata/kmip-vectors/kmip-profiles-v2.1/**/*.xml):
//!
//! 1. reads from XML, with the run-time placeholders (`$NOW`, `$DATA_0`, ...) bound to fixed
//!    values;
//! 2. writes back to XML whose element tree equals the original's (names, types, nesting, and
//!    each value as its type reads it, after the same placeholder binding);
//! 3. encodes to TTLV and decodes back to an equal item tree.
//!
//! The XML comparison parses both texts with quick-xml directly, so the element structure is
//! checked independently of `hsmgate_kmip::xml`'s reader.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use hsmgate_kmip::ttlv::{decode_message, to_bytes, Limits};
use hsmgate_kmip::xml::{self, Placeholder, ReadOptions};
use hsmgate_kmip::{Item, ItemType, Tag, Value};
use quick_xml::events::Event;

/// The instant `$NOW` stands for (2020-09-13T12:26:40Z).
const NOW: i64 = 1_600_000_000;

/// Binds the placeholders the vectors use. Text Strings (`$UNIQUE_IDENTIFIER_0`) stay as they
/// are; Byte Strings get the placeholder's own bytes, so each binds to a distinct value.
fn bind(placeholder: &Placeholder<'_>) -> Option<Value> {
    match placeholder.item_type {
        ItemType::DateTime => Some(Value::DateTime(NOW)),
        ItemType::DateTimeExtended => Some(Value::DateTimeExtended(NOW * 1_000_000)),
        ItemType::ByteString => Some(Value::ByteString(Bytes::copy_from_slice(
            placeholder.text.as_bytes(),
        ))),
        _ => None,
    }
}

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/kmip-vectors/kmip-profiles-v2.1")
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            xml_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "xml") {
            out.push(path);
        }
    }
}

/// An element as the XML text has it, comments and whitespace dropped.
#[derive(Debug)]
struct Node {
    name: String,
    item_type: Option<String>,
    value: Option<String>,
    tag: Option<String>,
    children: Vec<Node>,
}

/// The top-level elements of a text (the children of `<KMIP>` for a vector file).
fn parse_nodes(text: &str) -> Vec<Node> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Node> = vec![Node {
        name: String::new(),
        item_type: None,
        value: None,
        tag: None,
        children: vec![],
    }];
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, empty) = match &event {
            Event::Start(start) => (start, false),
            Event::Empty(start) => (start, true),
            Event::End(_) => {
                let node = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(node);
                continue;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) => continue,
            other => panic!("unexpected {other:?}"),
        };
        let attr = |key: &str| {
            start
                .try_get_attribute(key)
                .expect("attribute")
                .map(|a| a.unescape_value().expect("escaped value").into_owned())
        };
        let node = Node {
            name: String::from_utf8(start.name().as_ref().to_vec()).expect("UTF-8 name"),
            item_type: attr("type"),
            value: attr("value"),
            tag: attr("tag"),
            children: vec![],
        };
        match empty {
            true => stack.last_mut().expect("parent").children.push(node),
            false => stack.push(node),
        }
    }
    let mut root = stack.pop().expect("document").children;
    if root.len() == 1 && root[0].name == "KMIP" {
        root = root.remove(0).children;
    }
    root
}

fn node_tag(node: &Node) -> Tag {
    match &node.tag {
        Some(hex) => {
            Tag::new(u32::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex tag"))
        }
        None => Tag::from_name(&node.name).unwrap_or_else(|| panic!("no tag named {}", node.name)),
    }
}

fn node_type(node: &Node) -> ItemType {
    match node.item_type.as_deref() {
        None | Some("Structure") => ItemType::Structure,
        Some(name) => (1..=0x0B)
            .filter_map(ItemType::from_byte)
            .find(|t| t.xml_name() == name)
            .unwrap_or_else(|| panic!("type {name}")),
    }
}

/// A leaf's value as its type reads it, placeholders bound as in [`bind`].
fn leaf_value(node: &Node) -> Value {
    let (tag, item_type) = (node_tag(node), node_type(node));
    let text = node
        .value
        .as_deref()
        .unwrap_or_else(|| panic!("<{}> has no value", node.name));
    if text.starts_with('$') {
        if let Some(value) = bind(&Placeholder {
            tag,
            item_type,
            text,
        }) {
            return value;
        }
    }
    xml::parse_value(tag, item_type, text).unwrap_or_else(|e| panic!("<{}>: {e}", node.name))
}

/// Compares two element trees; returns where they differ.
fn same_tree(original: &Node, written: &Node, path: &str) -> Result<usize, String> {
    let here = format!("{path}/{}", original.name);
    if original.name != written.name
        || original.tag.as_deref().map(str::to_lowercase)
            != written.tag.as_deref().map(str::to_lowercase)
    {
        return Err(format!(
            "{here}: element {} written as {}",
            original.name, written.name
        ));
    }
    if node_type(original) != node_type(written) {
        return Err(format!(
            "{here}: type {:?} written as {:?}",
            original.item_type, written.item_type
        ));
    }
    if node_type(original) != ItemType::Structure {
        if !written.children.is_empty() || !original.children.is_empty() {
            return Err(format!("{here}: a primitive with children"));
        }
        return match leaf_value(original) == leaf_value(written) {
            true => Ok(1),
            false => Err(format!(
                "{here}: value {:?} written as {:?}",
                original.value, written.value
            )),
        };
    }
    if original.children.len() != written.children.len() {
        return Err(format!(
            "{here}: {} children written as {}",
            original.children.len(),
            written.children.len()
        ));
    }
    let mut leaves = 0;
    for (a, b) in original.children.iter().zip(&written.children) {
        leaves += same_tree(a, b, &here)?;
    }
    Ok(leaves)
}

/// Checks one file; returns (messages, leaves).
fn check_file(path: &Path) -> Result<(usize, usize), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let options = ReadOptions {
        placeholder: Some(&bind),
    };
    let items = xml::read_items_with(&text, &options).map_err(|e| format!("read: {e}"))?;
    let originals = parse_nodes(&text);
    if items.len() != originals.len() || items.is_empty() {
        return Err(format!(
            "{} items read from {} elements",
            items.len(),
            originals.len()
        ));
    }
    let mut leaves = 0;
    for (item, original) in items.iter().zip(&originals) {
        if item.tag != Tag::REQUEST_MESSAGE && item.tag != Tag::RESPONSE_MESSAGE {
            return Err(format!("top-level {} is not a message", original.name));
        }
        let written = xml::write_item(item);
        let reread = parse_nodes(&written);
        let [reread] = reread.as_slice() else {
            return Err(format!("{} elements written for one item", reread.len()));
        };
        leaves += same_tree(original, reread, "")?;
        let again = xml::read_item_with(&written, &options).map_err(|e| format!("re-read: {e}"))?;
        if &again != item {
            return Err(format!(
                "{}: written XML reads back to another item",
                original.name
            ));
        }

        let bytes = to_bytes(item);
        let decoded: Item =
            decode_message(bytes, &Limits::default()).map_err(|e| format!("TTLV decode: {e}"))?;
        if &decoded != item {
            return Err(format!(
                "{}: TTLV round trip changed the item",
                original.name
            ));
        }
    }
    Ok((items.len(), leaves))
}

#[test]
fn every_profile_vector_round_trips_through_xml_and_ttlv() {
    let mut files = Vec::new();
    xml_files(&vector_dir(), &mut files);
    assert!(
        files.len() >= 90,
        "expected the 93 OASIS Profiles 2.1 vector files, found {}",
        files.len()
    );

    let (mut messages, mut leaves, mut failures) = (0, 0, Vec::new());
    for path in &files {
        match check_file(path) {
            Ok((m, l)) => {
                messages += m;
                leaves += l;
            }
            Err(why) => failures.push(format!("{}: {why}", path.display())),
        }
    }
    println!(
        "KMIP Profiles 2.1 vectors: {} files, {messages} messages, {leaves} values checked",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn the_comparison_sees_a_changed_value() {
    let original = parse_nodes(r#"<KMIP><BatchCount type="Integer" value="1"/></KMIP>"#);
    let changed = parse_nodes(r#"<BatchCount type="Integer" value="2"/>"#);
    let same = parse_nodes(r#"<BatchCount type="Integer" value="0x1"/>"#);
    assert!(same_tree(&original[0], &changed[0], "").is_err());
    assert_eq!(same_tree(&original[0], &same[0], ""), Ok(1));
    let mask_a = parse_nodes(r#"<CryptographicUsageMask type="Integer" value="Decrypt Encrypt"/>"#);
    let mask_b = parse_nodes(r#"<CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>"#);
    assert_eq!(same_tree(&mask_a[0], &mask_b[0], ""), Ok(1));
    let extra = parse_nodes(r#"<BatchItem><BatchCount type="Integer" value="1"/></BatchItem>"#);
    let empty = parse_nodes(r#"<BatchItem/>"#);
    assert!(same_tree(&extra[0], &empty[0], "").is_err());
}
