//! Create Key Pair: an RSA (2048/3072/4096) or EC (P-256/P-384) key pair generated inside the
//! HSM, recorded as two managed objects, a Private Key and a Public Key, linked to each other
//! (Public Key Link / Private Key Link). Both HSM halves carry the private key's identifier as
//! their CKA_ID; the object class tells them apart.
//!
//! This file is the flow (checks, generation in the HSM, both records or neither);
//! `key_pair/shape.rs` reads which pair is asked for and `key_pair/halves.rs` builds each
//! half's attributes.

mod halves;
mod shape;

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{LinkType, ObjectType};
use hsmgate_kmip::ttlv::Tag;

use self::halves::{add_default_format, complete, merged, Half};
use self::shape::{pair_shape, PairShape};
use super::create::{check_client_attributes, new_uid};
use super::key_shape::{boolean, link};
use super::object::{now, set_attribute, ManagedObject};
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// A Create Key Pair request: attributes common to both keys, then each key's own.
pub struct NewKeyPair {
    pub common: Attributes,
    pub private: Attributes,
    pub public: Attributes,
}

/// The identifiers of a new pair.
pub struct KeyPairIds {
    pub private_key: String,
    pub public_key: String,
}

impl KeyService {
    /// Generates a key pair in the default HSM (the private half sensitive and non-extractable
    /// unless the client's attributes or `[keys] created_keys_extractable` say otherwise) and
    /// records both halves.
    pub async fn create_key_pair(
        &self,
        caller: &Identity,
        request: NewKeyPair,
    ) -> Result<KeyPairIds, ServiceError> {
        for attributes in [&request.common, &request.private, &request.public] {
            check_client_attributes(attributes)?;
        }
        let private = merged(&request.common, &request.private);
        let public = merged(&request.common, &request.public);
        let (algorithm, shape) = pair_shape(&private)?;
        if pair_shape(&public)? != (algorithm, shape) {
            return Err(ServiceError::InvalidField(
                "the private and public key attributes name different algorithms or sizes".into(),
            ));
        }
        // As Create: the client's Extractable and Sensitive win; absent, the gateway's policy
        // (sensitive, never leaves the HSM) or, when configured, KMIP's defaults.
        let kmip_defaults = self.created_keys_extractable;
        let extractable = boolean(&private, Tag::EXTRACTABLE).unwrap_or(kmip_defaults);
        let sensitive = boolean(&private, Tag::SENSITIVE).unwrap_or(!kmip_defaults) || !extractable;
        let options = match sensitive {
            true => super::create::key_options(extractable),
            false => hsmgate_pkcs11::KeyOptions::default().readable().fresh_id(),
        };
        let backend = self.default_backend()?;
        let private_uid = new_uid()?;
        let public_uid = new_uid()?;
        match shape {
            PairShape::Rsa(bits) => backend.generate_rsa(&private_uid, bits, options).await?,
            PairShape::Ec(curve) => backend.generate_ec(&private_uid, curve, options).await?,
        }
        let material = Material::Hsm {
            backend: backend.name().to_owned(),
            id: private_uid.as_bytes().to_vec(),
        };
        let now = now();
        let (private_usage, public_usage) = shape.default_usage();
        let mut private_attributes = complete(
            private,
            Half {
                uid: &private_uid,
                object_type: ObjectType::PRIVATE_KEY,
                sensitive,
                extractable,
                usage: private_usage,
                link: link(LinkType::PUBLIC_KEY_LINK, &public_uid),
            },
            shape.bits(),
            now,
        );
        let mut public_attributes = complete(
            public,
            Half {
                uid: &public_uid,
                object_type: ObjectType::PUBLIC_KEY,
                sensitive: false,
                extractable: true,
                usage: public_usage,
                link: link(LinkType::PRIVATE_KEY_LINK, &private_uid),
            },
            shape.bits(),
            now,
        );
        // Both halves live in the private key's HSM object (the public key is read from it).
        let policy = self.policy_attributes(&material).await;
        for attributes in [&mut private_attributes, &mut public_attributes] {
            for (tag, value) in &policy {
                set_attribute(attributes, *tag, value.clone());
            }
        }
        // The Key Format Type each half is held in (KMIP's defaults), and the Digests the
        // server can honestly compute (key_digest.rs).
        let (private_format, public_format) = shape.default_formats();
        add_default_format(&mut private_attributes, private_format);
        add_default_format(&mut public_attributes, public_format);
        if let Some(digest) =
            super::key_digest::public_key_digest(backend, private_uid.as_bytes(), &public_uid).await
        {
            public_attributes.push(AttributeName::Tagged(Tag::DIGEST), digest);
        }
        if !sensitive {
            let digest = super::key_digest::private_key_digest(
                backend,
                private_uid.as_bytes(),
                &private_uid,
            );
            if let Some(digest) = digest.await {
                private_attributes.push(AttributeName::Tagged(Tag::DIGEST), digest);
            }
        }
        let owner = caller.subject().to_owned();
        let records = [
            ManagedObject::new(
                private_uid.clone(),
                ObjectType::PRIVATE_KEY,
                owner.clone(),
                private_attributes,
                material.clone(),
            )
            .to_record()?,
            ManagedObject::new(
                public_uid.clone(),
                ObjectType::PUBLIC_KEY,
                owner,
                public_attributes,
                material,
            )
            .to_record()?,
        ];
        let stored = self
            .with_store(move |store| {
                store.insert(&records[0])?;
                if let Err(e) = store.insert(&records[1]) {
                    if let Err(undo) = store.delete(&records[0].uid) {
                        tracing::error!(uid = %records[0].uid, error = %undo, "private key record left without its public key");
                    }
                    return Err(e.into());
                }
                Ok(())
            })
            .await;
        if let Err(e) = stored {
            if let Err(cleanup) = backend.destroy_key(private_uid.as_bytes()).await {
                tracing::error!(uid = %private_uid, error = %cleanup, "HSM key pair left without a record; reconciliation will report it");
            }
            return Err(e);
        }
        tracing::info!(private = %private_uid, public = %public_uid, owner = %caller, "created key pair");
        Ok(KeyPairIds {
            private_key: private_uid,
            public_key: public_uid,
        })
    }
}
