//! Wrapped key blocks (Key Wrapping Data, Wrapping Method Encrypt under a managed AES key)
//! as Register and Import receive them: unwrapped in the HSM of the wrapping key, then handled
//! as the plaintext block they carry.

use bytes::Bytes;
use hsmgate_kmip::spec::enums::EncodingOption;
use hsmgate_kmip::ttlv::{decode, Item, Limits, Tag, Value};

use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{KeyWrap, WrappedKey};

/// The Key Wrapping Data of a key object's Key Block, if it is wrapped.
pub(super) fn wrapping_data(object: &Item) -> Option<&Item> {
    object
        .child(Tag::KEY_BLOCK)
        .and_then(|block| block.child(Tag::KEY_WRAPPING_DATA))
}

/// The wrapped bytes of a Key Block (its Key Value is a Byte String when wrapped).
pub(super) fn wrapped_bytes(key_block: &Item) -> Result<Vec<u8>, OpError> {
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
