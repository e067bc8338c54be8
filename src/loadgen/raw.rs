//! The baseline of `hsmgate bench --raw`: the same operation straight through PKCS#11 (cryptoki,
//! no pool, no gateway) on the gateway's own token, one session per thread. Comparing the two in
//! one run tells what the gateway costs on top of the HSM.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::aead::GcmParams;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use hsmgate_pkcs11::PinSource;

use super::stats::{Report, Stats};
use super::{BenchArgs, KmipOp};
use crate::config::Config;

fn ck(what: &str) -> impl Fn(CkError) -> String + '_ {
    move |e| format!("raw PKCS#11 {what}: {e}")
}

/// Runs the raw baseline for `args.op` with `args.raw_threads` threads.
pub async fn run(config_file: &Path, args: &BenchArgs) -> Result<Report, String> {
    if !matches!(args.op, KmipOp::Encrypt | KmipOp::Decrypt) {
        return Err(format!(
            "--raw has no PKCS#11 baseline for {:?} yet (encrypt, decrypt)",
            args.op
        ));
    }
    let config = Config::load(config_file).map_err(|e| e.to_string())?;
    let hsm = config
        .hsms
        .first()
        .ok_or("the configuration names no HSM")?
        .clone();
    let args = args.clone();
    tokio::task::spawn_blocking(move || {
        // The module's environment (e.g. SOFTHSM2_CONF) was set by `main` before any thread.
        let pin = match (&hsm.user_pin_file, &hsm.user_pin_env) {
            (Some(file), _) => PinSource::File(file.clone()),
            (None, Some(var)) => PinSource::Env(var.clone()),
            (None, None) => return Err("the configuration names no PIN source".to_owned()),
        }
        .read()
        .map_err(|e| e.to_string())?;
        let pkcs11 = Pkcs11::new(&hsm.module).map_err(ck("loading the module"))?;
        match pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(ck("C_Initialize")(e)),
        }
        let slot = pkcs11
            .get_slots_with_initialized_token()
            .map_err(ck("C_GetSlotList"))?
            .into_iter()
            .find(|s| {
                pkcs11
                    .get_token_info(*s)
                    .map(|t| t.label().trim_end() == hsm.token_label)
                    .unwrap_or(false)
            })
            .ok_or_else(|| format!("no token labelled {}", hsm.token_label))?;
        let first = pkcs11.open_rw_session(slot).map_err(ck("C_OpenSession"))?;
        match first.login(UserType::User, Some(&pin.auth_pin())) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(e) => return Err(ck("C_Login")(e)),
        }
        // A session object: visible to this application's sessions, gone when they close.
        let template = [
            Attribute::Class(ObjectClass::SECRET_KEY),
            Attribute::KeyType(KeyType::AES),
            Attribute::ValueLen(32.into()),
            Attribute::Token(false),
            Attribute::Sensitive(true),
            Attribute::Encrypt(true),
            Attribute::Decrypt(true),
        ];
        let key = first
            .generate_key(&Mechanism::AesKeyGen, &template)
            .map_err(ck("C_GenerateKey"))?;
        let pkcs11 = Arc::new(pkcs11);
        let threads: Vec<_> = (0..args.raw_threads.max(1))
            .map(|_| {
                let pkcs11 = pkcs11.clone();
                let args = args.clone();
                std::thread::spawn(move || -> Result<(u64, Stats), String> {
                    let session = pkcs11.open_rw_session(slot).map_err(ck("C_OpenSession"))?;
                    Ok(raw_loop(&session, key, &args))
                })
            })
            .collect();
        let mut total = Stats::new();
        let mut ops = 0;
        for thread in threads {
            let (count, stats) = thread
                .join()
                .map_err(|_| "a raw thread panicked".to_owned())??;
            ops += count;
            total.merge(stats);
        }
        drop(first);
        let label = format!("raw pkcs11 {:?} x{}", args.op, args.raw_threads).to_lowercase();
        Ok(Report {
            label,
            ops,
            elapsed: Duration::from_secs_f64(args.duration),
            stats: total,
        })
    })
    .await
    .map_err(|e| format!("raw baseline: {e}"))?
}

/// One thread: AES-256-GCM of the payload (or its decryption), as the gateway's Encrypt does.
/// cryptoki asks the token for the output size before each call; SoftHSM2 answers that query for
/// GCM without encrypting (pkcs11/benches/pool.rs measures the difference at under 1 µs), so this
/// is within a few percent of a single-call baseline.
fn raw_loop(session: &Session, key: ObjectHandle, args: &BenchArgs) -> (u64, Stats) {
    let data = vec![0x5a; args.payload];
    let mut iv = [0u8; 12];
    let mut sealed = Vec::new();
    let mut sealed_iv = iv;
    let began = Instant::now();
    let measure_from = began + Duration::from_secs_f64(args.warmup);
    let end = measure_from + Duration::from_secs_f64(args.duration);
    let mut stats = Stats::new();
    let mut ops = 0;
    let mut counter: u64 = 0;
    while Instant::now() < end {
        counter += 1;
        iv[4..].copy_from_slice(&counter.to_be_bytes());
        let started = Instant::now();
        let result = if args.op == KmipOp::Decrypt && !sealed.is_empty() {
            let mut params_iv = sealed_iv;
            GcmParams::new(&mut params_iv, &[], 128.into())
                .and_then(|params| session.decrypt(&Mechanism::AesGcm(params), key, &sealed))
        } else {
            let mut params_iv = iv;
            GcmParams::new(&mut params_iv, &[], 128.into())
                .and_then(|params| session.encrypt(&Mechanism::AesGcm(params), key, &data))
        };
        let done = Instant::now();
        match result {
            Ok(out) => {
                if args.op == KmipOp::Decrypt && sealed.is_empty() {
                    sealed = out;
                    sealed_iv = iv;
                    continue;
                }
                if started >= measure_from && done <= end {
                    ops += 1;
                    stats.record(done - started);
                }
            }
            Err(e) => stats.error(format!("{e}")),
        }
    }
    (ops, stats)
}
