//! The decode → encode → decode property, as a function the fuzz target and tests share.
//!
//! The decoder accepts only canonical TTLV, so any input it accepts must re-encode to exactly
//! the same bytes, and decoding those must give the same tree again.

use std::fmt;

use bytes::Bytes;

use super::decode::{decode, decode_message, Limits};
use super::encode::{encoded_len, to_bytes};
use super::error::DecodeError;
use super::framing::frame_length;

/// What [`check_roundtrip`] found for an input that did not break the property.
#[derive(Debug)]
pub enum RoundTrip {
    /// The input is not acceptable TTLV (which is not a failure of the property).
    Rejected(DecodeError),
    /// The input decoded, re-encoded to the same bytes and decoded to the same tree.
    Verified,
}

/// How the codec broke the round-trip property: a bug in this crate.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoundTripMismatch {
    /// [`encoded_len`] disagrees with the length [`to_bytes`] produced.
    EncodedLength { predicted: usize, actual: usize },
    /// Re-encoding the decoded item did not reproduce the input bytes.
    Bytes,
    /// The re-encoded bytes did not decode, or decoded to a different tree.
    Tree,
    /// [`frame_length`] disagrees with the decoder about where the message ends.
    Framing,
}

impl fmt::Display for RoundTripMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoundTripMismatch::EncodedLength { predicted, actual } => {
                write!(
                    f,
                    "encoded_len said {predicted} bytes, encode wrote {actual}"
                )
            }
            RoundTripMismatch::Bytes => {
                f.write_str("re-encoding did not reproduce the decoded bytes")
            }
            RoundTripMismatch::Tree => {
                f.write_str("decoding the re-encoded bytes gave a different tree")
            }
            RoundTripMismatch::Framing => f.write_str("frame_length disagrees with the decoder"),
        }
    }
}

impl std::error::Error for RoundTripMismatch {}

/// Decodes `input`; if it is accepted, re-encodes and re-decodes it and checks that nothing
/// changed along the way. Also checks that [`frame_length`] finds a message exactly where
/// [`decode_message`] accepts one.
pub fn check_roundtrip(input: &[u8], limits: &Limits) -> Result<RoundTrip, RoundTripMismatch> {
    let framed = frame_length(input, limits);
    let as_message = decode_message(Bytes::copy_from_slice(input), limits);
    match (&framed, &as_message) {
        // A whole message must be framed at exactly the input's length.
        (Ok(Some(len)), Ok(_)) if *len == input.len() => {}
        (_, Ok(_)) => return Err(RoundTripMismatch::Framing),
        // What framing rejects, the decoder must reject too.
        (_, Err(_)) => {}
    }
    let item = match decode(Bytes::copy_from_slice(input), limits) {
        Ok(item) => item,
        Err(err) => return Ok(RoundTrip::Rejected(err)),
    };
    let encoded = to_bytes(&item);
    let predicted = encoded_len(&item);
    if predicted != encoded.len() {
        return Err(RoundTripMismatch::EncodedLength {
            predicted,
            actual: encoded.len(),
        });
    }
    if encoded != input {
        return Err(RoundTripMismatch::Bytes);
    }
    match decode(encoded.clone(), limits) {
        Ok(again) if again == item && to_bytes(&again) == encoded => Ok(RoundTrip::Verified),
        _ => Err(RoundTripMismatch::Tree),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_input_is_verified_and_bad_input_rejected() {
        let good = hex::decode("42002008000000030102030000000000").unwrap();
        assert!(matches!(
            check_roundtrip(&good, &Limits::default()),
            Ok(RoundTrip::Verified)
        ));
        let bad = hex::decode("42002008000000030102030000000001").unwrap();
        assert!(matches!(
            check_roundtrip(&bad, &Limits::default()),
            Ok(RoundTrip::Rejected(DecodeError::NonZeroPadding { .. }))
        ));
    }
}
