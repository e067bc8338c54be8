//! The audit record of one XKS call: who called (the SigV4 access key id), which API and
//! external key, the key version it reached, how it ended (errorName), and AWS's
//! `requestMetadata` as sent. Every call that reached a key store's route is recorded, whether
//! it succeeded or failed — including failed authentication, recorded under the access key id
//! it claimed and without the requestMetadata of its unauthenticated body (so that a forger
//! cannot write into the trail). Plaintext never is.

use super::error::XksError;
use super::{Api, KeyStore, RequestMetadata};
use crate::audit::{write_request_metadata, XksEvent};

/// The longest caller-claimed access key id kept in a record of a failed authentication.
const MAX_CLAIMED_ID: usize = 128;

/// What is known of a call so far; [`XksCall::finish`] records it.
pub(crate) struct XksCall<'s> {
    store: &'s KeyStore,
    api: Api,
    key_id: Option<String>,
    caller: String,
    key_uid: Option<String>,
    /// `requestMetadata`'s fields in the audit trail's order ([`RequestMetadata::into_fields`]).
    metadata: [Option<String>; 7],
}

impl<'s> XksCall<'s> {
    pub fn new(store: &'s KeyStore, api: Api, key_id: Option<&str>) -> Self {
        XksCall {
            store,
            api,
            key_id: key_id.map(str::to_owned),
            caller: String::new(),
            key_uid: None,
            metadata: Default::default(),
        }
    }

    /// The access key id that signed (or, before verification, the one the request claims).
    pub fn caller(&mut self, access_key_id: &str) {
        // The first MAX_CLAIMED_ID characters, cut at a character boundary.
        let end = access_key_id
            .char_indices()
            .nth(MAX_CLAIMED_ID)
            .map_or(access_key_id.len(), |(at, _)| at);
        self.caller.clear();
        self.caller
            .push_str(access_key_id.get(..end).unwrap_or(access_key_id));
    }

    /// The managed object (key version) the call used.
    pub fn key_uid(&mut self, uid: &str) {
        self.key_uid = Some(uid.to_owned());
    }

    /// Keeps the request's `requestMetadata` (moved into the record, not copied), then checks
    /// the fields `api` requires.
    pub fn metadata(&mut self, metadata: RequestMetadata) -> Result<(), XksError> {
        let checked = metadata.check(self.api);
        self.metadata = metadata.into_fields();
        checked
    }

    /// Records the call with its outcome in the audit trail (and the log).
    pub fn finish<T>(self, result: &Result<T, XksError>) {
        let error = result.as_ref().err().map(|e| e.name_and_status().0);
        tracing::info!(
            target: "hsmgate::xks::audit",
            api = self.api.name(),
            prefix = %self.store.uri_prefix,
            caller = %self.caller,
            external_key_id = self.key_id.as_deref().unwrap_or(""),
            key_uid = self.key_uid.as_deref().unwrap_or(""),
            outcome = error.unwrap_or("ok"),
            request_metadata = %MetadataJson(&self.metadata),
            "XKS call"
        );
        let event = XksEvent::new(
            self.caller,
            self.api.name(),
            self.store.uri_prefix.clone(),
            self.metadata,
        )
        .key_name(self.key_id)
        .key_uid(self.key_uid)
        .failed(error);
        self.store.service.audit().record_xks(event);
    }
}

/// `requestMetadata` as the JSON object the audit record holds, for the log line.
struct MetadataJson<'a>(&'a [Option<String>; 7]);

impl std::fmt::Display for MetadataJson<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut json = Vec::new();
        write_request_metadata(self.0, &mut json).map_err(|_| std::fmt::Error)?;
        f.write_str(&String::from_utf8_lossy(&json))
    }
}

/// The access key id in an `Authorization: AWS4-HMAC-SHA256 Credential=ID/...` header, if any
/// (for the record of a call whose signature did not verify).
pub(crate) fn claimed_access_key(headers: &http::HeaderMap) -> Option<&str> {
    // Read only for a call that failed authentication, so off the hot path.
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let credential = value.split("Credential=").nth(1)?;
    credential.split('/').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_claimed_access_key_is_read_from_the_credential() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(claimed_access_key(&headers), None);
        headers.insert(
            http::header::AUTHORIZATION,
            http::HeaderValue::from_static(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms-xks-proxy/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
            ),
        );
        assert_eq!(claimed_access_key(&headers), Some("AKIDEXAMPLE"));
        // The definition it keeps to.
        fn by_split(value: &str) -> Option<&str> {
            value.split("Credential=").nth(1)?.split('/').next()
        }
        for value in [
            "AWS4-HMAC-SHA256 Credential=AKID/2015",
            "AWS4-HMAC-SHA256 Credential=AKIDCredential=X/2015",
            "AWS4-HMAC-SHA256 Credential=",
            "AWS4-HMAC-SHA256 Credential=Credential=/",
            "AWS4-HMAC-SHA256 Credential=AK",
            "AWS4-HMAC-SHA256  Credential=AKID/x",
            "Bearer x",
            "x Credential=ID Credential=Y/z",
        ] {
            headers.insert(
                http::header::AUTHORIZATION,
                http::HeaderValue::from_str(value).unwrap(),
            );
            assert_eq!(claimed_access_key(&headers), by_split(value), "{value}");
        }
    }
}
