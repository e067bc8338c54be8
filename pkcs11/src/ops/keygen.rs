//! Key generation inside the HSM: AES, RSA, EC and generic secrets (HMAC). Keys are token
//! objects named by CKA_ID = CKA_LABEL = the caller's identifier, sensitive, private, and
//! extractable only when asked (extractable means "may be wrapped", never "readable").

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, KeyType, ObjectClass};
use cryptoki::types::Ulong;

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::chacha20::{chacha20_key_gen, chacha20_key_type};

/// AES key lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AesKeySize {
    /// 128 bits.
    Aes128,
    /// 192 bits.
    Aes192,
    /// 256 bits.
    Aes256,
}

impl AesKeySize {
    /// Length in bytes.
    pub fn bytes(self) -> usize {
        match self {
            Self::Aes128 => 16,
            Self::Aes192 => 24,
            Self::Aes256 => 32,
        }
    }

    /// The size for a key of `len` bytes.
    pub fn from_bytes(len: usize) -> Option<Self> {
        match len {
            16 => Some(Self::Aes128),
            24 => Some(Self::Aes192),
            32 => Some(Self::Aes256),
            _ => None,
        }
    }
}

/// Elliptic curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EcCurve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
}

impl EcCurve {
    /// DER encoding of the curve's OID, the value of CKA_EC_PARAMS.
    pub fn ec_params(self) -> &'static [u8] {
        match self {
            // 1.2.840.10045.3.1.7
            Self::P256 => &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
            // 1.3.132.0.34
            Self::P384 => &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
        }
    }

    /// The curve whose CKA_EC_PARAMS is `params`.
    pub fn from_ec_params(params: &[u8]) -> Option<Self> {
        [Self::P256, Self::P384]
            .into_iter()
            .find(|c| c.ec_params() == params)
    }
}

/// Options for keys created by generate, import and unwrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyOptions {
    /// May the key be wrapped (exported encrypted)? Default: no.
    pub extractable: bool,
    /// A token (persistent) object rather than a session object? Default: yes.
    pub token: bool,
    /// CKA_SENSITIVE: may the value never be read in plaintext? Default: yes. Only keys whose
    /// material was known outside the HSM (imports) should be made readable.
    pub sensitive: bool,
    /// Look for an existing object with the id first? Default: yes. One C_FindObjects, which
    /// SoftHSM2 answers by scanning every object of the token.
    pub check_id: bool,
}

impl Default for KeyOptions {
    fn default() -> Self {
        Self {
            extractable: false,
            token: true,
            sensitive: true,
            check_id: true,
        }
    }
}

impl KeyOptions {
    /// Extractable (wrappable) token keys.
    pub fn extractable() -> Self {
        Self {
            extractable: true,
            ..Self::default()
        }
    }

    /// The caller guarantees the id is unused (e.g. a fresh UUID): skip the look-up.
    pub fn fresh_id(mut self) -> Self {
        self.check_id = false;
        self
    }

    /// Session (non-persistent) keys.
    pub fn session_object(mut self) -> Self {
        self.token = false;
        self
    }

    /// Keys whose value can be read back ([`Backend::secret_value`]): extractable and not
    /// sensitive. For imported material only.
    pub fn readable(mut self) -> Self {
        self.extractable = true;
        self.sensitive = false;
        self
    }
}

/// Attributes every private or secret key gets.
pub(crate) fn private_template(
    id: &[u8],
    class: ObjectClass,
    key_type: KeyType,
    opts: KeyOptions,
) -> Vec<Attribute> {
    vec![
        Attribute::Class(class),
        Attribute::KeyType(key_type),
        Attribute::Id(id.to_vec()),
        Attribute::Label(id.to_vec()),
        Attribute::Token(opts.token),
        Attribute::Private(true),
        // PKCS#11 hides CKA_VALUE when either holds; keep the flags consistent.
        Attribute::Sensitive(opts.sensitive || !opts.extractable),
        Attribute::Extractable(opts.extractable),
    ]
}

/// Usage flags by key type.
pub(crate) fn secret_usage(key_type: KeyType) -> Vec<Attribute> {
    if key_type == chacha20_key_type() {
        vec![Attribute::Encrypt(true), Attribute::Decrypt(true)]
    } else if key_type == KeyType::AES || key_type == KeyType::DES3 {
        vec![
            Attribute::Encrypt(true),
            Attribute::Decrypt(true),
            Attribute::Wrap(true),
            Attribute::Unwrap(true),
        ]
    } else {
        vec![Attribute::Sign(true), Attribute::Verify(true)]
    }
}

fn public_template(id: &[u8], key_type: KeyType, opts: KeyOptions) -> Vec<Attribute> {
    vec![
        Attribute::Class(ObjectClass::PUBLIC_KEY),
        Attribute::KeyType(key_type),
        Attribute::Id(id.to_vec()),
        Attribute::Label(id.to_vec()),
        Attribute::Token(opts.token),
        Attribute::Private(false),
        Attribute::Verify(true),
    ]
}

/// Fails with [`Error::KeyExists`] when any object already carries `id`.
pub(crate) fn ensure_new_id(ctx: &OpCtx<'_>, id: &[u8]) -> Result<()> {
    if ctx.find_all(id, None)?.is_empty() {
        Ok(())
    } else {
        Err(Error::KeyExists {
            id: String::from_utf8_lossy(id).into_owned(),
        })
    }
}

impl Backend {
    /// Generates an AES key.
    pub async fn generate_aes(
        &self,
        id: impl AsRef<[u8]>,
        size: AesKeySize,
        opts: KeyOptions,
    ) -> Result<()> {
        self.generate_secret(id.as_ref().to_vec(), KeyType::AES, size.bytes(), opts)
            .await
    }

    /// Generates a generic secret for HMAC, `len` bytes (at least 32, at most 512: SoftHSM2's
    /// HMAC mechanisms reject shorter keys for SHA-256 and longer for all).
    pub async fn generate_hmac_key(
        &self,
        id: impl AsRef<[u8]>,
        len: usize,
        opts: KeyOptions,
    ) -> Result<()> {
        if !(16..=512).contains(&len) {
            return Err(Error::InvalidInput {
                reason: "HMAC key length must be 16..=512 bytes",
            });
        }
        self.generate_secret(id.as_ref().to_vec(), KeyType::GENERIC_SECRET, len, opts)
            .await
    }

    /// Generates a three-key triple-DES key (24 bytes, 168 effective bits). Offered because
    /// KMIP's Symmetric Key Foundry profile names it; new uses should prefer AES.
    pub async fn generate_des3(&self, id: impl AsRef<[u8]>, opts: KeyOptions) -> Result<()> {
        self.generate_secret(id.as_ref().to_vec(), KeyType::DES3, 24, opts)
            .await
    }

    pub(crate) async fn generate_secret(
        &self,
        id: Vec<u8>,
        key_type: KeyType,
        len: usize,
        opts: KeyOptions,
    ) -> Result<()> {
        let value_len = Ulong::try_from(len).map_err(|_| Error::InvalidInput {
            reason: "key length out of range",
        })?;
        self.run(move |ctx| {
            // The look-up and the creation under one lock: no other call can take the id between.
            let _writes = ctx.object_writes();
            if opts.check_id {
                ensure_new_id(ctx, &id)?;
            }
            let mut template = private_template(&id, ObjectClass::SECRET_KEY, key_type, opts);
            template.extend(secret_usage(key_type));
            // A DES3 key's length is fixed by its type; tokens refuse CKA_VALUE_LEN for it.
            if key_type != KeyType::DES3 {
                template.push(Attribute::ValueLen(value_len));
            }
            let mechanism = match key_type {
                KeyType::AES => Mechanism::AesKeyGen,
                KeyType::DES3 => Mechanism::Des3KeyGen,
                t if t == chacha20_key_type() => chacha20_key_gen(),
                _ => Mechanism::GenericSecretKeyGen,
            };
            let handle = ctx.record(
                Call::GenerateKey,
                ctx.session().generate_key(&mechanism, &template),
            )?;
            if opts.token {
                ctx.remember(&id, ObjectClass::SECRET_KEY, handle);
            }
            Ok(())
        })
        .await
    }

    /// Generates an RSA key pair of 2048, 3072 or 4096 bits (public exponent 65537). Both halves
    /// carry the same id.
    pub async fn generate_rsa(
        &self,
        id: impl AsRef<[u8]>,
        bits: u32,
        opts: KeyOptions,
    ) -> Result<()> {
        if !matches!(bits, 2048 | 3072 | 4096) {
            return Err(Error::InvalidInput {
                reason: "RSA modulus must be 2048, 3072 or 4096 bits",
            });
        }
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            // The look-up and the creation under one lock: no other call can take the id between.
            let _writes = ctx.object_writes();
            if opts.check_id {
                ensure_new_id(ctx, &id)?;
            }
            let mut public = public_template(&id, KeyType::RSA, opts);
            public.extend([
                Attribute::ModulusBits(Ulong::from(u64::from(bits))),
                Attribute::PublicExponent(vec![0x01, 0x00, 0x01]),
                Attribute::Encrypt(true),
                Attribute::Wrap(true),
            ]);
            let mut private = private_template(&id, ObjectClass::PRIVATE_KEY, KeyType::RSA, opts);
            private.extend([
                Attribute::Decrypt(true),
                Attribute::Sign(true),
                Attribute::Unwrap(true),
            ]);
            let generated =
                ctx.session()
                    .generate_key_pair(&Mechanism::RsaPkcsKeyPairGen, &public, &private);
            ctx.record(Call::GenerateKey, generated)?;
            Ok(())
        })
        .await
    }

    /// Generates an EC key pair for ECDSA.
    pub async fn generate_ec(
        &self,
        id: impl AsRef<[u8]>,
        curve: EcCurve,
        opts: KeyOptions,
    ) -> Result<()> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            // The look-up and the creation under one lock: no other call can take the id between.
            let _writes = ctx.object_writes();
            if opts.check_id {
                ensure_new_id(ctx, &id)?;
            }
            let mut public = public_template(&id, KeyType::EC, opts);
            public.push(Attribute::EcParams(curve.ec_params().to_vec()));
            let mut private = private_template(&id, ObjectClass::PRIVATE_KEY, KeyType::EC, opts);
            private.push(Attribute::Sign(true));
            let generated =
                ctx.session()
                    .generate_key_pair(&Mechanism::EccKeyPairGen, &public, &private);
            ctx.record(Call::GenerateKey, generated)?;
            Ok(())
        })
        .await
    }
}
