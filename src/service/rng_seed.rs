//! RNG Seed: entropy a client offers, mixed into the HSMs' generators (C_SeedRandom). Seeding
//! bears on every key made afterwards, so only the administrators named in `[access]` may;
//! anyone else gets Permission Denied.

use hsmgate_pkcs11::ErrorKind;
use zeroize::Zeroizing;

use super::{KeyService, ServiceError};
use crate::identity::Identity;

impl KeyService {
    /// Seeds every backend whose token accepts seeding; returns how many bytes were used (all of
    /// them). Fails when no token accepts a seed.
    pub async fn seed_random(
        &self,
        caller: &Identity,
        seed: Zeroizing<Vec<u8>>,
    ) -> Result<usize, ServiceError> {
        if !self.is_administrator(caller) {
            return Err(ServiceError::PermissionDenied);
        }
        let mut seeded = false;
        for backend in self.backends() {
            match backend.seed_random(seed.clone()).await {
                Ok(()) => seeded = true,
                Err(e) if e.kind() == ErrorKind::Unsupported => {}
                Err(e) => return Err(e.into()),
            }
        }
        if !seeded {
            return Err(ServiceError::NotSupported(
                "seeding: no configured HSM token accepts a seed".into(),
            ));
        }
        Ok(seed.len())
    }
}
