//! Tests of the matcher and the placeholder rules. No server needed.

use std::collections::HashMap;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{Item, ItemType, Tag, Value};

use crate::bindings::{Bindings, Unbound};
use crate::fixtures::{
    actual, compare, difference, get_success, no_request, pattern, response_xml, NOW, WINDOW,
};
use crate::matcher::match_response;
use crate::pattern::{Pattern, Placeholder};
use crate::vectors::{load, profile_of, vector_paths};

#[test]
fn a_response_matches_itself() {
    let xml = response_xml("", &get_success("key-1"));
    compare(&xml, &xml).unwrap();
    let item = actual(&xml);
    let mut bindings = Bindings::default();
    match_response(
        &Pattern::literal(&item),
        &item,
        &no_request(),
        &mut bindings,
        WINDOW,
    )
    .unwrap();
}

/// Every expected response of every vector file matches itself once its placeholders are given
/// values: the matcher accepts what the vectors describe, tolerances and all. Along the way
/// every request of every file can be built from the bindings the earlier responses made.
#[test]
fn every_vector_response_matches_its_own_instantiation() {
    for path in vector_paths() {
        let file = load(&path).unwrap();
        let mut chosen: HashMap<String, Value> = HashMap::new();
        let mut bindings = Bindings::for_responses(file.steps.iter().map(|s| &s.response));
        for (n, step) in file.steps.iter().enumerate() {
            let request = bindings
                .request(&step.request, NOW)
                .unwrap_or_else(|u| panic!("{} step {n}: {} unbound", file.stem, u.0));
            let item = step
                .response
                .instantiate(&mut |_, item_type, placeholder| {
                    Ok::<_, String>(match placeholder {
                        Placeholder::Now { offset } => Value::DateTime(NOW + 1 + offset),
                        Placeholder::Named(name) => chosen
                            .entry(name.clone())
                            .or_insert_with(|| distinct_value(item_type, name))
                            .clone(),
                    })
                })
                .unwrap();
            match_response(&step.response, &item, &request, &mut bindings, WINDOW)
                .unwrap_or_else(|d| panic!("{} step {n}: {d}", file.stem));
            bindings.observe(&item);
        }
    }
}

fn distinct_value(item_type: ItemType, name: &str) -> Value {
    match item_type {
        ItemType::TextString => Value::TextString(format!("id-{name}")),
        ItemType::ByteString => Value::ByteString(Bytes::copy_from_slice(name.as_bytes())),
        other => panic!("no stand-in for {}", other.xml_name()),
    }
}

#[test]
fn a_changed_result_status_fails_and_names_the_reason() {
    let expected = response_xml("", &get_success("key-1"));
    let failed = response_xml(
        "",
        r#"<Operation type="Enumeration" value="Get"/>
        <ResultStatus type="Enumeration" value="OperationFailed"/>
        <ResultReason type="Enumeration" value="OperationNotSupported"/>
        <ResultMessage type="TextString" value="not supported"/>"#,
    );
    assert_eq!(
        difference(&expected, &failed),
        "BatchItem/ResultStatus expected Success, got OperationFailed (OperationNotSupported)"
    );
}

#[test]
fn a_missing_item_fails() {
    let expected = response_xml("", &get_success("key-1"));
    let got = response_xml(
        "",
        r#"<Operation type="Enumeration" value="Get"/>
        <ResultStatus type="Enumeration" value="Success"/>
        <ResponsePayload/>"#,
    );
    assert_eq!(
        difference(&expected, &got),
        "BatchItem/ResponsePayload/UniqueIdentifier missing"
    );
}

#[test]
fn an_extra_item_fails() {
    let expected = response_xml("", &get_success("key-1"));
    let got = response_xml(
        "",
        r#"<Operation type="Enumeration" value="Get"/>
        <ResultStatus type="Enumeration" value="Success"/>
        <ResponsePayload>
          <UniqueIdentifier type="TextString" value="key-1"/>
          <ObjectType type="Enumeration" value="SymmetricKey"/>
        </ResponsePayload>"#,
    );
    assert_eq!(
        difference(&expected, &got),
        "BatchItem/ResponsePayload/ObjectType unexpected: SymmetricKey"
    );
    // An extra item before an expected one is named as the extra, not the expected as missing.
    let got = response_xml(
        "",
        r#"<Operation type="Enumeration" value="Get"/>
        <ResultStatus type="Enumeration" value="Success"/>
        <ResponsePayload>
          <ObjectType type="Enumeration" value="SymmetricKey"/>
          <UniqueIdentifier type="TextString" value="key-1"/>
        </ResponsePayload>"#,
    );
    assert_eq!(
        difference(&expected, &got),
        "BatchItem/ResponsePayload/ObjectType unexpected: SymmetricKey"
    );
}

#[test]
fn a_changed_value_or_type_fails() {
    let expected = response_xml("", &get_success("key-1"));
    assert_eq!(
        difference(&expected, &response_xml("", &get_success("key-2"))),
        r#"BatchItem/ResponsePayload/UniqueIdentifier expected "key-1", got "key-2""#
    );
    let as_bytes = get_success("key-1").replace(
        r#"type="TextString" value="key-1""#,
        r#"type="ByteString" value="01""#,
    );
    assert_eq!(
        difference(&expected, &response_xml("", &as_bytes)),
        "BatchItem/ResponsePayload/UniqueIdentifier expected type TextString, got ByteString"
    );
}

#[test]
fn a_placeholder_binds_then_must_repeat() {
    let expected = pattern(&response_xml("", &get_success("$UNIQUE_IDENTIFIER_0")));
    let mut bindings = Bindings::for_responses([&expected]);
    let first = actual(&response_xml("", &get_success("abc")));
    match_response(&expected, &first, &no_request(), &mut bindings, WINDOW).unwrap();
    assert_eq!(
        bindings.get("UNIQUE_IDENTIFIER_0"),
        Some(&Value::TextString("abc".into()))
    );
    // The same name later means the bound value: another identifier is a difference.
    let wrong = actual(&response_xml("", &get_success("xyz")));
    let d = match_response(&expected, &wrong, &no_request(), &mut bindings, WINDOW).unwrap_err();
    assert_eq!(
        d.to_string(),
        r#"BatchItem/ResponsePayload/UniqueIdentifier expected $UNIQUE_IDENTIFIER_0 = "abc", got "xyz""#
    );
    match_response(&expected, &first, &no_request(), &mut bindings, WINDOW).unwrap();
}

#[test]
fn a_placeholder_must_have_its_declared_type() {
    let expected = response_xml("", &get_success("$UNIQUE_IDENTIFIER_0"));
    let as_bytes = get_success("x").replace(
        r#"type="TextString" value="x""#,
        r#"type="ByteString" value="01""#,
    );
    assert_eq!(
        difference(&expected, &response_xml("", &as_bytes)),
        "BatchItem/ResponsePayload/UniqueIdentifier expected type TextString, got ByteString"
    );
}

const GET_REQUEST: &str = r#"<RequestMessage>
  <RequestHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="2"/>
      <ProtocolVersionMinor type="Integer" value="1"/>
    </ProtocolVersion>
    <BatchCount type="Integer" value="1"/>
  </RequestHeader>
  <BatchItem>
    <Operation type="Enumeration" value="Get"/>
    <RequestPayload>
      <UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/>
    </RequestPayload>
  </BatchItem>
</RequestMessage>"#;

fn request_uid(request: &Item) -> Option<&Value> {
    let payload = request
        .child(Tag::BATCH_ITEM)?
        .child(Tag::REQUEST_PAYLOAD)?;
    Some(&payload.child(Tag::UNIQUE_IDENTIFIER)?.value)
}

#[test]
fn a_bound_identifier_is_substituted_in_later_requests() {
    let response = pattern(&response_xml("", &get_success("$UNIQUE_IDENTIFIER_0")));
    let request = pattern(GET_REQUEST);
    let mut bindings = Bindings::for_responses([&response]);
    // Before the response that binds it, the request cannot be built.
    assert_eq!(
        bindings.request(&request, NOW),
        Err(Unbound("$UNIQUE_IDENTIFIER_0".into()))
    );
    let got = actual(&response_xml("", &get_success("server-id-7")));
    match_response(&response, &got, &no_request(), &mut bindings, WINDOW).unwrap();
    let sent = bindings.request(&request, NOW).unwrap();
    assert_eq!(
        request_uid(&sent),
        Some(&Value::TextString("server-id-7".into()))
    );
}

#[test]
fn a_name_no_response_binds_takes_the_latest_value_of_its_tag() {
    let request = pattern(
        r#"<RequestMessage><BatchItem><RequestPayload>
             <MACData type="ByteString" value="$MAC_DATA"/>
           </RequestPayload></BatchItem></RequestMessage>"#,
    );
    let mut bindings = Bindings::for_responses([]);
    assert!(bindings.request(&request, NOW).is_err(), "nothing seen yet");
    bindings.observe(&actual(
        r#"<ResponseMessage><BatchItem><ResponsePayload>
             <MACData type="ByteString" value="0102"/>
           </ResponsePayload></BatchItem></ResponseMessage>"#,
    ));
    bindings.observe(&actual(
        r#"<ResponseMessage><BatchItem><ResponsePayload>
             <MACData type="ByteString" value="0304"/>
           </ResponsePayload></BatchItem></ResponseMessage>"#,
    ));
    let sent = bindings.request(&request, NOW).unwrap();
    let mac = sent
        .child(Tag::BATCH_ITEM)
        .and_then(|b| b.child(Tag::REQUEST_PAYLOAD))
        .and_then(|p| p.child(Tag::MAC_DATA));
    assert_eq!(
        mac.map(|m| &m.value),
        Some(&Value::ByteString(Bytes::from_static(&[3, 4])))
    );
}

#[test]
fn now_in_a_request_is_the_sending_time_with_its_offset() {
    let request = pattern(
        r#"<Attributes>
             <ActivationDate type="DateTime" value="$NOW-3600"/>
             <DeactivationDate type="DateTime" value="$NOW+3600"/>
             <InitialDate type="DateTime" value="$NOW"/>
           </Attributes>"#,
    );
    let sent = Bindings::default().request(&request, NOW).unwrap();
    let dates: Vec<&Value> = sent.children().iter().map(|c| &c.value).collect();
    assert_eq!(
        dates,
        [
            &Value::DateTime(NOW - 3600),
            &Value::DateTime(NOW + 3600),
            &Value::DateTime(NOW)
        ]
    );
}

#[test]
fn now_in_a_response_matches_only_inside_the_window() {
    let expected = pattern(r#"<ActivationDate type="DateTime" value="$NOW-3600"/>"#);
    let date = |seconds| Item::new(Tag::ACTIVATION_DATE, Value::DateTime(seconds));
    let check = |seconds| {
        match_response(
            &expected,
            &date(seconds),
            &no_request(),
            &mut Bindings::default(),
            WINDOW,
        )
        .is_ok()
    };
    assert!(check(NOW - 3600));
    assert!(check(NOW + 2 - 3600));
    assert!(!check(NOW - 3601));
    assert!(!check(NOW + 3 - 3600));
    assert!(!check(NOW));
}

#[test]
fn a_failed_batch_item_is_reported_before_the_batch_count() {
    let two = |second_status: &str, count: u8| {
        format!(
            r#"<ResponseMessage>
              <ResponseHeader><BatchCount type="Integer" value="{count}"/></ResponseHeader>
              <BatchItem><Operation type="Enumeration" value="Create"/>
                <ResultStatus type="Enumeration" value="Success"/></BatchItem>
              {second_status}
            </ResponseMessage>"#
        )
    };
    let expected = two(
        r#"<BatchItem><Operation type="Enumeration" value="Get"/>
             <ResultStatus type="Enumeration" value="Success"/></BatchItem>"#,
        2,
    );
    let failed = two(
        r#"<BatchItem><Operation type="Enumeration" value="Get"/>
             <ResultStatus type="Enumeration" value="OperationFailed"/>
             <ResultReason type="Enumeration" value="ItemNotFound"/></BatchItem>"#,
        2,
    );
    assert_eq!(
        difference(&expected, &failed),
        "BatchItem[1]/ResultStatus expected Success, got OperationFailed (ItemNotFound)"
    );
    assert_eq!(difference(&expected, &two("", 1)), "BatchItem[1] missing");
    // With the same batch items, the header is still compared.
    let miscounted = expected.replace(r#"value="2""#, r#"value="3""#);
    assert_eq!(
        difference(&expected, &miscounted),
        "ResponseHeader/BatchCount expected 2, got 3"
    );
}

#[test]
fn placeholders_after_a_difference_are_still_bound() {
    let create = |object_type: &str, uid: &str| {
        response_xml(
            "",
            &format!(
                r#"<Operation type="Enumeration" value="Create"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload>
                  <ObjectType type="Enumeration" value="{object_type}"/>
                  <UniqueIdentifier type="TextString" value="{uid}"/>
                </ResponsePayload>"#
            ),
        )
    };
    let expected = pattern(&create("SymmetricKey", "$UNIQUE_IDENTIFIER_0"));
    let mut bindings = Bindings::for_responses([&expected]);
    let got = actual(&create("SecretData", "u-1"));
    let d = match_response(&expected, &got, &no_request(), &mut bindings, WINDOW).unwrap_err();
    assert_eq!(
        d.to_string(),
        "BatchItem/ResponsePayload/ObjectType expected SymmetricKey, got SecretData"
    );
    assert_eq!(
        bindings.get("UNIQUE_IDENTIFIER_0"),
        Some(&Value::TextString("u-1".into()))
    );
}

#[test]
fn placeholders_parse_as_the_vectors_write_them() {
    assert_eq!(
        Placeholder::parse("$NOW"),
        Some(Placeholder::Now { offset: 0 })
    );
    assert_eq!(
        Placeholder::parse("$NOW-3600"),
        Some(Placeholder::Now { offset: -3600 })
    );
    assert_eq!(
        Placeholder::parse("$NOW+3600"),
        Some(Placeholder::Now { offset: 3600 })
    );
    assert_eq!(
        Placeholder::parse("$DATA_25"),
        Some(Placeholder::Named("DATA_25".into()))
    );
    assert_eq!(Placeholder::parse("$NOWISH"), None);
    assert_eq!(Placeholder::parse("$lower"), None);
    assert_eq!(Placeholder::parse("plain"), None);
    // A `$` text in a Text String that is no placeholder form stays literal.
    let literal = pattern(r#"<NameValue type="TextString" value="$not a placeholder"/>"#);
    assert!(literal.placeholders().is_empty());
}

#[test]
fn profiles_are_named_up_to_the_mandatory_or_optional_marker() {
    assert_eq!(profile_of("BL-M-1-21"), "BL-M");
    assert_eq!(profile_of("CS-BC-M-GCM-1-21"), "CS-BC-M");
    assert_eq!(profile_of("CS-AC-M-OAEP-10-21"), "CS-AC-M");
    assert_eq!(profile_of("SKLC-O-1-21"), "SKLC-O");
}
