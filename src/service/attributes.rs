//! Reading an object's attributes.

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::Operation;

use super::{KeyService, ServiceError};
use crate::identity::Identity;

impl KeyService {
    /// The object's attributes: all of them when `names` is empty, else those named, in the
    /// object's order.
    pub async fn attributes(
        &self,
        caller: &Identity,
        uid: &str,
        names: &[AttributeName],
    ) -> Result<Attributes, ServiceError> {
        let object = self
            .authorized(caller, uid, Operation::GET_ATTRIBUTES)
            .await?;
        if names.is_empty() {
            return Ok(object.attributes);
        }
        let list = object
            .attributes
            .list
            .into_iter()
            .filter(|a| names.contains(&a.name))
            .collect();
        Ok(Attributes { list })
    }
}
