//! POST {prefix}/kms/xks/v1/keys/{externalKeyId}/encrypt: AES-256-GCM in the HSM with the
//! current version of the key; the HSM draws the 12-byte IV. With a ciphertext data integrity
//! value asked for, the output is also decrypted in the HSM before it is returned.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::audit::XksCall;
use super::error::XksError;
use super::keys::{self, CiphertextMetadata};
use super::{
    answer, authenticate, base64, base64_field, parse_json, Api, KeyStore, RequestMetadata,
};
use crate::service::{Cipher, CipherRequest};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EncryptRequest {
    request_metadata: RequestMetadata,
    plaintext: String,
    encryption_algorithm: String,
    additional_authenticated_data: Option<String>,
    ciphertext_data_integrity_value_algorithm: Option<String>,
}

pub async fn handle(
    State(store): State<Arc<KeyStore>>,
    Path(key_id): Path<String>,
    request: Request,
) -> Response {
    let mut call = XksCall::new(&store, Api::Encrypt, Some(&key_id));
    let result = encrypt(&store, &key_id, request, &mut call).await;
    call.finish(&result);
    answer(result)
}

async fn encrypt(
    store: &KeyStore,
    key_id: &str,
    request: Request,
    call: &mut XksCall<'_>,
) -> Result<serde_json::Value, XksError> {
    let body = authenticate(store, request, call).await?;
    let mut request: EncryptRequest = parse_json(&body)?;
    call.metadata(std::mem::take(&mut request.request_metadata))?;
    if request.encryption_algorithm != "AES_GCM" {
        return Err(XksError::UnsupportedOperation(
            "encryptionAlgorithm must be AES_GCM".into(),
        ));
    }
    let want_integrity = match request.ciphertext_data_integrity_value_algorithm.as_deref() {
        None => false,
        Some("SHA_256") => true,
        Some(_) => {
            return Err(XksError::UnsupportedOperation(
                "ciphertextDataIntegrityValueAlgorithm must be SHA_256".into(),
            ))
        }
    };
    // The Base64 text is plaintext too: wiped once decoded.
    let encoded = Zeroizing::new(std::mem::take(&mut request.plaintext));
    let plaintext = Zeroizing::new(base64_field("plaintext", &encoded)?);
    let aad = match &request.additional_authenticated_data {
        Some(text) => base64_field("additionalAuthenticatedData", text)?,
        None => Vec::new(),
    };
    let key = keys::current(store, key_id).await?;
    call.key_uid(key.uid());
    let metadata = CiphertextMetadata {
        version_uid: key.uid().to_owned(),
    }
    .encode()?;
    let sealed = store
        .service
        .encrypt(
            &store.acts_as,
            key.uid(),
            CipherRequest {
                cipher: Cipher::AesGcm { tag_len: 16 },
                data: plaintext.to_vec(),
                iv: None,
                aad: keys::hsm_aad(&aad, &metadata)?,
                tag: None,
            },
        )
        .await
        .map_err(|e| XksError::from_service(e, false))?;
    let (Some(iv), Some(tag)) = (sealed.iv, sealed.tag) else {
        tracing::error!("XKS: the key service returned no IV or tag for GCM");
        return Err(XksError::Internal);
    };
    let mut answer = serde_json::json!({
        "ciphertext": base64(&sealed.data),
        "ciphertextMetadata": base64(&metadata),
        "initializationVector": base64(&iv),
        "authenticationTag": base64(&tag),
    });
    if want_integrity {
        // The spec's order (Appendix C): the value first, over the output as it is now, then a
        // decryption of that output, which the value promises will succeed. A key that may not
        // decrypt cannot make that promise: InvalidKeyUsageException.
        let value = keys::integrity_value(&[&aad, &metadata, &iv, &sealed.data, &tag]);
        let check = keys::GcmSealed {
            data: sealed.data.to_vec(),
            iv: iv.clone(),
            tag: tag.clone(),
            aad: &aad,
            metadata: &metadata,
        };
        let opened = keys::decrypt_gcm(store, key.uid(), check, false).await?;
        if opened.data.as_slice() != plaintext.as_slice() {
            tracing::error!(key = %key.uid(), "XKS: the integrity check's decryption gave other bytes");
            return Err(XksError::Internal);
        }
        answer["ciphertextDataIntegrityValue"] = serde_json::Value::String(base64(&value));
    }
    Ok(answer)
}
