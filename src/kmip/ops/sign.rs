//! Sign (single-shot) with a private key inside the HSM. The payload has no typed model in the
//! kmip crate yet; its fields are read here (shared with Signature Verify).

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::ServiceError;

/// The fields of a Sign or Signature Verify request payload.
pub(super) struct SignatureRequest {
    pub unique_identifier: Option<String>,
    pub parameters: Option<CryptographicParameters>,
    pub data: Vec<u8>,
    pub signature: Option<Vec<u8>>,
}

pub(super) fn parse_request(payload: &Item) -> Result<SignatureRequest, OpError> {
    if payload.tag != Tag::REQUEST_PAYLOAD {
        return Err(OpError::InvalidMessage("expected a Request Payload".into()));
    }
    let Value::Structure(fields) = &payload.value else {
        return Err(OpError::InvalidMessage(
            "the Request Payload must be a structure".into(),
        ));
    };
    let mut request = SignatureRequest {
        unique_identifier: None,
        parameters: None,
        data: Vec::new(),
        signature: None,
    };
    let mut data = None;
    for field in fields {
        match (field.tag, &field.value) {
            (Tag::UNIQUE_IDENTIFIER, Value::TextString(uid)) => {
                request.unique_identifier = Some(uid.clone())
            }
            (Tag::CRYPTOGRAPHIC_PARAMETERS, Value::Structure(_)) => {
                request.parameters = Some(CryptographicParameters::try_from(field)?)
            }
            (Tag::DATA, Value::ByteString(bytes)) => data = Some(bytes.to_vec()),
            (Tag::SIGNATURE_DATA, Value::ByteString(bytes)) => {
                request.signature = Some(bytes.to_vec())
            }
            (Tag::DIGESTED_DATA, _) => {
                return Err(OpError::Service(ServiceError::NotSupported(
                    "Digested Data (send the Data; the HSM hashes it)".into(),
                )))
            }
            (Tag::CORRELATION_VALUE | Tag::INIT_INDICATOR | Tag::FINAL_INDICATOR, _) => {
                return Err(OpError::NotSupported(
                    "streaming signatures (Init/Final Indicator, Correlation Value)",
                ))
            }
            (tag, _) => {
                return Err(OpError::InvalidMessage(format!(
                    "unexpected field {tag:?} in the request"
                )))
            }
        }
    }
    request.data = data.ok_or_else(|| OpError::InvalidMessage("the request has no Data".into()))?;
    Ok(request)
}

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request = parse_request(payload)?;
    if request.signature.is_some() {
        return Err(OpError::InvalidMessage(
            "Sign takes no Signature Data".into(),
        ));
    }
    let uid = ctx.target(request.unique_identifier)?;
    let signature = ctx
        .service
        .sign(ctx.caller, &uid, request.parameters.as_ref(), request.data)
        .await?;
    Ok(Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid)),
            Item::new(Tag::SIGNATURE_DATA, Value::ByteString(signature.into())),
        ],
    ))
}
