//! POST {prefix}/kms/xks/v1/health: a real AES-GCM round trip in each HSM backend, reported as
//! one ekmFleetDetails entry per backend (at most ten). This proxy is a fleet of one.
//!
//! Probe results are reused for [`HEALTH_CACHE`] (the spec allows at most one minute), so that a
//! slow HSM cannot push the answer past KMS's 250 ms timeout; concurrent calls share one probe.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::response::Response;
use hsmgate_pkcs11::Health;
use serde::Deserialize;

use super::audit::XksCall;
use super::error::XksError;
use super::{answer, authenticate, parse_json, Api, KeyStore, RequestMetadata};

/// How long a probe result is reused.
pub const HEALTH_CACHE: Duration = Duration::from_secs(30);

/// When the backends were probed, and what each answered.
type Probe = (Instant, Vec<(String, Health)>);

/// The last probe of every backend, shared by all key stores.
#[derive(Default)]
pub struct HealthCache {
    last: tokio::sync::Mutex<Option<Probe>>,
}

impl HealthCache {
    async fn probe(&self, store: &KeyStore) -> Vec<(String, Health)> {
        let mut last = self.last.lock().await;
        if let Some((at, outcomes)) = last.as_ref() {
            if at.elapsed() < HEALTH_CACHE {
                return outcomes.clone();
            }
        }
        let outcomes = store.service.backend_health().await;
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
    call.metadata(&request.request_metadata)?;
    let fleet: Vec<serde_json::Value> = store
        .health
        .probe(store)
        .await
        .into_iter()
        .take(10)
        .map(|(name, health)| {
            let status = match health {
                Health::Healthy => "ACTIVE",
                Health::Degraded { .. } => "DEGRADED",
                _ => "UNAVAILABLE",
            };
            serde_json::json!({ "id": name, "model": "PKCS#11 token", "healthStatus": status })
        })
        .collect();
    if fleet.is_empty() {
        return Err(XksError::Internal);
    }
    Ok(serde_json::json!({
        "xksProxyFleetSize": 1,
        "xksProxyVendor": "hsmgate",
        "xksProxyModel": concat!("hsmgate ", env!("CARGO_PKG_VERSION")),
        "ekmVendor": "PKCS#11 HSM",
        "ekmFleetDetails": fleet,
    }))
}
