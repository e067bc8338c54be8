//! The public half of an RSA key pair named by its id, also when the token holds only the
//! private key (a private key imported without its public half). The modulus and public
//! exponent are public attributes of an RSA private key, so they can always be read, and an
//! encryption can run with a short-lived session public key built from them.

use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;

/// A session object destroyed when dropped.
pub(crate) struct TemporaryKey<'a> {
    ctx: &'a OpCtx<'a>,
    handle: ObjectHandle,
}

impl Drop for TemporaryKey<'_> {
    fn drop(&mut self) {
        let _ = self.ctx.session().destroy_object(self.handle);
    }
}

/// The modulus and public exponent attributes of the RSA key object `key`.
fn public_numbers(ctx: &OpCtx<'_>, key: ObjectHandle) -> Result<(Vec<u8>, Vec<u8>)> {
    let attributes = ctx.record(
        Call::GetAttributeValue,
        ctx.session().get_attributes(
            key,
            &[AttributeType::Modulus, AttributeType::PublicExponent],
        ),
    )?;
    let (mut n, mut e) = (None, None);
    for attribute in attributes {
        match attribute {
            Attribute::Modulus(v) => n = Some(v),
            Attribute::PublicExponent(v) => e = Some(v),
            _ => {}
        }
    }
    n.zip(e).ok_or(Error::InvalidInput {
        reason: "the key is not an RSA key",
    })
}

/// The public key of the pair `id`: its public object, or else a session public key made from
/// the private key's modulus and public exponent (destroyed when the guard drops).
pub(crate) fn public_key_of_pair<'a>(
    ctx: &'a OpCtx<'a>,
    id: &[u8],
) -> Result<(ObjectHandle, Option<TemporaryKey<'a>>)> {
    match ctx.find_key(id, ObjectClass::PUBLIC_KEY) {
        Ok(handle) => Ok((handle, None)),
        Err(Error::KeyNotFound { .. }) => {
            let private = ctx.find_key(id, ObjectClass::PRIVATE_KEY)?;
            let (modulus, public_exponent) = public_numbers(ctx, private)?;
            let template = [
                Attribute::Class(ObjectClass::PUBLIC_KEY),
                Attribute::KeyType(KeyType::RSA),
                Attribute::Token(false),
                Attribute::Encrypt(true),
                Attribute::Modulus(modulus),
                Attribute::PublicExponent(public_exponent),
            ];
            let handle = ctx.record(Call::CreateObject, ctx.session().create_object(&template))?;
            Ok((handle, Some(TemporaryKey { ctx, handle })))
        }
        Err(e) => Err(e),
    }
}

impl Backend {
    /// The RSA modulus and public exponent (big-endian) of the key pair `id`, from its public
    /// key or, when the token has none, the private key's public attributes.
    pub async fn rsa_public_numbers(&self, id: impl AsRef<[u8]>) -> Result<(Vec<u8>, Vec<u8>)> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let key = match ctx.find_key(&id, ObjectClass::PUBLIC_KEY) {
                Err(Error::KeyNotFound { .. }) => ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?,
                other => other?,
            };
            public_numbers(ctx, key)
        })
        .await
    }
}
