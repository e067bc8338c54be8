//! Archive: move an object to off-line storage (its metadata stays searchable).

use crate::spec::enums::Operation;

super::identifier_payloads!(Operation::ARCHIVE, ArchiveRequest, ArchiveResponse);
