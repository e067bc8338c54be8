//! The Digest of a generated private key is of the key itself, or absent. With KMIP's defaults
//! (`[keys] created_keys_extractable`) a generated RSA private key is readable, and its Digest
//! is SHA-256 of exactly the PKCS#1 key a Get returns; with the gateway's default policy, or a
//! client asking for Sensitive, the key stays sensitive in the HSM and has no Digest (KMIP: a
//! digest "provided that the server has access to the Key Material"). The public key always
//! has one. Real TLS, real SoftHSM2.

mod common;
mod key_helpers;
mod rsa_helpers;

use common::{connect_admin, start_server, start_server_with};
use hsmgate_kmip::message::payload::create_key_pair::CreateKeyPairResponse;
use hsmgate_kmip::spec::enums::{KeyFormatType, Operation};
use hsmgate_kmip::ttlv::{Tag, Value};
use key_helpers::*;
use rsa_helpers::{all_attributes, digest_of};
use sha2::{Digest, Sha256};

async fn pair(stream: &mut Stream, request: hsmgate_kmip::ttlv::Item) -> (String, String) {
    let r: CreateKeyPairResponse = ok(stream, V21, Operation::CREATE_KEY_PAIR, request).await;
    (
        r.private_key_unique_identifier,
        r.public_key_unique_identifier,
    )
}

/// `rsa_pair_request` with Sensitive set on the private key.
fn sensitive_pair_request() -> hsmgate_kmip::ttlv::Item {
    let mut item = rsa_pair_request(V21, false);
    if let Value::Structure(children) = &mut item.value {
        let private = children
            .iter_mut()
            .find(|c| c.tag == Tag::PRIVATE_KEY_ATTRIBUTES)
            .unwrap();
        if let Value::Structure(attrs) = &mut private.value {
            attrs.push(hsmgate_kmip::ttlv::Item::new(
                Tag::SENSITIVE,
                Value::Boolean(true),
            ));
        }
    }
    item
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readable_generated_private_key_has_the_digest_of_its_pkcs1_value() {
    let server = start_server_with("[keys]\ncreated_keys_extractable = true\n").await;
    let mut s = connect_admin(&server).await;
    let (private, public) = pair(&mut s, rsa_pair_request(V21, false)).await;
    let attributes = all_attributes(&mut s, &private).await;
    assert_eq!(attributes.get(Tag::SENSITIVE), Some(&Value::Boolean(false)));
    let (digest, format) = digest_of(&attributes).expect("a Digest on the private key");
    assert_eq!(format, KeyFormatType::PKCS_1);
    let got = get(&mut s, V21, &private, Some(KeyFormatType::PKCS_1)).await;
    let material = material_bytes(key_block(&got));
    assert_eq!(digest, Sha256::digest(&material).to_vec());
    // Two keys, two digests.
    let (other, _) = pair(&mut s, rsa_pair_request(V21, false)).await;
    let (other_digest, _) = digest_of(&all_attributes(&mut s, &other).await).unwrap();
    assert_ne!(digest, other_digest);
    assert!(digest_of(&all_attributes(&mut s, &public).await).is_some());

    // A client asking for Sensitive gets a key the server cannot read: no Digest.
    let (kept, _) = pair(&mut s, sensitive_pair_request()).await;
    let attributes = all_attributes(&mut s, &kept).await;
    assert_eq!(attributes.get(Tag::SENSITIVE), Some(&Value::Boolean(true)));
    assert!(digest_of(&attributes).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sensitive_generated_private_key_has_no_digest() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    for extractable in [false, true] {
        let (private, public) = pair(&mut s, rsa_pair_request(V21, extractable)).await;
        let attributes = all_attributes(&mut s, &private).await;
        assert_eq!(attributes.get(Tag::SENSITIVE), Some(&Value::Boolean(true)));
        assert!(
            digest_of(&attributes).is_none(),
            "extractable {extractable}"
        );
        assert!(digest_of(&all_attributes(&mut s, &public).await).is_some());
    }
}
