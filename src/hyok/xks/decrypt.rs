//! POST {prefix}/kms/xks/v1/keys/{externalKeyId}/decrypt: AES-256-GCM in the HSM with the
//! version named by ciphertextMetadata. A changed ciphertextMetadata names another version or
//! none (InvalidCiphertextException), or changes the AAD so that the tag fails (the same).

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use hsmgate_kmip::spec::enums::State as KeyState;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::answers::DecryptAnswer;
use super::audit::XksCall;
use super::error::XksError;
use super::keys::{self, CiphertextMetadata};
use super::{
    answer, authenticate, base64, base64_field, parse_json, Api, KeyStore, RequestMetadata, Text,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DecryptRequest<'b> {
    request_metadata: RequestMetadata,
    #[serde(borrow)]
    ciphertext: Text<'b>,
    #[serde(borrow)]
    ciphertext_metadata: Option<Text<'b>>,
    #[serde(borrow)]
    encryption_algorithm: Text<'b>,
    #[serde(borrow)]
    additional_authenticated_data: Option<Text<'b>>,
    #[serde(borrow)]
    authentication_tag: Text<'b>,
    #[serde(borrow)]
    initialization_vector: Text<'b>,
}

pub async fn handle(
    State(store): State<Arc<KeyStore>>,
    Path(key_id): Path<String>,
    request: Request,
) -> Response {
    let mut call = XksCall::new(&store, Api::Decrypt, Some(&key_id));
    let result = decrypt(&store, &key_id, request, &mut call).await;
    call.finish(&result);
    answer(result)
}

async fn decrypt(
    store: &KeyStore,
    key_id: &str,
    request: Request,
    call: &mut XksCall<'_>,
) -> Result<DecryptAnswer, XksError> {
    let body = authenticate(store, request, call).await?;
    let request: DecryptRequest<'_> = parse_json(&body)?;
    call.metadata(request.request_metadata)?;
    if &*request.encryption_algorithm != "AES_GCM" {
        return Err(XksError::UnsupportedOperation(
            "encryptionAlgorithm must be AES_GCM".into(),
        ));
    }
    let invalid = |what: &str| XksError::InvalidCiphertext(format!("{what} is not valid"));
    let ciphertext = base64_field("ciphertext", &request.ciphertext)?;
    let iv = base64_field("initializationVector", &request.initialization_vector)?;
    let tag = base64_field("authenticationTag", &request.authentication_tag)?;
    if iv.len() != 12 && iv.len() != 16 {
        return Err(invalid("initializationVector (12 or 16 bytes)"));
    }
    if tag.len() != 16 {
        return Err(invalid("authenticationTag (16 bytes)"));
    }
    let aad = match &request.additional_authenticated_data {
        Some(text) => base64_field("additionalAuthenticatedData", text)?,
        None => Vec::new(),
    };
    // Every ciphertext this proxy makes carries metadata; one without it is not ours.
    let metadata = match &request.ciphertext_metadata {
        Some(text) => base64_field("ciphertextMetadata", text)?,
        None => return Err(invalid("a ciphertext without ciphertextMetadata")),
    };
    let version = CiphertextMetadata::decode(&metadata)?;
    call.key_uid(&version.version_uid);

    let versions = keys::versions(store, key_id).await?;
    let current = versions.first().ok_or(XksError::KeyNotFound)?;
    if !keys::enabled(current) {
        return Err(XksError::InvalidState(
            "the external key is disabled".into(),
        ));
    }
    let key = versions
        .iter()
        .find(|v| v.uid() == version.version_uid)
        .ok_or_else(|| invalid("ciphertextMetadata"))?;
    if !matches!(key.state(), KeyState::ACTIVE | KeyState::DEACTIVATED) {
        return Err(XksError::InvalidState(
            "the key version that encrypted is revoked or compromised".into(),
        ));
    }
    if !keys::is_aes_256(key) {
        return Err(XksError::InvalidKeyUsage(
            "the external key is not an AES-256 key".into(),
        ));
    }
    let sealed = keys::GcmSealed {
        data: ciphertext,
        iv,
        tag,
        aad: &aad,
        metadata: &metadata,
    };
    let opened = keys::decrypt_gcm(store, key.uid(), sealed, true).await?;
    Ok(DecryptAnswer {
        plaintext: Zeroizing::new(base64(&opened.data)),
    })
}
