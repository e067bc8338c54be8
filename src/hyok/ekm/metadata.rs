//! POST {prefix}/{key}/metadata: the external key's type (`oct` or `RSA`), size, operations
//! (from its Cryptographic Usage Mask) and, for RSA, its public modulus and exponent
//! (base64url of the unsigned big-endian bytes).

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use hsmgate_kmip::spec::CryptographicUsageMask;
use serde::Deserialize;

use super::error::EkmError;
use super::keys::{self, ExternalKey};
use super::{base64url, Call, EkmState, RequestContext};

#[derive(Deserialize)]
struct MetadataRequest {
    request_context: RequestContext,
}

pub async fn handle(
    State(state): State<Arc<EkmState>>,
    Path(key): Path<String>,
    request: Request,
) -> Response {
    let mut call = Call::new(&state, "metadata", Some(&key));
    let result = metadata(&state, &key, &mut call, request).await;
    call.finish(result)
}

/// Big-endian bytes without leading zeros (the API's unsigned encoding).
fn minimal(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

async fn metadata(
    state: &EkmState,
    key: &str,
    call: &mut Call<'_>,
    request: Request,
) -> Result<serde_json::Value, EkmError> {
    let body: MetadataRequest = call.accept(request).await?;
    call.keep(&body.request_context, None);
    let object = keys::find(state, key).await?;
    let kind = keys::kind(&object)?;
    keys::require_enabled(&object)?;
    let mask = object.usage_mask();
    let mut ops = Vec::new();
    let (wraps, unwraps) = match kind {
        ExternalKey::Aes256 => (
            mask.contains(CryptographicUsageMask::WRAP_KEY),
            mask.contains(CryptographicUsageMask::UNWRAP_KEY),
        ),
        // The pair's use is granted on the private key that names it (service::wrap_bytes).
        ExternalKey::Rsa { .. } => {
            let unwrap = mask.contains(CryptographicUsageMask::UNWRAP_KEY);
            (unwrap, unwrap)
        }
    };
    if wraps {
        ops.push("wrapKey");
    }
    if unwraps {
        ops.push("unwrapKey");
    }
    Ok(match kind {
        ExternalKey::Aes256 => serde_json::json!({
            "key_type": "oct",
            "key_size": 256,
            "key_ops": ops,
        }),
        ExternalKey::Rsa { bits } => {
            let (n, e) = state
                .service
                .rsa_public_numbers(&state.acts_as, object.uid())
                .await
                .map_err(EkmError::from_service)?;
            serde_json::json!({
                "key_type": "RSA",
                "key_size": bits,
                "key_ops": ops,
                "n": base64url(minimal(&n)),
                "e": base64url(minimal(&e)),
            })
        }
    })
}
