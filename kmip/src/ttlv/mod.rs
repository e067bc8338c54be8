//! TTLV (Tag, Type, Length, Value): KMIP's binary encoding.
//!
//! An [`Item`] is one TTLV element; a [`Value::Structure`] holds child items in order.

mod item;

pub use item::{Item, ItemType, Tag, Value};
