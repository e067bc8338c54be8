//! The `hsmgate` command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use hsmgate::config::Config;
use hsmgate::hyok::HyokEndpoint;
use hsmgate::init::init_dev;
use hsmgate::kmip::KmipHandler;
use hsmgate::serve::{apply_hsm_environment, cancel_on_signal, open_key_service, KmipEndpoint};
use hsmgate_kmip::ttlv::Limits;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

/// jemalloc for the whole process: the PKCS#11 module (SoftHSM2's C++, OpenSSL) allocates and
/// frees on every call, and glibc's malloc spent about a tenth of the gateway's CPU under load,
/// much of it consolidating fast bins whenever a buffer of a kilobyte or more was asked for.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "hsmgate",
    version,
    about = "A KMIP and HYOK gateway in front of PKCS#11 HSMs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make a configuration. With --dev: a complete embedded default (SoftHSM2 token, development
    /// PKI, PIN files, hsmgate.toml) in DIR; existing files are kept.
    Init {
        /// Make the embedded development default (the only kind so far).
        #[arg(long)]
        dev: bool,
        /// The folder to make it in.
        #[arg(long, default_value = "dev")]
        dir: PathBuf,
    },
    /// Check a configuration file and report what it says, without serving.
    CheckConfig {
        #[arg(long)]
        config: PathBuf,
    },
    /// Load-test a KMIP server (this one or any other) over mutual TLS; `--raw` adds the HSM's
    /// own throughput on the same token as the baseline.
    Bench(Box<hsmgate::loadgen::BenchArgs>),
    /// Print the audit trail (one JSON object per line, oldest first).
    Audit(hsmgate::audit::AuditArgs),
    /// Serve with the given configuration.
    Serve {
        #[arg(long)]
        config: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dev, dir } => {
            if !dev {
                eprintln!("hsmgate init: only --dev is available so far: write hsmgate.toml by hand for production (see README)");
                return ExitCode::from(2);
            }
            match init_dev(&dir) {
                Ok(report) => {
                    for made in &report.made {
                        println!("made  {made}");
                    }
                    for kept in &report.kept {
                        println!("kept  {kept}");
                    }
                    println!(
                        "serve it with: hsmgate serve --config {}",
                        report.config.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("hsmgate init: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::CheckConfig { config } => match Config::load(&config) {
            Ok(config) => {
                println!(
                    "configuration OK: KMIP on {}, {} HSM backend(s)",
                    config.kmip.listen,
                    config.hsms.len()
                );
                if let Some(xks) = &config.xks {
                    println!(
                        "XKS proxy API on {}, {} key store(s)",
                        xks.listen,
                        xks.key_stores.len()
                    );
                }
                if let Some(ekm) = &config.ekm {
                    println!(
                        "Azure EKM proxy API under `{}/`, {} key(s)",
                        ekm.path_prefix,
                        ekm.keys.len()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("hsmgate: invalid configuration: {e}");
                ExitCode::from(2)
            }
        },
        Command::Serve { config } => serve(&config),
        Command::Bench(args) => bench(&args),
        Command::Audit(args) => hsmgate::audit::cli::run(&args),
    }
}

fn bench(args: &hsmgate::loadgen::BenchArgs) -> ExitCode {
    if !args.normal_priority {
        // Before any thread starts: they all inherit the policy.
        if let Err(e) = hsmgate::loadgen::scheduling::yield_to_server() {
            eprintln!("hsmgate bench: staying at normal priority ({e})");
        }
    }
    if let Some(config) = &args.raw {
        match Config::load(config) {
            Ok(config) => apply_hsm_environment(&config),
            Err(e) => {
                eprintln!("hsmgate bench: invalid configuration: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = args.threads {
        builder.worker_threads(threads.max(1));
    }
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("hsmgate bench: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(hsmgate::loadgen::run(args)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hsmgate bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config_path: &Path) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("HSMGATE_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("hsmgate: invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    apply_hsm_environment(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("hsmgate: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let endpoint = match KmipEndpoint::bind(&config).await {
            Ok(endpoint) => endpoint,
            Err(e) => {
                eprintln!("hsmgate: {e}");
                return ExitCode::FAILURE;
            }
        };
        let limits = Limits {
            max_message_size: config.kmip.max_message_size,
            max_depth: config.kmip.max_depth,
        };
        let service = match open_key_service(&config).await {
            Ok(service) => service,
            Err(e) => {
                eprintln!("hsmgate: {e}");
                return ExitCode::FAILURE;
            }
        };
        let https = match HyokEndpoint::bind(&config, service.clone()).await {
            Ok(https) => https,
            Err(e) => {
                eprintln!("hsmgate: {e}");
                return ExitCode::FAILURE;
            }
        };
        let audit = service.audit().clone();
        let handler = Arc::new(KmipHandler::new(limits, service));
        let shutdown = CancellationToken::new();
        tokio::spawn(cancel_on_signal(shutdown.clone()));
        let https_task = https.map(|https| {
            let address = https
                .local_addr()
                .map(|a| a.to_string())
                .unwrap_or_default();
            tracing::info!(%address, "serving the XKS proxy API (HTTPS)");
            tokio::spawn(https.run(shutdown.clone()))
        });
        let address = endpoint
            .listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        tracing::info!(%address, "serving KMIP");
        endpoint.run(handler, shutdown).await;
        if let Some(task) = https_task {
            let _ = task.await;
        }
        // Events of the last calls may still be queued: commit them before exiting.
        if let Err(e) = audit.flush_async().await {
            tracing::warn!(error = %e, "audit: the last events could not be committed");
        }
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}
