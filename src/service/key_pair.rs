//! Create Key Pair: an RSA (2048/3072/4096) or EC (P-256/P-384) key pair generated inside the
//! HSM, recorded as two managed objects, a Private Key and a Public Key, linked to each other
//! (Public Key Link / Private Key Link). Both HSM halves carry the private key's identifier as
//! their CKA_ID; the object class tells them apart.

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, LinkType, ObjectType, RecommendedCurve,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::EcCurve;

use super::create::{boolean, check_client_attributes, integer, new_uid};
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PairShape {
    Rsa(u32),
    Ec(EcCurve),
}

impl PairShape {
    fn bits(self) -> i32 {
        match self {
            PairShape::Rsa(bits) => bits as i32,
            PairShape::Ec(curve) => 8 * super::der::field_bytes(curve) as i32,
        }
    }

    /// The default Key Format Types of the (private, public) halves: PKCS#1 for RSA; for EC
    /// the forms Get gives (PKCS#8, wrapped, and X.509 SubjectPublicKeyInfo).
    fn default_formats(self) -> (KeyFormatType, KeyFormatType) {
        match self {
            PairShape::Rsa(_) => (KeyFormatType::PKCS_1, KeyFormatType::PKCS_1),
            PairShape::Ec(_) => (KeyFormatType::PKCS_8, KeyFormatType::X_509),
        }
    }

    /// What the HSM key halves can do, the default usage masks (private, public).
    fn default_usage(self) -> (CryptographicUsageMask, CryptographicUsageMask) {
        use CryptographicUsageMask as U;
        match self {
            PairShape::Rsa(_) => (
                U(U::SIGN.0 | U::DECRYPT.0 | U::UNWRAP_KEY.0),
                U(U::VERIFY.0 | U::ENCRYPT.0 | U::WRAP_KEY.0),
            ),
            PairShape::Ec(_) => (U::SIGN, U::VERIFY),
        }
    }
}

/// `own` completed with the common attributes it does not set itself.
fn merged(common: &Attributes, own: &Attributes) -> Attributes {
    let mut out = own.clone();
    for attribute in common.iter() {
        if own.iter().all(|a| a.name != attribute.name) {
            out.push(attribute.name.clone(), attribute.value.clone());
        }
    }
    out
}

fn curve_of(attributes: &Attributes) -> Option<RecommendedCurve> {
    let from_value = |v: &Value| match v {
        Value::Enumeration(raw) => Some(RecommendedCurve(*raw)),
        _ => None,
    };
    if let Some(curve) = attributes.get(Tag::RECOMMENDED_CURVE).and_then(from_value) {
        return Some(curve);
    }
    match attributes.get(Tag::CRYPTOGRAPHIC_DOMAIN_PARAMETERS) {
        Some(Value::Structure(fields)) => fields
            .iter()
            .find(|i| i.tag == Tag::RECOMMENDED_CURVE)
            .and_then(|i| from_value(&i.value)),
        _ => None,
    }
}

fn pair_shape(
    attributes: &Attributes,
) -> Result<(CryptographicAlgorithm, PairShape), ServiceError> {
    let algorithm = match attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        Some(Value::Enumeration(raw)) => CryptographicAlgorithm(*raw),
        _ => {
            return Err(ServiceError::InvalidField(
                "Cryptographic Algorithm is required".into(),
            ))
        }
    };
    let length = integer(attributes, Tag::CRYPTOGRAPHIC_LENGTH);
    let shape = match algorithm {
        CryptographicAlgorithm::RSA => match length {
            Some(bits @ (2048 | 3072 | 4096)) => PairShape::Rsa(bits as u32),
            Some(bits) => {
                return Err(ServiceError::NotSupported(format!(
                    "RSA keys of {bits} bits (2048, 3072 and 4096 are offered)"
                )))
            }
            None => {
                return Err(ServiceError::InvalidField(
                    "Cryptographic Length is required for RSA".into(),
                ))
            }
        },
        CryptographicAlgorithm::EC | CryptographicAlgorithm::ECDSA => {
            match (curve_of(attributes), length) {
                (Some(RecommendedCurve::P_256), _) | (None, Some(256)) => {
                    PairShape::Ec(EcCurve::P256)
                }
                (Some(RecommendedCurve::P_384), _) | (None, Some(384)) => {
                    PairShape::Ec(EcCurve::P384)
                }
                (None, None) => {
                    return Err(ServiceError::InvalidField(
                        "EC keys need a Recommended Curve or a Cryptographic Length".into(),
                    ))
                }
                _ => {
                    return Err(ServiceError::NotSupported(
                        "EC curves other than P-256 and P-384".into(),
                    ))
                }
            }
        }
        other => {
            return Err(ServiceError::NotSupported(format!(
                "key pairs of algorithm {other}"
            )))
        }
    };
    Ok((algorithm, shape))
}

fn link(link_type: LinkType, uid: &str) -> Value {
    Value::Structure(vec![
        Item::new(Tag::LINK_TYPE, Value::Enumeration(link_type.0)),
        Item::new(
            Tag::LINKED_OBJECT_IDENTIFIER,
            Value::TextString(uid.to_owned()),
        ),
    ])
}

/// The attributes the server sets on one half.
struct Half<'a> {
    uid: &'a str,
    object_type: ObjectType,
    sensitive: bool,
    extractable: bool,
    usage: CryptographicUsageMask,
    link: Value,
}

fn complete(mut attributes: Attributes, half: Half<'_>, bits: i32, now: i64) -> Attributes {
    let state = super::dates::state_from_dates(&attributes, now);
    super::create::add_hsm_rng(&mut attributes);
    if attributes.get(Tag::CRYPTOGRAPHIC_USAGE_MASK).is_none() {
        attributes.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            Value::Integer(half.usage.0 as i32),
        );
    }
    for (tag, value) in [
        (
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(half.uid.to_owned()),
        ),
        (
            Tag::SHORT_UNIQUE_IDENTIFIER,
            super::create::short_unique_identifier(half.uid),
        ),
        (Tag::OBJECT_TYPE, Value::Enumeration(half.object_type.0)),
        (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits)),
        (Tag::STATE, Value::Enumeration(state.0)),
        (Tag::INITIAL_DATE, Value::DateTime(now)),
        (Tag::LAST_CHANGE_DATE, Value::DateTime(now)),
        (Tag::ORIGINAL_CREATION_DATE, Value::DateTime(now)),
        (Tag::SENSITIVE, Value::Boolean(half.sensitive)),
        (Tag::EXTRACTABLE, Value::Boolean(half.extractable)),
        (Tag::ALWAYS_SENSITIVE, Value::Boolean(half.sensitive)),
        (Tag::NEVER_EXTRACTABLE, Value::Boolean(!half.extractable)),
    ] {
        set_attribute(&mut attributes, tag, value);
    }
    attributes.push(AttributeName::Tagged(Tag::LINK), half.link);
    if attributes.get(Tag::FRESH).is_none() {
        attributes.push(AttributeName::Tagged(Tag::FRESH), Value::Boolean(true));
    }
    attributes
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
        for (attributes, format) in [
            (&mut private_attributes, private_format),
            (&mut public_attributes, public_format),
        ] {
            if attributes.get(Tag::KEY_FORMAT_TYPE).is_none() {
                attributes.push(
                    AttributeName::Tagged(Tag::KEY_FORMAT_TYPE),
                    Value::Enumeration(format.0),
                );
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(list: &[(Tag, Value)]) -> Attributes {
        let mut a = Attributes::new();
        for (tag, value) in list {
            a.push(AttributeName::Tagged(*tag), value.clone());
        }
        a
    }

    #[test]
    fn shapes_from_attributes() {
        let rsa = attrs(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::RSA.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(3072)),
        ]);
        assert_eq!(pair_shape(&rsa).unwrap().1, PairShape::Rsa(3072));
        let ec = attrs(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::EC.0),
            ),
            (
                Tag::CRYPTOGRAPHIC_DOMAIN_PARAMETERS,
                Value::Structure(vec![Item::new(
                    Tag::RECOMMENDED_CURVE,
                    Value::Enumeration(RecommendedCurve::P_384.0),
                )]),
            ),
        ]);
        assert_eq!(pair_shape(&ec).unwrap().1, PairShape::Ec(EcCurve::P384));
        let small = attrs(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::RSA.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(1024)),
        ]);
        assert!(matches!(
            pair_shape(&small),
            Err(ServiceError::NotSupported(_))
        ));
    }

    #[test]
    fn own_attributes_win_over_common_ones() {
        let common = attrs(&[
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(2048)),
            (Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(3)),
        ]);
        let own = attrs(&[(Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(1))]);
        let m = merged(&common, &own);
        assert_eq!(
            m.get(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            Some(&Value::Integer(1))
        );
        assert_eq!(
            m.get(Tag::CRYPTOGRAPHIC_LENGTH),
            Some(&Value::Integer(2048))
        );
    }
}
