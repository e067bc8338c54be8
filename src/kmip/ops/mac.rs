//! MAC (single-shot): an HMAC computed by the HSM with a managed key.

use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::payload_fields::{opt_bytes, opt_parameters, opt_text, refuse_streaming};
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    refuse_streaming(
        payload,
        "streaming MAC (Init/Final Indicator, Correlation Value)",
    )?;
    let uid = ctx.target(opt_text(payload, Tag::UNIQUE_IDENTIFIER)?)?;
    let algorithm = opt_parameters(payload)?.and_then(|p| p.cryptographic_algorithm);
    let data = opt_bytes(payload, Tag::DATA)?
        .ok_or_else(|| OpError::InvalidMessage("MAC needs Data".into()))?;
    let mac = ctx.service.mac(ctx.caller, &uid, algorithm, data).await?;
    Ok(Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid)),
            Item::new(Tag::MAC_DATA, Value::ByteString(mac.into())),
        ],
    ))
}
