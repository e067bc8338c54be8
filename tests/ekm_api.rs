//! The Azure Managed HSM EKM proxy API end to end: a gateway on loopback ports (real TLS with
//! client certificates, a real SoftHSM2 token), keys created or registered and named over
//! KMIP, then used through EKM requests. Every test checks HTTP statuses and ProxyError codes.

mod common;
mod ekm_support;
mod key_helpers;
mod rsa_helpers;

use aes_kw::KekAes256;
use ekm_support::*;
use hsmgate_kmip::message::payload::create_key_pair::{
    CreateKeyPairRequest, CreateKeyPairResponse,
};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, KeyFormatType, ObjectType};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use http::Method;
use key_helpers::{activate, aes, ask, attributes, create_aes, register, revoke_key, Stream, V21};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPrivateKey};
use serde_json::json;
use sha2::Sha256;

fn b64u(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64u(value: &serde_json::Value) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value.as_str().expect("a base64url string"))
        .unwrap()
}

fn name(value: &str) -> (Tag, Value) {
    (
        Tag::NAME,
        Value::Structure(vec![
            Item::new(Tag::NAME_VALUE, Value::TextString(value.into())),
            Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
        ]),
    )
}

/// Creates and activates an AES-256 key named `key_name` in the HSM over KMIP.
async fn named_aes(kmip: &mut Stream, key_name: &str, usage: Usage) -> String {
    let uid = create_aes(kmip, aes(256, usage, &[name(key_name)])).await;
    activate(kmip, V21, &uid).await;
    uid
}

/// Registers a known AES-256 key (Active from the start) named `key_name`.
async fn registered_aes(kmip: &mut Stream, key_name: &str, key: &[u8; 32]) -> String {
    let attrs = aes(
        256,
        Usage::WRAP_KEY | Usage::UNWRAP_KEY,
        &[name(key_name), (Tag::ACTIVATION_DATE, Value::DateTime(1))],
    );
    register(kmip, V21, key, attrs).await
}

/// Creates an RSA-2048 pair in the HSM whose private key is named `key_name`; activates it.
async fn named_rsa_pair(kmip: &mut Stream, key_name: &str) -> String {
    let request = CreateKeyPairRequest {
        common_attributes: Some(attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::RSA.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(2048)),
        ])),
        private_key_attributes: Some(attributes(&[
            (
                Tag::CRYPTOGRAPHIC_USAGE_MASK,
                Value::Integer((Usage::UNWRAP_KEY | Usage::DECRYPT).0 as i32),
            ),
            name(key_name),
        ])),
        public_key_attributes: Some(attributes(&[(
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Value::Integer((Usage::WRAP_KEY | Usage::ENCRYPT).0 as i32),
        )])),
        ..CreateKeyPairRequest::default()
    };
    let r: CreateKeyPairResponse = ask(kmip, V21, &request).await;
    activate(kmip, V21, &r.private_key_unique_identifier).await;
    r.private_key_unique_identifier
}

/// Registers the RSA test key's private half (no public object in the HSM) as `key_name`;
/// returns the software copy.
async fn registered_rsa(kmip: &mut Stream, key_name: &str) -> RsaPrivateKey {
    let key = rsa_helpers::test_key();
    rsa_helpers::register_key(
        kmip,
        ObjectType::PRIVATE_KEY,
        KeyFormatType::PKCS_8,
        rsa_helpers::bytes(&key.pkcs8),
        rsa_helpers::usage(Usage::UNWRAP_KEY, &[name(key_name)]),
    )
    .await;
    RsaPrivateKey::from_pkcs8_der(&key.pkcs8).unwrap()
}

fn wrap_body(alg: &str, value: &[u8]) -> serde_json::Value {
    json!({ "request_context": context(), "alg": alg, "value": b64u(value) })
}

async fn wrap_ok(server: &EkmServer, key: &str, alg: &str, value: &[u8]) -> Vec<u8> {
    let answer = post(server, &format!("{key}/wrapkey"), &wrap_body(alg, value)).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    unb64u(&answer.json["value"])
}

async fn unwrap_ok(server: &EkmServer, key: &str, alg: &str, wrapped: &[u8]) -> Vec<u8> {
    let answer = post(
        server,
        &format!("{key}/unwrapkey"),
        &wrap_body(alg, wrapped),
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    unb64u(&answer.json["value"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_names_the_proxy_and_the_api_version() {
    let server = start_ekm_server(false).await;
    let answer = post(&server, "info", &json!({ "request_context": context() })).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(answer.json["api_version"], "0.1-preview");
    assert_eq!(answer.json["proxy_vendor"], "hsmgate");
    assert_eq!(answer.json["ekm_vendor"], "SoftHSM");
    assert_eq!(answer.json["ekm_product"], "SoftHSM v2");
    assert!(answer.json["proxy_name"]
        .as_str()
        .unwrap()
        .starts_with("hsmgate "));
    // request_id is optional; correlation_id and pool_name are not.
    let no_request_id = json!({ "request_context": {
        "correlation_id": "c-1", "pool_name": "p", "future_field": 1 } });
    assert_eq!(post(&server, "info", &no_request_id).await.status, 200);
    let no_pool = json!({ "request_context": { "correlation_id": "c-1" } });
    post(&server, "info", &no_pool)
        .await
        .assert_error(400, "BadRequest");
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_describes_aes_and_rsa_keys() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    named_aes(&mut kmip, "aes-kek", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    named_rsa_pair(&mut kmip, "rsa-kek").await;
    let software = registered_rsa(&mut kmip, "rsa-known").await;
    let body = json!({ "request_context": context() });

    let aes = post(&server, "aes-kek/metadata", &body).await;
    assert_eq!(aes.status, 200, "{:?}", aes.json);
    assert_eq!(
        aes.json,
        json!({ "key_type": "oct", "key_size": 256, "key_ops": ["wrapKey", "unwrapKey"] })
    );

    let rsa = post(&server, "rsa-kek/metadata", &body).await;
    assert_eq!(rsa.status, 200, "{:?}", rsa.json);
    assert_eq!(rsa.json["key_type"], "RSA");
    assert_eq!(rsa.json["key_size"], 2048);
    assert_eq!(rsa.json["key_ops"], json!(["wrapKey", "unwrapKey"]));
    assert_eq!(rsa.json["e"], "AQAB");
    assert_eq!(unb64u(&rsa.json["n"]).len(), 256);

    // A registered private key (no public object in the HSM) reports its own numbers.
    let known = post(&server, "rsa-known/metadata", &body).await;
    assert_eq!(known.status, 200, "{:?}", known.json);
    assert_eq!(unb64u(&known.json["n"]), software.n().to_bytes_be());
    assert_eq!(unb64u(&known.json["e"]), software.e().to_bytes_be());
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aes_key_wrap_matches_rfc_3394_and_rfc_5649() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    let kek = [0x42u8; 32];
    registered_aes(&mut kmip, "aes-known", &kek).await;
    let software = KekAes256::new(&kek.into());
    let dek: Vec<u8> = (0u8..32).collect();

    let wrapped = wrap_ok(&server, "aes-known", "A256KW", &dek).await;
    assert_eq!(wrapped, software.wrap_vec(&dek).unwrap());
    assert_eq!(
        unwrap_ok(&server, "aes-known", "A256KW", &wrapped).await,
        dek
    );

    // KWP: whole blocks (the HSM's own KWP), a partial block (built on AES-ECB in the HSM)
    // and a single block.
    for len in [32usize, 31, 17, 5] {
        let data = &dek[..len];
        let wrapped = wrap_ok(&server, "aes-known", "A256KWP", data).await;
        assert_eq!(
            wrapped,
            software.wrap_with_padding_vec(data).unwrap(),
            "{len} bytes"
        );
        assert_eq!(
            unwrap_ok(&server, "aes-known", "A256KWP", &wrapped).await,
            data
        );
    }
    let soft = software.wrap_with_padding_vec(&dek[..20]).unwrap();
    assert_eq!(
        unwrap_ok(&server, "aes-known", "A256KWP", &soft).await,
        &dek[..20]
    );

    // A key generated in the HSM (never seen outside) round-trips both ways.
    named_aes(&mut kmip, "aes-kek", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    for alg in ["A256KW", "A256KWP"] {
        let wrapped = wrap_ok(&server, "aes-kek", alg, &dek).await;
        assert_eq!(wrapped.len(), 40);
        assert_eq!(unwrap_ok(&server, "aes-kek", alg, &wrapped).await, dek);
    }

    // KW takes whole 8-byte blocks of at least 16 bytes; tampering is detected.
    post(&server, "aes-kek/wrapkey", &wrap_body("A256KW", &dek[..20]))
        .await
        .assert_error(400, "BadRequest");
    let mut tampered = wrap_ok(&server, "aes-kek", "A256KW", &dek).await;
    tampered[10] ^= 1;
    post(
        &server,
        "aes-kek/unwrapkey",
        &wrap_body("A256KW", &tampered),
    )
    .await
    .assert_error(400, "BadRequest");
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_oaep_256_interoperates_with_a_software_implementation() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    let software = registered_rsa(&mut kmip, "rsa-known").await;
    let dek = [0x5au8; 32];

    // The HSM's wrap decrypts in software (OAEP, SHA-256, MGF1-SHA-256)...
    let wrapped = wrap_ok(&server, "rsa-known", "RSA-OAEP-256", &dek).await;
    assert_eq!(wrapped.len(), 256);
    assert_eq!(
        software.decrypt(Oaep::new::<Sha256>(), &wrapped).unwrap(),
        dek
    );
    // ...OAEP is randomised: two wraps differ...
    assert_ne!(
        wrap_ok(&server, "rsa-known", "RSA-OAEP-256", &dek).await,
        wrapped
    );
    // ...and a software wrap unwraps in the HSM.
    let public = software.to_public_key();
    let soft = public
        .encrypt(&mut rsa::rand_core::OsRng, Oaep::new::<Sha256>(), &dek)
        .unwrap();
    assert_eq!(
        unwrap_ok(&server, "rsa-known", "RSA-OAEP-256", &soft).await,
        dek
    );
    // RSA-OAEP (SHA-1) with a private key that has no public object in the HSM.
    let sha1_wrapped = wrap_ok(&server, "rsa-known", "RSA-OAEP", &dek).await;
    assert_eq!(
        unwrap_ok(&server, "rsa-known", "RSA-OAEP", &sha1_wrapped).await,
        dek
    );
    // An OAEP block made with another hash does not unwrap as RSA-OAEP-256.
    let other_hash = public
        .encrypt(
            &mut rsa::rand_core::OsRng,
            Oaep::new::<sha2::Sha512>(),
            &dek,
        )
        .unwrap();
    post(
        &server,
        "rsa-known/unwrapkey",
        &wrap_body("RSA-OAEP-256", &other_hash),
    )
    .await
    .assert_error(400, "BadRequest");

    // A pair generated in the HSM: software encryption under its published n and e unwraps.
    named_rsa_pair(&mut kmip, "rsa-kek").await;
    let meta = post(
        &server,
        "rsa-kek/metadata",
        &json!({ "request_context": context() }),
    )
    .await;
    let hsm_public = rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&unb64u(&meta.json["n"])),
        rsa::BigUint::from_bytes_be(&unb64u(&meta.json["e"])),
    )
    .unwrap();
    let soft = hsm_public
        .encrypt(&mut rsa::rand_core::OsRng, Oaep::new::<Sha256>(), &dek)
        .unwrap();
    assert_eq!(
        unwrap_ok(&server, "rsa-kek", "RSA-OAEP-256", &soft).await,
        dek
    );
    for alg in ["RSA-OAEP-256", "RSA-OAEP"] {
        let wrapped = wrap_ok(&server, "rsa-kek", alg, &dek).await;
        assert_eq!(unwrap_ok(&server, "rsa-kek", alg, &wrapped).await, dek);
    }

    // Tampered or wrong-length input is one BadRequest.
    let mut tampered = wrapped.clone();
    tampered[100] ^= 1;
    post(
        &server,
        "rsa-known/unwrapkey",
        &wrap_body("RSA-OAEP-256", &tampered),
    )
    .await
    .assert_error(400, "BadRequest");
    post(
        &server,
        "rsa-known/unwrapkey",
        &wrap_body("RSA-OAEP-256", &wrapped[1..]),
    )
    .await
    .assert_error(400, "BadRequest");
    // More than 2048-bit OAEP-256 carries (190 bytes).
    post(
        &server,
        "rsa-known/wrapkey",
        &wrap_body("RSA-OAEP-256", &[1u8; 191]),
    )
    .await
    .assert_error(400, "BadRequest");
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_version_must_be_present_and_supported() {
    let server = start_ekm_server(false).await;
    let body = json!({ "request_context": context() }).to_string();
    let client = Some(&server.mhsm_client);
    for query in [
        "",
        "?api-version=1.0",
        "?api-version=",
        "?apiversion=0.1-preview",
    ] {
        let path = format!("{PREFIX}/info{query}");
        send(&server, Method::POST, &path, body.as_bytes(), client)
            .await
            .assert_error(400, "BadRequest");
    }
    let path = format!("{PREFIX}/info?foo=bar&api-version=0.1-preview");
    let answer = send(&server, Method::POST, &path, body.as_bytes(), client).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_keys_and_mismatched_algorithms_are_refused() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    named_aes(&mut kmip, "aes-kek", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    named_rsa_pair(&mut kmip, "rsa-kek").await;
    // A key named like a served one but not listed in [ekm] keys, and a listed name no key has.
    named_aes(&mut kmip, "not-listed", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    let dek = [7u8; 32];
    for key in ["not-listed", "aes-nowrap"] {
        post(
            &server,
            &format!("{key}/wrapkey"),
            &wrap_body("A256KW", &dek),
        )
        .await
        .assert_error(404, "KeyNotFound");
        post(
            &server,
            &format!("{key}/metadata"),
            &json!({ "request_context": context() }),
        )
        .await
        .assert_error(404, "KeyNotFound");
    }
    post(&server, "bad_name/wrapkey", &wrap_body("A256KW", &dek))
        .await
        .assert_error(400, "BadRequest");
    for (key, alg) in [
        ("aes-kek", "RSA-OAEP-256"),
        ("aes-kek", "A128KW"),
        ("aes-kek", "dir"),
        ("rsa-kek", "A256KW"),
        ("rsa-kek", "A256KWP"),
    ] {
        post(&server, &format!("{key}/wrapkey"), &wrap_body(alg, &dek))
            .await
            .assert_error(400, "BadRequest");
        post(
            &server,
            &format!("{key}/unwrapkey"),
            &wrap_body(alg, &[0u8; 40]),
        )
        .await
        .assert_error(400, "BadRequest");
    }
    // An AES-128 key is not served; a key without Wrap Key usage may not wrap.
    let uid = create_aes(&mut kmip, aes(128, Usage::WRAP_KEY, &[name("aes-revoked")])).await;
    activate(&mut kmip, V21, &uid).await;
    post(&server, "aes-revoked/wrapkey", &wrap_body("A256KW", &dek))
        .await
        .assert_error(400, "BadRequest");
    named_aes(&mut kmip, "aes-known", Usage::ENCRYPT | Usage::DECRYPT).await;
    post(&server, "aes-known/wrapkey", &wrap_body("A256KW", &dek))
        .await
        .assert_error(403, "Forbidden");
    let meta = post(
        &server,
        "aes-known/metadata",
        &json!({ "request_context": context() }),
    )
    .await;
    assert_eq!(meta.status, 200);
    assert_eq!(meta.json["key_ops"], json!([]));
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_allowed_client_certificate_may_call() {
    let server = start_ekm_server(false).await;
    let body = json!({ "request_context": context() }).to_string();
    let path = format!("{PREFIX}/info?api-version=0.1-preview");
    let call = |client: Option<(String, String)>| {
        let (path, body, server) = (path.clone(), body.clone(), &server);
        async move {
            send(
                server,
                Method::POST,
                &path,
                body.as_bytes(),
                client.as_ref(),
            )
            .await
        }
    };
    // No certificate at all.
    call(None).await.assert_error(401, "Unauthorized");
    // A trusted certificate with another subject (the KMIP administrator's, other CA).
    call(Some(common::dev_client(&server.pki)))
        .await
        .assert_error(401, "Unauthorized");
    // The allowed common name, but from the other trusted CA (wrong issuer).
    call(Some(common::other_client(&server.pki, MHSM_CN)))
        .await
        .assert_error(401, "Unauthorized");
    // The right issuer, another common name.
    call(Some(server.mhsm_ca_client("someone-else")))
        .await
        .assert_error(401, "Unauthorized");
    // The allowed issuer and subject; a second certificate of the same names works too
    // (allow-listing by names survives Managed HSM's certificate rotation).
    assert_eq!(call(Some(server.mhsm_client.clone())).await.status, 200);
    assert_eq!(call(Some(server.mhsm_ca_client(MHSM_CN))).await.status, 200);
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_the_key_over_kmip_disables_it() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    let aes_uid = named_aes(&mut kmip, "aes-kek", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    let rsa_uid = named_rsa_pair(&mut kmip, "rsa-kek").await;
    let dek = [9u8; 32];
    let aes_wrapped = wrap_ok(&server, "aes-kek", "A256KWP", &dek).await;
    let rsa_wrapped = wrap_ok(&server, "rsa-kek", "RSA-OAEP-256", &dek).await;
    revoke_key(&mut kmip, &aes_uid).await;
    revoke_key(&mut kmip, &rsa_uid).await;
    for (key, alg, wrapped) in [
        ("aes-kek", "A256KWP", &aes_wrapped),
        ("rsa-kek", "RSA-OAEP-256", &rsa_wrapped),
    ] {
        post(&server, &format!("{key}/wrapkey"), &wrap_body(alg, &dek))
            .await
            .assert_error(403, "KeyDisabled");
        post(
            &server,
            &format!("{key}/unwrapkey"),
            &wrap_body(alg, wrapped),
        )
        .await
        .assert_error(403, "KeyDisabled");
        post(
            &server,
            &format!("{key}/metadata"),
            &json!({ "request_context": context() }),
        )
        .await
        .assert_error(403, "KeyDisabled");
    }
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_the_api_errors() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    named_aes(&mut kmip, "aes-kek", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    let client = Some(&server.mhsm_client);
    let path = format!("{PREFIX}/aes-kek/wrapkey?api-version=0.1-preview");
    for body in [
        &b"{not json"[..],
        b"",
        b"[]",
        br#"{"alg":"A256KW","value":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
        br#"{"request_context":{"correlation_id":"c","pool_name":"p"},"alg":"A256KW"}"#,
        br#"{"request_context":{"correlation_id":"c","pool_name":"p"},"alg":"A256KW","value":"not base64!"}"#,
        br#"{"request_context":{"correlation_id":"c","pool_name":"p"},"alg":"A256KW","value":""}"#,
        br#"{"request_context":{"correlation_id":5,"pool_name":"p"},"alg":"A256KW","value":"AAAA"}"#,
    ] {
        let answer = send(&server, Method::POST, &path, body, client).await;
        answer.assert_error(400, "BadRequest");
        // Error messages never echo request values.
        assert!(!answer.json["message"].as_str().unwrap().contains("base64!"));
    }
    let huge = vec![b' '; 64 * 1024];
    send(&server, Method::POST, &path, &huge, client)
        .await
        .assert_error(400, "BadRequest");
    // Other methods on an API path, and paths no API has.
    send(&server, Method::GET, &path, b"", client)
        .await
        .assert_error(405, "MethodNotAllowed");
    let unknown = format!("{PREFIX}/aes-kek/encrypt?api-version=0.1-preview");
    send(&server, Method::POST, &unknown, b"{}", client)
        .await
        .assert_error(404, "NotFound");
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_each_get_their_own_answer() {
    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    named_aes(&mut kmip, "aes-kek", Usage::WRAP_KEY | Usage::UNWRAP_KEY).await;
    named_rsa_pair(&mut kmip, "rsa-kek").await;
    let server = std::sync::Arc::new(server);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..16u8 {
        let server = server.clone();
        tasks.spawn(async move {
            let dek: Vec<u8> = (0..32)
                .map(|j| i.wrapping_mul(31).wrapping_add(j))
                .collect();
            let (key, alg) = match i % 3 {
                0 => ("aes-kek", "A256KW"),
                1 => ("aes-kek", "A256KWP"),
                _ => ("rsa-kek", "RSA-OAEP-256"),
            };
            let wrapped = wrap_ok(&server, key, alg, &dek).await;
            assert_eq!(unwrap_ok(&server, key, alg, &wrapped).await, dek);
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap();
    }
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ekm_and_xks_share_one_listener() {
    let server = start_ekm_server(true).await;
    let answer = post(&server, "info", &json!({ "request_context": context() })).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    // XKS still answers on its own paths, with its own errors, with or without a certificate.
    for client in [None, Some(&server.mhsm_client)] {
        let xks = send(
            &server,
            Method::POST,
            "/ks1/kms/xks/v1/health",
            b"{}",
            client,
        )
        .await;
        assert_eq!(xks.status, 401);
        assert_eq!(xks.json["errorName"], "AuthenticationFailedException");
    }
    // EKM's authorisation still holds on the shared listener.
    let path = format!("{PREFIX}/info?api-version=0.1-preview");
    let body = json!({ "request_context": context() }).to_string();
    send(&server, Method::POST, &path, body.as_bytes(), None)
        .await
        .assert_error(401, "Unauthorized");
    server.shutdown.cancel();
}
