//! The streaming side of Encrypt and Decrypt (KMIP 2.1 §6.1.20, §6.1.13): an Init Indicator
//! begins a stream and the response carries a Correlation Value; later requests carry that
//! value, and the one with the Final Indicator ends the stream (an encryption's tag comes
//! with it). Init and Final Indicator together are a single-shot call.

use bytes::Bytes;
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::Operation;

use super::cipher_params::{associated_data, cipher_and_label};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{StreamOutput, StreamPart, StreamStart};

/// Which part of a stream a request is.
pub enum Part {
    /// Not streaming (or Init and Final together).
    Whole,
    First,
    Later {
        correlation: Vec<u8>,
        last: bool,
    },
}

/// The part an Encrypt or Decrypt request is, from its Init and Final Indicators and its
/// Correlation Value.
pub fn part(
    init_indicator: Option<bool>,
    final_indicator: Option<bool>,
    correlation_value: Option<&Bytes>,
) -> Result<Part, OpError> {
    let init = init_indicator == Some(true);
    let last = final_indicator == Some(true);
    match (correlation_value, init) {
        (Some(_), true) => Err(OpError::InvalidMessage(
            "an Init Indicator with a Correlation Value".into(),
        )),
        (Some(value), false) => Ok(Part::Later {
            correlation: value.to_vec(),
            last,
        }),
        (None, true) if last => Ok(Part::Whole),
        (None, true) => Ok(Part::First),
        (None, false) if last => Err(OpError::InvalidMessage(
            "a Final Indicator without a Correlation Value".into(),
        )),
        (None, false) => Ok(Part::Whole),
    }
}

/// The request fields a stream uses.
pub struct StreamRequest {
    pub parameters: Option<CryptographicParameters>,
    pub data: Option<Bytes>,
    pub iv: Option<Bytes>,
    pub aad: Option<Bytes>,
    /// The tag a decryption's last part checks.
    pub tag: Option<Bytes>,
}

/// Runs the first or a later part of a stream of `operation` on key `uid`.
pub async fn run_part(
    ctx: &OpContext<'_>,
    operation: Operation,
    uid: &str,
    part: Part,
    request: StreamRequest,
) -> Result<StreamOutput, OpError> {
    let data = request.data.map(|d| d.to_vec()).unwrap_or_default();
    match part {
        Part::First => {
            let (cipher, label) = cipher_and_label(ctx, uid, request.parameters).await?;
            let iv = request.iv.ok_or_else(|| {
                OpError::InvalidMessage(
                    "the first part of a stream needs its IV/Counter/Nonce".into(),
                )
            })?;
            let start = StreamStart {
                cipher,
                iv: iv.to_vec(),
                aad: associated_data(cipher, label, request.aad.map(|a| a.to_vec()))?,
                data,
            };
            Ok(ctx
                .service
                .begin_stream(ctx.caller, uid, operation, start)
                .await?)
        }
        Part::Later { correlation, last } => {
            let part = StreamPart {
                correlation_value: correlation,
                data,
                last,
                tag: request.tag.map(|t| t.to_vec()),
            };
            Ok(ctx
                .service
                .continue_stream(ctx.caller, uid, operation, part)
                .await?)
        }
        Part::Whole => Err(OpError::GeneralFailure(
            "a single-shot request reached the stream path".into(),
        )),
    }
}
