//! Decoding hostile input allocates in proportion to the input, never to what it claims.
//!
//! A counting global allocator records every byte requested by the current thread (so other
//! tests running in parallel do not disturb the count), and each case asserts an upper bound
//! relative to the input length.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{decode, DecodeError, Limits};
use hsmgate_kmip::Item;

struct CountingAllocator;

thread_local! {
    static REQUESTED: Cell<usize> = const { Cell::new(0) };
}

fn record(bytes: usize) {
    // `try_with` fails only while the thread is being torn down; nothing is measured then.
    let _ = REQUESTED.try_with(|total| total.set(total.get().saturating_add(bytes)));
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting has no effect
// on the memory handed out.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Bytes this thread requested from the allocator while decoding `input` (the result, success
/// or error, is dropped outside the measurement).
fn bytes_allocated_decoding(input: &Bytes, limits: &Limits) -> (usize, Result<Item, DecodeError>) {
    let input = input.clone();
    let before = REQUESTED.with(Cell::get);
    let result = decode(input, limits);
    let after = REQUESTED.with(Cell::get);
    (after - before, result)
}

const HEADER_ONLY_BUDGET: usize = 256;
/// An item is about 48 bytes in memory and at least 8 on the wire, so a well-formed tree costs
/// at most about 6 times its encoding; 8 leaves room for the decoder's own stack of structures.
const RATIO_BUDGET: usize = 8;

fn unlimited() -> Limits {
    Limits {
        max_message_size: usize::MAX,
        ..Limits::default()
    }
}

fn hex(s: &str) -> Bytes {
    Bytes::from(hex::decode(s.replace(' ', "")).unwrap())
}

#[test]
fn item_size_assumption_holds() {
    assert!(
        std::mem::size_of::<Item>() <= 48,
        "Item is {} bytes",
        std::mem::size_of::<Item>()
    );
}

#[test]
fn length_claims_are_not_allocated() {
    let cases = [
        // Top-level Byte String claiming 4 GiB, with no size limit.
        hex("42000108 FFFFFFFF 0102030405060708"),
        // Top-level Text String claiming 4 GiB.
        hex("42000107 FFFFFFF8 4142434445464748"),
        // Structure claiming 4 GiB - 8.
        hex("42007801 FFFFFFF8 42000102 00000004 00000001 00000000"),
        // A child Byte String claiming 4 GiB inside a small structure.
        hex("42007801 00000010 42000108 FFFFFFFF 0102030405060708"),
        // A child Big Integer claiming 2 GiB.
        hex("42007801 00000010 42000104 80000000 0102030405060708"),
    ];
    for input in cases {
        let (allocated, result) = bytes_allocated_decoding(&input, &unlimited());
        assert!(result.is_err(), "{input:x?} decoded");
        assert!(
            allocated <= HEADER_ONLY_BUDGET,
            "{allocated} bytes allocated for {input:x?}"
        );
    }
}

/// A structure whose value is `children` copies of `child`.
fn flat(child: &[u8], children: usize) -> Bytes {
    let len = (child.len() * children) as u32;
    let mut bytes = vec![0x42, 0x00, 0x78, 0x01];
    bytes.extend_from_slice(&len.to_be_bytes());
    for _ in 0..children {
        bytes.extend_from_slice(child);
    }
    Bytes::from(bytes)
}

#[test]
fn many_small_items_stay_within_a_multiple_of_the_input() {
    let empty_structure = [0x42, 0x00, 0x01, 0x01, 0, 0, 0, 0];
    let empty_text = [0x42, 0x00, 0x01, 0x07, 0, 0, 0, 0];
    let one_byte_text = [
        0x42, 0x00, 0x01, 0x07, 0, 0, 0, 1, b'a', 0, 0, 0, 0, 0, 0, 0,
    ];
    let integer = [0x42, 0x00, 0x01, 0x02, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0];
    let limits = unlimited();
    for (name, child) in [
        ("empty structures", &empty_structure[..]),
        ("empty texts", &empty_text[..]),
        ("one-byte texts", &one_byte_text[..]),
        ("integers", &integer[..]),
    ] {
        let input = flat(child, 100_000);
        let (allocated, result) = bytes_allocated_decoding(&input, &limits);
        assert_eq!(
            result.map(|item| item.children().len()),
            Ok(100_000),
            "{name}"
        );
        assert!(
            allocated <= RATIO_BUDGET * input.len(),
            "{name}: {allocated} bytes allocated for {} bytes of input",
            input.len()
        );
    }
}

#[test]
fn rejected_input_stays_within_a_multiple_of_the_input() {
    let limits = unlimited();
    // 100 000 empty structures, then one bad Boolean: everything before it is built, then dropped.
    let mut bytes = flat(&[0x42, 0x00, 0x01, 0x01, 0, 0, 0, 0], 100_000).to_vec();
    let bad_boolean = [0x42, 0x00, 0x01, 0x06, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 2];
    let len = u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) + 16;
    bytes[4..8].copy_from_slice(&len.to_be_bytes());
    bytes.extend_from_slice(&bad_boolean);
    let input = Bytes::from(bytes);
    let (allocated, result) = bytes_allocated_decoding(&input, &limits);
    assert!(matches!(result, Err(DecodeError::InvalidBoolean { .. })));
    assert!(
        allocated <= RATIO_BUDGET * input.len(),
        "{allocated} bytes for {}",
        input.len()
    );

    // A nesting bomb of 100 000 levels.
    let levels = 100_000;
    let mut bytes = Vec::with_capacity(levels * 8);
    for level in 0..levels {
        bytes.extend_from_slice(&[0x42, 0x00, 0x01, 0x01]);
        bytes.extend_from_slice(&(((levels - 1 - level) * 8) as u32).to_be_bytes());
    }
    let input = Bytes::from(bytes);
    let (allocated, result) = bytes_allocated_decoding(&input, &limits);
    assert!(matches!(result, Err(DecodeError::TooDeep { .. })));
    assert!(
        allocated <= 64 * 1024,
        "{allocated} bytes for a nesting bomb"
    );
}
