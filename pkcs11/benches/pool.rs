//! The pool's hot path against raw cryptoki calls on the same SoftHSM2 token, in the same run.
//!
//! * AES-GCM encrypt/decrypt of 32 bytes: `Backend` (async checkout, `spawn_blocking`, handle
//!   cache, single-call C_Encrypt) vs a cryptoki `Session` used directly (C_EncryptInit plus
//!   cryptoki's two-call C_Encrypt) on the bench thread. Target: pool ≤ 1.10 × raw.
//! * C_WrapKey with AES-KW / AES-KWP: `Backend::wrap_key` (one call, see `raw.rs`) vs cryptoki's
//!   `Session::wrap_key` (size query + call; SoftHSM2 wraps twice). Target: raw/pool ≥ 1.5.
//! * C_GenerateRandom of 16 bytes: the same single FFI call on both paths, so the difference is
//!   the pool's own cost (checkout, dispatch, locks, counters).
//! * The same encryption from 4 concurrent tasks on worker threads, for the two ways off the
//!   async workers ([`Dispatch`]).
//! * C_UnwrapKey with AES-KW / AES-KWP (one call on both paths; the pool also checks the new id
//!   is unused). Created keys are destroyed outside the timed section.
//!
//! Run: `cargo bench -p hsmgate-pkcs11 --bench pool -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::Criterion;
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::aead::GcmParams;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::{AuthPin, Ulong};
use hsmgate_pkcs11::{
    AesKeySize, Backend, BackendConfig, Dispatch, KeyOptions, PinSource, UnwrapTarget,
    WrapMechanism,
};
use hsmgate_testkit::SoftHsmToken;

struct Raw {
    session: Session,
    gcm: ObjectHandle,
    kek: ObjectHandle,
    target: ObjectHandle,
}

fn find(session: &Session, id: &str) -> ObjectHandle {
    let found = session
        .find_objects(&[
            Attribute::Id(id.as_bytes().to_vec()),
            Attribute::Class(ObjectClass::SECRET_KEY),
        ])
        .expect("find");
    *found.first().expect("key present")
}

fn raw_session(token: &SoftHsmToken) -> Raw {
    let ctx = Pkcs11::new(&token.module).expect("load module");
    let _ = ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK));
    let slot = hsmgate_testkit::find_slot(&ctx, &token.label)
        .expect("slots")
        .expect("token");
    let session = ctx.open_rw_session(slot).expect("session");
    // Login state is per application: the backend already logged in.
    let _ = session.login(
        UserType::User,
        Some(&AuthPin::from(token.user_pin.as_str())),
    );
    Raw {
        gcm: find(&session, "gcm"),
        kek: find(&session, "kek"),
        target: find(&session, "target"),
        session,
    }
}

fn unwrap_template(n: u64) -> Vec<Attribute> {
    vec![
        Attribute::Class(ObjectClass::SECRET_KEY),
        Attribute::KeyType(KeyType::AES),
        Attribute::Id(format!("raw-{n}").into_bytes()),
        Attribute::Token(false),
        Attribute::Sensitive(true),
        Attribute::Extractable(false),
        Attribute::Encrypt(true),
    ]
}

fn main() {
    let token = SoftHsmToken::create("bench").expect("token");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    std::env::set_var("HSMGATE_BENCH_PIN", &token.user_pin);
    let config = BackendConfig::new(
        "bench",
        &token.module,
        &token.label,
        PinSource::Env("HSMGATE_BENCH_PIN".into()),
    )
    .with_pool_size(4);
    let backend = rt.block_on(Backend::open(config.clone())).expect("backend");
    // Same token, the other way off the async workers.
    let spawning = rt
        .block_on(Backend::open(config.with_dispatch(Dispatch::SpawnBlocking)))
        .expect("backend");
    rt.block_on(async {
        backend
            .generate_aes("gcm", AesKeySize::Aes256, KeyOptions::default())
            .await?;
        backend
            .generate_aes("kek", AesKeySize::Aes256, KeyOptions::default())
            .await?;
        backend
            .generate_aes("target", AesKeySize::Aes256, KeyOptions::extractable())
            .await
    })
    .expect("keys");
    let raw = raw_session(&token);

    let pools = [
        ("pool_block_in_place", &backend),
        ("pool_spawn_blocking", &spawning),
    ];
    let mut c = Criterion::default().configure_from_args();
    let plaintext = vec![0x5au8; 32];
    let iv = vec![7u8; 12];
    let sealed = rt
        .block_on(backend.encrypt_aes_gcm("gcm", plaintext.clone(), Some(iv.clone()), vec![], 16))
        .expect("seal");
    let ct_and_tag = [sealed.ciphertext.clone(), sealed.tag.clone()].concat();

    let mut g = c.benchmark_group("aes_gcm_encrypt_32B");
    g.bench_function("raw_cryptoki", |b| {
        b.iter(|| {
            let mut iv = iv.clone();
            let params = GcmParams::new(&mut iv, &[], Ulong::from(128u64)).expect("params");
            let mech = Mechanism::AesGcm(params);
            black_box(
                raw.session
                    .encrypt(&mech, raw.gcm, &plaintext)
                    .expect("encrypt"),
            )
        })
    });
    for (name, pool) in pools {
        g.bench_function(name, |b| {
            b.iter(|| {
                let call =
                    pool.encrypt_aes_gcm("gcm", plaintext.clone(), Some(iv.clone()), vec![], 16);
                black_box(rt.block_on(call).expect("encrypt"))
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("aes_gcm_decrypt_32B");
    g.bench_function("raw_cryptoki", |b| {
        b.iter(|| {
            let mut iv = iv.clone();
            let params = GcmParams::new(&mut iv, &[], Ulong::from(128u64)).expect("params");
            let mech = Mechanism::AesGcm(params);
            black_box(
                raw.session
                    .decrypt(&mech, raw.gcm, &ct_and_tag)
                    .expect("decrypt"),
            )
        })
    });
    for (name, pool) in pools {
        g.bench_function(name, |b| {
            b.iter(|| {
                let (ct, tag) = (sealed.ciphertext.clone(), sealed.tag.clone());
                let call = pool.decrypt_aes_gcm("gcm", iv.clone(), ct, tag, vec![]);
                black_box(rt.block_on(call).expect("decrypt"))
            })
        });
    }
    g.finish();

    // Identical FFI work on both paths (one C_GenerateRandom): the pool's own overhead.
    let mut g = c.benchmark_group("random_16B");
    g.bench_function("raw_cryptoki", |b| {
        b.iter(|| {
            let mut out = [0u8; 16];
            raw.session.generate_random_slice(&mut out).expect("random");
            black_box(out)
        })
    });
    for (name, pool) in pools {
        g.bench_function(name, |b| {
            b.iter(|| black_box(rt.block_on(pool.random(16)).expect("random")))
        });
    }
    g.finish();

    // From async tasks on worker threads, as in the gateway: 4 tasks x 16 encryptions.
    let mut g = c.benchmark_group("aes_gcm_encrypt_32B_4x16_tasks");
    for (name, pool) in pools {
        g.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    let tasks: Vec<_> = (0..4)
                        .map(|_| {
                            let (pool, plaintext, iv) =
                                (pool.clone(), plaintext.clone(), iv.clone());
                            tokio::spawn(async move {
                                for _ in 0..16 {
                                    let call = pool.encrypt_aes_gcm(
                                        "gcm",
                                        plaintext.clone(),
                                        Some(iv.clone()),
                                        vec![],
                                        16,
                                    );
                                    black_box(call.await.expect("encrypt"));
                                }
                            })
                        })
                        .collect();
                    for t in tasks {
                        t.await.expect("task");
                    }
                })
            })
        });
    }
    g.finish();

    let counter = AtomicU64::new(0);
    for (mech_name, mech, raw_mech) in [
        ("aes_kw", WrapMechanism::AesKeyWrap, Mechanism::AesKeyWrap),
        (
            "aes_kwp",
            WrapMechanism::AesKeyWrapPad,
            Mechanism::AesKeyWrapPad,
        ),
    ] {
        let mut g = c.benchmark_group(format!("wrap_{mech_name}"));
        g.bench_function("raw_cryptoki_two_call", |b| {
            b.iter(|| {
                black_box(
                    raw.session
                        .wrap_key(&raw_mech, raw.kek, raw.target)
                        .expect("wrap"),
                )
            })
        });
        for (name, pool) in pools {
            g.bench_function(format!("{name}_single_call"), |b| {
                b.iter(|| {
                    black_box(
                        rt.block_on(pool.wrap_key("kek", "target", mech))
                            .expect("wrap"),
                    )
                })
            });
        }
        g.finish();

        let wrapped = raw
            .session
            .wrap_key(&raw_mech, raw.kek, raw.target)
            .expect("wrap");
        let mut g = c.benchmark_group(format!("unwrap_{mech_name}"));
        g.bench_function("raw_cryptoki", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let template = unwrap_template(counter.fetch_add(1, Ordering::Relaxed));
                    let started = Instant::now();
                    let h = raw
                        .session
                        .unwrap_key(&raw_mech, raw.kek, &wrapped, &template)
                        .expect("unwrap");
                    total += started.elapsed();
                    raw.session.destroy_object(h).expect("destroy");
                }
                total
            })
        });
        for (name, pool) in pools {
            g.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let id = format!("pool-{}", counter.fetch_add(1, Ordering::Relaxed));
                        // Ids are fresh (a counter), as the raw call's are: no look-up on
                        // either side, so the two measure the same HSM work.
                        let target =
                            UnwrapTarget::aes(KeyOptions::default().session_object()).fresh_id();
                        let started = Instant::now();
                        rt.block_on(pool.unwrap_key("kek", wrapped.clone(), mech, &id, target))
                            .expect("unwrap");
                        total += started.elapsed();
                        rt.block_on(pool.destroy_key(&id)).expect("destroy");
                    }
                    total
                })
            });
        }
        g.finish();
    }
    c.final_summary();
}
