//! Locate and the attribute operations end to end, on a real SoftHSM2 token over mutual TLS:
//! Locate by name, type, state, length, dates and custom attributes with Offset/Maximum Items and
//! the ID Placeholder; a second identity locating nothing of the first one's; Get Attribute
//! List; Add, Modify, Set and Delete Attribute with their refusals in KMIP 2.1, 1.4 and 1.1;
//! and the request sequence VMware vCenter sends in KMIP 1.1. Request shapes follow the OASIS
//! 2.1 test cases SKFF-M-9-21, TL-M-3-21, BL-M-5-21 and SASED-M-2-21.

mod common;

use bytes::Bytes;
use common::{
    ask, call, call_v21, client_config, connect, connect_admin, exchange, other_client,
    start_server,
};
use common::{failed, succeeded};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::locate::{LocateRequest, LocateResponse};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{
    AttributeName, Attributes, ProtocolVersion, RequestBatchItem, RequestHeader, RequestMessage,
    ResponseBatchItem, ResponseMessage,
};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, NameType, ObjectType, Operation, QueryFunction, ResultReason, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

type Stream = TlsStream<TcpStream>;

const V21: ProtocolVersion = ProtocolVersion::V2_1;
const V14: ProtocolVersion = ProtocolVersion::V1_4;
const V11: ProtocolVersion = ProtocolVersion::V1_1;

fn text(tag: Tag, value: &str) -> Item {
    Item::new(tag, Value::TextString(value.into()))
}

fn request(children: Vec<Item>) -> Item {
    Item::structure(Tag::REQUEST_PAYLOAD, children)
}

fn uid_item(uid: &str) -> Item {
    text(Tag::UNIQUE_IDENTIFIER, uid)
}

fn name_value(name: &str) -> Value {
    Value::Structure(vec![
        text(Tag::NAME_VALUE, name),
        Item::new(
            Tag::NAME_TYPE,
            Value::Enumeration(NameType::UNINTERPRETED_TEXT_STRING.0),
        ),
    ])
}

fn custom(name: &str) -> AttributeName {
    AttributeName::Vendor {
        vendor: "x".into(),
        name: name.into(),
    }
}

/// A KMIP 2.x `New Attribute` / `Current Attribute` holding one attribute.
fn one(tag: Tag, name: AttributeName, value: Value) -> Item {
    let mut attributes = Attributes::new();
    attributes.push(name, value);
    attributes.to_v2(tag).unwrap()
}

/// A KMIP 1.x Attribute structure.
fn v1_attribute(name: &str, index: Option<i32>, value: Value) -> Item {
    let mut children = vec![text(Tag::ATTRIBUTE_NAME, name)];
    if let Some(index) = index {
        children.push(Item::new(Tag::ATTRIBUTE_INDEX, Value::Integer(index)));
    }
    children.push(Item::new(Tag::ATTRIBUTE_VALUE, value));
    Item::structure(Tag::ATTRIBUTE, children)
}

async fn create(stream: &mut Stream, version: ProtocolVersion, name: &str, bits: i32) -> String {
    let mut attributes = Attributes::new();
    let tagged = AttributeName::Tagged;
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(tagged(Tag::CRYPTOGRAPHIC_LENGTH), Value::Integer(bits));
    let mask = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(mask.0 as i32),
    );
    attributes.push(tagged(Tag::NAME), name_value(name));
    let create = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    };
    let created: CreateResponse = ask(stream, version, &create).await;
    created.unique_identifier
}

async fn locate(
    stream: &mut Stream,
    version: ProtocolVersion,
    query: LocateRequest,
) -> LocateResponse {
    ask(stream, version, &query).await
}

fn query(attributes: Vec<(AttributeName, Value)>) -> LocateRequest {
    let mut criteria = Attributes::new();
    for (name, value) in attributes {
        criteria.push(name, value);
    }
    LocateRequest {
        attributes: criteria,
        ..LocateRequest::default()
    }
}

async fn attributes_of(stream: &mut Stream, version: ProtocolVersion, uid: &str) -> Attributes {
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.into()),
        names: Vec::new(),
    };
    let answer: GetAttributesResponse = ask(stream, version, &request).await;
    answer.attributes
}

async fn batch(
    stream: &mut Stream,
    version: ProtocolVersion,
    items: Vec<(Operation, Item)>,
) -> Vec<ResponseBatchItem> {
    let mut header = RequestHeader::new(version);
    header.batch_error_continuation_option =
        Some(hsmgate_kmip::spec::enums::BatchErrorContinuationOption::CONTINUE);
    let batch_items = items
        .into_iter()
        .enumerate()
        .map(|(n, (operation, payload))| {
            let mut item = RequestBatchItem::new(operation, payload);
            item.unique_batch_item_id = Some(Bytes::from(vec![n as u8 + 1]));
            item
        })
        .collect();
    let message = RequestMessage {
        header,
        batch_items,
    };
    let bytes = hsmgate_kmip::ttlv::to_bytes(&message.to_item());
    let response = exchange(stream, &bytes).await.unwrap();
    ResponseMessage::try_from(&response).unwrap().batch_items
}

fn values_of(attributes: &Attributes, name: AttributeName) -> Vec<Value> {
    attributes.all(&name).map(|a| a.value.clone()).collect()
}

fn names(list: &Item) -> Vec<Item> {
    list.children()
        .iter()
        .filter(|c| c.tag != Tag::UNIQUE_IDENTIFIER)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locate_matches_names_types_states_lengths_dates_and_pages() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    let alpha = create(&mut s, V21, "alpha", 256).await;
    let beta_old = create(&mut s, V21, "beta", 256).await;
    let beta_new = create(&mut s, V21, "beta", 128).await;
    let activate = request(vec![uid_item(&beta_old)]);
    succeeded(&call(&mut s, V21, Operation::ACTIVATE, activate).await);

    let tagged = AttributeName::Tagged;
    let symmetric = (
        tagged(Tag::OBJECT_TYPE),
        Value::Enumeration(ObjectType::SYMMETRIC_KEY.0),
    );
    // SKFF-M-9-21: Object Type and Name; one match, no Located Items.
    let found = locate(
        &mut s,
        V21,
        query(vec![
            symmetric.clone(),
            (tagged(Tag::NAME), name_value("alpha")),
        ]),
    )
    .await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&alpha));
    assert_eq!(found.located_items, None);
    // Two objects share a name: newest first.
    let found = locate(
        &mut s,
        V21,
        query(vec![(tagged(Tag::NAME), name_value("beta"))]),
    )
    .await;
    assert_eq!(
        found.unique_identifiers,
        [beta_new.clone(), beta_old.clone()]
    );
    // SASED-M-2-21: no match is an empty payload.
    let found = locate(
        &mut s,
        V21,
        query(vec![
            (tagged(Tag::NAME), name_value("alpha")),
            (
                tagged(Tag::OBJECT_TYPE),
                Value::Enumeration(ObjectType::SECRET_DATA.0),
            ),
        ]),
    )
    .await;
    assert_eq!(found, LocateResponse::default());

    let active = (tagged(Tag::STATE), Value::Enumeration(State::ACTIVE.0));
    let found = locate(&mut s, V21, query(vec![symmetric.clone(), active.clone()])).await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&beta_old));
    // The same in the KMIP 1.4 shape.
    let found = locate(&mut s, V14, query(vec![symmetric.clone(), active])).await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&beta_old));
    let short = (tagged(Tag::CRYPTOGRAPHIC_LENGTH), Value::Integer(128));
    let found = locate(&mut s, V21, query(vec![short])).await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&beta_new));
    // A usage mask matches objects whose mask contains it.
    let encrypt = (
        tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(CryptographicUsageMask::ENCRYPT.0 as i32),
    );
    assert_eq!(
        locate(&mut s, V21, query(vec![encrypt]))
            .await
            .unique_identifiers
            .len(),
        3
    );

    // Paging: Maximum Items and Offset Items, with Located Items counting every match.
    let mut paged = query(vec![symmetric.clone()]);
    paged.maximum_items = Some(2);
    let found = locate(&mut s, V21, paged.clone()).await;
    assert_eq!(
        found.unique_identifiers,
        [beta_new.clone(), beta_old.clone()]
    );
    assert_eq!(found.located_items, Some(3));
    paged.offset_items = Some(2);
    let found = locate(&mut s, V21, paged.clone()).await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&alpha));
    assert_eq!(found.located_items, Some(3));
    paged.offset_items = Some(5);
    assert!(locate(&mut s, V14, paged)
        .await
        .unique_identifiers
        .is_empty());

    // Dates: one instance is that date, two are a range.
    let initial = match attributes_of(&mut s, V21, &alpha)
        .await
        .get(Tag::INITIAL_DATE)
    {
        Some(Value::DateTime(date)) => *date,
        other => panic!("no Initial Date: {other:?}"),
    };
    let date = |d: i64| (tagged(Tag::INITIAL_DATE), Value::DateTime(d));
    let found = locate(
        &mut s,
        V21,
        query(vec![date(initial - 3600), date(initial + 3600)]),
    )
    .await;
    assert_eq!(found.unique_identifiers.len(), 3);
    let found = locate(&mut s, V21, query(vec![date(0), date(initial - 3600)])).await;
    assert!(found.unique_identifiers.is_empty());
    let found = locate(
        &mut s,
        V21,
        query(vec![
            date(initial),
            (tagged(Tag::NAME), name_value("alpha")),
        ]),
    )
    .await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&alpha));

    // A custom attribute, added over 2.1, located over 2.1 and (as x-Owner) over 1.4.
    let add = request(vec![
        uid_item(&alpha),
        one(
            Tag::NEW_ATTRIBUTE,
            custom("Owner"),
            Value::TextString("team-a".into()),
        ),
    ]);
    succeeded(&call(&mut s, V21, Operation::ADD_ATTRIBUTE, add).await);
    let owner = (custom("Owner"), Value::TextString("team-a".into()));
    for version in [V21, V14] {
        let found = locate(&mut s, version, query(vec![owner.clone()])).await;
        assert_eq!(
            found.unique_identifiers,
            std::slice::from_ref(&alpha),
            "{version}"
        );
    }

    // TL-M-3-21: a Locate that returns one object sets the ID Placeholder for the next item;
    // one that returns several empties it, so the next item fails rather than pick one.
    let alpha_query = query(vec![(tagged(Tag::NAME), name_value("alpha"))]);
    let beta_query = query(vec![(tagged(Tag::NAME), name_value("beta"))]);
    let answers = batch(
        &mut s,
        V21,
        vec![
            (Operation::LOCATE, alpha_query.to_item(V21).unwrap()),
            (Operation::GET_ATTRIBUTE_LIST, request(vec![])),
            (Operation::LOCATE, beta_query.to_item(V21).unwrap()),
            (Operation::GET_ATTRIBUTE_LIST, request(vec![])),
        ],
    )
    .await;
    let list = succeeded(&answers[1]);
    assert_eq!(
        list.child(Tag::UNIQUE_IDENTIFIER).map(|i| &i.value),
        Some(&Value::TextString(alpha.clone()))
    );
    succeeded(&answers[2]);
    failed(&answers[3], ResultReason::INVALID_MESSAGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_identity_locates_and_edits_none_of_the_first_ones_objects() {
    let server = start_server().await;
    let mut admin = connect_admin(&server).await;
    let first = create(&mut admin, V21, "shared-name", 256).await;
    let (cert, key) = other_client(&server.pki, "tenant-b");
    let mut tenant = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let everything = query(vec![]);
    let by_name = query(vec![(
        AttributeName::Tagged(Tag::NAME),
        name_value("shared-name"),
    )]);
    for version in [V21, V14] {
        assert!(locate(&mut tenant, version, everything.clone())
            .await
            .unique_identifiers
            .is_empty());
        assert!(locate(&mut tenant, version, by_name.clone())
            .await
            .unique_identifiers
            .is_empty());
    }
    // Nor can it touch them: they do not exist for it.
    let add = request(vec![
        uid_item(&first),
        one(
            Tag::NEW_ATTRIBUTE,
            custom("Mine"),
            Value::TextString("no".into()),
        ),
    ]);
    failed(
        &call(&mut tenant, V21, Operation::ADD_ATTRIBUTE, add).await,
        ResultReason::OBJECT_NOT_FOUND,
    );
    failed(
        &call(
            &mut tenant,
            V21,
            Operation::GET_ATTRIBUTE_LIST,
            request(vec![uid_item(&first)]),
        )
        .await,
        ResultReason::OBJECT_NOT_FOUND,
    );
    // Its own object it finds, and only that one.
    let own = create(&mut tenant, V21, "shared-name", 128).await;
    let found = locate(&mut tenant, V21, by_name.clone()).await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&own));
    // And the first identity still sees only its own (the test server has no administrator).
    let found = locate(&mut admin, V21, by_name).await;
    assert_eq!(found.unique_identifiers, [first]);
    assert_ne!(own, found.unique_identifiers[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_are_added_modified_set_and_deleted_in_kmip_2_1() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    let uid = create(&mut s, V21, "edited", 256).await;
    let before = attributes_of(&mut s, V21, &uid).await;
    let call21 = |op, children| (op, request(children));
    let description = AttributeName::Tagged(Tag::DESCRIPTION);

    // BL-M-5-21: a second Description is refused as single-valued.
    let (op, add) = call21(
        Operation::ADD_ATTRIBUTE,
        vec![
            uid_item(&uid),
            one(
                Tag::NEW_ATTRIBUTE,
                description.clone(),
                Value::TextString("This is opaque".into()),
            ),
        ],
    );
    let answer = call(&mut s, V21, op, add).await;
    assert_eq!(succeeded(&answer).children(), [uid_item(&uid)]);
    let add_again = request(vec![
        uid_item(&uid),
        one(
            Tag::NEW_ATTRIBUTE,
            description.clone(),
            Value::TextString("This is opaque duplicate".into()),
        ),
    ]);
    failed(
        &call(&mut s, V21, Operation::ADD_ATTRIBUTE, add_again).await,
        ResultReason::ATTRIBUTE_SINGLE_VALUED,
    );

    // SKFF-M-9-21: custom attributes added, modified without a Current Attribute (one
    // instance each), deleted by Attribute Reference.
    for (name, value) in [("attribute1", "Value1"), ("attribute2", "Value2")] {
        let add = request(vec![
            uid_item(&uid),
            one(
                Tag::NEW_ATTRIBUTE,
                custom(name),
                Value::TextString(value.into()),
            ),
        ]);
        succeeded(&call(&mut s, V21, Operation::ADD_ATTRIBUTE, add).await);
    }
    let modify = request(vec![
        uid_item(&uid),
        one(
            Tag::NEW_ATTRIBUTE,
            custom("attribute1"),
            Value::TextString("ModifiedValue1".into()),
        ),
    ]);
    succeeded(&call(&mut s, V21, Operation::MODIFY_ATTRIBUTE, modify).await);
    let attributes = attributes_of(&mut s, V21, &uid).await;
    assert_eq!(
        values_of(&attributes, custom("attribute1")),
        [Value::TextString("ModifiedValue1".into())]
    );
    assert_eq!(
        attributes.get(Tag::DESCRIPTION),
        Some(&Value::TextString("This is opaque".into()))
    );
    let last_change = |a: &Attributes| match a.get(Tag::LAST_CHANGE_DATE) {
        Some(Value::DateTime(d)) => *d,
        other => panic!("no Last Change Date: {other:?}"),
    };
    assert!(last_change(&attributes) >= last_change(&before));

    // Get Attribute List names custom attributes by Vendor Identification and Attribute Name.
    let list = call(
        &mut s,
        V21,
        Operation::GET_ATTRIBUTE_LIST,
        request(vec![uid_item(&uid)]),
    )
    .await;
    let listed = names(succeeded(&list));
    let reference = |tag: Tag| Item::new(Tag::ATTRIBUTE_REFERENCE, Value::Enumeration(tag.value()));
    let custom_reference = Item::structure(
        Tag::ATTRIBUTE_REFERENCE,
        vec![
            text(Tag::VENDOR_IDENTIFICATION, "x"),
            text(Tag::ATTRIBUTE_NAME, "attribute2"),
        ],
    );
    for expected in [
        reference(Tag::STATE),
        reference(Tag::NAME),
        reference(Tag::DESCRIPTION),
        custom_reference.clone(),
    ] {
        assert!(listed.contains(&expected), "{expected:?} not in {listed:?}");
    }
    assert_eq!(
        listed
            .iter()
            .filter(|i| **i == reference(Tag::NAME))
            .count(),
        1
    );

    for name in ["attribute1", "attribute2"] {
        let reference = Item::structure(
            Tag::ATTRIBUTE_REFERENCE,
            vec![
                text(Tag::VENDOR_IDENTIFICATION, "x"),
                text(Tag::ATTRIBUTE_NAME, name),
            ],
        );
        succeeded(
            &call(
                &mut s,
                V21,
                Operation::DELETE_ATTRIBUTE,
                request(vec![uid_item(&uid), reference]),
            )
            .await,
        );
    }
    let list = call(
        &mut s,
        V21,
        Operation::GET_ATTRIBUTE_LIST,
        request(vec![uid_item(&uid)]),
    )
    .await;
    assert!(!names(succeeded(&list)).contains(&custom_reference));
    let gone = request(vec![uid_item(&uid), custom_reference]);
    failed(
        &call(&mut s, V21, Operation::DELETE_ATTRIBUTE, gone).await,
        ResultReason::ATTRIBUTE_NOT_FOUND,
    );

    // Names: a second one is fine (multi-valued); modifying "the" Name is then ambiguous, and a
    // Current Attribute that matches no instance is refused.
    let name = AttributeName::Tagged(Tag::NAME);
    let add = request(vec![
        uid_item(&uid),
        one(Tag::NEW_ATTRIBUTE, name.clone(), name_value("edited-2")),
    ]);
    succeeded(&call(&mut s, V21, Operation::ADD_ATTRIBUTE, add).await);
    let ambiguous = request(vec![
        uid_item(&uid),
        one(Tag::NEW_ATTRIBUTE, name.clone(), name_value("renamed")),
    ]);
    failed(
        &call(&mut s, V21, Operation::MODIFY_ATTRIBUTE, ambiguous).await,
        ResultReason::MULTI_VALUED_ATTRIBUTE,
    );
    let wrong_current = request(vec![
        uid_item(&uid),
        one(
            Tag::CURRENT_ATTRIBUTE,
            name.clone(),
            name_value("no-such-name"),
        ),
        one(Tag::NEW_ATTRIBUTE, name.clone(), name_value("renamed")),
    ]);
    failed(
        &call(&mut s, V21, Operation::MODIFY_ATTRIBUTE, wrong_current).await,
        ResultReason::ATTRIBUTE_INSTANCE_NOT_FOUND,
    );
    let rename = request(vec![
        uid_item(&uid),
        one(Tag::CURRENT_ATTRIBUTE, name.clone(), name_value("edited-2")),
        one(Tag::NEW_ATTRIBUTE, name.clone(), name_value("renamed")),
    ]);
    succeeded(&call(&mut s, V21, Operation::MODIFY_ATTRIBUTE, rename).await);
    let drop_first = request(vec![
        uid_item(&uid),
        one(Tag::CURRENT_ATTRIBUTE, name.clone(), name_value("edited")),
    ]);
    succeeded(&call(&mut s, V21, Operation::DELETE_ATTRIBUTE, drop_first).await);
    let found = locate(
        &mut s,
        V21,
        query(vec![(name.clone(), name_value("renamed"))]),
    )
    .await;
    assert_eq!(found.unique_identifiers, std::slice::from_ref(&uid));
    assert!(
        locate(&mut s, V21, query(vec![(name, name_value("edited"))]))
            .await
            .unique_identifiers
            .is_empty()
    );

    // Read-only attributes: refused whatever the operation.
    let state = AttributeName::Tagged(Tag::STATE);
    let active = Value::Enumeration(State::ACTIVE.0);
    for op in [
        Operation::ADD_ATTRIBUTE,
        Operation::MODIFY_ATTRIBUTE,
        Operation::SET_ATTRIBUTE,
    ] {
        let edit = request(vec![
            uid_item(&uid),
            one(Tag::NEW_ATTRIBUTE, state.clone(), active.clone()),
        ]);
        failed(
            &call(&mut s, V21, op, edit).await,
            ResultReason::ATTRIBUTE_READ_ONLY,
        );
    }
    let length = Item::new(
        Tag::ATTRIBUTE_REFERENCE,
        Value::Enumeration(Tag::CRYPTOGRAPHIC_LENGTH.value()),
    );
    failed(
        &call(
            &mut s,
            V21,
            Operation::DELETE_ATTRIBUTE,
            request(vec![uid_item(&uid), length]),
        )
        .await,
        ResultReason::ATTRIBUTE_READ_ONLY,
    );
    let missing = request(vec![
        uid_item(&uid),
        one(
            Tag::NEW_ATTRIBUTE,
            AttributeName::Tagged(Tag::COMMENT),
            Value::TextString("c".into()),
        ),
    ]);
    failed(
        &call(&mut s, V21, Operation::MODIFY_ATTRIBUTE, missing).await,
        ResultReason::ATTRIBUTE_NOT_FOUND,
    );

    // Set Attribute adds, then replaces.
    for comment in ["first", "second"] {
        let set = request(vec![
            uid_item(&uid),
            one(
                Tag::NEW_ATTRIBUTE,
                AttributeName::Tagged(Tag::COMMENT),
                Value::TextString(comment.into()),
            ),
        ]);
        succeeded(&call(&mut s, V21, Operation::SET_ATTRIBUTE, set).await);
    }
    let attributes = attributes_of(&mut s, V21, &uid).await;
    assert_eq!(
        values_of(&attributes, AttributeName::Tagged(Tag::COMMENT)),
        [Value::TextString("second".into())]
    );

    // An Activation Date that has passed activates a Pre-Active key; then it is fixed.
    let activation = |date| {
        request(vec![
            uid_item(&uid),
            one(
                Tag::NEW_ATTRIBUTE,
                AttributeName::Tagged(Tag::ACTIVATION_DATE),
                Value::DateTime(date),
            ),
        ])
    };
    succeeded(&call(&mut s, V21, Operation::SET_ATTRIBUTE, activation(1_000_000)).await);
    let attributes = attributes_of(&mut s, V21, &uid).await;
    assert_eq!(
        attributes.get(Tag::STATE),
        Some(&Value::Enumeration(State::ACTIVE.0))
    );
    failed(
        &call(&mut s, V21, Operation::SET_ATTRIBUTE, activation(2_000_000)).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_are_added_modified_and_deleted_in_kmip_1_4_and_1_1() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    for version in [V14, V11] {
        let uid = create(&mut s, version, &format!("key-{version}"), 256).await;
        let v1 = |children| request(children);
        // Two instances of a custom attribute: indices 0 and 1, returned with the attribute.
        for (value, index) in [("one", None), ("two", Some(1))] {
            let add = v1(vec![
                uid_item(&uid),
                v1_attribute("x-Tag", None, Value::TextString(value.into())),
            ]);
            let answer = call(&mut s, version, Operation::ADD_ATTRIBUTE, add).await;
            let expected = request(vec![
                uid_item(&uid),
                v1_attribute("x-Tag", index, Value::TextString(value.into())),
            ]);
            assert_eq!(
                succeeded(&answer).children(),
                expected.children(),
                "{version}"
            );
        }
        let modify = v1(vec![
            uid_item(&uid),
            v1_attribute("x-Tag", Some(1), Value::TextString("TWO".into())),
        ]);
        let answer = call(&mut s, version, Operation::MODIFY_ATTRIBUTE, modify).await;
        let expected = v1_attribute("x-Tag", Some(1), Value::TextString("TWO".into()));
        assert_eq!(succeeded(&answer).child(Tag::ATTRIBUTE), Some(&expected));
        let delete = v1(vec![uid_item(&uid), text(Tag::ATTRIBUTE_NAME, "x-Tag")]);
        let answer = call(&mut s, version, Operation::DELETE_ATTRIBUTE, delete).await;
        let deleted = v1_attribute("x-Tag", None, Value::TextString("one".into()));
        assert_eq!(succeeded(&answer).child(Tag::ATTRIBUTE), Some(&deleted));
        let attributes = attributes_of(&mut s, version, &uid).await;
        assert_eq!(
            values_of(&attributes, custom("Tag")),
            [Value::TextString("TWO".into())],
            "{version}"
        );

        // Standard attributes: a Contact Information, then a second one is refused.
        let contact = |value: &str| {
            v1(vec![
                uid_item(&uid),
                v1_attribute("Contact Information", None, Value::TextString(value.into())),
            ])
        };
        succeeded(
            &call(
                &mut s,
                version,
                Operation::ADD_ATTRIBUTE,
                contact("ops@example.com"),
            )
            .await,
        );
        failed(
            &call(
                &mut s,
                version,
                Operation::ADD_ATTRIBUTE,
                contact("other@example.com"),
            )
            .await,
            ResultReason::ILLEGAL_OPERATION,
        );
        let modify = v1(vec![
            uid_item(&uid),
            v1_attribute(
                "Contact Information",
                None,
                Value::TextString("sec@example.com".into()),
            ),
        ]);
        succeeded(&call(&mut s, version, Operation::MODIFY_ATTRIBUTE, modify).await);
        let attributes = attributes_of(&mut s, version, &uid).await;
        assert_eq!(
            attributes.get(Tag::CONTACT_INFORMATION),
            Some(&Value::TextString("sec@example.com".into()))
        );

        // Refusals with the 1.x reasons.
        let state = v1(vec![
            uid_item(&uid),
            v1_attribute("State", None, Value::Enumeration(State::ACTIVE.0)),
        ]);
        failed(
            &call(&mut s, version, Operation::ADD_ATTRIBUTE, state).await,
            ResultReason::PERMISSION_DENIED,
        );
        let indexed = v1(vec![
            uid_item(&uid),
            v1_attribute("x-Other", Some(0), Value::TextString("v".into())),
        ]);
        failed(
            &call(&mut s, version, Operation::ADD_ATTRIBUTE, indexed).await,
            ResultReason::INVALID_FIELD,
        );
        let no_index = v1(vec![
            uid_item(&uid),
            v1_attribute("x-Tag", Some(7), Value::TextString("v".into())),
        ]);
        failed(
            &call(&mut s, version, Operation::MODIFY_ATTRIBUTE, no_index).await,
            ResultReason::ITEM_NOT_FOUND,
        );
        let no_attribute = v1(vec![uid_item(&uid), text(Tag::ATTRIBUTE_NAME, "Comment")]);
        failed(
            &call(&mut s, version, Operation::DELETE_ATTRIBUTE, no_attribute).await,
            ResultReason::ITEM_NOT_FOUND,
        );
        failed(
            &call(
                &mut s,
                version,
                Operation::SET_ATTRIBUTE,
                v1(vec![uid_item(&uid)]),
            )
            .await,
            ResultReason::OPERATION_NOT_SUPPORTED,
        );

        // Get Attribute List: Attribute Name text strings, 1.x names only.
        let list = call(
            &mut s,
            version,
            Operation::GET_ATTRIBUTE_LIST,
            v1(vec![uid_item(&uid)]),
        )
        .await;
        let listed = names(succeeded(&list));
        for expected in [
            "x-Tag",
            "State",
            "Name",
            "Contact Information",
            "Cryptographic Algorithm",
        ] {
            assert!(
                listed.contains(&text(Tag::ATTRIBUTE_NAME, expected)),
                "{expected} not in {listed:?}"
            );
        }
        assert!(listed.iter().all(|i| i.tag == Tag::ATTRIBUTE_NAME));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vcenter_kmip_1_1_sequence_succeeds() {
    // vCenter reads back the keys it creates: the operator enables that (`[keys]`).
    let server = common::start_server_with("[keys]\ncreated_keys_extractable = true\n").await;
    let mut s = connect_admin(&server).await;
    let versions = call(&mut s, V11, Operation::DISCOVER_VERSIONS, request(vec![])).await;
    assert!(succeeded(&versions).children().contains(&V11.to_item()));
    let functions = [
        QueryFunction::QUERY_OPERATIONS,
        QueryFunction::QUERY_OBJECTS,
    ]
    .map(|f| Item::new(Tag::QUERY_FUNCTION, Value::Enumeration(f.0)));
    let query = call(&mut s, V11, Operation::QUERY, request(functions.to_vec())).await;
    let operations = succeeded(&query).children().to_vec();
    for op in [
        Operation::CREATE,
        Operation::ADD_ATTRIBUTE,
        Operation::GET_ATTRIBUTES,
        Operation::ACTIVATE,
        Operation::LOCATE,
    ] {
        assert!(
            operations.contains(&Item::new(Tag::OPERATION, Value::Enumeration(op.0))),
            "{op}"
        );
    }

    let uid = create(&mut s, V11, "vcenter-kek", 256).await;
    for (name, value) in [
        ("x-Vendor", "VMware, Inc."),
        ("x-Product", "VMware vSphere"),
        ("x-Product_Version", "8.0.2"),
    ] {
        let add = request(vec![
            uid_item(&uid),
            v1_attribute(name, None, Value::TextString(value.into())),
        ]);
        let answer = call(&mut s, V11, Operation::ADD_ATTRIBUTE, add).await;
        assert_eq!(
            succeeded(&answer).child(Tag::ATTRIBUTE),
            Some(&v1_attribute(name, None, Value::TextString(value.into())))
        );
    }
    let state = request(vec![uid_item(&uid), text(Tag::ATTRIBUTE_NAME, "State")]);
    let answer = call(&mut s, V11, Operation::GET_ATTRIBUTES, state).await;
    let payload = succeeded(&answer);
    assert_eq!(
        payload.child(Tag::ATTRIBUTE),
        Some(&v1_attribute(
            "State",
            None,
            Value::Enumeration(State::PRE_ACTIVE.0)
        ))
    );
    // Get: the key material, in a Key Block holding nothing but the key.
    let got = call(&mut s, V11, Operation::GET, request(vec![uid_item(&uid)])).await;
    let key = succeeded(&got)
        .child(Tag::SYMMETRIC_KEY)
        .and_then(|k| k.child(Tag::KEY_BLOCK))
        .and_then(|b| b.child(Tag::KEY_VALUE))
        .and_then(|v| v.child(Tag::KEY_MATERIAL))
        .map(|m| m.value.clone());
    assert!(
        matches!(&key, Some(Value::ByteString(bytes)) if bytes.len() == 32),
        "{key:?}"
    );
    succeeded(
        &call(
            &mut s,
            V11,
            Operation::ACTIVATE,
            request(vec![uid_item(&uid)]),
        )
        .await,
    );
    let attributes = attributes_of(&mut s, V11, &uid).await;
    assert_eq!(
        attributes.get(Tag::STATE),
        Some(&Value::Enumeration(State::ACTIVE.0))
    );
    assert_eq!(
        values_of(&attributes, custom("Product_Version")),
        [Value::TextString("8.0.2".into())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_answers_by_usage_mask_and_guards_the_id_placeholder() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    let uid = create(&mut s, V21, "checked", 256).await;
    let mask = |m: CryptographicUsageMask| {
        Item::new(Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(m.0 as i32))
    };
    let lease = Item::new(Tag::LEASE_TIME, Value::Interval(3600));
    let count = Item::new(Tag::USAGE_LIMITS_COUNT, Value::LongInteger(10));
    let allowed = request(vec![
        uid_item(&uid),
        mask(CryptographicUsageMask::ENCRYPT),
        lease,
        count,
    ]);
    let answer = call(&mut s, V21, Operation::CHECK, allowed).await;
    assert_eq!(succeeded(&answer).children(), [uid_item(&uid)]);
    // KMIP 2.x names the reason; 1.x has only Permission Denied for it.
    for (version, reason) in [
        (V21, ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK),
        (V14, ResultReason::PERMISSION_DENIED),
    ] {
        let sign = request(vec![uid_item(&uid), mask(CryptographicUsageMask::SIGN)]);
        failed(&call(&mut s, version, Operation::CHECK, sign).await, reason);
    }
    // After a Locate, a passing Check keeps the object for the rest of the batch; a failing one
    // takes it away.
    let by_name = query(vec![(
        AttributeName::Tagged(Tag::NAME),
        name_value("checked"),
    )]);
    let answers = batch(
        &mut s,
        V21,
        vec![
            (Operation::LOCATE, by_name.to_item(V21).unwrap()),
            (
                Operation::CHECK,
                request(vec![mask(CryptographicUsageMask::DECRYPT)]),
            ),
            (Operation::GET_ATTRIBUTE_LIST, request(vec![])),
            (
                Operation::CHECK,
                request(vec![mask(CryptographicUsageMask::SIGN)]),
            ),
            (Operation::GET_ATTRIBUTE_LIST, request(vec![])),
        ],
    )
    .await;
    succeeded(&answers[2]);
    failed(
        &answers[3],
        ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
    );
    failed(&answers[4], ResultReason::INVALID_MESSAGE);

    // A structured attribute must have its fields.
    let half_name = Value::Structure(vec![text(Tag::NAME_VALUE, "no-type")]);
    let add = request(vec![
        uid_item(&uid),
        one(
            Tag::NEW_ATTRIBUTE,
            AttributeName::Tagged(Tag::NAME),
            half_name,
        ),
    ]);
    failed(
        &call(&mut s, V21, Operation::ADD_ATTRIBUTE, add).await,
        ResultReason::INVALID_FIELD,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destroyed_objects_are_located_only_when_the_storage_status_mask_asks() {
    use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
    use hsmgate_kmip::spec::enums::RevocationReasonCode;
    use hsmgate_kmip::spec::StorageStatusMask;

    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    let kept = create(&mut s, V21, "kept", 256).await;
    let gone = create(&mut s, V21, "gone", 256).await;
    let revoke = RevokeRequest {
        unique_identifier: Some(gone.clone()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::CESSATION_OF_OPERATION,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    succeeded(&call_v21(&mut s, Operation::REVOKE, &revoke).await);
    succeeded(
        &call(
            &mut s,
            V21,
            Operation::DESTROY,
            request(vec![uid_item(&gone)]),
        )
        .await,
    );

    let mut everything = query(vec![]);
    assert_eq!(
        locate(&mut s, V21, everything.clone())
            .await
            .unique_identifiers,
        std::slice::from_ref(&kept)
    );
    everything.storage_status_mask = Some(StorageStatusMask::DESTROYED_STORAGE.0 as i32);
    assert_eq!(
        locate(&mut s, V21, everything.clone())
            .await
            .unique_identifiers,
        std::slice::from_ref(&gone)
    );
    everything.storage_status_mask = Some(
        (StorageStatusMask::DESTROYED_STORAGE.0 | StorageStatusMask::ON_LINE_STORAGE.0) as i32,
    );
    assert_eq!(
        locate(&mut s, V21, everything.clone())
            .await
            .unique_identifiers,
        [gone.clone(), kept.clone()]
    );
    // KMIP 1.x has no Destroyed Storage: its clients see destroyed objects as on-line ones.
    assert_eq!(
        locate(&mut s, V14, query(vec![])).await.unique_identifiers,
        [gone, kept]
    );
}
