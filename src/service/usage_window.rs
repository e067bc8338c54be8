//! The dates that bound a key's use (KMIP 2.1 §4.28 Process Start Date, §4.32 Protect Stop
//! Date): before its Process Start Date a key may not process protected data (decrypt,
//! verify), and after its Protect Stop Date it may not apply protection (encrypt, sign).
//! Either refusal is a Wrong Key Lifecycle State, as the OASIS test cases (CS-AC-M-8,
//! CS-BC-M-14) show.

use hsmgate_kmip::ttlv::{Tag, Value};

use super::object::{now, ManagedObject};
use super::ServiceError;

/// Which side of protection an operation is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Use {
    /// Encrypt, Sign, Wrap, MAC: applying protection.
    Protect,
    /// Decrypt, Signature Verify, Unwrap, MAC Verify: processing protected data.
    Process,
}

fn date(object: &ManagedObject, tag: Tag) -> Option<i64> {
    match object.attributes.get(tag) {
        Some(Value::DateTime(t)) => Some(*t),
        _ => None,
    }
}

/// Refuses a use outside the key's window.
pub(super) fn check(object: &ManagedObject, usage: Use) -> Result<(), ServiceError> {
    check_at(object, usage, now())
}

fn check_at(object: &ManagedObject, usage: Use, now: i64) -> Result<(), ServiceError> {
    match usage {
        Use::Protect if date(object, Tag::PROTECT_STOP_DATE).is_some_and(|stop| now > stop) => Err(
            ServiceError::WrongState("the key's Protect Stop Date has passed"),
        ),
        Use::Process if date(object, Tag::PROCESS_START_DATE).is_some_and(|start| now < start) => {
            Err(ServiceError::WrongState(
                "the key's Process Start Date has not come",
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Material;
    use hsmgate_kmip::message::{AttributeName, Attributes};
    use hsmgate_kmip::spec::enums::ObjectType;

    fn key(dates: &[(Tag, i64)]) -> ManagedObject {
        let mut attributes = Attributes::new();
        for (tag, t) in dates {
            attributes.push(AttributeName::Tagged(*tag), Value::DateTime(*t));
        }
        ManagedObject::new(
            "k".into(),
            ObjectType::PRIVATE_KEY,
            "owner".into(),
            attributes,
            Material::Hsm {
                backend: "b".into(),
                id: b"k".to_vec(),
            },
        )
    }

    #[test]
    fn each_date_bounds_its_own_side() {
        let k = key(&[
            (Tag::PROCESS_START_DATE, 100),
            (Tag::PROTECT_STOP_DATE, 200),
        ]);
        assert!(check_at(&k, Use::Process, 99).is_err());
        assert!(check_at(&k, Use::Process, 100).is_ok());
        assert!(check_at(&k, Use::Process, 300).is_ok());
        assert!(check_at(&k, Use::Protect, 50).is_ok());
        assert!(check_at(&k, Use::Protect, 200).is_ok());
        assert!(matches!(
            check_at(&k, Use::Protect, 201),
            Err(ServiceError::WrongState(_))
        ));
        let open = key(&[]);
        assert!(check_at(&open, Use::Protect, i64::MAX).is_ok());
        assert!(check_at(&open, Use::Process, 0).is_ok());
    }
}
