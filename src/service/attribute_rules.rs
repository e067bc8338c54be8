//! Which attributes a client may edit, and which may have several instances (KMIP 1.4 §3 and
//! KMIP 2.1 §4, the "Modifiable by client", "Deletable by client" and "Multiple instances
//! permitted" rows of each attribute's rules table).
//!
//! The list of client-editable attributes is an allow-list on purpose: everything else (the
//! server-managed dates, State, the cryptographic shape of a key, Sensitive/Extractable whose
//! truth lives in the HSM) is refused as read-only, so a new attribute is read-only until someone
//! decides otherwise.

use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::ttlv::{ItemType, Tag, Value};

/// Standard attributes a client may add, modify and delete.
const CLIENT_EDITABLE: &[Tag] = &[
    Tag::NAME,
    Tag::CRYPTOGRAPHIC_PARAMETERS,
    Tag::OPERATION_POLICY_NAME,
    Tag::ACTIVATION_DATE,
    Tag::PROCESS_START_DATE,
    Tag::PROTECT_STOP_DATE,
    Tag::OBJECT_GROUP,
    Tag::LINK,
    Tag::APPLICATION_SPECIFIC_INFORMATION,
    Tag::CONTACT_INFORMATION,
    Tag::ALTERNATIVE_NAME,
    Tag::PKCS_12_FRIENDLY_NAME,
    Tag::DESCRIPTION,
    Tag::COMMENT,
    Tag::ROTATE_INTERVAL,
    Tag::ROTATE_AUTOMATIC,
    Tag::ROTATE_OFFSET,
    Tag::ROTATE_NAME,
];

/// Standard attributes that may have more than one instance.
const MULTI_VALUED: &[Tag] = &[
    Tag::NAME,
    Tag::CRYPTOGRAPHIC_PARAMETERS,
    Tag::DIGEST,
    Tag::OBJECT_GROUP,
    Tag::LINK,
    Tag::APPLICATION_SPECIFIC_INFORMATION,
    Tag::ALTERNATIVE_NAME,
    Tag::KEY_VALUE_LOCATION,
    Tag::CERTIFICATE_IDENTIFIER,
    Tag::CERTIFICATE_SUBJECT,
    Tag::CERTIFICATE_ISSUER,
];

/// Dates that may only change while the object is Pre-Active: once a date has passed, the
/// state it governs has been entered.
pub const PRE_ACTIVE_ONLY: &[Tag] = &[
    Tag::ACTIVATION_DATE,
    Tag::PROCESS_START_DATE,
    Tag::PROTECT_STOP_DATE,
];

/// Whether a client may add, modify or delete this attribute. Custom attributes are the
/// client's, except the `y-` ones (vendor `y`), which the server owns.
pub fn client_editable(name: &AttributeName) -> bool {
    match name {
        AttributeName::Tagged(tag) => CLIENT_EDITABLE.contains(tag),
        AttributeName::Vendor { vendor, .. } => vendor != "y",
    }
}

/// Whether the attribute may have several instances. Custom attributes may.
pub fn multi_valued(name: &AttributeName) -> bool {
    match name {
        AttributeName::Tagged(tag) => MULTI_VALUED.contains(tag),
        AttributeName::Vendor { .. } => true,
    }
}

/// The fields of the structured attributes a client may set: (field, type, required).
fn structure_fields(tag: Tag) -> Option<&'static [(Tag, ItemType, bool)]> {
    const NAME: &[(Tag, ItemType, bool)] = &[
        (Tag::NAME_VALUE, ItemType::TextString, true),
        (Tag::NAME_TYPE, ItemType::Enumeration, true),
    ];
    const LINK: &[(Tag, ItemType, bool)] = &[
        (Tag::LINK_TYPE, ItemType::Enumeration, true),
        (Tag::LINKED_OBJECT_IDENTIFIER, ItemType::TextString, true),
    ];
    const APPLICATION: &[(Tag, ItemType, bool)] = &[
        (Tag::APPLICATION_NAMESPACE, ItemType::TextString, true),
        (Tag::APPLICATION_DATA, ItemType::TextString, false),
    ];
    const ALTERNATIVE_NAME: &[(Tag, ItemType, bool)] = &[
        (Tag::ALTERNATIVE_NAME_VALUE, ItemType::TextString, true),
        (Tag::ALTERNATIVE_NAME_TYPE, ItemType::Enumeration, true),
    ];
    match tag {
        Tag::NAME => Some(NAME),
        Tag::LINK => Some(LINK),
        Tag::APPLICATION_SPECIFIC_INFORMATION => Some(APPLICATION),
        Tag::ALTERNATIVE_NAME => Some(ALTERNATIVE_NAME),
        _ => None,
    }
}

/// Checks the shape of a client-supplied value of a structured attribute (the message layer
/// has checked the item type of every standard attribute already). Returns why it is wrong.
pub fn check_value(name: &AttributeName, value: &Value) -> Result<(), String> {
    let AttributeName::Tagged(tag) = name else {
        return Ok(());
    };
    let Some(fields) = structure_fields(*tag) else {
        return Ok(());
    };
    let Value::Structure(children) = value else {
        return Err(format!("{} must be a structure", display_name(name)));
    };
    for child in children {
        let known = fields
            .iter()
            .find(|(field, _, _)| *field == child.tag)
            .is_some_and(|(_, item_type, _)| child.value.item_type() == *item_type);
        let repeated = children.iter().filter(|c| c.tag == child.tag).count() > 1;
        if !known || repeated {
            return Err(format!("{} has an unexpected field", display_name(name)));
        }
    }
    for (field, _, required) in fields {
        if *required && !children.iter().any(|c| c.tag == *field) {
            return Err(format!(
                "{} lacks {}",
                display_name(name),
                field.name().unwrap_or("a field")
            ));
        }
    }
    Ok(())
}

/// The attribute's name for messages: the spec name, `x-Foo`, or `vendor:Foo`.
pub fn display_name(name: &AttributeName) -> String {
    if let Some(v1) = name.v1_name() {
        return v1;
    }
    match name {
        AttributeName::Tagged(tag) => tag
            .name()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("0x{:06X}", tag.value())),
        AttributeName::Vendor { vendor, name } => format!("{vendor}:{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor(vendor: &str) -> AttributeName {
        AttributeName::Vendor {
            vendor: vendor.into(),
            name: "Foo".into(),
        }
    }

    #[test]
    fn server_managed_attributes_are_read_only() {
        for tag in [
            Tag::STATE,
            Tag::UNIQUE_IDENTIFIER,
            Tag::CRYPTOGRAPHIC_ALGORITHM,
            Tag::LAST_CHANGE_DATE,
            Tag::SENSITIVE,
            Tag::EXTRACTABLE,
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
        ] {
            assert!(!client_editable(&AttributeName::Tagged(tag)), "{tag:?}");
        }
        assert!(client_editable(&AttributeName::Tagged(Tag::DESCRIPTION)));
        assert!(client_editable(&vendor("x")));
        assert!(!client_editable(&vendor("y")));
    }

    #[test]
    fn names_links_and_custom_attributes_are_multi_valued() {
        assert!(multi_valued(&AttributeName::Tagged(Tag::NAME)));
        assert!(multi_valued(&vendor("x")));
        assert!(!multi_valued(&AttributeName::Tagged(Tag::DESCRIPTION)));
        assert_eq!(display_name(&vendor("x")), "x-Foo");
        assert_eq!(display_name(&vendor("acme")), "acme:Foo");
    }
}

#[cfg(test)]
mod value_tests {
    use hsmgate_kmip::ttlv::Item;

    use super::*;

    #[test]
    fn structured_values_need_their_fields_and_nothing_else() {
        let name = AttributeName::Tagged(Tag::NAME);
        let value = |children| Value::Structure(children);
        let name_value = Item::new(Tag::NAME_VALUE, Value::TextString("k".into()));
        let name_type = Item::new(Tag::NAME_TYPE, Value::Enumeration(1));
        assert!(check_value(&name, &value(vec![name_value.clone(), name_type.clone()])).is_ok());
        assert!(check_value(&name, &value(vec![name_value.clone()])).is_err());
        assert!(check_value(
            &name,
            &value(vec![
                name_value.clone(),
                name_value.clone(),
                name_type.clone()
            ])
        )
        .is_err());
        let wrong_type = Item::new(Tag::NAME_TYPE, Value::Integer(1));
        assert!(check_value(&name, &value(vec![name_value, wrong_type])).is_err());
        assert!(check_value(&name, &Value::TextString("k".into())).is_err());
        let custom = AttributeName::Vendor {
            vendor: "x".into(),
            name: "Any".into(),
        };
        assert!(check_value(&custom, &Value::Integer(3)).is_ok());
    }
}
