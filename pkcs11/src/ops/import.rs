//! Importing plaintext asymmetric keys (C_CreateObject): an RSA private key from its RFC 8017
//! components and a public key from its modulus and exponent; an EC private key from its scalar
//! and a public key from its point. Used when a client registers key material that was made
//! elsewhere; the HSM then holds it like a generated key, under the caller's id.

use cryptoki::object::{Attribute, KeyType, ObjectClass};
use zeroize::{Zeroize, Zeroizing};

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::keygen::{ensure_new_id, private_template, EcCurve, KeyOptions};

/// Largest RSA modulus accepted for import, in bytes (16384 bits; beyond what any token does).
const MAX_MODULUS_BYTES: usize = 2048;

/// The components of an RSA private key (RFC 8017 A.1.2), big-endian unsigned integers. Every
/// field is zeroized on drop; there is no `Debug`, so the values never reach a log.
pub struct RsaPrivateComponents {
    /// n.
    pub modulus: Zeroizing<Vec<u8>>,
    /// e.
    pub public_exponent: Zeroizing<Vec<u8>>,
    /// d.
    pub private_exponent: Zeroizing<Vec<u8>>,
    /// p.
    pub prime1: Zeroizing<Vec<u8>>,
    /// q.
    pub prime2: Zeroizing<Vec<u8>>,
    /// d mod (p-1).
    pub exponent1: Zeroizing<Vec<u8>>,
    /// d mod (q-1).
    pub exponent2: Zeroizing<Vec<u8>>,
    /// q^-1 mod p.
    pub coefficient: Zeroizing<Vec<u8>>,
}

/// Checks the sizes of a modulus and exponent before anything is handed to the token.
fn check_public(modulus: &[u8], public_exponent: &[u8]) -> Result<()> {
    let significant = |v: &[u8]| v.iter().skip_while(|b| **b == 0).count();
    let n = significant(modulus);
    if n == 0 || n > MAX_MODULUS_BYTES {
        return Err(Error::InvalidInput {
            reason: "RSA modulus is empty or too large",
        });
    }
    let e = significant(public_exponent);
    if e == 0 || e > 8 {
        return Err(Error::InvalidInput {
            reason: "RSA public exponent is empty or too large",
        });
    }
    Ok(())
}

/// A big-endian integer without leading zero bytes: tokens size keys by the bytes they get
/// (SoftHSM2 takes a 257-byte modulus for a 2056-bit key).
fn minimal(value: &[u8]) -> Vec<u8> {
    let skip = value.iter().take_while(|b| **b == 0).count();
    value.get(skip..).unwrap_or_default().to_vec()
}

/// Zeroizes every secret value of a template once the token has copied it.
fn scrub(template: &mut [Attribute]) {
    for attr in template {
        match attr {
            Attribute::PrivateExponent(v)
            | Attribute::Prime1(v)
            | Attribute::Prime2(v)
            | Attribute::Exponent1(v)
            | Attribute::Exponent2(v)
            | Attribute::Coefficient(v)
            | Attribute::Value(v) => v.zeroize(),
            _ => {}
        }
    }
}

impl Backend {
    /// Imports an RSA private key as a token object with this id, allowed to sign, decrypt and
    /// unwrap (the caller enforces its own usage policy). `opts` sets CKA_SENSITIVE and
    /// CKA_EXTRACTABLE. The copies handed to the HSM are zeroized after the call.
    pub async fn import_rsa_private(
        &self,
        id: impl AsRef<[u8]>,
        key: RsaPrivateComponents,
        opts: KeyOptions,
    ) -> Result<()> {
        check_public(&key.modulus, &key.public_exponent)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let _writes = ctx.object_writes();
            ensure_new_id(ctx, &id)?;
            let mut template = private_template(&id, ObjectClass::PRIVATE_KEY, KeyType::RSA, opts);
            template.extend([
                Attribute::Sign(true),
                Attribute::Decrypt(true),
                Attribute::Unwrap(true),
                Attribute::Modulus(minimal(&key.modulus)),
                Attribute::PublicExponent(minimal(&key.public_exponent)),
                Attribute::PrivateExponent(minimal(&key.private_exponent)),
                Attribute::Prime1(minimal(&key.prime1)),
                Attribute::Prime2(minimal(&key.prime2)),
                Attribute::Exponent1(minimal(&key.exponent1)),
                Attribute::Exponent2(minimal(&key.exponent2)),
                Attribute::Coefficient(minimal(&key.coefficient)),
            ]);
            let created = ctx.session().create_object(&template);
            scrub(&mut template);
            ctx.record(Call::CreateObject, created)?;
            Ok(())
        })
        .await
    }

    /// Imports an RSA public key as a token object with this id, allowed to verify, encrypt
    /// and wrap.
    pub async fn import_rsa_public(
        &self,
        id: impl AsRef<[u8]>,
        modulus: Vec<u8>,
        public_exponent: Vec<u8>,
        opts: KeyOptions,
    ) -> Result<()> {
        check_public(&modulus, &public_exponent)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let _writes = ctx.object_writes();
            ensure_new_id(ctx, &id)?;
            let template = [
                Attribute::Class(ObjectClass::PUBLIC_KEY),
                Attribute::KeyType(KeyType::RSA),
                Attribute::Id(id.clone()),
                Attribute::Label(id.clone()),
                Attribute::Token(opts.token),
                Attribute::Private(false),
                Attribute::Verify(true),
                Attribute::Encrypt(true),
                Attribute::Wrap(true),
                Attribute::Modulus(minimal(&modulus)),
                Attribute::PublicExponent(minimal(&public_exponent)),
            ];
            ctx.record(Call::CreateObject, ctx.session().create_object(&template))?;
            Ok(())
        })
        .await
    }
}

/// Bytes of one coordinate on `curve`.
fn field_bytes(curve: EcCurve) -> usize {
    match curve {
        EcCurve::P256 => 32,
        EcCurve::P384 => 48,
    }
}

/// CKA_EC_POINT: the uncompressed point as a DER OCTET STRING (PKCS#11 3.0 §2.3.3).
fn ec_point_attribute(curve: EcCurve, point: &[u8]) -> Result<Vec<u8>> {
    let len = 1 + 2 * field_bytes(curve);
    if point.len() != len || point.first() != Some(&0x04) {
        return Err(Error::InvalidInput {
            reason: "EC public keys are imported as uncompressed points on their curve",
        });
    }
    let mut der = Vec::with_capacity(len + 3);
    der.push(0x04);
    if len >= 0x80 {
        der.push(0x81);
    }
    der.push(len as u8);
    der.extend_from_slice(point);
    Ok(der)
}

impl Backend {
    /// Imports an EC private key (its scalar, big-endian) on `curve` as a token object with
    /// this id, allowed to sign. The copy handed to the HSM is zeroized after the call.
    pub async fn import_ec_private(
        &self,
        id: impl AsRef<[u8]>,
        curve: EcCurve,
        scalar: Zeroizing<Vec<u8>>,
        opts: KeyOptions,
    ) -> Result<()> {
        let value = minimal(&scalar);
        if value.is_empty() || value.len() > field_bytes(curve) {
            return Err(Error::InvalidInput {
                reason: "the EC private scalar does not fit its curve",
            });
        }
        let value = Zeroizing::new(value);
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let _writes = ctx.object_writes();
            ensure_new_id(ctx, &id)?;
            let mut template = private_template(&id, ObjectClass::PRIVATE_KEY, KeyType::EC, opts);
            template.extend([
                Attribute::Sign(true),
                Attribute::EcParams(curve.ec_params().to_vec()),
                Attribute::Value(value.to_vec()),
            ]);
            let created = ctx.session().create_object(&template);
            scrub(&mut template);
            ctx.record(Call::CreateObject, created)?;
            Ok(())
        })
        .await
    }

    /// Imports an EC public key (its uncompressed point) on `curve` as a token object with
    /// this id, allowed to verify.
    pub async fn import_ec_public(
        &self,
        id: impl AsRef<[u8]>,
        curve: EcCurve,
        point: Vec<u8>,
        opts: KeyOptions,
    ) -> Result<()> {
        let ec_point = ec_point_attribute(curve, &point)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let _writes = ctx.object_writes();
            ensure_new_id(ctx, &id)?;
            let template = [
                Attribute::Class(ObjectClass::PUBLIC_KEY),
                Attribute::KeyType(KeyType::EC),
                Attribute::Id(id.clone()),
                Attribute::Label(id.clone()),
                Attribute::Token(opts.token),
                Attribute::Private(false),
                Attribute::Verify(true),
                Attribute::EcParams(curve.ec_params().to_vec()),
                Attribute::EcPoint(ec_point.clone()),
            ];
            ctx.record(Call::CreateObject, ctx.session().create_object(&template))?;
            Ok(())
        })
        .await
    }
}
