//! Import over real TLS on a real SoftHSM2 token: an exported AES key comes back under the
//! client's identifier with its attributes as supplied and encrypts as the original does; an
//! identifier in use is refused unless Replace Existing, and never taken from another owner;
//! a key wrapped under another managed key imports unwrapped in the HSM; malformed wrapping
//! data and other object types are refused.

mod common;
mod key_helpers;

use common::{call, client_config, connect, connect_admin, other_client, start_server_with};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::export::{ExportRequest, ExportResponse};
use hsmgate_kmip::message::payload::import::{ImportRequest, ImportResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion, ResponseBatchItem};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, ObjectType, Operation, PaddingMethod, ResultReason, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

const KMIP_DEFAULTS: &str = "[keys]\ncreated_keys_extractable = true\n";

async fn export(s: &mut Stream, version: ProtocolVersion, uid: &str) -> ExportResponse {
    let request = ExportRequest {
        unique_identifier: Some(uid.into()),
        ..ExportRequest::default()
    };
    ask(s, version, &request).await
}

async fn import(
    s: &mut Stream,
    version: ProtocolVersion,
    uid: &str,
    replace: bool,
    from: &ExportResponse,
) -> ResponseBatchItem {
    let request = ImportRequest {
        unique_identifier: uid.into(),
        object_type: from.object_type,
        replace_existing: replace.then_some(true),
        key_wrap_type: None,
        attributes: from.attributes.clone(),
        object: from.object.clone(),
    };
    call(
        s,
        version,
        Operation::IMPORT,
        request.to_item(version).unwrap(),
    )
    .await
}

async fn encrypt(s: &mut Stream, uid: &str) -> Vec<u8> {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: Some(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::CBC),
            padding_method: Some(PaddingMethod::PKCS5),
            ..CryptographicParameters::default()
        }),
        data: Some(b"the same key encrypts the same way".to_vec().into()),
        iv_counter_nonce: Some(vec![7u8; 16].into()),
        ..EncryptRequest::default()
    };
    let r: EncryptResponse = ok(s, V21, Operation::ENCRYPT, request.to_item(V21).unwrap()).await;
    r.data.unwrap().to_vec()
}

fn named(name: &str) -> Value {
    Value::Structure(vec![
        Item::new(Tag::NAME_VALUE, Value::TextString(name.into())),
        Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_key_imports_under_the_clients_identifier_as_it_was() {
    let server = start_server_with(KMIP_DEFAULTS).await;
    let mut s = connect_admin(&server).await;
    let original = create_aes(
        &mut s,
        aes(
            256,
            Usage::ENCRYPT | Usage::DECRYPT,
            &[(Tag::NAME, named("moving"))],
        ),
    )
    .await;
    activate(&mut s, V21, &original).await;
    let exported = export(&mut s, V21, &original).await;

    let answer = import(&mut s, V21, "imported-1", false, &exported).await;
    let r = ImportResponse::parse(common::succeeded(&answer), V21).unwrap();
    assert_eq!(r.unique_identifier, "imported-1");
    // The supplied attributes stand (State, dates, Name); the identifier is the client's.
    let again = export(&mut s, V21, "imported-1").await;
    for tag in [
        Tag::STATE,
        Tag::INITIAL_DATE,
        Tag::NAME,
        Tag::CRYPTOGRAPHIC_LENGTH,
    ] {
        assert_eq!(
            again.attributes.get(tag),
            exported.attributes.get(tag),
            "{tag:?}"
        );
    }
    assert_eq!(
        again.attributes.get(Tag::STATE),
        Some(&Value::Enumeration(State::ACTIVE.0))
    );
    assert_eq!(
        again.attributes.get(Tag::UNIQUE_IDENTIFIER),
        Some(&Value::TextString("imported-1".into()))
    );
    assert_eq!(again.object, exported.object);
    assert_eq!(
        encrypt(&mut s, "imported-1").await,
        encrypt(&mut s, &original).await
    );

    // The identifier is taken now; Replace Existing replaces.
    let other = create_aes(&mut s, aes(256, Usage::ENCRYPT, &[])).await;
    activate(&mut s, V21, &other).await;
    let other_export = export(&mut s, V21, &other).await;
    failed(
        &import(&mut s, V21, "imported-1", false, &other_export).await,
        ResultReason::OBJECT_ALREADY_EXISTS,
    );
    common::succeeded(&import(&mut s, V21, "imported-1", true, &other_export).await);
    assert_eq!(
        encrypt(&mut s, "imported-1").await,
        encrypt(&mut s, &other).await
    );
    assert_ne!(
        encrypt(&mut s, "imported-1").await,
        encrypt(&mut s, &original).await
    );

    // Another owner cannot take the identifier, even with Replace Existing.
    let (cert, key) = other_client(&server.pki, "stranger");
    let mut stranger = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    failed(
        &import(&mut stranger, V21, "imported-1", true, &exported).await,
        ResultReason::OBJECT_ALREADY_EXISTS,
    );
    assert_eq!(
        encrypt(&mut s, "imported-1").await,
        encrypt(&mut s, &other).await
    );

    // KMIP 1.4 imports with 1.x attributes.
    let v14 = ProtocolVersion::V1_4;
    let exported14 = export(&mut s, v14, &original).await;
    common::succeeded(&import(&mut s, v14, "imported-14", false, &exported14).await);
    assert_eq!(
        encrypt(&mut s, "imported-14").await,
        encrypt(&mut s, &original).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_import_does_not_take_is_refused() {
    let server = start_server_with(KMIP_DEFAULTS).await;
    let mut s = connect_admin(&server).await;
    let original = create_aes(&mut s, aes(128, Usage::ENCRYPT, &[])).await;
    let exported = export(&mut s, V21, &original).await;

    // A wrapped key block.
    let mut wrapped = exported.clone();
    if let Value::Structure(fields) = &mut wrapped.object.value {
        if let Some(Value::Structure(block)) = fields.first_mut().map(|f| &mut f.value) {
            block.push(Item::structure(Tag::KEY_WRAPPING_DATA, vec![]));
        }
    }
    // (Key Wrapping Data without a Wrapping Method.)
    failed(
        &import(&mut s, V21, "wrapped", false, &wrapped).await,
        ResultReason::INVALID_MESSAGE,
    );
    // Secret Data.
    let mut secret = exported.clone();
    secret.object_type = ObjectType::SECRET_DATA;
    failed(
        &import(&mut s, V21, "secret", false, &secret).await,
        ResultReason::OPERATION_NOT_SUPPORTED,
    );
    // A length that does not match the material.
    let mut longer = exported.clone();
    let mut attributes = Attributes::new();
    for a in exported.attributes.iter() {
        if a.name != AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH) {
            attributes.push(a.name.clone(), a.value.clone());
        }
    }
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(256),
    );
    longer.attributes = attributes;
    failed(
        &import(&mut s, V21, "longer", false, &longer).await,
        ResultReason::INVALID_FIELD,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrapped_key_imports_unwrapped_in_the_hsm() {
    use hsmgate_kmip::message::payload::get::GetResponse;
    use hsmgate_kmip::spec::enums::BlockCipherMode;
    let server = start_server_with(KMIP_DEFAULTS).await;
    let mut s = connect_admin(&server).await;
    let kek = create_aes(
        &mut s,
        aes(256, Usage(Usage::WRAP_KEY.0 | Usage::UNWRAP_KEY.0), &[]),
    )
    .await;
    activate(&mut s, V21, &kek).await;
    let original = create_aes(&mut s, aes(128, Usage::ENCRYPT, &[])).await;
    activate(&mut s, V21, &original).await;
    let mut from = export(&mut s, V21, &original).await;
    let wrapped: GetResponse = ok(
        &mut s,
        V21,
        Operation::GET,
        get_request(
            &original,
            None,
            Some(wrapping_spec(&kek, Some(BlockCipherMode::NISTKEYWRAP))),
            V21,
        ),
    )
    .await;
    from.object = wrapped.object;
    common::succeeded(&import(&mut s, V21, "imported-wrapped", false, &from).await);
    assert_eq!(
        encrypt(&mut s, "imported-wrapped").await,
        encrypt(&mut s, &original).await
    );
}
