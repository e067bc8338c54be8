//! KMIP operations, one file each. `run` is the dispatch table; `IMPLEMENTED` is what Query
//! reports, taken from the same table so the two cannot disagree.

mod discover_versions;
mod query;

use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::ttlv::Item;

use super::error::OpError;

/// The operations this server implements.
pub const IMPLEMENTED: &[Operation] = &[Operation::DISCOVER_VERSIONS, Operation::QUERY];

/// Runs one batch item's operation on its request payload; returns the response payload.
pub fn run(operation: Operation, payload: &Item) -> Result<Item, OpError> {
    match operation {
        Operation::DISCOVER_VERSIONS => discover_versions::run(payload),
        Operation::QUERY => query::run(payload, IMPLEMENTED),
        _ => Err(OpError::NotSupported("this operation")),
    }
}
