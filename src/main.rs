//! The `hsmgate` command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use hsmgate::config::Config;
use hsmgate::init::init_dev;

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
        Command::CheckConfig { config } | Command::Serve { config } => {
            match Config::load(&config) {
                Ok(config) => {
                    println!(
                        "configuration OK: KMIP on {}, {} HSM backend(s)",
                        config.kmip.listen,
                        config.hsms.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("hsmgate: invalid configuration: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
