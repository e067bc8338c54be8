//! Encrypt (single-shot) with a managed key inside the HSM.

use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::ttlv::Item;

use super::cipher_params::{associated_data, cipher_and_label};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::CipherRequest;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: EncryptRequest = ctx.parse(payload)?;
    if request.init_indicator.is_some()
        || request.final_indicator.is_some()
        || request.correlation_value.is_some()
    {
        return Err(OpError::NotSupported(
            "streaming Encrypt (Init/Final Indicator, Correlation Value)",
        ));
    }
    let uid = ctx.target(request.unique_identifier)?;
    let (cipher, label) = cipher_and_label(ctx, &uid, request.cryptographic_parameters).await?;
    let aad = request
        .authenticated_encryption_additional_data
        .map(|a| a.to_vec());
    let call = CipherRequest {
        cipher,
        data: request.data.map(|d| d.to_vec()).unwrap_or_default(),
        iv: request.iv_counter_nonce.map(|iv| iv.to_vec()),
        aad: associated_data(cipher, label, aad)?,
        tag: None,
    };
    let result = ctx.service.encrypt(ctx.caller, &uid, call).await?;
    ctx.answer(&EncryptResponse {
        unique_identifier: uid,
        data: Some(result.data.to_vec().into()),
        iv_counter_nonce: result.iv.map(Into::into),
        correlation_value: None,
        authenticated_encryption_tag: result.tag.map(Into::into),
    })
}
