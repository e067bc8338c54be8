//! Malformed messages made from the OASIS vectors: every node deleted in turn, or given a
//! value of another type. Parsing must never panic, and whatever the typed model accepts it
//! must write back unchanged (so nothing a peer sends is silently altered or dropped).

use std::path::Path;

use bytes::Bytes;
use hsmgate_kmip::message::payload::{RequestPayload, ResponsePayload};
use hsmgate_kmip::message::{ProtocolVersion, RequestMessage, ResponseMessage};
use hsmgate_kmip::xml::{read_items_with, Placeholder, ReadOptions};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

fn bind(placeholder: &Placeholder<'_>) -> Option<Value> {
    Some(match placeholder.item_type {
        ItemType::DateTime => Value::DateTime(1_700_000_000),
        ItemType::Integer => Value::Integer(1),
        ItemType::ByteString => {
            Value::ByteString(Bytes::copy_from_slice(placeholder.text.as_bytes()))
        }
        _ => return None,
    })
}

fn vector_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for sub in ["mandatory", "optional"] {
        for entry in std::fs::read_dir(root.join(sub)).expect("vector directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "xml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Number of nodes in the tree.
fn count(item: &Item) -> usize {
    1 + item.children().iter().map(count).sum::<usize>()
}

/// Applies `f` to the node at pre-order position `target` (the root is 0).
fn edit(item: &mut Item, target: usize, f: &mut dyn FnMut(&mut Vec<Item>, usize)) -> bool {
    let mut position = 0;
    edit_in(item, target, &mut position, f)
}

fn edit_in(
    item: &mut Item,
    target: usize,
    position: &mut usize,
    f: &mut dyn FnMut(&mut Vec<Item>, usize),
) -> bool {
    let Value::Structure(children) = &mut item.value else {
        return false;
    };
    for i in 0..children.len() {
        *position += 1;
        if *position == target {
            f(children, i);
            return true;
        }
        if edit_in(&mut children[i], target, position, f) {
            return true;
        }
    }
    false
}

fn other_type(value: &Value) -> Value {
    match value {
        Value::TextString(_) => Value::Integer(7),
        Value::Structure(_) => Value::TextString("x".into()),
        _ => Value::TextString("x".into()),
    }
}

/// Parses as the typed model; if accepted, the typed form must write `item` back unchanged.
/// Returns whether the message was accepted.
fn check(item: &Item, what: &str) -> bool {
    if item.tag == Tag::REQUEST_MESSAGE {
        // Parsing an owned copy must agree, and give a refused message back unchanged.
        let owned = RequestMessage::from_owned(item.clone());
        let request = match RequestMessage::try_from(item) {
            Ok(request) => request,
            Err(error) => {
                assert_eq!(
                    owned,
                    Err((error, item.clone())),
                    "{what}: owned parse differs"
                );
                return false;
            }
        };
        assert_eq!(
            owned.as_ref().ok(),
            Some(&request),
            "{what}: owned parse differs"
        );
        assert_eq!(&request.to_item(), item, "{what}: accepted request changed");
        let version: ProtocolVersion = request.header.protocol_version;
        for batch in &request.batch_items {
            if let Ok(typed) = RequestPayload::parse(batch.operation, &batch.payload, version) {
                assert_eq!(
                    typed.to_item(version).as_ref(),
                    Ok(&batch.payload),
                    "{what}: accepted payload changed"
                );
            }
        }
    } else {
        let Ok(response) = ResponseMessage::try_from(item) else {
            return false;
        };
        assert_eq!(
            &response.to_item(),
            item,
            "{what}: accepted response changed"
        );
        let version = response.header.protocol_version;
        for batch in &response.batch_items {
            if let (Some(op), Some(payload)) = (batch.operation, &batch.payload) {
                if let Ok(typed) = ResponsePayload::parse(op, payload, version) {
                    assert_eq!(
                        typed.to_item(version).as_ref(),
                        Ok(payload),
                        "{what}: accepted payload changed"
                    );
                }
            }
        }
    }
    true
}

#[test]
fn mutated_vector_messages_are_rejected_or_kept_intact() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/kmip-vectors/kmip-profiles-v2.1");
    let resolver = bind;
    let options = ReadOptions {
        placeholder: Some(&resolver),
    };
    let (mut tried, mut rejected) = (0usize, 0usize);
    let files = vector_files(&root);
    assert!(files.len() >= 90);
    for path in &files {
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let xml = std::fs::read_to_string(path).expect("vector file");
        for (n, message) in read_items_with(&xml, &options)
            .expect("xml")
            .into_iter()
            .enumerate()
        {
            assert!(check(&message, &format!("{file}#{n} as is")));
            for target in 1..count(&message) {
                let mut deleted = message.clone();
                assert!(edit(&mut deleted, target, &mut |children, i| {
                    children.remove(i);
                }));
                let mut retyped = message.clone();
                assert!(edit(&mut retyped, target, &mut |children, i| {
                    children[i].value = other_type(&children[i].value);
                }));
                for (kind, mutated) in [("deleted", deleted), ("retyped", retyped)] {
                    tried += 1;
                    if !check(&mutated, &format!("{file}#{n} node {target} {kind}")) {
                        rejected += 1;
                    }
                }
            }
        }
    }
    eprintln!(
        "mutations: {tried} tried, {rejected} rejected, {} accepted intact",
        tried - rejected
    );
    // Most mutations break a required field or a type, so most must be refused.
    assert!(rejected * 2 > tried, "{rejected} of {tried} rejected");
}
