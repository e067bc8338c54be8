//! Tests of the harness itself: the matcher, the placeholder rules, the tolerances and the
//! expected-pass bookkeeping. No server needed.

use std::collections::HashMap;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{Item, ItemType, Tag, Value};
use hsmgate_kmip::xml::read_item;

use crate::bindings::{Bindings, NowWindow, Unbound};
use crate::matcher::{match_response, Difference};
use crate::pattern::{read_patterns, Pattern, Placeholder};
use crate::replay::{FileOutcome, StepOutcome};
use crate::report::{check_expected_pass, parse_expected_pass, render};
use crate::vectors::{load, profile_of, vector_paths};

const NOW: i64 = 1_700_000_000;
const WINDOW: NowWindow = NowWindow {
    earliest: NOW,
    latest: NOW + 2,
};

/// A one-item response message in KMIP XML; `extra_header` goes after the Time Stamp.
fn response_xml(extra_header: &str, batch_item: &str) -> String {
    format!(
        r#"<ResponseMessage>
  <ResponseHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="2"/>
      <ProtocolVersionMinor type="Integer" value="1"/>
    </ProtocolVersion>
    <TimeStamp type="DateTime" value="$NOW"/>
    {extra_header}
    <BatchCount type="Integer" value="1"/>
  </ResponseHeader>
  <BatchItem>{batch_item}</BatchItem>
</ResponseMessage>"#
    )
}

fn get_success(uid: &str) -> String {
    format!(
        r#"<Operation type="Enumeration" value="Get"/>
    <ResultStatus type="Enumeration" value="Success"/>
    <ResponsePayload>
      <UniqueIdentifier type="TextString" value="{uid}"/>
    </ResponsePayload>"#
    )
}

fn pattern(xml: &str) -> Pattern {
    let mut patterns = read_patterns(xml).expect("pattern XML");
    assert_eq!(patterns.len(), 1);
    patterns.remove(0)
}

/// An actual message: the XML with `$NOW` written as a date inside [`WINDOW`].
fn actual(xml: &str) -> Item {
    read_item(&xml.replace("$NOW", "2023-11-14T22:13:21+00:00")).expect("actual XML")
}

/// A request without a header, for comparisons where the request plays no part.
fn no_request() -> Item {
    Item::structure(Tag::REQUEST_MESSAGE, Vec::new())
}

fn compare(expected: &str, got: &str) -> Result<(), Difference> {
    let mut bindings = Bindings::default();
    match_response(
        &pattern(expected),
        &actual(got),
        &no_request(),
        &mut bindings,
        WINDOW,
    )
}

fn difference(expected: &str, got: &str) -> String {
    compare(expected, got)
        .expect_err("the responses should differ")
        .to_string()
}

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
fn the_server_correlation_value_is_optional_and_free() {
    let expected = response_xml(
        r#"<ServerCorrelationValue type="TextString" value="A5E83842-2A456820-4"/>"#,
        &get_success("key-1"),
    );
    compare(&expected, &response_xml("", &get_success("key-1"))).unwrap();
    let other = response_xml(
        r#"<ServerCorrelationValue type="TextString" value="ours-1"/>"#,
        &get_success("key-1"),
    );
    compare(&expected, &other).unwrap();
    compare(&response_xml("", &get_success("key-1")), &other).unwrap();
    // The rule covers the header only: the rest is still compared.
    assert!(compare(&expected, &response_xml("", &get_success("key-2"))).is_err());
}

#[test]
fn the_result_message_is_optional_and_free() {
    let failure = |message: &str| {
        response_xml(
            "",
            &format!(
                r#"<Operation type="Enumeration" value="Get"/>
                <ResultStatus type="Enumeration" value="OperationFailed"/>
                <ResultReason type="Enumeration" value="ItemNotFound"/>
                {message}"#
            ),
        )
    };
    let expected = failure(r#"<ResultMessage type="TextString" value="DENIED"/>"#);
    compare(&expected, &failure("")).unwrap();
    compare(
        &expected,
        &failure(r#"<ResultMessage type="TextString" value="no such key"/>"#),
    )
    .unwrap();
    let other_reason = failure("").replace("ItemNotFound", "PermissionDenied");
    assert_eq!(
        difference(&expected, &other_reason),
        "BatchItem/ResultReason expected ItemNotFound, got PermissionDenied"
    );
}

fn attributes(members: &str) -> String {
    format!(
        r#"<ResponseMessage><BatchItem><ResponsePayload><Attributes>{members}</Attributes>
           </ResponsePayload></BatchItem></ResponseMessage>"#
    )
}

const NAME_A: &str = r#"<Name><NameValue type="TextString" value="a"/>
    <NameType type="Enumeration" value="UninterpretedTextString"/></Name>"#;
const NAME_B: &str = r#"<Name><NameValue type="TextString" value="b"/>
    <NameType type="Enumeration" value="UninterpretedTextString"/></Name>"#;
const ALGORITHM: &str = r#"<CryptographicAlgorithm type="Enumeration" value="AES"/>"#;
const LENGTH: &str = r#"<CryptographicLength type="Integer" value="256"/>"#;

#[test]
fn attributes_may_come_in_any_order_of_names() {
    let expected = attributes(&format!("{ALGORITHM}{LENGTH}{NAME_A}{NAME_B}"));
    compare(
        &expected,
        &attributes(&format!("{NAME_A}{LENGTH}{NAME_B}{ALGORITHM}")),
    )
    .unwrap();
    // Instances of one attribute keep their order.
    assert_eq!(
        difference(
            &expected,
            &attributes(&format!("{ALGORITHM}{LENGTH}{NAME_B}{NAME_A}"))
        ),
        r#"BatchItem/ResponsePayload/Attributes/Name[0]/NameValue expected "a", got "b""#
    );
    // Values, missing and extra attributes are still differences.
    let short = LENGTH.replace("256", "128");
    assert_eq!(
        difference(
            &expected,
            &attributes(&format!("{ALGORITHM}{short}{NAME_A}{NAME_B}"))
        ),
        "BatchItem/ResponsePayload/Attributes/CryptographicLength expected 256, got 128"
    );
    assert_eq!(
        difference(
            &expected,
            &attributes(&format!("{ALGORITHM}{NAME_A}{NAME_B}"))
        ),
        "BatchItem/ResponsePayload/Attributes/CryptographicLength missing"
    );
    let extra = r#"<State type="Enumeration" value="Active"/>"#;
    assert_eq!(
        difference(
            &expected,
            &attributes(&format!("{extra}{ALGORITHM}{LENGTH}{NAME_A}{NAME_B}"))
        ),
        "BatchItem/ResponsePayload/Attributes/State unexpected: Active"
    );
    // Only Attributes is order-free: the payload around it is compared in sequence.
    let payload = |inner: &str| {
        format!(
            r#"<ResponseMessage><BatchItem><ResponsePayload>{inner}</ResponsePayload></BatchItem></ResponseMessage>"#
        )
    };
    assert!(compare(
        &payload(&format!("{ALGORITHM}{LENGTH}")),
        &payload(&format!("{LENGTH}{ALGORITHM}"))
    )
    .is_err());
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

fn outcome(stem: &str, steps: Vec<StepOutcome>) -> FileOutcome {
    FileOutcome {
        stem: stem.into(),
        profile: profile_of(stem),
        steps,
    }
}

#[test]
fn the_expected_pass_list_catches_regressions_and_new_passes() {
    let listed = parse_expected_pass("# comment\nBL-M-1-21  # trailing\n\nQS-M-9-21\nTL-M-1-21\n");
    assert_eq!(listed.len(), 3);
    let outcomes = vec![
        outcome("BL-M-1-21", vec![StepOutcome::Passed]),
        outcome(
            "TL-M-1-21",
            vec![StepOutcome::Passed, StepOutcome::Failed("boom".into())],
        ),
        outcome("BL-M-2-21", vec![StepOutcome::Passed, StepOutcome::Passed]),
    ];
    let check = check_expected_pass(&listed, &outcomes);
    assert_eq!(check.regressed, ["TL-M-1-21: step 1: boom"]);
    assert_eq!(check.unknown, ["QS-M-9-21"]);
    assert_eq!(check.unlisted, ["BL-M-2-21"]);

    let text = render(&outcomes);
    assert!(text.contains("BL-M: 2/2\n"), "{text}");
    assert!(
        text.contains("TL-M: 0/1\n  TL-M-1-21 (1/2 steps) step 1: boom\n"),
        "{text}"
    );
    assert!(text.contains("2/3 files, 4/5 steps"), "{text}");
}

#[test]
fn a_response_may_echo_the_client_correlation_value_only() {
    let request = |value: &str| {
        actual(&format!(
            r#"<RequestMessage><RequestHeader>
                 <ClientCorrelationValue type="TextString" value="{value}"/>
               </RequestHeader></RequestMessage>"#
        ))
    };
    let expected = pattern(&response_xml("", &get_success("key-1")));
    let echoed = actual(&response_xml(
        r#"<ClientCorrelationValue type="TextString" value="step=1"/>"#,
        &get_success("key-1"),
    ));
    let run = |request: &Item| {
        match_response(
            &expected,
            &echoed,
            request,
            &mut Bindings::default(),
            WINDOW,
        )
        .map_err(|d| d.to_string())
    };
    run(&request("step=1")).unwrap();
    assert_eq!(
        run(&request("step=2")),
        Err(r#"ResponseHeader/ClientCorrelationValue unexpected: "step=1""#.to_owned())
    );
    assert_eq!(
        run(&no_request()),
        Err(r#"ResponseHeader/ClientCorrelationValue unexpected: "step=1""#.to_owned())
    );
}

#[test]
fn rng_retrieve_data_is_compared_by_length_only() {
    let data = |operation: &str, hex: &str| {
        response_xml(
            "",
            &format!(
                r#"<Operation type="Enumeration" value="{operation}"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload><Data type="ByteString" value="{hex}"/></ResponsePayload>"#
            ),
        )
    };
    compare(
        &data("RNGRetrieve", "00112233"),
        &data("RNGRetrieve", "deadbeef"),
    )
    .unwrap();
    assert_eq!(
        difference(
            &data("RNGRetrieve", "00112233"),
            &data("RNGRetrieve", "deadbeef00")
        ),
        "BatchItem/ResponsePayload/Data expected 4 random bytes, got 5"
    );
    // Only RNG Retrieve output is random: an Encrypt result is compared byte for byte.
    assert_eq!(
        difference(&data("Encrypt", "00112233"), &data("Encrypt", "deadbeef")),
        "BatchItem/ResponsePayload/Data expected 00112233, got deadbeef"
    );
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
