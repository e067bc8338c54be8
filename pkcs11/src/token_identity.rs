//! Who made the HSM behind a backend: the token's manufacturer and model (C_GetTokenInfo) and
//! the module's (C_GetInfo), and whether its slot is hardware (C_GetSlotInfo), for health
//! reports and the Protection Storage Mask of the keys it holds.

use crate::backend::Backend;
use crate::error::{Error, Result};

/// The token's and the library's self-description, trimmed of PKCS#11's blank padding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenIdentity {
    /// CK_TOKEN_INFO.manufacturerID, e.g. `SoftHSM project`.
    pub manufacturer: String,
    /// CK_TOKEN_INFO.model, e.g. `SoftHSM v2`.
    pub model: String,
    /// CK_INFO.manufacturerID of the PKCS#11 module.
    pub library_manufacturer: String,
    /// CK_INFO.libraryDescription of the PKCS#11 module.
    pub library_description: String,
    /// CK_SLOT_INFO's CKF_HW_SLOT: the slot is a hardware device, not a software token
    /// (SoftHSM2 reports false).
    pub hardware_slot: bool,
}

impl Backend {
    /// Reads the token's and the module's identity (two short calls, off the async workers).
    pub async fn token_identity(&self) -> Result<TokenIdentity> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let state = inner.module.state.read().unwrap_or_else(|p| p.into_inner());
            if !state.initialized {
                return Err(Error::Unavailable {
                    reason: "module is re-initialising",
                });
            }
            let live = inner.live_for(state.epoch)?;
            let token = inner.module.ctx.get_token_info(live.slot)?;
            let library = inner.module.ctx.get_library_info()?;
            let slot = inner.module.ctx.get_slot_info(live.slot)?;
            Ok(TokenIdentity {
                manufacturer: token.manufacturer_id().trim().to_owned(),
                model: token.model().trim().to_owned(),
                library_manufacturer: library.manufacturer_id().trim().to_owned(),
                library_description: library.library_description().trim().to_owned(),
                hardware_slot: slot.hardware_slot(),
            })
        })
        .await
        .map_err(|e| Error::Internal {
            reason: format!("token info task failed: {e}"),
        })?
    }
}
