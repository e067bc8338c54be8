//! Pieces both HYOK front ends (AWS XKS and Azure EKM) use the same way: JSON answers, the
//! description of a request body that is not the JSON an API takes, and the clean-up of
//! request values before they go into log lines and error messages.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Room an answer is serialised into at first: an XKS Encrypt answer of a few hundred bytes
/// fits without the buffer growing.
const ANSWER_CAPACITY: usize = 512;

/// A JSON answer with `status`: a `serde_json::Value` or a typed answer.
pub(crate) fn json_response<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    // Serialised straight into bytes (`to_string` goes through the formatting machinery). The
    // answers are maps with string keys and strings, numbers, arrays or maps as values, which
    // serialise without error.
    let mut bytes = Vec::with_capacity(ANSWER_CAPACITY);
    if serde_json::to_writer(&mut bytes, body).is_err() {
        bytes = b"{}".to_vec();
    }
    let mut response = (status, bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// What is wrong with a request body serde could not read, without quoting its values (serde's
/// own text may, and a body can hold key material): serde's "missing field `name`" (which
/// quotes only the name) with its position, or where the body stops being the JSON the API
/// takes.
pub(crate) fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if text.starts_with("missing field") {
        text
    } else {
        format!(
            "the body is not the JSON this API takes (line {}, column {})",
            e.line(),
            e.column()
        )
    }
}

/// `text` as printable ASCII (others become `?`), at most `max` characters.
pub(crate) fn printable(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .map(|c| if (' '..='~').contains(&c) { c } else { '?' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_replaces_and_bounds() {
        assert_eq!(printable("a\nb\u{7f}é", 256), "a?b??");
        assert_eq!(printable(&"x".repeat(1000), 500).len(), 500);
    }

    #[test]
    fn json_problems_name_missing_fields_and_never_quote_values() {
        #[derive(serde::Deserialize, Debug)]
        struct Body {
            #[allow(dead_code)]
            value: u8,
        }
        let missing = serde_json::from_slice::<Body>(b"{}").unwrap_err();
        assert!(json_problem(&missing).starts_with("missing field `value`"));
        let wrong = serde_json::from_slice::<Body>(br#"{"value": "secret"}"#).unwrap_err();
        let text = json_problem(&wrong);
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("line 1"), "{text}");
    }
}
