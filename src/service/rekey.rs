//! Re-key of a symmetric key (KMIP 2.1 §6.1.45): a replacement key generated in the HSM with the
//! existing key's attributes, except those the Re-key attribute requirements set anew, and links
//! both ways (Replacement Object on the existing key, Replaced Object on the new one).
//!
//! Order: the new HSM key, then the new record, then the existing record's link. A crash between
//! the last two leaves a new key that names its predecessor while the predecessor does not name
//! it yet; nothing is lost and the link can be added again.

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, LinkType, ObjectType, Operation, State};
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{AesKeySize, KeyOptions};

use super::create::{
    boolean, check_client_attributes, key_options, new_uid, secret_key_shape, used_for_hmac,
};
use super::dates::state_from_dates;
use super::key_shape::link;
use super::object::{now, set_attribute, ManagedObject};
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// Attributes of the existing key the replacement does not inherit: set anew below, or not set.
const NOT_COPIED: &[Tag] = &[
    Tag::UNIQUE_IDENTIFIER,
    Tag::DESTROY_DATE,
    Tag::COMPROMISE_OCCURRENCE_DATE,
    Tag::COMPROMISE_DATE,
    Tag::REVOCATION_REASON,
    Tag::DIGEST,
    Tag::LINK,
    Tag::STATE,
    Tag::INITIAL_DATE,
    Tag::LAST_CHANGE_DATE,
    Tag::ORIGINAL_CREATION_DATE,
];

/// Dates moved by the same amount as the Activation Date when an Offset is given.
const SHIFTED_DATES: &[Tag] = &[
    Tag::PROCESS_START_DATE,
    Tag::PROTECT_STOP_DATE,
    Tag::DEACTIVATION_DATE,
];

fn date(attributes: &Attributes, tag: Tag) -> Option<i64> {
    match attributes.get(tag) {
        Some(Value::DateTime(t)) => Some(*t),
        _ => None,
    }
}

/// The replacement's attributes: the existing key's, less [`NOT_COPIED`], with dates per the
/// Offset rule and the client's attributes on top.
fn replacement_attributes(
    existing: &Attributes,
    offset: Option<u32>,
    client: Attributes,
    initial_date: i64,
) -> Attributes {
    let mut attributes = Attributes::new();
    for attribute in existing.iter() {
        let copied = match attribute.name {
            AttributeName::Tagged(tag) => !NOT_COPIED.contains(&tag),
            AttributeName::Vendor { .. } => true,
        };
        if copied {
            attributes.push(attribute.name.clone(), attribute.value.clone());
        }
    }
    // Without an Offset the Activation, Process Start, Protect Stop and Deactivation Dates are
    // copied as they are; with one, the Activation Date is Initial Date + Offset and the others
    // move by as much as the Activation Date moved.
    if let Some(offset) = offset {
        let activation = initial_date.saturating_add(i64::from(offset));
        if let Some(old_activation) = date(existing, Tag::ACTIVATION_DATE) {
            let shift = activation.saturating_sub(old_activation);
            for tag in SHIFTED_DATES {
                if let Some(old) = date(existing, *tag) {
                    set_attribute(
                        &mut attributes,
                        *tag,
                        Value::DateTime(old.saturating_add(shift)),
                    );
                }
            }
        }
        set_attribute(
            &mut attributes,
            Tag::ACTIVATION_DATE,
            Value::DateTime(activation),
        );
    }
    for attribute in client.list {
        match attribute.name {
            AttributeName::Tagged(tag) => set_attribute(&mut attributes, tag, attribute.value),
            name => attributes.push(name, attribute.value),
        }
    }
    attributes
}

impl KeyService {
    /// Replaces symmetric key `uid` with a new key generated in the same HSM. `offset` is the
    /// replacement's Activation Date minus its Initial Date, in seconds; `client` holds
    /// attributes the client sets on the replacement. Returns the replacement's identifier.
    pub async fn rekey(
        &self,
        caller: &Identity,
        uid: &str,
        offset: Option<u32>,
        client: Attributes,
    ) -> Result<String, ServiceError> {
        check_client_attributes(&client)?;
        let mut existing = self.authorized(caller, uid, Operation::RE_KEY).await?;
        if existing.object_type() != ObjectType::SYMMETRIC_KEY {
            return Err(ServiceError::NotSupported(format!(
                "Re-key of {}",
                existing.object_type()
            )));
        }
        let state = existing.state();
        if state == State::DESTROYED || state == State::DESTROYED_COMPROMISED {
            return Err(ServiceError::WrongState(
                "a destroyed key has nothing to replace",
            ));
        }
        let Material::Hsm { backend, .. } = existing.material().clone() else {
            return Err(ServiceError::Internal(format!(
                "key {uid} has no HSM object"
            )));
        };
        let now = now();
        let mut attributes = replacement_attributes(&existing.attributes, offset, client, now);
        let (algorithm, bytes) = secret_key_shape(&attributes, false)?;
        let extractable = boolean(&attributes, Tag::EXTRACTABLE).unwrap_or(false);
        // The replacement is as readable as the key it replaces (copied Sensitive attribute).
        let sensitive = boolean(&attributes, Tag::SENSITIVE).unwrap_or(true) || !extractable;
        let options = if sensitive {
            key_options(extractable)
        } else {
            KeyOptions::default().readable()
        };
        let hsm = self.backend(&backend)?;
        let new_uid = new_uid()?;
        if algorithm == CryptographicAlgorithm::AES && used_for_hmac(&attributes) {
            return Err(ServiceError::NotSupported(
                "Re-key of AES-labelled material registered for HMAC".into(),
            ));
        }
        if algorithm == CryptographicAlgorithm::AES {
            let size = AesKeySize::from_bytes(bytes).ok_or_else(|| {
                ServiceError::InvalidField("AES keys are 128, 192 or 256 bits".into())
            })?;
            hsm.generate_aes(&new_uid, size, options).await?;
        } else if algorithm == CryptographicAlgorithm::DES3 {
            hsm.generate_des3(&new_uid, options).await?;
        } else {
            hsm.generate_hmac_key(&new_uid, bytes, options).await?;
        }
        let state = state_from_dates(&attributes, now);
        let material = Material::Hsm {
            backend: backend.clone(),
            id: new_uid.as_bytes().to_vec(),
        };
        let policy = self.policy_attributes(&material).await;
        for (tag, value) in [
            (Tag::UNIQUE_IDENTIFIER, Value::TextString(new_uid.clone())),
            (Tag::STATE, Value::Enumeration(state.0)),
            (Tag::INITIAL_DATE, Value::DateTime(now)),
            (Tag::LAST_CHANGE_DATE, Value::DateTime(now)),
            (Tag::ORIGINAL_CREATION_DATE, Value::DateTime(now)),
        ]
        .into_iter()
        .chain(policy)
        {
            set_attribute(&mut attributes, tag, value);
        }
        attributes.push(
            AttributeName::Tagged(Tag::LINK),
            link(LinkType::REPLACED_OBJECT_LINK, uid),
        );
        let replacement = ManagedObject::new(
            new_uid.clone(),
            ObjectType::SYMMETRIC_KEY,
            existing.owner().to_owned(),
            attributes,
            material,
        );
        let record = replacement.to_record()?;
        if let Err(e) = self
            .with_store(move |store| Ok(store.insert(&record)?))
            .await
        {
            if let Err(cleanup) = hsm.destroy_key(&new_uid).await {
                tracing::error!(uid = %new_uid, error = %cleanup, "HSM key left without a record; reconciliation will report it");
            }
            return Err(e);
        }
        // The existing key keeps everything but its names, which the replacement takes over
        // (so that a Locate by name finds the current key), and gains the Replacement link.
        let names = AttributeName::Tagged(Tag::NAME);
        existing.attributes.list.retain(|a| a.name != names);
        existing.attributes.push(
            AttributeName::Tagged(Tag::LINK),
            link(LinkType::REPLACEMENT_OBJECT_LINK, &new_uid),
        );
        existing.set(Tag::LAST_CHANGE_DATE, Value::DateTime(now));
        if let Err(e) = self.save(&existing).await {
            tracing::error!(uid = %uid, replacement = %new_uid, error = %e, "replacement recorded, but the existing key's Replacement link was not");
            return Err(e);
        }
        tracing::info!(uid = %uid, replacement = %new_uid, owner = %caller, "re-keyed");
        Ok(new_uid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_dates(dates: &[(Tag, i64)]) -> Attributes {
        let mut attributes = Attributes::new();
        for (tag, t) in dates {
            attributes.push(AttributeName::Tagged(*tag), Value::DateTime(*t));
        }
        attributes
    }

    #[test]
    fn offset_moves_the_dates_with_the_activation_date() {
        let existing = with_dates(&[
            (Tag::ACTIVATION_DATE, 1_000),
            (Tag::DEACTIVATION_DATE, 5_000),
            (Tag::PROTECT_STOP_DATE, 4_000),
            (Tag::DESTROY_DATE, 6_000),
        ]);
        let new = replacement_attributes(&existing, Some(100), Attributes::new(), 10_000);
        assert_eq!(date(&new, Tag::ACTIVATION_DATE), Some(10_100));
        assert_eq!(date(&new, Tag::DEACTIVATION_DATE), Some(14_100));
        assert_eq!(date(&new, Tag::PROTECT_STOP_DATE), Some(13_100));
        assert_eq!(date(&new, Tag::DESTROY_DATE), None);
        assert_eq!(state_from_dates(&new, 10_000), State::PRE_ACTIVE);
        assert_eq!(state_from_dates(&new, 10_100), State::ACTIVE);
        assert_eq!(state_from_dates(&new, 14_100), State::DEACTIVATED);
    }

    #[test]
    fn without_offset_the_dates_are_copied() {
        let existing = with_dates(&[(Tag::ACTIVATION_DATE, 1_000), (Tag::INITIAL_DATE, 900)]);
        let new = replacement_attributes(&existing, None, Attributes::new(), 10_000);
        assert_eq!(date(&new, Tag::ACTIVATION_DATE), Some(1_000));
        assert_eq!(date(&new, Tag::INITIAL_DATE), None);
        assert_eq!(state_from_dates(&new, 10_000), State::ACTIVE);
    }
}
