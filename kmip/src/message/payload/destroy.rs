//! Destroy: delete an object's key material (its metadata stays, in state Destroyed).

use crate::spec::enums::Operation;

super::identifier_payloads!(Operation::DESTROY, DestroyRequest, DestroyResponse);
