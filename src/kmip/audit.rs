//! The audit record of one KMIP batch item: the caller's certificate subject, the operation,
//! the object it named (or created), and the Result Reason when it failed. Recording only queues
//! the event ([`crate::audit::AuditLog::record`]); no lock of the request path is held.

use hsmgate_kmip::message::{RequestBatchItem, ResponseBatchItem};
use hsmgate_kmip::ttlv::{Tag, Value};

use crate::audit::{AuditEvent, FrontEnd};
use crate::identity::Identity;
use crate::service::KeyService;

/// The Unique Identifier a request payload names directly, if any.
fn named_uid(item: &RequestBatchItem) -> Option<&str> {
    let Value::Structure(fields) = &item.payload.value else {
        return None;
    };
    fields
        .iter()
        .find_map(|field| match (&field.tag, &field.value) {
            (&Tag::UNIQUE_IDENTIFIER, Value::TextString(uid)) => Some(uid.as_str()),
            _ => None,
        })
}

/// Records one answered batch item. `created`: the ID Placeholder when this item changed it
/// (the object it created).
pub(super) fn record(
    service: &KeyService,
    caller: &Identity,
    version: impl std::fmt::Display,
    item: &RequestBatchItem,
    created: Option<&str>,
    answer: &ResponseBatchItem,
) {
    let mut event = AuditEvent::new(FrontEnd::Kmip, caller.subject(), item.operation.to_string())
        .detail("protocolVersion", version.to_string());
    if let Some(uid) = named_uid(item).or(created) {
        event = event.key_uid(uid);
    }
    if let Some(reason) = answer.result_reason {
        event = event.failed(reason.to_string());
    }
    service.audit().record(event);
}
