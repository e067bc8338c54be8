//! The KMIP object lifecycle (KMIP 2.1 §3.31 and the state transition table): Activate,
//! Revoke and Destroy, with the dates each transition records.

use hsmgate_kmip::spec::enums::{ObjectType, Operation, RevocationReasonCode, State};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::KeyClass;

use super::object::now;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

impl KeyService {
    /// Pre-Active → Active, recording the Activation Date.
    pub async fn activate(&self, caller: &Identity, uid: &str) -> Result<(), ServiceError> {
        let mut object = self.authorized(caller, uid, Operation::ACTIVATE).await?;
        if object.state() != State::PRE_ACTIVE {
            return Err(ServiceError::WrongState(
                "only a Pre-Active object can be activated",
            ));
        }
        let now = now();
        object.set(Tag::STATE, Value::Enumeration(State::ACTIVE.0));
        object.set(Tag::ACTIVATION_DATE, Value::DateTime(now));
        object.set(Tag::LAST_CHANGE_DATE, Value::DateTime(now));
        self.save(&object).await
    }

    /// Revokes an object: Compromised for a Key Compromise reason (recording the Compromise
    /// Date and the occurrence date given), otherwise Deactivated (recording the Deactivation
    /// Date). The reason is kept as the Revocation Reason attribute.
    pub async fn revoke(
        &self,
        caller: &Identity,
        uid: &str,
        reason: RevocationReasonCode,
        message: Option<String>,
        compromise_occurrence_date: Option<i64>,
    ) -> Result<(), ServiceError> {
        let mut object = self.authorized(caller, uid, Operation::REVOKE).await?;
        let state = object.state();
        if state == State::DESTROYED || state == State::DESTROYED_COMPROMISED {
            return Err(ServiceError::WrongState(
                "a destroyed object cannot be revoked",
            ));
        }
        let now = now();
        if reason == RevocationReasonCode::KEY_COMPROMISE
            || reason == RevocationReasonCode::CA_COMPROMISE
        {
            object.set(Tag::STATE, Value::Enumeration(State::COMPROMISED.0));
            object.set(Tag::COMPROMISE_DATE, Value::DateTime(now));
            object.set(
                Tag::COMPROMISE_OCCURRENCE_DATE,
                Value::DateTime(compromise_occurrence_date.unwrap_or(now)),
            );
        } else {
            if state == State::COMPROMISED {
                return Err(ServiceError::WrongState(
                    "a compromised object stays compromised",
                ));
            }
            object.set(Tag::STATE, Value::Enumeration(State::DEACTIVATED.0));
            object.set(Tag::DEACTIVATION_DATE, Value::DateTime(now));
        }
        let mut reason_fields = vec![Item::new(
            Tag::REVOCATION_REASON_CODE,
            Value::Enumeration(reason.0),
        )];
        if let Some(message) = message {
            reason_fields.push(Item::new(
                Tag::REVOCATION_MESSAGE,
                Value::TextString(message),
            ));
        }
        object.set(Tag::REVOCATION_REASON, Value::Structure(reason_fields));
        object.set(Tag::LAST_CHANGE_DATE, Value::DateTime(now));
        self.save(&object).await
    }

    /// Destroys an object's key material (in the HSM) and marks it Destroyed (or Destroyed
    /// Compromised); the metadata stays, as KMIP requires. An Active object must be revoked
    /// first.
    pub async fn destroy(&self, caller: &Identity, uid: &str) -> Result<(), ServiceError> {
        let mut object = self.authorized(caller, uid, Operation::DESTROY).await?;
        let next = match object.state() {
            State::ACTIVE => {
                return Err(ServiceError::WrongState(
                    "an Active object must be revoked before it is destroyed",
                ))
            }
            State::DESTROYED | State::DESTROYED_COMPROMISED => {
                return Err(ServiceError::WrongState("the object is already destroyed"))
            }
            State::COMPROMISED => State::DESTROYED_COMPROMISED,
            _ => State::DESTROYED,
        };
        if let Material::Hsm { backend, id } = object.material() {
            // HSM first: if the process dies after this, start-up reconciliation finds metadata
            // whose HSM object is gone, and the retry below is idempotent.
            // The halves of a key pair share their HSM id: destroy only this object's half.
            let class = match object.object_type() {
                ObjectType::PRIVATE_KEY => Some(KeyClass::Private),
                ObjectType::PUBLIC_KEY => Some(KeyClass::Public),
                _ => None,
            };
            let backend = self.backend(backend)?;
            let destroyed = match class {
                Some(class) => backend.destroy_key_of_class(id, class).await,
                None => backend.destroy_key(id).await.map(|_| ()),
            };
            match destroyed {
                Ok(()) => {}
                Err(e) if e.kind() == hsmgate_pkcs11::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Stored (encrypted) material is erased with the record's next write.
        if matches!(object.material(), Material::Wrapped { .. }) {
            object.set_material(Material::None);
        }
        let now = now();
        object.set(Tag::STATE, Value::Enumeration(next.0));
        object.set(Tag::DESTROY_DATE, Value::DateTime(now));
        object.set(Tag::LAST_CHANGE_DATE, Value::DateTime(now));
        self.save(&object).await
    }
}
