//! POST {prefix}/info: the proxy's details and the API version it serves. Managed HSM calls it
//! when the EKM connection is set up and then as a health monitor, so it also probes the HSMs
//! (a real operation in each): when none answers, the HSM side is down (502).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use hsmgate_pkcs11::Health;
use serde::Deserialize;

use super::error::EkmError;
use super::{Call, EkmState, RequestContext, API_VERSION};

#[derive(Deserialize)]
struct InfoRequest {
    request_context: RequestContext,
}

pub async fn handle(State(state): State<Arc<EkmState>>, request: Request) -> Response {
    let mut call = Call::new(&state, "info", None);
    let result = info(&state, &mut call, request).await;
    call.finish(result)
}

async fn info(
    state: &EkmState,
    call: &mut Call<'_>,
    request: Request,
) -> Result<serde_json::Value, EkmError> {
    let body: InfoRequest = call.accept(request).await?;
    call.keep(&body.request_context, None);
    let health = state.service.backend_health().await;
    if !health
        .iter()
        .any(|(_, h)| !matches!(h, Health::Unavailable { .. }))
    {
        for (backend, h) in &health {
            tracing::warn!(%backend, health = ?h, "EKM info: HSM backend unavailable");
        }
        return Err(EkmError::BadGateway);
    }
    Ok(serde_json::json!({
        "api_version": API_VERSION,
        "proxy_vendor": "hsmgate",
        "proxy_name": format!("hsmgate {}", env!("CARGO_PKG_VERSION")),
        "ekm_vendor": state.ekm_vendor,
        "ekm_product": state.ekm_product,
    }))
}
