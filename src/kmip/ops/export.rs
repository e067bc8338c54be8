//! Export (KMIP 1.4 and later): an object as Get returns it (Key Format Type, Key Wrapping
//! Specification, the same refusals for sensitive or non-extractable keys) together with all
//! its attributes, so that another server can Import it. The caller needs both the Get and the
//! Get Attributes permission on the object.

use hsmgate_kmip::message::payload::export::{ExportRequest, ExportResponse};
use hsmgate_kmip::message::payload::get::GetRequestRef;
use hsmgate_kmip::ttlv::Item;

use super::get::key_object;
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: ExportRequest = ctx.parse(payload)?;
    let uid = ctx.target(request.unique_identifier.clone())?;
    let get = GetRequestRef {
        unique_identifier: Some(&uid),
        key_format_type: request.key_format_type,
        key_wrap_type: request.key_wrap_type,
        key_compression_type: request.key_compression_type,
        key_wrapping_specification: request.key_wrapping_specification.as_ref(),
    };
    let (object_type, object) = key_object(ctx, &uid, &get).await?;
    let mut attributes = ctx.service.attributes(ctx.caller, &uid, &[]).await?;
    // A KMIP 1.x client gets the attributes 1.x can name, as Get Attributes gives them.
    if !ctx.version.is_v2() {
        attributes.list.retain(|a| a.name.v1_name().is_some());
    }
    ctx.id_placeholder = Some(uid.clone());
    ctx.answer(&ExportResponse {
        object_type,
        unique_identifier: uid,
        attributes,
        object,
    })
}
