//! The Azure EKM proxy's audit event in the form the writer stores directly.
//!
//! As an [`AuditEvent`], an EKM call's six details went into a JSON map (a key allocated per
//! detail) that the writer walked through `serde_json` per row. An [`EkmEvent`] keeps them as
//! fields and the writer prints the details column straight from them. The stored row is the
//! same as for the equivalent [`AuditEvent`] (tested here and in writer.rs), so readers cannot
//! tell them apart.

use serde_json::{Map, Value};

use super::event::{now_ms, AuditEvent, FrontEnd};

/// One answered EKM call.
#[derive(Clone, Debug, PartialEq)]
pub struct EkmEvent {
    pub(crate) unix_ms: i64,
    /// The client certificate's subject (or a note that there was none).
    pub(crate) caller: String,
    /// The API's name (`wrapkey`, ...).
    pub(crate) operation: &'static str,
    /// The key name of the path, if any.
    pub(crate) key_name: Option<String>,
    /// The error code when the call failed.
    pub(crate) error: Option<&'static str>,
    /// The details, each a JSON string: `path_prefix`, `correlation_id`, `pool_name` always,
    /// `request_id`, `alg` and `client_issuer` when known.
    pub(crate) details: EkmDetails,
}

/// The details column of an EKM event.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EkmDetails {
    pub alg: Option<String>,
    pub client_issuer: Option<String>,
    pub correlation_id: String,
    pub path_prefix: String,
    pub pool_name: String,
    pub request_id: Option<String>,
}

impl EkmDetails {
    /// The details as (name, value) in the order a JSON map (sorted by key) keeps them.
    fn fields(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("alg", self.alg.as_deref()),
            ("client_issuer", self.client_issuer.as_deref()),
            ("correlation_id", Some(&self.correlation_id)),
            ("path_prefix", Some(&self.path_prefix)),
            ("pool_name", Some(&self.pool_name)),
            ("request_id", self.request_id.as_deref()),
        ]
    }
}

impl EkmEvent {
    /// An event for a call answered now, successful unless `error` names its code.
    pub fn new(
        caller: String,
        operation: &'static str,
        key_name: Option<String>,
        error: Option<&'static str>,
        details: EkmDetails,
    ) -> Self {
        EkmEvent {
            unix_ms: now_ms(),
            caller,
            operation,
            key_name,
            error,
            details,
        }
    }

    /// Writes the details column into `out`: the JSON `serde_json` writes for the equivalent
    /// event's map (keys sorted; strings escaped by `serde_json` itself).
    pub(crate) fn write_details(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        super::event::write_text_object(self.details.fields(), out)
    }

    /// The same event as an [`AuditEvent`]: what readers get back.
    pub fn to_audit_event(&self) -> AuditEvent {
        let details: Map<String, Value> = self
            .details
            .fields()
            .into_iter()
            .filter_map(|(name, value)| Some((name.to_owned(), value?.into())))
            .collect();
        AuditEvent {
            unix_ms: self.unix_ms,
            front_end: FrontEnd::Ekm,
            caller: self.caller.clone(),
            operation: self.operation.to_owned(),
            key_name: self.key_name.clone(),
            key_uid: None,
            error: self.error.map(str::to_owned),
            details,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_the_json_of_the_equivalent_map() {
        let awkward = "q\"uote\\ back\nline \u{1} é 😀";
        let full = EkmDetails {
            alg: Some("A256KW".into()),
            client_issuer: Some("CN=Issuer, O=\"x\"".into()),
            correlation_id: awkward.into(),
            path_prefix: "/ekm".into(),
            pool_name: "pool".into(),
            request_id: Some("r-1".into()),
        };
        let bare = EkmDetails {
            path_prefix: String::new(),
            ..EkmDetails::default()
        };
        for details in [full, bare] {
            let event = EkmEvent::new("CN=a".into(), "wrapkey", None, None, details);
            let mut written = Vec::new();
            event.write_details(&mut written).unwrap();
            let expected = serde_json::to_string(&event.to_audit_event().details).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
    }

    #[test]
    fn the_field_names_are_in_map_order() {
        let names: Vec<&str> = EkmDetails::default()
            .fields()
            .iter()
            .map(|(name, _)| *name)
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, names);
    }
}
