//! The session pool under load and at its limits, on real SoftHSM2 tokens.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cryptoki::context::Pkcs11;
use hsmgate_pkcs11::{
    AesKeySize, Backend, BackendConfig, Call, Dispatch, ErrorKind, Health, KeyOptions, PinSource,
};
use tokio::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_tasks_share_four_sessions_without_errors_or_leaks() {
    let (b, token, _d) = common::backend("pool-load", 4).await;
    assert_eq!(b.pool_size(), 4);
    b.generate_aes("k", AesKeySize::Aes256, KeyOptions::default())
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for task in 0..16u8 {
        let b = b.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..1000u32 {
                if i % 2 == 0 {
                    common::gcm_round_trip(&b, "k", task, i).await?;
                } else {
                    assert_eq!(b.random(16).await?.len(), 16);
                }
            }
            Ok::<_, hsmgate_pkcs11::Error>(())
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let m = b.metrics();
    assert_eq!(m.sessions_in_use, 0);
    assert_eq!(m.waiters, 0);
    assert!(m.sessions_open <= 4, "{m:?}");
    assert!(m.checkouts >= 16 * 1000);
    assert_eq!(m.busy_rejections, 0);
    assert_eq!(
        m.call(Call::Encrypt).calls,
        8000 * 2,
        "C_EncryptInit + C_Encrypt"
    );
    assert_eq!(m.call(Call::Decrypt).errors, 0);
    assert!(m.calls.iter().all(|c| c.errors == 0), "{m:?}");

    // The token agrees: no more sessions open than the pool allows.
    let ctx = Pkcs11::new(&token.module).unwrap();
    let slot = hsmgate_testkit::find_slot(&ctx, &token.label)
        .unwrap()
        .unwrap();
    if let Some(open) = ctx.get_token_info(slot).unwrap().session_count() {
        assert!(open <= 4, "token reports {open} sessions");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn spawn_blocking_dispatch_handles_the_same_load() {
    let token = hsmgate_testkit::SoftHsmToken::create("pool-spawn").unwrap();
    std::env::set_var("HSMGATE_POOL_SPAWN_PIN", &token.user_pin);
    let config = BackendConfig::new(
        "s",
        &token.module,
        &token.label,
        PinSource::Env("HSMGATE_POOL_SPAWN_PIN".into()),
    )
    .with_pool_size(4)
    .with_dispatch(Dispatch::SpawnBlocking);
    let b = Backend::open(config).await.unwrap();
    b.generate_aes("k", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let b = b.clone();
            tokio::spawn(async move {
                for _ in 0..200 {
                    let s = b
                        .encrypt_aes_gcm("k", vec![1; 32], None, vec![], 16)
                        .await
                        .unwrap();
                    b.decrypt_aes_gcm("k", s.iv, s.ciphertext, s.tag, vec![])
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let m = b.metrics();
    assert_eq!((m.sessions_in_use, m.busy_rejections), (0, 0));
    assert!(m.sessions_open <= 4);
}

/// Requests cancelled while their call runs on a blocking thread neither leak sessions nor let the
/// pool open more sessions than its size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_requests_return_their_session() {
    let token = hsmgate_testkit::SoftHsmToken::create("pool-cancel").unwrap();
    std::env::set_var("HSMGATE_POOL_CANCEL_PIN", &token.user_pin);
    let config = BackendConfig::new(
        "c",
        &token.module,
        &token.label,
        PinSource::Env("HSMGATE_POOL_CANCEL_PIN".into()),
    )
    .with_pool_size(1)
    .with_dispatch(Dispatch::SpawnBlocking);
    let b = Backend::open(config).await.unwrap();
    for _ in 0..50 {
        let bc = b.clone();
        let task = tokio::spawn(async move { bc.random(64 * 1024).await });
        tokio::task::yield_now().await;
        task.abort();
        let _ = task.await;
    }
    assert_eq!(b.random(8).await.unwrap().len(), 8);
    let m = b.metrics();
    assert_eq!(m.sessions_open, 1, "{m:?}");
    assert_eq!(
        m.call(Call::OpenSession).calls,
        1,
        "the one session was always reused"
    );
}

/// A current-thread runtime cannot use `block_in_place`; the pool falls back to `spawn_blocking`.
#[tokio::test]
async fn works_on_a_current_thread_runtime() {
    let (b, _t, _d) = common::backend("pool-current", 2).await;
    b.generate_aes("k", AesKeySize::Aes256, KeyOptions::default())
        .await
        .unwrap();
    let s = b
        .encrypt_aes_gcm("k", b"x".to_vec(), None, vec![], 16)
        .await
        .unwrap();
    let p = b
        .decrypt_aes_gcm("k", s.iv, s.ciphertext, s.tag, vec![])
        .await
        .unwrap();
    assert_eq!(p.as_slice(), b"x");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exhausted_pool_answers_busy_after_the_deadline() {
    let (b, _t, _d) = common::backend("pool-busy", 1).await;
    let held = b
        .session(Instant::now() + Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(b.metrics().sessions_in_use, 1);
    let err = b
        .session(Instant::now() + Duration::from_millis(20))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Busy);
    assert!(err.is_retryable());
    assert_eq!(b.metrics().busy_rejections, 1);
    drop(held);
    assert_eq!(b.metrics().sessions_in_use, 0);
    // The session went back to the pool and is reused, not reopened.
    let opened = b.metrics().call(Call::OpenSession).calls;
    b.random(8).await.unwrap();
    assert_eq!(b.metrics().call(Call::OpenSession).calls, opened);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_answer_busy_after_the_configured_checkout_timeout() {
    let token = hsmgate_testkit::SoftHsmToken::create("pool-timeout").unwrap();
    std::env::set_var("HSMGATE_POOL_TIMEOUT_PIN", &token.user_pin);
    let config = BackendConfig::new(
        "t",
        &token.module,
        &token.label,
        PinSource::Env("HSMGATE_POOL_TIMEOUT_PIN".into()),
    )
    .with_pool_size(1)
    .with_checkout_timeout(Duration::from_millis(10));
    let b = Backend::open(config).await.unwrap();
    let held = b
        .session(Instant::now() + Duration::from_secs(5))
        .await
        .unwrap();
    let err = b.random(4).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Busy, "{err}");
    drop(held);
    assert_eq!(b.random(4).await.unwrap().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiters_are_served_in_arrival_order() {
    let (b, _t, _d) = common::backend("pool-fifo", 1).await;
    let held = b
        .session(Instant::now() + Duration::from_secs(5))
        .await
        .unwrap();
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut waiters = Vec::new();
    for n in 0..3 {
        let (bc, order) = (b.clone(), order.clone());
        waiters.push(tokio::spawn(async move {
            let guard = bc
                .session(Instant::now() + Duration::from_secs(30))
                .await
                .unwrap();
            order.lock().unwrap().push(n);
            drop(guard);
        }));
        // Wait until this waiter is queued before starting the next one.
        while b.metrics().waiters < n + 1 {
            tokio::task::yield_now().await;
        }
    }
    drop(held);
    for w in waiters {
        w.await.unwrap();
    }
    assert_eq!(*order.lock().unwrap(), vec![0, 1, 2]);
    assert!(b.metrics().wait_time_total > Duration::ZERO);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_guards_run_custom_calls() {
    let (b, _t, _d) = common::backend("pool-guard", 2).await;
    let mut guard = b
        .session(Instant::now() + Duration::from_secs(5))
        .await
        .unwrap();
    let state = guard
        .run(|ctx| {
            Ok(format!(
                "{:?}",
                ctx.session()
                    .get_session_info()
                    .map_err(hsmgate_pkcs11::Error::from)?
                    .session_state()
            ))
        })
        .await
        .unwrap();
    assert!(state.contains("User"), "logged in as user: {state}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_left_with_an_active_operation_is_reset() {
    let (b, _t, _d) = common::backend("pool-active", 1).await;
    b.generate_aes("k", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    let mut guard = b
        .session(Instant::now() + Duration::from_secs(5))
        .await
        .unwrap();
    guard
        .run(|ctx| {
            let key = ctx.find_key(b"k", cryptoki::object::ObjectClass::SECRET_KEY)?;
            // Started and never finished.
            Ok(ctx
                .session()
                .encrypt_init(&cryptoki::mechanism::Mechanism::AesEcb, key)?)
        })
        .await
        .unwrap();
    drop(guard);
    // The pool has one session, so this call gets the one with the dangling operation.
    let ct = b
        .encrypt_aes("k", hsmgate_pkcs11::AesMode::Ecb, vec![0; 16])
        .await
        .unwrap();
    assert_eq!(ct.len(), 16);
    assert_eq!(b.metrics().sessions_replaced, 1);
    assert_eq!(b.metrics().sessions_open, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_backends_keep_their_keys_apart() {
    let (a, _ta, _da) = common::backend("multi-a", 2).await;
    let (b, _tb, _db) = common::backend("multi-b", 2).await;
    a.generate_aes("shared-name", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    assert!(b.find_keys("shared-name").await.unwrap().is_empty());
    b.generate_aes("shared-name", AesKeySize::Aes256, KeyOptions::default())
        .await
        .unwrap();
    let ka = a
        .key_info("shared-name", hsmgate_pkcs11::KeyClass::Secret)
        .await
        .unwrap();
    let kb = b
        .key_info("shared-name", hsmgate_pkcs11::KeyClass::Secret)
        .await
        .unwrap();
    assert_eq!((ka.bits, kb.bits), (Some(128), Some(256)));
    assert_eq!(a.health().await, Health::Healthy);
    assert_eq!(b.health().await, Health::Healthy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_pin_or_label_fails_open_without_revealing_the_pin() {
    let token = hsmgate_testkit::SoftHsmToken::create("pool-pin").unwrap();
    std::env::set_var("HSMGATE_POOL_TEST_WRONG_PIN", "not-the-pin-4711");
    let config = BackendConfig::new(
        "p",
        &token.module,
        &token.label,
        PinSource::Env("HSMGATE_POOL_TEST_WRONG_PIN".into()),
    );
    let err = Backend::open(config.clone()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Permission, "{err}");
    assert!(!format!("{err} {err:?}").contains("not-the-pin-4711"));

    std::env::set_var("HSMGATE_POOL_TEST_RIGHT_PIN", &token.user_pin);
    let mut config = BackendConfig::new(
        "p",
        &token.module,
        "no-such-token",
        PinSource::Env("HSMGATE_POOL_TEST_RIGHT_PIN".into()),
    );
    let err = Backend::open(config.clone()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable, "{err}");
    config.token_label = token.label.clone();
    let b = Backend::open(config).await.unwrap();
    assert!(!format!("{b:?}").contains(&token.user_pin));
}
