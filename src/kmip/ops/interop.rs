//! Interop (KMIP 2.0+): the markers a conformance test sends around each test case. The server
//! acknowledges Begin, End and Reset; it keeps no per-test state to reset.

use hsmgate_kmip::spec::enums::InteropFunction;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use crate::kmip::error::OpError;

pub fn run(payload: &Item) -> Result<Item, OpError> {
    let function = match payload.child(Tag::INTEROP_FUNCTION).map(|i| &i.value) {
        Some(Value::Enumeration(raw)) => InteropFunction(*raw),
        _ => {
            return Err(OpError::InvalidMessage(
                "Interop needs an Interop Function".into(),
            ))
        }
    };
    if ![
        InteropFunction::BEGIN,
        InteropFunction::END,
        InteropFunction::RESET,
    ]
    .contains(&function)
    {
        return Err(OpError::InvalidField(format!(
            "unknown Interop Function {function}"
        )));
    }
    match payload.child(Tag::INTEROP_IDENTIFIER).map(|i| &i.value) {
        Some(Value::TextString(id)) => tracing::info!(function = %function, test = %id, "interop"),
        _ => {
            return Err(OpError::InvalidMessage(
                "Interop needs an Interop Identifier".into(),
            ))
        }
    }
    Ok(Item::structure(Tag::RESPONSE_PAYLOAD, Vec::new()))
}
