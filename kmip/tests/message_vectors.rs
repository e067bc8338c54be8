//! Every Request and Response Message of the OASIS KMIP 2.1 profile test vectors, read from XML,
//! through the typed model and back: the envelope must give an equal item tree, and so must
//! every payload whose operation has a typed payload here. The binary codec is checked on the
//! way (item -> TTLV bytes -> item).

use std::path::{Path, PathBuf};

use bytes::Bytes;
use hsmgate_kmip::message::payload::{RequestPayload, ResponsePayload};
use hsmgate_kmip::message::{MessageError, RequestMessage, ResponseMessage};
use hsmgate_kmip::ttlv::{decode_message, to_bytes, Limits};
use hsmgate_kmip::xml::{read_items_with, Placeholder, ReadOptions};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

fn vector_files() -> Vec<PathBuf> {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/kmip-vectors/kmip-profiles-v2.1");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("vector directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Binds `$NOW`, `$UNIQUE_IDENTIFIER_n`, ... to fixed values of the declared type. Text
/// placeholders keep their text.
fn bind(placeholder: &Placeholder<'_>) -> Option<Value> {
    Some(match placeholder.item_type {
        ItemType::DateTime => Value::DateTime(1_700_000_000),
        ItemType::DateTimeExtended => Value::DateTimeExtended(1_700_000_000_000_000),
        ItemType::Integer => Value::Integer(1),
        ItemType::LongInteger => Value::LongInteger(1),
        ItemType::Interval => Value::Interval(1),
        ItemType::ByteString => {
            Value::ByteString(Bytes::copy_from_slice(placeholder.text.as_bytes()))
        }
        _ => return None,
    })
}

#[derive(Default, Debug)]
struct Tally {
    messages: usize,
    envelopes_ok: usize,
    payloads_typed: usize,
    payloads_ok: usize,
    payloads_untyped: usize,
    failures: Vec<String>,
}

fn check_request(item: &Item, where_: &str, tally: &mut Tally) {
    let request = match RequestMessage::try_from(item) {
        Ok(request) => request,
        Err(e) => return tally.failures.push(format!("{where_}: request: {e}")),
    };
    if request.to_item() != *item {
        return tally.failures.push(format!(
            "{where_}: request envelope differs after round trip"
        ));
    }
    if RequestMessage::from_owned(item.clone()).as_ref() != Ok(&request) {
        return tally.failures.push(format!(
            "{where_}: request parsed from an owned item differs"
        ));
    }
    tally.envelopes_ok += 1;
    let version = request.header.protocol_version;
    for batch in &request.batch_items {
        match RequestPayload::parse(batch.operation, &batch.payload, version) {
            Err(MessageError::OperationNotSupported { .. }) => tally.payloads_untyped += 1,
            Err(e) => {
                tally.payloads_typed += 1;
                tally.failures.push(format!(
                    "{where_}: {:?} request payload: {e}",
                    batch.operation
                ));
            }
            Ok(typed) => {
                tally.payloads_typed += 1;
                match typed.to_item(version) {
                    Ok(again) if again == batch.payload => tally.payloads_ok += 1,
                    Ok(_) => tally.failures.push(format!(
                        "{where_}: {:?} request payload differs",
                        batch.operation
                    )),
                    Err(e) => tally.failures.push(format!(
                        "{where_}: {:?} request payload encode: {e}",
                        batch.operation
                    )),
                }
            }
        }
    }
}

fn check_response(item: &Item, where_: &str, tally: &mut Tally) {
    let response = match ResponseMessage::try_from(item) {
        Ok(response) => response,
        Err(e) => return tally.failures.push(format!("{where_}: response: {e}")),
    };
    if response.to_item() != *item {
        return tally.failures.push(format!(
            "{where_}: response envelope differs after round trip"
        ));
    }
    let direct = response.to_bytes();
    if direct != hsmgate_kmip::ttlv::to_bytes(item) || direct.len() != response.encoded_len() {
        return tally.failures.push(format!(
            "{where_}: response encoded directly differs from its item tree's encoding"
        ));
    }
    tally.envelopes_ok += 1;
    let version = response.header.protocol_version;
    for batch in &response.batch_items {
        let (Some(operation), Some(payload)) = (batch.operation, &batch.payload) else {
            continue;
        };
        match ResponsePayload::parse(operation, payload, version) {
            Err(MessageError::OperationNotSupported { .. }) => tally.payloads_untyped += 1,
            Err(e) => {
                tally.payloads_typed += 1;
                tally
                    .failures
                    .push(format!("{where_}: {operation:?} response payload: {e}"));
            }
            Ok(typed) => {
                tally.payloads_typed += 1;
                match typed.to_item(version) {
                    Ok(again) if again == *payload => tally.payloads_ok += 1,
                    Ok(_) => tally
                        .failures
                        .push(format!("{where_}: {operation:?} response payload differs")),
                    Err(e) => tally.failures.push(format!(
                        "{where_}: {operation:?} response payload encode: {e}"
                    )),
                }
            }
        }
    }
}

#[test]
fn every_vector_message_round_trips_through_the_typed_model() {
    let resolver = bind;
    let options = ReadOptions {
        placeholder: Some(&resolver),
    };
    let files = vector_files();
    assert!(
        files.len() >= 90,
        "expected the OASIS vectors, found {} files",
        files.len()
    );
    let mut tally = Tally::default();
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        let xml = std::fs::read_to_string(file).expect("read vector");
        let items = read_items_with(&xml, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (n, item) in items.iter().enumerate() {
            tally.messages += 1;
            let where_ = format!("{name}#{n}");
            // Through the binary codec first: the typed model must see what a socket delivers.
            let wire = decode_message(to_bytes(item), &Limits::default());
            let Ok(item) = wire else {
                tally
                    .failures
                    .push(format!("{where_}: TTLV round trip: {:?}", wire.err()));
                continue;
            };
            if item.tag == Tag::REQUEST_MESSAGE {
                check_request(&item, &where_, &mut tally);
            } else if item.tag == Tag::RESPONSE_MESSAGE {
                check_response(&item, &where_, &mut tally);
            } else {
                tally
                    .failures
                    .push(format!("{where_}: neither request nor response"));
            }
        }
    }
    eprintln!(
        "vectors: {} files, {} messages, {} envelopes round-trip; typed payloads {}/{} round-trip, {} payloads of other operations",
        files.len(),
        tally.messages,
        tally.envelopes_ok,
        tally.payloads_ok,
        tally.payloads_typed,
        tally.payloads_untyped
    );
    for failure in &tally.failures {
        eprintln!("  {failure}");
    }
    assert_eq!(tally.messages, 1156, "messages in the vector set");
    // Only Certify, Re-certify, Create/Join Split Key, Notify and Put remain untyped.
    assert_eq!(
        tally.payloads_typed + tally.payloads_untyped,
        1190,
        "payloads in the vector set"
    );
    assert!(
        tally.payloads_typed >= 1184,
        "only {} payloads typed",
        tally.payloads_typed
    );
    assert!(
        tally.failures.is_empty(),
        "{} failures",
        tally.failures.len()
    );
    assert_eq!(tally.envelopes_ok, tally.messages);
}

/// Every typed payload of the 2.1 vectors, written in the KMIP 1.4 shape, read back as 1.4 and
/// written as 2.1 again, must be unchanged, or fail honestly because 1.4 cannot say it.
#[test]
fn vector_payloads_survive_a_trip_through_the_1x_shape() {
    use hsmgate_kmip::message::ProtocolVersion;
    const V1: ProtocolVersion = ProtocolVersion::V1_4;
    let resolver = bind;
    let options = ReadOptions {
        placeholder: Some(&resolver),
    };
    let (mut same, mut not_in_1x, mut op_not_in_1x, mut differs) =
        (0usize, 0usize, 0usize, Vec::new());
    for file in vector_files() {
        let xml = std::fs::read_to_string(&file).expect("read vector");
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        for item in read_items_with(&xml, &options).expect("xml") {
            // (operation, payload, is request)
            let mut payloads: Vec<(hsmgate_kmip::spec::enums::Operation, Item, bool)> = Vec::new();
            if let Ok(request) = RequestMessage::try_from(&item) {
                payloads.extend(
                    request
                        .batch_items
                        .into_iter()
                        .map(|b| (b.operation, b.payload, true)),
                );
            } else if let Ok(response) = ResponseMessage::try_from(&item) {
                for batch in response.batch_items {
                    if let (Some(op), Some(payload)) = (batch.operation, batch.payload) {
                        payloads.push((op, payload, false));
                    }
                }
            }
            for (operation, payload, is_request) in payloads {
                let v2 = ProtocolVersion::V2_1;
                let result = if is_request {
                    let Ok(typed) = RequestPayload::parse(operation, &payload, v2) else {
                        continue;
                    };
                    typed
                        .to_item(V1)
                        .and_then(|v1| RequestPayload::parse(operation, &v1, V1))
                        .and_then(|back| back.to_item(v2))
                } else {
                    let Ok(typed) = ResponsePayload::parse(operation, &payload, v2) else {
                        continue;
                    };
                    typed
                        .to_item(V1)
                        .and_then(|v1| ResponsePayload::parse(operation, &v1, V1))
                        .and_then(|back| back.to_item(v2))
                };
                match result {
                    Ok(again) if again == payload => same += 1,
                    Ok(_) => differs.push(format!("{name}: {operation:?}")),
                    Err(MessageError::AttributeNotInVersion { .. }) => not_in_1x += 1,
                    // Interop and Log exist from KMIP 2.0 on: refused in a 1.x message.
                    Err(MessageError::Unsupported {
                        tag: hsmgate_kmip::Tag::OPERATION,
                        ..
                    }) => op_not_in_1x += 1,
                    Err(e) => differs.push(format!("{name}: {operation:?}: {e}")),
                }
            }
        }
    }
    eprintln!(
        "2.1 -> 1.4 -> 2.1: {same} payloads unchanged, {not_in_1x} refused (attribute without a 1.x name), {op_not_in_1x} refused (operation added in 2.0), {} differ",
        differs.len()
    );
    for d in &differs {
        eprintln!("  {d}");
    }
    assert!(same > 1100, "only {same} payloads unchanged");
    assert_eq!(op_not_in_1x, 54, "Interop and Log payloads in the vectors");
    assert!(differs.is_empty());
}
