//! [`flat_payload!`]: declares a payload whose fields are read and written one after the
//! other, each by a rule of its kind (an optional text, a byte string, an enumeration...), so
//! that a payload such as Sign or Get is a list of fields instead of a struct, a `parse`, a
//! `to_item` and a `Debug` that repeat the same names four times.
//!
//! Field kinds, with the Rust type each field gets:
//!
//! | kind | type | note |
//! | --- | --- | --- |
//! | `text(TAG)` / `opt_text(TAG)` | `String` / `Option<String>` | |
//! | `enumeration(TAG, T)` / `opt_enumeration(TAG, T)` | `T` / `Option<T>` | |
//! | `opt_bytes(TAG)` | `Option<Bytes>` | `Debug` shows the length only |
//! | `opt_item(TAG)` | `Option<Item>` | kept as an item |
//! | `opt_interval(TAG)` | `Option<u32>` | seconds |
//! | `parameters` / `required_parameters` | `Option<CryptographicParameters>` / `CryptographicParameters` | |
//! | `attribute_list` | `Attributes` | 1.x Attribute*, 2.x Attributes |
//! | `attributes` / `opt_attributes` | `Attributes` / `Option<Attributes>` | 1.x Template-Attribute, 2.x Attributes |
//! | `implicit_attributes` | `Option<Attributes>` | 1.x only: a response's Template-Attribute |
//! | `v2_opt_item(TAG)` | `Option<Item>` | 2.x only, kept as an item |
//! | `attribute_names` | `Vec<AttributeName>` | 1.x Attribute Name*, 2.x Attribute Reference* |
//! | `object` | `Item` | the managed object; `Debug` shows its tag only |
//! | `stream` | `StreamControl` | Correlation Value, Init and Final Indicators |
//!
//! The generated `Debug` prints every field, redacting byte strings and objects as the table
//! says; a payload needing something else is written by hand.

/// Declares `pub struct $name` with the fields listed, and its `Debug` and [`Payload`]
/// implementations (`OPERATION` = `$operation`, `TAG` = `Tag::$payload_tag`). Fields are read
/// and written in the order listed.
///
/// [`Payload`]: crate::message::payload::Payload
macro_rules! flat_payload {
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($operation:expr, $payload_tag:ident) {
            $(
                $(#[$field_meta:meta])*
                $field:ident: $kind:ident $(($($arg:tt)*))?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $crate::message::payload::flat_payload::field!(
                    @type $kind $(($($arg)*))?
                ),
            )*
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(
                        stringify!($field),
                        &$crate::message::payload::flat_payload::field!(
                            @debug self.$field, $kind $(($($arg)*))?
                        ),
                    ))*
                    .finish()
            }
        }

        impl $crate::message::payload::Payload for $name {
            const OPERATION: $crate::spec::enums::Operation = $operation;
            const TAG: $crate::ttlv::Tag = $crate::ttlv::Tag::$payload_tag;

            fn parse(
                item: &$crate::ttlv::Item,
                version: $crate::message::ProtocolVersion,
            ) -> Result<Self, $crate::message::MessageError> {
                // Only some field kinds depend on the version.
                let _ = version;
                let mut f = $crate::message::payload::payload_fields(item, Self::TAG)?;
                let payload = $name {
                    $(
                        $field: $crate::message::payload::flat_payload::field!(
                            @parse f, version, $kind $(($($arg)*))?
                        ),
                    )*
                };
                f.finish()?;
                Ok(payload)
            }

            fn to_item(
                &self,
                version: $crate::message::ProtocolVersion,
            ) -> Result<$crate::ttlv::Item, $crate::message::MessageError> {
                let _ = version;
                let mut b = $crate::message::fields::Builder::new();
                $(
                    $crate::message::payload::flat_payload::field!(
                        @push b, version, self.$field, $kind $(($($arg)*))?
                    );
                )*
                Ok(b.build(Self::TAG))
            }
        }
    };
}
pub(crate) use flat_payload;

/// One field of a [`flat_payload!`]: its type, how it is read, written and shown.
macro_rules! field {
    (@type text($tag:ident)) => { String };
    (@type opt_text($tag:ident)) => { Option<String> };
    (@type enumeration($tag:ident, $ty:ty)) => { $ty };
    (@type opt_enumeration($tag:ident, $ty:ty)) => { Option<$ty> };
    (@type opt_bytes($tag:ident)) => { Option<::bytes::Bytes> };
    (@type opt_item($tag:ident)) => { Option<$crate::ttlv::Item> };
    (@type opt_interval($tag:ident)) => { Option<u32> };
    (@type parameters) => {
        Option<$crate::message::payload::CryptographicParameters>
    };
    (@type required_parameters) => { $crate::message::payload::CryptographicParameters };
    (@type attribute_list) => { $crate::message::Attributes };
    (@type attributes) => { $crate::message::Attributes };
    (@type opt_attributes) => { Option<$crate::message::Attributes> };
    (@type implicit_attributes) => { Option<$crate::message::Attributes> };
    (@type v2_opt_item($tag:ident)) => { Option<$crate::ttlv::Item> };
    (@type attribute_names) => { Vec<$crate::message::AttributeName> };
    (@type object) => { $crate::ttlv::Item };
    (@type stream) => { $crate::message::payload::StreamControl };

    (@parse $f:ident, $version:ident, text($tag:ident)) => {
        $f.text($crate::ttlv::Tag::$tag)?
    };
    (@parse $f:ident, $version:ident, opt_text($tag:ident)) => {
        $f.opt_text($crate::ttlv::Tag::$tag)?
    };
    (@parse $f:ident, $version:ident, enumeration($tag:ident, $ty:ty)) => {
        $f.enumeration($crate::ttlv::Tag::$tag)?
    };
    (@parse $f:ident, $version:ident, opt_enumeration($tag:ident, $ty:ty)) => {
        $f.opt_enumeration($crate::ttlv::Tag::$tag)?
    };
    (@parse $f:ident, $version:ident, opt_bytes($tag:ident)) => {
        $f.opt_bytes($crate::ttlv::Tag::$tag)?
    };
    (@parse $f:ident, $version:ident, opt_item($tag:ident)) => {
        $f.opt_item($crate::ttlv::Tag::$tag)
    };
    (@parse $f:ident, $version:ident, opt_interval($tag:ident)) => {
        $crate::message::payload::field_extras::opt_interval(&mut $f, $crate::ttlv::Tag::$tag)?
    };
    (@parse $f:ident, $version:ident, parameters) => {
        $f.take($crate::ttlv::Tag::CRYPTOGRAPHIC_PARAMETERS)
            .map($crate::message::payload::CryptographicParameters::try_from)
            .transpose()?
    };
    (@parse $f:ident, $version:ident, required_parameters) => {
        $crate::message::payload::CryptographicParameters::try_from(
            $f.required($crate::ttlv::Tag::CRYPTOGRAPHIC_PARAMETERS)?,
        )?
    };
    (@parse $f:ident, $version:ident, attribute_list) => {
        $crate::message::payload::import::take_attribute_list(&mut $f, $version)?
    };
    (@parse $f:ident, $version:ident, attributes) => {
        // The structure is required in both versions, though it may be empty.
        $crate::message::payload::flat_payload::field!(@parse $f, $version, opt_attributes)
            .ok_or($crate::message::MessageError::MissingField {
                parent: Self::TAG,
                field: if $version.is_v2() {
                    $crate::ttlv::Tag::ATTRIBUTES
                } else {
                    $crate::ttlv::Tag::TEMPLATE_ATTRIBUTE
                },
            })?
    };
    (@parse $f:ident, $version:ident, opt_attributes) => {
        $crate::message::payload::take_attributes(
            &mut $f,
            $version,
            $crate::ttlv::Tag::TEMPLATE_ATTRIBUTE,
            $crate::ttlv::Tag::ATTRIBUTES,
        )?
    };
    (@parse $f:ident, $version:ident, implicit_attributes) => {
        if $version.is_v2() {
            None
        } else {
            $crate::message::payload::flat_payload::field!(@parse $f, $version, opt_attributes)
        }
    };
    (@parse $f:ident, $version:ident, v2_opt_item($tag:ident)) => {
        if $version.is_v2() {
            $f.opt_item($crate::ttlv::Tag::$tag)
        } else {
            None
        }
    };
    (@parse $f:ident, $version:ident, attribute_names) => {
        $f.take_all(if $version.is_v2() {
            $crate::ttlv::Tag::ATTRIBUTE_REFERENCE
        } else {
            $crate::ttlv::Tag::ATTRIBUTE_NAME
        })
        .into_iter()
        .map($crate::message::attributes::parse_attribute_reference)
        .collect::<Result<Vec<_>, _>>()?
    };
    (@parse $f:ident, $version:ident, object) => {
        $crate::message::payload::take_object(&mut $f, Self::TAG)?
    };
    (@parse $f:ident, $version:ident, stream) => {
        $crate::message::payload::StreamControl::take(&mut $f)?
    };

    (@push $b:ident, $version:ident, $v:expr, text($tag:ident)) => {
        $b.text($crate::ttlv::Tag::$tag, &$v)
    };
    (@push $b:ident, $version:ident, $v:expr, opt_text($tag:ident)) => {
        $b.opt_text($crate::ttlv::Tag::$tag, $v.as_deref())
    };
    (@push $b:ident, $version:ident, $v:expr, enumeration($tag:ident, $ty:ty)) => {
        $b.enumeration($crate::ttlv::Tag::$tag, $v)
    };
    (@push $b:ident, $version:ident, $v:expr, opt_enumeration($tag:ident, $ty:ty)) => {
        $b.opt_enumeration($crate::ttlv::Tag::$tag, $v)
    };
    (@push $b:ident, $version:ident, $v:expr, opt_bytes($tag:ident)) => {
        $b.opt_bytes($crate::ttlv::Tag::$tag, $v.as_ref())
    };
    (@push $b:ident, $version:ident, $v:expr, opt_item($tag:ident)) => {
        $b.opt_item($v.as_ref())
    };
    (@push $b:ident, $version:ident, $v:expr, opt_interval($tag:ident)) => {
        $b.opt($crate::ttlv::Tag::$tag, $v.map($crate::ttlv::Value::Interval))
    };
    (@push $b:ident, $version:ident, $v:expr, parameters) => {
        if let Some(parameters) = &$v {
            $b.item(parameters.to_item());
        }
    };
    (@push $b:ident, $version:ident, $v:expr, required_parameters) => {
        $b.item($v.to_item())
    };
    (@push $b:ident, $version:ident, $v:expr, attribute_list) => {
        $crate::message::payload::import::push_attribute_list(&mut $b, &$v, $version)?
    };
    (@push $b:ident, $version:ident, $v:expr, attributes) => {
        $crate::message::payload::push_attributes(
            &mut $b,
            Some(&$v),
            $version,
            $crate::ttlv::Tag::TEMPLATE_ATTRIBUTE,
            $crate::ttlv::Tag::ATTRIBUTES,
        )?
    };
    (@push $b:ident, $version:ident, $v:expr, opt_attributes) => {
        $crate::message::payload::push_attributes(
            &mut $b,
            $v.as_ref(),
            $version,
            $crate::ttlv::Tag::TEMPLATE_ATTRIBUTE,
            $crate::ttlv::Tag::ATTRIBUTES,
        )?
    };
    (@push $b:ident, $version:ident, $v:expr, implicit_attributes) => {
        if !$version.is_v2() {
            $crate::message::payload::flat_payload::field!(
                @push $b, $version, $v, opt_attributes
            );
        }
    };
    (@push $b:ident, $version:ident, $v:expr, v2_opt_item($tag:ident)) => {
        if $version.is_v2() {
            $b.opt_item($v.as_ref());
        }
    };
    (@push $b:ident, $version:ident, $v:expr, attribute_names) => {
        for name in &$v {
            $b.item($crate::message::attributes::attribute_reference_item(name, $version)?);
        }
    };
    (@push $b:ident, $version:ident, $v:expr, object) => {
        $b.item($v.clone())
    };
    (@push $b:ident, $version:ident, $v:expr, stream) => {
        $v.push(&mut $b)
    };

    (@debug $v:expr, opt_bytes($tag:ident)) => {
        $crate::message::payload::field_extras::ByteLen($v.as_ref())
    };
    (@debug $v:expr, object) => {
        format_args!("<{:#08X} redacted>", $v.tag.value())
    };
    (@debug $v:expr, $($other:tt)*) => { &$v };
}
pub(crate) use field;
