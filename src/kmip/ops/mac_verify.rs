//! MAC Verify (single-shot): the HSM checks a MAC; the answer is a Validity Indicator.

use hsmgate_kmip::message::payload::mac_verify::MacVerifyResponse;
use hsmgate_kmip::spec::enums::ValidityIndicator;
use hsmgate_kmip::ttlv::{Item, Tag};

use super::payload_fields::{opt_bytes, opt_parameters, opt_text, refuse_streaming};
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    refuse_streaming(
        payload,
        "streaming MAC Verify (Init/Final Indicator, Correlation Value)",
    )?;
    let uid = ctx.target(opt_text(payload, Tag::UNIQUE_IDENTIFIER)?)?;
    let algorithm = opt_parameters(payload)?.and_then(|p| p.cryptographic_algorithm);
    let data = opt_bytes(payload, Tag::DATA)?
        .ok_or_else(|| OpError::InvalidMessage("MAC Verify needs Data".into()))?;
    let mac = opt_bytes(payload, Tag::MAC_DATA)?
        .ok_or_else(|| OpError::InvalidMessage("MAC Verify needs MAC Data".into()))?;
    let valid = ctx
        .service
        .verify_mac(ctx.caller, &uid, algorithm, data, mac)
        .await?;
    ctx.answer(&MacVerifyResponse {
        unique_identifier: uid,
        validity_indicator: match valid {
            true => ValidityIndicator::VALID,
            false => ValidityIndicator::INVALID,
        },
        correlation_value: None,
    })
}
