//! Get of objects kept encrypted in the metadata store (secret data, opaque objects,
//! certificates, registered public and private keys): the object structure comes back as the
//! client registered it, decrypted by the HSM's storage key, unless its Sensitive or
//! Extractable attribute forbids it. A stored object cannot be wrapped by the HSM (it is not
//! an HSM key object), and no format conversion is offered: both are refused as not supported.

use hsmgate_kmip::spec::enums::KeyFormatType;
use hsmgate_kmip::ttlv::{Tag, Value};

use super::export::{Export, ExportedKey};
use super::object::ManagedObject;
use super::{KeyService, ServiceError};

fn flag(object: &ManagedObject, tag: Tag) -> Option<bool> {
    match object.attributes.get(tag) {
        Some(Value::Boolean(b)) => Some(*b),
        _ => None,
    }
}

impl KeyService {
    /// The object structure of the stored object `object`, in the Key Format Type asked for
    /// (only the registered one is offered).
    pub(super) async fn export_stored(
        &self,
        object: ManagedObject,
        asked: Option<KeyFormatType>,
        wrapped: bool,
    ) -> Result<Export, ServiceError> {
        if flag(&object, Tag::SENSITIVE) == Some(true) {
            return Err(ServiceError::Sensitive(
                "the object was registered as Sensitive",
            ));
        }
        if flag(&object, Tag::EXTRACTABLE) == Some(false) {
            return Err(ServiceError::NotExtractable(
                "the object was registered as not Extractable",
            ));
        }
        if wrapped {
            return Err(ServiceError::NotSupported(
                "wrapping objects kept in the store (only HSM key objects can be wrapped)".into(),
            ));
        }
        let item = self.stored_object(&object).await?;
        let registered = item
            .child(Tag::KEY_BLOCK)
            .and_then(|block| block.child(Tag::KEY_FORMAT_TYPE))
            .and_then(|format| match format.value {
                Value::Enumeration(raw) => Some(KeyFormatType(raw)),
                _ => None,
            });
        if let (Some(asked), Some(registered)) = (asked, registered) {
            if asked != registered {
                return Err(ServiceError::KeyFormatNotSupported(format!(
                    "{asked} (the object is kept as registered, in {registered})"
                )));
            }
        }
        Ok(Export {
            object: std::sync::Arc::new(object),
            key: ExportedKey::Stored(item),
        })
    }
}
