//! Register of wrapped symmetric keys: the Key Block a Get with a Key Wrapping Specification
//! returns (AES key wrap under a managed key, No Encoding or TTLV Encoding) registers as a new
//! key, unwrapped inside the HSM, that encrypts exactly as the original; tampered input, a
//! wrapping key without Unwrap Key usage and a wrong length are refused. Real SoftHSM2, real TLS.

mod common;
mod key_helpers;

use common::{call_v21, connect_admin, start_server, succeeded};
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::get::GetResponse;
use hsmgate_kmip::message::payload::register::RegisterRequest;
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, EncodingOption, ObjectType, Operation, ResultReason,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

const IV: [u8; 12] = [9; 12];

fn usage(mask: u32) -> Usage {
    Usage(mask)
}

async fn gcm(stream: &mut Stream, uid: &str) -> Vec<u8> {
    let sealed = encrypt_v21(
        stream,
        EncryptRequest {
            unique_identifier: Some(uid.into()),
            cryptographic_parameters: Some(CryptographicParameters {
                block_cipher_mode: Some(BlockCipherMode::GCM),
                tag_length: Some(16),
                ..CryptographicParameters::default()
            }),
            data: Some(b"the same key inside".to_vec().into()),
            iv_counter_nonce: Some(IV.to_vec().into()),
            ..EncryptRequest::default()
        },
    )
    .await;
    let mut out = sealed.data.unwrap().to_vec();
    out.extend_from_slice(&sealed.authenticated_encryption_tag.unwrap());
    out
}

/// Get of `uid` wrapped under `kek` (AES key wrap), in the given encoding.
async fn wrapped(stream: &mut Stream, uid: &str, kek: &str, encoding: EncodingOption) -> Item {
    let mut spec = wrapping_spec(kek, Some(BlockCipherMode::NISTKEYWRAP));
    if let Value::Structure(fields) = &mut spec.value {
        fields.push(Item::new(
            Tag::ENCODING_OPTION,
            Value::Enumeration(encoding.0),
        ));
    }
    let response: GetResponse = ok(
        stream,
        V21,
        Operation::GET,
        get_request(uid, None, Some(spec), V21),
    )
    .await;
    response.object
}

fn register_request(object: Item) -> RegisterRequest {
    RegisterRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: attributes(&[(
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Value::Integer((Usage::ENCRYPT.0 | Usage::DECRYPT.0) as i32),
        )]),
        object,
        protection_storage_masks: None,
    }
}

/// An Active AES-256 key with usage `mask` that Get answers in plaintext (Extractable, not
/// Sensitive).
async fn active_readable_aes(stream: &mut Stream, mask: u32) -> String {
    let readable = [
        (Tag::EXTRACTABLE, Value::Boolean(true)),
        (Tag::SENSITIVE, Value::Boolean(false)),
    ];
    let uid = create_aes(stream, aes(256, usage(mask), &readable)).await;
    activate(stream, V21, &uid).await;
    uid
}

/// An Active AES-256 key that may wrap and unwrap.
async fn active_kek(stream: &mut Stream) -> String {
    let kek = create_aes(
        stream,
        aes(256, usage(Usage::WRAP_KEY.0 | Usage::UNWRAP_KEY.0), &[]),
    )
    .await;
    activate(stream, V21, &kek).await;
    kek
}

fn uid_of(item: &hsmgate_kmip::message::ResponseBatchItem) -> String {
    match succeeded(item)
        .child(Tag::UNIQUE_IDENTIFIER)
        .map(|i| &i.value)
    {
        Some(Value::TextString(uid)) => uid.clone(),
        other => panic!("no Unique Identifier: {other:?}"),
    }
}

/// Replaces the Key Value bytes of a wrapped Symmetric Key.
fn with_key_value(mut object: Item, bytes: Vec<u8>) -> Item {
    if let Value::Structure(blocks) = &mut object.value {
        for block in blocks.iter_mut().filter(|b| b.tag == Tag::KEY_BLOCK) {
            if let Value::Structure(fields) = &mut block.value {
                for field in fields.iter_mut().filter(|f| f.tag == Tag::KEY_VALUE) {
                    field.value = Value::ByteString(bytes.clone().into());
                }
            }
        }
    }
    object
}

fn key_value(object: &Item) -> Vec<u8> {
    match object
        .child(Tag::KEY_BLOCK)
        .and_then(|b| b.child(Tag::KEY_VALUE))
        .map(|v| &v.value)
    {
        Some(Value::ByteString(bytes)) => bytes.to_vec(),
        other => panic!("not a wrapped key value: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrapped_key_registers_as_the_same_key_in_either_encoding() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let kek = active_kek(&mut stream).await;
    // Readable, so that both encodings can be exported.
    let original = active_readable_aes(&mut stream, Usage::ENCRYPT.0 | Usage::DECRYPT.0).await;
    let expected = gcm(&mut stream, &original).await;
    for encoding in [EncodingOption::NO_ENCODING, EncodingOption::TTLV_ENCODING] {
        let object = wrapped(&mut stream, &original, &kek, encoding).await;
        let copy =
            uid_of(&call_v21(&mut stream, Operation::REGISTER, &register_request(object)).await);
        assert_ne!(copy, original);
        activate(&mut stream, V21, &copy).await;
        assert_eq!(gcm(&mut stream, &copy).await, expected, "{encoding}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_wrapped_keys_and_wrong_wrapping_keys_are_refused() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let kek = active_kek(&mut stream).await;
    let original = create_aes(
        &mut stream,
        aes(
            256,
            usage(Usage::ENCRYPT.0),
            &[(Tag::EXTRACTABLE, Value::Boolean(true))],
        ),
    )
    .await;
    let object = wrapped(&mut stream, &original, &kek, EncodingOption::NO_ENCODING).await;
    let mut tampered = key_value(&object);
    tampered[5] ^= 1;
    failed(
        &call_v21(
            &mut stream,
            Operation::REGISTER,
            &register_request(with_key_value(object.clone(), tampered)),
        )
        .await,
        ResultReason::CRYPTOGRAPHIC_FAILURE,
    );
    let mut short = key_value(&object);
    short.truncate(32);
    failed(
        &call_v21(
            &mut stream,
            Operation::REGISTER,
            &register_request(with_key_value(object.clone(), short)),
        )
        .await,
        ResultReason::INVALID_FIELD,
    );
    // The same bytes named as wrapped under a key that may wrap but not unwrap.
    let wrap_only = create_aes(&mut stream, aes(256, usage(Usage::WRAP_KEY.0), &[])).await;
    activate(&mut stream, V21, &wrap_only).await;
    let renamed = rename_wrapping_key(object, &wrap_only);
    failed(
        &call_v21(&mut stream, Operation::REGISTER, &register_request(renamed)).await,
        ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
    );
}

/// Points the Encryption Key Information of a wrapped Symmetric Key at `kek`.
fn rename_wrapping_key(mut object: Item, kek: &str) -> Item {
    fn visit(item: &mut Item, kek: &str) {
        if let Value::Structure(fields) = &mut item.value {
            for field in fields.iter_mut() {
                if field.tag == Tag::UNIQUE_IDENTIFIER {
                    field.value = Value::TextString(kek.into());
                } else {
                    visit(field, kek);
                }
            }
        }
    }
    visit(&mut object, kek);
    object
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrapped_private_key_registers_as_the_same_key() {
    use hsmgate_kmip::message::payload::create_key_pair::CreateKeyPairResponse;
    use hsmgate_kmip::spec::enums::{HashingAlgorithm, PaddingMethod};
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let kek = active_kek(&mut stream).await;
    let pair: CreateKeyPairResponse = ok(
        &mut stream,
        V21,
        Operation::CREATE_KEY_PAIR,
        rsa_pair_request(V21, true),
    )
    .await;
    let private = pair.private_key_unique_identifier;
    activate(&mut stream, V21, &private).await;
    // RSASSA-PKCS1-v1_5 is deterministic: the same key gives the same signature.
    let pkcs1 = || {
        Some(CryptographicParameters {
            padding_method: Some(PaddingMethod::PKCS1_V1_5),
            hashing_algorithm: Some(HashingAlgorithm::SHA_256),
            ..CryptographicParameters::default()
        })
    };
    let expected = sign(&mut stream, &private, pkcs1(), b"same key").await;
    // (Get wraps a private key TTLV-encoded only when the server may read it; the TTLV path of
    // Register is the symmetric one's, tested above.)
    let encoding = EncodingOption::NO_ENCODING;
    let mut spec = wrapping_spec(&kek, Some(BlockCipherMode::AESKEYWRAPPADDING));
    if let Value::Structure(fields) = &mut spec.value {
        fields.push(Item::new(
            Tag::ENCODING_OPTION,
            Value::Enumeration(encoding.0),
        ));
    }
    let response: GetResponse = ok(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&private, None, Some(spec), V21),
    )
    .await;
    let request = RegisterRequest {
        object_type: ObjectType::PRIVATE_KEY,
        attributes: attributes(&[(
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Value::Integer(Usage::SIGN.0 as i32),
        )]),
        object: response.object,
        protection_storage_masks: None,
    };
    let copy = uid_of(&call_v21(&mut stream, Operation::REGISTER, &request).await);
    activate(&mut stream, V21, &copy).await;
    assert_eq!(
        sign(&mut stream, &copy, pkcs1(), b"same key").await,
        expected,
        "{encoding}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_data_wrapped_by_another_implementation_registers_unwrapped() {
    use hsmgate_kmip::spec::enums::SecretDataType;
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    // A wrapping key the test may read, so that RustCrypto's AES-KWP (RFC 5649) can wrap with it.
    let kek = active_readable_aes(&mut stream, Usage::WRAP_KEY.0 | Usage::UNWRAP_KEY.0).await;
    let kek_bytes: [u8; 32] = material_bytes(key_block(&get(&mut stream, V21, &kek, None).await))
        .try_into()
        .unwrap();
    let secret = b"twenty-byte secret!!".to_vec();
    let wrapped = aes_kw::KekAes256::from(kek_bytes)
        .wrap_with_padding_vec(&secret)
        .unwrap();
    // The Key Wrapping Data has the shape of a Key Wrapping Specification.
    let mut wrapping_data = wrapping_spec(&kek, Some(BlockCipherMode::AESKEYWRAPPADDING));
    wrapping_data.tag = Tag::KEY_WRAPPING_DATA;
    if let Value::Structure(fields) = &mut wrapping_data.value {
        fields.push(Item::new(
            Tag::ENCODING_OPTION,
            Value::Enumeration(EncodingOption::NO_ENCODING.0),
        ));
    }
    let mut object = with_key_value(
        common::objects::secret_data(SecretDataType::PASSWORD, &[]),
        wrapped,
    );
    if let Value::Structure(fields) = &mut object.value {
        for block in fields.iter_mut().filter(|f| f.tag == Tag::KEY_BLOCK) {
            if let Value::Structure(block_fields) = &mut block.value {
                block_fields.push(wrapping_data.clone());
            }
        }
    }
    let request = RegisterRequest {
        object_type: ObjectType::SECRET_DATA,
        attributes: attributes(&[]),
        object,
        protection_storage_masks: None,
    };
    let uid = uid_of(&call_v21(&mut stream, Operation::REGISTER, &request).await);
    let got = get(&mut stream, V21, &uid, None).await;
    let block = key_block(&got);
    assert!(block.child(Tag::KEY_WRAPPING_DATA).is_none());
    assert_eq!(material_bytes(block), secret);
}
