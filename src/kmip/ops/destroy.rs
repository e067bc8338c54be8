//! Destroy: the key material is destroyed in the HSM; the metadata remains.

use hsmgate_kmip::message::payload::destroy::{DestroyRequest, DestroyResponse};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: DestroyRequest = ctx.parse(payload)?;
    let uid = ctx.target(request.unique_identifier)?;
    ctx.service.destroy(ctx.caller, &uid).await?;
    ctx.answer(&DestroyResponse {
        unique_identifier: uid,
    })
}
