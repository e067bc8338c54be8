//! External keys: the managed key an EKM key name (its Name attribute) stands for, and what
//! kind of external key it is.

use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation, State};
use hsmgate_kmip::ttlv::{Tag, Value};

use super::config::key_name_ok;
use super::error::EkmError;
use super::EkmState;
use crate::service::ManagedObject;

/// The kinds of key the API serves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExternalKey {
    /// `oct`, 256 bits.
    Aes256,
    /// `RSA`, a pair of 2048, 3072 or 4096 bits named by its private key.
    Rsa { bits: u32 },
}

fn has_name(object: &ManagedObject, name: &str) -> bool {
    object
        .attributes
        .all(&AttributeName::Tagged(Tag::NAME))
        .any(|attribute| match &attribute.value {
            Value::Structure(fields) => fields.iter().any(|field| {
                field.tag == Tag::NAME_VALUE
                    && matches!(&field.value, Value::TextString(text) if text == name)
            }),
            _ => false,
        })
}

/// The managed key `name` stands for: the newest symmetric or private key with that Name that
/// the proxy's identity can see, destroyed keys aside. Names the configuration does not list
/// are not found.
pub async fn find(state: &EkmState, name: &str) -> Result<ManagedObject, EkmError> {
    if !key_name_ok(name) {
        return Err(EkmError::BadRequest(
            "external key names are 1 to 64 letters, digits and '-'".into(),
        ));
    }
    if !state.keys.contains(name) {
        return Err(EkmError::KeyNotFound);
    }
    let objects = state
        .service
        .visible_objects(&state.acts_as, Operation::GET_ATTRIBUTES)
        .await
        .map_err(EkmError::from_service)?;
    objects
        .into_iter()
        .rev()
        .find(|o| {
            matches!(
                o.object_type(),
                ObjectType::SYMMETRIC_KEY | ObjectType::PRIVATE_KEY
            ) && !matches!(o.state(), State::DESTROYED | State::DESTROYED_COMPROMISED)
                && has_name(o, name)
        })
        .ok_or(EkmError::KeyNotFound)
}

/// What kind of external key a managed key is; others are refused.
pub fn kind(object: &ManagedObject) -> Result<ExternalKey, EkmError> {
    let bits = match object.attributes.get(Tag::CRYPTOGRAPHIC_LENGTH) {
        Some(Value::Integer(bits)) => u32::try_from(*bits).ok(),
        _ => None,
    };
    match (object.algorithm(), object.object_type(), bits) {
        (Some(CryptographicAlgorithm::AES), ObjectType::SYMMETRIC_KEY, Some(256)) => {
            Ok(ExternalKey::Aes256)
        }
        (Some(CryptographicAlgorithm::RSA), ObjectType::PRIVATE_KEY, Some(bits))
            if matches!(bits, 2048 | 3072 | 4096) =>
        {
            Ok(ExternalKey::Rsa { bits })
        }
        _ => Err(EkmError::BadRequest(
            "the key is not one the EKM API serves (AES-256, RSA 2048/3072/4096)".into(),
        )),
    }
}

/// Refuses a key that is not Active: the kill switch.
pub fn require_enabled(object: &ManagedObject) -> Result<(), EkmError> {
    if object.state() == State::ACTIVE {
        Ok(())
    } else {
        Err(EkmError::KeyDisabled("the key is disabled".into()))
    }
}
