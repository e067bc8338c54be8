//! Revoke: Deactivated, or Compromised for a compromise reason.

use hsmgate_kmip::message::payload::revoke::{RevokeRequest, RevokeResponse};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: RevokeRequest = ctx.parse(payload)?;
    let uid = ctx.target(request.unique_identifier)?;
    let reason = request.revocation_reason;
    ctx.service
        .revoke(
            ctx.caller,
            &uid,
            reason.code,
            reason.message,
            request.compromise_occurrence_date,
        )
        .await?;
    ctx.answer(&RevokeResponse {
        unique_identifier: uid,
    })
}
