//! Create: a symmetric key generated inside the HSM.

use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::NewKey;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: CreateRequest = ctx.parse(payload)?;
    super::quantum_safe::check(&[&request.attributes])?;
    let object_type = request.object_type;
    let uid = ctx
        .service
        .create_symmetric_key(
            ctx.caller,
            NewKey {
                object_type,
                attributes: request.attributes,
            },
        )
        .await?;
    ctx.id_placeholder = Some(uid.clone());
    ctx.answer(&CreateResponse {
        object_type,
        unique_identifier: uid,
        implicit_attributes: None,
    })
}
