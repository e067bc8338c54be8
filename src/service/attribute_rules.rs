//! Which attributes a client may edit, and which may have several instances (KMIP 1.4 §3 and
//! KMIP 2.1 §4, the "Modifiable by client", "Deletable by client" and "Multiple instances
//! permitted" rows of each attribute's rules table).
//!
//! The list of client-editable attributes is an allow-list on purpose: everything else (the
//! server-managed dates, State, the cryptographic shape of a key, Sensitive/Extractable whose
//! truth lives in the HSM) is refused as read-only, so a new attribute is read-only until someone
//! decides otherwise.

use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::ttlv::Tag;

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
