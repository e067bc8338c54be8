//! RNG Seed (KMIP 1.3 and later): an administrator's entropy for the HSMs' generators.

use hsmgate_kmip::message::payload::rng_seed::{RngSeedRequest, RngSeedResponse};
use hsmgate_kmip::ttlv::Item;
use zeroize::Zeroizing;

use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let request: RngSeedRequest = ctx.parse(payload)?;
    let seed = Zeroizing::new(request.data.to_vec());
    let used = ctx.service.seed_random(ctx.caller, seed).await?;
    ctx.answer(&RngSeedResponse {
        data_length: i32::try_from(used).unwrap_or(i32::MAX),
    })
}
