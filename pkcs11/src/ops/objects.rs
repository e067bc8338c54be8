//! Finding keys, reading their public attributes, destroying them, and importing plaintext
//! secret key material (C_CreateObject).

use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass};
use zeroize::{Zeroize, Zeroizing};

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::keygen::{ensure_new_id, private_template, secret_usage, EcCurve, KeyOptions};

/// Object classes this crate handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyClass {
    /// A symmetric key.
    Secret,
    /// The public half of a key pair.
    Public,
    /// The private half of a key pair.
    Private,
}

impl KeyClass {
    pub(crate) fn object_class(self) -> ObjectClass {
        match self {
            Self::Secret => ObjectClass::SECRET_KEY,
            Self::Public => ObjectClass::PUBLIC_KEY,
            Self::Private => ObjectClass::PRIVATE_KEY,
        }
    }
}

/// Key types this crate handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// AES.
    Aes,
    /// Generic secret (HMAC).
    GenericSecret,
    /// RSA.
    Rsa,
    /// Elliptic curve.
    Ec,
    /// ChaCha20 (CKK_CHACHA20).
    ChaCha20,
    /// Something else.
    Other,
}

impl KeyKind {
    pub(crate) fn key_type(self) -> Option<KeyType> {
        match self {
            Self::Aes => Some(KeyType::AES),
            Self::GenericSecret => Some(KeyType::GENERIC_SECRET),
            Self::Rsa => Some(KeyType::RSA),
            Self::Ec => Some(KeyType::EC),
            Self::ChaCha20 => Some(crate::ops::chacha20::chacha20_key_type()),
            Self::Other => None,
        }
    }

    fn from_key_type(t: KeyType) -> Self {
        [
            Self::Aes,
            Self::GenericSecret,
            Self::Rsa,
            Self::Ec,
            Self::ChaCha20,
        ]
        .into_iter()
        .find(|k| k.key_type() == Some(t))
        .unwrap_or(Self::Other)
    }
}

/// Public key material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// RSA modulus and public exponent, big-endian.
    Rsa {
        /// n.
        modulus: Vec<u8>,
        /// e.
        public_exponent: Vec<u8>,
    },
    /// EC point (CKA_EC_POINT: a DER OCTET STRING holding the uncompressed point).
    Ec {
        /// The curve, if one this crate knows.
        curve: Option<EcCurve>,
        /// CKA_EC_POINT.
        point: Vec<u8>,
    },
}

/// Public attributes of one key object. Never holds secret material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyInfo {
    /// CKA_ID.
    pub id: Vec<u8>,
    /// CKA_LABEL.
    pub label: String,
    /// The object class.
    pub class: KeyClass,
    /// The key type.
    pub kind: KeyKind,
    /// Key size in bits (secret: value length; RSA: modulus; EC: field size).
    pub bits: Option<u32>,
    /// CKA_SENSITIVE (secret and private keys).
    pub sensitive: Option<bool>,
    /// CKA_EXTRACTABLE (secret and private keys).
    pub extractable: Option<bool>,
    /// The public key (public halves only).
    pub public_key: Option<PublicKey>,
}

fn class_of(c: ObjectClass) -> Option<KeyClass> {
    [KeyClass::Secret, KeyClass::Public, KeyClass::Private]
        .into_iter()
        .find(|k| k.object_class() == c)
}

fn info_from(id: &[u8], attrs: Vec<Attribute>) -> Result<KeyInfo> {
    let mut info = KeyInfo {
        id: id.to_vec(),
        label: String::new(),
        class: KeyClass::Secret,
        kind: KeyKind::Other,
        bits: None,
        sensitive: None,
        extractable: None,
        public_key: None,
    };
    let (mut modulus, mut exponent, mut params, mut point) = (None, None, None, None);
    let mut class_seen = false;
    for attr in attrs {
        match attr {
            Attribute::Class(c) => {
                info.class = class_of(c).ok_or(Error::Internal {
                    reason: "object is not a key".into(),
                })?;
                class_seen = true;
            }
            Attribute::KeyType(t) => info.kind = KeyKind::from_key_type(t),
            Attribute::Label(l) => info.label = String::from_utf8_lossy(&l).into_owned(),
            Attribute::Sensitive(b) => info.sensitive = Some(b),
            Attribute::Extractable(b) => info.extractable = Some(b),
            // SoftHSM2 reports 0 for keys made by C_UnwrapKey: unknown, not zero.
            Attribute::ValueLen(n) if usize::from(n) > 0 => {
                info.bits = u32::try_from(usize::from(n).saturating_mul(8)).ok();
            }
            Attribute::ModulusBits(n) => info.bits = u32::try_from(usize::from(n)).ok(),
            Attribute::Modulus(m) => modulus = Some(m),
            Attribute::PublicExponent(e) => exponent = Some(e),
            Attribute::EcParams(p) => params = Some(p),
            Attribute::EcPoint(p) => point = Some(p),
            _ => {}
        }
    }
    if !class_seen {
        return Err(Error::Internal {
            reason: "token did not report the object class".into(),
        });
    }
    if info.kind == KeyKind::Rsa && info.bits.is_none() {
        info.bits = modulus
            .as_ref()
            .map(|m| m.iter().skip_while(|b| **b == 0).count() * 8)
            .and_then(|b| u32::try_from(b).ok());
    }
    let curve = params.as_deref().and_then(EcCurve::from_ec_params);
    if info.kind == KeyKind::Ec {
        info.bits = curve.map(|c| match c {
            EcCurve::P256 => 256,
            EcCurve::P384 => 384,
        });
    }
    if info.class == KeyClass::Public {
        info.public_key = match (info.kind, modulus, exponent, point) {
            (KeyKind::Rsa, Some(modulus), Some(public_exponent), _) => Some(PublicKey::Rsa {
                modulus,
                public_exponent,
            }),
            (KeyKind::Ec, _, _, Some(point)) => Some(PublicKey::Ec { curve, point }),
            _ => None,
        };
    }
    Ok(info)
}

fn attributes_for(class: KeyClass) -> Vec<AttributeType> {
    let mut types = vec![
        AttributeType::Class,
        AttributeType::KeyType,
        AttributeType::Label,
    ];
    match class {
        KeyClass::Secret => types.extend([
            AttributeType::ValueLen,
            AttributeType::Sensitive,
            AttributeType::Extractable,
        ]),
        KeyClass::Private => types.extend([
            AttributeType::Sensitive,
            AttributeType::Extractable,
            AttributeType::Modulus,
            AttributeType::EcParams,
        ]),
        KeyClass::Public => types.extend([
            AttributeType::Modulus,
            AttributeType::ModulusBits,
            AttributeType::PublicExponent,
            AttributeType::EcParams,
            AttributeType::EcPoint,
        ]),
    }
    types
}

impl Backend {
    /// Public attributes of the key with this id and class.
    pub async fn key_info(&self, id: impl AsRef<[u8]>, class: KeyClass) -> Result<KeyInfo> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let handle = ctx.find_key(&id, class.object_class())?;
            let wanted = attributes_for(class);
            let attrs = ctx.record(
                Call::GetAttributeValue,
                ctx.session().get_attributes(handle, &wanted),
            )?;
            info_from(&id, attrs)
        })
        .await
    }

    /// Public attributes of every key object with this id (one for a secret key, two for a pair).
    pub async fn find_keys(&self, id: impl AsRef<[u8]>) -> Result<Vec<KeyInfo>> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let mut out = Vec::new();
            for class in [KeyClass::Secret, KeyClass::Public, KeyClass::Private] {
                for handle in ctx.find_all(&id, Some(class.object_class()))? {
                    let attrs = ctx.record(
                        Call::GetAttributeValue,
                        ctx.session().get_attributes(handle, &attributes_for(class)),
                    )?;
                    out.push(info_from(&id, attrs)?);
                }
            }
            Ok(out)
        })
        .await
    }

    /// The distinct CKA_IDs of every key object (secret, public or private) on the token, sorted.
    /// Used to reconcile the token with a record of what should be on it.
    pub async fn list_key_ids(&self) -> Result<Vec<Vec<u8>>> {
        self.run(|ctx| {
            let mut ids = std::collections::BTreeSet::new();
            for class in [KeyClass::Secret, KeyClass::Public, KeyClass::Private] {
                let template = [Attribute::Class(class.object_class())];
                let handles =
                    ctx.record(Call::FindObjects, ctx.session().find_objects(&template))?;
                for handle in handles {
                    let attrs = ctx.record(
                        Call::GetAttributeValue,
                        ctx.session().get_attributes(handle, &[AttributeType::Id]),
                    )?;
                    for attr in attrs {
                        if let Attribute::Id(id) = attr {
                            ids.insert(id);
                        }
                    }
                }
            }
            Ok(ids.into_iter().collect())
        })
        .await
    }

    /// Destroys every object with this id. Returns how many were destroyed (0 is
    /// [`Error::KeyNotFound`]).
    pub async fn destroy_key(&self, id: impl AsRef<[u8]>) -> Result<usize> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let handles = ctx.find_all(&id, None)?;
            if handles.is_empty() {
                return Err(ctx.not_found(&id));
            }
            ctx.forget_handles(&id);
            for h in &handles {
                ctx.record(
                    Call::DestroyObject,
                    ctx.token_write(|| ctx.session().destroy_object(*h)),
                )?;
            }
            Ok(handles.len())
        })
        .await
    }

    /// Imports plaintext secret key material (AES or generic secret) as a new key. The copy
    /// handed to the HSM is zeroized after the call.
    pub async fn import_secret_key(
        &self,
        id: impl AsRef<[u8]>,
        kind: KeyKind,
        material: Zeroizing<Vec<u8>>,
        opts: KeyOptions,
    ) -> Result<()> {
        let key_type = match kind {
            KeyKind::Aes if [16, 24, 32].contains(&material.len()) => KeyType::AES,
            KeyKind::Aes => {
                return Err(Error::InvalidInput {
                    reason: "AES keys are 16, 24 or 32 bytes",
                })
            }
            KeyKind::ChaCha20 if material.len() == crate::ops::CHACHA20_KEY_LEN => {
                crate::ops::chacha20::chacha20_key_type()
            }
            KeyKind::GenericSecret if !material.is_empty() && material.len() <= 512 => {
                KeyType::GENERIC_SECRET
            }
            _ => {
                return Err(Error::InvalidInput {
                    reason: "only AES, ChaCha20 (32 bytes) and generic secrets (1..=512 bytes) can be imported",
                })
            }
        };
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let _writes = ctx.object_writes();
            if opts.check_id {
                ensure_new_id(ctx, &id)?;
            }
            let mut template = private_template(
                &id,
                cryptoki::object::ObjectClass::SECRET_KEY,
                key_type,
                opts,
            );
            template.extend(secret_usage(key_type));
            template.push(Attribute::Value(material.to_vec()));
            let created = ctx.session().create_object(&template);
            for attr in &mut template {
                if let Attribute::Value(v) = attr {
                    v.zeroize();
                }
            }
            ctx.record(Call::CreateObject, created)?;
            Ok(())
        })
        .await
    }
}
