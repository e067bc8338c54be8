//! Listing the key objects of a token (for reconciliation with the gateway's records).

mod common;

use hsmgate_pkcs11::{AesKeySize, KeyOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_each_key_id_once_whatever_its_class() {
    let (b, _t, _d) = common::backend("keys-list", 2).await;
    assert!(b.list_key_ids().await.unwrap().is_empty());
    b.generate_aes("b-aes", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    b.generate_hmac_key("c-mac", 32, KeyOptions::default().session_object())
        .await
        .unwrap();
    // A pair is two objects with one id: listed once.
    b.generate_ec(
        "a-pair",
        hsmgate_pkcs11::EcCurve::P256,
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let ids = b.list_key_ids().await.unwrap();
    assert_eq!(
        ids,
        vec![b"a-pair".to_vec(), b"b-aes".to_vec(), b"c-mac".to_vec()]
    );
    b.destroy_key("b-aes").await.unwrap();
    let ids = b.list_key_ids().await.unwrap();
    assert_eq!(ids, vec![b"a-pair".to_vec(), b"c-mac".to_vec()]);
}
