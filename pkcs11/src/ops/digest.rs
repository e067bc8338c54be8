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
