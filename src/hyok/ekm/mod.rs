//! The Azure Managed HSM External Key Management (EKM) proxy API, version 0.1-preview: an
//! adapter over the key service, served by the HYOK HTTPS listener next to XKS.
//!
//! Four POST APIs under the configured path prefix: `info`, `{key}/metadata`, `{key}/wrapkey`
//! and `{key}/unwrapkey`, each with the `api-version` query parameter (0.1-preview is the
//! one served; a missing or other version is a BadRequest). Every request must come over TLS
//! with a client certificate that chains to a configured CA and whose issuer and subject an
//! `[[ekm.allowed_client]]` allows (else 401 Unauthorized), before its body is read.
//!
//! An external key is a managed key named (Name attribute) in `[ekm] keys`: an AES-256 key
//! wraps with A256KW / A256KWP, an RSA key pair named by its private key with RSA-OAEP-256 /
//! RSA-OAEP. Wrapping runs in the HSM (`KeyService::wrap_bytes`); the wrapped thing is the
//! caller's key, sent in the request.
//!
//! The kill switch: revoke or deactivate the key over KMIP, and every later metadata, wrap and
//! unwrap call answers 403 KeyDisabled.
//!
//! Each call is one row of the audit trail (`audit.db`, read with `hsmgate audit`) and one
//! structured log event (target `hsmgate::audit`): the API, key, algorithm,
//! the `request_context` (request_id, correlation_id, pool_name), the client certificate's
//! subject and issuer, and the outcome. Never key bytes.

mod client_auth;
pub mod config;
pub mod error;
mod info;
mod keys;
mod metadata;
mod unwrap_key;
mod wrap_key;

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, MethodRouter};
use axum::Router;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use rustls_pki_types::CertificateDer;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::audit::{EkmDetails, EkmEvent};
use crate::hyok::common::{json_problem, json_response};
use crate::identity::Identity;
use crate::service::KeyService;
use client_auth::ClientNames;
use config::{AllowedClient, EkmConfig};
use error::EkmError;

/// The API version this proxy implements.
pub const API_VERSION: &str = "0.1-preview";

/// Largest request body read: a wrapped RSA-4096 value in Base64url is under 700 bytes.
pub const MAX_BODY: usize = 16 * 1024;

/// The verified client certificate of the connection a request came on, if any; the HTTPS
/// listener adds it to every request (shared: the extension is cloned into each request, and a
/// certificate is a few hundred bytes).
#[derive(Clone, Debug)]
pub struct ClientCertificate(pub Option<Arc<CertificateDer<'static>>>);

/// The EKM endpoint, ready to serve.
pub struct EkmState {
    pub path_prefix: String,
    pub acts_as: Identity,
    pub keys: HashSet<String>,
    allowed_clients: Vec<AllowedClient>,
    ekm_vendor: String,
    ekm_product: String,
    pub service: Arc<KeyService>,
}

/// The EKM routes (no fallback: the listener merges them with XKS's, or adds [`not_found`]).
pub fn routes(config: &EkmConfig, service: Arc<KeyService>) -> Router {
    let state = Arc::new(EkmState {
        path_prefix: config.path_prefix.clone(),
        acts_as: Identity::new(config.acts_as.clone()),
        keys: config.keys.iter().cloned().collect(),
        allowed_clients: config.allowed_clients.clone(),
        ekm_vendor: config.ekm_vendor.clone(),
        ekm_product: config.ekm_product.clone(),
        service,
    });
    let prefix = &config.path_prefix;
    let api = |route: MethodRouter<Arc<EkmState>>| {
        route.fallback(|| async { EkmError::MethodNotAllowed })
    };
    Router::new()
        .route(&format!("{prefix}/info"), api(post(info::handle)))
        .route(
            &format!("{prefix}/{{key}}/metadata"),
            api(post(metadata::handle)),
        )
        .route(
            &format!("{prefix}/{{key}}/wrapkey"),
            api(post(wrap_key::handle)),
        )
        .route(
            &format!("{prefix}/{{key}}/unwrapkey"),
            api(post(unwrap_key::handle)),
        )
        .with_state(state)
}

/// The answer to a path no API has, when EKM is served alone.
pub async fn not_found() -> EkmError {
    EkmError::NotFound
}

/// `request_context`: correlates Managed HSM's logs with ours. Unknown fields are ignored.
#[derive(Deserialize, Default, Clone)]
pub(crate) struct RequestContext {
    #[serde(default)]
    request_id: Option<String>,
    correlation_id: String,
    pool_name: String,
}

/// One API call: authorisation, parsing, and its audit event.
pub(crate) struct Call<'a> {
    state: &'a EkmState,
    api: &'static str,
    key: Option<&'a str>,
    client: Option<ClientNames>,
    context: RequestContext,
    alg: Option<String>,
}

impl<'a> Call<'a> {
    pub fn new(state: &'a EkmState, api: &'static str, key: Option<&'a str>) -> Self {
        Call {
            state,
            api,
            key,
            client: None,
            context: RequestContext::default(),
            alg: None,
        }
    }

    /// Checks the client certificate and the api-version, then reads and parses the body.
    pub async fn accept<T: DeserializeOwned>(&mut self, request: Request) -> Result<T, EkmError> {
        let (parts, body) = request.into_parts();
        self.client = parts
            .extensions
            .get::<ClientCertificate>()
            .and_then(|c| c.0.as_deref())
            .and_then(ClientNames::of);
        if !self
            .client
            .as_ref()
            .is_some_and(|names| names.allowed_by(&self.state.allowed_clients))
        {
            return Err(EkmError::Unauthorized);
        }
        check_api_version(parts.uri.query())?;
        let body = to_bytes(body, MAX_BODY).await.map_err(|_| {
            EkmError::BadRequest(format!("request bodies are limited to {MAX_BODY} bytes"))
        })?;
        serde_json::from_slice(&body).map_err(|e| {
            // Only what is missing, not where: "missing field `name`".
            let problem = json_problem(&e);
            EkmError::BadRequest(match problem.split_once(" at line") {
                Some((missing, _)) => missing.to_owned(),
                None => problem,
            })
        })
    }

    /// Keeps the request's context (and algorithm) for the audit event.
    pub fn keep(&mut self, context: &RequestContext, alg: Option<&str>) {
        self.context = context.clone();
        self.alg = alg.map(str::to_owned);
    }

    /// Writes the audit event and makes the HTTP answer.
    pub fn finish(self, result: Result<serde_json::Value, EkmError>) -> Response {
        let (status, code) = match &result {
            Ok(_) => (200, ""),
            Err(e) => {
                let (code, status) = e.code_and_status();
                (status.as_u16(), code)
            }
        };
        let text = |v: Option<&str>| v.map(printable).unwrap_or_default();
        tracing::info!(
            target: "hsmgate::audit",
            front_end = "azure-ekm",
            api = self.api,
            path_prefix = %self.state.path_prefix,
            key = %text(self.key),
            alg = %text(self.alg.as_deref()),
            request_id = %text(self.context.request_id.as_deref()),
            correlation_id = %printable(&self.context.correlation_id),
            pool_name = %printable(&self.context.pool_name),
            client_subject = %text(self.client.as_ref().map(|c| c.subject.as_str())),
            client_issuer = %text(self.client.as_ref().map(|c| c.issuer.as_str())),
            status,
            code,
            "EKM call"
        );
        self.record_audit(code);
        match result {
            Ok(body) => json_response(axum::http::StatusCode::OK, &body),
            Err(e) => e.into_response(),
        }
    }
}

impl Call<'_> {
    /// The call's row in the audit trail (`audit.db`), with the request_context Azure sent.
    fn record_audit(&self, error_code: &'static str) {
        let caller = self
            .client
            .as_ref()
            .map(|c| c.subject.clone())
            .unwrap_or_else(|| "(no client certificate)".to_owned());
        let details = EkmDetails {
            alg: self.alg.as_deref().map(printable),
            client_issuer: self.client.as_ref().map(|c| c.issuer.clone()),
            correlation_id: printable(&self.context.correlation_id),
            path_prefix: self.state.path_prefix.clone(),
            pool_name: printable(&self.context.pool_name),
            request_id: self.context.request_id.as_deref().map(printable),
        };
        let error = (!error_code.is_empty()).then_some(error_code);
        let event = EkmEvent::new(caller, self.api, self.key.map(printable), error, details);
        self.state.service.audit().record_ekm(event);
    }
}

/// Printable ASCII, at most 256 characters: request values go into log lines as they are.
fn printable(text: &str) -> String {
    crate::hyok::common::printable(text, 256)
}

/// The `api-version` query parameter must be present and name the version served.
fn check_api_version(query: Option<&str>) -> Result<(), EkmError> {
    let version = query
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "api-version")
        .map(|(_, value)| value);
    match version {
        None => Err(EkmError::BadRequest(
            "the api-version query parameter is required".into(),
        )),
        Some(API_VERSION) => Ok(()),
        Some(other) => Err(EkmError::BadRequest(format!(
            "api-version {} is not supported; this proxy serves {API_VERSION}",
            printable(other)
        ))),
    }
}

/// Base64url (RFC 7515: no padding; padding is tolerated).
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub(crate) fn base64url(bytes: &[u8]) -> String {
    BASE64URL.encode(bytes)
}

pub(crate) fn from_base64url(name: &str, text: &str) -> Result<Vec<u8>, EkmError> {
    BASE64URL
        .decode(text)
        .map_err(|_| EkmError::BadRequest(format!("{name} is not valid base64url")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_is_required_and_checked() {
        assert!(check_api_version(Some("api-version=0.1-preview")).is_ok());
        assert!(check_api_version(Some("x=1&api-version=0.1-preview")).is_ok());
        for bad in [
            None,
            Some(""),
            Some("api-version=1.0"),
            Some("apiversion=0.1-preview"),
        ] {
            assert!(
                matches!(check_api_version(bad), Err(EkmError::BadRequest(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn base64url_round_trips_with_or_without_padding() {
        let bytes = [0xfbu8, 0xff, 0x01];
        let text = base64url(&bytes);
        assert_eq!(text, "-_8B");
        assert_eq!(from_base64url("v", &text).unwrap(), bytes);
        assert_eq!(from_base64url("v", "AQAB").unwrap(), [1, 0, 1]);
        assert_eq!(from_base64url("v", "AQ==").unwrap(), [1]);
        assert!(from_base64url("v", "a+b/").is_err());
    }

    #[test]
    fn log_values_are_printable_and_bounded() {
        assert_eq!(printable("a\nb\u{7f}é"), "a?b??");
        assert_eq!(printable(&"x".repeat(1000)).len(), 256);
    }
}
