//! The Quantum Safe attribute (KMIP 2.0): a client that asks for a quantum-safe key gets one or
//! a refusal. Against a quantum computer, Grover's search halves a symmetric key's strength, so
//! only symmetric keys of 256 bits or more stay safe (AES-256, ChaCha20, HMAC keys of 256 bits
//! and up); RSA, elliptic-curve and triple-DES keys are not (Shor's algorithm, or too short).
//! The OASIS test case QS-M-2 expects General Failure for an AES-128 key asked to be safe.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::CryptographicAlgorithm;
use hsmgate_kmip::ttlv::{Tag, Value};

use crate::kmip::error::OpError;

/// Symmetric algorithms whose keys are quantum safe at 256 bits or more.
const SYMMETRIC: [CryptographicAlgorithm; 7] = [
    CryptographicAlgorithm::AES,
    CryptographicAlgorithm::CHACHA20,
    CryptographicAlgorithm::CHACHA20POLY1305,
    CryptographicAlgorithm::HMAC_SHA256,
    CryptographicAlgorithm::HMAC_SHA384,
    CryptographicAlgorithm::HMAC_SHA512,
    CryptographicAlgorithm::HMAC_SHA1,
];

/// Refuses a request whose attributes (any of the sets given, e.g. a key pair's common and
/// private ones) ask for Quantum Safe with an algorithm and length that are not.
pub fn check(sets: &[&Attributes]) -> Result<(), OpError> {
    let find = |tag| sets.iter().find_map(|a| a.get(tag));
    if find(Tag::QUANTUM_SAFE) != Some(&Value::Boolean(true)) {
        return Ok(());
    }
    let algorithm = match find(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        Some(Value::Enumeration(raw)) => Some(CryptographicAlgorithm(*raw)),
        _ => None,
    };
    let bits = match find(Tag::CRYPTOGRAPHIC_LENGTH) {
        Some(Value::Integer(bits)) => *bits,
        // ChaCha20 keys are 256 bits whether the client says so or not.
        _ => 256,
    };
    let safe = algorithm.is_some_and(|a| SYMMETRIC.contains(&a)) && bits >= 256;
    if safe {
        Ok(())
    } else {
        Err(OpError::GeneralFailure(
            "Quantum Safe was asked for, but this algorithm and length are not quantum safe (symmetric keys of 256 bits or more are)".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(algorithm: CryptographicAlgorithm, bits: i32, safe: bool) -> Attributes {
        let mut attributes = Attributes::default();
        for (tag, value) in [
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(algorithm.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits)),
            (Tag::QUANTUM_SAFE, Value::Boolean(safe)),
        ] {
            attributes.push_tagged(tag, value);
        }
        attributes
    }

    #[test]
    fn only_long_symmetric_keys_are_quantum_safe() {
        assert!(check(&[&key(CryptographicAlgorithm::AES, 256, true)]).is_ok());
        assert!(check(&[&key(CryptographicAlgorithm::AES, 128, true)]).is_err());
        assert!(check(&[&key(CryptographicAlgorithm::RSA, 4096, true)]).is_err());
        assert!(check(&[&key(CryptographicAlgorithm::CHACHA20, 256, true)]).is_ok());
        // Not asked: anything goes.
        assert!(check(&[&key(CryptographicAlgorithm::AES, 128, false)]).is_ok());
        assert!(check(&[&Attributes::default()]).is_ok());
    }
}
