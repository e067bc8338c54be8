//! Signature Verify (single-shot) with a public key inside the HSM. A signature that does not
//! verify is a successful operation with Validity Indicator Invalid.

use hsmgate_kmip::message::payload::signature_verify::SignatureVerifyResponse;
use hsmgate_kmip::spec::enums::ValidityIndicator;
use hsmgate_kmip::ttlv::Item;

use super::sign::parse_request;
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request = parse_request(payload)?;
    let signature = request
        .signature
        .ok_or_else(|| OpError::InvalidMessage("Signature Verify needs Signature Data".into()))?;
    let uid = ctx.target(request.unique_identifier)?;
    let valid = ctx
        .service
        .verify(
            ctx.caller,
            &uid,
            request.parameters.as_ref(),
            request.data,
            signature,
        )
        .await?;
    ctx.answer(&SignatureVerifyResponse {
        unique_identifier: uid,
        validity_indicator: match valid {
            true => ValidityIndicator::VALID,
            false => ValidityIndicator::INVALID,
        },
        data: None,
        correlation_value: None,
    })
}
