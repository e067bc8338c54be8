//! Request Message: a header and one or more batch items, each an operation with its payload.

use std::collections::HashSet;
use std::fmt;

use bytes::Bytes;

use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::error::MessageError;
use super::fields::{expect_tag, Builder, Fields};
use super::header::{batch_count_of, check_batch_count, RequestHeader};
use super::payload::RequestPayload;
use super::version::ProtocolVersion;

/// How `Debug` shows a payload: its field count only.
pub(crate) struct PayloadSummary<'a>(pub(crate) Option<&'a Item>);

impl fmt::Debug for PayloadSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(payload) => write!(f, "<{} fields>", payload.children().len()),
            None => f.write_str("None"),
        }
    }
}

/// One operation of a request.
///
/// `Debug` shows the payload's size, not its contents (a Register payload holds key material).
#[derive(Clone, PartialEq, Eq)]
pub struct RequestBatchItem {
    pub operation: Operation,
    /// KMIP 2.0 and later: the server must not keep what this operation creates.
    pub ephemeral: Option<bool>,
    /// Required when the batch holds more than one item.
    pub unique_batch_item_id: Option<Bytes>,
    /// The Request Payload structure, kept as a tree: the operation's handler parses it
    /// with the typed payload of [`super::payload`].
    pub payload: Item,
    pub message_extension: Option<Item>,
}

impl fmt::Debug for RequestBatchItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBatchItem")
            .field("operation", &self.operation)
            .field("ephemeral", &self.ephemeral)
            .field("unique_batch_item_id", &self.unique_batch_item_id)
            .field("payload", &PayloadSummary(Some(&self.payload)))
            .field("message_extension", &self.message_extension.is_some())
            .finish()
    }
}

impl RequestBatchItem {
    /// A batch item with only an operation and its payload.
    pub fn new(operation: Operation, payload: Item) -> Self {
        RequestBatchItem {
            operation,
            ephemeral: None,
            unique_batch_item_id: None,
            payload,
            message_extension: None,
        }
    }

    pub fn to_item(&self) -> Item {
        let mut b = Builder::new();
        b.enumeration(Tag::OPERATION, self.operation)
            .opt_boolean(Tag::EPHEMERAL, self.ephemeral)
            .opt_bytes(
                Tag::UNIQUE_BATCH_ITEM_ID,
                self.unique_batch_item_id.as_ref(),
            )
            .item(self.payload.clone())
            .opt_item(self.message_extension.as_ref());
        b.build(Tag::BATCH_ITEM)
    }
}

impl RequestBatchItem {
    /// The typed payload of this item's operation, read in the shape of `version` (the
    /// request header's protocol version).
    pub fn parse_payload(&self, version: ProtocolVersion) -> Result<RequestPayload, MessageError> {
        RequestPayload::parse(self.operation, &self.payload, version)
    }
}

impl TryFrom<&Item> for RequestBatchItem {
    type Error = MessageError;

    fn try_from(item: &Item) -> Result<Self, MessageError> {
        expect_tag(item, Tag::BATCH_ITEM)?;
        let mut f = Fields::new(item)?;
        let operation = f.enumeration(Tag::OPERATION)?;
        let ephemeral = f.opt_boolean(Tag::EPHEMERAL)?;
        let unique_batch_item_id = f.opt_bytes(Tag::UNIQUE_BATCH_ITEM_ID)?;
        let payload = f.required(Tag::REQUEST_PAYLOAD)?;
        // The payload's contents are checked by the operation; its shape is checked here.
        super::fields::as_structure(payload)?;
        let message_extension = f.opt_item(Tag::MESSAGE_EXTENSION);
        f.finish()?;
        Ok(RequestBatchItem {
            operation,
            ephemeral,
            unique_batch_item_id,
            payload: payload.clone(),
            message_extension,
        })
    }
}

/// A Request Message.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RequestMessage {
    pub header: RequestHeader,
    pub batch_items: Vec<RequestBatchItem>,
}

impl RequestMessage {
    pub fn to_item(&self) -> Item {
        let mut children = Vec::with_capacity(self.batch_items.len() + 1);
        children.push(self.header.to_item(batch_count_of(self.batch_items.len())));
        children.extend(self.batch_items.iter().map(RequestBatchItem::to_item));
        Item::structure(Tag::REQUEST_MESSAGE, children)
    }
}

impl TryFrom<&Item> for RequestMessage {
    type Error = MessageError;

    fn try_from(item: &Item) -> Result<Self, MessageError> {
        expect_tag(item, Tag::REQUEST_MESSAGE)?;
        let mut f = Fields::new(item)?;
        let (header, batch_count) = RequestHeader::parse(f.required(Tag::REQUEST_HEADER)?)?;
        // Taken as they are converted: no list of references in between. The first bad one
        // stops the conversion, as it did when all were taken first.
        let batch_items = f
            .take_each(Tag::BATCH_ITEM)
            .map(RequestBatchItem::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        f.finish()?;
        if batch_items.is_empty() {
            return Err(MessageError::EmptyBatch);
        }
        check_batch_count(batch_count, batch_items.len())?;
        // Several items must be told apart in the response.
        if batch_items.len() > 1 && batch_items.iter().any(|b| b.unique_batch_item_id.is_none()) {
            return Err(MessageError::MissingField {
                parent: Tag::BATCH_ITEM,
                field: Tag::UNIQUE_BATCH_ITEM_ID,
            });
        }
        // ... and apart from each other (a single item needs no set: the set's table and its
        // random hash keys were an allocation and a thread-local read per request).
        if batch_items.len() > 1 {
            let mut ids = HashSet::with_capacity(batch_items.len());
            for id in batch_items
                .iter()
                .filter_map(|b| b.unique_batch_item_id.as_ref())
            {
                if !ids.insert(id) {
                    return Err(MessageError::InvalidValue {
                        tag: Tag::UNIQUE_BATCH_ITEM_ID,
                        reason: "used by two batch items",
                    });
                }
            }
        }
        Ok(RequestMessage {
            header,
            batch_items,
        })
    }
}
