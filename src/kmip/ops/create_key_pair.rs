//! Create Key Pair: an RSA or EC key pair generated inside the HSM, two linked managed objects.

use hsmgate_kmip::message::payload::create_key_pair::{
    CreateKeyPairRequest, CreateKeyPairResponse,
};
use hsmgate_kmip::ttlv::Item;

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::NewKeyPair;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: CreateKeyPairRequest = ctx.parse(payload)?;
    if request.common_protection_storage_masks.is_some()
        || request.private_protection_storage_masks.is_some()
        || request.public_protection_storage_masks.is_some()
    {
        return Err(OpError::NotSupported("Protection Storage Masks"));
    }
    let sets = [&request.common_attributes, &request.private_key_attributes];
    super::quantum_safe::check(&sets.into_iter().flatten().collect::<Vec<_>>())?;
    let ids = ctx
        .service
        .create_key_pair(
            ctx.caller,
            NewKeyPair {
                common: request.common_attributes.unwrap_or_default(),
                private: request.private_key_attributes.unwrap_or_default(),
                public: request.public_key_attributes.unwrap_or_default(),
            },
        )
        .await?;
    // The batch's next operation works on the private key unless it names another object.
    ctx.id_placeholder = Some(ids.private_key.clone());
    ctx.answer(&CreateKeyPairResponse {
        private_key_unique_identifier: ids.private_key,
        public_key_unique_identifier: ids.public_key,
        private_key_implicit_attributes: None,
        public_key_implicit_attributes: None,
    })
}
