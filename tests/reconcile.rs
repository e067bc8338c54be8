//! Start-up reconciliation on a real SoftHSM2 token: a key deleted from the HSM behind the
//! gateway's back and a key made directly in the token with a gateway-style id are both
//! reported when the service is opened again; nothing is deleted.

mod common;

use hsmgate::identity::Identity;
use hsmgate::serve::open_key_service_with_report;
use hsmgate::service::{NewKey, Unmatched};
use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation};
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{AesKeySize, Backend, BackendConfig, KeyOptions, PinSource};
use hsmgate_testkit::SoftHsmToken;

fn aes_256() -> NewKey {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(256),
    );
    NewKey {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_reports_missing_hsm_objects_and_unrecorded_hsm_keys() {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    hsmgate::init::write_dev_pki(&pki).unwrap();
    let token = tokio::task::spawn_blocking(|| SoftHsmToken::create("reconcile").unwrap())
        .await
        .unwrap();
    let pin_file = dir.path().join("user.pin");
    std::fs::write(&pin_file, &token.user_pin).unwrap();
    let config = common::test_config(&pki, &token, &pin_file);

    let (service, report) = open_key_service_with_report(&config).await.unwrap();
    let report = report.expect("reconciliation ran");
    assert!(report.is_clean(), "{report:?}");

    let admin = Identity::new("admin");
    let deleted = service
        .create_symmetric_key(&admin, aes_256())
        .await
        .unwrap();
    let kept = service
        .create_symmetric_key(&admin, aes_256())
        .await
        .unwrap();
    // Destroyed through the gateway: its record stays, its HSM object goes; not a mismatch.
    let destroyed = service
        .create_symmetric_key(&admin, aes_256())
        .await
        .unwrap();
    service.destroy(&admin, &destroyed).await.unwrap();

    // Behind the gateway's back, on the same token.
    let direct = Backend::open(BackendConfig::new(
        "direct",
        &token.module,
        &token.label,
        PinSource::File(pin_file.clone()),
    ))
    .await
    .unwrap();
    assert_eq!(direct.destroy_key(&deleted).await.unwrap(), 1);
    let stray = "7d444840-9dc0-41e2-b9a1-3f0c5d2a6b10";
    direct
        .generate_aes(stray, AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    // An id that is not of the gateway's form belongs to someone else: not reported.
    direct
        .generate_aes("operator-key", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    drop(service);

    let (service, report) = open_key_service_with_report(&config).await.unwrap();
    let report = report.expect("reconciliation ran");
    let unmatched = |uid: &str| Unmatched {
        backend: "softhsm".into(),
        uid: uid.into(),
    };
    assert_eq!(report.missing_in_hsm, vec![unmatched(&deleted)]);
    assert_eq!(report.unrecorded_in_hsm, vec![unmatched(stray)]);
    assert!(report.unreadable_backends.is_empty());
    assert!(!report.is_clean());

    // Nothing was changed: the stray key is still in the token, the records are all there, and
    // the untouched key still works.
    assert_eq!(direct.find_keys(stray).await.unwrap().len(), 1);
    let records = service
        .visible_objects(&admin, Operation::GET_ATTRIBUTES)
        .await
        .unwrap();
    let uids: Vec<&str> = records.iter().map(|o| o.uid()).collect();
    assert_eq!(
        uids,
        vec![deleted.as_str(), kept.as_str(), destroyed.as_str()]
    );
    assert_eq!(direct.find_keys(&kept).await.unwrap().len(), 1);
}
