//! The audit record of one KMIP batch item: the caller's certificate subject, the operation,
//! the object it named (or created), and the Result Reason when it failed. Recording only queues
//! the event ([`crate::audit::AuditLog::record`]); no lock of the request path is held.

use hsmgate_kmip::message::{ProtocolVersion, RequestBatchItem, ResponseBatchItem};
use hsmgate_kmip::spec::enums::Operation;
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

/// The operation's name as its `Display` writes it, without going through a formatter for the
/// named ones (every operation this server runs).
fn operation_name(operation: Operation) -> String {
    match operation.name() {
        Some(name) => name.to_owned(),
        None => operation.to_string(),
    }
}

/// The version as its `Display` writes it (`2.1`); the versions served are spelled out, since
/// formatting two integers through `write!` cost more than the rest of the event's fields.
fn version_text(version: ProtocolVersion) -> String {
    let known = match (version.major, version.minor) {
        (1, 0) => "1.0",
        (1, 1) => "1.1",
        (1, 2) => "1.2",
        (1, 3) => "1.3",
        (1, 4) => "1.4",
        (2, 0) => "2.0",
        (2, 1) => "2.1",
        _ => return version.to_string(),
    };
    known.to_owned()
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
    let mut event = AuditEvent::new(
        FrontEnd::Kmip,
        caller.subject(),
        operation_name(item.operation),
    )
    .detail("protocolVersion", version_text(version));
    if let Some(uid) = named_uid(item).or(created) {
        event = event.key_uid(uid);
    }
    if let Some(reason) = answer.result_reason {
        event = event.failed(reason.to_string());
    }
    service.audit().record(event);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spelled_as_display_spells_them() {
        for version in ProtocolVersion::SUPPORTED
            .into_iter()
            .chain([ProtocolVersion::new(3, 0), ProtocolVersion::new(1, 12)])
        {
            assert_eq!(version_text(version), version.to_string());
        }
        for operation in [
            Operation::ENCRYPT,
            Operation::DISCOVER_VERSIONS,
            Operation(0x77),
        ] {
            assert_eq!(operation_name(operation), operation.to_string());
        }
        assert_eq!(operation_name(Operation(0x77)), "0x00000077");
    }
}
