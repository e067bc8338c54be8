//! The audit record of one KMIP batch item: the caller's certificate subject, the operation,
//! the object it named (or created), and the Result Reason when it failed. Recording only queues
//! the event ([`crate::audit::AuditLog::record_kmip`]); no lock of the request path is held.

use std::borrow::Cow;

use hsmgate_kmip::message::{ProtocolVersion, RequestBatchItem, ResponseBatchItem};
use hsmgate_kmip::ttlv::{Tag, Value};

use crate::audit::KmipEvent;
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

/// A name as an enumeration's `Display` writes it: the table's name, borrowed, or the value
/// in hex for one without a name.
fn display_name(name: Option<&'static str>, display: impl std::fmt::Display) -> Cow<'static, str> {
    match name {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(display.to_string()),
    }
}

/// Records one answered batch item. `created`: the ID Placeholder when this item changed it
/// (the object it created).
pub(super) fn record(
    service: &KeyService,
    caller: &Identity,
    version: ProtocolVersion,
    item: &RequestBatchItem,
    created: Option<&str>,
    answer: &ResponseBatchItem,
) {
    let operation = display_name(item.operation.name(), item.operation);
    let mut event = KmipEvent::new(caller.subject(), operation, (version.major, version.minor));
    if let Some(uid) = named_uid(item).or(created) {
        event = event.key_uid(uid);
    }
    if let Some(reason) = answer.result_reason {
        event = event.failed(display_name(reason.name(), reason));
    }
    service.audit().record_kmip(event);
}

#[cfg(test)]
mod tests {
    use hsmgate_kmip::spec::enums::{Operation, ResultReason};

    use super::*;

    #[test]
    fn names_are_spelled_as_display_spells_them() {
        for operation in [
            Operation::ENCRYPT,
            Operation::DISCOVER_VERSIONS,
            Operation(0x77),
        ] {
            assert_eq!(
                display_name(operation.name(), operation),
                operation.to_string()
            );
        }
        assert_eq!(
            display_name(Operation(0x77).name(), Operation(0x77)),
            "0x00000077"
        );
        let reason = ResultReason::PERMISSION_DENIED;
        assert_eq!(display_name(reason.name(), reason), reason.to_string());
    }
}
