//! `hsmgate bench`: the bundled load generator. It drives any KMIP server over mutual TLS with
//! N connections, closed-loop or at a fixed request rate (latency counted from each request's
//! intended send time, so a stalled server cannot hide its queueing: no coordinated omission),
//! after a warm-up, for a set duration, and reports throughput and latency percentiles from HDR
//! histograms. With `--raw` it first runs the same operation straight through PKCS#11 on the same
//! token with as many threads, and prints the gateway's throughput as a ratio of the HSM's own.
//!
//! Load goes to the address given: use loopback addresses only on shared machines.

mod client;
mod cpu;
mod driver;
mod floor_link;
mod idle;
mod loopback_floor;
mod pipelined;
mod raw;
mod raw_ops;
pub mod scheduling;
mod stats;
mod workload;
mod xks;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use futures_util::FutureExt;
use hsmgate_kmip::message::ProtocolVersion;

pub use stats::{Report, Stats};
pub use workload::KmipOp;

use client::{tls_config, CallError, KmipConnection};
use driver::Exchange;

/// Options of `hsmgate bench`.
#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// KMIP server address.
    #[arg(long, default_value = "127.0.0.1:5696")]
    pub server: SocketAddr,
    /// Name the server's certificate must carry.
    #[arg(long, default_value = "localhost")]
    pub server_name: String,
    /// CA certificate(s) to trust (PEM).
    #[arg(long)]
    pub ca: PathBuf,
    /// Client certificate (PEM).
    #[arg(long)]
    pub cert: PathBuf,
    /// Client private key (PEM).
    #[arg(long)]
    pub key: PathBuf,
    /// The operation to measure.
    #[arg(long, value_enum, default_value = "encrypt")]
    pub op: KmipOp,
    /// Concurrent connections (one request in flight on each).
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// Seconds of measurement.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Seconds of warm-up before measuring.
    #[arg(long, default_value_t = 2.0)]
    pub warmup: f64,
    /// Requests per second in total (open loop); absent: closed loop, as fast as answers come.
    #[arg(long)]
    pub rate: Option<f64>,
    /// Requests in flight per connection in the closed loop (sent back to back, answered in
    /// order). 1, the default, is how most KMIP clients talk.
    #[arg(long, default_value_t = 1)]
    pub pipeline: usize,
    /// For the xks-* operations: the `xks.env` file naming the key store's URI prefix,
    /// SigV4 credentials, region and key (as `hsmgate init --dev` writes it); `--server` is then
    /// the XKS HTTPS listener.
    #[arg(long)]
    pub xks_env: Option<PathBuf>,
    /// Bytes of data per Encrypt.
    #[arg(long, default_value_t = 32)]
    pub payload: usize,
    /// KMIP protocol version, e.g. 2.1 or 1.4.
    #[arg(long, default_value = "2.1", value_parser = parse_version)]
    pub kmip_version: ProtocolVersion,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also run the operation straight through PKCS#11 on the gateway's token (read from this
    /// gateway configuration) with as many threads as `--raw-threads`, and print the ratio.
    #[arg(long)]
    pub raw: Option<PathBuf>,
    /// Threads of the raw PKCS#11 baseline.
    #[arg(long, default_value_t = 2)]
    pub raw_threads: usize,
    /// Runs of the raw baseline; the best counts. Two threads on one SoftHSM2 token key run
    /// either at full speed or, now and then, in a lock convoy at half of it (both seen within
    /// minutes on an idle machine): the HSM's own limit is the best run, not the average.
    #[arg(long, default_value_t = 3)]
    pub raw_trials: usize,
    /// Runs of the measured operation; the best counts, as for the raw baseline
    /// (`--raw-trials`), so that both sides of a ratio are taken the same way. 1 with `--rate`.
    #[arg(long, default_value_t = 1)]
    pub trials: usize,
    /// Make the baseline's keys session objects instead of token objects (the gateway's keys
    /// are token objects; SoftHSM2 serves session objects faster).
    #[arg(long)]
    pub raw_session_key: bool,
    /// Initialise the module for the baseline with its own OS locking instead of the gateway's
    /// spinning mutex callbacks (`hsmgate_pkcs11::initialize_module`).
    #[arg(long)]
    pub raw_os_locking: bool,
    /// Run at the normal scheduling priority. By default the load generator (and the raw
    /// baseline) runs as SCHED_BATCH on Linux, so that on a machine it shares with the server
    /// its wakeups do not preempt the server mid-request (see `scheduling.rs`).
    #[arg(long)]
    pub normal_priority: bool,
    /// Worker threads of the load generator's async runtime (default: one per CPU). On a
    /// machine it shares with the server, one thread wakes no other CPU between a request's
    /// send and its answer, and leaves the server more of the machine.
    #[arg(long)]
    pub threads: Option<usize>,
    /// The server's process id, when it runs on this machine: the report then gives the
    /// server's CPU time per request next to the load generator's own.
    #[arg(long)]
    pub server_pid: Option<u32>,
}

fn parse_version(text: &str) -> Result<ProtocolVersion, String> {
    let (major, minor) = text.split_once('.').ok_or("a version looks like 2.1")?;
    let major = major.parse().map_err(|_| "bad major version")?;
    let minor = minor.parse().map_err(|_| "bad minor version")?;
    Ok(ProtocolVersion::new(major, minor))
}

/// Runs only the raw PKCS#11 baseline of `args` (`args.raw` names the gateway configuration).
pub async fn run_raw(args: &BenchArgs) -> Result<Report, String> {
    let config = args.raw.as_ref().ok_or("no --raw configuration given")?;
    raw::run(config, args).await
}

/// Runs the benchmark and prints its report(s). Returns the gateway's report.
pub async fn run(args: &BenchArgs) -> Result<Report, String> {
    if args.connections == 0 || args.duration <= 0.0 || args.warmup < 0.0 {
        return Err("--connections and --duration must be positive".into());
    }
    if args.pipeline == 0 || (args.pipeline > 1 && args.rate.is_some()) {
        return Err("--pipeline must be at least 1, and 1 with --rate".into());
    }
    if args.trials == 0 || (args.trials > 1 && args.rate.is_some()) {
        return Err("--trials must be at least 1, and 1 with --rate".into());
    }
    let raw_report = match &args.raw {
        Some(config) => Some(raw::run(config, args).await?),
        None => None,
    };
    let report = best_of_trials(args).await?;
    if args.json {
        let mut json = serde_json::json!({ "gateway": report.json() });
        if let Some(raw) = &raw_report {
            json["raw_pkcs11"] = raw.json();
            json["ratio"] = serde_json::json!(report.ops_per_sec() / raw.ops_per_sec());
            if args.op.is_floor() {
                json["ceiling"] = serde_json::json!(ceiling(raw, &report));
            } else if args.server_pid.is_some() {
                json["load_generator_ceiling"] = serde_json::json!(ceiling(raw, &report));
            }
        }
        println!("{json}");
    } else {
        if let Some(raw) = &raw_report {
            println!("{}", raw.text());
        }
        println!("{}", report.text());
        match &raw_report {
            Some(raw) if args.op.is_floor() => match ceiling(raw, &report) {
                Some(ceiling) => println!(
                    "highest gateway / raw PKCS#11 ratio with one request in flight per \
                     connection on this machine (raw CPU ÷ (raw CPU + a round trip's)): {ceiling:.3}"
                ),
                None => println!("CPU times could not be read: no ceiling"),
            },
            Some(raw) => {
                println!(
                    "gateway / raw PKCS#11 throughput: {:.3}",
                    report.ops_per_sec() / raw.ops_per_sec()
                );
                // With --server-pid the server shares this machine, and the load generator's
                // own CPU per request caps the ratio whatever the server does.
                if let (Some(_), Some(bound)) = (args.server_pid, ceiling(raw, &report)) {
                    println!(
                        "highest ratio any server could reach against this load generator on \
                         this machine (raw CPU ÷ (raw CPU + the load generator's)): {bound:.3}"
                    );
                }
            }
            None => {}
        }
    }
    Ok(report)
}

/// Measures `args.trials` times and keeps the run with the highest throughput, as the raw
/// baseline does (`--raw-trials`): both sides of a ratio get the same chance on a noisy machine.
async fn best_of_trials(args: &BenchArgs) -> Result<Report, String> {
    let mut runs = stats::BestOf::default();
    for _ in 0..args.trials.max(1) {
        runs.add(measure(args).await?);
    }
    let (mut best, suffix) = runs.finish().ok_or("no trial ran")?;
    best.label.push_str(&suffix);
    Ok(best)
}

/// One measured run of the operation `args` names.
async fn measure(args: &BenchArgs) -> Result<Report, String> {
    Ok(match args.op.xks() {
        Some(call) => run_xks(args, call).await?,
        None if args.op.is_floor() => run_floor(args).await?,
        None if args.op == KmipOp::Idle => {
            let tls = tls_config(&args.ca, &args.cert, &args.key)?;
            let hold = Duration::from_secs_f64(args.duration);
            idle::run(
                args.server,
                &args.server_name,
                tls,
                args.kmip_version,
                args.connections,
                hold,
            )
            .await?
        }
        None => run_kmip(args).await?,
    })
}

async fn run_kmip(args: &BenchArgs) -> Result<Report, String> {
    let config = tls_config(&args.ca, &args.cert, &args.key)?;
    let run_id = format!("bench-{}", std::process::id());
    let mut setup = KmipConnection::connect(args.server, &args.server_name, config.clone())
        .await
        .map_err(|e| format!("connecting to {}: {e}", args.server))?;
    let request = workload::prepare(
        &mut setup,
        args.kmip_version,
        args.op,
        args.payload,
        &run_id,
    )
    .await
    .map_err(|e| format!("preparing {:?}: {e}", args.op))?;
    drop(setup);

    let warmup = Duration::from_secs_f64(args.warmup);
    let duration = Duration::from_secs_f64(args.duration);
    let interval = per_connection_interval(args);
    let mut loops = Vec::with_capacity(args.connections);
    for _ in 0..args.connections {
        let conn = KmipConnection::connect(args.server, &args.server_name, config.clone())
            .await
            .map_err(|e| format!("connecting to {}: {e}", args.server))?;
        let request = request.clone();
        loops.push(if args.pipeline > 1 {
            pipelined::worker(conn, request, args.pipeline, warmup, duration).boxed()
        } else {
            let exchange = KmipExchange { conn, request };
            driver::worker(exchange, warmup, duration, interval).boxed()
        });
    }
    let driven = driver::drive(loops, warmup, duration, args.server_pid).await?;
    let mut label = format!("kmip {:?} x{}", args.op, args.connections).to_lowercase();
    if args.pipeline > 1 {
        label.push_str(&format!(" (pipeline {})", args.pipeline));
    }
    Ok(driven.report(label, duration))
}

async fn run_xks(args: &BenchArgs, call: xks::XksCall) -> Result<Report, String> {
    if args.pipeline > 1 {
        return Err("--pipeline applies to KMIP only".into());
    }
    let env = args
        .xks_env
        .as_ref()
        .ok_or("xks-* operations need --xks-env")?;
    let target = xks::XksTarget::from_env_file(env)?;
    let tls = tls_config(&args.ca, &args.cert, &args.key)?;
    let connect =
        || xks::XksConnection::connect(args.server, &args.server_name, tls.clone(), target.clone());
    let mut setup = connect()
        .await
        .map_err(|e| format!("connecting to {}: {e}", args.server))?;
    let (api, body) = xks::prepare(&mut setup, call, args.payload)
        .await
        .map_err(|e| format!("preparing {:?}: {e}", args.op))?;
    let path = setup.path(&api);
    drop(setup);
    let body = bytes::Bytes::from(body);
    let warmup = Duration::from_secs_f64(args.warmup);
    let duration = Duration::from_secs_f64(args.duration);
    let interval = per_connection_interval(args);
    let mut loops = Vec::with_capacity(args.connections);
    for _ in 0..args.connections {
        let conn = connect()
            .await
            .map_err(|e| format!("connecting to {}: {e}", args.server))?;
        let exchange = xks::XksExchange {
            conn,
            path: path.clone(),
            body: body.clone(),
        };
        loops.push(driver::worker(exchange, warmup, duration, interval).boxed());
    }
    let driven = driver::drive(loops, warmup, duration, args.server_pid).await?;
    let label = format!("{:?} x{}", args.op, args.connections).to_lowercase();
    Ok(driven.report(label, duration))
}

/// The loopback floor, on a thread of its own (it blocks).
async fn run_floor(args: &BenchArgs) -> Result<Report, String> {
    let (connections, payload) = (args.connections, args.payload);
    let warmup = Duration::from_secs_f64(args.warmup);
    let duration = Duration::from_secs_f64(args.duration);
    let tls = match args.op {
        KmipOp::TlsFloor => Some(floor_link::FloorTls::new()?),
        _ => None,
    };
    let floor = tokio::task::spawn_blocking(move || {
        loopback_floor::run((connections, payload), (warmup, duration), tls)
    })
    .await
    .map_err(|e| format!("loopback floor: {e}"))??;
    let mut report = floor.report;
    report.cpu_us = floor
        .cpu
        .and_then(|used| cpu::micros_per_op(used, report.ops));
    // The echo server thread's share, reported as the server's CPU time per request.
    report.server_cpu_us = floor
        .server_cpu
        .and_then(|used| cpu::micros_per_op(used, report.ops));
    Ok(report)
}

/// The highest gateway ÷ raw throughput ratio reachable when every operation also costs
/// `other`'s CPU time per operation on the same cores as the HSM's work: raw CPU per operation
/// ÷ (that + the other's). With the loopback floor as `other`: the bound one request in flight
/// per connection sets (every request pays a round trip). With the load generator's own run:
/// the bound that sharing the machine with the load generator sets, even for a server that
/// cost nothing.
pub fn ceiling(raw: &Report, other: &Report) -> Option<f64> {
    let (hsm, extra) = (raw.cpu_us?, other.cpu_us?);
    Some(hsm / (hsm + extra))
}

/// Each connection's send interval at a fixed total rate (`--rate`), if any.
fn per_connection_interval(args: &BenchArgs) -> Option<Duration> {
    args.rate
        .map(|rate| Duration::from_secs_f64(args.connections as f64 / rate.max(1e-9)))
}

/// A KMIP connection sending the same encoded request each time.
struct KmipExchange {
    conn: KmipConnection,
    request: bytes::Bytes,
}

impl Exchange for KmipExchange {
    async fn exchange(&mut self) -> Result<(), CallError> {
        self.conn.call_ok(&self.request).await
    }
}
