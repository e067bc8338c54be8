//! POST {prefix}/kms/xks/v1/keys/{externalKeyId}/metadata: the key's spec (AES_256), usage
//! (from its Cryptographic Usage Mask) and status (ENABLED when its current version is Active).

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use hsmgate_kmip::spec::CryptographicUsageMask;
use serde::Deserialize;

use super::audit::XksCall;
use super::error::XksError;
use super::keys;
use super::{answer, authenticate, parse_json, Api, KeyStore, RequestMetadata};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MetadataRequest {
    request_metadata: RequestMetadata,
}

pub async fn handle(
    State(store): State<Arc<KeyStore>>,
    Path(key_id): Path<String>,
    request: Request,
) -> Response {
    let mut call = XksCall::new(&store, Api::Metadata, Some(&key_id));
    let result = metadata(&store, &key_id, request, &mut call).await;
    call.finish(&result);
    answer(result)
}

async fn metadata(
    store: &KeyStore,
    key_id: &str,
    request: Request,
    call: &mut XksCall<'_>,
) -> Result<serde_json::Value, XksError> {
    let body = authenticate(store, request, call).await?;
    let request: MetadataRequest = parse_json(&body)?;
    call.metadata(request.request_metadata)?;
    let versions = keys::versions(store, key_id).await?;
    let current = versions.first().ok_or(XksError::KeyNotFound)?;
    call.key_uid(current.uid());
    if !keys::is_aes_256(current) {
        return Err(XksError::UnsupportedOperation(
            "only AES-256 keys are served over XKS".into(),
        ));
    }
    let mask = current.usage_mask();
    let mut usage = Vec::new();
    if mask.contains(CryptographicUsageMask::ENCRYPT) {
        usage.push("ENCRYPT");
    }
    if mask.contains(CryptographicUsageMask::DECRYPT) {
        usage.push("DECRYPT");
    }
    let status = if keys::enabled(current) {
        "ENABLED"
    } else {
        "DISABLED"
    };
    Ok(serde_json::json!({
        "keySpec": "AES_256",
        "keyUsage": usage,
        "keyStatus": status,
    }))
}
