//! Log (KMIP 2.0+): a client's message written to the server's log, attributed to the caller.

use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::OpContext;
use crate::kmip::error::OpError;

/// Longest message kept; the rest is cut so a client cannot flood the log.
const MAX_LOGGED: usize = 1024;

pub fn run(payload: &Item, ctx: &OpContext<'_>) -> Result<Item, OpError> {
    match payload.child(Tag::LOG_MESSAGE).map(|i| &i.value) {
        Some(Value::TextString(message)) => {
            let message: String = message.chars().take(MAX_LOGGED).collect();
            tracing::info!(caller = %ctx.caller, message = %message.escape_debug(), "client log");
            Ok(Item::structure(Tag::RESPONSE_PAYLOAD, Vec::new()))
        }
        _ => Err(OpError::InvalidMessage("Log needs a Log Message".into())),
    }
}
