//! Usage Limits (KMIP 2.1 §4.53): a key may protect or process at most Usage Limits Total bytes
//! (unit Byte) or objects (unit Object); the server keeps what remains in Usage Limits Count
//! and refuses a use beyond it with Permission Denied. Encrypt and Decrypt count here.
//!
//! A use is taken from the count, and the count saved, before the HSM runs the operation, so a
//! crash or a failed operation can only under-use a key, never over-use it. Two uses racing on
//! one key may both read the same count: the limit is then exceeded by at most one use each.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::UsageLimitsUnit;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::object::{set_attribute, ManagedObject};
use super::{KeyService, ServiceError};

fn field(limits: &[Item], tag: Tag) -> Option<&Value> {
    limits.iter().find(|f| f.tag == tag).map(|f| &f.value)
}

/// Completes a new object's Usage Limits with its Usage Limits Count (all of the total left).
pub fn start_usage_count(attributes: &mut Attributes) {
    let Some(Value::Structure(limits)) = attributes.get(Tag::USAGE_LIMITS) else {
        return;
    };
    if field(limits, Tag::USAGE_LIMITS_COUNT).is_some() {
        return;
    }
    let Some(total) = field(limits, Tag::USAGE_LIMITS_TOTAL).cloned() else {
        return;
    };
    let mut limits = limits.clone();
    limits.push(Item::new(Tag::USAGE_LIMITS_COUNT, total));
    set_attribute(attributes, Tag::USAGE_LIMITS, Value::Structure(limits));
}

/// The uses left on `object`, if it has Usage Limits: (count, unit).
pub fn remaining(object: &ManagedObject) -> Option<(i64, UsageLimitsUnit)> {
    let Some(Value::Structure(limits)) = object.attributes.get(Tag::USAGE_LIMITS) else {
        return None;
    };
    let count = match field(limits, Tag::USAGE_LIMITS_COUNT)
        .or_else(|| field(limits, Tag::USAGE_LIMITS_TOTAL))
    {
        Some(Value::LongInteger(n)) => *n,
        _ => return None,
    };
    let unit = match field(limits, Tag::USAGE_LIMITS_UNIT) {
        Some(Value::Enumeration(raw)) => UsageLimitsUnit(*raw),
        _ => UsageLimitsUnit::OBJECT,
    };
    Some((count, unit))
}

impl KeyService {
    /// [`KeyService::take_usage`] on a shared object: copied only when it has Usage Limits.
    pub(super) async fn take_usage_shared(
        &self,
        object: &mut std::sync::Arc<ManagedObject>,
        bytes: usize,
    ) -> Result<(), ServiceError> {
        if remaining(object).is_none() {
            return Ok(());
        }
        self.take_usage(std::sync::Arc::make_mut(object), bytes)
            .await
    }

    /// Takes one use over `bytes` of data from `object`'s Usage Limits Count and saves it;
    /// Permission Denied when too little is left. Objects without Usage Limits pass.
    pub(super) async fn take_usage(
        &self,
        object: &mut ManagedObject,
        bytes: usize,
    ) -> Result<(), ServiceError> {
        let Some((count, unit)) = remaining(object) else {
            return Ok(());
        };
        let cost = if unit == UsageLimitsUnit::BYTE {
            i64::try_from(bytes).unwrap_or(i64::MAX)
        } else {
            1
        };
        if cost > count {
            tracing::info!(uid = object.uid(), "usage limits exhausted");
            return Err(ServiceError::PermissionDenied);
        }
        let Some(Value::Structure(limits)) = object.attributes.get(Tag::USAGE_LIMITS).cloned()
        else {
            return Ok(());
        };
        let mut limits: Vec<Item> = limits
            .into_iter()
            .filter(|f| f.tag != Tag::USAGE_LIMITS_COUNT)
            .collect();
        limits.push(Item::new(
            Tag::USAGE_LIMITS_COUNT,
            Value::LongInteger(count - cost),
        ));
        object.set(Tag::USAGE_LIMITS, Value::Structure(limits));
        self.save(object).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsmgate_kmip::message::AttributeName;

    #[test]
    fn the_count_starts_at_the_total() {
        let mut attributes = Attributes::new();
        attributes.push(
            AttributeName::Tagged(Tag::USAGE_LIMITS),
            Value::Structure(vec![
                Item::new(Tag::USAGE_LIMITS_TOTAL, Value::LongInteger(16)),
                Item::new(
                    Tag::USAGE_LIMITS_UNIT,
                    Value::Enumeration(UsageLimitsUnit::BYTE.0),
                ),
            ]),
        );
        start_usage_count(&mut attributes);
        let Some(Value::Structure(limits)) = attributes.get(Tag::USAGE_LIMITS) else {
            panic!("Usage Limits vanished");
        };
        assert_eq!(
            field(limits, Tag::USAGE_LIMITS_COUNT),
            Some(&Value::LongInteger(16))
        );
        // Without Usage Limits nothing is added.
        let mut none = Attributes::new();
        start_usage_count(&mut none);
        assert!(none.get(Tag::USAGE_LIMITS).is_none());
    }
}
