//! Leases and where objects are kept: the two attributes the server sets on every new object
//! besides its dates.
//!
//! - Lease Time (KMIP 2.1 §4): how long a client may keep using its copy of an object before
//!   it asks again. Set from the server's policy (`[keys] lease_time_secs`) when the object is
//!   made; Obtain Lease answers it with the Last Change Date, so a client whose copy is older
//!   than that date knows to fetch the object again.
//! - Protection Storage Mask (KMIP 2.x §4): where the object is protected. A key held in an HSM
//!   is in Hardware when the PKCS#11 slot says it is a hardware slot (CKF_HW_SLOT) and in
//!   Software otherwise (SoftHSM2 is a software token); material kept wrapped in the metadata
//!   store is in Software.

use std::collections::HashMap;
use std::sync::Mutex;

use hsmgate_kmip::spec::enums::{Operation, State};
use hsmgate_kmip::spec::ProtectionStorageMask;
use hsmgate_kmip::ttlv::{Tag, Value};

use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// The Lease Time new objects get unless configured otherwise: one hour.
pub const DEFAULT_LEASE_TIME_SECS: u32 = 3600;

/// The Protection Storage Mask of each HSM backend, read once from its slot (the answer
/// cannot change while the module is loaded).
#[derive(Default)]
pub(super) struct StorageMasks(Mutex<HashMap<String, i32>>);

/// A granted lease: how long, and the Last Change Date it holds for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub lease_time: u32,
    pub last_change_date: i64,
}

impl KeyService {
    /// Gives new objects a Lease Time of `seconds` (configuration `[keys] lease_time_secs`).
    pub fn with_lease_time(mut self, seconds: u32) -> Self {
        self.lease_time = seconds;
        self
    }

    /// The attributes the server's policy sets on a new object kept as `material`: its
    /// Lease Time and, when it has material, its Protection Storage Mask.
    pub(super) async fn policy_attributes(&self, material: &Material) -> Vec<(Tag, Value)> {
        let mut attributes = vec![(Tag::LEASE_TIME, Value::Interval(self.lease_time))];
        let mask = match material {
            Material::Hsm { backend, .. } => self.hsm_storage_mask(backend).await,
            Material::Wrapped { .. } => Some(ProtectionStorageMask::SOFTWARE.0 as i32),
            Material::None => None,
        };
        if let Some(mask) = mask {
            attributes.push((Tag::PROTECTION_STORAGE_MASK, Value::Integer(mask)));
        }
        attributes
    }

    /// Hardware or Software, from the backend's slot; None when the slot cannot be asked (the
    /// attribute is then left out rather than guessed).
    async fn hsm_storage_mask(&self, backend: &str) -> Option<i32> {
        let known = self
            .storage_masks
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(backend)
            .copied();
        if known.is_some() {
            return known;
        }
        let identity = match self.backend(backend).ok()?.token_identity().await {
            Ok(identity) => identity,
            Err(e) => {
                tracing::warn!(backend, error = %e, "no Protection Storage Mask: slot info unavailable");
                return None;
            }
        };
        let mask = if identity.hardware_slot {
            ProtectionStorageMask::HARDWARE
        } else {
            ProtectionStorageMask::SOFTWARE
        };
        let mask = mask.0 as i32;
        self.storage_masks
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(backend.to_owned(), mask);
        Some(mask)
    }

    /// Obtain Lease: the object's Lease Time (the policy's, for an object made before it had
    /// one) and its Last Change Date. Only an Active object is leased: a lease is for using
    /// the object, and no other state allows all of its uses.
    pub async fn obtain_lease(&self, caller: &Identity, uid: &str) -> Result<Lease, ServiceError> {
        let object = self
            .authorized(caller, uid, Operation::OBTAIN_LEASE)
            .await?;
        if object.state() != State::ACTIVE {
            return Err(ServiceError::WrongState("only an Active object is leased"));
        }
        let lease_time = match object.attributes.get(Tag::LEASE_TIME) {
            Some(Value::Interval(seconds)) => *seconds,
            _ => self.lease_time,
        };
        let last_change_date = match object.attributes.get(Tag::LAST_CHANGE_DATE) {
            Some(Value::DateTime(t)) => *t,
            _ => {
                return Err(ServiceError::Internal(format!(
                    "object {uid} has no Last Change Date"
                )))
            }
        };
        Ok(Lease {
            lease_time,
            last_change_date,
        })
    }
}
