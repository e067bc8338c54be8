//! Encrypt with a managed key inside the HSM: single-shot, or a part of a stream
//! (cipher_stream.rs).

use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::ttlv::Item;

use super::cipher_params::{associated_data, cipher_and_label};
use super::cipher_stream::{self, Part, StreamRequest};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::CipherRequest;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: EncryptRequest = ctx.parse(payload)?;
    let part = cipher_stream::part(
        request.init_indicator,
        request.final_indicator,
        request.correlation_value.as_ref(),
    )?;
    let uid = ctx.target(request.unique_identifier)?;
    if !matches!(part, Part::Whole) {
        let fields = StreamRequest {
            parameters: request.cryptographic_parameters,
            data: request.data,
            iv: request.iv_counter_nonce,
            aad: request.authenticated_encryption_additional_data,
            tag: None,
        };
        let out = cipher_stream::run_part(ctx, Operation::ENCRYPT, &uid, part, fields).await?;
        return Ok(EncryptResponse {
            unique_identifier: uid,
            data: Some(out.data.to_vec().into()),
            iv_counter_nonce: None,
            correlation_value: out.correlation_value.map(Into::into),
            authenticated_encryption_tag: out.tag.map(Into::into),
        }
        .into_item());
    }
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
    // Moved into the item, not cloned (see EncryptResponse::into_item).
    Ok(EncryptResponse {
        unique_identifier: uid,
        data: Some(result.data.to_vec().into()),
        iv_counter_nonce: result.iv.map(Into::into),
        correlation_value: None,
        authenticated_encryption_tag: result.tag.map(Into::into),
    }
    .into_item())
}
