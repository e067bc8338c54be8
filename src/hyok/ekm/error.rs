//! EKM errors and the one place that maps them to the API's ProxyError (`code`, `message`) and
//! HTTP status, and key-service errors to EKM errors.
//!
//! The 0.1-preview reference fixes the statuses (400 invalid request parameter, 401
//! authentication failed, 403 access denied / key disabled / operation not supported, 404 key
//! not found, 429 too many requests, 5xx server error) and gives `KeyDisabled` as a code;
//! the other codes are the symbolic names Microsoft's troubleshooting guide lists
//! (`BadRequest`, `Unauthorized`, `Forbidden`, `KeyNotFound`, `Throttled`,
//! `InternalServerError`, `BadGateway`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::service::ServiceError;

/// An EKM API failure. Messages hold no key material and no request values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EkmError {
    /// 400: a request parameter is invalid (api-version, JSON, algorithm, value, ciphertext).
    BadRequest(String),
    /// 401: no client certificate, or one whose issuer and subject are not allowed.
    Unauthorized,
    /// 403: the operation is not allowed on this key (usage mask, access rights).
    Forbidden(String),
    /// 403: the key is disabled: revoked, deactivated or otherwise not Active (kill switch).
    KeyDisabled(String),
    /// 404: no such external key (or not one this proxy serves).
    KeyNotFound,
    /// 404: no EKM API at this path.
    NotFound,
    /// 405: an API path called with a method other than POST.
    MethodNotAllowed,
    /// 429: every HSM session is busy; retry.
    Throttled,
    /// 500: anything else (details are logged, not returned).
    Internal,
    /// 502: the HSM could not be reached or failed.
    BadGateway,
}

impl EkmError {
    /// The ProxyError code and HTTP status.
    pub fn code_and_status(&self) -> (&'static str, StatusCode) {
        match self {
            EkmError::BadRequest(_) => ("BadRequest", StatusCode::BAD_REQUEST),
            EkmError::Unauthorized => ("Unauthorized", StatusCode::UNAUTHORIZED),
            EkmError::Forbidden(_) => ("Forbidden", StatusCode::FORBIDDEN),
            EkmError::KeyDisabled(_) => ("KeyDisabled", StatusCode::FORBIDDEN),
            EkmError::KeyNotFound => ("KeyNotFound", StatusCode::NOT_FOUND),
            EkmError::NotFound => ("NotFound", StatusCode::NOT_FOUND),
            EkmError::MethodNotAllowed => ("MethodNotAllowed", StatusCode::METHOD_NOT_ALLOWED),
            EkmError::Throttled => ("Throttled", StatusCode::TOO_MANY_REQUESTS),
            EkmError::Internal => ("InternalServerError", StatusCode::INTERNAL_SERVER_ERROR),
            EkmError::BadGateway => ("BadGateway", StatusCode::BAD_GATEWAY),
        }
    }

    fn message(&self) -> &str {
        match self {
            EkmError::BadRequest(m) | EkmError::Forbidden(m) | EkmError::KeyDisabled(m) => m,
            EkmError::Unauthorized => {
                "a client certificate with an allowed issuer and subject is required"
            }
            EkmError::KeyNotFound => "no such external key",
            EkmError::NotFound => "no EKM proxy API at this path",
            EkmError::MethodNotAllowed => "the EKM proxy API takes POST",
            EkmError::Throttled => "the HSM is busy; retry later",
            EkmError::Internal => "internal error",
            EkmError::BadGateway => "the HSM could not complete the operation",
        }
    }

    /// Maps a key-service error.
    pub fn from_service(error: ServiceError) -> EkmError {
        match error {
            ServiceError::NotFound(_) => EkmError::KeyNotFound,
            ServiceError::PermissionDenied => {
                EkmError::Forbidden("the proxy's identity may not use this key".into())
            }
            ServiceError::WrongState(why) => EkmError::KeyDisabled(why.into()),
            ServiceError::UsageNotAllowed(what) => {
                EkmError::Forbidden(format!("the key's usage mask does not allow {what}"))
            }
            ServiceError::CryptographicFailure(why) => EkmError::BadRequest(why.into()),
            ServiceError::InvalidField(m)
            | ServiceError::MissingField(m)
            | ServiceError::NotSupported(m) => EkmError::BadRequest(m),
            ServiceError::Busy => EkmError::Throttled,
            ServiceError::Unavailable(m) => {
                tracing::warn!(problem = %m, "EKM: HSM unavailable");
                EkmError::BadGateway
            }
            other => {
                tracing::error!(error = %other, "EKM: internal error");
                EkmError::Internal
            }
        }
    }
}

impl IntoResponse for EkmError {
    fn into_response(self) -> Response {
        let (code, status) = self.code_and_status();
        let body = serde_json::json!({ "code": code, "message": self.message() });
        let mut response = crate::hyok::common::json_response(status, &body);
        let headers = response.headers_mut();
        match self {
            EkmError::MethodNotAllowed => {
                headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
            }
            EkmError::Throttled => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_its_status_and_code() {
        let cases = [
            (EkmError::BadRequest(String::new()), 400, "BadRequest"),
            (EkmError::Unauthorized, 401, "Unauthorized"),
            (EkmError::Forbidden(String::new()), 403, "Forbidden"),
            (EkmError::KeyDisabled(String::new()), 403, "KeyDisabled"),
            (EkmError::KeyNotFound, 404, "KeyNotFound"),
            (EkmError::MethodNotAllowed, 405, "MethodNotAllowed"),
            (EkmError::Throttled, 429, "Throttled"),
            (EkmError::Internal, 500, "InternalServerError"),
            (EkmError::BadGateway, 502, "BadGateway"),
        ];
        for (error, status, code) in cases {
            let (c, s) = error.code_and_status();
            assert_eq!((c, s.as_u16()), (code, status), "{error:?}");
        }
        assert_eq!(
            EkmError::from_service(ServiceError::Busy),
            EkmError::Throttled
        );
        assert!(matches!(
            EkmError::from_service(ServiceError::WrongState("x")),
            EkmError::KeyDisabled(_)
        ));
    }
}
