//! Obtain Lease: how long the client may keep using its copy of an Active object, and the
//! Last Change Date that lease holds for (see `service::lease`).

use hsmgate_kmip::message::payload::obtain_lease::{ObtainLeaseRequest, ObtainLeaseResponse};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: ObtainLeaseRequest = ctx.parse(payload)?;
    let uid = ctx.target(request.unique_identifier)?;
    let lease = ctx.service.obtain_lease(ctx.caller, &uid).await?;
    ctx.answer(&ObtainLeaseResponse {
        unique_identifier: uid,
        lease_time: lease.lease_time,
        last_change_date: lease.last_change_date,
    })
}
