//! Start-up reconciliation of the metadata store with the HSMs (ARCHITECTURE.md: "An object is
//! created in the HSM first, then recorded; on start the gateway reconciles the two").
//!
//! Two kinds of mismatch are looked for in every configured backend:
//! - a record (not Destroyed) whose HSM object is gone: a Destroy that died between the HSM
//!   and the store, a token restored from an older backup, or someone deleting keys behind the
//!   gateway's back. Such a key can no longer be used.
//! - an HSM key whose CKA_ID has the gateway's identifier form (a UUID) but no record: a
//!   Create or Register that died between the HSM and the store.
//!
//! Both are logged as warnings and returned; nothing is changed or deleted. A key without a
//! record may be a Create in flight on another gateway node sharing the token, or the only copy
//! of material whose record is in a store backup about to be restored: destroying it would be
//! irreversible, so the decision is the operator's. Likewise a record whose key is missing may
//! mean the wrong token is configured, and rewriting the record would hide that.

use std::collections::HashSet;

use hsmgate_kmip::spec::enums::State;

use super::{KeyService, ServiceError};
use crate::store::{ListFilter, Material};

/// One object found on one side only.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Unmatched {
    /// The HSM backend's configured name.
    pub backend: String,
    /// The Unique Identifier (for an unrecorded HSM key: its CKA_ID, which has that form).
    pub uid: String,
}

/// What reconciliation found.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ReconcileReport {
    /// Records, not Destroyed, whose HSM object is missing.
    pub missing_in_hsm: Vec<Unmatched>,
    /// HSM keys with a gateway identifier (UUID CKA_ID) and no record.
    pub unrecorded_in_hsm: Vec<Unmatched>,
    /// Backends whose keys could not be listed: (backend, error).
    pub unreadable_backends: Vec<(String, String)>,
}

impl ReconcileReport {
    /// Whether the store and every HSM agree.
    pub fn is_clean(&self) -> bool {
        self.missing_in_hsm.is_empty()
            && self.unrecorded_in_hsm.is_empty()
            && self.unreadable_backends.is_empty()
    }
}

/// Whether a CKA_ID has the form of the identifiers this gateway assigns (a hyphenated UUID).
fn is_gateway_id(id: &[u8]) -> bool {
    id.len() == 36
        && id.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

impl KeyService {
    /// Compares every configured backend's key objects with the records, logs each mismatch
    /// as a warning and returns them. Changes nothing (see the module documentation for why).
    pub async fn reconcile(&self) -> Result<ReconcileReport, ServiceError> {
        let records = self
            .with_store(|store| Ok(store.list(&ListFilter::default())?))
            .await?;
        let mut report = ReconcileReport::default();
        for backend in &self.backends {
            let name = backend.name();
            let on_token: HashSet<Vec<u8>> = match backend.list_key_ids().await {
                Ok(ids) => ids.into_iter().collect(),
                Err(e) => {
                    tracing::warn!(backend = %name, error = %e, "reconciliation: cannot list the HSM's keys");
                    report
                        .unreadable_backends
                        .push((name.to_owned(), e.to_string()));
                    continue;
                }
            };
            let mut recorded = HashSet::new();
            for record in &records {
                let Material::Hsm { backend: b, id } = &record.material else {
                    continue;
                };
                if b != name {
                    continue;
                }
                recorded.insert(id.as_slice());
                let destroyed = record.state == State::DESTROYED.0
                    || record.state == State::DESTROYED_COMPROMISED.0;
                if !destroyed && !on_token.contains(id) {
                    tracing::warn!(backend = %name, uid = %record.uid, "reconciliation: recorded key has no HSM object");
                    report.missing_in_hsm.push(Unmatched {
                        backend: name.to_owned(),
                        uid: record.uid.clone(),
                    });
                }
            }
            let mut unrecorded: Vec<&Vec<u8>> = on_token
                .iter()
                .filter(|id| is_gateway_id(id) && !recorded.contains(id.as_slice()))
                .collect();
            unrecorded.sort();
            for id in unrecorded {
                let uid = String::from_utf8_lossy(id).into_owned();
                tracing::warn!(backend = %name, uid = %uid, "reconciliation: HSM key has no record (left in place)");
                report.unrecorded_in_hsm.push(Unmatched {
                    backend: name.to_owned(),
                    uid,
                });
            }
        }
        if report.is_clean() {
            tracing::info!(
                records = records.len(),
                "reconciliation: store and HSMs agree"
            );
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::is_gateway_id;

    #[test]
    fn recognises_the_gateway_identifier_form() {
        assert!(is_gateway_id(b"0f8e5d3c-1b2a-4c3d-8e9f-a0b1c2d3e4f5"));
        assert!(!is_gateway_id(b"0f8e5d3c-1b2a-4c3d-8e9f-a0b1c2d3e4f"));
        assert!(!is_gateway_id(b"0f8e5d3c11b2a-4c3d-8e9f-a0b1c2d3e4f5"));
        assert!(!is_gateway_id(b"0f8e5d3c-1b2a-4c3d-8e9f-a0b1c2d3e4g5"));
        assert!(!is_gateway_id(b"my-key"));
    }
}
