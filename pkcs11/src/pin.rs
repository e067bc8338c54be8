//! The user PIN: read from a file or an environment variable (never a command-line argument),
//! held as a secret that is zeroized on drop and redacted in `Debug`.

use std::fmt;
use std::path::PathBuf;

use cryptoki::types::AuthPin;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Where the user PIN comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PinSource {
    /// A file holding the PIN; one trailing newline (`\n` or `\r\n`) is removed.
    File(PathBuf),
    /// An environment variable holding the PIN.
    Env(String),
}

impl PinSource {
    /// Reads the PIN. Errors name the source, never the PIN.
    pub fn read(&self) -> Result<Pin> {
        let raw = match self {
            Self::File(path) => {
                Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::Pin {
                    reason: format!("{}: {e}", path.display()),
                })?)
            }
            Self::Env(name) => Zeroizing::new(std::env::var(name).map_err(|e| Error::Pin {
                reason: format!("${name}: {e}"),
            })?),
        };
        let trimmed = raw
            .strip_suffix('\n')
            .map(|s| s.strip_suffix('\r').unwrap_or(s))
            .unwrap_or(&raw);
        if trimmed.is_empty() {
            return Err(Error::Pin {
                reason: "the PIN is empty".into(),
            });
        }
        Ok(Pin(Zeroizing::new(trimmed.to_owned())))
    }
}

/// A user PIN. Zeroized on drop; `Debug` prints `Pin(<redacted>)`.
pub struct Pin(Zeroizing<String>);

impl Pin {
    /// The PIN in cryptoki's secret type (itself zeroized on drop), made for one login.
    pub fn auth_pin(&self) -> AuthPin {
        AuthPin::from(self.0.as_str())
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_file_and_strips_one_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pin");
        std::fs::write(&path, "12 34\r\n").unwrap();
        let pin = PinSource::File(path).read().unwrap();
        assert_eq!(pin.0.as_str(), "12 34");
    }

    #[test]
    fn reads_env_and_rejects_empty_or_missing() {
        std::env::set_var("HSMGATE_TEST_PIN_OK", "s3cret");
        let pin = PinSource::Env("HSMGATE_TEST_PIN_OK".into()).read().unwrap();
        assert_eq!(pin.0.as_str(), "s3cret");
        assert_eq!(format!("{pin:?}"), "Pin(<redacted>)");
        std::env::set_var("HSMGATE_TEST_PIN_EMPTY", "");
        assert!(PinSource::Env("HSMGATE_TEST_PIN_EMPTY".into())
            .read()
            .is_err());
        let err = PinSource::Env("HSMGATE_TEST_PIN_MISSING".into())
            .read()
            .unwrap_err();
        assert!(err.to_string().contains("HSMGATE_TEST_PIN_MISSING"));
    }
}
