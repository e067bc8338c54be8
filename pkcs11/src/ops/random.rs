//! Random bytes from the HSM's generator.

use zeroize::Zeroizing;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::metrics::Call;

/// Most random bytes one call returns.
pub const MAX_RANDOM: usize = 1024 * 1024;

impl Backend {
    /// `len` random bytes from C_GenerateRandom.
    pub async fn random(&self, len: usize) -> Result<Vec<u8>> {
        if len > MAX_RANDOM {
            return Err(Error::InvalidInput {
                reason: "at most 1 MiB of random bytes per call",
            });
        }
        self.run_short(len, move |ctx| {
            let mut out = vec![0u8; len];
            ctx.record(
                Call::GenerateRandom,
                ctx.session().generate_random_slice(&mut out),
            )?;
            Ok(out)
        })
        .await
    }

    /// Mixes `seed` into the token's generator (C_SeedRandom). Tokens without a seedable
    /// generator refuse it (CKR_RANDOM_SEED_NOT_SUPPORTED, kind Unsupported).
    pub async fn seed_random(&self, seed: Zeroizing<Vec<u8>>) -> Result<()> {
        if seed.len() > MAX_RANDOM {
            return Err(Error::InvalidInput {
                reason: "at most 1 MiB of seed per call",
            });
        }
        self.run_short(seed.len(), move |ctx| {
            ctx.record(Call::SeedRandom, ctx.session().seed_random(&seed))
        })
        .await
    }
}
