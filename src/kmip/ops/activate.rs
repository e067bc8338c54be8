//! Activate: Pre-Active → Active.

use hsmgate_kmip::message::payload::activate::{ActivateRequest, ActivateResponse};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: ActivateRequest = ctx.parse(payload)?;
    let uid = ctx.target(request.unique_identifier)?;
    ctx.service.activate(ctx.caller, &uid).await?;
    ctx.answer(&ActivateResponse {
        unique_identifier: uid,
    })
}
