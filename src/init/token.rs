//! Provisioning the embedded default's SoftHSM2 token: a configuration file that keeps tokens
//! under the data folder, and a token initialised through PKCS#11 itself (C_InitToken,
//! C_InitPIN), so no PIN ever appears on a command line.

use std::path::{Path, PathBuf};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;

use super::InitError;

/// Where Debian, Ubuntu and a source build install the SoftHSM2 module.
const SOFTHSM_MODULE_CANDIDATES: &[&str] = &[
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
];

/// The SoftHSM2 module: `HSMGATE_SOFTHSM_MODULE` when set, else the first installed candidate.
pub fn find_softhsm_module() -> Result<PathBuf, InitError> {
    if let Some(path) = std::env::var_os("HSMGATE_SOFTHSM_MODULE") {
        return Ok(PathBuf::from(path));
    }
    SOFTHSM_MODULE_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or(InitError::SoftHsmMissing)
}

/// The SoftHSM2 configuration text for a token folder.
pub fn softhsm_conf(token_dir: &Path) -> String {
    format!(
        "# SoftHSM2 configuration of an hsmgate embedded default.\n\
         directories.tokendir = {}\n\
         objectstore.backend = file\n\
         log.level = ERROR\n\
         slots.removable = false\n",
        token_dir.display()
    )
}

/// Makes sure a token labelled `label` exists on `module` (with the SoftHSM2 configuration already
/// in the environment), initialising a free slot with the given PINs when it does not.
/// Returns true when a token was created.
pub fn ensure_token(
    module: &Path,
    label: &str,
    so_pin: &str,
    user_pin: &str,
) -> Result<bool, InitError> {
    let pkcs11 = Pkcs11::new(module).map_err(|e| InitError::Pkcs11("loading the module", e))?;
    pkcs11
        .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .map_err(|e| InitError::Pkcs11("C_Initialize", e))?;
    let created = provision(&pkcs11, label, so_pin, user_pin);
    // Finalize even when provisioning failed; the provisioning error is the one worth reporting.
    let finalized = pkcs11.finalize();
    let created = created?;
    finalized.map_err(|e| InitError::Pkcs11("C_Finalize", e))?;
    Ok(created)
}

fn provision(
    pkcs11: &Pkcs11,
    label: &str,
    so_pin: &str,
    user_pin: &str,
) -> Result<bool, InitError> {
    let slots = pkcs11
        .get_slots_with_token()
        .map_err(|e| InitError::Pkcs11("C_GetSlotList", e))?;
    let mut free_slot = None;
    for slot in slots {
        let info = pkcs11
            .get_token_info(slot)
            .map_err(|e| InitError::Pkcs11("C_GetTokenInfo", e))?;
        if info.token_initialized() {
            if info.label().trim_end() == label {
                return Ok(false);
            }
        } else if free_slot.is_none() {
            free_slot = Some(slot);
        }
    }
    let slot = free_slot.ok_or(InitError::NoFreeSlot)?;
    let so_pin = AuthPin::from(so_pin);
    pkcs11
        .init_token(slot, &so_pin, label)
        .map_err(|e| InitError::Pkcs11("C_InitToken", e))?;
    // Initialising a token moves it to a new slot number in SoftHSM2: find it again by label.
    let slot = pkcs11
        .get_slots_with_initialized_token()
        .map_err(|e| InitError::Pkcs11("C_GetSlotList", e))?
        .into_iter()
        .find(|s| {
            pkcs11
                .get_token_info(*s)
                .map(|i| i.label().trim_end() == label)
                .unwrap_or(false)
        })
        .ok_or(InitError::NoFreeSlot)?;
    let session = pkcs11
        .open_rw_session(slot)
        .map_err(|e| InitError::Pkcs11("C_OpenSession", e))?;
    session
        .login(UserType::So, Some(&so_pin))
        .map_err(|e| InitError::Pkcs11("C_Login (SO)", e))?;
    session
        .init_pin(&AuthPin::from(user_pin))
        .map_err(|e| InitError::Pkcs11("C_InitPIN", e))?;
    session
        .logout()
        .map_err(|e| InitError::Pkcs11("C_Logout", e))?;
    Ok(true)
}
