//! Files that hold secrets (PINs, private keys): created with mode 0600 from the start, so there is
//! no moment at which another user could read them.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use zeroize::Zeroizing;

/// Writes `contents` to a new file readable only by its owner. Fails if the file exists.
pub fn create_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// A fresh random PIN: 24 hex digits (96 bits), from the operating system's generator.
pub fn random_pin() -> std::io::Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; 12]);
    getrandom::fill(bytes.as_mut()).map_err(std::io::Error::other)?;
    let mut pin = Zeroizing::new(String::with_capacity(24));
    for b in bytes.iter() {
        pin.push(char::from(HEX[usize::from(b >> 4)]));
        pin.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    Ok(pin)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Reads a PIN file: its first line, without the line ending.
pub fn read_pin(path: &Path) -> std::io::Result<Zeroizing<String>> {
    let text = Zeroizing::new(std::fs::read_to_string(path)?);
    Ok(Zeroizing::new(text.lines().next().unwrap_or("").to_owned()))
}
