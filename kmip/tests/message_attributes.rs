//! Attributes in the KMIP 1.x and 2.x shapes: round trips through the one internal form, and
//! conversion between the versions.

use hsmgate_kmip::message::{
    attribute_names, AttributeName, Attributes, MessageError, ProtocolVersion,
};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

fn text(tag: Tag, s: &str) -> Item {
    Item::new(tag, Value::TextString(s.into()))
}

fn v1_attribute(name: &str, index: Option<i32>, value: Value) -> Item {
    let mut children = vec![text(Tag::ATTRIBUTE_NAME, name)];
    if let Some(index) = index {
        children.push(Item::new(Tag::ATTRIBUTE_INDEX, Value::Integer(index)));
    }
    children.push(Item::new(Tag::ATTRIBUTE_VALUE, value));
    Item::structure(Tag::ATTRIBUTE, children)
}

fn name_value(name: &str) -> Vec<Item> {
    vec![
        text(Tag::NAME_VALUE, name),
        Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
    ]
}

/// A 1.x Template-Attribute with the attributes of a typical AES key.
fn v1_template() -> Item {
    Item::structure(
        Tag::TEMPLATE_ATTRIBUTE,
        vec![
            v1_attribute(
                "Cryptographic Algorithm",
                None,
                Value::Enumeration(CryptographicAlgorithm::AES.0),
            ),
            v1_attribute("Cryptographic Length", None, Value::Integer(256)),
            v1_attribute("Cryptographic Usage Mask", None, Value::Integer(0x0C)),
            v1_attribute("Name", None, Value::Structure(name_value("first"))),
            v1_attribute("Name", Some(1), Value::Structure(name_value("second"))),
            v1_attribute("x-Barcode", None, Value::TextString("1234".into())),
            v1_attribute("Activation Date", None, Value::DateTime(1_700_000_000)),
        ],
    )
}

/// The same attributes in the 2.x shape.
fn v2_attributes() -> Item {
    Item::structure(
        Tag::ATTRIBUTES,
        vec![
            Item::new(
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::AES.0),
            ),
            Item::new(Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(256)),
            Item::new(Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(0x0C)),
            Item::structure(Tag::NAME, name_value("first")),
            Item::structure(Tag::NAME, name_value("second")),
            Item::structure(
                Tag::ATTRIBUTE,
                vec![
                    text(Tag::VENDOR_IDENTIFICATION, "x"),
                    text(Tag::ATTRIBUTE_NAME, "Barcode"),
                    text(Tag::ATTRIBUTE_VALUE, "1234"),
                ],
            ),
            Item::new(Tag::ACTIVATION_DATE, Value::DateTime(1_700_000_000)),
        ],
    )
}

#[test]
fn v1_round_trip() {
    let attributes = Attributes::from_template_attribute(&v1_template(), Tag::TEMPLATE_ATTRIBUTE)
        .expect("parse");
    assert_eq!(attributes.len(), 7);
    assert_eq!(
        attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Some(&Value::Enumeration(CryptographicAlgorithm::AES.0))
    );
    let names: Vec<u32> = attributes
        .all(&AttributeName::Tagged(Tag::NAME))
        .map(|a| a.index)
        .collect();
    assert_eq!(names, vec![0, 1]);
    let custom = AttributeName::Vendor {
        vendor: "x".into(),
        name: "Barcode".into(),
    };
    assert_eq!(attributes.all(&custom).count(), 1);
    assert_eq!(
        attributes.to_template_attribute(Tag::TEMPLATE_ATTRIBUTE),
        Ok(v1_template())
    );
}

#[test]
fn v2_round_trip() {
    let attributes = Attributes::from_v2(&v2_attributes(), Tag::ATTRIBUTES).expect("parse");
    assert_eq!(attributes.len(), 7);
    assert_eq!(
        attributes.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(256))
    );
    assert_eq!(attributes.to_v2(Tag::ATTRIBUTES), Ok(v2_attributes()));
}

#[test]
fn v1_and_v2_shapes_meet_in_one_internal_form() {
    let from_v1 =
        Attributes::from_template_attribute(&v1_template(), Tag::TEMPLATE_ATTRIBUTE).expect("v1");
    let from_v2 = Attributes::from_v2(&v2_attributes(), Tag::ATTRIBUTES).expect("v2");
    assert_eq!(from_v1, from_v2);
    assert_eq!(from_v1.to_v2(Tag::ATTRIBUTES), Ok(v2_attributes()));
    assert_eq!(
        from_v2.to_template_attribute(Tag::TEMPLATE_ATTRIBUTE),
        Ok(v1_template())
    );
}

#[test]
fn name_table_maps_both_ways() {
    let spec = attribute_names::by_name("Cryptographic Usage Mask").expect("known");
    assert_eq!(spec.tag, Tag::CRYPTOGRAPHIC_USAGE_MASK);
    assert_eq!(spec.value_type, ItemType::Integer);
    assert_eq!(
        attribute_names::by_tag(Tag::X_509_CERTIFICATE_SUBJECT).map(|s| s.name),
        Some("X.509 Certificate Subject")
    );
    assert_eq!(
        AttributeName::from_v1_name("PKCS#12 Friendly Name"),
        Ok(AttributeName::Tagged(Tag::PKCS_12_FRIENDLY_NAME))
    );
    assert_eq!(
        AttributeName::from_v1_name("y-Server Note"),
        Ok(AttributeName::Vendor {
            vendor: "y".into(),
            name: "Server Note".into()
        })
    );
    assert_eq!(
        AttributeName::from_v1_name("Cryptographic Colour"),
        Err(MessageError::UnknownAttributeName {
            name: "Cryptographic Colour".into()
        })
    );
    assert_eq!(
        AttributeName::from_v1_name("x-"),
        Err(MessageError::UnknownAttributeName { name: "x-".into() })
    );
    let long = "z".repeat(10_000);
    let Err(MessageError::UnknownAttributeName { name }) = AttributeName::from_v1_name(&long)
    else {
        panic!("unknown name accepted")
    };
    assert_eq!(name.len(), 64, "the error keeps a bounded prefix");
    // Every row's tag is unique, and so is every name.
    for (i, a) in attribute_names::ATTRIBUTES.iter().enumerate() {
        for b in &attribute_names::ATTRIBUTES[i + 1..] {
            assert_ne!(a.tag, b.tag, "{}", a.name);
            assert_ne!(a.name, b.name);
        }
    }
}

#[test]
fn attributes_missing_from_a_version_are_refused() {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::OPERATION_POLICY_NAME),
        Value::TextString("default".into()),
    );
    assert!(attributes
        .to_template_attribute(Tag::TEMPLATE_ATTRIBUTE)
        .is_ok());
    assert_eq!(
        attributes.to_v2(Tag::ATTRIBUTES),
        Err(MessageError::AttributeNotInVersion {
            tag: Tag::OPERATION_POLICY_NAME,
            version: ProtocolVersion::V2_0
        })
    );

    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::SHORT_UNIQUE_IDENTIFIER),
        Value::ByteString(vec![1, 2].into()),
    );
    assert!(matches!(
        attributes.to_v1_list(),
        Err(MessageError::AttributeNotInVersion { .. })
    ));

    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Vendor {
            vendor: "acme".into(),
            name: "Colour".into(),
        },
        Value::Integer(3),
    );
    assert!(attributes.to_v2(Tag::ATTRIBUTES).is_ok());
    assert!(matches!(
        attributes.to_v1_list(),
        Err(MessageError::AttributeNotInVersion { .. })
    ));
}

#[test]
fn value_types_are_checked() {
    let bad_v1 = Item::structure(
        Tag::TEMPLATE_ATTRIBUTE,
        vec![v1_attribute(
            "Cryptographic Length",
            None,
            Value::TextString("256".into()),
        )],
    );
    assert_eq!(
        Attributes::from_template_attribute(&bad_v1, Tag::TEMPLATE_ATTRIBUTE),
        Err(MessageError::WrongType {
            tag: Tag::CRYPTOGRAPHIC_LENGTH,
            expected: ItemType::Integer,
            found: ItemType::TextString
        })
    );
    let bad_v2 = Item::structure(
        Tag::ATTRIBUTES,
        vec![Item::new(Tag::OBJECT_TYPE, Value::Integer(2))],
    );
    assert!(matches!(
        Attributes::from_v2(&bad_v2, Tag::ATTRIBUTES),
        Err(MessageError::WrongType { .. })
    ));
    let ok_v2 = Item::structure(
        Tag::ATTRIBUTES,
        vec![Item::new(
            Tag::OBJECT_TYPE,
            Value::Enumeration(ObjectType::SYMMETRIC_KEY.0),
        )],
    );
    assert!(Attributes::from_v2(&ok_v2, Tag::ATTRIBUTES).is_ok());
}

#[test]
fn malformed_v1_attributes_are_rejected() {
    let no_value = Item::structure(
        Tag::ATTRIBUTE,
        vec![text(Tag::ATTRIBUTE_NAME, "Cryptographic Length")],
    );
    assert_eq!(
        Attributes::from_v1_list([&no_value]),
        Err(MessageError::MissingField {
            parent: Tag::ATTRIBUTE,
            field: Tag::ATTRIBUTE_VALUE
        })
    );
    let negative_index = v1_attribute("Name", Some(-1), Value::Structure(name_value("n")));
    assert!(matches!(
        Attributes::from_v1_list([&negative_index]),
        Err(MessageError::InvalidValue { tag, .. }) if tag == Tag::ATTRIBUTE_INDEX
    ));
    let template_reference = Item::structure(
        Tag::TEMPLATE_ATTRIBUTE,
        vec![Item::structure(Tag::NAME, name_value("tpl"))],
    );
    let err = Attributes::from_template_attribute(&template_reference, Tag::TEMPLATE_ATTRIBUTE)
        .unwrap_err();
    assert_eq!(
        err.class(),
        hsmgate_kmip::message::ErrorClass::OperationNotSupported
    );
    // A Common Template-Attribute is not accepted where a Template-Attribute is expected.
    let mut common = v1_template();
    common.tag = Tag::COMMON_TEMPLATE_ATTRIBUTE;
    assert!(matches!(
        Attributes::from_template_attribute(&common, Tag::TEMPLATE_ATTRIBUTE),
        Err(MessageError::UnexpectedTag { .. })
    ));
}

#[test]
fn many_instances_of_one_attribute_are_indexed_in_order() {
    let names: Vec<Item> = (0..10_000)
        .map(|i| Item::structure(Tag::NAME, name_value(&format!("n{i}"))))
        .collect();
    let item = Item::structure(Tag::ATTRIBUTES, names);
    let attributes = Attributes::from_v2(&item, Tag::ATTRIBUTES).expect("parse");
    assert_eq!(attributes.len(), 10_000);
    assert!(attributes
        .iter()
        .enumerate()
        .all(|(i, a)| a.index as usize == i));
    // In 1.x the index is explicit from the second instance on.
    let v1 = attributes.to_v1_list().expect("1.x");
    assert!(v1[0].child(Tag::ATTRIBUTE_INDEX).is_none());
    assert_eq!(
        v1[9_999].child(Tag::ATTRIBUTE_INDEX).map(|i| &i.value),
        Some(&Value::Integer(9_999))
    );
    assert_eq!(Attributes::from_v1_list(&v1), Ok(attributes));
}
