//! Locate: the objects, among those the caller may see, whose attributes match a query, with
//! the matching rules of KMIP 1.4 §4.9 / 2.1 §6.1.27:
//!
//! - every attribute in the query must be matched by the object; several instances of one
//!   attribute (two Names, say) must each be matched by some instance on the object;
//! - a structure in the query matches when the fields it gives match (a Link with only a Linked
//!   Object Identifier matches whatever the Link Type);
//! - one instance of a date attribute asks for that date, two ask for the range between them,
//!   limits included;
//! - the Cryptographic Usage Mask asked for must be contained in the object's;
//! - results come newest first; Offset Items skips, Maximum Items caps;
//! - destroyed objects come only when the Storage Status Mask asks for them (KMIP 2.x; KMIP 1.x
//!   has no Destroyed Storage bit and its clients see destroyed objects as on-line). There is no
//!   archive, so archived storage alone matches nothing.

use hsmgate_kmip::message::{Attribute, AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{Operation, State};
use hsmgate_kmip::spec::StorageStatusMask;
use hsmgate_kmip::ttlv::{Item, ItemType, Tag, Value};

use super::object::ManagedObject;
use super::{KeyService, ServiceError};
use crate::identity::Identity;

/// The most identifiers one Locate returns when the client sets no lower Maximum Items, so a
/// response stays within message size limits. Located Items still tells the full count.
pub const LOCATE_LIMIT: usize = 1000;

/// What to look for.
#[derive(Clone, Debug, Default)]
pub struct LocateQuery {
    pub criteria: Attributes,
    pub offset: usize,
    pub maximum: Option<usize>,
    /// Storage Status Mask; `None` is on-line objects only.
    pub storage_status_mask: Option<u32>,
    /// KMIP 1.x semantics for destroyed objects (see the module docs).
    pub v1: bool,
}

/// What Locate found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Located {
    /// How many objects matched in all.
    pub matched: usize,
    /// The identifiers returned (after Offset Items and Maximum Items), newest first.
    pub uids: Vec<String>,
    /// True when the server's own limit, not the client's Maximum Items, cut the list.
    pub truncated: bool,
}

/// One criterion: an attribute name and the values asked for.
struct Criterion<'a> {
    name: &'a AttributeName,
    values: Vec<&'a Value>,
}

fn group(criteria: &Attributes) -> Vec<Criterion<'_>> {
    let mut groups: Vec<Criterion<'_>> = Vec::new();
    for attribute in criteria.iter() {
        match groups.iter_mut().find(|c| c.name == &attribute.name) {
            Some(criterion) => criterion.values.push(&attribute.value),
            None => groups.push(Criterion {
                name: &attribute.name,
                values: vec![&attribute.value],
            }),
        }
    }
    groups
}

/// Seconds of a date value (DateTime or, from 2.x clients, DateTimeExtended).
fn seconds(value: &Value) -> Option<i64> {
    match value {
        Value::DateTime(s) => Some(*s),
        Value::DateTimeExtended(us) => Some(us.div_euclid(1_000_000)),
        _ => None,
    }
}

fn is_date(value: &Value) -> bool {
    matches!(
        value.item_type(),
        ItemType::DateTime | ItemType::DateTimeExtended
    )
}

/// Whether `found` matches `asked`: equal, or for structures, every field asked for matches a
/// field of the same tag in `found`.
fn value_matches(asked: &Value, found: &Value) -> bool {
    match (asked, found) {
        (Value::Structure(asked), Value::Structure(found)) => asked
            .iter()
            .all(|field| found.iter().any(|f| item_matches(field, f))),
        _ => match (seconds(asked), seconds(found)) {
            (Some(a), Some(b)) => a == b,
            _ => asked == found,
        },
    }
}

fn item_matches(asked: &Item, found: &Item) -> bool {
    asked.tag == found.tag && value_matches(&asked.value, &found.value)
}

fn criterion_matches(
    criterion: &Criterion<'_>,
    object: &ManagedObject,
) -> Result<bool, ServiceError> {
    let instances: Vec<&Attribute> = object.attributes.all(criterion.name).collect();
    if criterion.name == &AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK) {
        return Ok(criterion.values.iter().all(|asked| match asked {
            Value::Integer(mask) => instances
                .iter()
                .any(|a| matches!(a.value, Value::Integer(m) if m & mask == *mask)),
            _ => false,
        }));
    }
    if criterion.values.iter().all(|v| is_date(v)) {
        let asked: Vec<i64> = criterion.values.iter().filter_map(|v| seconds(v)).collect();
        let (low, high) = match asked.as_slice() {
            [date] => (*date, *date),
            [a, b] => (*a.min(b), *a.max(b)),
            _ => {
                return Err(ServiceError::InvalidField(
                    "a date attribute may appear once (a date) or twice (a range) in Locate".into(),
                ))
            }
        };
        return Ok(instances
            .iter()
            .filter_map(|a| seconds(&a.value))
            .any(|date| low <= date && date <= high));
    }
    Ok(criterion
        .values
        .iter()
        .all(|asked| instances.iter().any(|a| value_matches(asked, &a.value))))
}

fn is_destroyed(object: &ManagedObject) -> bool {
    matches!(
        object.state(),
        State::DESTROYED | State::DESTROYED_COMPROMISED
    )
}

/// Whether the object is in a storage class the query searches.
fn in_storage(query: &LocateQuery, object: &ManagedObject) -> bool {
    let mask = query
        .storage_status_mask
        .unwrap_or(StorageStatusMask::ON_LINE_STORAGE.0);
    let wanted = |bit: StorageStatusMask| mask & bit.0 != 0;
    if is_destroyed(object) && !query.v1 {
        wanted(StorageStatusMask::DESTROYED_STORAGE)
    } else {
        wanted(StorageStatusMask::ON_LINE_STORAGE)
    }
}

impl KeyService {
    /// Runs a Locate over the objects the caller may locate (owned, granted Locate, or all for
    /// an administrator).
    pub async fn locate(
        &self,
        caller: &Identity,
        query: &LocateQuery,
    ) -> Result<Located, ServiceError> {
        let objects = self.visible_objects(caller, Operation::LOCATE).await?;
        let criteria = group(&query.criteria);
        let mut matching = Vec::new();
        // Newest first, as the spec orders results; the store lists oldest first.
        for object in objects.iter().rev() {
            if !in_storage(query, object) {
                continue;
            }
            let mut all = true;
            for criterion in &criteria {
                if !criterion_matches(criterion, object)? {
                    all = false;
                    break;
                }
            }
            if all {
                matching.push(object.uid().to_owned());
            }
        }
        let matched = matching.len();
        let limit = query.maximum.unwrap_or(LOCATE_LIMIT).min(LOCATE_LIMIT);
        let uids: Vec<String> = matching
            .into_iter()
            .skip(query.offset)
            .take(limit)
            .collect();
        let truncated = query.maximum.is_none_or(|m| m > LOCATE_LIMIT)
            && matched.saturating_sub(query.offset) > uids.len();
        Ok(Located {
            matched,
            uids,
            truncated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Value {
        Value::Structure(vec![
            Item::new(Tag::NAME_VALUE, Value::TextString(text.into())),
            Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
        ])
    }

    #[test]
    fn structures_match_on_the_fields_asked_for() {
        let link = Value::Structure(vec![
            Item::new(Tag::LINK_TYPE, Value::Enumeration(0x0103)),
            Item::new(
                Tag::LINKED_OBJECT_IDENTIFIER,
                Value::TextString("u1".into()),
            ),
        ]);
        let only_id = Value::Structure(vec![Item::new(
            Tag::LINKED_OBJECT_IDENTIFIER,
            Value::TextString("u1".into()),
        )]);
        let other_id = Value::Structure(vec![Item::new(
            Tag::LINKED_OBJECT_IDENTIFIER,
            Value::TextString("u2".into()),
        )]);
        assert!(value_matches(&only_id, &link));
        assert!(!value_matches(&other_id, &link));
        assert!(value_matches(&name("k"), &name("k")));
        assert!(!value_matches(&name("k"), &name("K")));
        assert!(value_matches(
            &Value::DateTimeExtended(5_000_000),
            &Value::DateTime(5)
        ));
    }
}
