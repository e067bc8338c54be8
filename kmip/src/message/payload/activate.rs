//! Activate: move a Pre-Active object to Active.

use crate::spec::enums::Operation;

super::identifier_payloads!(Operation::ACTIVATE, ActivateRequest, ActivateResponse);
