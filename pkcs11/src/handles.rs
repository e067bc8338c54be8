//! Cache of object handles by (CKA_ID, class), so the hot path skips C_FindObjects.
//!
//! Handles are only valid for one login of one initialisation of the module: every entry carries
//! the backend generation it was found in, and the whole cache is cleared after a re-login or a
//! handle error (the error handling in `pool` does that).

use std::collections::HashMap;
use std::sync::RwLock;

use cryptoki::object::{ObjectClass, ObjectHandle};

/// Most ids kept; past this the cache is cleared rather than grown (a gateway with more keys
/// than this pays a C_FindObjects per miss, which is correct, only slower).
const MAX_ENTRIES: usize = 65_536;

/// One slot per class this crate looks up: secret, public, private.
type Slots = [Option<(u64, ObjectHandle)>; 3];

fn slot_of(class: ObjectClass) -> Option<usize> {
    [
        ObjectClass::SECRET_KEY,
        ObjectClass::PUBLIC_KEY,
        ObjectClass::PRIVATE_KEY,
    ]
    .iter()
    .position(|c| *c == class)
}

/// Keyed by id alone so that a lookup borrows the caller's `&[u8]` (no allocation on the hot
/// path); read-locked, so concurrent lookups do not serialise.
#[derive(Debug, Default)]
pub(crate) struct HandleCache {
    map: RwLock<HashMap<Vec<u8>, Slots>>,
}

impl HandleCache {
    pub(crate) fn get(
        &self,
        id: &[u8],
        class: ObjectClass,
        generation: u64,
    ) -> Option<ObjectHandle> {
        let i = slot_of(class)?;
        let map = self.map.read().unwrap_or_else(|p| p.into_inner());
        let (g, h) = (*map.get(id)?.get(i)?)?;
        (g == generation).then_some(h)
    }

    pub(crate) fn insert(
        &self,
        id: &[u8],
        class: ObjectClass,
        generation: u64,
        handle: ObjectHandle,
    ) {
        let Some(i) = slot_of(class) else {
            return;
        };
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES && !map.contains_key(id) {
            map.clear();
        }
        if let Some(slot) = map.entry(id.to_vec()).or_default().get_mut(i) {
            *slot = Some((generation, handle));
        }
    }

    /// Forgets every handle of `id` (after the key was destroyed).
    pub(crate) fn remove_id(&self, id: &[u8]) {
        self.map
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    pub(crate) fn clear(&self) {
        self.map.write().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
