//! Reading back an imported private key that the HSM allows to be read: one registered as
//! extractable and not sensitive. Keys this crate generates are always sensitive, so this only
//! ever returns material that was known outside the HSM before.

use cryptoki::context::Function;
use cryptoki::error::RvError;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass};
use zeroize::Zeroizing;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::import::RsaPrivateComponents;
use crate::ops::keygen::EcCurve;

/// The plaintext of a private key. No `Debug`: it is secret.
#[non_exhaustive]
pub enum PrivateKeyValue {
    /// An RSA private key's components.
    Rsa(RsaPrivateComponents),
    /// An EC private key: its curve and scalar (big-endian).
    Ec {
        /// The curve.
        curve: EcCurve,
        /// The private scalar.
        scalar: Zeroizing<Vec<u8>>,
    },
}

fn sensitive() -> Error {
    Error::pkcs11(Function::GetAttributeValue, RvError::AttributeSensitive)
}

/// Takes the bytes of attribute `wanted` out of `attrs`, into a zeroizing buffer.
fn take(attrs: &mut [Attribute], wanted: AttributeType) -> Option<Zeroizing<Vec<u8>>> {
    attrs.iter_mut().find_map(|attr| {
        let bytes = match (attr, wanted) {
            (Attribute::Modulus(v), AttributeType::Modulus)
            | (Attribute::PublicExponent(v), AttributeType::PublicExponent)
            | (Attribute::PrivateExponent(v), AttributeType::PrivateExponent)
            | (Attribute::Prime1(v), AttributeType::Prime1)
            | (Attribute::Prime2(v), AttributeType::Prime2)
            | (Attribute::Exponent1(v), AttributeType::Exponent1)
            | (Attribute::Exponent2(v), AttributeType::Exponent2)
            | (Attribute::Coefficient(v), AttributeType::Coefficient)
            | (Attribute::Value(v), AttributeType::Value)
            | (Attribute::EcParams(v), AttributeType::EcParams) => v,
            _ => return None,
        };
        // Moved out, not copied: the attribute list keeps an empty vector.
        Some(Zeroizing::new(std::mem::take(bytes)))
    })
}

impl Backend {
    /// The plaintext of the private key `id`, RSA or EC. Refused, as an error of kind
    /// [`crate::ErrorKind::Permission`], unless the key is extractable and not sensitive.
    pub async fn private_key_value(&self, id: impl AsRef<[u8]>) -> Result<PrivateKeyValue> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let handle = ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?;
            let flags = ctx.record(
                Call::GetAttributeValue,
                ctx.session().get_attributes(
                    handle,
                    &[
                        AttributeType::KeyType,
                        AttributeType::Sensitive,
                        AttributeType::Extractable,
                    ],
                ),
            )?;
            let (mut key_type, mut readable) = (None, (false, false));
            for attr in flags {
                match attr {
                    Attribute::KeyType(t) => key_type = Some(t),
                    Attribute::Sensitive(s) => readable.0 = !s,
                    Attribute::Extractable(e) => readable.1 = e,
                    _ => {}
                }
            }
            if readable != (true, true) {
                return Err(sensitive());
            }
            let wanted: &[AttributeType] = match key_type {
                Some(KeyType::RSA) => &[
                    AttributeType::Modulus,
                    AttributeType::PublicExponent,
                    AttributeType::PrivateExponent,
                    AttributeType::Prime1,
                    AttributeType::Prime2,
                    AttributeType::Exponent1,
                    AttributeType::Exponent2,
                    AttributeType::Coefficient,
                ],
                Some(KeyType::EC) => &[AttributeType::EcParams, AttributeType::Value],
                _ => {
                    return Err(Error::Unsupported {
                        what: "reading private keys other than RSA and EC",
                    })
                }
            };
            let mut attrs = ctx.record(
                Call::GetAttributeValue,
                ctx.session().get_attributes(handle, wanted),
            )?;
            // cryptoki leaves out attributes the token withholds.
            let mut part = |t| take(&mut attrs, t).ok_or_else(sensitive);
            if key_type == Some(KeyType::EC) {
                let params = part(AttributeType::EcParams)?;
                let curve = EcCurve::from_ec_params(&params).ok_or(Error::Unsupported {
                    what: "EC private keys on curves other than P-256 and P-384",
                })?;
                return Ok(PrivateKeyValue::Ec {
                    curve,
                    scalar: part(AttributeType::Value)?,
                });
            }
            Ok(PrivateKeyValue::Rsa(RsaPrivateComponents {
                modulus: part(AttributeType::Modulus)?,
                public_exponent: part(AttributeType::PublicExponent)?,
                private_exponent: part(AttributeType::PrivateExponent)?,
                prime1: part(AttributeType::Prime1)?,
                prime2: part(AttributeType::Prime2)?,
                exponent1: part(AttributeType::Exponent1)?,
                exponent2: part(AttributeType::Exponent2)?,
                coefficient: part(AttributeType::Coefficient)?,
            }))
        })
        .await
    }
}
