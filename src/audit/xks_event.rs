//! The XKS proxy's audit event in the form the writer stores directly.
//!
//! Every XKS call is recorded, so XKS events are a large part of a busy proxy's trail. As an
//! [`AuditEvent`], a call's `requestMetadata` was copied field by field into a JSON map (a key
//! and a value allocated per field), put in a second map with the key store's `uriPrefix`, and
//! the writer walked both maps through `serde_json` per row. An [`XksEvent`] keeps the fields
//! as the request's parser made them, moved, not copied, and the writer prints the details
//! column straight from them. The stored row is the same as for the equivalent [`AuditEvent`]
//! (tested here and in writer.rs), so readers cannot tell them apart.

use serde_json::{Map, Value};

use super::event::{now_ms, AuditEvent, FrontEnd};

/// The `requestMetadata` fields kept, under their JSON names, in the order a JSON map (sorted by
/// key) stores them; an [`XksEvent`] holds their values in this order.
pub const XKS_METADATA_FIELDS: [&str; 7] = [
    "awsPrincipalArn",
    "awsSourceVpc",
    "awsSourceVpce",
    "kmsKeyArn",
    "kmsOperation",
    "kmsRequestId",
    "kmsViaService",
];

/// One answered XKS call.
#[derive(Clone, Debug, PartialEq)]
pub struct XksEvent {
    pub(crate) unix_ms: i64,
    /// The SigV4 access key id that signed (or, failing that, the one claimed).
    pub(crate) caller: String,
    /// The API's name (`Encrypt`, `GetHealthStatus`, ...).
    pub(crate) operation: &'static str,
    /// The externalKeyId of the path, if any.
    pub(crate) key_name: Option<String>,
    pub(crate) key_uid: Option<String>,
    /// The errorName when the call failed.
    pub(crate) error: Option<&'static str>,
    /// The key store's URI prefix: the `uriPrefix` detail.
    pub(crate) uri_prefix: String,
    /// The `requestMetadata` detail: values of [`XKS_METADATA_FIELDS`], absent ones `None`.
    pub(crate) request_metadata: [Option<String>; 7],
}

impl XksEvent {
    /// An event for a call answered now, successful until [`XksEvent::failed`] says otherwise.
    pub fn new(
        caller: String,
        operation: &'static str,
        uri_prefix: String,
        request_metadata: [Option<String>; 7],
    ) -> Self {
        XksEvent {
            unix_ms: now_ms(),
            caller,
            operation,
            key_name: None,
            key_uid: None,
            error: None,
            uri_prefix,
            request_metadata,
        }
    }

    pub fn key_name(mut self, name: Option<String>) -> Self {
        self.key_name = name;
        self
    }

    pub fn key_uid(mut self, uid: Option<String>) -> Self {
        self.key_uid = uid;
        self
    }

    pub fn failed(mut self, error_name: Option<&'static str>) -> Self {
        self.error = error_name;
        self
    }

    /// Writes the details column into `out`: the JSON `serde_json` writes for the equivalent
    /// event's map, `{"requestMetadata":{...},"uriPrefix":"..."}` (keys sorted, as a JSON map
    /// keeps them; strings escaped by `serde_json` itself).
    pub(crate) fn write_details(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"requestMetadata\":");
        write_request_metadata(&self.request_metadata, out)?;
        out.extend_from_slice(b",\"uriPrefix\":");
        serde_json::to_writer(&mut *out, self.uri_prefix.as_str())?;
        out.push(b'}');
        Ok(())
    }

    /// The same event as an [`AuditEvent`]: what readers get back.
    pub fn to_audit_event(&self) -> AuditEvent {
        let mut details = Map::new();
        details.insert("uriPrefix".into(), self.uri_prefix.clone().into());
        details.insert(
            "requestMetadata".into(),
            Value::Object(request_metadata_map(&self.request_metadata)),
        );
        AuditEvent {
            unix_ms: self.unix_ms,
            front_end: FrontEnd::Xks,
            caller: self.caller.clone(),
            operation: self.operation.to_owned(),
            key_name: self.key_name.clone(),
            key_uid: self.key_uid.clone(),
            error: self.error.map(str::to_owned),
            details,
        }
    }
}

/// `requestMetadata` as the JSON object the audit row holds: the fields present, in order.
pub fn write_request_metadata(
    values: &[Option<String>; 7],
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let fields = values.iter().map(|value| value.as_deref());
    super::event::write_text_object(XKS_METADATA_FIELDS.iter().copied().zip(fields), out)
}

/// `requestMetadata` as a JSON map (the fields present).
pub fn request_metadata_map(values: &[Option<String>; 7]) -> Map<String, Value> {
    XKS_METADATA_FIELDS
        .iter()
        .zip(values)
        .filter_map(|(name, value)| Some(((*name).to_owned(), value.clone()?.into())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_the_json_of_the_equivalent_map() {
        let awkward = "q\"uote\\ back\nline \u{1} ctl \u{7f} é 😀 </script>";
        let cases: [[Option<String>; 7]; 3] = [
            Default::default(),
            [
                Some("arn:aws:iam::123456789012:user/Alice".into()),
                None,
                Some("vpce-0123".into()),
                Some("arn:aws:kms:us-east-1:123456789012:key/k".into()),
                Some("Encrypt".into()),
                Some("4112f4d6-db54-4af4-ae30-c55a22a8dfae".into()),
                None,
            ],
            std::array::from_fn(|i| Some(format!("{awkward}{i}"))),
        ];
        for (i, metadata) in cases.into_iter().enumerate() {
            let prefix = if i == 2 { awkward } else { "/example/prefix" };
            let event = XksEvent::new("AKIA1".into(), "Encrypt", prefix.into(), metadata);
            let mut written = Vec::new();
            event.write_details(&mut written).unwrap();
            let expected = serde_json::to_string(&event.to_audit_event().details).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected, "case {i}");
        }
    }

    #[test]
    fn the_field_names_are_in_map_order() {
        let mut sorted = XKS_METADATA_FIELDS;
        sorted.sort_unstable();
        assert_eq!(sorted, XKS_METADATA_FIELDS);
    }
}
