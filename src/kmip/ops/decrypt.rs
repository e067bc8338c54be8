//! Decrypt with a managed key inside the HSM: single-shot, or a part of a stream
//! (cipher_stream.rs).

use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::ttlv::Item;

use super::cipher_params::{associated_data, cipher_and_label};
use super::cipher_stream::{self, Part, StreamRequest};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::CipherRequest;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: DecryptRequest = ctx.parse(payload)?;
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
            tag: request.authenticated_encryption_tag.clone(),
        };
        let out = cipher_stream::run_part(ctx, Operation::DECRYPT, &uid, part, fields).await?;
        return ctx.answer(&DecryptResponse {
            unique_identifier: uid,
            data: Some(out.data.to_vec().into()),
            correlation_value: out.correlation_value.map(Into::into),
        });
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
        tag: request.authenticated_encryption_tag.map(|t| t.to_vec()),
    };
    let result = ctx.service.decrypt(ctx.caller, &uid, call).await?;
    ctx.answer(&DecryptResponse {
        unique_identifier: uid,
        data: Some(result.data.to_vec().into()),
        correlation_value: None,
    })
}
