//! Any input the TTLV decoder accepts re-encodes to the same bytes and decodes to the same tree;
//! no input panics. The property lives in `hsmgate_kmip::ttlv::check_roundtrip`.
#![no_main]

use hsmgate_kmip::ttlv::{check_roundtrip, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(mismatch) = check_roundtrip(data, &Limits::default()) {
        panic!("TTLV round trip broken: {mismatch}");
    }
});
