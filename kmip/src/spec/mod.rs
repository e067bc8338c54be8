//! What the KMIP specifications define as data: tags, enumerations and bit masks, with the
//! names the KMIP XML encoding uses for them.
//!
//! Every table is the union of KMIP 1.0–1.4 and 2.0–2.1. Values are open newtypes, so a value
//! no table names (a vendor extension, a later version) still round-trips. Names follow the
//! normalisation of KMIP Profiles 2.1 §5.4.1.1 (`PreActive`, `PKCS_11Function`, `SHA_256`,
//! `DES3` for 3DES), which is how the OASIS XML test vectors spell them.

#[macro_use]
mod macros;
mod lookup;
mod masks;
mod names;
mod table;
pub mod tags;
#[cfg(test)]
mod tests;

pub mod enums {
    //! Every enumeration of KMIP 1.0–2.1 as an open newtype (`Operation::CREATE`,
    //! `ObjectType::SYMMETRIC_KEY`, `State::PRE_ACTIVE`, ...).
    mod crypto;
    mod message;
    mod object;
    mod pkcs11;
    mod profile;

    pub use crypto::*;
    pub use message::*;
    pub use object::*;
    pub use pkcs11::*;
    pub use profile::*;
}

pub use enums::*;
pub use lookup::{enumeration_for, mask_for};
pub use masks::{CryptographicUsageMask, ProtectionStorageMask, StorageStatusMask};
pub use names::normalize_name;

/// The names of one enumeration, for code that knows only the tag (the XML codec, logs).
pub struct EnumTable {
    name: &'static str,
    value_name: fn(u32) -> Option<&'static str>,
    value_from_name: fn(&str) -> Option<u32>,
}

impl EnumTable {
    pub(crate) const fn new(
        name: &'static str,
        value_name: fn(u32) -> Option<&'static str>,
        value_from_name: fn(&str) -> Option<u32>,
    ) -> Self {
        EnumTable {
            name,
            value_name,
            value_from_name,
        }
    }

    /// The spec's name of the enumeration, e.g. `"Cryptographic Algorithm"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The XML name of `value`, or `None` if the table does not name it.
    pub fn value_name(&self, value: u32) -> Option<&'static str> {
        (self.value_name)(value)
    }

    /// The value the XML name `name` stands for.
    pub fn value_from_name(&self, name: &str) -> Option<u32> {
        (self.value_from_name)(name)
    }
}

impl std::fmt::Debug for EnumTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("EnumTable").field(&self.name).finish()
    }
}

/// The bit names of one mask, and the text form the XML encoding uses for masks.
#[derive(Debug)]
pub struct MaskTable {
    name: &'static str,
    bits: &'static [(&'static str, u32)],
}

impl MaskTable {
    pub(crate) const fn new(name: &'static str, bits: &'static [(&'static str, u32)]) -> Self {
        MaskTable { name, bits }
    }

    /// The spec's name of the mask, e.g. `"Cryptographic Usage Mask"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Every named bit as `(XML name, bit)`, lowest first.
    pub fn bits(&self) -> &'static [(&'static str, u32)] {
        self.bits
    }

    /// The XML text of a mask value: the names of its bits, lowest first, separated by spaces;
    /// bits without a name follow as one hex number (`"Encrypt 0x80000000"`); `0` for no bits.
    pub fn format(&self, value: u32) -> String {
        let mut out = String::new();
        let mut rest = value;
        for (name, bit) in self.bits {
            if value & bit == *bit && *bit != 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(name);
                rest &= !bit;
            }
        }
        if rest != 0 || out.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            if rest == 0 {
                out.push('0');
            } else {
                out.push_str(&format!("0x{rest:08X}"));
            }
        }
        out
    }

    /// The mask value of an XML text: bit names and numbers (decimal or `0x` hex, as the
    /// KMIP XML encoding allows) separated by spaces or `|`, ORed together. `None` if a token
    /// is neither, or the text is empty.
    pub fn parse(&self, text: &str) -> Option<u32> {
        let mut value = 0u32;
        let mut tokens = 0usize;
        for token in text
            .split(|c: char| c.is_whitespace() || c == '|')
            .filter(|t| !t.is_empty())
        {
            tokens += 1;
            value |= match self.bits.iter().find(|(name, _)| *name == token) {
                Some((_, bit)) => *bit,
                None => parse_u32_or_i32(token)?,
            };
        }
        (tokens > 0).then_some(value)
    }
}

/// A 32-bit number as text: `0x` hex, or decimal (an Integer's negative values keep their bits).
pub(crate) fn parse_u32_or_i32(text: &str) -> Option<u32> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    match text.parse::<i64>().ok()? {
        v @ 0..=0xFFFF_FFFF => u32::try_from(v).ok(),
        v @ -0x8000_0000..=-1 => i32::try_from(v)
            .ok()
            .map(|v| u32::from_ne_bytes(v.to_ne_bytes())),
        _ => None,
    }
}
