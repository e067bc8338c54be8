//! The embedded default's named keys: the AES-256 keys its HYOK front ends serve (the XKS key
//! store's, the EKM proxy's), made through the key service so they live in the HSM and the
//! metadata store like any other key, and found again by Name on a second run.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation};
use hsmgate_kmip::spec::CryptographicUsageMask;

use super::InitError;
use crate::config::Config;
use crate::identity::Identity;
use crate::service::NewKey;

/// One key to have: its Name and usage.
pub struct NamedKey {
    pub name: &'static str,
    pub usage: CryptographicUsageMask,
}

/// Makes each key (AES-256, Active, owned by `admin`) unless a key with its Name exists. Returns,
/// for each, whether it was made now.
pub async fn ensure_named_keys(
    config: &Config,
    admin: &str,
    keys: &[NamedKey],
) -> Result<Vec<bool>, InitError> {
    let service = crate::serve::open_key_service(config)
        .await
        .map_err(|e| InitError::Setup(format!("opening the key service: {e}")))?;
    let caller = Identity::new(format!("CN={admin}"));
    let mut made = Vec::with_capacity(keys.len());
    for key in keys {
        let failed = |e: crate::service::ServiceError| {
            InitError::Setup(format!("the key \"{}\": {e}", key.name))
        };
        // Found through the store's name index, as the front ends find it.
        let existing = service
            .objects_named(&caller, key.name, Operation::GET_ATTRIBUTES)
            .await
            .map_err(failed)?;
        if !existing.is_empty() {
            made.push(false);
            continue;
        }
        let mut attributes = Attributes::symmetric_key(CryptographicAlgorithm::AES, 256, key.usage);
        attributes.push_name(key.name);
        let uid = service
            .create_symmetric_key(
                &caller,
                NewKey {
                    object_type: ObjectType::SYMMETRIC_KEY,
                    attributes,
                },
            )
            .await
            .map_err(failed)?;
        service.activate(&caller, &uid).await.map_err(failed)?;
        made.push(true);
    }
    Ok(made)
}
