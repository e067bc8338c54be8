//! HMAC with generic secret keys.

use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectClass;

use crate::backend::Backend;
use crate::error::Result;
use crate::metrics::Call;
use crate::ops::check_input_len;
use crate::ops::sign::verdict;

/// HMAC algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HmacAlg {
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-384.
    Sha384,
    /// HMAC-SHA-512.
    Sha512,
}

impl HmacAlg {
    fn mechanism(self) -> Mechanism<'static> {
        match self {
            Self::Sha256 => Mechanism::Sha256Hmac,
            Self::Sha384 => Mechanism::Sha384Hmac,
            Self::Sha512 => Mechanism::Sha512Hmac,
        }
    }
}

impl Backend {
    /// Computes an HMAC of `data` with the secret key `id`.
    pub async fn mac(&self, id: impl AsRef<[u8]>, alg: HmacAlg, data: Vec<u8>) -> Result<Vec<u8>> {
        check_input_len(&data)?;
        let id = id.as_ref().to_vec();
        self.run_short(data.len(), move |ctx| {
            let key = ctx.find_key(&id, ObjectClass::SECRET_KEY)?;
            ctx.record(Call::Sign, ctx.session().sign(&alg.mechanism(), key, &data))
        })
        .await
    }

    /// Checks an HMAC inside the HSM (constant time there); `Ok(false)` when it does not match.
    pub async fn verify_mac(
        &self,
        id: impl AsRef<[u8]>,
        alg: HmacAlg,
        data: Vec<u8>,
        mac: Vec<u8>,
    ) -> Result<bool> {
        check_input_len(&data)?;
        check_input_len(&mac)?;
        let id = id.as_ref().to_vec();
        self.run_short(data.len(), move |ctx| {
            let key = ctx.find_key(&id, ObjectClass::SECRET_KEY)?;
            verdict(
                ctx,
                ctx.session().verify(&alg.mechanism(), key, &data, &mac),
            )
        })
        .await
    }
}
