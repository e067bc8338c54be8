//! Finding managed objects by their Name attribute through the store's name index (the HYOK
//! front ends address keys by name: an XKS externalKeyId, an Azure EKM key name).

use std::sync::Arc;

use hsmgate_kmip::spec::enums::Operation;

use super::{KeyService, ManagedObject, ServiceError};
use crate::identity::Identity;
use crate::store::ListFilter;

impl KeyService {
    /// The objects named `name` that the caller may perform `operation` on, oldest first. Only
    /// those objects are read and decoded, not every object of the store.
    pub async fn objects_named(
        &self,
        caller: &Identity,
        name: &str,
        operation: Operation,
    ) -> Result<Vec<ManagedObject>, ServiceError> {
        let objects = self.objects_named_shared(caller, name, operation).await?;
        Ok(objects.into_iter().map(Arc::unwrap_or_clone).collect())
    }

    /// [`KeyService::objects_named`] without copies: the decoded objects shared with the cache.
    pub async fn objects_named_shared(
        &self,
        caller: &Identity,
        name: &str,
        operation: Operation,
    ) -> Result<Vec<Arc<ManagedObject>>, ServiceError> {
        let filter = self.visible_to(caller, operation);
        // A cached answer needs no blocking thread and no query (XKS and EKM ask per call), and
        // its records were most likely decoded before (decoded.rs).
        if let Some(records) = self.store.cached_by_name(name, &filter) {
            return records
                .into_iter()
                .map(|record| self.decoded.decode(record))
                .collect();
        }
        let name = name.to_owned();
        let records = self
            .with_store(move |store| Ok(store.find_by_name(&name, &filter)?))
            .await?;
        records
            .into_iter()
            .map(|record| ManagedObject::from_record(record).map(Arc::new))
            .collect()
    }

    /// The store filter for the objects `caller` may perform `operation` on: its own and those
    /// it holds a grant for, or every object for an administrator.
    pub(super) fn visible_to(&self, caller: &Identity, operation: Operation) -> ListFilter {
        ListFilter {
            visible_to: (!self.is_administrator(caller))
                .then(|| (caller.subject().to_owned(), operation.0)),
            ..ListFilter::default()
        }
    }
}
