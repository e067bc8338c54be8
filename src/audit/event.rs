//! One audit event: who did what to which key through which front end, and how it ended.
//!
//! An event never holds key material, plaintext, ciphertext or PINs: the front ends put only
//! identities, names, identifiers and the caller's own request metadata (for XKS, AWS's
//! `requestMetadata`) in it.

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The front end a call came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrontEnd {
    /// The AWS KMS External Key Store proxy API.
    Xks,
    /// The KMIP server.
    Kmip,
    /// The Azure Managed HSM External Key Management proxy API.
    Ekm,
}

impl FrontEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            FrontEnd::Xks => "xks",
            FrontEnd::Kmip => "kmip",
            FrontEnd::Ekm => "ekm",
        }
    }

    pub fn parse(text: &str) -> Option<FrontEnd> {
        match text {
            "xks" => Some(FrontEnd::Xks),
            "kmip" => Some(FrontEnd::Kmip),
            "ekm" => Some(FrontEnd::Ekm),
            _ => None,
        }
    }
}

/// One call, as recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    /// When the call was answered: milliseconds since the Unix epoch (UTC).
    pub unix_ms: i64,
    pub front_end: FrontEnd,
    /// The authenticated caller: a client certificate subject (KMIP, EKM) or a SigV4 access
    /// key id (XKS); for a call that failed authentication, what it claimed to be.
    pub caller: String,
    /// The operation as the front end names it (`Encrypt`, `GetHealthStatus`, `Locate`, ...).
    pub operation: String,
    /// The key's name as the caller gave it (XKS externalKeyId, EKM key name), if any.
    pub key_name: Option<String>,
    /// The managed object's Unique Identifier, when the call reached one.
    pub key_uid: Option<String>,
    /// `None` when the call succeeded; else the error's wire name (XKS errorName, KMIP Result
    /// Reason, EKM code).
    pub error: Option<String>,
    /// Front-end specific fields, e.g. XKS `requestMetadata`. Never secrets.
    pub details: Map<String, Value>,
}

impl AuditEvent {
    /// An event for a call answered now, successful until [`AuditEvent::failed`] says otherwise.
    pub fn new(
        front_end: FrontEnd,
        caller: impl Into<String>,
        operation: impl Into<String>,
    ) -> Self {
        AuditEvent {
            unix_ms: now_ms(),
            front_end,
            caller: caller.into(),
            operation: operation.into(),
            key_name: None,
            key_uid: None,
            error: None,
            details: Map::new(),
        }
    }

    pub fn key_name(mut self, name: impl Into<String>) -> Self {
        self.key_name = Some(name.into());
        self
    }

    pub fn key_uid(mut self, uid: impl Into<String>) -> Self {
        self.key_uid = Some(uid.into());
        self
    }

    pub fn failed(mut self, error_name: impl Into<String>) -> Self {
        self.error = Some(error_name.into());
        self
    }

    pub fn detail(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.details.insert(name.into(), value.into());
        self
    }

    /// The time as RFC 3339 UTC with milliseconds, e.g. `2026-11-29T14:50:00.123Z`.
    pub fn time_rfc3339(&self) -> String {
        format_ms(self.unix_ms)
    }

    /// The event as one JSON object (what `hsmgate audit` prints, one per line).
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("time".into(), self.time_rfc3339().into());
        object.insert("frontEnd".into(), self.front_end.as_str().into());
        object.insert("caller".into(), self.caller.clone().into());
        object.insert("operation".into(), self.operation.clone().into());
        if let Some(name) = &self.key_name {
            object.insert("keyName".into(), name.clone().into());
        }
        if let Some(uid) = &self.key_uid {
            object.insert("keyUid".into(), uid.clone().into());
        }
        let outcome = if self.error.is_some() { "error" } else { "ok" };
        object.insert("outcome".into(), outcome.into());
        if let Some(error) = &self.error {
            object.insert("error".into(), error.clone().into());
        }
        object.insert("details".into(), Value::Object(self.details.clone()));
        Value::Object(object)
    }
}

pub(crate) fn now_ms() -> i64 {
    let now = OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Milliseconds since the epoch as RFC 3339 UTC (`Z`), millisecond precision.
pub fn format_ms(unix_ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let at = at
        .replace_nanosecond(at.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_else(|_| unix_ms.to_string())
}

/// An RFC 3339 time (any offset) as milliseconds since the epoch.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let at = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Writes a JSON object of the fields that have a value, in the order given, as `serde_json`
/// writes the equivalent map whose keys sort in that order (the names need no escaping; the
/// values are escaped by `serde_json` itself). The compact event forms write their details
/// column with it.
pub(crate) fn write_text_object<'a>(
    fields: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    out.push(b'{');
    let mut first = true;
    for (name, value) in fields {
        let Some(value) = value else {
            continue;
        };
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        serde_json::to_writer(&mut *out, value)?;
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_through_rfc3339() {
        assert_eq!(format_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_ms(1_764_427_800_123), "2025-11-29T14:50:00.123Z");
        assert_eq!(
            parse_rfc3339("2025-11-29T14:50:00.123Z"),
            Some(1_764_427_800_123)
        );
        assert_eq!(
            parse_rfc3339("2025-11-29T15:50:00+01:00"),
            Some(1_764_427_800_000)
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn json_says_outcome_and_keeps_details() {
        let event = AuditEvent::new(FrontEnd::Xks, "AKIA1", "Encrypt")
            .key_name("k1")
            .failed("KeyNotFoundException")
            .detail("kmsRequestId", "r-1");
        let json = event.to_json();
        assert_eq!(json["frontEnd"], "xks");
        assert_eq!(json["outcome"], "error");
        assert_eq!(json["error"], "KeyNotFoundException");
        assert_eq!(json["details"]["kmsRequestId"], "r-1");
        assert!(json.get("keyUid").is_none());
        assert_eq!(FrontEnd::parse("ekm"), Some(FrontEnd::Ekm));
    }
}
