//! The embedded default's second token: NSS's softoken, for the ChaCha20 and ChaCha20-Poly1305
//! keys SoftHSM2 cannot hold. Made only when the softoken is installed (package libnss3); the
//! gateway then places such keys there and everything else on SoftHSM2.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use hsmgate_pkcs11::{nss, PinSource};

use super::{create_private, random_pin, InitError};

/// What the softoken needs in `hsmgate.toml`.
pub struct NssToken {
    pub module: PathBuf,
    pub parameters: String,
    /// True when the database or its PIN was made now.
    pub made: bool,
}

/// Prepares the softoken's database in `dir/nss` with the PIN in `dir/nss.pin` (made when
/// missing). `None` when the softoken is not installed.
pub fn ensure_nss(dir: &Path) -> Result<Option<NssToken>, InitError> {
    let Some(module) = nss::find_softoken() else {
        return Ok(None);
    };
    let io = |what: &'static str| move |e: std::io::Error| InitError::Io(what, e);
    let pin_file = dir.join("nss.pin");
    let made_pin = !pin_file.exists();
    if made_pin {
        let pin = random_pin().map_err(io("generating a PIN"))?;
        create_private(&pin_file, pin.as_bytes()).map_err(io("writing a PIN file"))?;
    }
    let db = dir.join("nss");
    std::fs::create_dir_all(&db).map_err(io("creating the NSS database folder"))?;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700))
        .map_err(io("restricting the NSS database folder"))?;
    let failed = |e: hsmgate_pkcs11::Error| InitError::Setup(format!("NSS softoken: {e}"));
    let pin = PinSource::File(pin_file).read().map_err(failed)?;
    let made_db = nss::prepare_database(&module, &db, &pin).map_err(failed)?;
    let parameters = nss::parameters(&db).map_err(failed)?;
    Ok(Some(NssToken {
        module,
        parameters,
        made: made_pin || made_db,
    }))
}

/// The `[[hsm]]` section of the softoken.
pub fn config_section(token: &NssToken) -> String {
    format!(
        r#"
[[hsm]]
# NSS's softoken: a second software token, for ChaCha20 and ChaCha20-Poly1305 keys (SoftHSM2
# has no ChaCha20). New keys go to the first [[hsm]] whose token can use them.
name = "nss"
module = "{module}"
token_label = "{label}"
user_pin_file = "nss.pin"
# The softoken's database folder and options, read when the module initialises.
module_parameters = "{parameters}"
pool_size = 4
"#,
        module = token.module.display(),
        label = nss::TOKEN_LABEL,
        parameters = token.parameters,
    )
}
