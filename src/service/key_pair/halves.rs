//! The attributes of each half of a new key pair: the client's own attributes completed with
//! the common ones, then those the server sets (identifiers, type, length, state, dates,
//! Sensitive/Extractable and their "always/never" twins, the link to the other half).

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{KeyFormatType, ObjectType};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Tag, Value};

use crate::service::object::set_attribute;

/// `own` completed with the common attributes it does not set itself.
pub(super) fn merged(common: &Attributes, own: &Attributes) -> Attributes {
    let mut out = own.clone();
    for attribute in common.iter() {
        if own.iter().all(|a| a.name != attribute.name) {
            out.push(attribute.name.clone(), attribute.value.clone());
        }
    }
    out
}

/// The attributes the server sets on one half.
pub(super) struct Half<'a> {
    pub(super) uid: &'a str,
    pub(super) object_type: ObjectType,
    pub(super) sensitive: bool,
    pub(super) extractable: bool,
    pub(super) usage: CryptographicUsageMask,
    pub(super) link: Value,
}

/// `attributes` (the client's, merged) completed with what the server sets on `half`.
pub(super) fn complete(
    mut attributes: Attributes,
    half: Half<'_>,
    bits: i32,
    now: i64,
) -> Attributes {
    let state = crate::service::dates::state_from_dates(&attributes, now);
    crate::service::create::add_hsm_rng(&mut attributes);
    if attributes.get(Tag::CRYPTOGRAPHIC_USAGE_MASK).is_none() {
        attributes.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            Value::Integer(half.usage.0 as i32),
        );
    }
    for (tag, value) in [
        (
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(half.uid.to_owned()),
        ),
        (
            Tag::SHORT_UNIQUE_IDENTIFIER,
            crate::service::create::short_unique_identifier(half.uid),
        ),
        (Tag::OBJECT_TYPE, Value::Enumeration(half.object_type.0)),
        (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits)),
        (Tag::STATE, Value::Enumeration(state.0)),
        (Tag::INITIAL_DATE, Value::DateTime(now)),
        (Tag::LAST_CHANGE_DATE, Value::DateTime(now)),
        (Tag::ORIGINAL_CREATION_DATE, Value::DateTime(now)),
        (Tag::SENSITIVE, Value::Boolean(half.sensitive)),
        (Tag::EXTRACTABLE, Value::Boolean(half.extractable)),
        (Tag::ALWAYS_SENSITIVE, Value::Boolean(half.sensitive)),
        (Tag::NEVER_EXTRACTABLE, Value::Boolean(!half.extractable)),
    ] {
        set_attribute(&mut attributes, tag, value);
    }
    attributes.push(AttributeName::Tagged(Tag::LINK), half.link);
    if attributes.get(Tag::FRESH).is_none() {
        attributes.push(AttributeName::Tagged(Tag::FRESH), Value::Boolean(true));
    }
    attributes
}

/// The Key Format Type the half is held in, unless the client named one.
pub(super) fn add_default_format(attributes: &mut Attributes, format: KeyFormatType) {
    if attributes.get(Tag::KEY_FORMAT_TYPE).is_none() {
        attributes.push(
            AttributeName::Tagged(Tag::KEY_FORMAT_TYPE),
            Value::Enumeration(format.0),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_attributes_win_over_common_ones() {
        let mut common = Attributes::new();
        common.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
            Value::Integer(2048),
        );
        common.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            Value::Integer(3),
        );
        let mut own = Attributes::new();
        own.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            Value::Integer(1),
        );
        let m = merged(&common, &own);
        assert_eq!(
            m.get(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            Some(&Value::Integer(1))
        );
        assert_eq!(
            m.get(Tag::CRYPTOGRAPHIC_LENGTH),
            Some(&Value::Integer(2048))
        );
    }
}
