//! POST {prefix}/kms/xks/v1/keys/{externalKeyId}/encrypt: AES-256-GCM in the HSM with the
//! current version of the key; the HSM draws the 12-byte IV. With a ciphertext data integrity
//! value asked for, the output is also decrypted in the HSM before it is returned.

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::answers::EncryptAnswer;
use super::audit::XksCall;
use super::error::XksError;
use super::keys::{self, CiphertextMetadata};
use super::{
    answer, authenticate, base64, base64_field, parse_json, Api, KeyStore, RequestMetadata, Text,
};
use crate::service::{Cipher, CipherRequest};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EncryptRequest<'b> {
    request_metadata: RequestMetadata,
    /// Plaintext (in Base64): wiped once decoded when serde had to copy it out of the body.
    #[serde(borrow)]
    plaintext: Text<'b>,
    #[serde(borrow)]
    encryption_algorithm: Text<'b>,
    #[serde(borrow)]
    additional_authenticated_data: Option<Text<'b>>,
    #[serde(borrow)]
    ciphertext_data_integrity_value_algorithm: Option<Text<'b>>,
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
) -> Result<EncryptAnswer, XksError> {
    let body = authenticate(store, request, call).await?;
    let request: EncryptRequest<'_> = parse_json(&body)?;
    call.metadata(request.request_metadata)?;
    if &*request.encryption_algorithm != "AES_GCM" {
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
    // The Base64 text is plaintext too: a copy serde made of it (JSON escapes) is wiped once
    // decoded; text borrowed from the body is the body's.
    let mut plaintext = match request.plaintext.0 {
        Cow::Borrowed(text) => base64_field("plaintext", text),
        Cow::Owned(copy) => base64_field("plaintext", &Zeroizing::new(copy)),
    }
    .map(Zeroizing::new)?;
    let aad = match &request.additional_authenticated_data {
        Some(text) => base64_field("additionalAuthenticatedData", text)?,
        None => Vec::new(),
    };
    let key = keys::current(store, key_id).await?;
    call.key_uid(key.uid());
    let metadata = CiphertextMetadata::encode_uid(key.uid())?;
    // The key service gets the plaintext itself (the HSM backend wipes it); a copy only when
    // the integrity check must compare its decryption with the plaintext.
    let data = if want_integrity {
        plaintext.to_vec()
    } else {
        std::mem::take(&mut *plaintext)
    };
    let mut sealed = store
        .service
        .encrypt(
            &store.acts_as,
            key.uid(),
            CipherRequest {
                cipher: Cipher::AesGcm { tag_len: 16 },
                data,
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
    let mut answer = EncryptAnswer {
        authentication_tag: base64(&tag),
        ciphertext: base64(&sealed.data),
        ciphertext_data_integrity_value: None,
        ciphertext_metadata: base64(&metadata),
        initialization_vector: base64(&iv),
    };
    if want_integrity {
        // The spec's order (Appendix C): the value first, over the output as it is now, then a
        // decryption of that output, which the value promises will succeed. A key that may not
        // decrypt cannot make that promise: InvalidKeyUsageException.
        let value = keys::integrity_value(&[&aad, &metadata, &iv, &sealed.data, &tag]);
        // The answer holds its own Base64 copies: the output's parts are moved into the check.
        let check = keys::GcmSealed {
            data: std::mem::take(&mut *sealed.data),
            iv,
            tag,
            aad: &aad,
            metadata: &metadata,
        };
        let opened = keys::decrypt_gcm(store, key.uid(), check, false).await?;
        if opened.data.as_slice() != plaintext.as_slice() {
            tracing::error!(key = %key.uid(), "XKS: the integrity check's decryption gave other bytes");
            return Err(XksError::Internal);
        }
        answer.ciphertext_data_integrity_value = Some(base64(&value));
    }
    Ok(answer)
}
