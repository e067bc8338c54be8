//! The baseline of `hsmgate bench --raw`: the same operation straight through PKCS#11 (cryptoki,
//! no pool, no gateway) on the gateway's own token, one session per thread. Comparing the two in
//! one run tells what the gateway costs on top of the HSM.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::object::ObjectHandle;
use cryptoki::session::{Session, UserType};
use hsmgate_pkcs11::PinSource;

use super::cpu::{micros_per_op, CpuWindow};
use super::raw_ops::Fixture;
use super::stats::{BestOf, Report, Stats};
use super::BenchArgs;
use crate::config::Config;

fn ck(what: &str) -> impl Fn(CkError) -> String + '_ {
    move |e| format!("raw PKCS#11 {what}: {e}")
}

/// Runs the raw baseline for `args.op` with `args.raw_threads` threads.
pub async fn run(config_file: &Path, args: &BenchArgs) -> Result<Report, String> {
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
        // The gateway's own C_Initialize (its spinning mutex callbacks), so that both sides of
        // the ratio run the module the same way; `--raw-os-locking` shows the module's default.
        if args.raw_os_locking {
            match pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
                Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
                Err(e) => return Err(ck("C_Initialize")(e)),
            }
        } else {
            hsmgate_pkcs11::initialize_module(&pkcs11, &hsm.module, None)
                .map_err(|e| format!("raw PKCS#11 C_Initialize: {e}"))?;
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
        let fixture = Arc::new(Fixture::prepare(&first, &hsm.module, &args)?);
        let measured = fixture.op();
        let pkcs11 = Arc::new(pkcs11);
        let mut runs = BestOf::default();
        let mut made = Vec::new();
        for _ in 0..args.raw_trials.max(1) {
            let (report, keys) = trial(&pkcs11, slot, &fixture, &args)?;
            made.extend(keys);
            runs.add(report);
        }
        if let Ok(fixture) = Arc::try_unwrap(fixture) {
            fixture.clean_up(&first, made);
        }
        drop(first);
        let objects = if args.raw_session_key {
            "session key"
        } else {
            "token key"
        };
        let (mut best, suffix) = runs.finish().ok_or("no raw trial ran")?;
        best.label = format!(
            "raw pkcs11 {measured:?} x{} ({objects}){suffix}",
            args.raw_threads
        )
        .to_lowercase();
        Ok(best)
    })
    .await
    .map_err(|e| format!("raw baseline: {e}"))?
}

/// One measured run of `args.raw_threads` threads; returns its report (label still to be set)
/// and the keys it made.
fn trial(
    pkcs11: &Arc<Pkcs11>,
    slot: cryptoki::slot::Slot,
    fixture: &Arc<Fixture>,
    args: &BenchArgs,
) -> Result<(Report, Vec<ObjectHandle>), String> {
    let (warmup, duration) = (
        Duration::from_secs_f64(args.warmup),
        Duration::from_secs_f64(args.duration),
    );
    let cpu = CpuWindow::start(std::process::id(), warmup, duration);
    let server = args
        .server_pid
        .map(|pid| CpuWindow::start(pid, warmup, duration));
    let threads: Vec<_> = (0..args.raw_threads.max(1))
        .map(|_| {
            let pkcs11 = pkcs11.clone();
            let args = args.clone();
            let fixture = fixture.clone();
            std::thread::spawn(move || -> Result<(u64, Stats, Vec<ObjectHandle>), String> {
                let session = pkcs11.open_rw_session(slot).map_err(ck("C_OpenSession"))?;
                Ok(raw_loop(&session, &fixture, &args))
            })
        })
        .collect();
    let mut total = Stats::new();
    let mut ops = 0;
    let mut made = Vec::new();
    for thread in threads {
        let (count, stats, keys) = thread
            .join()
            .map_err(|_| "a raw thread panicked".to_owned())??;
        ops += count;
        total.merge(stats);
        made.extend(keys);
    }
    let report = Report {
        ops,
        cpu_us: cpu.used().and_then(|used| micros_per_op(used, ops)),
        server_busy_cores: server
            .and_then(CpuWindow::used)
            .map(|used| used.as_secs_f64() / duration.as_secs_f64()),
        elapsed: duration,
        stats: total,
        ..Report::default()
    };
    Ok((report, made))
}

/// One thread: the operation in a closed loop until the end of the run. Returns the operations
/// measured, their latencies and the keys it made (Create).
fn raw_loop(
    session: &Session,
    fixture: &Fixture,
    args: &BenchArgs,
) -> (u64, Stats, Vec<ObjectHandle>) {
    let began = Instant::now();
    let measure_from = began + Duration::from_secs_f64(args.warmup);
    let end = measure_from + Duration::from_secs_f64(args.duration);
    let mut stats = Stats::new();
    let mut ops = 0;
    let mut made = Vec::new();
    let mut counter: u64 = 0;
    while Instant::now() < end {
        counter += 1;
        let started = Instant::now();
        let result = fixture.once(session, counter, &mut made);
        let done = Instant::now();
        match result {
            Ok(()) if started >= measure_from && done <= end => {
                ops += 1;
                stats.record(done - started);
            }
            Ok(()) => {}
            Err(e) => stats.error(e),
        }
    }
    (ops, stats, made)
}
