//! Replays one vector file against a fresh gateway: one mutual-TLS connection, the requests in
//! file order, each response compared with the expected one. A failed step does not end the
//! file: later steps still run (with whatever bindings were made) so their outcomes count too,
//! until the server closes the connection.

use std::time::Duration;

use hsmgate_kmip::ttlv::to_bytes;
use hsmgate_kmip::xml::write_item;

use crate::bindings::{unix_now, Bindings, NowWindow};
use crate::common::{
    client_config, connect, dev_client, exchange, nss_hsm_section, start_server_with, TestServer,
};
use crate::matcher::match_response;
use crate::vectors::VectorFile;

/// How long one exchange may take before the connection counts as dead. Not a performance
/// bound: it only keeps a server that never answers from hanging the whole run.
const STALL_LIMIT: Duration = Duration::from_secs(30);

/// Set to a file stem (`CONFORMANCE_TRACE=BL-M-1-21`) to print that file's requests and actual
/// responses as KMIP XML while it replays.
const TRACE_VARIABLE: &str = "CONFORMANCE_TRACE";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    Passed,
    /// Why the step failed, without the step number.
    Failed(String),
}

#[derive(Debug)]
pub struct FileOutcome {
    pub stem: String,
    pub profile: String,
    pub steps: Vec<StepOutcome>,
}

impl FileOutcome {
    pub fn passed(&self) -> bool {
        !self.steps.is_empty() && self.steps.iter().all(|s| *s == StepOutcome::Passed)
    }

    pub fn passed_steps(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| **s == StepOutcome::Passed)
            .count()
    }

    /// `step N: <difference>` for the first failed step.
    pub fn first_failure(&self) -> Option<String> {
        self.steps
            .iter()
            .enumerate()
            .find_map(|(n, step)| match step {
                StepOutcome::Failed(why) => Some(format!("step {n}: {why}")),
                StepOutcome::Passed => None,
            })
    }
}

/// The vectors' server is configured as an operator serving clients that read back the keys
/// they create would configure it (e.g. for VMware vCenter): Create follows KMIP's defaults,
/// Extractable true and Sensitive false, so Get of a created key answers its value. The
/// gateway's own default (created keys never leave the HSM) is tested in tests/kmip_keys.rs.
const OPERATOR_CONFIG: &str = "[keys]\ncreated_keys_extractable = true\n";

/// Replays one file against a fresh server.
pub async fn replay(file: &VectorFile) -> FileOutcome {
    let mut outcomes = replay_chain(std::slice::from_ref(file)).await;
    outcomes.pop().unwrap_or_else(|| FileOutcome {
        stem: file.stem.clone(),
        profile: file.profile(),
        steps: Vec::new(),
    })
}

/// Replays `files` in order against one fresh server, each over its own connection: one file
/// alone, or a chain whose later files use objects the earlier ones left (see `CHAINS`).
pub async fn replay_chain(files: &[VectorFile]) -> Vec<FileOutcome> {
    // NSS's softoken beside SoftHSM2 holds the ChaCha20 keys (CS-BC-M-CHACHA20*).
    let server = start_server_with(&format!("{OPERATOR_CONFIG}{}", nss_hsm_section())).await;
    let mut outcomes = Vec::with_capacity(files.len());
    // Keys the server generated in earlier files of the chain: their material and cipher
    // output compare by length only in later files too (tolerance generated-key-material).
    let mut generated = Vec::new();
    // $NOW in a later file may be a time an earlier one set: the window opens at the start.
    let (start, _) = unix_now();
    for file in files {
        outcomes.push(replay_on(&server, file, start, &mut generated).await);
    }
    server.shutdown.cancel();
    let _ = server.task.await;
    outcomes
}

async fn replay_on(
    server: &TestServer,
    file: &VectorFile,
    start: i64,
    generated: &mut Vec<String>,
) -> FileOutcome {
    let (cert, key) = dev_client(&server.pki);
    let config = client_config(&server.pki, Some((&cert, &key)));
    let mut outcome = FileOutcome {
        stem: file.stem.clone(),
        profile: file.profile(),
        steps: Vec::with_capacity(file.steps.len()),
    };
    let mut stream = match connect(server.addr, config).await {
        Ok(stream) => Some(stream),
        Err(e) => {
            let why = format!("TLS connection failed: {e}");
            outcome
                .steps
                .resize(file.steps.len(), StepOutcome::Failed(why));
            None
        }
    };

    let trace = std::env::var(TRACE_VARIABLE).is_ok_and(|stem| stem == file.stem);
    let mut bindings = Bindings::for_responses(file.steps.iter().map(|s| &s.response));
    for uid in generated.iter() {
        bindings.note_generated(uid);
    }
    for (n, step) in file.steps.iter().enumerate() {
        let Some(open) = stream.as_mut() else {
            if outcome.steps.len() <= n {
                let why = "not sent: the connection is closed".to_owned();
                outcome.steps.push(StepOutcome::Failed(why));
            }
            continue;
        };
        let request = match bindings.request(&step.request, unix_now().0) {
            Ok(request) => request,
            Err(unbound) => {
                let why = format!("not sent: {} is unbound", unbound.0);
                outcome.steps.push(StepOutcome::Failed(why));
                continue;
            }
        };
        if trace {
            println!("{} step {n} request:\n{}", file.stem, write_item(&request));
        }
        let answer = tokio::time::timeout(STALL_LIMIT, exchange(open, &to_bytes(&request))).await;
        let Ok(Some(actual)) = answer else {
            let why = match answer {
                Err(_) => "no response (connection stalled)",
                _ => "no response: the server closed the connection",
            };
            outcome.steps.push(StepOutcome::Failed(why.to_owned()));
            stream = None;
            continue;
        };
        if trace {
            println!("{} step {n} response:\n{}", file.stem, write_item(&actual));
        }
        let window = NowWindow {
            earliest: start,
            latest: unix_now().1,
        };
        let result = match_response(&step.response, &actual, &request, &mut bindings, window);
        bindings.observe(&actual);
        outcome.steps.push(match result {
            Ok(()) => StepOutcome::Passed,
            Err(difference) => StepOutcome::Failed(difference.to_string()),
        });
    }

    drop(stream);
    *generated = bindings.generated().cloned().collect();
    outcome
}
