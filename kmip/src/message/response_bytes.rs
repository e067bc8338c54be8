//! Encoding a Response Message straight to TTLV bytes, without building its [`Item`] tree.
//!
//! A server encodes one response per request. Going through [`ResponseMessage::to_item`] cloned
//! every header and batch item field (and the whole payload tree) into items only to write them
//! out and drop them; this writes the same bytes from the typed fields in one pass. The output is
//! byte for byte that of `ttlv::to_bytes(&response.to_item())` (checked against the OASIS
//! response vectors in tests/message_vectors.rs and below).

use bytes::{Bytes, BytesMut};

use crate::ttlv::{
    encode, encoded_len, put_byte_string, put_date_time, put_enumeration, put_integer,
    put_structure, put_text, Item, Tag,
};

use super::fields::KmipEnum;
use super::header::{batch_count_of, ResponseHeader};
use super::response::{ResponseBatchItem, ResponseMessage};

/// Bytes of a TTLV header, and of an Integer, Enumeration or Date-Time item.
const HEADER: usize = 8;
const FIXED: usize = 16;

/// Bytes of a Text or Byte String item of `len` bytes.
fn padded_item(len: usize) -> usize {
    HEADER + (len.saturating_add(7) & !7)
}

fn opt_len<T>(value: Option<T>, len: impl FnOnce(T) -> usize) -> usize {
    value.map_or(0, len)
}

impl ResponseMessage {
    /// The TTLV encoding of this message: the same bytes as encoding [`ResponseMessage::to_item`].
    pub fn to_bytes(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(self.encoded_len());
        self.encode(&mut out);
        out.freeze()
    }

    /// Appends the TTLV encoding of this message to `out`.
    pub fn encode(&self, out: &mut BytesMut) {
        put_structure(out, Tag::RESPONSE_MESSAGE, |out| {
            self.header
                .encode(out, batch_count_of(self.batch_items.len()));
            for item in &self.batch_items {
                item.encode(out);
            }
        });
    }

    /// The exact length [`ResponseMessage::encode`] writes: a buffer of exactly that size is
    /// frozen into `Bytes` without a second allocation (a larger one needs a shared header).
    pub fn encoded_len(&self) -> usize {
        let items: usize = self
            .batch_items
            .iter()
            .map(ResponseBatchItem::encoded_len)
            .sum();
        HEADER + self.header.encoded_len() + items
    }
}

fn put_opt_item(out: &mut BytesMut, item: Option<&Item>) {
    if let Some(item) = item {
        encode(item, out);
    }
}

fn put_opt_enum<E: KmipEnum>(out: &mut BytesMut, tag: Tag, value: Option<E>) {
    if let Some(value) = value {
        put_enumeration(out, tag, value.raw());
    }
}

fn put_opt_text(out: &mut BytesMut, tag: Tag, value: Option<&str>) {
    if let Some(value) = value {
        put_text(out, tag, value);
    }
}

fn put_opt_bytes(out: &mut BytesMut, tag: Tag, value: Option<&Bytes>) {
    if let Some(value) = value {
        put_byte_string(out, tag, value);
    }
}

impl ResponseHeader {
    fn encoded_len(&self) -> usize {
        HEADER
            + (HEADER + 2 * FIXED)
            + FIXED
            + opt_len(self.nonce.as_ref(), encoded_len)
            + opt_len(self.server_hashed_password.as_ref(), |b| {
                padded_item(b.len())
            })
            + FIXED * self.attestation_types.len()
            + opt_len(self.client_correlation_value.as_ref(), |t| {
                padded_item(t.len())
            })
            + opt_len(self.server_correlation_value.as_ref(), |t| {
                padded_item(t.len())
            })
            + FIXED
    }

    /// The fields in [`ResponseHeader::to_item`]'s order.
    fn encode(&self, out: &mut BytesMut, batch_count: i32) {
        put_structure(out, Tag::RESPONSE_HEADER, |out| {
            put_structure(out, Tag::PROTOCOL_VERSION, |out| {
                put_integer(
                    out,
                    Tag::PROTOCOL_VERSION_MAJOR,
                    self.protocol_version.major,
                );
                put_integer(
                    out,
                    Tag::PROTOCOL_VERSION_MINOR,
                    self.protocol_version.minor,
                );
            });
            put_date_time(out, Tag::TIME_STAMP, self.time_stamp);
            put_opt_item(out, self.nonce.as_ref());
            put_opt_bytes(
                out,
                Tag::SERVER_HASHED_PASSWORD,
                self.server_hashed_password.as_ref(),
            );
            for attestation_type in &self.attestation_types {
                put_enumeration(out, Tag::ATTESTATION_TYPE, attestation_type.raw());
            }
            put_opt_text(
                out,
                Tag::CLIENT_CORRELATION_VALUE,
                self.client_correlation_value.as_deref(),
            );
            put_opt_text(
                out,
                Tag::SERVER_CORRELATION_VALUE,
                self.server_correlation_value.as_deref(),
            );
            put_integer(out, Tag::BATCH_COUNT, batch_count);
        });
    }
}

impl ResponseBatchItem {
    fn encoded_len(&self) -> usize {
        HEADER
            + opt_len(self.operation, |_| FIXED)
            + opt_len(self.unique_batch_item_id.as_ref(), |b| padded_item(b.len()))
            + FIXED
            + opt_len(self.result_reason, |_| FIXED)
            + opt_len(self.result_message.as_ref(), |t| padded_item(t.len()))
            + opt_len(self.asynchronous_correlation_value.as_ref(), |b| {
                padded_item(b.len())
            })
            + opt_len(self.payload.as_ref(), encoded_len)
            + opt_len(self.encoded_payload.as_ref(), |b| b.len())
            + opt_len(self.message_extension.as_ref(), encoded_len)
    }

    /// The fields in [`ResponseBatchItem::to_item`]'s order.
    fn encode(&self, out: &mut BytesMut) {
        put_structure(out, Tag::BATCH_ITEM, |out| {
            put_opt_enum(out, Tag::OPERATION, self.operation);
            put_opt_bytes(
                out,
                Tag::UNIQUE_BATCH_ITEM_ID,
                self.unique_batch_item_id.as_ref(),
            );
            put_enumeration(out, Tag::RESULT_STATUS, self.result_status.raw());
            put_opt_enum(out, Tag::RESULT_REASON, self.result_reason);
            put_opt_text(out, Tag::RESULT_MESSAGE, self.result_message.as_deref());
            put_opt_bytes(
                out,
                Tag::ASYNCHRONOUS_CORRELATION_VALUE,
                self.asynchronous_correlation_value.as_ref(),
            );
            put_opt_item(out, self.payload.as_ref());
            if let Some(encoded) = &self.encoded_payload {
                out.extend_from_slice(encoded);
            }
            put_opt_item(out, self.message_extension.as_ref());
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::ProtocolVersion;
    use crate::spec::enums::{AttestationType, Operation, ResultReason};
    use crate::ttlv::{to_bytes, Value};

    fn payload() -> Item {
        Item::structure(
            Tag::RESPONSE_PAYLOAD,
            vec![
                Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString("uid-1".into())),
                Item::new(Tag::DATA, Value::ByteString(Bytes::from_static(&[7; 19]))),
            ],
        )
    }

    fn same_bytes(message: &ResponseMessage) {
        let direct = message.to_bytes();
        assert_eq!(direct, to_bytes(&message.to_item()), "{message:?}");
        assert_eq!(message.encoded_len(), direct.len(), "{message:?}");
        // Appending after existing bytes changes nothing but the offset.
        let mut out = BytesMut::from(&b"abc"[..]);
        message.encode(&mut out);
        assert_eq!(&out[3..], &direct[..]);
    }

    #[test]
    fn direct_encoding_matches_the_item_tree_with_every_field() {
        let mut header = ResponseHeader::new(ProtocolVersion::V1_4, 1_700_000_000);
        header.nonce = Some(Item::structure(
            Tag::NONCE,
            vec![Item::new(
                Tag::NONCE_ID,
                Value::ByteString(Bytes::from_static(b"n1")),
            )],
        ));
        header.server_hashed_password = Some(Bytes::from_static(&[1; 33]));
        header.attestation_types = vec![AttestationType(1), AttestationType(3)];
        header.client_correlation_value = Some("client-7".into());
        header.server_correlation_value = Some(String::new());
        let mut ok = ResponseBatchItem::success(Operation::ENCRYPT, Some(payload()));
        ok.unique_batch_item_id = Some(Bytes::from_static(&[0xAB; 5]));
        ok.asynchronous_correlation_value = Some(Bytes::from_static(&[2; 8]));
        ok.message_extension = Some(Item::structure(Tag::MESSAGE_EXTENSION, vec![]));
        let failed = ResponseBatchItem::failure(
            None,
            ResultReason::ITEM_NOT_FOUND,
            "no such object: a message of more than one word",
        );
        same_bytes(&ResponseMessage {
            header,
            batch_items: vec![ok, failed],
        });
    }

    #[test]
    fn an_encoded_payload_is_written_where_the_payload_item_would_be() {
        let tree = ResponseBatchItem::success(Operation::GET, Some(payload()));
        let mut encoded = ResponseBatchItem::success_encoded(Operation::GET, to_bytes(&payload()));
        encoded.unique_batch_item_id = Some(Bytes::from_static(&[9; 3]));
        let mut expected = tree.clone();
        expected.unique_batch_item_id = encoded.unique_batch_item_id.clone();
        let message = |item: ResponseBatchItem| ResponseMessage {
            header: ResponseHeader::new(ProtocolVersion::V2_1, 1_700_000_000),
            batch_items: vec![item, ResponseBatchItem::success(Operation::ACTIVATE, None)],
        };
        same_bytes(&message(encoded.clone()));
        assert_eq!(message(encoded).to_bytes(), message(expected).to_bytes());
    }

    #[test]
    fn direct_encoding_matches_the_item_tree_with_few_fields() {
        for version in ProtocolVersion::SUPPORTED {
            let header = ResponseHeader::new(version, -1);
            same_bytes(&ResponseMessage {
                header: header.clone(),
                batch_items: vec![ResponseBatchItem::success(Operation::ACTIVATE, None)],
            });
            same_bytes(&ResponseMessage {
                header,
                batch_items: vec![],
            });
        }
    }
}
