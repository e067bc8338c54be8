//! Request and response headers.
//!
//! The Batch Count is not a field of these types: it is derived from the batch items when a
//! message is encoded and checked against them when one is parsed, so the two cannot disagree.

use std::fmt;

use crate::spec::enums::{AttestationType, BatchErrorContinuationOption};
use crate::ttlv::{Item, Tag, Value};

use super::error::MessageError;
use super::fields::{expect_tag, Builder, Fields};
use super::version::ProtocolVersion;

/// The Authentication structure of a request header. Credentials stay as items: their shape
/// depends on the credential type, and the layer that checks them decides how to read them.
///
/// `Debug` does not print the credentials (they may hold passwords).
#[derive(Clone, PartialEq, Eq)]
pub struct Authentication {
    pub credentials: Vec<Item>,
}

impl fmt::Debug for Authentication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authentication")
            .field(
                "credentials",
                &format_args!("[{} redacted]", self.credentials.len()),
            )
            .finish()
    }
}

impl Authentication {
    fn from_item(item: &Item) -> Result<Self, MessageError> {
        let mut fields = Fields::new(item)?;
        let credentials: Vec<Item> = fields
            .take_all(Tag::CREDENTIAL)
            .into_iter()
            .cloned()
            .collect();
        fields.finish()?;
        if credentials.is_empty() {
            return Err(MessageError::MissingField {
                parent: Tag::AUTHENTICATION,
                field: Tag::CREDENTIAL,
            });
        }
        Ok(Authentication { credentials })
    }

    fn to_item(&self) -> Item {
        Item::structure(Tag::AUTHENTICATION, self.credentials.clone())
    }
}

/// The Request Header.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RequestHeader {
    pub protocol_version: ProtocolVersion,
    pub maximum_response_size: Option<i32>,
    pub client_correlation_value: Option<String>,
    pub server_correlation_value: Option<String>,
    pub asynchronous_indicator: Option<bool>,
    pub attestation_capable_indicator: Option<bool>,
    pub attestation_types: Vec<AttestationType>,
    pub authentication: Option<Authentication>,
    pub batch_error_continuation_option: Option<BatchErrorContinuationOption>,
    pub batch_order_option: Option<bool>,
    /// Seconds since the Unix epoch.
    pub time_stamp: Option<i64>,
}

impl RequestHeader {
    /// A header with only the protocol version set.
    pub fn new(protocol_version: ProtocolVersion) -> Self {
        RequestHeader {
            protocol_version,
            maximum_response_size: None,
            client_correlation_value: None,
            server_correlation_value: None,
            asynchronous_indicator: None,
            attestation_capable_indicator: None,
            attestation_types: Vec::new(),
            authentication: None,
            batch_error_continuation_option: None,
            batch_order_option: None,
            time_stamp: None,
        }
    }

    /// Parses a Request Header item; returns the header and its declared Batch Count.
    pub fn parse(item: &Item) -> Result<(RequestHeader, i32), MessageError> {
        expect_tag(item, Tag::REQUEST_HEADER)?;
        let mut f = Fields::new(item)?;
        let protocol_version = ProtocolVersion::try_from(f.required(Tag::PROTOCOL_VERSION)?)?;
        let maximum_response_size = f.opt_integer(Tag::MAXIMUM_RESPONSE_SIZE)?;
        if maximum_response_size.is_some_and(|size| size <= 0) {
            return Err(MessageError::InvalidValue {
                tag: Tag::MAXIMUM_RESPONSE_SIZE,
                reason: "must be positive",
            });
        }
        let header = RequestHeader {
            protocol_version,
            maximum_response_size,
            client_correlation_value: f.opt_text(Tag::CLIENT_CORRELATION_VALUE)?,
            server_correlation_value: f.opt_text(Tag::SERVER_CORRELATION_VALUE)?,
            asynchronous_indicator: f.opt_boolean(Tag::ASYNCHRONOUS_INDICATOR)?,
            attestation_capable_indicator: f.opt_boolean(Tag::ATTESTATION_CAPABLE_INDICATOR)?,
            attestation_types: f.all_enumerations(Tag::ATTESTATION_TYPE)?,
            authentication: f
                .take(Tag::AUTHENTICATION)
                .map(Authentication::from_item)
                .transpose()?,
            batch_error_continuation_option: f
                .opt_enumeration(Tag::BATCH_ERROR_CONTINUATION_OPTION)?,
            batch_order_option: f.opt_boolean(Tag::BATCH_ORDER_OPTION)?,
            time_stamp: f.opt_date_time(Tag::TIME_STAMP)?,
        };
        let batch_count = f.integer(Tag::BATCH_COUNT)?;
        f.finish()?;
        Ok((header, batch_count))
    }

    /// Reads just the header of a Request Message item, without looking at its batch items:
    /// what a server needs to answer a message whose body is bad.
    pub fn peek(message: &Item) -> Result<RequestHeader, MessageError> {
        expect_tag(message, Tag::REQUEST_MESSAGE)?;
        let header = message
            .child(Tag::REQUEST_HEADER)
            .ok_or(MessageError::MissingField {
                parent: Tag::REQUEST_MESSAGE,
                field: Tag::REQUEST_HEADER,
            })?;
        Ok(RequestHeader::parse(header)?.0)
    }

    /// The Request Header item for a message of `batch_count` batch items.
    pub fn to_item(&self, batch_count: i32) -> Item {
        let mut b = Builder::new();
        b.item(self.protocol_version.to_item())
            .opt_integer(Tag::MAXIMUM_RESPONSE_SIZE, self.maximum_response_size)
            .opt_text(
                Tag::CLIENT_CORRELATION_VALUE,
                self.client_correlation_value.as_deref(),
            )
            .opt_text(
                Tag::SERVER_CORRELATION_VALUE,
                self.server_correlation_value.as_deref(),
            )
            .opt_boolean(Tag::ASYNCHRONOUS_INDICATOR, self.asynchronous_indicator)
            .opt_boolean(
                Tag::ATTESTATION_CAPABLE_INDICATOR,
                self.attestation_capable_indicator,
            );
        for attestation_type in &self.attestation_types {
            b.enumeration(Tag::ATTESTATION_TYPE, *attestation_type);
        }
        if let Some(authentication) = &self.authentication {
            b.item(authentication.to_item());
        }
        b.opt_enumeration(
            Tag::BATCH_ERROR_CONTINUATION_OPTION,
            self.batch_error_continuation_option,
        )
        .opt_boolean(Tag::BATCH_ORDER_OPTION, self.batch_order_option)
        .opt(Tag::TIME_STAMP, self.time_stamp.map(Value::DateTime))
        .push(Tag::BATCH_COUNT, Value::Integer(batch_count));
        b.build(Tag::REQUEST_HEADER)
    }
}

/// The Response Header.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ResponseHeader {
    pub protocol_version: ProtocolVersion,
    /// Seconds since the Unix epoch.
    pub time_stamp: i64,
    /// The Nonce structure (Nonce ID, Nonce Value), kept as an item.
    pub nonce: Option<Item>,
    /// KMIP 2.0 and later.
    pub server_hashed_password: Option<bytes::Bytes>,
    pub attestation_types: Vec<AttestationType>,
    pub client_correlation_value: Option<String>,
    pub server_correlation_value: Option<String>,
}

impl ResponseHeader {
    pub fn new(protocol_version: ProtocolVersion, time_stamp: i64) -> Self {
        ResponseHeader {
            protocol_version,
            time_stamp,
            nonce: None,
            server_hashed_password: None,
            attestation_types: Vec::new(),
            client_correlation_value: None,
            server_correlation_value: None,
        }
    }

    /// Parses a Response Header item; returns the header and its declared Batch Count.
    pub fn parse(item: &Item) -> Result<(ResponseHeader, i32), MessageError> {
        expect_tag(item, Tag::RESPONSE_HEADER)?;
        let mut f = Fields::new(item)?;
        let header = ResponseHeader {
            protocol_version: ProtocolVersion::try_from(f.required(Tag::PROTOCOL_VERSION)?)?,
            time_stamp: f.date_time(Tag::TIME_STAMP)?,
            nonce: f.opt_item(Tag::NONCE),
            server_hashed_password: f.opt_bytes(Tag::SERVER_HASHED_PASSWORD)?,
            attestation_types: f.all_enumerations(Tag::ATTESTATION_TYPE)?,
            client_correlation_value: f.opt_text(Tag::CLIENT_CORRELATION_VALUE)?,
            server_correlation_value: f.opt_text(Tag::SERVER_CORRELATION_VALUE)?,
        };
        let batch_count = f.integer(Tag::BATCH_COUNT)?;
        f.finish()?;
        Ok((header, batch_count))
    }

    /// The Response Header item for a message of `batch_count` batch items.
    pub fn to_item(&self, batch_count: i32) -> Item {
        let mut b = Builder::new();
        b.item(self.protocol_version.to_item())
            .push(Tag::TIME_STAMP, Value::DateTime(self.time_stamp))
            .opt_item(self.nonce.as_ref())
            .opt_bytes(
                Tag::SERVER_HASHED_PASSWORD,
                self.server_hashed_password.as_ref(),
            );
        for attestation_type in &self.attestation_types {
            b.enumeration(Tag::ATTESTATION_TYPE, *attestation_type);
        }
        b.opt_text(
            Tag::CLIENT_CORRELATION_VALUE,
            self.client_correlation_value.as_deref(),
        )
        .opt_text(
            Tag::SERVER_CORRELATION_VALUE,
            self.server_correlation_value.as_deref(),
        )
        .push(Tag::BATCH_COUNT, Value::Integer(batch_count));
        b.build(Tag::RESPONSE_HEADER)
    }
}

/// Checks a declared Batch Count against the number of batch items.
pub(crate) fn check_batch_count(declared: i32, actual: usize) -> Result<(), MessageError> {
    if usize::try_from(declared).ok() == Some(actual) {
        Ok(())
    } else {
        Err(MessageError::BatchCountMismatch { declared, actual })
    }
}

/// The Batch Count to write for `n` items.
pub(crate) fn batch_count_of(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
