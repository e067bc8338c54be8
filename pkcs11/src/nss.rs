//! NSS's softoken (`libsoftokn3.so`, Debian package libnss3) as a PKCS#11 token: the software
//! token beside SoftHSM2 that offers PKCS#11 3.0's ChaCha20 and ChaCha20-Poly1305, which
//! SoftHSM2 2.6.1 lacks.
//!
//! The softoken keeps its objects in an SQLite database folder named in its `C_Initialize`
//! parameters ([`parameters`], passed through [`crate::BackendConfig::module_parameters`]); its
//! persistent token is labelled [`TOKEN_LABEL`]. A new database has an empty security-officer
//! password and no user PIN: [`prepare_database`] sets the user PIN through PKCS#11 itself
//! (C_Login as SO, C_InitPIN), so no PIN appears on a command line.

use std::path::{Path, PathBuf};

use cryptoki::session::UserType;
use cryptoki::types::AuthPin;

use crate::error::{Error, Result};
use crate::module;
use crate::pin::Pin;

/// The label of the softoken's persistent token (its "key and certificate database").
pub const TOKEN_LABEL: &str = "NSS Certificate DB";

/// Where Debian, Ubuntu and Fedora install the softoken.
const SOFTOKEN_CANDIDATES: &[&str] = &[
    "/usr/lib/x86_64-linux-gnu/libsoftokn3.so",
    "/usr/lib/aarch64-linux-gnu/libsoftokn3.so",
    "/usr/lib64/libsoftokn3.so",
    "/usr/lib/libsoftokn3.so",
];

/// The softoken module: `HSMGATE_NSS_SOFTOKEN` when set, else the first installed candidate.
pub fn find_softoken() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HSMGATE_NSS_SOFTOKEN") {
        return Some(PathBuf::from(path));
    }
    SOFTOKEN_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// The softoken's `C_Initialize` parameters for a database in `db_dir` (read-write, created
/// when missing). NSS quotes values with single quotes, so the folder may not contain one.
pub fn parameters(db_dir: &Path) -> Result<String> {
    let dir = db_dir.to_str().ok_or(Error::InvalidInput {
        reason: "the NSS database folder is not valid UTF-8",
    })?;
    if dir.contains('\'') {
        return Err(Error::InvalidInput {
            reason: "the NSS database folder may not contain a single quote",
        });
    }
    Ok(format!(
        "configdir='sql:{dir}' certPrefix='' keyPrefix='' secmod='secmod.db' flags="
    ))
}

/// Makes sure the database in `db_dir` exists and its token has a user PIN, setting `pin` when
/// it has none. Returns true when the PIN was set now. Idempotent: a prepared database is left
/// as it is (its PIN is not changed).
pub fn prepare_database(softoken: &Path, db_dir: &Path, pin: &Pin) -> Result<bool> {
    std::fs::create_dir_all(db_dir).map_err(|e| Error::Internal {
        reason: format!("creating {}: {e}", db_dir.display()),
    })?;
    let module = module::load(softoken, Some(&parameters(db_dir)?))?;
    // A new database's token does not count as initialised until it has a user PIN, so it is
    // looked up by label alone (`module::find_token` wants an initialised token).
    let mut found = None;
    for slot in module.ctx.get_slots_with_token()? {
        let info = module.ctx.get_token_info(slot)?;
        if info.label().trim_end() == TOKEN_LABEL {
            found = Some((slot, info.user_pin_initialized()));
            break;
        }
    }
    let (slot, has_pin) = found.ok_or_else(|| Error::TokenNotFound {
        label: TOKEN_LABEL.to_owned(),
    })?;
    if has_pin {
        return Ok(false);
    }
    let session = module.ctx.open_rw_session(slot)?;
    // A new database's security-officer password is empty.
    session.login(UserType::So, Some(&AuthPin::from("")))?;
    let set = session.init_pin(&pin.auth_pin());
    let _ = session.logout();
    set?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_name_the_folder_and_refuse_quotes() {
        let p = parameters(Path::new("/var/lib/hsmgate/nss")).unwrap();
        assert!(p.starts_with("configdir='sql:/var/lib/hsmgate/nss' "));
        assert!(parameters(Path::new("/tmp/it's")).is_err());
    }
}
