//! Locate: the identifiers of the objects, among those the caller may locate, whose attributes
//! match the request's (KMIP 1.x Attribute list, KMIP 2.x Attributes structure).
//!
//! Located Items (KMIP 1.3 and later) is sent when the client pages through results (Offset
//! Items or Maximum Items) or when the server's own limit cut the list; the spec makes it
//! optional, and the OASIS 2.1 test cases expect plain Locates without it. The ID Placeholder is
//! set when exactly one identifier is returned and emptied otherwise, so that batched
//! operations after an ambiguous Locate fail instead of picking an object.

use hsmgate_kmip::message::payload::locate::{LocateRequest, LocateResponse};
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::LocateQuery;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    // KMIP 2.x makes Attributes required, but PyKMIP leaves it out when it has no criteria;
    // no Attributes means what an empty one means, so both are accepted.
    let request: LocateRequest = if ctx.version.is_v2()
        && matches!(payload.value, Value::Structure(_))
        && payload.child(Tag::ATTRIBUTES).is_none()
    {
        let mut children = payload.children().to_vec();
        children.push(Item::structure(Tag::ATTRIBUTES, Vec::new()));
        ctx.parse(&Item::structure(payload.tag, children))?
    } else {
        ctx.parse(payload)?
    };
    if request.object_group_member.is_some() {
        return Err(OpError::NotSupported("Locate by Object Group Member"));
    }
    // The typed payload refuses negative counts.
    let count = |value: Option<i32>| value.and_then(|v| usize::try_from(v).ok());
    let query = LocateQuery {
        criteria: request.attributes,
        offset: count(request.offset_items).unwrap_or(0),
        maximum: count(request.maximum_items),
        storage_status_mask: request.storage_status_mask.map(|m| m as u32),
        v1: !ctx.version.is_v2(),
    };
    let located = ctx.service.locate(ctx.caller, &query).await?;
    let paged = request.offset_items.is_some() || request.maximum_items.is_some();
    let located_items = ((paged || located.truncated) && ctx.version >= ProtocolVersion::V1_3)
        .then(|| i32::try_from(located.matched).unwrap_or(i32::MAX));
    ctx.id_placeholder = match located.uids.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    };
    ctx.answer(&LocateResponse {
        located_items,
        unique_identifiers: located.uids,
    })
}
