//! Import (KMIP 1.4 and later): an AES key stored under the client's Unique Identifier with the
//! attributes it supplies (import_object.rs in the key service), in plaintext or wrapped under a
//! managed AES key (unwrapped in the HSM first, as Register does). Other object types are
//! refused as not supported.

use hsmgate_kmip::message::payload::import::{ImportRequest, ImportResponse};
use hsmgate_kmip::spec::enums::ObjectType;
use hsmgate_kmip::ttlv::{Item, Tag};

use super::register::{complete_from_key_block, key_material};
use super::wrapped_key_block::{unwrapped_object, wrapping_data};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::{KeyWrap, ObjectImport};

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: ImportRequest = ctx.parse(payload)?;
    if request.object_type != ObjectType::SYMMETRIC_KEY || request.object.tag != Tag::SYMMETRIC_KEY
    {
        return Err(OpError::NotSupported(
            "Import of objects other than symmetric keys",
        ));
    }
    // A wrapped key is unwrapped in the HSM of its wrapping key, then imported as in plaintext.
    let unwrapped;
    let object = if wrapping_data(&request.object).is_some() {
        unwrapped = unwrapped_object(ctx, &request.object, KeyWrap::AesKw).await?;
        &unwrapped
    } else {
        &request.object
    };
    let key_block = object
        .child(Tag::KEY_BLOCK)
        .ok_or_else(|| OpError::InvalidMessage("Symmetric Key without a Key Block".into()))?;
    let material = key_material(key_block)?;
    let mut attributes = request.attributes;
    complete_from_key_block(&mut attributes, key_block);
    let import = ObjectImport {
        unique_identifier: request.unique_identifier,
        object_type: request.object_type,
        replace_existing: request.replace_existing == Some(true),
        attributes,
    };
    let uid = ctx
        .service
        .import_symmetric_key(ctx.caller, import, material)
        .await?;
    ctx.id_placeholder = Some(uid.clone());
    ctx.answer(&ImportResponse {
        unique_identifier: uid,
    })
}
