//! Response Message: a header and one batch item per answered operation.

use std::fmt;

use bytes::Bytes;

use crate::spec::enums::{Operation, ResultReason, ResultStatus};
use crate::ttlv::{Item, Limits, Tag};

use super::error::MessageError;
use super::fields::{expect_tag, Builder, Fields};
use super::header::{batch_count_of, check_batch_count, RequestHeader, ResponseHeader};
use super::request::PayloadSummary;

/// The answer to one operation.
///
/// `Debug` shows the payload's size, not its contents (a Get payload holds key material).
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseBatchItem {
    /// Absent only when the request was too broken to tell which operation it asked for.
    pub operation: Option<Operation>,
    pub unique_batch_item_id: Option<Bytes>,
    pub result_status: ResultStatus,
    /// Required when the status is Operation Failed.
    pub result_reason: Option<ResultReason>,
    pub result_message: Option<String>,
    /// Set when the status is Operation Pending.
    pub asynchronous_correlation_value: Option<Bytes>,
    /// The Response Payload structure; the operation's typed payload builds it.
    pub payload: Option<Item>,
    /// The Response Payload already TTLV-encoded (a server's fast path, e.g.
    /// [`GetKeyResponse`](super::payload::get::GetKeyResponse)): written where `payload` would
    /// be, which is then `None`. Responses decoded from bytes never have one.
    pub encoded_payload: Option<Bytes>,
    pub message_extension: Option<Item>,
}

impl fmt::Debug for ResponseBatchItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBatchItem")
            .field("operation", &self.operation)
            .field("unique_batch_item_id", &self.unique_batch_item_id)
            .field("result_status", &self.result_status)
            .field("result_reason", &self.result_reason)
            .field("result_message", &self.result_message)
            .field(
                "asynchronous_correlation_value",
                &self.asynchronous_correlation_value,
            )
            .field("payload", &PayloadSummary(self.payload.as_ref()))
            .field(
                "encoded_payload",
                &self.encoded_payload.as_ref().map(|b| b.len()),
            )
            .field("message_extension", &self.message_extension.is_some())
            .finish()
    }
}

impl ResponseBatchItem {
    /// A successful answer with this payload.
    pub fn success(operation: Operation, payload: Option<Item>) -> Self {
        ResponseBatchItem {
            operation: Some(operation),
            unique_batch_item_id: None,
            result_status: ResultStatus::SUCCESS,
            result_reason: None,
            result_message: None,
            asynchronous_correlation_value: None,
            payload,
            encoded_payload: None,
            message_extension: None,
        }
    }

    /// A successful answer whose Response Payload is already encoded (`payload` is the TTLV
    /// bytes of one Response Payload structure).
    pub fn success_encoded(operation: Operation, payload: Bytes) -> Self {
        let mut answer = Self::success(operation, None);
        answer.encoded_payload = Some(payload);
        answer
    }

    /// A failed answer.
    pub fn failure(
        operation: Option<Operation>,
        reason: ResultReason,
        message: impl Into<String>,
    ) -> Self {
        ResponseBatchItem {
            operation,
            unique_batch_item_id: None,
            result_status: ResultStatus::OPERATION_FAILED,
            result_reason: Some(reason),
            result_message: Some(message.into()),
            asynchronous_correlation_value: None,
            payload: None,
            encoded_payload: None,
            message_extension: None,
        }
    }

    /// The item tree of this batch item. An encoded payload is decoded into it (so the tree
    /// encodes to the same bytes as [`ResponseMessage::to_bytes`]); one that does not decode is
    /// left out.
    pub fn to_item(&self) -> Item {
        let decoded = self
            .encoded_payload
            .as_ref()
            .and_then(|bytes| crate::ttlv::decode(bytes.clone(), &Limits::default()).ok());
        let mut b = Builder::new();
        b.opt_enumeration(Tag::OPERATION, self.operation)
            .opt_bytes(
                Tag::UNIQUE_BATCH_ITEM_ID,
                self.unique_batch_item_id.as_ref(),
            )
            .enumeration(Tag::RESULT_STATUS, self.result_status)
            .opt_enumeration(Tag::RESULT_REASON, self.result_reason)
            .opt_text(Tag::RESULT_MESSAGE, self.result_message.as_deref())
            .opt_bytes(
                Tag::ASYNCHRONOUS_CORRELATION_VALUE,
                self.asynchronous_correlation_value.as_ref(),
            )
            .opt_item(self.payload.as_ref())
            .opt_item(decoded.as_ref())
            .opt_item(self.message_extension.as_ref());
        b.build(Tag::BATCH_ITEM)
    }
}

impl TryFrom<&Item> for ResponseBatchItem {
    type Error = MessageError;

    fn try_from(item: &Item) -> Result<Self, MessageError> {
        expect_tag(item, Tag::BATCH_ITEM)?;
        let mut f = Fields::new(item)?;
        let batch_item = ResponseBatchItem {
            operation: f.opt_enumeration(Tag::OPERATION)?,
            unique_batch_item_id: f.opt_bytes(Tag::UNIQUE_BATCH_ITEM_ID)?,
            result_status: f.enumeration(Tag::RESULT_STATUS)?,
            result_reason: f.opt_enumeration(Tag::RESULT_REASON)?,
            result_message: f.opt_text(Tag::RESULT_MESSAGE)?,
            asynchronous_correlation_value: f.opt_bytes(Tag::ASYNCHRONOUS_CORRELATION_VALUE)?,
            payload: f.opt_item(Tag::RESPONSE_PAYLOAD),
            encoded_payload: None,
            message_extension: f.opt_item(Tag::MESSAGE_EXTENSION),
        };
        f.finish()?;
        if let Some(payload) = &batch_item.payload {
            super::fields::as_structure(payload)?;
        }
        if batch_item.result_status == ResultStatus::OPERATION_FAILED
            && batch_item.result_reason.is_none()
        {
            return Err(MessageError::MissingField {
                parent: Tag::BATCH_ITEM,
                field: Tag::RESULT_REASON,
            });
        }
        Ok(batch_item)
    }
}

/// A Response Message.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ResponseMessage {
    pub header: ResponseHeader,
    pub batch_items: Vec<ResponseBatchItem>,
}

impl ResponseMessage {
    pub fn to_item(&self) -> Item {
        let mut children = Vec::with_capacity(self.batch_items.len() + 1);
        children.push(self.header.to_item(batch_count_of(self.batch_items.len())));
        children.extend(self.batch_items.iter().map(ResponseBatchItem::to_item));
        Item::structure(Tag::RESPONSE_MESSAGE, children)
    }

    /// The response header that answers `request`: same protocol version, the client's
    /// correlation value echoed.
    pub fn header_for(request: &RequestHeader, time_stamp: i64) -> ResponseHeader {
        let mut header = ResponseHeader::new(request.protocol_version, time_stamp);
        header.client_correlation_value = request.client_correlation_value.clone();
        header
    }

    /// The whole answer to a request whose header could be read but whose body could not:
    /// one failed batch item whose Result Reason is the error's class (Invalid Message,
    /// Invalid Field or Operation Not Supported) and whose message is the error's text, which
    /// never contains field values.
    pub fn error_for(request: &RequestHeader, time_stamp: i64, error: &MessageError) -> Self {
        ResponseMessage {
            header: Self::header_for(request, time_stamp),
            batch_items: vec![ResponseBatchItem::failure(
                None,
                ResultReason::from(error.class()),
                error.to_string(),
            )],
        }
    }
}

impl TryFrom<&Item> for ResponseMessage {
    type Error = MessageError;

    fn try_from(item: &Item) -> Result<Self, MessageError> {
        expect_tag(item, Tag::RESPONSE_MESSAGE)?;
        let mut f = Fields::new(item)?;
        let (header, batch_count) = ResponseHeader::parse(f.required(Tag::RESPONSE_HEADER)?)?;
        let batch_items = f
            .take_all(Tag::BATCH_ITEM)
            .into_iter()
            .map(ResponseBatchItem::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        f.finish()?;
        if batch_items.is_empty() {
            return Err(MessageError::EmptyBatch);
        }
        check_batch_count(batch_count, batch_items.len())?;
        Ok(ResponseMessage {
            header,
            batch_items,
        })
    }
}
