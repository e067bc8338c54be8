//! The KMIP server's audit event in the form the writer stores directly.
//!
//! KMIP records one event per batch item, so its events are the trail's bulk. An [`AuditEvent`]
//! holds its operation and protocol version as owned strings and its one detail in a JSON map:
//! four allocations made on the request's thread and freed on the writer's, a JSON map
//! serialised per row. A [`KmipEvent`] keeps the operation's static name and the version's
//! numbers; the writer spells them out when it binds the row. The stored row is the same as for
//! the equivalent [`AuditEvent`] (tested in writer.rs), so readers cannot tell them apart.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::event::{now_ms, AuditEvent, FrontEnd};

/// One answered KMIP batch item.
#[derive(Clone, Debug, PartialEq)]
pub struct KmipEvent {
    pub(crate) unix_ms: i64,
    /// The caller's certificate subject.
    pub(crate) caller: String,
    /// The operation's name (`Encrypt`), or its value in hex when it has none.
    pub(crate) operation: Cow<'static, str>,
    /// The request's protocol version (major, minor): the `protocolVersion` detail.
    pub(crate) protocol_version: (i32, i32),
    pub(crate) key_uid: Option<String>,
    /// The Result Reason's name when the item failed.
    pub(crate) error: Option<Cow<'static, str>>,
}

impl KmipEvent {
    /// An event for an item answered now, successful until [`KmipEvent::failed`] says otherwise.
    pub fn new(caller: &str, operation: Cow<'static, str>, protocol_version: (i32, i32)) -> Self {
        KmipEvent {
            unix_ms: now_ms(),
            caller: caller.to_owned(),
            operation,
            protocol_version,
            key_uid: None,
            error: None,
        }
    }

    pub fn key_uid(mut self, uid: &str) -> Self {
        self.key_uid = Some(uid.to_owned());
        self
    }

    pub fn failed(mut self, error_name: Cow<'static, str>) -> Self {
        self.error = Some(error_name);
        self
    }

    /// Writes the details column into `out`: the JSON `serde_json` writes for the equivalent
    /// event's map, `{"protocolVersion":"2.1"}` (digits, a dot and a minus sign need no
    /// escaping).
    pub(crate) fn write_details(&self, out: &mut String) {
        out.push_str("{\"protocolVersion\":\"");
        out.push_str(&version_text(self.protocol_version));
        out.push_str("\"}");
    }

    /// The same event as an [`AuditEvent`]: what readers get back.
    pub fn to_audit_event(&self) -> AuditEvent {
        let mut details = Map::new();
        details.insert(
            "protocolVersion".into(),
            Value::String(version_text(self.protocol_version).into_owned()),
        );
        AuditEvent {
            unix_ms: self.unix_ms,
            front_end: FrontEnd::Kmip,
            caller: self.caller.clone(),
            operation: self.operation.to_string(),
            key_name: None,
            key_uid: self.key_uid.clone(),
            error: self.error.as_ref().map(|e| e.to_string()),
            details,
        }
    }
}

/// A protocol version as its `Display` writes it (`2.1`); the versions KMIP defines are spelled
/// out, since formatting two integers cost more than the rest of the event.
fn version_text((major, minor): (i32, i32)) -> Cow<'static, str> {
    Cow::Borrowed(match (major, minor) {
        (1, 0) => "1.0",
        (1, 1) => "1.1",
        (1, 2) => "1.2",
        (1, 3) => "1.3",
        (1, 4) => "1.4",
        (2, 0) => "2.0",
        (2, 1) => "2.1",
        _ => return Cow::Owned(format!("{major}.{minor}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_the_json_of_the_equivalent_map() {
        let versions = [
            (1, 0),
            (1, 1),
            (1, 2),
            (1, 3),
            (1, 4),
            (2, 0),
            (2, 1),
            (3, 0),
        ];
        for version in versions.into_iter().chain([(-3, 12), (i32::MAX, i32::MIN)]) {
            let event = KmipEvent::new("CN=a", Cow::Borrowed("Encrypt"), version);
            let mut written = String::new();
            event.write_details(&mut written);
            let expected = serde_json::to_string(&event.to_audit_event().details).unwrap();
            assert_eq!(written, expected);
            assert_eq!(
                version_text(version),
                format!("{}.{}", version.0, version.1)
            );
        }
    }
}
