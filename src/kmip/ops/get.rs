//! Get: a key's material in the Key Format Type asked for, in plaintext when the key's Sensitive
//! and Extractable attributes allow it, or wrapped under another managed key as the Key Wrapping
//! Specification says (Wrapping Method Encrypt with AES key wrap, bare key bytes).

use hsmgate_kmip::message::payload::get::{GetRequestRef, GetResponse};
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, EncodingOption, KeyFormatType, KeyWrapType, WrappingMethod,
};
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::key_block::object_item;
use super::{get_encoded, Answer, OpContext};
use crate::kmip::error::OpError;
use crate::service::{Export, ExportedKey, KeyWrap, ServiceError};

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Answer, OpError> {
    // Read in place: nothing of the request is copied but the uid (GetRequestRef).
    let request = GetRequestRef::parse(payload, ctx.version)?;
    let uid = ctx.target(request.unique_identifier.map(str::to_owned))?;
    let (export, format) = exported(ctx, &uid, &request).await?;
    let answer = match get_encoded::encoded(&export, format, ctx.version, &uid) {
        Some(encoded) => Answer::Encoded(encoded),
        None => {
            let (object_type, object) = object_item(&export, format, ctx.version)?;
            Answer::Item(
                GetResponse {
                    object_type,
                    unique_identifier: uid.clone(),
                    object,
                }
                .into_item(),
            )
        }
    };
    ctx.id_placeholder = Some(uid);
    Ok(answer)
}

/// The object `uid` as the Get `request` asks for it (Export shares this).
pub(super) async fn key_object(
    ctx: &OpContext<'_>,
    uid: &str,
    request: &GetRequestRef<'_>,
) -> Result<(hsmgate_kmip::spec::enums::ObjectType, Item), OpError> {
    let (export, format) = exported(ctx, uid, request).await?;
    object_item(&export, format, ctx.version)
}

/// The key material of `uid` as the Get `request` asks for it, and the Key Format Type to
/// answer in (`None`: the exported form's default).
async fn exported(
    ctx: &OpContext<'_>,
    uid: &str,
    request: &GetRequestRef<'_>,
) -> Result<(Export, Option<KeyFormatType>), OpError> {
    if request.key_compression_type.is_some() {
        return Err(OpError::Service(ServiceError::NotSupported(
            "Key Compression Type in Get".into(),
        )));
    }
    // Keys are never stored wrapped, so "as registered" and "not wrapped" are the same here.
    if let Some(t) = request.key_wrap_type {
        if t != KeyWrapType::NOT_WRAPPED && t != KeyWrapType::AS_REGISTERED {
            return Err(OpError::InvalidField(format!("Key Wrap Type {t}")));
        }
    }
    let wrap = request
        .key_wrapping_specification
        .map(wrapping_specification)
        .transpose()?;
    // Loaded and authorized once for both forms below (service/export.rs GetTarget).
    let target = ctx
        .service
        .get_target(ctx.caller, uid)
        .await
        .map_err(|e| older_reasons(e, ctx.version))?;
    // KMIP's default Encoding Option is TTLV: wrap the encoded Key Value when the key allows
    // it (export_ttlv.rs), else the bare key, which the response says (No Encoding).
    let ttlv = match &wrap {
        Some((kek, mode, encoding)) if *encoding != Some(EncodingOption::NO_ENCODING) => ctx
            .service
            .export_wrapped_ttlv(ctx.caller, &target, kek, *mode)
            .await
            .map_err(|e| older_reasons(e, ctx.version))?
            .map(Ok)
            .or_else(|| {
                (*encoding == Some(EncodingOption::TTLV_ENCODING)).then(|| {
                    Err(OpError::Service(ServiceError::EncodingOption(
                        "only a key the server may read can be wrapped TTLV-encoded: ask for No Encoding",
                    )))
                })
            })
            .transpose()?,
        _ => None,
    };
    let export = match ttlv {
        Some(export) => export,
        None => ctx
            .service
            .export(
                ctx.caller,
                target,
                wrap.map(|(kek, mode, _)| (kek, mode)),
                request.key_format_type,
            )
            .await
            .map_err(|e| older_reasons(e, ctx.version))?,
    };
    // Without a format asked for, a plaintext key comes in the format it was registered in.
    let format = match (request.key_format_type, &export.key) {
        (None, ExportedKey::Secret(_)) => {
            match export.object.attributes.get(Tag::KEY_FORMAT_TYPE) {
                Some(Value::Enumeration(raw)) => Some(KeyFormatType(*raw)),
                _ => None,
            }
        }
        (asked, _) => asked,
    };
    Ok((export, format))
}

/// Sensitive and Not Extractable are Result Reasons since KMIP 1.4; earlier versions get
/// Permission Denied with the same explanation.
fn older_reasons(e: ServiceError, version: ProtocolVersion) -> OpError {
    match e {
        ServiceError::Sensitive(why) | ServiceError::NotExtractable(why)
            if version < ProtocolVersion::V1_4 =>
        {
            OpError::Refused(why)
        }
        other => OpError::Service(other),
    }
}

/// The wrapping key, mechanism and Encoding Option a Key Wrapping Specification asks for (also
/// the shape of a Register's Key Wrapping Data).
pub(super) fn wrapping_specification(
    spec: &Item,
) -> Result<(String, Option<KeyWrap>, Option<EncodingOption>), OpError> {
    let Value::Structure(fields) = &spec.value else {
        return Err(OpError::InvalidMessage(
            "Key Wrapping Specification must be a structure".into(),
        ));
    };
    let (mut method, mut key_information, mut encoding) = (None, None, None);
    for field in fields {
        match (field.tag, &field.value) {
            (Tag::WRAPPING_METHOD, Value::Enumeration(raw)) => method = Some(WrappingMethod(*raw)),
            (Tag::ENCRYPTION_KEY_INFORMATION, Value::Structure(_)) => key_information = Some(field),
            (Tag::ENCODING_OPTION, Value::Enumeration(raw)) => {
                let option = EncodingOption(*raw);
                if option != EncodingOption::NO_ENCODING && option != EncodingOption::TTLV_ENCODING
                {
                    return Err(OpError::Service(ServiceError::EncodingOption(
                        "the Encoding Options offered are No Encoding and TTLV Encoding",
                    )));
                }
                encoding = Some(option);
            }
            (Tag::MAC_SIGNATURE_KEY_INFORMATION, _) => {
                return Err(OpError::Service(ServiceError::NotSupported(
                    "MAC/signature key wrapping".into(),
                )))
            }
            (Tag::ATTRIBUTE_NAME, _) => {
                return Err(OpError::Service(ServiceError::NotSupported(
                    "attributes inside a wrapped key".into(),
                )))
            }
            (tag, _) => {
                return Err(OpError::InvalidMessage(format!(
                    "unexpected field {tag:?} in Key Wrapping Specification"
                )))
            }
        }
    }
    match method {
        Some(WrappingMethod::ENCRYPT) => {}
        Some(other) => {
            return Err(OpError::Service(ServiceError::NotSupported(format!(
                "Wrapping Method {other}"
            ))))
        }
        None => {
            return Err(OpError::InvalidMessage(
                "Key Wrapping Specification without Wrapping Method".into(),
            ))
        }
    }
    let key_information = key_information.ok_or_else(|| {
        OpError::InvalidMessage("Wrapping Method Encrypt needs Encryption Key Information".into())
    })?;
    let uid = match key_information
        .child(Tag::UNIQUE_IDENTIFIER)
        .map(|i| &i.value)
    {
        Some(Value::TextString(uid)) => uid.clone(),
        _ => {
            return Err(OpError::InvalidMessage(
                "Encryption Key Information without Unique Identifier".into(),
            ))
        }
    };
    let wrap = match key_information.child(Tag::CRYPTOGRAPHIC_PARAMETERS) {
        None => None,
        Some(item) => {
            let parameters = CryptographicParameters::try_from(item)?;
            match parameters.block_cipher_mode {
                None => None,
                Some(BlockCipherMode::NISTKEYWRAP) => Some(KeyWrap::AesKw),
                Some(BlockCipherMode::AESKEYWRAPPADDING) => Some(KeyWrap::AesKwp),
                Some(other) => {
                    return Err(OpError::Service(ServiceError::NotSupported(format!(
                        "key wrapping with Block Cipher Mode {other}"
                    ))))
                }
            }
        }
    };
    Ok((uid, wrap, encoding))
}
