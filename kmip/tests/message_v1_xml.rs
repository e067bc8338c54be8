//! KMIP 1.4-shaped messages, written in the KMIP XML encoding, through the typed model; and
//! their payloads re-encoded in the 2.1 shape, compared with the 2.1 form written by hand.
//! (The OASIS vector set in testdata is 2.1 only.)

use hsmgate_kmip::message::payload::create::CreateRequest;
use hsmgate_kmip::message::payload::{Payload, RequestPayload, ResponsePayload};
use hsmgate_kmip::message::{AttributeName, ProtocolVersion, RequestMessage, ResponseMessage};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation};
use hsmgate_kmip::xml::read_item;
use hsmgate_kmip::{Item, Tag, Value};

const V1_CREATE: &str = r#"
<RequestMessage>
  <RequestHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="1"/>
      <ProtocolVersionMinor type="Integer" value="4"/>
    </ProtocolVersion>
    <BatchCount type="Integer" value="1"/>
  </RequestHeader>
  <BatchItem>
    <Operation type="Enumeration" value="Create"/>
    <RequestPayload>
      <ObjectType type="Enumeration" value="SymmetricKey"/>
      <TemplateAttribute>
        <Attribute>
          <AttributeName type="TextString" value="Cryptographic Algorithm"/>
          <AttributeValue type="Enumeration" value="0x00000003"/>
        </Attribute>
        <Attribute>
          <AttributeName type="TextString" value="Cryptographic Length"/>
          <AttributeValue type="Integer" value="128"/>
        </Attribute>
        <Attribute>
          <AttributeName type="TextString" value="Cryptographic Usage Mask"/>
          <AttributeValue type="Integer" value="12"/>
        </Attribute>
        <Attribute>
          <AttributeName type="TextString" value="Name"/>
          <AttributeValue>
            <NameValue type="TextString" value="my-key"/>
            <NameType type="Enumeration" value="UninterpretedTextString"/>
          </AttributeValue>
        </Attribute>
        <Attribute>
          <AttributeName type="TextString" value="x-ID"/>
          <AttributeValue type="TextString" value="abc"/>
        </Attribute>
      </TemplateAttribute>
    </RequestPayload>
  </BatchItem>
</RequestMessage>"#;

const V2_CREATE_PAYLOAD: &str = r#"
<RequestPayload>
  <ObjectType type="Enumeration" value="SymmetricKey"/>
  <Attributes>
    <CryptographicAlgorithm type="Enumeration" value="AES"/>
    <CryptographicLength type="Integer" value="128"/>
    <CryptographicUsageMask type="Integer" value="12"/>
    <Name>
      <NameValue type="TextString" value="my-key"/>
      <NameType type="Enumeration" value="UninterpretedTextString"/>
    </Name>
    <Attribute>
      <VendorIdentification type="TextString" value="x"/>
      <AttributeName type="TextString" value="ID"/>
      <AttributeValue type="TextString" value="abc"/>
    </Attribute>
  </Attributes>
</RequestPayload>"#;

const V1_GET_ATTRIBUTES_RESPONSE: &str = r#"
<ResponseMessage>
  <ResponseHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="1"/>
      <ProtocolVersionMinor type="Integer" value="4"/>
    </ProtocolVersion>
    <TimeStamp type="DateTime" value="2020-01-01T00:00:00+00:00"/>
    <BatchCount type="Integer" value="1"/>
  </ResponseHeader>
  <BatchItem>
    <Operation type="Enumeration" value="GetAttributes"/>
    <ResultStatus type="Enumeration" value="Success"/>
    <ResponsePayload>
      <UniqueIdentifier type="TextString" value="k1"/>
      <Attribute>
        <AttributeName type="TextString" value="State"/>
        <AttributeValue type="Enumeration" value="0x00000002"/>
      </Attribute>
      <Attribute>
        <AttributeName type="TextString" value="Name"/>
        <AttributeValue>
          <NameValue type="TextString" value="first"/>
          <NameType type="Enumeration" value="UninterpretedTextString"/>
        </AttributeValue>
      </Attribute>
      <Attribute>
        <AttributeName type="TextString" value="Name"/>
        <AttributeIndex type="Integer" value="1"/>
        <AttributeValue>
          <NameValue type="TextString" value="second"/>
          <NameType type="Enumeration" value="UninterpretedTextString"/>
        </AttributeValue>
      </Attribute>
    </ResponsePayload>
  </BatchItem>
</ResponseMessage>"#;

const V2_GET_ATTRIBUTES_PAYLOAD: &str = r#"
<ResponsePayload>
  <UniqueIdentifier type="TextString" value="k1"/>
  <Attributes>
    <State type="Enumeration" value="Active"/>
    <Name>
      <NameValue type="TextString" value="first"/>
      <NameType type="Enumeration" value="UninterpretedTextString"/>
    </Name>
    <Name>
      <NameValue type="TextString" value="second"/>
      <NameType type="Enumeration" value="UninterpretedTextString"/>
    </Name>
  </Attributes>
</ResponsePayload>"#;

fn xml(text: &str) -> Item {
    read_item(text).expect("valid XML")
}

#[test]
fn v1_create_request_parses_and_converts_to_the_2x_shape() {
    let item = xml(V1_CREATE);
    let request = RequestMessage::try_from(&item).expect("1.4 request");
    assert_eq!(request.header.protocol_version, ProtocolVersion::V1_4);
    assert_eq!(request.to_item(), item);
    let batch = &request.batch_items[0];
    assert_eq!(batch.operation, Operation::CREATE);

    let create = CreateRequest::parse(&batch.payload, ProtocolVersion::V1_4).expect("1.4 payload");
    assert_eq!(create.object_type, ObjectType::SYMMETRIC_KEY);
    assert_eq!(
        create.attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Some(&Value::Enumeration(CryptographicAlgorithm::AES.0))
    );
    let custom = AttributeName::Vendor {
        vendor: "x".into(),
        name: "ID".into(),
    };
    assert_eq!(create.attributes.all(&custom).count(), 1);
    assert_eq!(
        create.to_item(ProtocolVersion::V1_4),
        Ok(batch.payload.clone())
    );
    assert_eq!(
        create.to_item(ProtocolVersion::V2_1),
        Ok(xml(V2_CREATE_PAYLOAD))
    );
    // And back from 2.1 to the 1.4 form.
    let from_v2 =
        CreateRequest::parse(&xml(V2_CREATE_PAYLOAD), ProtocolVersion::V2_1).expect("2.1");
    assert_eq!(from_v2, create);
    assert_eq!(
        from_v2.to_item(ProtocolVersion::V1_4),
        Ok(batch.payload.clone())
    );
}

#[test]
fn v1_get_attributes_response_converts_to_the_2x_shape() {
    let item = xml(V1_GET_ATTRIBUTES_RESPONSE);
    let response = ResponseMessage::try_from(&item).expect("1.4 response");
    assert_eq!(response.to_item(), item);
    assert_eq!(response.header.time_stamp, 1_577_836_800);
    let batch = &response.batch_items[0];
    let payload = batch.payload.as_ref().expect("payload");
    let typed = ResponsePayload::parse(Operation::GET_ATTRIBUTES, payload, ProtocolVersion::V1_4)
        .expect("typed");
    let ResponsePayload::GetAttributes(get) = &typed else {
        panic!("wrong payload type")
    };
    let indices: Vec<u32> = get
        .attributes
        .all(&AttributeName::Tagged(Tag::NAME))
        .map(|a| a.index)
        .collect();
    assert_eq!(indices, vec![0, 1]);
    assert_eq!(typed.to_item(ProtocolVersion::V1_4).as_ref(), Ok(payload));
    assert_eq!(
        typed.to_item(ProtocolVersion::V2_1),
        Ok(xml(V2_GET_ATTRIBUTES_PAYLOAD))
    );
    let back = ResponsePayload::parse(
        Operation::GET_ATTRIBUTES,
        &xml(V2_GET_ATTRIBUTES_PAYLOAD),
        ProtocolVersion::V2_1,
    )
    .expect("2.1");
    assert_eq!(back, typed);
}

#[test]
fn v1_payload_is_not_read_as_2x() {
    let item = xml(V1_CREATE);
    let request = RequestMessage::try_from(&item).expect("1.4 request");
    let payload = &request.batch_items[0].payload;
    let err = RequestPayload::parse(Operation::CREATE, payload, ProtocolVersion::V2_1).unwrap_err();
    assert_eq!(
        err,
        hsmgate_kmip::message::MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::ATTRIBUTES
        }
    );
}
