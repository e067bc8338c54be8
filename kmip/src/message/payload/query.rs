//! Query: what the server supports (operations, object types, server information, ...).

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{ObjectType, Operation, QueryFunction};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, Payload};

/// Query request: the Query Functions asked for.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct QueryRequest {
    pub functions: Vec<QueryFunction>,
}

impl Payload for QueryRequest {
    const OPERATION: Operation = Operation::QUERY;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let functions = f.all_enumerations(Tag::QUERY_FUNCTION)?;
        f.finish()?;
        Ok(QueryRequest { functions })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        for function in &self.functions {
            b.enumeration(Tag::QUERY_FUNCTION, *function);
        }
        Ok(b.build(Self::TAG))
    }
}

/// Query response. The fields a gateway fills itself are typed; the rest (Application
/// Namespace, Extension Information, Profile Information, Capability Information, ...) are
/// kept as items, in the order they come after the typed ones.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct QueryResponse {
    pub operations: Vec<Operation>,
    pub object_types: Vec<ObjectType>,
    pub vendor_identification: Option<String>,
    /// Server Information structure, kept as an item.
    pub server_information: Option<Item>,
    /// Every other field, in order.
    pub other: Vec<Item>,
}

impl Payload for QueryResponse {
    const OPERATION: Operation = Operation::QUERY;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let operations = f.all_enumerations(Tag::OPERATION)?;
        let object_types = f.all_enumerations(Tag::OBJECT_TYPE)?;
        let vendor_identification = f.opt_text(Tag::VENDOR_IDENTIFICATION)?;
        let server_information = f.opt_item(Tag::SERVER_INFORMATION);
        let other = item
            .children()
            .iter()
            .filter(|child| {
                ![
                    Tag::OPERATION,
                    Tag::OBJECT_TYPE,
                    Tag::VENDOR_IDENTIFICATION,
                    Tag::SERVER_INFORMATION,
                ]
                .contains(&child.tag)
            })
            .cloned()
            .collect();
        // Repeated single fields (a second Vendor Identification, ...) are still an error.
        for tag in [Tag::VENDOR_IDENTIFICATION, Tag::SERVER_INFORMATION] {
            if let Some(extra) = f.take(tag) {
                return Err(MessageError::UnexpectedField {
                    parent: Self::TAG,
                    field: extra.tag,
                });
            }
        }
        Ok(QueryResponse {
            operations,
            object_types,
            vendor_identification,
            server_information,
            other,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        for operation in &self.operations {
            b.enumeration(Tag::OPERATION, *operation);
        }
        for object_type in &self.object_types {
            b.enumeration(Tag::OBJECT_TYPE, *object_type);
        }
        b.opt_text(
            Tag::VENDOR_IDENTIFICATION,
            self.vendor_identification.as_deref(),
        )
        .opt_item(self.server_information.as_ref());
        for item in &self.other {
            b.item(item.clone());
        }
        Ok(b.build(Self::TAG))
    }
}
