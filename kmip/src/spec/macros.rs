//! The macros that turn a `(CONST, value, "XmlName")` table into an open newtype with named
//! constants and name lookups in both directions (after rustls's `enum_builder!`).

/// Defines an open KMIP enumeration: `pub struct $ty(pub u32)` with a constant per row,
/// `name()`, `from_name()`, `Debug`/`Display` that print the XML name or the value in hex,
/// and a [`crate::spec::EnumTable`] for the codecs that only know the tag.
///
/// `aliases` lists other spellings `from_name` also accepts (e.g. a 1.x name the 2.x spec
/// changed); `name()` always gives the table's spelling.
macro_rules! kmip_enum {
    (
        $(#[$meta:meta])*
        $ty:ident, $spec:literal {
            $( ($konst:ident, $value:literal, $name:literal) ),* $(,)?
        }
        $( aliases { $( ($alias:literal, $avalue:literal) ),* $(,)? } )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(pub u32);

        impl $ty {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($value), ").")]
                pub const $konst: $ty = $ty($value);
            )*

            /// Every named value as `(XML name, value)`, in numeric order.
            pub const ALL: &'static [(&'static str, u32)] = &[ $( ($name, $value), )* ];
            const BY_NAME: [(&'static str, u32); Self::ALL.len()] =
                $crate::spec::table::sort_by_name(Self::ALL);
            const ALIASES: &'static [(&'static str, u32)] = &[ $($( ($alias, $avalue), )*)? ];

            /// The table for codecs that find it by tag ([`crate::spec::enumeration_for`]).
            pub const TABLE: $crate::spec::EnumTable = $crate::spec::EnumTable::new(
                $spec,
                Self::name_of,
                Self::value_of,
            );

            /// The value's name as the KMIP XML encoding spells it, or `None` for a value no
            /// KMIP version up to 2.1 names (e.g. a vendor extension, 0x8XXXXXXX).
            #[allow(clippy::match_single_binding)] // tables with no named values
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($name), )*
                    _ => None,
                }
            }

            /// The value named `name` (exact XML spelling, or a listed older spelling).
            pub fn from_name(name: &str) -> Option<Self> {
                $crate::spec::table::lookup_by_name(&Self::BY_NAME, name)
                    .or_else(|| Self::ALIASES.iter().find(|(alias, _)| *alias == name).map(|(_, v)| *v))
                    .map($ty)
            }

            fn name_of(value: u32) -> Option<&'static str> {
                $ty(value).name()
            }

            fn value_of(name: &str) -> Option<u32> {
                Self::from_name(name).map(|v| v.0)
            }
        }

        impl ::core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(name) => write!(f, concat!(stringify!($ty), "::{}"), name),
                    None => write!(f, concat!(stringify!($ty), "(0x{:08X})"), self.0),
                }
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "0x{:08X}", self.0),
                }
            }
        }

        impl From<u32> for $ty {
            fn from(value: u32) -> Self {
                $ty(value)
            }
        }

        impl From<$ty> for u32 {
            fn from(value: $ty) -> u32 {
                value.0
            }
        }
    };
}

/// Defines a KMIP bit mask (an Integer whose bits have names): `pub struct $ty(pub u32)` with a
/// constant per bit, set operations, and a [`crate::spec::MaskTable`] for the XML codec, which
/// writes masks as space-separated bit names (`"Encrypt Decrypt"`).
macro_rules! kmip_mask {
    (
        $(#[$meta:meta])*
        $ty:ident, $spec:literal {
            $( ($konst:ident, $value:literal, $name:literal) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $ty(pub u32);

        impl $ty {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($value), ").")]
                pub const $konst: $ty = $ty($value);
            )*

            /// The empty mask.
            pub const NONE: $ty = $ty(0);

            /// Every named bit as `(XML name, bit)`, lowest bit first.
            pub const BITS: &'static [(&'static str, u32)] = &[ $( ($name, $value), )* ];

            /// The table for codecs that find it by tag ([`crate::spec::mask_for`]).
            pub const TABLE: $crate::spec::MaskTable = $crate::spec::MaskTable::new($spec, Self::BITS);

            /// Whether every bit of `other` is set in `self`.
            pub const fn contains(self, other: $ty) -> bool {
                self.0 & other.0 == other.0
            }

            /// The mask as the Integer it is on the wire (the same 32 bits).
            pub const fn to_i32(self) -> i32 {
                i32::from_ne_bytes(self.0.to_ne_bytes())
            }

            /// The mask an Integer on the wire holds.
            pub const fn from_i32(value: i32) -> Self {
                $ty(u32::from_ne_bytes(value.to_ne_bytes()))
            }
        }

        impl ::core::ops::BitOr for $ty {
            type Output = $ty;
            fn bitor(self, rhs: $ty) -> $ty {
                $ty(self.0 | rhs.0)
            }
        }

        impl ::core::ops::BitOrAssign for $ty {
            fn bitor_assign(&mut self, rhs: $ty) {
                self.0 |= rhs.0;
            }
        }

        impl ::core::ops::BitAnd for $ty {
            type Output = $ty;
            fn bitand(self, rhs: $ty) -> $ty {
                $ty(self.0 & rhs.0)
            }
        }

        impl ::core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, concat!(stringify!($ty), "({})"), Self::TABLE.format(self.0))
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&Self::TABLE.format(self.0))
            }
        }
    };
}
