//! MAC and MAC Verify with a managed HMAC key, inside the HSM that holds it. The object's state
//! and Cryptographic Usage Mask are checked first; the comparison of a MAC happens in the HSM.

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::AttributeName;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, Operation, State};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag};
use hsmgate_pkcs11::HmacAlg;

use super::create::is_hmac;
use super::object::ManagedObject;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// The HSM's HMAC for a KMIP Cryptographic Algorithm, if it is one this gateway runs.
pub(super) fn hmac_algorithm(algorithm: CryptographicAlgorithm) -> Option<HmacAlg> {
    match algorithm {
        CryptographicAlgorithm::HMAC_SHA256 => Some(HmacAlg::Sha256),
        CryptographicAlgorithm::HMAC_SHA384 => Some(HmacAlg::Sha384),
        CryptographicAlgorithm::HMAC_SHA512 => Some(HmacAlg::Sha512),
        _ => None,
    }
}

/// The first HMAC algorithm named by one of the object's Cryptographic Parameters attributes.
/// The OASIS test cases register a key whose key block says AES and whose Cryptographic
/// Parameters say HMAC-SHA-256; such a key is an HMAC key.
pub(super) fn hmac_from_parameters(
    attributes: &hsmgate_kmip::message::Attributes,
) -> Option<CryptographicAlgorithm> {
    let name = AttributeName::Tagged(Tag::CRYPTOGRAPHIC_PARAMETERS);
    let found = attributes.all(&name).find_map(|attribute| {
        let item = Item::new(Tag::CRYPTOGRAPHIC_PARAMETERS, attribute.value.clone());
        CryptographicParameters::try_from(&item)
            .ok()?
            .cryptographic_algorithm
            .filter(|a| hmac_algorithm(*a).is_some())
    });
    found
}

/// The algorithm a MAC uses: the key's (its Cryptographic Algorithm, or for material
/// registered as AES, its Cryptographic Parameters). A request may name it again but not name
/// another: one key serves one HMAC (key separation).
fn resolve(
    object: &ManagedObject,
    requested: Option<CryptographicAlgorithm>,
) -> Result<HmacAlg, ServiceError> {
    let key_algorithm = match object.algorithm() {
        Some(a) if is_hmac(a) => Some(a),
        _ => hmac_from_parameters(&object.attributes),
    };
    let algorithm = match (requested, key_algorithm) {
        (Some(asked), Some(key)) if asked != key => {
            return Err(ServiceError::InvalidField(format!(
                "the key is for {key}, not {asked}"
            )))
        }
        (_, Some(key)) => key,
        (_, None) => {
            return Err(ServiceError::NotSupported(
                "MAC with a key that is not an HMAC key".into(),
            ))
        }
    };
    hmac_algorithm(algorithm)
        .ok_or_else(|| ServiceError::NotSupported(format!("MAC with {algorithm}")))
}

impl KeyService {
    /// The key, its HSM object and the HMAC to run, once state and usage mask allow it.
    async fn mac_key(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
        requested: Option<CryptographicAlgorithm>,
    ) -> Result<(String, Vec<u8>, HmacAlg), ServiceError> {
        let object = self.authorized(caller, uid, operation).await?;
        // Producing a MAC needs an Active key; checking one is also allowed with a Deactivated
        // or Compromised key, as decryption is, so that data protected earlier can be checked.
        let state = object.state();
        let state_ok = state == State::ACTIVE
            || (operation == Operation::MAC_VERIFY
                && (state == State::DEACTIVATED || state == State::COMPROMISED));
        if !state_ok {
            return Err(ServiceError::WrongState(
                "the key is not in a state that allows this operation",
            ));
        }
        if operation == Operation::MAC {
            object.require_usage(CryptographicUsageMask::MAC_GENERATE, "MAC Generate")?;
        } else {
            object.require_usage(CryptographicUsageMask::MAC_VERIFY, "MAC Verify")?;
        }
        let algorithm = resolve(&object, requested)?;
        let Material::Hsm { backend, id } = object.material().clone() else {
            return Err(ServiceError::Internal(format!(
                "key {uid} has no HSM object"
            )));
        };
        Ok((backend, id, algorithm))
    }

    /// The MAC of `data` under key `uid`.
    pub async fn mac(
        &self,
        caller: &Identity,
        uid: &str,
        algorithm: Option<CryptographicAlgorithm>,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, ServiceError> {
        let (backend, id, algorithm) = self.mac_key(caller, uid, Operation::MAC, algorithm).await?;
        Ok(self.backend(&backend)?.mac(&id, algorithm, data).await?)
    }

    /// Whether `mac` is the MAC of `data` under key `uid` (compared inside the HSM).
    pub async fn verify_mac(
        &self,
        caller: &Identity,
        uid: &str,
        algorithm: Option<CryptographicAlgorithm>,
        data: Vec<u8>,
        mac: Vec<u8>,
    ) -> Result<bool, ServiceError> {
        let (backend, id, algorithm) = self
            .mac_key(caller, uid, Operation::MAC_VERIFY, algorithm)
            .await?;
        Ok(self
            .backend(&backend)?
            .verify_mac(&id, algorithm, data, mac)
            .await?)
    }
}
