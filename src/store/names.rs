//! The Name attributes of a stored record, read from its TTLV-encoded Attributes structure, for
//! the store's name index (look-up by name without decoding every object).

use bytes::Bytes;
use hsmgate_kmip::ttlv::{decode, Limits, Tag, Value};

/// Every Name Value of the record's attributes (none when the blob does not decode: such a
/// record fails elsewhere, loudly, when it is loaded).
pub(crate) fn names_in(attributes: &[u8]) -> Vec<String> {
    let Ok(item) = decode(Bytes::copy_from_slice(attributes), &Limits::default()) else {
        return Vec::new();
    };
    let Value::Structure(fields) = &item.value else {
        return Vec::new();
    };
    let mut names: Vec<String> = fields
        .iter()
        .filter(|field| field.tag == Tag::NAME)
        .filter_map(|field| match &field.value {
            Value::Structure(parts) => parts.iter().find_map(|part| match &part.value {
                Value::TextString(text) if part.tag == Tag::NAME_VALUE => Some(text.clone()),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
pub(crate) fn attributes_with_names(names: &[&str]) -> Vec<u8> {
    use hsmgate_kmip::ttlv::{to_bytes, Item};
    let mut fields: Vec<Item> = names
        .iter()
        .map(|name| {
            Item::new(
                Tag::NAME,
                Value::Structure(vec![
                    Item::new(Tag::NAME_VALUE, Value::TextString((*name).into())),
                    Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
                ]),
            )
        })
        .collect();
    fields.push(Item::new(Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(256)));
    to_bytes(&Item::new(Tag::ATTRIBUTES, Value::Structure(fields))).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_the_attributes() {
        assert_eq!(
            names_in(&attributes_with_names(&["b", "a", "b"])),
            vec!["a", "b"]
        );
        assert!(names_in(&attributes_with_names(&[])).is_empty());
        assert!(names_in(&[1, 2, 3]).is_empty());
    }
}
