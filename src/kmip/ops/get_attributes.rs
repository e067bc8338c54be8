//! Get Attributes: all of an object's attributes, or those named.

use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: GetAttributesRequest = ctx.parse(payload)?;
    let uid = ctx.target(request.unique_identifier)?;
    let mut attributes = ctx
        .service
        .attributes(ctx.caller, &uid, &request.names)
        .await?;
    // A KMIP 1.x client gets the attributes 1.x can name; the others do not exist for it.
    if !ctx.version.is_v2() {
        attributes.list.retain(|a| a.name.v1_name().is_some());
    }
    ctx.answer(&GetAttributesResponse {
        unique_identifier: uid,
        attributes,
    })
}
