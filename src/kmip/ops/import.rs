//! Import (KMIP 1.4 and later): a plaintext AES key stored under the client's Unique
//! Identifier with the attributes it supplies (import_object.rs in the key service). Wrapped
//! key blocks and other object types are refused as not supported.

use hsmgate_kmip::message::payload::import::{ImportRequest, ImportResponse};
use hsmgate_kmip::spec::enums::ObjectType;
use hsmgate_kmip::ttlv::{Item, Tag};

use super::register::{complete_from_key_block, key_material};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::ObjectImport;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: ImportRequest = ctx.parse(payload)?;
    if request.object_type != ObjectType::SYMMETRIC_KEY || request.object.tag != Tag::SYMMETRIC_KEY
    {
        return Err(OpError::NotSupported(
            "Import of objects other than symmetric keys",
        ));
    }
    let key_block = request
        .object
        .child(Tag::KEY_BLOCK)
        .ok_or_else(|| OpError::InvalidMessage("Symmetric Key without a Key Block".into()))?;
    if key_block.child(Tag::KEY_WRAPPING_DATA).is_some() {
        return Err(OpError::NotSupported("Import of wrapped key blocks"));
    }
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
