//! Check: whether the object may be used with a Cryptographic Usage Mask, Lease Time and Usage
//! Limits Count (see `service::check`). Success answers the identifier and sets the ID
//! Placeholder; failure empties the ID Placeholder so the rest of the batch cannot use the
//! object. The failing fields are named in the Result Message rather than echoed in a payload.

use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::attribute_payload::{response, RequestFields};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{ServiceError, UsageCheck};

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let fields = RequestFields::new(
        payload,
        &[
            Tag::UNIQUE_IDENTIFIER,
            Tag::USAGE_LIMITS_COUNT,
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Tag::LEASE_TIME,
        ],
    )?;
    let wrong = |what: &str| OpError::InvalidField(format!("{what} has the wrong type"));
    let check = UsageCheck {
        usage_mask: match fields.get(Tag::CRYPTOGRAPHIC_USAGE_MASK).map(|i| &i.value) {
            None => None,
            Some(Value::Integer(mask)) => Some(CryptographicUsageMask(*mask as u32)),
            Some(_) => return Err(wrong("Cryptographic Usage Mask")),
        },
        lease_time: match fields.get(Tag::LEASE_TIME).map(|i| &i.value) {
            None => None,
            Some(Value::Interval(seconds)) => Some(*seconds),
            Some(_) => return Err(wrong("Lease Time")),
        },
        usage_limits_count: match fields.get(Tag::USAGE_LIMITS_COUNT).map(|i| &i.value) {
            None => None,
            Some(Value::LongInteger(count)) => Some(*count),
            Some(_) => return Err(wrong("Usage Limits Count")),
        },
    };
    let uid = ctx.target(fields.unique_identifier()?)?;
    if let Err(e) = ctx.service.check(ctx.caller, &uid, check).await {
        ctx.id_placeholder = None;
        return Err(match e {
            // KMIP 1.x has no Incompatible Cryptographic Usage Mask reason.
            ServiceError::UsageNotAllowed(why) if !ctx.version.is_v2() => OpError::Refused(why),
            other => other.into(),
        });
    }
    ctx.id_placeholder = Some(uid.clone());
    response(uid, None, ctx.version)
}
