//! Parsing a Request Message the caller owns, moving each batch item's payload out of the tree
//! instead of cloning it.
//!
//! `RequestMessage::try_from(&Item)` has to clone every Request Payload (the operation's whole
//! argument tree: identifiers, attributes, cryptographic parameters), and the server dropped the
//! decoded tree right after. Here the payloads' children are lifted out first, the borrowed
//! parser runs on the remaining skeleton (cloning only empty payload structures), and the
//! children are put into the parsed batch items. The checks, and so the errors, are the
//! borrowed parser's.

use crate::ttlv::{Item, Tag, Value};

use super::error::MessageError;
use super::request::RequestMessage;

/// The children of the payload `RequestBatchItem::try_from` would take from `batch_item` — its
/// first Request Payload child — when both are structures (otherwise parsing fails anyway).
fn payload_children(batch_item: &mut Item) -> Option<&mut Vec<Item>> {
    let Value::Structure(fields) = &mut batch_item.value else {
        return None;
    };
    let payload = fields.iter_mut().find(|f| f.tag == Tag::REQUEST_PAYLOAD)?;
    match &mut payload.value {
        Value::Structure(children) => Some(children),
        _ => None,
    }
}

/// Lifts the children out of each Batch Item child's payload, in order (the order the parser
/// takes them in): one entry per Batch Item child, `None` where there was nothing to lift.
fn lift_payloads(message: &mut Item) -> Vec<Option<Vec<Item>>> {
    match &mut message.value {
        Value::Structure(children) => children
            .iter_mut()
            .filter(|child| child.tag == Tag::BATCH_ITEM)
            .map(|child| payload_children(child).map(std::mem::take))
            .collect(),
        _ => Vec::new(),
    }
}

/// Puts what [`lift_payloads`] took back where it was.
fn restore_payloads(message: &mut Item, lifted: Vec<Option<Vec<Item>>>) {
    if let Value::Structure(children) = &mut message.value {
        let batch_items = children
            .iter_mut()
            .filter(|child| child.tag == Tag::BATCH_ITEM);
        for (child, lifted) in batch_items.zip(lifted) {
            if let (Some(slot), Some(lifted)) = (payload_children(child), lifted) {
                *slot = lifted;
            }
        }
    }
}

impl RequestMessage {
    /// Parses a Request Message item: the same checks and result as
    /// `RequestMessage::try_from(&item)`, without copying the payloads. On error, `item` comes
    /// back unchanged with the error (a server answers a bad body from its header).
    pub fn from_owned(mut item: Item) -> Result<RequestMessage, (MessageError, Item)> {
        let lifted = lift_payloads(&mut item);
        match RequestMessage::try_from(&item) {
            Ok(mut message) => {
                // Parsing succeeded, so every Batch Item child became a batch item, in order,
                // and each had a structure as its payload: the slots line up one to one.
                for (batch_item, children) in message.batch_items.iter_mut().zip(lifted) {
                    if let (Value::Structure(empty), Some(children)) =
                        (&mut batch_item.payload.value, children)
                    {
                        *empty = children;
                    }
                }
                Ok(message)
            }
            Err(error) => {
                restore_payloads(&mut item, lifted);
                Err((error, item))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::message::{ProtocolVersion, RequestBatchItem, RequestHeader};
    use crate::spec::enums::Operation;

    fn payload(uid: &str) -> Item {
        Item::structure(
            Tag::REQUEST_PAYLOAD,
            vec![
                Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.into())),
                Item::new(Tag::DATA, Value::ByteString(Bytes::from_static(b"data"))),
            ],
        )
    }

    fn message(items: usize) -> Item {
        let mut batch_items: Vec<RequestBatchItem> = (0..items)
            .map(|i| RequestBatchItem::new(Operation::ENCRYPT, payload(&format!("uid-{i}"))))
            .collect();
        if items > 1 {
            for (i, item) in batch_items.iter_mut().enumerate() {
                item.unique_batch_item_id = Some(Bytes::from(vec![i as u8]));
            }
        }
        RequestMessage {
            header: RequestHeader::new(ProtocolVersion::V2_1),
            batch_items,
        }
        .to_item()
    }

    /// Replaces the `index`-th child of batch item `batch` with `field`.
    fn with_field(mut message: Item, batch: usize, field: Item) -> Item {
        if let Value::Structure(children) = &mut message.value {
            let batch_item = children
                .iter_mut()
                .filter(|c| c.tag == Tag::BATCH_ITEM)
                .nth(batch)
                .unwrap();
            if let Value::Structure(fields) = &mut batch_item.value {
                fields.push(field);
            }
        }
        message
    }

    #[test]
    fn owned_and_borrowed_parsing_agree_on_good_messages() {
        for items in [1, 2, 5] {
            let item = message(items);
            let borrowed = RequestMessage::try_from(&item).unwrap();
            assert_eq!(RequestMessage::from_owned(item).unwrap(), borrowed);
        }
    }

    #[test]
    fn a_bad_message_comes_back_unchanged_with_the_borrowed_error() {
        let not_a_structure = Item::new(Tag::REQUEST_PAYLOAD, Value::Integer(1));
        let bad = [
            // A second payload in the second batch item.
            with_field(message(2), 1, payload("again")),
            // A second payload that is not a structure.
            with_field(message(3), 2, not_a_structure),
            // An unknown field after a good payload.
            with_field(message(1), 0, Item::new(Tag::DATA, Value::Integer(3))),
        ];
        for item in bad {
            let expected = RequestMessage::try_from(&item).unwrap_err();
            let (error, back) = RequestMessage::from_owned(item.clone()).unwrap_err();
            assert_eq!(error, expected);
            assert_eq!(back, item);
        }
        let wrong_top = Item::new(Tag::REQUEST_MESSAGE, Value::Integer(0));
        let (_, back) = RequestMessage::from_owned(wrong_top.clone()).unwrap_err();
        assert_eq!(back, wrong_top);
    }
}
