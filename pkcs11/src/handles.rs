//! Cache of object handles by (CKA_ID, class), so the hot path skips C_FindObjects.
//!
//! Handles are only valid for one login of one initialisation of the module: every entry carries
//! the backend generation it was found in, and the whole cache is cleared after a re-login or a
//! handle error (the error handling in `pool` does that).

use std::collections::HashMap;
use std::sync::Mutex;

use cryptoki::object::ObjectHandle;
use cryptoki_sys::CK_OBJECT_CLASS;

/// Most entries kept; past this the cache is cleared rather than grown (a gateway with more keys
/// than this pays a C_FindObjects per miss, which is correct, only slower).
const MAX_ENTRIES: usize = 65_536;

/// (CKA_ID, CKA_CLASS) → (generation, handle).
type HandleMap = HashMap<(Vec<u8>, CK_OBJECT_CLASS), (u64, ObjectHandle)>;

#[derive(Debug, Default)]
pub(crate) struct HandleCache {
    map: Mutex<HandleMap>,
}

impl HandleCache {
    pub(crate) fn get(
        &self,
        id: &[u8],
        class: CK_OBJECT_CLASS,
        generation: u64,
    ) -> Option<ObjectHandle> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        // The tuple key needs an owned id; ids are short, so the copy is cheap next to an FFI call.
        map.get(&(id.to_vec(), class))
            .filter(|(g, _)| *g == generation)
            .map(|(_, h)| *h)
    }

    pub(crate) fn insert(
        &self,
        id: &[u8],
        class: CK_OBJECT_CLASS,
        generation: u64,
        handle: ObjectHandle,
    ) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert((id.to_vec(), class), (generation, handle));
    }

    /// Forgets every handle of `id` (after the key was destroyed).
    pub(crate) fn remove_id(&self, id: &[u8]) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|(k, _), _| k.as_slice() != id);
    }

    pub(crate) fn clear(&self) {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
