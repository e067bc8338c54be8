//! The AWS KMS External Key Store (XKS) proxy API, v1 (aws/aws-kms-xksproxy-api-spec): an
//! adapter over the key service, served by the HYOK HTTPS listener.
//!
//! Each `[[xks.key_store]]` is one external key store under its own URI prefix, with its own
//! SigV4 credentials, region, key-service identity (`acts_as`) and list of usable keys. Every
//! request is authenticated (SigV4, [`sigv4`]) before its body is read as JSON; unknown JSON
//! fields and unknown `kmsOperation` values are accepted. Every call, successful or not, is
//! recorded in the audit trail ([`crate::audit`]) with its `requestMetadata` (see `audit.rs`) and
//! logged (target `hsmgate::xks::audit`); plaintext never is.
//!
//! An `externalKeyId` is the Name attribute of a managed symmetric key, its current version,
//! which encrypts. A KMIP Re-key rotates it: the Name moves to the replacement, and the keys it
//! replaced (Replaced Object links) stay older versions. `ciphertextMetadata` names the version
//! that encrypted (`keys::CiphertextMetadata`), so decryption still works after a rotation.
//!
//! The kill switch: revoke or deactivate the current (newest) key of a name over KMIP, and every
//! later Encrypt and Decrypt through XKS fails with InvalidStateException while GetKeyMetadata
//! reports DISABLED. A version found in `ciphertextMetadata` must itself be Active or
//! Deactivated (retired by a rotation) to decrypt.

mod answers;
mod audit;
pub mod config;
mod decrypt;
mod encrypt;
pub mod error;
mod health;
mod keys;
mod metadata;
pub mod sigv4;
mod sigv4_keys;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Bytes};
use axum::extract::Request;
use axum::routing::{post, MethodRouter};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::hyok::common::{json_problem, json_response};
use crate::identity::Identity;
use crate::service::KeyService;
use config::XksConfig;
use error::XksError;

/// Largest request body read. The spec's largest inputs (4,300 bytes of ciphertext and 8,192
/// bytes of AAD, Base64-encoded, with ARNs of 2,048 characters) fit several times over.
pub const MAX_BODY: usize = 64 * 1024;

/// One external key store, ready to serve.
pub struct KeyStore {
    pub uri_prefix: String,
    pub region: String,
    /// (access key id, secret access key).
    credentials: Vec<(String, Zeroizing<String>)>,
    pub acts_as: Identity,
    pub keys: HashSet<String>,
    /// Client certificate subjects allowed; empty: any caller (SigV4 alone authenticates).
    pub client_subjects: HashSet<String>,
    pub service: Arc<KeyService>,
    health: Arc<health::HealthCache>,
    /// SigV4 signing keys derived from `credentials`, kept for the day they are valid.
    signing_keys: sigv4::SigningKeys,
}

impl KeyStore {
    fn secret_of(&self, access_key_id: &str) -> Option<&str> {
        self.credentials
            .iter()
            .find(|(id, _)| id == access_key_id)
            .map(|(_, secret)| secret.as_str())
    }
}

/// Why the XKS key stores could not be prepared (a secret could not be read).
#[derive(Debug)]
#[non_exhaustive]
pub struct XksSetupError(pub String);

impl std::fmt::Display for XksSetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for XksSetupError {}

/// Loads each key store's secrets and builds the router for all of them.
pub fn router(config: &XksConfig, service: Arc<KeyService>) -> Result<Router, XksSetupError> {
    let mut router = Router::new();
    let health = Arc::new(health::HealthCache::default());
    for (i, store) in config.key_stores.iter().enumerate() {
        let mut credentials = Vec::with_capacity(store.credentials.len());
        for (j, credential) in store.credentials.iter().enumerate() {
            let secret = credential.load_secret().map_err(|problem| {
                XksSetupError(format!(
                    "`xks.key_store[{i}].credentials[{j}]` ({}): {problem}",
                    credential.access_key_id
                ))
            })?;
            credentials.push((credential.access_key_id.clone(), secret));
        }
        let state = Arc::new(KeyStore {
            uri_prefix: store.uri_prefix.clone(),
            region: store.region.clone(),
            credentials,
            acts_as: Identity::new(store.acts_as.clone()),
            keys: store.keys.iter().cloned().collect(),
            client_subjects: store.client_subjects.iter().cloned().collect(),
            service: service.clone(),
            health: health.clone(),
            signing_keys: Default::default(),
        });
        let base = format!("{}/kms/xks/v1", store.uri_prefix);
        let api = |route: MethodRouter<Arc<KeyStore>>| {
            route.fallback(|request: Request| async move {
                drain(request).await;
                XksError::MethodNotAllowed
            })
        };
        let store_router = Router::new()
            .route(
                &format!("{base}/keys/{{key_id}}/encrypt"),
                api(post(encrypt::handle)),
            )
            .route(
                &format!("{base}/keys/{{key_id}}/decrypt"),
                api(post(decrypt::handle)),
            )
            .route(
                &format!("{base}/keys/{{key_id}}/metadata"),
                api(post(metadata::handle)),
            )
            .route(&format!("{base}/health"), api(post(health::handle)))
            .with_state(state);
        router = router.merge(store_router);
    }
    Ok(router.fallback(|request: Request| async move {
        drain(request).await;
        XksError::InvalidUriPath
    }))
}

/// Reads and discards a request body (up to [`MAX_BODY`]) before an error answer. An HTTP/2
/// stream answered while its body is still unread is reset, and some clients (curl 7.88, as
/// used by AWS's XKS test client) then drop the answer.
async fn drain(request: Request) {
    let _ = to_bytes(request.into_body(), MAX_BODY).await;
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The verified client certificate identity of the connection a request came on, if any; the
/// listener adds it to every request (shared: the extension is cloned into each request).
#[derive(Clone, Debug)]
pub struct PeerIdentity(pub Option<Arc<Identity>>);

/// Reads the body (bounded), checks the client certificate when the key store pins subjects,
/// and verifies the request's SigV4 signature for this key store.
pub(crate) async fn authenticate(
    store: &KeyStore,
    request: Request,
    call: &mut audit::XksCall<'_>,
) -> Result<Bytes, XksError> {
    let (parts, body) = request.into_parts();
    // A call that fails before its signature verifies is recorded under the access key id it
    // claims; one that verifies, under the id that signed (the same text, read once).
    let claimed = |call: &mut audit::XksCall<'_>| {
        if let Some(claimed) = audit::claimed_access_key(&parts.headers) {
            call.caller(claimed);
        }
    };
    if !store.client_subjects.is_empty() {
        let peer = parts
            .extensions
            .get::<PeerIdentity>()
            .and_then(|p| p.0.as_ref());
        if !peer.is_some_and(|identity| store.client_subjects.contains(identity.subject())) {
            tracing::warn!(prefix = %store.uri_prefix, peer = ?peer.map(|p| p.subject()), "XKS: client certificate not allowed for this key store");
            claimed(call);
            return Err(XksError::AuthenticationFailed);
        }
    }
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(_) => {
            claimed(call);
            return Err(XksError::UnsupportedOperation(format!(
                "request bodies are limited to {MAX_BODY} bytes"
            )));
        }
    };
    let signed = sigv4::SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        authority: parts.uri.authority().map(|a| a.as_str()),
        body: &body,
    };
    let verified = sigv4::verify_cached(
        &signed,
        &store.region,
        sigv4::SERVICE,
        now(),
        |id| store.secret_of(id),
        &store.signing_keys,
    );
    match verified {
        Ok(access_key_id) => {
            call.caller(&access_key_id);
            Ok(body)
        }
        Err(reason) => {
            tracing::warn!(prefix = %store.uri_prefix, %reason, "XKS: authentication failed");
            claimed(call);
            Err(XksError::AuthenticationFailed)
        }
    }
}

/// Parses a JSON body; a request's [`Text`] fields borrow from it. Error messages never echo
/// field values (they may be plaintext).
pub(crate) fn parse_json<'b, T: Deserialize<'b>>(body: &'b [u8]) -> Result<T, XksError> {
    serde_json::from_slice(body).map_err(|e| XksError::Validation(json_problem(&e)))
}

/// Decodes a Base64 field.
pub(crate) fn base64_field(name: &str, text: &str) -> Result<Vec<u8>, XksError> {
    STANDARD
        .decode(text)
        .map_err(|_| XksError::Validation(format!("{name} is not valid Base64")))
}

/// A JSON answer (200) or the error's spec response.
pub(crate) fn answer<T: Serialize>(result: Result<T, XksError>) -> axum::response::Response {
    use axum::response::IntoResponse;
    match result {
        Ok(body) => json_response(axum::http::StatusCode::OK, &body),
        Err(e) => e.into_response(),
    }
}

pub(crate) fn base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// A string field of a request, borrowed from the body unless JSON escapes in it made serde
/// build it. `Text` rather than `Cow<str>` because serde borrows into a `Cow` only when it is
/// the field's own type, not inside an `Option`.
#[derive(Deserialize)]
#[serde(transparent)]
pub(crate) struct Text<'b>(#[serde(borrow)] pub std::borrow::Cow<'b, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// `requestMetadata`, kept in the audit trail. Every field is optional here so that each API
/// checks the ones it requires; unknown fields are ignored.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestMetadata {
    pub aws_principal_arn: Option<String>,
    pub aws_source_vpc: Option<String>,
    pub aws_source_vpce: Option<String>,
    pub kms_key_arn: Option<String>,
    pub kms_operation: Option<String>,
    pub kms_request_id: Option<String>,
    pub kms_via_service: Option<String>,
}

/// The fields each API requires in `requestMetadata`.
#[derive(Clone, Copy)]
pub(crate) enum Api {
    Metadata,
    Encrypt,
    Decrypt,
    Health,
}

impl Api {
    fn name(self) -> &'static str {
        match self {
            Api::Metadata => "GetKeyMetadata",
            Api::Encrypt => "Encrypt",
            Api::Decrypt => "Decrypt",
            Api::Health => "GetHealthStatus",
        }
    }
}

impl RequestMetadata {
    /// Checks the fields `api` requires.
    pub fn check(&self, api: Api) -> Result<(), XksError> {
        let m = self;
        let required: &[(&str, &Option<String>)] = match api {
            Api::Health => &[
                ("kmsRequestId", &m.kms_request_id),
                ("kmsOperation", &m.kms_operation),
            ],
            Api::Metadata => &[
                ("awsPrincipalArn", &m.aws_principal_arn),
                ("kmsRequestId", &m.kms_request_id),
                ("kmsOperation", &m.kms_operation),
            ],
            Api::Encrypt | Api::Decrypt => &[
                ("awsPrincipalArn", &m.aws_principal_arn),
                ("kmsKeyArn", &m.kms_key_arn),
                ("kmsRequestId", &m.kms_request_id),
                ("kmsOperation", &m.kms_operation),
            ],
        };
        if let Some((name, _)) = required.iter().find(|(_, value)| value.is_none()) {
            return Err(XksError::Validation(format!(
                "requestMetadata.{name} is required"
            )));
        }
        Ok(())
    }

    /// The values of the fields the audit trail keeps, in its order
    /// ([`crate::audit::XKS_METADATA_FIELDS`]): moved, not copied.
    pub fn into_fields(self) -> [Option<String>; 7] {
        [
            self.aws_principal_arn,
            self.aws_source_vpc,
            self.aws_source_vpce,
            self.kms_key_arn,
            self.kms_operation,
            self.kms_request_id,
            self.kms_via_service,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn text_borrows_from_the_body_unless_escapes_need_a_copy() {
        #[derive(Deserialize)]
        struct Body<'b> {
            #[serde(borrow)]
            a: Text<'b>,
            #[serde(borrow)]
            b: Option<Text<'b>>,
            #[serde(borrow)]
            c: Option<Text<'b>>,
        }
        let body: Body<'_> = parse_json(br#"{"a": "AQ==", "b": "a\/b", "c": null}"#).unwrap();
        assert!(matches!(body.a.0, Cow::Borrowed("AQ==")));
        assert!(matches!(body.b.as_ref().map(|b| &b.0), Some(Cow::Owned(text)) if text == "a/b"));
        assert!(body.c.is_none());
        let body: Body<'_> = parse_json(br#"{"a": "x", "b": "y"}"#).unwrap();
        assert!(matches!(body.b.map(|b| b.0), Some(Cow::Borrowed("y"))));
        assert!(body.c.is_none());
        assert!(parse_json::<Body<'_>>(br#"{"a": 1}"#).is_err());
        assert!(parse_json::<Body<'_>>(br#"{"b": "x"}"#).is_err());
    }
}
