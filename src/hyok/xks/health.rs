//! POST {prefix}/kms/xks/v1/health: a real AES-GCM round trip in each HSM backend, reported as
//! one ekmFleetDetails entry per backend (at most ten). This proxy is a fleet of one. The vendor
//! and model are what each token says of itself (C_GetTokenInfo manufacturerID and model), read
//! with the probe.
//!
//! Probe results are reused for [`HEALTH_CACHE`] (the spec allows at most one minute), so that a
//! slow HSM cannot push the answer past KMS's 250 ms timeout; concurrent calls share one probe.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::response::Response;
use hsmgate_pkcs11::{Health, TokenIdentity};
use serde::Deserialize;

use super::audit::XksCall;
use super::error::XksError;
use super::{answer, authenticate, parse_json, Api, KeyStore, RequestMetadata};

/// How long a probe result is reused (the spec allows at most one minute).
pub const HEALTH_CACHE: Duration = Duration::from_secs(30);

/// Longest vendor or model string reported.
const MAX_NAME: usize = 64;

/// One backend as probed: its name, health, and the token's identity when it could be read.
#[derive(Clone)]
struct BackendProbe {
    name: String,
    health: Health,
    identity: Option<TokenIdentity>,
}

/// When the backends were probed, and what each answered.
type Probe = (Instant, Vec<BackendProbe>);

/// The last probe of every backend, shared by all key stores.
#[derive(Default)]
pub struct HealthCache {
    last: tokio::sync::Mutex<Option<Probe>>,
}

impl HealthCache {
    async fn probe(&self, store: &KeyStore) -> Vec<BackendProbe> {
        let mut last = self.last.lock().await;
        if let Some((at, outcomes)) = last.as_ref() {
            if at.elapsed() < HEALTH_CACHE {
                return outcomes.clone();
            }
        }
        let mut outcomes = Vec::new();
        for backend in store.service.backends() {
            let health = backend.health().await;
            let identity = match backend.token_identity().await {
                Ok(identity) => Some(identity),
                Err(e) => {
                    tracing::warn!(backend = backend.name(), error = %e, "XKS health: token info unreadable");
                    None
                }
            };
            outcomes.push(BackendProbe {
                name: backend.name().to_owned(),
                health,
                identity,
            });
        }
        *last = Some((Instant::now(), outcomes.clone()));
        outcomes
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HealthRequest {
    request_metadata: RequestMetadata,
}

pub async fn handle(State(store): State<Arc<KeyStore>>, request: Request) -> Response {
    let mut call = XksCall::new(&store, Api::Health, None);
    let result = health(&store, request, &mut call).await;
    call.finish(&result);
    answer(result)
}

async fn health(
    store: &KeyStore,
    request: Request,
    call: &mut XksCall<'_>,
) -> Result<serde_json::Value, XksError> {
    let body = authenticate(store, request, call).await?;
    let request: HealthRequest = parse_json(&body)?;
    call.metadata(request.request_metadata)?;
    let probes = store.health.probe(store).await;
    let fleet: Vec<serde_json::Value> = probes
        .iter()
        .take(10)
        .map(|probe| {
            let status = match probe.health {
                Health::Healthy => "ACTIVE",
                Health::Degraded { .. } => "DEGRADED",
                _ => "UNAVAILABLE",
            };
            let model = probe
                .identity
                .as_ref()
                .map_or("unknown", |identity| identity.model.as_str());
            serde_json::json!({
                "id": probe.name,
                "model": bounded(model),
                "healthStatus": status,
            })
        })
        .collect();
    // One vendor field for the fleet: the distinct token manufacturers, in backend order.
    let mut vendors: Vec<&str> = Vec::new();
    for identity in probes.iter().filter_map(|p| p.identity.as_ref()) {
        if !vendors.contains(&identity.manufacturer.as_str()) {
            vendors.push(&identity.manufacturer);
        }
    }
    let vendor = if vendors.is_empty() {
        "unknown".to_owned()
    } else {
        vendors.join(", ")
    };
    if fleet.is_empty() {
        return Err(XksError::Internal);
    }
    Ok(serde_json::json!({
        "xksProxyFleetSize": 1,
        "xksProxyVendor": "hsmgate",
        "xksProxyModel": concat!("hsmgate ", env!("CARGO_PKG_VERSION")),
        "ekmVendor": bounded(&vendor),
        "ekmFleetDetails": fleet,
    }))
}

/// A token-reported string, cut to [`MAX_NAME`] characters.
fn bounded(text: &str) -> String {
    text.chars().take(MAX_NAME).collect()
}
