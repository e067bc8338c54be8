//! Check (KMIP 1.4 §4.10, 2.1 §6.1.6): may the caller use the object as the request says —
//! with this Cryptographic Usage Mask, for this Lease Time, this many more times?
//!
//! A Usage Limits Count passes when the object's Usage Limits leave at least that many uses (or
//! it has none); a Lease Time passes unless it is longer than the object's (the lease policy
//! it was made under, lease.rs). A usage mask that does not allow the use asked
//! is Incompatible Cryptographic Usage Mask for KMIP 2.x clients (the reason 2.0 added, which the
//! OASIS 2.1 test case BL-M-2 expects) and Permission Denied for 1.x clients, as the 1.x error
//! table gives it; any other failed check is Permission Denied.

use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Tag, Value};

use super::usage_limits::remaining;
use super::{KeyService, ServiceError};
use crate::identity::Identity;

/// What a Check asks about; `None` fields are not checked.
#[derive(Clone, Copy, Default, Debug)]
pub struct UsageCheck {
    pub usage_mask: Option<CryptographicUsageMask>,
    pub lease_time: Option<u32>,
    pub usage_limits_count: Option<i64>,
}

impl KeyService {
    /// Passes when the object may be used as `check` says.
    pub async fn check(
        &self,
        caller: &Identity,
        uid: &str,
        check: UsageCheck,
    ) -> Result<(), ServiceError> {
        let object = self.authorized(caller, uid, Operation::CHECK).await?;
        if let Some(mask) = check.usage_mask {
            if !object.usage_mask().contains(mask) {
                tracing::info!(uid, "Check: the usage mask does not allow the use asked");
                return Err(ServiceError::UsageNotAllowed(
                    "the Cryptographic Usage Mask does not allow the use asked",
                ));
            }
        }
        if let Some(asked) = check.lease_time {
            if let Some(Value::Interval(lease)) = object.attributes.get(Tag::LEASE_TIME) {
                if asked > *lease {
                    tracing::info!(uid, "Check: the lease asked is longer than the object's");
                    return Err(ServiceError::PermissionDenied);
                }
            }
        }
        if let (Some(asked), Some((left, _))) = (check.usage_limits_count, remaining(&object)) {
            if asked > left {
                tracing::info!(uid, "Check: more uses asked than the Usage Limits leave");
                return Err(ServiceError::PermissionDenied);
            }
        }
        Ok(())
    }
}
