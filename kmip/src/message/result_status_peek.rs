//! The first batch item's Result Status of an encoded Response Message, read in its bytes.
//!
//! A load generator shares the machine with the server it measures, so what it spends per
//! answer is taken from the server: decoding every answer into an item tree and then a
//! [`ResponseMessage`](super::ResponseMessage) was 41% of `hsmgate bench`'s user-space
//! instructions in a KMIP Encrypt run (callgrind), when it only needs this one field. This walks
//! the TTLV headers to it without allocating. It checks no more than it reads: a caller that
//! needs the answer, or gets anything but Success, decodes it in full.

use crate::spec::enums::ResultStatus;
use crate::ttlv::header::{padded, read_header, HEADER_LEN};
use crate::ttlv::{ItemType, Tag};

/// The structure `tag` whose header is at `at`: the range of its fields (cut to the bytes there).
fn structure_fields(bytes: &[u8], at: usize, tag: Tag) -> Option<(usize, usize)> {
    let header = read_header(bytes, at)?;
    if header.tag != tag || header.type_byte != ItemType::Structure as u8 {
        return None;
    }
    let start = at + HEADER_LEN;
    let end = start.checked_add(usize::try_from(header.length).ok()?)?;
    Some((start, end.min(bytes.len())))
}

/// Where the item whose header is at `at` ends, padding included.
fn next_item(bytes: &[u8], at: usize) -> Option<usize> {
    let header = read_header(bytes, at)?;
    let size = usize::try_from(HEADER_LEN as u64 + padded(header.length)).ok()?;
    at.checked_add(size)
}

/// The Result Status of the first Batch Item of the Response Message in `bytes`; `None` when
/// the bytes are not shaped as one (not a Response Message, no Batch Item, no Result Status
/// Enumeration in it).
pub fn first_result_status(bytes: &[u8]) -> Option<ResultStatus> {
    let (mut at, end) = structure_fields(bytes, 0, Tag::RESPONSE_MESSAGE)?;
    // The Response Header comes first; the first Batch Item follows.
    let batch_item = loop {
        if at >= end {
            return None;
        }
        if read_header(bytes, at)?.tag == Tag::BATCH_ITEM {
            break at;
        }
        at = next_item(bytes, at)?;
    };
    let (mut at, end) = structure_fields(bytes, batch_item, Tag::BATCH_ITEM)?;
    while at < end {
        let header = read_header(bytes, at)?;
        if header.tag == Tag::RESULT_STATUS {
            if header.type_byte != ItemType::Enumeration as u8 || header.length != 4 {
                return None;
            }
            let value: [u8; 4] = bytes
                .get(at + HEADER_LEN..at + HEADER_LEN + 4)?
                .try_into()
                .ok()?;
            return Some(ResultStatus(u32::from_be_bytes(value)));
        }
        at = next_item(bytes, at)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{ProtocolVersion, ResponseBatchItem, ResponseHeader, ResponseMessage};
    use crate::spec::enums::{Operation, ResultReason};
    use crate::ttlv::{Item, Value};

    fn first_item_succeeded(bytes: &[u8]) -> Option<bool> {
        first_result_status(bytes).map(|status| status == ResultStatus::SUCCESS)
    }

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
