//! Editing an object's attributes: Add, Modify, Set and Delete Attribute, and the list of an
//! object's attribute names (Get Attribute List), under the rules of `attribute_rules`.
//!
//! Instances of a multi-valued attribute are numbered by their position among instances of the
//! same name (KMIP 1.x Attribute Index). The store keeps attributes in the KMIP 2.x shape, which
//! has no indices, so deleting an instance renumbers the later ones; KMIP 1.x asks for stable
//! indices, which would need indices in the stored form.

use hsmgate_kmip::message::{Attribute, AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{Operation, State};
use hsmgate_kmip::ttlv::{Tag, Value};

use super::attribute_rules::{
    check_value, client_editable, display_name, multi_valued, PRE_ACTIVE_ONLY,
};
use super::error::AttributeRefusal;
use super::object::{now, ManagedObject};
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::ListFilter;

/// Which instance of an attribute a Modify or Delete is about.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Instance {
    /// The instance with this KMIP 1.x Attribute Index.
    Index(u32),
    /// The instance with this value (KMIP 2.x Current Attribute).
    Value(Value),
    /// The one instance; refused when there are several.
    Only,
    /// Every instance (Delete by KMIP 2.x Attribute Reference).
    All,
}

fn refused(refusal: AttributeRefusal, name: &AttributeName) -> ServiceError {
    ServiceError::AttributeRefused {
        refusal,
        name: display_name(name),
    }
}

/// Positions in the object's list of the instances `which` designates.
fn find(
    attributes: &Attributes,
    name: &AttributeName,
    which: &Instance,
) -> Result<Vec<usize>, ServiceError> {
    let all: Vec<usize> = attributes
        .list
        .iter()
        .enumerate()
        .filter(|(_, a)| &a.name == name)
        .map(|(position, _)| position)
        .collect();
    if all.is_empty() {
        return Err(refused(AttributeRefusal::NotFound, name));
    }
    let instance = |keep: &dyn Fn(&Attribute) -> bool| {
        all.iter()
            .copied()
            .find(|p| attributes.list.get(*p).is_some_and(keep))
            .map(|p| vec![p])
            .ok_or_else(|| refused(AttributeRefusal::InstanceNotFound, name))
    };
    match which {
        Instance::All => Ok(all),
        Instance::Only if all.len() > 1 => Err(refused(AttributeRefusal::MultiValued, name)),
        Instance::Only => Ok(all),
        Instance::Index(index) => instance(&|a| a.index == *index),
        Instance::Value(value) => instance(&|a| &a.value == value),
    }
}

/// Gives the instances of `name` the indices 0, 1, ... in order, as a reload would.
fn renumber(attributes: &mut Attributes, name: &AttributeName) {
    let mut next = 0u32;
    for attribute in attributes.list.iter_mut().filter(|a| &a.name == name) {
        attribute.index = next;
        next = next.saturating_add(1);
    }
}

/// The Name Value of a Name attribute value.
fn name_value(value: &Value) -> Option<&str> {
    let Value::Structure(fields) = value else {
        return None;
    };
    fields.iter().find_map(|f| match (f.tag, &f.value) {
        (Tag::NAME_VALUE, Value::TextString(text)) => Some(text.as_str()),
        _ => None,
    })
}

fn date_of(value: Option<&Value>) -> Option<i64> {
    match value {
        Some(Value::DateTime(seconds)) => Some(*seconds),
        Some(Value::DateTimeExtended(micros)) => Some(micros.div_euclid(1_000_000)),
        _ => None,
    }
}

impl KeyService {
    /// Loads the object for an edit of `name`, checking the attribute rules that do not depend
    /// on the edit's kind.
    async fn editable(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
        name: &AttributeName,
        value: Option<&Value>,
    ) -> Result<ManagedObject, ServiceError> {
        let object = self.authorized(caller, uid, operation).await?;
        if !client_editable(name) {
            return Err(refused(AttributeRefusal::ReadOnly, name));
        }
        if let Some(value) = value {
            check_value(name, value).map_err(ServiceError::InvalidField)?;
        }
        if let AttributeName::Tagged(tag) = name {
            if PRE_ACTIVE_ONLY.contains(tag) && object.state() != State::PRE_ACTIVE {
                return Err(ServiceError::WrongState(
                    "this date can only change while the object is Pre-Active",
                ));
            }
        }
        Ok(object)
    }

    /// Refuses a Name that another object (or, when `include_self`, this one) already has:
    /// names identify objects in the whole server (KMIP 2.1 §4.28, Name). Other attributes pass.
    async fn require_unique_name(
        &self,
        object: &ManagedObject,
        name: &AttributeName,
        value: &Value,
        include_self: bool,
    ) -> Result<(), ServiceError> {
        if *name != AttributeName::Tagged(Tag::NAME) {
            return Ok(());
        }
        let Some(wanted) = name_value(value) else {
            return Ok(());
        };
        let wanted = wanted.to_owned();
        let own_uid = object.uid().to_owned();
        if include_self
            && object
                .attributes
                .all(name)
                .any(|a| name_value(&a.value) == Some(wanted.as_str()))
        {
            return Err(refused(AttributeRefusal::NonUniqueName, name));
        }
        let records = self
            .with_store(|store| Ok(store.list(&ListFilter::default())?))
            .await?;
        for record in records {
            if record.uid == own_uid {
                continue;
            }
            let other = ManagedObject::from_record(record)?;
            if other
                .attributes
                .all(name)
                .any(|a| name_value(&a.value) == Some(wanted.as_str()))
            {
                return Err(refused(AttributeRefusal::NonUniqueName, name));
            }
        }
        Ok(())
    }

    /// Records the change (Last Change Date, and Pre-Active → Active when the Activation Date
    /// has come) and stores the object.
    async fn save_edit(&self, mut object: ManagedObject) -> Result<(), ServiceError> {
        let now = now();
        let activation = date_of(object.attributes.get(Tag::ACTIVATION_DATE));
        if object.state() == State::PRE_ACTIVE && activation.is_some_and(|date| date <= now) {
            object.set(Tag::STATE, Value::Enumeration(State::ACTIVE.0));
        }
        object.set(Tag::LAST_CHANGE_DATE, Value::DateTime(now));
        self.save(&object).await
    }

    /// Adds an instance of an attribute; returns it with its index.
    pub async fn add_attribute(
        &self,
        caller: &Identity,
        uid: &str,
        name: AttributeName,
        value: Value,
    ) -> Result<Attribute, ServiceError> {
        let mut object = self
            .editable(caller, uid, Operation::ADD_ATTRIBUTE, &name, Some(&value))
            .await?;
        if !multi_valued(&name) && object.attributes.all(&name).next().is_some() {
            return Err(refused(AttributeRefusal::SingleValued, &name));
        }
        self.require_unique_name(&object, &name, &value, true)
            .await?;
        object.attributes.push(name, value);
        let added = object.attributes.list.last().cloned();
        self.save_edit(object).await?;
        added.ok_or_else(|| ServiceError::Internal("added attribute vanished".into()))
    }

    /// Replaces the value of one instance of an attribute; returns the instance as changed.
    pub async fn modify_attribute(
        &self,
        caller: &Identity,
        uid: &str,
        name: AttributeName,
        which: Instance,
        value: Value,
    ) -> Result<Attribute, ServiceError> {
        if which == Instance::All {
            return Err(ServiceError::InvalidField(
                "Modify Attribute changes one instance".into(),
            ));
        }
        let mut object = self
            .editable(
                caller,
                uid,
                Operation::MODIFY_ATTRIBUTE,
                &name,
                Some(&value),
            )
            .await?;
        let position = find(&object.attributes, &name, &which)?
            .first()
            .copied()
            .ok_or_else(|| refused(AttributeRefusal::InstanceNotFound, &name))?;
        self.require_unique_name(&object, &name, &value, false)
            .await?;
        let modified = match object.attributes.list.get_mut(position) {
            Some(attribute) => {
                attribute.value = value;
                attribute.clone()
            }
            None => return Err(refused(AttributeRefusal::InstanceNotFound, &name)),
        };
        self.save_edit(object).await?;
        Ok(modified)
    }

    /// Adds the attribute when the object has none, else replaces its one instance (KMIP 2.x
    /// Set Attribute).
    pub async fn set_attribute(
        &self,
        caller: &Identity,
        uid: &str,
        name: AttributeName,
        value: Value,
    ) -> Result<(), ServiceError> {
        let mut object = self
            .editable(caller, uid, Operation::SET_ATTRIBUTE, &name, Some(&value))
            .await?;
        self.require_unique_name(&object, &name, &value, false)
            .await?;
        match find(&object.attributes, &name, &Instance::Only) {
            Ok(positions) => {
                for position in positions {
                    if let Some(attribute) = object.attributes.list.get_mut(position) {
                        attribute.value = value.clone();
                    }
                }
            }
            Err(ServiceError::AttributeRefused {
                refusal: AttributeRefusal::NotFound,
                ..
            }) => object.attributes.push(name, value),
            Err(e) => return Err(e),
        }
        self.save_edit(object).await
    }

    /// Deletes instances of an attribute; returns those deleted.
    pub async fn delete_attribute(
        &self,
        caller: &Identity,
        uid: &str,
        name: AttributeName,
        which: Instance,
    ) -> Result<Vec<Attribute>, ServiceError> {
        let mut object = self
            .editable(caller, uid, Operation::DELETE_ATTRIBUTE, &name, None)
            .await?;
        let positions = find(&object.attributes, &name, &which)?;
        let mut position = 0usize;
        let mut deleted = Vec::new();
        object.attributes.list.retain(|attribute| {
            let delete = positions.contains(&position);
            position += 1;
            if delete {
                deleted.push(attribute.clone());
            }
            !delete
        });
        renumber(&mut object.attributes, &name);
        self.save_edit(object).await?;
        Ok(deleted)
    }

    /// The names of the object's attributes, each once, in the object's order.
    pub async fn attribute_names(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<Vec<AttributeName>, ServiceError> {
        let object = self
            .authorized(caller, uid, Operation::GET_ATTRIBUTE_LIST)
            .await?;
        let mut names: Vec<AttributeName> = Vec::new();
        for attribute in object.attributes.list {
            if !names.contains(&attribute.name) {
                names.push(attribute.name);
            }
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Attributes {
        let mut attributes = Attributes::new();
        let name = AttributeName::Tagged(Tag::NAME);
        for text in ["a", "b", "c"] {
            attributes.push(name.clone(), Value::TextString(text.into()));
        }
        attributes.push(
            AttributeName::Tagged(Tag::DESCRIPTION),
            Value::TextString("d".into()),
        );
        attributes
    }

    #[test]
    fn instances_are_found_by_index_value_or_uniqueness() {
        let attributes = sample();
        let name = AttributeName::Tagged(Tag::NAME);
        assert_eq!(find(&attributes, &name, &Instance::Index(2)).unwrap(), [2]);
        assert_eq!(
            find(
                &attributes,
                &name,
                &Instance::Value(Value::TextString("b".into()))
            )
            .unwrap(),
            [1]
        );
        assert_eq!(find(&attributes, &name, &Instance::All).unwrap(), [0, 1, 2]);
        let refusal = |r: Result<Vec<usize>, ServiceError>| match r {
            Err(ServiceError::AttributeRefused { refusal, .. }) => refusal,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refusal(find(&attributes, &name, &Instance::Only)),
            AttributeRefusal::MultiValued
        );
        assert_eq!(
            refusal(find(&attributes, &name, &Instance::Index(3))),
            AttributeRefusal::InstanceNotFound
        );
        let comment = AttributeName::Tagged(Tag::COMMENT);
        assert_eq!(
            refusal(find(&attributes, &comment, &Instance::Only)),
            AttributeRefusal::NotFound
        );
        let description = AttributeName::Tagged(Tag::DESCRIPTION);
        assert_eq!(
            find(&attributes, &description, &Instance::Only).unwrap(),
            [3]
        );
    }

    #[test]
    fn renumbering_follows_the_order_of_instances() {
        let mut attributes = sample();
        attributes.list.remove(0);
        let name = AttributeName::Tagged(Tag::NAME);
        renumber(&mut attributes, &name);
        let indices: Vec<u32> = attributes.all(&name).map(|a| a.index).collect();
        assert_eq!(indices, [0, 1]);
    }
}
