//! POST {prefix}/{key}/unwrapkey: unwraps `value` (base64url) with the external key, in the
//! HSM, and returns the key. Input that does not unwrap is one BadRequest, whatever the reason.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use serde::Deserialize;

use super::error::EkmError;
use super::keys::{self, ExternalKey};
use super::{base64url, from_base64url, Call, EkmState, RequestContext};
use crate::service::ByteWrap;

#[derive(Deserialize)]
struct UnwrapRequest {
    request_context: RequestContext,
    alg: String,
    value: String,
}

/// The wrapping method an `alg` names, if the key's kind supports it.
pub(crate) fn method_for(alg: &str, kind: ExternalKey) -> Result<ByteWrap, EkmError> {
    let method = match alg {
        "A256KW" => ByteWrap::AesKw,
        "A256KWP" => ByteWrap::AesKwp,
        "RSA-OAEP-256" => ByteWrap::RsaOaepSha256,
        "RSA-OAEP" => ByteWrap::RsaOaepSha1,
        _ => {
            return Err(EkmError::BadRequest(
                "unsupported alg: A256KW, A256KWP, RSA-OAEP-256 or RSA-OAEP".into(),
            ))
        }
    };
    let fits = match kind {
        ExternalKey::Aes256 => matches!(method, ByteWrap::AesKw | ByteWrap::AesKwp),
        ExternalKey::Rsa { .. } => {
            matches!(method, ByteWrap::RsaOaepSha256 | ByteWrap::RsaOaepSha1)
        }
    };
    if fits {
        Ok(method)
    } else {
        Err(EkmError::BadRequest(format!(
            "alg {alg} does not fit the key's type"
        )))
    }
}

pub async fn handle(
    State(state): State<Arc<EkmState>>,
    Path(key): Path<String>,
    request: Request,
) -> Response {
    let mut call = Call::new(&state, "unwrapkey", Some(&key));
    let result = unwrap(&state, &key, &mut call, request).await;
    call.finish(result)
}

async fn unwrap(
    state: &EkmState,
    key: &str,
    call: &mut Call<'_>,
    request: Request,
) -> Result<serde_json::Value, EkmError> {
    let body: UnwrapRequest = call.accept(request).await?;
    call.keep(&body.request_context, Some(&body.alg));
    let wrapped = from_base64url("value", &body.value)?;
    if wrapped.is_empty() || wrapped.len() > super::wrap_key::MAX_KEY_BYTES + 8 {
        return Err(EkmError::BadRequest(
            "value has an impossible length".into(),
        ));
    }
    let object = keys::find(state, key).await?;
    let method = method_for(&body.alg, keys::kind(&object)?)?;
    keys::require_enabled(&object)?;
    let unwrapped = state
        .service
        .unwrap_bytes(&state.acts_as, object.uid(), method, wrapped)
        .await
        .map_err(EkmError::from_service)?;
    // The answer's text holds the key; serde_json's String is not zeroized, a known limit.
    Ok(serde_json::json!({ "value": base64url(&unwrapped) }))
}
