//! Tests of each rule in `tolerances.rs`: it loosens what it names, and nothing next to it.

use hsmgate_kmip::ttlv::Item;

use crate::bindings::Bindings;
use crate::fixtures::{
    actual, compare, difference, get_success, no_request, pattern, response_xml, WINDOW,
};
use crate::matcher::match_response;

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
fn a_generated_keys_digest_value_is_compared_by_length_only() {
    let digest = |hex: &str| {
        response_xml(
            "",
            &format!(
                r#"<Operation type="Enumeration" value="GetAttributes"/>
                <ResultStatus type="Enumeration" value="Success"/>
                <ResponsePayload><Attributes><Digest>
                  <HashingAlgorithm type="Enumeration" value="SHA_256"/>
                  <DigestValue type="ByteString" value="{hex}"/>
                  <KeyFormatType type="Enumeration" value="Raw"/>
                </Digest></Attributes></ResponsePayload>"#
            ),
        )
    };
    compare(&digest("00112233"), &digest("deadbeef")).unwrap();
    assert!(compare(&digest("00112233"), &digest("deadbeef00")).is_err());
}

/// A one-item response of `operation` with `payload` inside its Response Payload.
fn payload_response(operation: &str, payload: &str) -> String {
    response_xml(
        "",
        &format!(
            r#"<Operation type="Enumeration" value="{operation}"/>
            <ResultStatus type="Enumeration" value="Success"/>
            <ResponsePayload>{payload}</ResponsePayload>"#
        ),
    )
}

fn get_raw_key(uid: &str, hex: &str) -> String {
    payload_response(
        "Get",
        &format!(
            r#"<ObjectType type="Enumeration" value="SymmetricKey"/>
            <UniqueIdentifier type="TextString" value="{uid}"/>
            <SymmetricKey><KeyBlock>
              <KeyFormatType type="Enumeration" value="Raw"/>
              <KeyValue><KeyMaterial type="ByteString" value="{hex}"/></KeyValue>
            </KeyBlock></SymmetricKey>"#
        ),
    )
}

/// Matches `steps` (expected, actual) in order with one set of bindings, like one vector file.
fn file_steps(steps: &[(&str, &str)]) -> Result<(), crate::matcher::Difference> {
    let mut bindings = Bindings::default();
    for (expected, got) in steps {
        match_response(
            &pattern(expected),
            &actual(got),
            &no_request(),
            &mut bindings,
            WINDOW,
        )?;
    }
    Ok(())
}

#[test]
fn generated_key_material_is_compared_by_length_only() {
    let created = payload_response(
        "Create",
        r#"<ObjectType type="Enumeration" value="SymmetricKey"/>
        <UniqueIdentifier type="TextString" value="k1"/>"#,
    );
    // A key the server generated earlier in the file: only the length counts.
    file_steps(&[
        (&created, &created),
        (
            &get_raw_key("k1", "00112233"),
            &get_raw_key("k1", "deadbeef"),
        ),
    ])
    .unwrap();
    let shorter = file_steps(&[
        (&created, &created),
        (&get_raw_key("k1", "00112233"), &get_raw_key("k1", "deadbe")),
    ]);
    assert!(shorter.is_err());
    // A registered key (never seen generated) is compared byte for byte.
    let registered = payload_response(
        "Register",
        r#"<UniqueIdentifier type="TextString" value="k1"/>"#,
    );
    let other = file_steps(&[
        (&registered, &registered),
        (
            &get_raw_key("k1", "00112233"),
            &get_raw_key("k1", "deadbeef"),
        ),
    ]);
    assert!(other.unwrap_err().to_string().contains("KeyMaterial"));
    // Another key than the generated one is compared byte for byte too.
    let other_key = file_steps(&[
        (&created, &created),
        (
            &get_raw_key("k2", "00112233"),
            &get_raw_key("k2", "deadbeef"),
        ),
    ]);
    assert!(other_key.is_err());
}

#[test]
fn a_random_number_generator_is_compared_for_presence_only() {
    let rng = |inner: &str| {
        attributes(&format!(
            r#"<State type="Enumeration" value="PreActive"/>
            <RandomNumberGenerator>{inner}</RandomNumberGenerator>"#
        ))
    };
    let vendor = rng(r#"<RNGAlgorithm type="Enumeration" value="ANSIX9_31"/>
        <CryptographicAlgorithm type="Enumeration" value="AES"/>
        <CryptographicLength type="Integer" value="256"/>"#);
    compare(
        &vendor,
        &rng(r#"<RNGAlgorithm type="Enumeration" value="Unspecified"/>"#),
    )
    .unwrap();
    // Missing altogether, it differs; and its neighbours are still compared.
    let without = attributes(r#"<State type="Enumeration" value="PreActive"/>"#);
    assert!(compare(&vendor, &without).is_err());
    let other_state = rng(r#"<RNGAlgorithm type="Enumeration" value="Unspecified"/>"#)
        .replace("PreActive", "Active");
    assert!(compare(&vendor, &other_state).is_err());
}

#[test]
fn cipher_output_under_a_generated_key_is_compared_by_length_only() {
    let created = payload_response(
        "Create",
        r#"<ObjectType type="Enumeration" value="SymmetricKey"/>
        <UniqueIdentifier type="TextString" value="k1"/>"#,
    );
    let registered = payload_response(
        "Register",
        r#"<UniqueIdentifier type="TextString" value="k2"/>"#,
    );
    let output = |operation: &str, uid: &str, hex: &str| {
        payload_response(
            operation,
            &format!(
                r#"<UniqueIdentifier type="TextString" value="{uid}"/>
                <Data type="ByteString" value="{hex}"/>"#
            ),
        )
    };
    for operation in ["Encrypt", "Decrypt"] {
        file_steps(&[
            (&created, &created),
            (
                &output(operation, "k1", "00112233"),
                &output(operation, "k1", "deadbeef"),
            ),
        ])
        .unwrap();
        assert!(file_steps(&[
            (&created, &created),
            (
                &output(operation, "k1", "00112233"),
                &output(operation, "k1", "deadbeefff"),
            ),
        ])
        .is_err());
        // Under a registered key the output is the vector's, byte for byte.
        assert!(file_steps(&[
            (&registered, &registered),
            (
                &output(operation, "k2", "00112233"),
                &output(operation, "k2", "deadbeef"),
            ),
        ])
        .is_err());
    }
    // Other operations' Data are not covered.
    assert!(file_steps(&[
        (&created, &created),
        (
            &output("MAC", "k1", "00112233"),
            &output("MAC", "k1", "deadbeef"),
        ),
    ])
    .is_err());
}

/// A one-item request of `operation` with `payload` inside its Request Payload.
fn request(operation: &str, payload: &str) -> Item {
    actual(&format!(
        r#"<RequestMessage><BatchItem>
          <Operation type="Enumeration" value="{operation}"/>
          <RequestPayload>{payload}</RequestPayload>
        </BatchItem></RequestMessage>"#
    ))
}

#[test]
fn encryption_under_a_registered_public_key_is_compared_by_length_only() {
    let registered = payload_response(
        "Register",
        r#"<UniqueIdentifier type="TextString" value="pk"/>"#,
    );
    let register = |object_type: &str| {
        request(
            "Register",
            &format!(r#"<ObjectType type="Enumeration" value="{object_type}"/>"#),
        )
    };
    let output = |operation: &str, hex: &str| {
        payload_response(
            operation,
            &format!(
                r#"<UniqueIdentifier type="TextString" value="pk"/>
                <Data type="ByteString" value="{hex}"/>"#
            ),
        )
    };
    let steps = |object_type: &str, operation: &str, expected: &str, got: &str| {
        let mut bindings = Bindings::default();
        match_response(
            &pattern(&registered),
            &actual(&registered),
            &register(object_type),
            &mut bindings,
            WINDOW,
        )?;
        match_response(
            &pattern(&output(operation, expected)),
            &actual(&output(operation, got)),
            &no_request(),
            &mut bindings,
            WINDOW,
        )
    };
    steps("PublicKey", "Encrypt", "00112233", "deadbeef").unwrap();
    assert!(steps("PublicKey", "Encrypt", "00112233", "deadbeefff").is_err());
    // Decrypt is deterministic: compared byte for byte.
    assert!(steps("PublicKey", "Decrypt", "00112233", "deadbeef").is_err());
    // A registered private or symmetric key is not covered.
    assert!(steps("PrivateKey", "Encrypt", "00112233", "deadbeef").is_err());
    assert!(steps("SymmetricKey", "Encrypt", "00112233", "deadbeef").is_err());
}

#[test]
fn attribute_references_of_get_attribute_list_may_come_in_any_order() {
    let list = |operation: &str, names: &[&str]| {
        let references: String = names
            .iter()
            .map(|n| format!(r#"<AttributeReference type="Enumeration" value="{n}"/>"#))
            .collect();
        payload_response(
            operation,
            &format!(r#"<UniqueIdentifier type="TextString" value="k1"/>{references}"#),
        )
    };
    let expected = list(
        "GetAttributeList",
        &["UniqueIdentifier", "ObjectType", "State"],
    );
    compare(
        &expected,
        &list(
            "GetAttributeList",
            &["State", "UniqueIdentifier", "ObjectType"],
        ),
    )
    .unwrap();
    // Which references are there still counts: one missing, one extra, one other.
    assert!(compare(
        &expected,
        &list("GetAttributeList", &["State", "ObjectType"])
    )
    .is_err());
    assert!(compare(
        &expected,
        &list(
            "GetAttributeList",
            &["State", "UniqueIdentifier", "ObjectType", "Name"]
        )
    )
    .is_err());
    assert!(compare(
        &expected,
        &list("GetAttributeList", &["State", "UniqueIdentifier", "Name"])
    )
    .is_err());
    // Only in Get Attribute List responses.
    let other = list("Locate", &["UniqueIdentifier", "ObjectType", "State"]);
    assert!(compare(
        &other,
        &list("Locate", &["State", "UniqueIdentifier", "ObjectType"])
    )
    .is_err());
}
