//! XKS errors and the one place that maps them to the spec's `errorName` and HTTP status
//! (XKS proxy API spec, "Error codes"), and key-service errors to XKS errors.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::service::ServiceError;

/// An XKS API failure. The message is for the caller's logs: printable ASCII, no secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XksError {
    /// 400: an input parameter is invalid.
    Validation(String),
    /// 400: the key (or the key store) is disabled, deactivated or revoked — the kill switch.
    InvalidState(String),
    /// 400: ciphertext, IV, AAD, tag or ciphertextMetadata is corrupted, missing or invalid.
    InvalidCiphertext(String),
    /// 400: the key does not support the operation.
    InvalidKeyUsage(String),
    /// 401: the SigV4 signature did not verify.
    AuthenticationFailed,
    /// 403: the operation is not authorized.
    AccessDenied,
    /// 404: no such external key in this key store.
    KeyNotFound,
    /// 404: no XKS API at this path.
    InvalidUriPath,
    /// 405: an API URI called with a method other than POST.
    MethodNotAllowed,
    /// 429: too many requests for the HSM sessions available.
    Throttling,
    /// 501: an operation, algorithm or size this proxy does not support.
    UnsupportedOperation(String),
    /// 503: the HSM did not answer in time.
    DependencyTimeout,
    /// 500: anything else (details are logged, not returned).
    Internal,
}

impl XksError {
    /// The spec's errorName and HTTP status.
    pub fn name_and_status(&self) -> (&'static str, StatusCode) {
        match self {
            XksError::Validation(_) => ("ValidationException", StatusCode::BAD_REQUEST),
            XksError::InvalidState(_) => ("InvalidStateException", StatusCode::BAD_REQUEST),
            XksError::InvalidCiphertext(_) => {
                ("InvalidCiphertextException", StatusCode::BAD_REQUEST)
            }
            XksError::InvalidKeyUsage(_) => ("InvalidKeyUsageException", StatusCode::BAD_REQUEST),
            XksError::AuthenticationFailed => {
                ("AuthenticationFailedException", StatusCode::UNAUTHORIZED)
            }
            XksError::AccessDenied => ("AccessDeniedException", StatusCode::FORBIDDEN),
            XksError::KeyNotFound => ("KeyNotFoundException", StatusCode::NOT_FOUND),
            XksError::InvalidUriPath => ("InvalidUriPathException", StatusCode::NOT_FOUND),
            // The spec asks for a 405 and names no errorName for it.
            XksError::MethodNotAllowed => ("MethodNotAllowed", StatusCode::METHOD_NOT_ALLOWED),
            XksError::Throttling => ("ThrottlingException", StatusCode::TOO_MANY_REQUESTS),
            XksError::UnsupportedOperation(_) => {
                ("UnsupportedOperationException", StatusCode::NOT_IMPLEMENTED)
            }
            XksError::DependencyTimeout => (
                "DependencyTimeoutException",
                StatusCode::SERVICE_UNAVAILABLE,
            ),
            XksError::Internal => ("InternalException", StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            XksError::Validation(m)
            | XksError::InvalidState(m)
            | XksError::InvalidCiphertext(m)
            | XksError::InvalidKeyUsage(m)
            | XksError::UnsupportedOperation(m) => Some(m),
            _ => None,
        }
    }

    /// Maps a key-service error. `decrypting`: a cryptographic failure is a bad ciphertext.
    pub fn from_service(error: ServiceError, decrypting: bool) -> XksError {
        match error {
            ServiceError::NotFound(_) => XksError::KeyNotFound,
            ServiceError::PermissionDenied => XksError::AccessDenied,
            ServiceError::WrongState(why) => XksError::InvalidState(why.into()),
            ServiceError::UsageNotAllowed(what) => {
                XksError::InvalidKeyUsage(format!("the key's usage mask does not allow {what}"))
            }
            ServiceError::CryptographicFailure(_) if decrypting => XksError::InvalidCiphertext(
                "the ciphertext, IV, tag, AAD or ciphertextMetadata does not verify".into(),
            ),
            ServiceError::InvalidField(m) | ServiceError::MissingField(m) => {
                XksError::Validation(m)
            }
            ServiceError::NotSupported(m) => XksError::UnsupportedOperation(m),
            ServiceError::Busy => XksError::Throttling,
            ServiceError::Unavailable(m) => {
                tracing::warn!(problem = %m, "XKS: HSM unavailable");
                XksError::DependencyTimeout
            }
            other => {
                tracing::error!(error = %other, "XKS: internal error");
                XksError::Internal
            }
        }
    }
}

/// The spec allows messages under 512 characters of printable ASCII only.
fn printable(message: &str) -> String {
    crate::hyok::common::printable(message, 500)
}

impl IntoResponse for XksError {
    fn into_response(self) -> Response {
        let (name, status) = self.name_and_status();
        let mut body = serde_json::json!({ "errorName": name });
        if let Some(message) = self.message() {
            body["errorMessage"] = serde_json::Value::String(printable(message));
        }
        let mut response = crate::hyok::common::json_response(status, &body);
        if self == XksError::MethodNotAllowed {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_the_spec_status() {
        let cases = [
            (XksError::Validation(String::new()), 400),
            (XksError::InvalidState(String::new()), 400),
            (XksError::InvalidCiphertext(String::new()), 400),
            (XksError::InvalidKeyUsage(String::new()), 400),
            (XksError::AuthenticationFailed, 401),
            (XksError::AccessDenied, 403),
            (XksError::KeyNotFound, 404),
            (XksError::InvalidUriPath, 404),
            (XksError::MethodNotAllowed, 405),
            (XksError::Throttling, 429),
            (XksError::Internal, 500),
            (XksError::UnsupportedOperation(String::new()), 501),
            (XksError::DependencyTimeout, 503),
        ];
        for (error, status) in cases {
            assert_eq!(error.name_and_status().1.as_u16(), status, "{error:?}");
        }
        assert_eq!(
            XksError::from_service(ServiceError::Busy, false),
            XksError::Throttling
        );
        assert!(matches!(
            XksError::from_service(ServiceError::CryptographicFailure("x"), true),
            XksError::InvalidCiphertext(_)
        ));
    }

    #[test]
    fn messages_are_printable_ascii_under_512() {
        let long = "é\u{7}".repeat(400);
        let cleaned = printable(&long);
        assert!(cleaned.len() < 512);
        assert!(cleaned.chars().all(|c| (' '..='~').contains(&c)));
    }
}
