//! Reading back secret key material that the HSM allows to be read (imported, non-sensitive,
//! extractable keys), and destroying one half of a key pair.
//!
//! Keys this crate generates are always sensitive, so [`Backend::secret_value`] only ever
//! returns material that was known outside the HSM before: a client that registered a key and
//! asked for it to stay readable gets the same bytes back.

use cryptoki::context::Function;
use cryptoki::error::RvError;
use cryptoki::object::{Attribute, AttributeType, ObjectClass};
use zeroize::{Zeroize, Zeroizing};

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::objects::KeyClass;

impl Backend {
    /// The plaintext value (CKA_VALUE) of the secret key `id`. The token refuses it unless the
    /// key is extractable and not sensitive; that refusal is an error of kind
    /// [`crate::ErrorKind::Permission`].
    pub async fn secret_value(&self, id: impl AsRef<[u8]>) -> Result<Zeroizing<Vec<u8>>> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let handle = ctx.find_key(&id, ObjectClass::SECRET_KEY)?;
            let attrs = ctx.record(
                Call::GetAttributeValue,
                ctx.session()
                    .get_attributes(handle, &[AttributeType::Value]),
            )?;
            let mut value = None;
            for attr in attrs {
                if let Attribute::Value(mut v) = attr {
                    value = Some(Zeroizing::new(std::mem::take(&mut v)));
                    v.zeroize();
                }
            }
            // cryptoki leaves out attributes the token reports as sensitive.
            value.ok_or_else(|| {
                Error::pkcs11(Function::GetAttributeValue, RvError::AttributeSensitive)
            })
        })
        .await
    }

    /// Destroys the one object of this class with this id (e.g. the public half of a pair,
    /// leaving the private half). [`Error::KeyNotFound`] when there is none.
    pub async fn destroy_key_of_class(&self, id: impl AsRef<[u8]>, class: KeyClass) -> Result<()> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let handles = ctx.find_all(&id, Some(class.object_class()))?;
            if handles.is_empty() {
                return Err(ctx.not_found(&id));
            }
            ctx.forget_handles(&id);
            for h in handles {
                ctx.record(
                    Call::DestroyObject,
                    ctx.token_write(|| ctx.session().destroy_object(h)),
                )?;
            }
            Ok(())
        })
        .await
    }
}
