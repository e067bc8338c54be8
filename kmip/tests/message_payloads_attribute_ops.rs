//! Typed payloads of the attribute-editing operations (Get Attribute List, Add, Modify,
//! Delete and Set Attribute) and Check: round trips in the KMIP 1.4 and 2.1 shapes, what
//! each shape looks like, and the input each refuses.

use hsmgate_kmip::message::payload::add_attribute::{AddAttributeRequest, AddAttributeResponse};
use hsmgate_kmip::message::payload::check::{CheckLimits, CheckRequest, CheckResponse};
use hsmgate_kmip::message::payload::delete_attribute::{
    DeleteAttributeRequest, DeleteAttributeResponse,
};
use hsmgate_kmip::message::payload::get_attribute_list::{
    GetAttributeListRequest, GetAttributeListResponse,
};
use hsmgate_kmip::message::payload::modify_attribute::{
    ModifyAttributeRequest, ModifyAttributeResponse,
};
use hsmgate_kmip::message::payload::set_attribute::{SetAttributeRequest, SetAttributeResponse};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{Attribute, AttributeName, ErrorClass, MessageError, ProtocolVersion};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, State};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

const V1: ProtocolVersion = ProtocolVersion::V1_4;
const V2: ProtocolVersion = ProtocolVersion::V2_1;

/// Encodes in `version`, parses back, and checks both equal; returns the item.
fn round_trip<P: Payload + PartialEq + std::fmt::Debug>(
    payload: &P,
    version: ProtocolVersion,
) -> Item {
    let item = payload.to_item(version).expect("encode");
    assert_eq!(item.tag, P::TAG);
    let parsed = P::parse(&item, version).expect("parse");
    assert_eq!(&parsed, payload);
    assert_eq!(parsed.to_item(version).expect("re-encode"), item);
    item
}

fn text(value: &str) -> Value {
    Value::TextString(value.into())
}

fn vendor(name: &str) -> AttributeName {
    AttributeName::Vendor {
        vendor: "x".into(),
        name: name.into(),
    }
}

fn request_item(children: Vec<Item>) -> Item {
    Item::structure(Tag::REQUEST_PAYLOAD, children)
}

fn uid(id: &str) -> Item {
    Item::new(Tag::UNIQUE_IDENTIFIER, text(id))
}

#[test]
fn get_attribute_list_names_attributes_by_text_in_1x_and_by_reference_in_2x() {
    let request = GetAttributeListRequest {
        unique_identifier: Some("k1".into()),
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert_eq!(item.children().len(), 1);
    }
    assert_eq!(
        round_trip(&GetAttributeListRequest::default(), V2).children(),
        &[]
    );

    let response = GetAttributeListResponse {
        unique_identifier: "k1".into(),
        names: vec![
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
            vendor("Barcode"),
        ],
    };
    let v1 = round_trip(&response, V1);
    let names: Vec<_> = v1.children_with(Tag::ATTRIBUTE_NAME).collect();
    assert_eq!(names.len(), 2);
    assert_eq!(names[0].value, text("Cryptographic Algorithm"));
    assert_eq!(names[1].value, text("x-Barcode"));
    let v2 = round_trip(&response, V2);
    let references: Vec<_> = v2.children_with(Tag::ATTRIBUTE_REFERENCE).collect();
    assert_eq!(
        references[0].value,
        Value::Enumeration(Tag::CRYPTOGRAPHIC_ALGORITHM.value())
    );
    assert_eq!(
        references[1].child(Tag::ATTRIBUTE_NAME).map(|i| &i.value),
        Some(&text("Barcode"))
    );

    // A 2.x-only attribute has no 1.x name.
    let short = GetAttributeListResponse {
        unique_identifier: "k1".into(),
        names: vec![AttributeName::Tagged(Tag::SHORT_UNIQUE_IDENTIFIER)],
    };
    assert!(matches!(
        short.to_item(V1),
        Err(MessageError::AttributeNotInVersion { .. })
    ));
    // An unknown, non-custom 1.x name is refused.
    let unknown = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![uid("k1"), Item::new(Tag::ATTRIBUTE_NAME, text("Colour"))],
    );
    assert!(matches!(
        GetAttributeListResponse::parse(&unknown, V1),
        Err(MessageError::UnknownAttributeName { .. })
    ));
    // The identifier is required in the response.
    let no_uid = Item::structure(Tag::RESPONSE_PAYLOAD, vec![]);
    assert_eq!(
        GetAttributeListResponse::parse(&no_uid, V2),
        Err(MessageError::MissingField {
            parent: Tag::RESPONSE_PAYLOAD,
            field: Tag::UNIQUE_IDENTIFIER
        })
    );
}

#[test]
fn add_attribute_sends_an_attribute_in_1x_and_a_new_attribute_in_2x() {
    let request = AddAttributeRequest {
        unique_identifier: Some("k1".into()),
        attribute: Attribute::new(vendor("attribute1"), text("Value1")),
    };
    let v1 = round_trip(&request, V1);
    let attribute = v1.child(Tag::ATTRIBUTE).expect("1.x Attribute");
    assert_eq!(
        attribute.child(Tag::ATTRIBUTE_NAME).map(|i| &i.value),
        Some(&text("x-attribute1"))
    );
    assert!(v1.child(Tag::NEW_ATTRIBUTE).is_none());
    let v2 = round_trip(&request, V2);
    let new = v2.child(Tag::NEW_ATTRIBUTE).expect("2.x New Attribute");
    let vendor_attribute = new.child(Tag::ATTRIBUTE).expect("vendor attribute");
    assert_eq!(
        vendor_attribute
            .child(Tag::VENDOR_IDENTIFICATION)
            .map(|i| &i.value),
        Some(&text("x"))
    );

    // The server picks the index: a request never carries one.
    let mut indexed = request.clone();
    indexed.attribute.index = 3;
    let item = indexed.to_item(V1).expect("encode");
    assert!(item
        .child(Tag::ATTRIBUTE)
        .and_then(|a| a.child(Tag::ATTRIBUTE_INDEX))
        .is_none());

    // 1.x answers with the attribute as added (index included); 2.x only with the object.
    let mut added = Attribute::tagged(Tag::NAME, Value::Structure(vec![]));
    added.value = Value::Structure(vec![
        Item::new(Tag::NAME_VALUE, text("backup")),
        Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
    ]);
    added.index = 1;
    let response = AddAttributeResponse {
        unique_identifier: "k1".into(),
        attribute: Some(added),
    };
    let v1 = round_trip(&response, V1);
    assert_eq!(
        v1.child(Tag::ATTRIBUTE)
            .and_then(|a| a.child(Tag::ATTRIBUTE_INDEX))
            .map(|i| &i.value),
        Some(&Value::Integer(1))
    );
    let v2 = response.to_item(V2).expect("encode");
    assert_eq!(v2.children(), &[uid("k1")]);
    assert_eq!(
        AddAttributeResponse::parse(&v2, V2)
            .expect("parse")
            .attribute,
        None
    );
}

#[test]
fn add_attribute_refuses_malformed_input() {
    // 2.x: the New Attribute must hold exactly one attribute.
    let two = request_item(vec![Item::structure(
        Tag::NEW_ATTRIBUTE,
        vec![
            Item::new(Tag::DESCRIPTION, text("a")),
            Item::new(Tag::COMMENT, text("b")),
        ],
    )]);
    let err = AddAttributeRequest::parse(&two, V2).unwrap_err();
    assert_eq!(
        err,
        MessageError::InvalidValue {
            tag: Tag::NEW_ATTRIBUTE,
            reason: "must hold exactly one attribute"
        }
    );
    assert_eq!(err.class(), ErrorClass::InvalidField);
    let none = request_item(vec![Item::structure(Tag::NEW_ATTRIBUTE, vec![])]);
    assert!(matches!(
        AddAttributeRequest::parse(&none, V2),
        Err(MessageError::InvalidValue { .. })
    ));
    // A 1.x request is not a 2.x request.
    let v1 = AddAttributeRequest {
        unique_identifier: None,
        attribute: Attribute::tagged(Tag::DESCRIPTION, text("d")),
    }
    .to_item(V1)
    .expect("encode");
    assert_eq!(
        AddAttributeRequest::parse(&v1, V2),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::NEW_ATTRIBUTE
        })
    );
    // A value of the wrong type for the attribute.
    let wrong = request_item(vec![Item::structure(
        Tag::NEW_ATTRIBUTE,
        vec![Item::new(Tag::CRYPTOGRAPHIC_LENGTH, text("256"))],
    )]);
    assert_eq!(
        AddAttributeRequest::parse(&wrong, V2),
        Err(MessageError::WrongType {
            tag: Tag::CRYPTOGRAPHIC_LENGTH,
            expected: ItemType::Integer,
            found: ItemType::TextString
        })
    );
}

#[test]
fn modify_attribute_names_the_instance_by_index_in_1x_and_by_value_in_2x() {
    let mut second_name = Attribute::tagged(Tag::DESCRIPTION, text("new"));
    second_name.index = 2;
    let request = ModifyAttributeRequest {
        unique_identifier: Some("k1".into()),
        current_attribute: None,
        new_attribute: second_name.clone(),
    };
    let v1 = round_trip(&request, V1);
    assert_eq!(
        v1.child(Tag::ATTRIBUTE)
            .and_then(|a| a.child(Tag::ATTRIBUTE_INDEX))
            .map(|i| &i.value),
        Some(&Value::Integer(2))
    );
    // 2.x has no index: say which instance with Current Attribute instead.
    assert_eq!(
        request.to_item(V2),
        Err(MessageError::InvalidValue {
            tag: Tag::ATTRIBUTE_INDEX,
            reason: "KMIP 2.x has no Attribute Index; name the instance with Current Attribute"
        })
    );
    let by_value = ModifyAttributeRequest {
        unique_identifier: Some("k1".into()),
        current_attribute: Some(Attribute::tagged(Tag::DESCRIPTION, text("old"))),
        new_attribute: Attribute::tagged(Tag::DESCRIPTION, text("new")),
    };
    let v2 = round_trip(&by_value, V2);
    assert_eq!(
        v2.child(Tag::CURRENT_ATTRIBUTE)
            .and_then(|c| c.child(Tag::DESCRIPTION))
            .map(|i| &i.value),
        Some(&text("old"))
    );
    assert!(matches!(
        by_value.to_item(V1),
        Err(MessageError::InvalidValue {
            tag: Tag::CURRENT_ATTRIBUTE,
            ..
        })
    ));
    // State is a 2.x attribute value like any other (the server decides whether it may change).
    let state = ModifyAttributeRequest {
        unique_identifier: None,
        current_attribute: None,
        new_attribute: Attribute::tagged(Tag::STATE, Value::Enumeration(State::COMPROMISED.0)),
    };
    round_trip(&state, V2);

    let response = ModifyAttributeResponse {
        unique_identifier: "k1".into(),
        attribute: Some(second_name),
    };
    round_trip(&response, V1);
    assert_eq!(response.to_item(V2).expect("encode").children().len(), 1);
}

#[test]
fn delete_attribute_uses_name_and_index_in_1x_and_reference_or_value_in_2x() {
    let request = DeleteAttributeRequest {
        unique_identifier: Some("k1".into()),
        attribute_name: Some(vendor("attribute1")),
        attribute_index: Some(1),
        current_attribute: None,
    };
    let v1 = round_trip(&request, V1);
    assert_eq!(
        v1.child(Tag::ATTRIBUTE_NAME).map(|i| &i.value),
        Some(&text("x-attribute1"))
    );
    assert_eq!(
        v1.child(Tag::ATTRIBUTE_INDEX).map(|i| &i.value),
        Some(&Value::Integer(1))
    );
    assert!(matches!(
        request.to_item(V2),
        Err(MessageError::InvalidValue {
            tag: Tag::ATTRIBUTE_INDEX,
            ..
        })
    ));

    let by_reference = DeleteAttributeRequest {
        attribute_index: None,
        ..request.clone()
    };
    let v2 = round_trip(&by_reference, V2);
    assert!(v2.child(Tag::ATTRIBUTE_REFERENCE).is_some());
    round_trip(&by_reference, V1);

    let by_value = DeleteAttributeRequest {
        unique_identifier: None,
        attribute_name: None,
        attribute_index: None,
        current_attribute: Some(Attribute::tagged(
            Tag::CRYPTOGRAPHIC_ALGORITHM,
            Value::Enumeration(CryptographicAlgorithm::AES.0),
        )),
    };
    let v2 = round_trip(&by_value, V2);
    assert!(v2.child(Tag::CURRENT_ATTRIBUTE).is_some());
    assert!(matches!(
        by_value.to_item(V1),
        Err(MessageError::InvalidValue {
            tag: Tag::CURRENT_ATTRIBUTE,
            ..
        })
    ));

    // Neither a name nor a value: nothing says what to delete.
    assert_eq!(
        DeleteAttributeRequest::parse(&request_item(vec![uid("k1")]), V2),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::ATTRIBUTE_REFERENCE
        })
    );
    assert_eq!(
        DeleteAttributeRequest::parse(&request_item(vec![uid("k1")]), V1),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::ATTRIBUTE_NAME
        })
    );
    let negative = request_item(vec![
        Item::new(Tag::ATTRIBUTE_NAME, text("Name")),
        Item::new(Tag::ATTRIBUTE_INDEX, Value::Integer(-1)),
    ]);
    assert!(matches!(
        DeleteAttributeRequest::parse(&negative, V1),
        Err(MessageError::InvalidValue {
            tag: Tag::ATTRIBUTE_INDEX,
            ..
        })
    ));

    let response = DeleteAttributeResponse {
        unique_identifier: "k1".into(),
        attribute: Some(Attribute::new(vendor("attribute1"), text("Value1"))),
    };
    round_trip(&response, V1);
    let v2 = response.to_item(V2).expect("encode");
    assert!(v2.child(Tag::ATTRIBUTE).is_none());
}

#[test]
fn set_attribute_exists_only_in_2x() {
    let request = SetAttributeRequest {
        unique_identifier: Some("k1".into()),
        new_attribute: Attribute::tagged(Tag::DESCRIPTION, text("d")),
    };
    let v2 = round_trip(&request, V2);
    assert_eq!(
        v2.child(Tag::NEW_ATTRIBUTE)
            .and_then(|n| n.child(Tag::DESCRIPTION))
            .map(|i| &i.value),
        Some(&text("d"))
    );
    let err = request.to_item(V1).unwrap_err();
    assert!(matches!(
        err,
        MessageError::Unsupported {
            tag: Tag::OPERATION,
            ..
        }
    ));
    assert_eq!(err.class(), ErrorClass::OperationNotSupported);
    assert!(SetAttributeRequest::parse(&v2, V1).is_err());

    let response = SetAttributeResponse {
        unique_identifier: "k1".into(),
    };
    round_trip(&response, V2);
    assert!(response.to_item(V1).is_err());
}

#[test]
fn check_carries_long_integer_mask_and_interval_limits() {
    let request = CheckRequest {
        unique_identifier: Some("k1".into()),
        limits: CheckLimits {
            usage_limits_count: Some(500),
            cryptographic_usage_mask: Some(0x04),
            lease_time: Some(3600),
        },
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert_eq!(
            item.child(Tag::USAGE_LIMITS_COUNT).map(|i| &i.value),
            Some(&Value::LongInteger(500))
        );
        assert_eq!(
            item.child(Tag::LEASE_TIME).map(|i| &i.value),
            Some(&Value::Interval(3600))
        );
    }
    let response = CheckResponse {
        unique_identifier: "k1".into(),
        limits: CheckLimits {
            cryptographic_usage_mask: Some(0x08),
            ..CheckLimits::default()
        },
    };
    let item = round_trip(&response, V2);
    assert_eq!(item.children().len(), 2);

    let wrong_type = request_with(Tag::USAGE_LIMITS_COUNT, Value::Integer(5));
    assert_eq!(
        CheckRequest::parse(&wrong_type, V2),
        Err(MessageError::WrongType {
            tag: Tag::USAGE_LIMITS_COUNT,
            expected: ItemType::LongInteger,
            found: ItemType::Integer
        })
    );
    let negative = request_with(Tag::USAGE_LIMITS_COUNT, Value::LongInteger(-5));
    assert!(matches!(
        CheckRequest::parse(&negative, V2),
        Err(MessageError::InvalidValue { .. })
    ));
    let lease_as_integer = request_with(Tag::LEASE_TIME, Value::Integer(60));
    assert!(matches!(
        CheckRequest::parse(&lease_as_integer, V1),
        Err(MessageError::WrongType {
            tag: Tag::LEASE_TIME,
            ..
        })
    ));
    let stray = request_with(Tag::DATA, Value::ByteString(bytes::Bytes::new()));
    assert_eq!(
        CheckRequest::parse(&stray, V2),
        Err(MessageError::UnexpectedField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::DATA
        })
    );
}

fn request_with(tag: Tag, value: Value) -> Item {
    request_item(vec![uid("k1"), Item::new(tag, value)])
}
