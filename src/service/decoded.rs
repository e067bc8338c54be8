//! Decoded objects kept between requests: decoding a record's TTLV attributes into
//! [`ManagedObject`] was the largest gateway-side cost of a KMIP Encrypt (about 33,000 of its
//! 192,000 instructions, callgrind), paid again on every request for the same key.
//!
//! An entry is keyed by the uid and remembers the shared record it was decoded from. The store's
//! cache hands out the same `Arc<ObjectRecord>` until the record is written, and every write
//! puts a new `Arc` there, so an entry is used only while `Arc::ptr_eq` says its record is still
//! the store's current one: a Revoke, Destroy or attribute change is seen by the next request,
//! exactly as without this cache. The entry holds its record, so the address cannot be reused by
//! a newer record while the entry lives.

use std::sync::{Arc, RwLock};

// foldhash, not std's SipHash: a lookup per authorization, with uids a client may choose
// (hence a seeded hasher, not FxHash); SipHash cost about 250 instructions per lookup.
use foldhash::HashMap;

use super::{ManagedObject, ServiceError};
use crate::store::ObjectRecord;

/// Entries kept at most; past that the map starts over (as the store's record cache does).
const MAX_DECODED: usize = 100_000;

struct Entry {
    record: Arc<ObjectRecord>,
    object: Arc<ManagedObject>,
}

#[derive(Default)]
pub(super) struct DecodedObjects {
    entries: RwLock<HashMap<String, Entry>>,
}

impl DecodedObjects {
    /// The object decoded from `record`: the kept one when it was decoded from this very record,
    /// else a fresh decoding (kept for next time).
    pub(super) fn decode(
        &self,
        record: Arc<ObjectRecord>,
    ) -> Result<Arc<ManagedObject>, ServiceError> {
        if let Ok(entries) = self.entries.read() {
            if let Some(entry) = entries.get(&record.uid) {
                if Arc::ptr_eq(&entry.record, &record) {
                    return Ok(entry.object.clone());
                }
            }
        }
        let object = Arc::new(ManagedObject::from_record(ObjectRecord::clone(&record))?);
        // A poisoned lock only means a panic elsewhere; entries are checked on use, so keep on.
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= MAX_DECODED {
            entries.clear();
        }
        entries.insert(
            record.uid.clone(),
            Entry {
                record,
                object: object.clone(),
            },
        );
        Ok(object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Material;
    use hsmgate_kmip::message::Attributes;
    use hsmgate_kmip::spec::enums::{ObjectType, State};
    use hsmgate_kmip::ttlv::{Tag, Value};

    fn record(state: State) -> Arc<ObjectRecord> {
        let mut object = ManagedObject::new(
            "k".into(),
            ObjectType::SYMMETRIC_KEY,
            "CN=a".into(),
            Attributes::new(),
            Material::None,
        );
        object.set(Tag::STATE, Value::Enumeration(state.0));
        Arc::new(object.to_record().unwrap())
    }

    #[test]
    fn the_same_record_is_decoded_once_and_a_new_one_again() {
        let decoded = DecodedObjects::default();
        let active = record(State::ACTIVE);
        let first = decoded.decode(active.clone()).unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &decoded.decode(active.clone()).unwrap()
        ));
        // Equal contents in another Arc (a write of the same values) is decoded anew.
        let rewritten = Arc::new(ObjectRecord::clone(&active));
        assert!(!Arc::ptr_eq(
            &first,
            &decoded.decode(rewritten.clone()).unwrap()
        ));
        let revoked = decoded.decode(record(State::DEACTIVATED)).unwrap();
        assert_eq!(revoked.state(), State::DEACTIVATED);
        // The superseded record no longer matches the entry: decoded again, not served stale.
        assert_eq!(decoded.decode(active).unwrap().state(), State::ACTIVE);
    }
}
