//! A key wrapped with KMIP's default Encoding Option, TTLV: what is wrapped is the TTLV
//! encoding of the Key Value structure ({Key Material}), not the bare key. PKCS#11 wraps
//! key objects only, so the encoding is made a short-lived key object of its own inside the HSM
//! and wrapped there under the wrapping key. The encoding holds the key in plaintext, so this
//! is offered only for a key the gateway may read in plaintext anyway (not Sensitive,
//! Extractable); for any other key the caller falls back to the bare key (Encoding Option No
//! Encoding, said in the response), the one form the HSM can wrap without the key leaving it.

use hsmgate_kmip::spec::enums::ObjectType;
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{KeyKind, KeyOptions};
use zeroize::Zeroizing;

use super::create::new_uid;
use super::export::{Export, ExportedKey, GetTarget, KeyWrap};
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// TTLV item types (KMIP 2.1 §9.1.1.2).
const STRUCTURE: u8 = 0x01;
const BYTE_STRING: u8 = 0x08;

fn header(out: &mut Vec<u8>, tag: Tag, item_type: u8, len: usize) -> Result<(), ServiceError> {
    let len = u32::try_from(len)
        .map_err(|_| ServiceError::InvalidField("key too long to encode".into()))?;
    out.extend_from_slice(&tag.value().to_be_bytes()[1..]);
    out.push(item_type);
    out.extend_from_slice(&len.to_be_bytes());
    Ok(())
}

/// The TTLV bytes of `Key Value {Key Material: key}`, built in one zeroizing buffer.
fn key_value_ttlv(key: &[u8]) -> Result<Zeroizing<Vec<u8>>, ServiceError> {
    let padded = key.len().div_ceil(8) * 8;
    let mut out = Zeroizing::new(Vec::with_capacity(16 + padded));
    header(&mut out, Tag::KEY_VALUE, STRUCTURE, 8 + padded)?;
    header(&mut out, Tag::KEY_MATERIAL, BYTE_STRING, key.len())?;
    out.extend_from_slice(key);
    out.resize(16 + padded, 0);
    Ok(out)
}

impl KeyService {
    /// Exports the readable secret key `target` as the TTLV encoding of its Key Value wrapped
    /// under `kek_uid`; `None` when the key is not one the gateway may read (the caller then
    /// wraps the bare key, with the same `target`).
    pub async fn export_wrapped_ttlv(
        &self,
        caller: &Identity,
        target: &GetTarget,
        kek_uid: &str,
        wrap: Option<KeyWrap>,
    ) -> Result<Option<Export>, ServiceError> {
        let object = target.object();
        let readable = object.attributes.get(Tag::SENSITIVE) == Some(&Value::Boolean(false))
            && object.attributes.get(Tag::EXTRACTABLE) != Some(&Value::Boolean(false));
        let Material::Hsm { backend, .. } = object.material() else {
            return Ok(None);
        };
        if object.object_type() != ObjectType::SYMMETRIC_KEY || !readable {
            return Ok(None);
        }
        let backend = backend.clone();
        // The same checks and Fresh bookkeeping as a plaintext Get.
        let plain = self.export(caller, target.clone(), None, None).await?;
        let ExportedKey::Secret(secret) = plain.key else {
            return Ok(None);
        };
        let encoded = key_value_ttlv(&secret)?;
        drop(secret);
        let temporary = format!("ttlv-wrap-{}", new_uid()?);
        let hsm = self.backend(&backend)?;
        hsm.import_secret_key(
            &temporary,
            KeyKind::GenericSecret,
            encoded,
            // A session object: no token file to write, gone by itself if the process dies.
            KeyOptions::extractable().fresh_id().session_object(),
        )
        .await?;
        // The encoding is a multiple of 8 bytes: plain AES key wrap fits by default.
        let wrap = wrap.unwrap_or(KeyWrap::AesKw);
        let wrapped = self
            .wrap_under(caller, &backend, temporary.as_bytes(), kek_uid, wrap)
            .await;
        if let Err(e) = hsm.destroy_key(temporary.as_bytes()).await {
            tracing::error!(id = %temporary, error = %e, "temporary HSM session object of a TTLV wrap left behind until the gateway stops");
        }
        Ok(Some(Export {
            object: plain.object,
            key: ExportedKey::WrappedTtlv {
                data: wrapped?,
                wrapping_key: kek_uid.to_owned(),
                wrap,
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hsmgate_kmip::ttlv::Item;

    #[test]
    fn the_encoding_is_the_codecs_key_value() {
        for len in [16usize, 24, 32, 5] {
            let key: Vec<u8> = (0..len as u8).collect();
            let item = Item::structure(
                Tag::KEY_VALUE,
                vec![Item::new(
                    Tag::KEY_MATERIAL,
                    Value::ByteString(key.clone().into()),
                )],
            );
            let expected = hsmgate_kmip::ttlv::to_bytes(&item);
            assert_eq!(
                key_value_ttlv(&key).unwrap().as_slice(),
                &expected[..],
                "len {len}"
            );
            assert_eq!(expected.len() % 8, 0);
        }
    }
}
