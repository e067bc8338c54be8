//! Register: client-supplied symmetric keys and RSA and EC public/private keys are imported
//! into the HSM (C_CreateObject); secret data, opaque objects, certificates and public/private
//! keys of other algorithms are kept encrypted under the HSM's storage key. Wrapped symmetric
//! key blocks (AES key wrap under a managed AES key) are unwrapped in the HSM
//! (`service::register_wrapped`).

use bytes::Bytes;
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{EncodingOption, KeyFormatType, ObjectType};
use hsmgate_kmip::ttlv::{decode, Item, Limits, Tag, Value};
use zeroize::Zeroizing;

use super::asymmetric_key_block::importable_key;
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{is_stored_type, KeyWrap, NewKey, WrappedKey};

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: RegisterRequest = ctx.parse(payload)?;
    if matches!(
        request.object_type,
        ObjectType::PUBLIC_KEY | ObjectType::PRIVATE_KEY
    ) {
        let unwrapped;
        let object = if wrapping_data(&request.object).is_some() {
            unwrapped = unwrapped_object(ctx, &request.object, KeyWrap::AesKwp).await?;
            &unwrapped
        } else {
            &request.object
        };
        if let Some(import) = importable_key(request.object_type, object)? {
            let mut attributes = request.attributes;
            if let Some(key_block) = object.child(Tag::KEY_BLOCK) {
                complete_from_key_block(&mut attributes, key_block);
            }
            let new_key = NewKey {
                object_type: request.object_type,
                attributes,
            };
            let uid = ctx
                .service
                .register_asymmetric_key(ctx.caller, new_key, import)
                .await?;
            return registered(ctx, uid);
        }
    }
    if is_stored_type(request.object_type) {
        let new_object = NewKey {
            object_type: request.object_type,
            attributes: request.attributes,
        };
        let uid = ctx
            .service
            .register_stored_object(ctx.caller, new_object, request.object)
            .await?;
        return registered(ctx, uid);
    }
    if request.object_type != ObjectType::SYMMETRIC_KEY || request.object.tag != Tag::SYMMETRIC_KEY
    {
        return Err(OpError::NotSupported("Register of this object type"));
    }
    let key_block = request
        .object
        .child(Tag::KEY_BLOCK)
        .ok_or_else(|| OpError::InvalidMessage("Symmetric Key without a Key Block".into()))?;
    if let Some(wrapping) = key_block.child(Tag::KEY_WRAPPING_DATA) {
        return register_wrapped(ctx, request.attributes, key_block, wrapping).await;
    }
    let material = key_material(key_block)?;
    let mut attributes = request.attributes;
    complete_from_key_block(&mut attributes, key_block);
    let new_key = NewKey {
        object_type: request.object_type,
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

/// The Key Wrapping Data of a key object's Key Block, if it is wrapped.
pub(super) fn wrapping_data(object: &Item) -> Option<&Item> {
    object
        .child(Tag::KEY_BLOCK)
        .and_then(|block| block.child(Tag::KEY_WRAPPING_DATA))
}

/// The wrapped bytes of a Key Block (its Key Value is a Byte String when wrapped).
fn wrapped_bytes(key_block: &Item) -> Result<Vec<u8>, OpError> {
    match key_block.child(Tag::KEY_VALUE).map(|i| &i.value) {
        Some(Value::ByteString(bytes)) => Ok(bytes.to_vec()),
        _ => Err(OpError::InvalidMessage(
            "a wrapped Key Block's Key Value is a Byte String".into(),
        )),
    }
}

/// A wrapped key object with its Key Block unwrapped in the HSM: the same object as if it had
/// been sent in plaintext. `default_wrap` applies when the Key Wrapping Data names no AES key
/// wrap mode (Get wraps public and private keys with padding, since a PKCS#8 or PKCS#1 encoding
/// is seldom a multiple of 8 bytes, and symmetric keys without).
pub(super) async fn unwrapped_object(
    ctx: &OpContext<'_>,
    object: &Item,
    default_wrap: KeyWrap,
) -> Result<Item, OpError> {
    let (Some(key_block), Some(wrapping)) = (object.child(Tag::KEY_BLOCK), wrapping_data(object))
    else {
        return Err(OpError::InvalidMessage(
            "a key object without a Key Block".into(),
        ));
    };
    let (wrapping_key, wrap, encoding) = super::get::wrapping_specification(wrapping)?;
    let ttlv = encoding != Some(EncodingOption::NO_ENCODING);
    let wrapped = WrappedKey {
        data: wrapped_bytes(key_block)?,
        wrapping_key,
        wrap: wrap.unwrap_or(default_wrap),
        ttlv,
    };
    let mut plain = ctx.service.unwrap_data(ctx.caller, wrapped).await?;
    let encoded_len = if ttlv {
        ttlv_len(&plain)
    } else {
        der_len(&plain)
    };
    if let Some(len) = encoded_len.filter(|len| *len <= plain.len()) {
        if plain
            .get(len..)
            .is_some_and(|tail| tail.iter().all(|b| *b == 0))
        {
            plain.truncate(len);
        }
    }
    // The plaintext stays in its zeroizing buffer: the items below share it.
    let plain = Bytes::from_owner(plain);
    let key_value = if ttlv {
        let item = decode(plain, &Limits::default()).map_err(|_| {
            OpError::InvalidField("the unwrapped data is not a TTLV Key Value".into())
        })?;
        if item.tag != Tag::KEY_VALUE {
            return Err(OpError::InvalidField(
                "the unwrapped data is not a TTLV Key Value".into(),
            ));
        }
        item
    } else {
        Item::structure(
            Tag::KEY_VALUE,
            vec![Item::new(Tag::KEY_MATERIAL, Value::ByteString(plain))],
        )
    };
    let block_fields = match &key_block.value {
        Value::Structure(fields) => fields
            .iter()
            .filter(|f| f.tag != Tag::KEY_WRAPPING_DATA)
            .map(|f| match f.tag {
                Tag::KEY_VALUE => key_value.clone(),
                _ => f.clone(),
            })
            .collect(),
        _ => return Err(OpError::InvalidMessage("a Key Block is a structure".into())),
    };
    let plain_block = Item::structure(Tag::KEY_BLOCK, block_fields);
    match &object.value {
        Value::Structure(fields) => Ok(Item::structure(
            object.tag,
            fields
                .iter()
                .map(|f| match f.tag {
                    Tag::KEY_BLOCK => plain_block.clone(),
                    _ => f.clone(),
                })
                .collect(),
        )),
        _ => Err(OpError::InvalidMessage(
            "a key object is a structure".into(),
        )),
    }
}

/// The length of the DER element at the start of `data` (a PKCS#8 or PKCS#1 SEQUENCE), when its
/// header is well formed. Some wrappers (SoftHSM2 among them) zero-pad a key to a multiple of 8
/// bytes before AES key wrap with padding and count the padding in RFC 5649's length, so the
/// unwrapped bytes can carry zeros after the DER; they are cut off.
fn der_len(data: &[u8]) -> Option<usize> {
    let (&first, rest) = data.get(1..)?.split_first()?;
    match first {
        n if n < 0x80 => Some(2 + usize::from(n)),
        0x81..=0x83 => {
            let count = usize::from(first - 0x80);
            let len = rest
                .get(..count)?
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            Some(2 + count + len)
        }
        _ => None,
    }
}

/// The length of the TTLV item at the start of `data` (header, value, padding to 8 bytes); as
/// [`der_len`], for the same reason.
fn ttlv_len(data: &[u8]) -> Option<usize> {
    let len = u32::from_be_bytes(data.get(4..8)?.try_into().ok()?);
    Some(8 + (usize::try_from(len).ok()?).div_ceil(8) * 8)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_lengths_come_from_the_headers() {
        assert_eq!(der_len(&[0x30, 0x03, 1, 2, 3, 0, 0, 0]), Some(5));
        assert_eq!(der_len(&[0x30, 0x82, 0x01, 0x00]), Some(260));
        assert_eq!(der_len(&[0x30, 0x84, 0, 0, 0, 1]), None);
        assert_eq!(der_len(&[0x30]), None);
        assert_eq!(ttlv_len(&[0x42, 0, 0x45, 1, 0, 0, 0, 0x0c]), Some(24));
        assert_eq!(ttlv_len(&[0x42, 0]), None);
    }
}
