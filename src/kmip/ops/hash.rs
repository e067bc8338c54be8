//! Hash: a digest computed by the HSM (single-shot).

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::HashingAlgorithm;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::HashAlg;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    if payload.child(Tag::CORRELATION_VALUE).is_some()
        || payload.child(Tag::INIT_INDICATOR).is_some()
    {
        return Err(OpError::NotSupported("streaming Hash"));
    }
    let parameters = payload
        .child(Tag::CRYPTOGRAPHIC_PARAMETERS)
        .ok_or_else(|| OpError::InvalidMessage("Hash needs Cryptographic Parameters".into()))?;
    let parameters = CryptographicParameters::try_from(parameters)?;
    let algorithm = match parameters.hashing_algorithm {
        Some(HashingAlgorithm::SHA_1) => HashAlg::Sha1,
        Some(HashingAlgorithm::SHA_256) => HashAlg::Sha256,
        Some(HashingAlgorithm::SHA_384) => HashAlg::Sha384,
        Some(HashingAlgorithm::SHA_512) => HashAlg::Sha512,
        Some(_) => return Err(OpError::NotSupported("this Hashing Algorithm")),
        None => {
            return Err(OpError::InvalidField(
                "Hashing Algorithm is required".into(),
            ))
        }
    };
    let data = match payload.child(Tag::DATA).map(|i| &i.value) {
        Some(Value::ByteString(data)) => data.to_vec(),
        Some(_) => return Err(OpError::InvalidMessage("Data must be a Byte String".into())),
        None => return Err(OpError::InvalidMessage("Hash needs Data".into())),
    };
    let digest = ctx.service.digest(algorithm, data).await?;
    Ok(Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(Tag::DATA, Value::ByteString(digest.into()))],
    ))
}
