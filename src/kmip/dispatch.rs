//! From request bytes to response bytes: decode the message, check its version, run each batch
//! item in order (honouring the Batch Error Continuation Option), encode the answer in the
//! request's protocol version.
//!
//! A message whose body is malformed is answered with an Invalid Message error when its request
//! header can still be read; otherwise the connection is closed.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hsmgate_kmip::message::{
    ProtocolVersion, RequestBatchItem, RequestHeader, RequestMessage, ResponseBatchItem,
    ResponseHeader, ResponseMessage,
};
use hsmgate_kmip::spec::enums::{BatchErrorContinuationOption, ResultReason};
use hsmgate_kmip::ttlv::{decode, decode_message, frame_length, Limits};

use super::error::OpError;
use super::listener::MessageHandler;
use super::ops::{self, OpContext};
use super::undo::UndoLog;
use super::versions::{is_supported, SUPPORTED_VERSIONS};
use crate::identity::Identity;
use crate::service::{KeyService, ServiceError};

/// The KMIP request handler of the gateway.
pub struct KmipHandler {
    limits: Limits,
    service: Arc<KeyService>,
}

impl KmipHandler {
    pub fn new(limits: Limits, service: Arc<KeyService>) -> Self {
        KmipHandler { limits, service }
    }

    /// Answers one request message; `None` when not even its header can be read.
    pub async fn answer(&self, caller: &Identity, request: Bytes) -> Option<Bytes> {
        let message = match decode_message(request.clone(), &self.limits) {
            Ok(item) => item,
            Err(e) => {
                tracing::info!(caller = %caller, error = %e, "undecodable request");
                let header = self.header_of_undecodable(request)?;
                let error = OpError::InvalidMessage(e.to_string());
                return Some(error_response(&header, &error).to_bytes());
            }
        };
        // Owned: the batch items take their payloads out of the decoded tree, not copies.
        let request = match RequestMessage::from_owned(message) {
            Ok(request) => request,
            Err((e, message)) => {
                tracing::info!(caller = %caller, error = %e, "invalid request message");
                let header = RequestHeader::peek(&message).ok()?;
                return Some(error_response(&header, &OpError::from(e)).to_bytes());
            }
        };
        let response = self.process(caller, &request).await;
        Some(within_maximum_size(
            response,
            request.header.maximum_response_size,
        ))
    }

    /// The request header of a message whose whole body did not decode: the header is the first
    /// item inside the message structure, and may decode on its own.
    fn header_of_undecodable(&self, request: Bytes) -> Option<RequestHeader> {
        let body = request.get(8..)?;
        let length = frame_length(body, &self.limits).ok()??;
        let header_bytes = request.slice(8..8usize.checked_add(length)?.min(request.len()));
        let header = decode(header_bytes, &self.limits).ok()?;
        RequestHeader::parse(&header).ok().map(|(header, _)| header)
    }
}

impl MessageHandler for KmipHandler {
    async fn handle(&self, caller: &Identity, request: Bytes) -> Option<Bytes> {
        self.answer(caller, request).await
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The header of a response: the request's version when served, else the nearest one served.
fn response_header(request: &RequestHeader) -> ResponseHeader {
    let mut header = ResponseMessage::header_for(request, now());
    if !is_supported(request.protocol_version) {
        header.protocol_version = nearest_version(request.protocol_version);
    }
    header
}

fn nearest_version(asked: ProtocolVersion) -> ProtocolVersion {
    SUPPORTED_VERSIONS
        .iter()
        .copied()
        .find(|v| *v <= asked)
        .unwrap_or(ProtocolVersion::V1_0)
}

fn error_response(request: &RequestHeader, error: &OpError) -> ResponseMessage {
    let item = ResponseBatchItem::failure(None, error.result_reason(), error.to_string());
    ResponseMessage {
        header: response_header(request),
        batch_items: vec![item],
    }
}

impl KmipHandler {
    /// Runs the batch items of a well-formed request: in order, or all at once when the client
    /// allows any order (Batch Order Option false) and wants every item run (Continue).
    async fn process(&self, caller: &Identity, request: &RequestMessage) -> ResponseMessage {
        if !is_supported(request.header.protocol_version) {
            let error = OpError::InvalidMessage(format!(
                "protocol version {} is not supported (use Discover Versions)",
                request.header.protocol_version
            ));
            return error_response(&request.header, &error);
        }
        let header = response_header(&request.header);
        let option = request.header.batch_error_continuation_option;
        let continue_on_error = option == Some(BatchErrorContinuationOption::CONTINUE);
        let version = request.header.protocol_version;
        if continue_on_error
            && request.header.batch_order_option == Some(false)
            && request.batch_items.len() > 1
        {
            // Each item on its own: with no order there is no ID Placeholder to pass on.
            let items = request.batch_items.iter().map(|item| async move {
                let mut ctx = OpContext {
                    caller,
                    version,
                    service: &self.service,
                    id_placeholder: None,
                };
                run_item(caller, item, &mut ctx).await
            });
            let batch_items = futures_util::future::join_all(items).await;
            return ResponseMessage {
                header,
                batch_items,
            };
        }
        let mut undo = (option == Some(BatchErrorContinuationOption::UNDO)).then(UndoLog::default);
        let mut ctx = OpContext {
            caller,
            version,
            service: &self.service,
            id_placeholder: None,
        };
        let mut batch_items = Vec::with_capacity(request.batch_items.len());
        for item in &request.batch_items {
            if let Some(undo) = &mut undo {
                undo.before(&ctx, item).await;
            }
            let placeholder_before = ctx.id_placeholder.clone();
            let answer = run_item(caller, item, &mut ctx).await;
            let failed = answer.result_reason.is_some();
            if let Some(undo) = &mut undo {
                if !failed && ctx.id_placeholder != placeholder_before {
                    undo.created(item.operation, ctx.id_placeholder.clone());
                }
            }
            batch_items.push(answer);
            // Stop (the default) and Undo end the batch at the first failure; Undo also puts
            // back what the earlier items did.
            if failed && !continue_on_error {
                if let Some(undo) = undo.take() {
                    undo.roll_back(&self.service, &mut batch_items).await;
                }
                break;
            }
        }
        ResponseMessage {
            header,
            batch_items,
        }
    }
}

/// Runs one batch item and answers it, logging failures (internal ones as errors).
async fn run_item(
    caller: &Identity,
    item: &RequestBatchItem,
    ctx: &mut OpContext<'_>,
) -> ResponseBatchItem {
    let placeholder_before = ctx.id_placeholder.clone();
    let mut answer = match ops::run(item.operation, &item.payload, ctx).await {
        Ok(ops::Answer::Item(payload)) => ResponseBatchItem::success(item.operation, Some(payload)),
        Ok(ops::Answer::Encoded(payload)) => {
            ResponseBatchItem::success_encoded(item.operation, payload)
        }
        Err(e) => {
            if let OpError::Service(ServiceError::Internal(detail)) = &e {
                tracing::error!(caller = %caller, operation = %item.operation, error = %detail, "operation failed");
            } else {
                tracing::info!(caller = %caller, operation = %item.operation, error = %e, "operation refused");
            }
            ResponseBatchItem::failure(
                Some(item.operation),
                e.result_reason_in(ctx.version),
                e.to_string(),
            )
        }
    };
    answer.unique_batch_item_id = item.unique_batch_item_id.clone();
    let created = ctx
        .id_placeholder
        .as_deref()
        .filter(|_| ctx.id_placeholder != placeholder_before);
    super::audit::record(ctx.service, caller, ctx.version, item, created, &answer);
    answer
}

/// The encoded response, or, when it is larger than the request header's Maximum Response Size,
/// each batch item answered Response Too Large instead (KMIP 1.0 §6.3 / 2.1 §9.1.1).
fn within_maximum_size(response: ResponseMessage, maximum: Option<i32>) -> Bytes {
    let encoded = response.to_bytes();
    let limit = maximum.and_then(|m| usize::try_from(m).ok());
    if limit.is_none_or(|limit| encoded.len() <= limit) {
        return encoded;
    }
    let batch_items = response
        .batch_items
        .iter()
        .map(|item| {
            let mut refused = ResponseBatchItem::failure(
                item.operation,
                ResultReason::RESPONSE_TOO_LARGE,
                format!(
                    "the response ({} bytes) is larger than the Maximum Response Size",
                    encoded.len()
                ),
            );
            refused.unique_batch_item_id = item.unique_batch_item_id.clone();
            refused
        })
        .collect();
    ResponseMessage {
        header: response.header,
        batch_items,
    }
    .to_bytes()
}
