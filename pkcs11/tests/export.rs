//! Reading back readable imported keys, refusals for sensitive ones, and destroying one half of
//! a key pair, on a real SoftHSM2 token.

mod common;

use hsmgate_pkcs11::{
    AesKeySize, ErrorKind, HashAlg, KeyClass, KeyKind, KeyOptions, SignAlgorithm,
};
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_readable_imports_give_their_value_back() {
    let (b, _t, _d) = common::backend("export", 2).await;
    let material: Vec<u8> = (7u8..39).collect();
    b.import_secret_key(
        "readable",
        KeyKind::Aes,
        Zeroizing::new(material.clone()),
        KeyOptions::default().readable(),
    )
    .await
    .unwrap();
    let back = b.secret_value("readable").await.unwrap();
    assert_eq!(back.as_slice(), material.as_slice());
    let info = b.key_info("readable", KeyClass::Secret).await.unwrap();
    assert_eq!(info.sensitive, Some(false));

    b.import_secret_key(
        "sensitive",
        KeyKind::Aes,
        Zeroizing::new(material.clone()),
        KeyOptions::extractable(),
    )
    .await
    .unwrap();
    let refused = b.secret_value("sensitive").await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Permission, "{refused}");

    b.generate_aes("generated", AesKeySize::Aes256, KeyOptions::extractable())
        .await
        .unwrap();
    let refused = b.secret_value("generated").await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Permission, "{refused}");
    let info = b.key_info("generated", KeyClass::Secret).await.unwrap();
    assert_eq!(info.sensitive, Some(true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destroying_the_public_half_keeps_the_private_half() {
    let (b, _t, _d) = common::backend("halves", 2).await;
    b.generate_ec("pair", hsmgate_pkcs11::EcCurve::P256, KeyOptions::default())
        .await
        .unwrap();
    b.destroy_key_of_class("pair", KeyClass::Public)
        .await
        .unwrap();
    let left = b.find_keys("pair").await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].class, KeyClass::Private);
    let signature = b
        .sign(
            "pair",
            SignAlgorithm::Ecdsa(HashAlg::Sha256),
            b"still here".to_vec(),
        )
        .await
        .unwrap();
    assert_eq!(signature.len(), 64);
    let again = b
        .destroy_key_of_class("pair", KeyClass::Public)
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);
}
