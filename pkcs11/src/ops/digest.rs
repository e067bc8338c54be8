//! Hashing inside the HSM.

use crate::backend::Backend;
use crate::error::Result;
use crate::metrics::Call;
use crate::ops::{check_input_len, HashAlg};

impl Backend {
    /// The digest of `data` (C_Digest).
    pub async fn digest(&self, alg: HashAlg, data: Vec<u8>) -> Result<Vec<u8>> {
        check_input_len(&data)?;
        self.run(move |ctx| ctx.record(Call::Digest, ctx.session().digest(&alg.mechanism(), &data)))
            .await
    }
}

impl Backend {
    /// The digest of secret key `id`'s value, computed inside the HSM (C_DigestInit,
    /// C_DigestKey, C_DigestFinal): the value itself never leaves. Used for the KMIP Digest
    /// attribute.
    pub async fn digest_key(&self, alg: HashAlg, id: impl AsRef<[u8]>) -> Result<Vec<u8>> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            // Called right after a key is made, while other calls may be making keys: SoftHSM2
            // fails C_GenerateKey (CKR_GENERAL_ERROR) now and then when another session reads
            // the token's objects meanwhile, so this takes the module's object lock too.
            let _writes = ctx.object_writes();
            let key = ctx.find_key(&id, cryptoki::object::ObjectClass::SECRET_KEY)?;
            let session = ctx.session();
            ctx.record(Call::Digest, session.digest_init(&alg.mechanism()))?;
            ctx.record(Call::Digest, session.digest_key(key))?;
            ctx.record(Call::Digest, session.digest_final())
        })
        .await
    }
}
