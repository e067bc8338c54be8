//! Which key pair a Create Key Pair request asks for: RSA of 2048, 3072 or 4096 bits, or EC on
//! P-256 or P-384, read from the Cryptographic Algorithm, Length and curve attributes, with the
//! defaults (usage masks, Key Format Types) that follow from it.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, KeyFormatType, RecommendedCurve};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::EcCurve;

use crate::service::key_shape::integer;
use crate::service::ServiceError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PairShape {
    Rsa(u32),
    Ec(EcCurve),
}

impl PairShape {
    pub(super) fn bits(self) -> i32 {
        match self {
            PairShape::Rsa(bits) => bits as i32,
            PairShape::Ec(curve) => 8 * crate::service::der::field_bytes(curve) as i32,
        }
    }

    /// The default Key Format Types of the (private, public) halves: PKCS#1 for RSA; for EC
    /// the forms Get gives (PKCS#8, wrapped, and X.509 SubjectPublicKeyInfo).
    pub(super) fn default_formats(self) -> (KeyFormatType, KeyFormatType) {
        match self {
            PairShape::Rsa(_) => (KeyFormatType::PKCS_1, KeyFormatType::PKCS_1),
            PairShape::Ec(_) => (KeyFormatType::PKCS_8, KeyFormatType::X_509),
        }
    }

    /// What the HSM key halves can do, the default usage masks (private, public).
    pub(super) fn default_usage(self) -> (CryptographicUsageMask, CryptographicUsageMask) {
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

pub(super) fn pair_shape(
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

#[cfg(test)]
mod tests {
    use hsmgate_kmip::message::AttributeName;
    use hsmgate_kmip::ttlv::Item;

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
}
