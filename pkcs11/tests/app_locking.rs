//! The module runs on the crate's own mutexes (PKCS#11 mutex callbacks, `app_locking.rs`), and
//! concurrent calls on one token key stay correct with them.

//!
//! The token is made by `softhsm2-util` in a child process, not by the testkit: the testkit
//! initialises the module in this process with OS locking, and a module initialises once.
//! This binary has one test, so nothing else initialises the module before the backend does.

mod common;

use std::process::Command;

use hsmgate_pkcs11::{AesKeySize, Backend, BackendConfig, KeyOptions, PinSource};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn softhsm_takes_the_callbacks_and_concurrent_encrypts_stay_correct() {
    hsmgate_testkit::softhsm_conf().unwrap();
    let made = Command::new("softhsm2-util")
        .args(["--init-token", "--free", "--label", "app-locking"])
        .args(["--so-pin", "so-pin-1234", "--pin", "user-pin-1234"])
        .output()
        .expect("softhsm2-util is installed");
    assert!(made.status.success(), "{made:?}");
    std::env::set_var("HSMGATE_APP_LOCKING_PIN", "user-pin-1234");
    let module = hsmgate_testkit::module_path().unwrap();
    let config = BackendConfig::new(
        "app-locking",
        &module,
        "app-locking",
        PinSource::Env("HSMGATE_APP_LOCKING_PIN".into()),
    )
    .with_pool_size(4);
    let b = Backend::open(config).await.unwrap();
    // SoftHSM2 makes its object store's, tokens' and sessions' mutexes at C_Initialize and
    // C_OpenSession: with OS locking it would have made none through the callbacks.
    assert!(
        hsmgate_pkcs11::application_mutexes() > 0,
        "SoftHSM2 fell back to its own OS locking"
    );
    b.generate_aes("k", AesKeySize::Aes256, KeyOptions::default())
        .await
        .unwrap();
    let before = hsmgate_pkcs11::application_mutexes();
    let mut tasks = Vec::new();
    for task in 0..8u8 {
        let b = b.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..300u32 {
                common::gcm_round_trip(&b, "k", task, i).await?;
            }
            Ok::<_, hsmgate_pkcs11::Error>(())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // Operations make and free their mutexes in pairs: none leaks.
    assert_eq!(hsmgate_pkcs11::application_mutexes(), before);
    assert!(b.metrics().calls.iter().all(|c| c.errors == 0));
}
