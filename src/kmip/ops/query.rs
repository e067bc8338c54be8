//! Query: what this server implements, answered truthfully from the same table that dispatches
//! operations.

use hsmgate_kmip::spec::enums::{ObjectType, Operation, QueryFunction};
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use crate::kmip::error::OpError;
use crate::kmip::versions::defines_operation;
use hsmgate_kmip::message::ProtocolVersion;

/// The object types Create, Create Key Pair and Register accept.
const SERVED_OBJECT_TYPES: [ObjectType; 6] = [
    ObjectType::SYMMETRIC_KEY,
    ObjectType::PUBLIC_KEY,
    ObjectType::PRIVATE_KEY,
    ObjectType::SECRET_DATA,
    ObjectType::OPAQUE_OBJECT,
    ObjectType::CERTIFICATE,
];

/// The Vendor Identification this server reports.
pub const VENDOR_IDENTIFICATION: &str = "hsmgate";

/// Answers the query functions asked for; functions about features this server does not have
/// answer with nothing, as the specification allows.
pub fn run(
    payload: &Item,
    implemented: &[Operation],
    version: ProtocolVersion,
) -> Result<Item, OpError> {
    let mut functions = Vec::new();
    for item in payload.children_with(Tag::QUERY_FUNCTION) {
        match item.value {
            Value::Enumeration(raw) => functions.push(QueryFunction(raw)),
            _ => {
                return Err(OpError::InvalidMessage(
                    "Query Function must be an Enumeration".into(),
                ))
            }
        }
    }
    let mut answer = Vec::new();
    if functions.contains(&QueryFunction::QUERY_OPERATIONS) {
        answer.extend(
            implemented
                .iter()
                .filter(|op| defines_operation(version, **op))
                .map(|op| Item::new(Tag::OPERATION, Value::Enumeration(op.0))),
        );
    }
    if functions.contains(&QueryFunction::QUERY_OBJECTS) {
        answer.extend(
            SERVED_OBJECT_TYPES
                .iter()
                .map(|t| Item::new(Tag::OBJECT_TYPE, Value::Enumeration(t.0))),
        );
    }
    if functions.contains(&QueryFunction::QUERY_SERVER_INFORMATION) {
        answer.push(Item::new(
            Tag::VENDOR_IDENTIFICATION,
            Value::TextString(VENDOR_IDENTIFICATION.into()),
        ));
        answer.push(Item::structure(
            Tag::SERVER_INFORMATION,
            vec![Item::new(
                Tag::SERVER_NAME,
                Value::TextString(format!("hsmgate {}", env!("CARGO_PKG_VERSION"))),
            )],
        ));
    }
    Ok(Item::structure(Tag::RESPONSE_PAYLOAD, answer))
}
