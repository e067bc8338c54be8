//! A managed object as the key service handles it: its store record with the attributes decoded.

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, State};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{decode, to_bytes, Limits, Tag, Value};

use super::ServiceError;
use crate::store::{Material, ObjectRecord};

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A managed object: record plus decoded attributes. The attributes are the truth; the record's
/// state and object type columns are kept in step with them for queries.
#[derive(Clone, Debug)]
pub struct ManagedObject {
    record: ObjectRecord,
    pub attributes: Attributes,
}

impl ManagedObject {
    /// A new object (not yet stored).
    pub fn new(
        uid: String,
        object_type: ObjectType,
        owner: String,
        attributes: Attributes,
        material: Material,
    ) -> Self {
        let record = ObjectRecord {
            uid,
            object_type: object_type.0,
            state: State::PRE_ACTIVE.0,
            owner,
            attributes: Vec::new(),
            material,
            updated: now(),
        };
        ManagedObject { record, attributes }
    }

    pub fn from_record(record: ObjectRecord) -> Result<Self, ServiceError> {
        let item =
            decode(Bytes::from(record.attributes.clone()), &Limits::default()).map_err(|e| {
                ServiceError::Internal(format!("stored attributes of {}: {e}", record.uid))
            })?;
        let attributes = Attributes::from_v2(&item, Tag::ATTRIBUTES).map_err(|e| {
            ServiceError::Internal(format!("stored attributes of {}: {e}", record.uid))
        })?;
        Ok(ManagedObject { record, attributes })
    }

    /// The record to store, with the attributes encoded.
    pub fn to_record(&self) -> Result<ObjectRecord, ServiceError> {
        let item = self.attributes.to_v2(Tag::ATTRIBUTES).map_err(|e| {
            ServiceError::Internal(format!("encoding attributes of {}: {e}", self.record.uid))
        })?;
        let mut record = self.record.clone();
        record.attributes = to_bytes(&item).to_vec();
        record.state = self.state().0;
        record.updated = now();
        Ok(record)
    }

    pub fn uid(&self) -> &str {
        &self.record.uid
    }

    pub fn owner(&self) -> &str {
        &self.record.owner
    }

    pub fn object_type(&self) -> ObjectType {
        ObjectType(self.record.object_type)
    }

    pub fn material(&self) -> &Material {
        &self.record.material
    }

    /// Replaces where the material lives (e.g. `Material::None` once destroyed).
    pub fn set_material(&mut self, material: Material) {
        self.record.material = material;
    }

    pub fn state(&self) -> State {
        match self.attributes.get(Tag::STATE) {
            Some(Value::Enumeration(state)) => State(*state),
            _ => State(self.record.state),
        }
    }

    pub fn algorithm(&self) -> Option<CryptographicAlgorithm> {
        match self.attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
            Some(Value::Enumeration(raw)) => Some(CryptographicAlgorithm(*raw)),
            _ => None,
        }
    }

    pub fn usage_mask(&self) -> CryptographicUsageMask {
        match self.attributes.get(Tag::CRYPTOGRAPHIC_USAGE_MASK) {
            Some(Value::Integer(mask)) => CryptographicUsageMask(*mask as u32),
            _ => CryptographicUsageMask(0),
        }
    }

    /// Fails unless the usage mask has every bit of `needed`.
    pub fn require_usage(
        &self,
        needed: CryptographicUsageMask,
        what: &'static str,
    ) -> Result<(), ServiceError> {
        if self.usage_mask().contains(needed) {
            Ok(())
        } else {
            Err(ServiceError::UsageNotAllowed(what))
        }
    }

    /// Sets a single-valued standard attribute, replacing any value it had.
    pub fn set(&mut self, tag: Tag, value: Value) {
        set_attribute(&mut self.attributes, tag, value);
    }
}

/// Sets a single-valued standard attribute in a list, replacing any value it had.
pub fn set_attribute(attributes: &mut Attributes, tag: Tag, value: Value) {
    let name = AttributeName::Tagged(tag);
    match attributes.list.iter_mut().find(|a| a.name == name) {
        Some(existing) => existing.value = value,
        None => attributes.push(name, value),
    }
}
