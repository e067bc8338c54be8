//! What an object's dates say about its state and its use (KMIP 2.1 §4 date attributes and
//! the state transition table): the state is driven by the Activation and Deactivation Dates
//! when they pass, evaluated whenever the object is loaded for use, so no timer is needed; the
//! Process Start and Protect Stop Dates bound when a key may process (decrypt) and protect
//! (encrypt) data.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::State;
use hsmgate_kmip::ttlv::{Tag, Value};

use super::object::ManagedObject;
use super::ServiceError;

fn date(attributes: &Attributes, tag: Tag) -> Option<i64> {
    match attributes.get(tag) {
        Some(Value::DateTime(t)) => Some(*t),
        _ => None,
    }
}

fn passed(attributes: &Attributes, tag: Tag, now: i64) -> bool {
    date(attributes, tag).is_some_and(|t| t <= now)
}

/// The state a new object's dates put it in: Active once its Activation Date has passed,
/// Deactivated once its Deactivation Date has too, else Pre-Active.
pub fn state_from_dates(attributes: &Attributes, now: i64) -> State {
    let active = passed(attributes, Tag::ACTIVATION_DATE, now);
    let deactivated = passed(attributes, Tag::DEACTIVATION_DATE, now);
    match (active, deactivated) {
        (_, true) => State::DEACTIVATED,
        (true, false) => State::ACTIVE,
        (false, false) => State::PRE_ACTIVE,
    }
}

/// The state `state` moves to as of `now` by the dates alone: Pre-Active → Active when the
/// Activation Date passes, Pre-Active or Active → Deactivated when the Deactivation Date does.
/// Other states are left alone (a revoked or destroyed object stays so).
pub fn state_as_of(state: State, attributes: &Attributes, now: i64) -> State {
    match state {
        State::PRE_ACTIVE | State::ACTIVE if passed(attributes, Tag::DEACTIVATION_DATE, now) => {
            State::DEACTIVATED
        }
        State::PRE_ACTIVE if passed(attributes, Tag::ACTIVATION_DATE, now) => State::ACTIVE,
        other => other,
    }
}

/// Moves `object` to the state its dates put it in as of `now`; true when the state changed
/// (the caller saves it).
pub fn advance_by_dates(object: &mut ManagedObject, now: i64) -> bool {
    let state = object.state();
    let next = state_as_of(state, &object.attributes, now);
    if next == state {
        return false;
    }
    object.set(Tag::STATE, Value::Enumeration(next.0));
    object.set(Tag::LAST_CHANGE_DATE, Value::DateTime(now));
    true
}

/// Refuses to protect (encrypt) data after the Protect Stop Date, and to process (decrypt) it
/// before the Process Start Date.
pub fn require_usage_period(
    object: &ManagedObject,
    protect: bool,
    now: i64,
) -> Result<(), ServiceError> {
    if protect && passed(&object.attributes, Tag::PROTECT_STOP_DATE, now) {
        return Err(ServiceError::WrongState(
            "the key's Protect Stop Date has passed: it may no longer protect data",
        ));
    }
    if !protect && date(&object.attributes, Tag::PROCESS_START_DATE).is_some_and(|t| t > now) {
        return Err(ServiceError::WrongState(
            "the key's Process Start Date has not come: it may not process data yet",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsmgate_kmip::message::AttributeName;

    fn dates(list: &[(Tag, i64)]) -> Attributes {
        let mut a = Attributes::new();
        for (tag, t) in list {
            a.push(AttributeName::Tagged(*tag), Value::DateTime(*t));
        }
        a
    }

    #[test]
    fn dates_drive_the_state_forward_only() {
        let a = dates(&[(Tag::ACTIVATION_DATE, 100), (Tag::DEACTIVATION_DATE, 200)]);
        assert_eq!(state_from_dates(&a, 50), State::PRE_ACTIVE);
        assert_eq!(state_from_dates(&a, 100), State::ACTIVE);
        assert_eq!(state_from_dates(&a, 200), State::DEACTIVATED);
        assert_eq!(state_as_of(State::PRE_ACTIVE, &a, 150), State::ACTIVE);
        assert_eq!(state_as_of(State::ACTIVE, &a, 199), State::ACTIVE);
        assert_eq!(state_as_of(State::ACTIVE, &a, 200), State::DEACTIVATED);
        assert_eq!(state_as_of(State::PRE_ACTIVE, &a, 250), State::DEACTIVATED);
        // A revoked or destroyed object is not brought back by its dates.
        assert_eq!(state_as_of(State::COMPROMISED, &a, 250), State::COMPROMISED);
        assert_eq!(state_as_of(State::DESTROYED, &a, 150), State::DESTROYED);
        assert_eq!(
            state_as_of(State::PRE_ACTIVE, &Attributes::new(), 150),
            State::PRE_ACTIVE
        );
    }
}
