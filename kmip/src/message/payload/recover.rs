//! Recover: bring an archived object back on-line.

use crate::spec::enums::Operation;

super::identifier_payloads!(Operation::RECOVER, RecoverRequest, RecoverResponse);
