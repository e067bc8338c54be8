//! Health of the HSM backends, for the HYOK health endpoints: each backend's probe is a real
//! AES-GCM round trip in the HSM (see hsmgate-pkcs11's health probe).

use hsmgate_pkcs11::Health;

use super::KeyService;

impl KeyService {
    /// Probes every backend in turn: (backend name, outcome), in configuration order.
    pub async fn backend_health(&self) -> Vec<(String, Health)> {
        let mut outcomes = Vec::with_capacity(self.backends.len());
        for backend in &self.backends {
            outcomes.push((backend.name().to_owned(), backend.health().await));
        }
        outcomes
    }
}
