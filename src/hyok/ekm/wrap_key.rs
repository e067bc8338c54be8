//! POST {prefix}/{key}/wrapkey: wraps the key sent in `value` (base64url) with the external
//! key, in the HSM: A256KW / A256KWP with an AES-256 key, RSA-OAEP-256 / RSA-OAEP with an RSA
//! key pair.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::error::EkmError;
use super::keys;
use super::{base64url, from_base64url, Call, EkmState, RequestContext};

#[derive(Deserialize)]
struct WrapRequest {
    request_context: RequestContext,
    alg: String,
    value: String,
}

/// The largest key accepted for wrapping (AES-KW/KWP; RSA is bounded by its modulus).
pub const MAX_KEY_BYTES: usize = 4096;

pub async fn handle(
    State(state): State<Arc<EkmState>>,
    Path(key): Path<String>,
    request: Request,
) -> Response {
    let mut call = Call::new(&state, "wrapkey", Some(&key));
    let result = wrap(&state, &key, &mut call, request).await;
    call.finish(result)
}

async fn wrap(
    state: &EkmState,
    key: &str,
    call: &mut Call<'_>,
    request: Request,
) -> Result<serde_json::Value, EkmError> {
    let mut body: WrapRequest = call.accept(request).await?;
    call.keep(&body.request_context, Some(&body.alg));
    // The Base64url text is key material too: wiped once decoded.
    let encoded = Zeroizing::new(std::mem::take(&mut body.value));
    let data = Zeroizing::new(from_base64url("value", &encoded)?);
    if data.is_empty() || data.len() > MAX_KEY_BYTES {
        return Err(EkmError::BadRequest(format!(
            "value must be 1 to {MAX_KEY_BYTES} bytes"
        )));
    }
    let object = keys::find(state, key).await?;
    let method = super::unwrap_key::method_for(&body.alg, keys::kind(&object)?)?;
    keys::require_enabled(&object)?;
    let wrapped = state
        .service
        .wrap_bytes(&state.acts_as, object.uid(), method, data)
        .await
        .map_err(EkmError::from_service)?;
    Ok(serde_json::json!({ "value": base64url(&wrapped) }))
}
