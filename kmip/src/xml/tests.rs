use bytes::Bytes;

use super::*;
use crate::ttlv::{Item, ItemType, Tag, Value};

const REQUEST: &str = r#"<KMIP>
<!-- a comment -->
<RequestMessage>
  <RequestHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="2"/>
      <ProtocolVersionMinor type="Integer" value="1"/>
    </ProtocolVersion>
    <BatchCount type="Integer" value="1"/>
  </RequestHeader>
  <BatchItem>
    <Operation type="Enumeration" value="Create"/>
    <RequestPayload>
      <ObjectType type="Enumeration" value="SymmetricKey"/>
      <Attributes>
        <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>
        <ActivationDate type="DateTime" value="$NOW"/>
        <Name>
          <NameValue type="TextString" value="$UNIQUE_IDENTIFIER_0 &amp; co"/>
        </Name>
        <TTLV tag="0x540001" type="ByteString" value="00FF"/>
      </Attributes>
    </RequestPayload>
  </BatchItem>
</RequestMessage>
</KMIP>
"#;

fn now(placeholder: &Placeholder<'_>) -> Option<Value> {
    (placeholder.text == "$NOW").then_some(Value::DateTime(1_000))
}

#[test]
fn reads_a_vector_file_with_a_resolver() {
    let options = ReadOptions {
        placeholder: Some(&now),
    };
    let items = read_items_with(REQUEST, &options).expect("reads");
    assert_eq!(items.len(), 1);
    let message = &items[0];
    assert_eq!(message.tag, Tag::REQUEST_MESSAGE);
    let header = message.child(Tag::REQUEST_HEADER).expect("header");
    let major = header
        .child(Tag::PROTOCOL_VERSION)
        .and_then(|v| v.child(Tag::PROTOCOL_VERSION_MAJOR));
    assert_eq!(major.map(|i| &i.value), Some(&Value::Integer(2)));
    let batch = message.child(Tag::BATCH_ITEM).expect("batch item");
    assert_eq!(
        batch.child(Tag::OPERATION).map(|i| &i.value),
        Some(&Value::Enumeration(1))
    );
    let attributes = batch
        .child(Tag::REQUEST_PAYLOAD)
        .and_then(|p| p.child(Tag::ATTRIBUTES))
        .expect("attributes");
    let values: Vec<&Value> = attributes.children().iter().map(|c| &c.value).collect();
    assert_eq!(values[0], &Value::Integer(12));
    assert_eq!(values[1], &Value::DateTime(1_000));
    let name = &attributes.children()[2].children()[0];
    assert_eq!(
        name.value,
        Value::TextString("$UNIQUE_IDENTIFIER_0 & co".into()),
        "resolver declined: kept"
    );
    assert_eq!(
        attributes.children()[3],
        Item::new(
            Tag::new(0x540001),
            Value::ByteString(Bytes::from_static(&[0, 0xFF]))
        )
    );
}

#[test]
fn an_unbound_date_placeholder_is_an_error_naming_the_element() {
    let error = read_items(REQUEST).expect_err("$NOW is no date");
    match &error {
        XmlError::InvalidValue {
            element,
            item_type,
            position,
            ..
        } => {
            assert_eq!(element, "ActivationDate");
            assert_eq!(*item_type, ItemType::DateTime);
            assert_eq!(position.line, 17);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(error.to_string().contains("ActivationDate"));
    assert!(
        !error.to_string().contains("$NOW"),
        "errors never echo values"
    );
}

#[test]
fn a_resolver_returning_another_type_is_refused() {
    let wrong = |_: &Placeholder<'_>| Some(Value::TextString("x".into()));
    let options = ReadOptions {
        placeholder: Some(&wrong),
    };
    let error = read_items_with(REQUEST, &options).expect_err("type mismatch");
    assert!(matches!(
        error,
        XmlError::PlaceholderType {
            expected: ItemType::DateTime,
            found: ItemType::TextString,
            ..
        }
    ));
}

#[test]
fn written_xml_reads_back_to_the_same_tree() {
    let options = ReadOptions {
        placeholder: Some(&now),
    };
    let items = read_items_with(REQUEST, &options).expect("reads");
    let text = write_item(&items[0]);
    assert!(
        text.contains("<CryptographicUsageMask type=\"Integer\" value=\"Encrypt Decrypt\"/>"),
        "{text}"
    );
    assert!(
        text.contains("<TTLV tag=\"0x540001\" type=\"ByteString\" value=\"00ff\"/>"),
        "{text}"
    );
    assert!(
        text.contains("value=\"$UNIQUE_IDENTIFIER_0 &amp; co\""),
        "{text}"
    );
    assert_eq!(read_item(&text), Ok(items[0].clone()));
    assert_eq!(read_items(&write_items(&items)), Ok(items));
}

#[test]
fn empty_and_unknown_structures() {
    let item = Item::structure(
        Tag::new(0x54_00AA),
        vec![Item::structure(Tag::ATTRIBUTES, vec![])],
    );
    let text = write_item(&item);
    assert_eq!(text, "<TTLV tag=\"0x5400AA\">\n  <Attributes/>\n</TTLV>\n");
    assert_eq!(read_item(&text), Ok(item));
    assert_eq!(
        read_item("<Attributes type=\"Structure\"></Attributes>"),
        Ok(Item::structure(Tag::ATTRIBUTES, vec![]))
    );
}

#[test]
fn malformed_documents_are_errors_with_positions() {
    type Check = fn(&XmlError) -> bool;
    let cases: &[(&str, Check)] = &[
        ("<Bogus type=\"Integer\" value=\"1\"/>", |e| matches!(e, XmlError::UnknownTag { element, .. } if element == "Bogus")),
        ("<BatchCount type=\"Int\" value=\"1\"/>", |e| matches!(e, XmlError::UnknownType { .. })),
        ("<BatchCount type=\"Integer\"/>", |e| matches!(e, XmlError::MissingValue { .. })),
        ("<BatchCount type=\"Integer\" value=\"one\"/>", |e| matches!(e, XmlError::InvalidValue { .. })),
        ("<TTLV type=\"Integer\" value=\"1\"/>", |e| matches!(e, XmlError::InvalidTagAttribute { .. })),
        ("<TTLV tag=\"0x1000000\" type=\"Integer\" value=\"1\"/>", |e| matches!(e, XmlError::InvalidTagAttribute { .. })),
        ("<BatchItem>text</BatchItem>", |e| matches!(e, XmlError::UnexpectedContent { .. })),
        (
            "<BatchCount type=\"Integer\" value=\"1\"><BatchCount type=\"Integer\" value=\"1\"/></BatchCount>",
            |e| matches!(e, XmlError::UnexpectedContent { element, .. } if element == "BatchCount"),
        ),
        ("<BatchItem>", |e| matches!(e, XmlError::UnexpectedEnd { .. })),
        ("<BatchItem></Attributes>", |e| matches!(e, XmlError::Syntax { .. })),
        ("<BatchItem a=1/>", |e| matches!(e, XmlError::Syntax { .. })),
    ];
    for (text, expected) in cases {
        let error = read_items(text).expect_err(text);
        assert!(expected(&error), "{text}: {error:?}");
        assert!(!error.to_string().is_empty());
    }
    let secret = read_items(r#"<KeyMaterial type="ByteString" value="&secret00;"/>"#)
        .expect_err("unknown entity");
    assert!(
        matches!(secret, XmlError::Syntax { .. }) && !secret.to_string().contains("secret00"),
        "{secret}"
    );
    assert_eq!(read_item(""), Err(XmlError::NotOneItem { count: 0 }));
    let two =
        "<BatchCount type=\"Integer\" value=\"1\"/><BatchCount type=\"Integer\" value=\"2\"/>";
    assert_eq!(read_items(two).map(|items| items.len()), Ok(2));
    assert_eq!(read_item(two), Err(XmlError::NotOneItem { count: 2 }));
}

#[test]
fn nesting_is_bounded_without_recursion() {
    let deep = "<BatchItem>".repeat(MAX_DEPTH + 1);
    assert!(matches!(read_items(&deep), Err(XmlError::TooDeep { .. })));
    let ok = format!(
        "{}{}",
        "<BatchItem>".repeat(MAX_DEPTH),
        "</BatchItem>".repeat(MAX_DEPTH)
    );
    assert!(read_item(&ok).is_ok());
}

#[test]
fn errors_report_the_line() {
    let text =
        "<KMIP>\n\n<BatchItem>\n  <Nope type=\"Integer\" value=\"1\"/>\n</BatchItem>\n</KMIP>";
    match read_items(text) {
        Err(XmlError::UnknownTag { position, .. }) => assert_eq!(position.line, 4),
        other => panic!("unexpected {other:?}"),
    }
}

/// A KMIP 1.x test-case file: step markers as text under the root, and an Attribute whose
/// value's enumeration is given by its Attribute Name.
const V1_REQUEST: &str = r#"<?xml version="1.0" ?>
<!-- a KMIP 1.x test case -->
<KMIP>
# TIME 0
<RequestMessage>
  <BatchItem>
    <TemplateAttribute>
      <Attribute>
        <AttributeName type="TextString" value="Cryptographic Algorithm"/>
        <AttributeValue type="Enumeration" value="AES"/>
      </Attribute>
      <Attribute>
        <AttributeName type="TextString" value="Cryptographic Usage Mask"/>
        <AttributeValue type="Integer" value="Decrypt Encrypt"/>
      </Attribute>
      <Attribute>
        <AttributeName type="TextString" value="x-vendor"/>
        <AttributeValue type="Enumeration" value="0x00000007"/>
      </Attribute>
    </TemplateAttribute>
  </BatchItem>
</RequestMessage>
# TIME 1
</KMIP>
"#;

#[test]
fn kmip_1_attribute_values_are_named_by_their_attribute_name() {
    let items = read_items(V1_REQUEST).expect("reads");
    let template = &items[0].children()[0].children()[0];
    let values: Vec<&Value> = template
        .children()
        .iter()
        .map(|a| &a.children()[1].value)
        .collect();
    assert_eq!(
        values,
        [
            &Value::Enumeration(3),
            &Value::Integer(12),
            &Value::Enumeration(7)
        ]
    );
    let text = write_item(&items[0]);
    assert!(
        text.contains(r#"<AttributeValue type="Enumeration" value="AES"/>"#),
        "{text}"
    );
    assert!(
        text.contains(r#"<AttributeValue type="Integer" value="Encrypt Decrypt"/>"#),
        "{text}"
    );
    assert!(
        text.contains(r#"<AttributeValue type="Enumeration" value="0x00000007"/>"#),
        "{text}"
    );
    assert_eq!(read_items(&text), Ok(items));
}

#[test]
fn text_is_tolerated_only_between_messages() {
    let inside = V1_REQUEST.replace("<BatchItem>", "<BatchItem>stray");
    assert!(
        matches!(read_items(&inside), Err(XmlError::UnexpectedContent { element, .. }) if element == "BatchItem")
    );
}
