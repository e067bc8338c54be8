//! Register: client-supplied symmetric keys and RSA and EC public/private keys are imported
//! into the HSM (C_CreateObject); secret data, opaque objects, certificates and public/private
//! keys of other algorithms are kept encrypted under the HSM's storage key. Wrapped key blocks
//! (AES key wrap under a managed AES key) are unwrapped in the HSM: a symmetric key straight into
//! a new HSM key (`service::register_wrapped`), anything else first and then handled as the
//! plaintext block it carries (`wrapped_key_block`).

use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{EncodingOption, KeyFormatType, ObjectType};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use zeroize::Zeroizing;

use super::asymmetric_key_block::importable_key;
use super::wrapped_key_block::{unwrapped_object, wrapped_bytes, wrapping_data};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{is_stored_type, KeyWrap, NewKey, WrappedKey};

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: RegisterRequest = ctx.parse(payload)?;
    let object_type = request.object_type;
    // A wrapped key block of anything but a symmetric key (which unwraps straight into a new HSM
    // key below) is unwrapped in the HSM first, then handled as the plaintext block it carries.
    let object =
        if object_type != ObjectType::SYMMETRIC_KEY && wrapping_data(&request.object).is_some() {
            unwrapped_object(ctx, &request.object, KeyWrap::AesKwp).await?
        } else {
            request.object
        };
    let mut attributes = request.attributes;
    if matches!(
        object_type,
        ObjectType::PUBLIC_KEY | ObjectType::PRIVATE_KEY
    ) {
        if let Some(import) = importable_key(object_type, &object)? {
            if let Some(key_block) = object.child(Tag::KEY_BLOCK) {
                complete_from_key_block(&mut attributes, key_block);
            }
            let new_key = NewKey {
                object_type,
                attributes,
            };
            let uid = ctx
                .service
                .register_asymmetric_key(ctx.caller, new_key, import)
                .await?;
            return registered(ctx, uid);
        }
    }
    if is_stored_type(object_type) {
        let new_object = NewKey {
            object_type,
            attributes,
        };
        let uid = ctx
            .service
            .register_stored_object(ctx.caller, new_object, object)
            .await?;
        return registered(ctx, uid);
    }
    if object_type != ObjectType::SYMMETRIC_KEY || object.tag != Tag::SYMMETRIC_KEY {
        return Err(OpError::NotSupported("Register of this object type"));
    }
    let key_block = object
        .child(Tag::KEY_BLOCK)
        .ok_or_else(|| OpError::InvalidMessage("Symmetric Key without a Key Block".into()))?;
    if let Some(wrapping) = key_block.child(Tag::KEY_WRAPPING_DATA) {
        return register_wrapped(ctx, attributes, key_block, wrapping).await;
    }
    let material = key_material(key_block)?;
    complete_from_key_block(&mut attributes, key_block);
    let new_key = NewKey {
        object_type,
        attributes,
    };
    let uid = ctx
        .service
        .register_symmetric_key(ctx.caller, new_key, material)
        .await?;
    registered(ctx, uid)
}

/// The answer to a Register of `uid`, which becomes the ID Placeholder of the batch.
fn registered(ctx: &mut OpContext<'_>, uid: String) -> Result<Item, OpError> {
    ctx.id_placeholder = Some(uid.clone());
    ctx.answer(&RegisterResponse {
        unique_identifier: uid,
        implicit_attributes: None,
    })
}

/// A Symmetric Key whose Key Block carries Key Wrapping Data: unwrapped in the HSM.
async fn register_wrapped(
    ctx: &mut OpContext<'_>,
    mut attributes: Attributes,
    key_block: &Item,
    wrapping: &Item,
) -> Result<Item, OpError> {
    let (wrapping_key, wrap, encoding) = super::get::wrapping_specification(wrapping)?;
    let data = wrapped_bytes(key_block)?;
    complete_from_key_block(&mut attributes, key_block);
    let new_key = NewKey {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
    };
    let wrapped = WrappedKey {
        data,
        wrapping_key,
        wrap: wrap.unwrap_or(KeyWrap::AesKw),
        ttlv: encoding != Some(EncodingOption::NO_ENCODING),
    };
    let uid = ctx
        .service
        .register_wrapped_symmetric_key(ctx.caller, new_key, wrapped)
        .await?;
    registered(ctx, uid)
}

/// The key block's algorithm and length complete the attributes when the client left them out;
/// its Key Format Type is recorded (KMIP 2.1 Key Format Type attribute), so a Get returns the
/// key in the format it was registered in unless asked for another.
pub(super) fn complete_from_key_block(attributes: &mut Attributes, key_block: &Item) {
    for tag in [
        Tag::CRYPTOGRAPHIC_ALGORITHM,
        Tag::CRYPTOGRAPHIC_LENGTH,
        Tag::KEY_FORMAT_TYPE,
    ] {
        if attributes.get(tag).is_none() {
            if let Some(item) = key_block.child(tag) {
                attributes.push(AttributeName::Tagged(tag), item.value.clone());
            }
        }
    }
}

/// The plaintext key of a Raw or Transparent Symmetric Key block.
pub(super) fn key_material(key_block: &Item) -> Result<Zeroizing<Vec<u8>>, OpError> {
    let format = match key_block.child(Tag::KEY_FORMAT_TYPE).map(|i| &i.value) {
        Some(Value::Enumeration(raw)) => KeyFormatType(*raw),
        _ => {
            return Err(OpError::InvalidMessage(
                "Key Block without a Key Format Type".into(),
            ))
        }
    };
    let key_material = key_block
        .child(Tag::KEY_VALUE)
        .and_then(|value| value.child(Tag::KEY_MATERIAL))
        .ok_or_else(|| OpError::InvalidMessage("Key Block without Key Material".into()))?;
    let bytes = match (format, &key_material.value) {
        (KeyFormatType::RAW, Value::ByteString(bytes)) => bytes,
        (KeyFormatType::TRANSPARENT_SYMMETRIC_KEY, Value::Structure(_)) => {
            match key_material.child(Tag::KEY) {
                Some(Item {
                    value: Value::ByteString(bytes),
                    ..
                }) => bytes,
                _ => {
                    return Err(OpError::InvalidMessage(
                        "Transparent Symmetric Key without Key".into(),
                    ))
                }
            }
        }
        (KeyFormatType::RAW | KeyFormatType::TRANSPARENT_SYMMETRIC_KEY, _) => {
            return Err(OpError::InvalidMessage(
                "Key Material of the wrong type for its format".into(),
            ))
        }
        _ => {
            return Err(OpError::NotSupported(
                "this Key Format Type for a symmetric key",
            ))
        }
    };
    Ok(Zeroizing::new(bytes.to_vec()))
}
