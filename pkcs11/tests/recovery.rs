//! Recovery from sessions closed behind the pool's back, a logout and a module finalize, on a
//! real SoftHSM2 token. One test: finalizing the module affects the whole process, so the steps
//! run in sequence (this file is its own test process).

mod common;

use cryptoki::context::Pkcs11;
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use hsmgate_pkcs11::{AesKeySize, Call, Health, KeyOptions};

async fn round_trip(b: &hsmgate_pkcs11::Backend) {
    let sealed = b
        .encrypt_aes_gcm("k", b"data".to_vec(), None, vec![], 16)
        .await
        .unwrap();
    let opened = b
        .decrypt_aes_gcm("k", sealed.iv, sealed.ciphertext, sealed.tag, vec![])
        .await
        .unwrap();
    assert_eq!(opened.as_slice(), b"data");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovers_from_closed_sessions_logout_and_finalize() {
    let (b, token, _d) = common::backend("recovery", 2).await;
    b.generate_aes("k", AesKeySize::Aes256, KeyOptions::default())
        .await
        .unwrap();
    round_trip(&b).await;
    assert_eq!(b.health().await, Health::Healthy);

    // An independent handle on the same module (same process, so same module state).
    let other = Pkcs11::new(&token.module).unwrap();
    let slot = hsmgate_testkit::find_slot(&other, &token.label)
        .unwrap()
        .unwrap();

    // 1. Every session closed behind the pool's back (cryptoki has no C_CloseAllSessions).
    // SAFETY: the module is loaded and initialised; C_CloseAllSessions takes a slot id only.
    let raw = unsafe { cryptoki_sys::Pkcs11::new(&token.module) }.unwrap();
    let rv = unsafe { raw.C_CloseAllSessions(slot.id()) };
    assert_eq!(rv, cryptoki_sys::CKR_OK);
    round_trip(&b).await;
    let m = b.metrics();
    assert!(m.sessions_replaced >= 1, "{m:?}");

    // 2. The user logged out (login state is per application, so this logs the pool out).
    let s = other.open_ro_session(slot).unwrap();
    s.logout().unwrap();
    round_trip(&b).await;
    assert!(b.metrics().relogins >= 1);
    // Put our session's login back the way we found it before closing it.
    s.login(
        UserType::User,
        Some(&AuthPin::from(token.user_pin.as_str())),
    )
    .ok();
    drop(s);

    // 3. The module finalised under the pool: the next call sees CKR_CRYPTOKI_NOT_INITIALIZED
    // and the backend re-initialises it.
    let before = b.metrics().call(Call::Reinitialize);
    other.finalize().unwrap();
    round_trip(&b).await;
    let after = b.metrics().call(Call::Reinitialize);
    assert!(after.calls > before.calls, "{after:?}");
    assert_eq!(after.errors, 0);

    // Concurrent callers after another finalize: all recover, one re-initialisation suffices.
    let other = Pkcs11::new(&token.module).unwrap();
    other.finalize().unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let b = b.clone();
        tasks.push(tokio::spawn(async move { round_trip(&b).await }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(b.health().await, Health::Healthy);

    // A probe that needed a re-initialisation reports "degraded", then "healthy" again.
    Pkcs11::new(&token.module).unwrap().finalize().unwrap();
    assert!(matches!(b.health().await, Health::Degraded { .. }));
    assert_eq!(b.health().await, Health::Healthy);
    let m = b.metrics();
    assert_eq!(m.sessions_in_use, 0);
    assert!(m.sessions_open <= 2, "{m:?}");

    // 4. Re-initialisation itself fails (SoftHSM2 cannot read its configuration): calls and the
    // probe report "unavailable" (retryable) instead of hanging or crashing; once the cause is
    // gone, a later call re-initialises after the back-off.
    let conf = std::env::var_os("SOFTHSM2_CONF").unwrap();
    std::env::set_var("SOFTHSM2_CONF", "/nonexistent/hsmgate/softhsm2.conf");
    Pkcs11::new(&token.module).unwrap().finalize().unwrap();
    let err = b.random(8).await.unwrap_err();
    assert_eq!(err.kind(), hsmgate_pkcs11::ErrorKind::Unavailable, "{err}");
    assert!(err.is_retryable());
    assert!(matches!(b.health().await, Health::Unavailable { .. }));
    assert!(b.metrics().call(Call::Reinitialize).errors >= 1);
    std::env::set_var("SOFTHSM2_CONF", conf);
    let mut recovered = false;
    for _ in 0..200 {
        match b.random(8).await {
            Ok(bytes) => {
                assert_eq!(bytes.len(), 8);
                recovered = true;
                break;
            }
            Err(e) => {
                assert_eq!(e.kind(), hsmgate_pkcs11::ErrorKind::Unavailable, "{e}");
                // Wait out the back-off (100 ms doubling, capped at 10 s by default).
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
    assert!(
        recovered,
        "backend did not recover after the cause was removed"
    );
    round_trip(&b).await;
    assert_eq!(b.health().await, Health::Healthy);
}
