//! Whether a KMIP answer's first batch item succeeded, read straight from the answer's bytes.
//!
//! The load generator shares the machine with the server it measures, so what it spends per
//! answer is taken from the server. Decoding every answer into an item tree and then a
//! `ResponseMessage` was 41% of its user-space instructions in a KMIP Encrypt run (callgrind):
//! it only needs the first batch item's Result Status. This walks the TTLV to that one field
//! without allocating; a failed item, or an answer of any other shape, is decoded in full
//! (`client::first_item`) to report its Result Reason or what is wrong with it.

use hsmgate_kmip::ttlv::Tag;

const STRUCTURE: u8 = 0x01;
const ENUMERATION: u8 = 0x05;
/// Tag (3 bytes), type (1), length (4).
const HEADER: usize = 8;
/// The Result Status value of a successful item.
const SUCCESS: u32 = 0;

/// One TTLV item's header at `at` in `bytes`: tag, type, value length, and where the next item
/// starts (values are padded to 8 bytes).
fn item_at(bytes: &[u8], at: usize) -> Option<(u32, u8, usize, usize)> {
    let header = bytes.get(at..at.checked_add(HEADER)?)?;
    let tag = u32::from_be_bytes([0, header[0], header[1], header[2]]);
    let length = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize;
    let padded = length.checked_next_multiple_of(8)?;
    let next = at.checked_add(HEADER)?.checked_add(padded)?;
    Some((tag, header[3], length, next))
}

/// The structure `tag` starting at `at`: the range of its fields.
fn structure_fields(bytes: &[u8], at: usize, tag: Tag) -> Option<(usize, usize)> {
    let (found, kind, length, _) = item_at(bytes, at)?;
    if found != tag.value() || kind != STRUCTURE {
        return None;
    }
    let start = at + HEADER;
    let end = start.checked_add(length)?.min(bytes.len());
    Some((start, end))
}

/// `Some(true)` when the answer's first batch item says Success, `Some(false)` when it says
/// anything else, `None` when the bytes are not shaped as a Response Message with a batch item
/// holding a Result Status.
pub fn first_item_succeeded(bytes: &[u8]) -> Option<bool> {
    let (mut at, end) = structure_fields(bytes, 0, Tag::RESPONSE_MESSAGE)?;
    // The Response Header comes first; the first Batch Item follows somewhere after it.
    let (item_start, item_end) = loop {
        if at >= end {
            return None;
        }
        let (tag, _, _, next) = item_at(bytes, at)?;
        if tag == Tag::BATCH_ITEM.value() {
            break structure_fields(bytes, at, Tag::BATCH_ITEM)?;
        }
        at = next;
    };
    let mut at = item_start;
    while at < item_end {
        let (tag, kind, length, next) = item_at(bytes, at)?;
        if tag == Tag::RESULT_STATUS.value() {
            let value = bytes.get(at + HEADER..at + HEADER + 4)?;
            if kind != ENUMERATION || length != 4 {
                return None;
            }
            let status = u32::from_be_bytes([value[0], value[1], value[2], value[3]]);
            return Some(status == SUCCESS);
        }
        at = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use hsmgate_kmip::message::{
        ProtocolVersion, ResponseBatchItem, ResponseHeader, ResponseMessage,
    };
    use hsmgate_kmip::spec::enums::{Operation, ResultReason};
    use hsmgate_kmip::ttlv::{Item, Value};

    use super::*;

    fn answer(items: Vec<ResponseBatchItem>) -> Vec<u8> {
        let message = ResponseMessage {
            header: ResponseHeader::new(ProtocolVersion::V2_1, 1),
            batch_items: items,
        };
        message.to_bytes().to_vec()
    }

    fn success() -> ResponseBatchItem {
        let payload = Item::new(
            Tag::RESPONSE_PAYLOAD,
            Value::Structure(vec![Item::new(
                Tag::DATA,
                Value::ByteString(vec![7; 32].into()),
            )]),
        );
        ResponseBatchItem::success(Operation::ENCRYPT, Some(payload))
    }

    fn failure() -> ResponseBatchItem {
        ResponseBatchItem::failure(
            Some(Operation::ENCRYPT),
            ResultReason::ITEM_NOT_FOUND,
            "no such key".to_owned(),
        )
    }

    #[test]
    fn the_first_items_status_is_read() {
        assert_eq!(first_item_succeeded(&answer(vec![success()])), Some(true));
        assert_eq!(first_item_succeeded(&answer(vec![failure()])), Some(false));
        assert_eq!(
            first_item_succeeded(&answer(vec![success(), failure()])),
            Some(true)
        );
        assert_eq!(
            first_item_succeeded(&answer(vec![failure(), success()])),
            Some(false)
        );
    }

    #[test]
    fn other_shapes_and_cut_answers_are_not_guessed_at() {
        let whole = answer(vec![success()]);
        for cut in 0..whole.len() {
            // A cut answer is either not read at all or read as it would be whole.
            let read = first_item_succeeded(&whole[..cut]);
            assert!(read.is_none() || read == Some(true), "cut at {cut}");
        }
        assert_eq!(first_item_succeeded(&answer(vec![])), None);
        let mut request = whole.clone();
        request[2] = 0x78; // Request Message
        assert_eq!(first_item_succeeded(&request), None);
        let status = whole
            .windows(3)
            .position(|w| w == [0x42, 0x00, 0x7F])
            .expect("a Result Status");
        let mut not_an_enumeration = whole;
        not_an_enumeration[status + 3] = 0x02;
        assert_eq!(first_item_succeeded(&not_an_enumeration), None);
    }
}
