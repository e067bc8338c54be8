//! The DER encodings public keys leave in: PKCS#1 RSAPublicKey (RFC 8017 A.1.1) and X.509
//! SubjectPublicKeyInfo (RFC 5280 4.1, RFC 5480 for EC); and PKCS#1 RSAPrivateKey (A.1.2), the
//! form a registered private key's Digest is computed on. Only encoding, of values read from
//! the HSM or already parsed; nothing here parses peer input.

use hsmgate_pkcs11::{EcCurve, RsaPrivateComponents};

/// rsaEncryption, 1.2.840.113549.1.1.1.
const RSA_ENCRYPTION: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];
/// id-ecPublicKey, 1.2.840.10045.2.1.
const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const NULL: &[u8] = &[0x05, 0x00];

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    push_length(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

/// A non-negative INTEGER from big-endian magnitude bytes.
fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let trimmed = magnitude.get(skip..).unwrap_or_default();
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(0x02, &content)
}

fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(bytes.len() + 1);
    content.push(0); // no unused bits
    content.extend_from_slice(bytes);
    tlv(0x03, &content)
}

/// PKCS#1 RSAPublicKey: SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
pub fn rsa_public_key(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
    let mut body = unsigned_integer(modulus);
    body.extend(unsigned_integer(exponent));
    tlv(0x30, &body)
}

/// Bytes an INTEGER with this magnitude takes, header included.
fn integer_len(magnitude: &[u8]) -> usize {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let trimmed = magnitude.get(skip..).unwrap_or_default();
    let content = trimmed.len() + usize::from(trimmed.first().is_none_or(|b| b & 0x80 != 0));
    1 + length_len(content) + content
}

/// Bytes a DER length takes.
fn length_len(len: usize) -> usize {
    let mut header = Vec::new();
    push_length(&mut header, len);
    header.len()
}

/// Appends an INTEGER to `out`, which has room for it (no reallocation leaves a copy behind).
fn push_integer(out: &mut Vec<u8>, magnitude: &[u8]) {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let trimmed = magnitude.get(skip..).unwrap_or_default();
    let pad = trimmed.first().is_none_or(|b| b & 0x80 != 0);
    out.push(0x02);
    push_length(out, trimmed.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(trimmed);
}

/// PKCS#1 RSAPrivateKey (two-prime, version 0) from n, e, d, p, q, d mod (p-1), d mod (q-1)
/// and q^-1 mod p, in that order. Built in one buffer of the final size, zeroized on drop.
pub fn rsa_private_key(components: [&[u8]; 8]) -> zeroize::Zeroizing<Vec<u8>> {
    let version: &[u8] = &[];
    let body = integer_len(version) + components.iter().map(|c| integer_len(c)).sum::<usize>();
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(1 + length_len(body) + body));
    out.push(0x30);
    push_length(&mut out, body);
    push_integer(&mut out, version);
    for component in components {
        push_integer(&mut out, component);
    }
    out
}

/// [`rsa_private_key`] of the components of an RSA private key.
pub fn rsa_private_key_of(c: &RsaPrivateComponents) -> zeroize::Zeroizing<Vec<u8>> {
    rsa_private_key([
        &c.modulus,
        &c.public_exponent,
        &c.private_exponent,
        &c.prime1,
        &c.prime2,
        &c.exponent1,
        &c.exponent2,
        &c.coefficient,
    ])
}

/// A TLV whose content is `parts` one after the other, built in one zeroizing buffer of the
/// final size (for encodings that hold private keys).
fn secret_tlv(tag: u8, parts: &[&[u8]]) -> zeroize::Zeroizing<Vec<u8>> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(1 + length_len(len) + len));
    out.push(tag);
    push_length(&mut out, len);
    for part in parts {
        out.extend_from_slice(part);
    }
    out
}

/// PKCS#8 PrivateKeyInfo (RFC 5208, version 0) around an algorithm's private key encoding.
fn private_key_info(algorithm: &[u8], private_key: &[u8]) -> zeroize::Zeroizing<Vec<u8>> {
    let octets = secret_tlv(0x04, &[private_key]);
    secret_tlv(0x30, &[&[0x02, 0x01, 0x00], algorithm, &octets])
}

/// PKCS#8 PrivateKeyInfo of an RSA key, given its PKCS#1 RSAPrivateKey.
pub fn rsa_pkcs8(pkcs1: &[u8]) -> zeroize::Zeroizing<Vec<u8>> {
    private_key_info(&tlv(0x30, &[RSA_ENCRYPTION, NULL].concat()), pkcs1)
}

/// PKCS#8 PrivateKeyInfo of an EC key on a named curve: a SEC1 ECPrivateKey (RFC 5915,
/// version 1, the scalar as long as the field, the curve named inside too).
pub fn ec_pkcs8(curve: EcCurve, scalar: &[u8]) -> zeroize::Zeroizing<Vec<u8>> {
    let skip = scalar.iter().take_while(|b| **b == 0).count();
    let trimmed = scalar.get(skip..).unwrap_or_default();
    let width = field_bytes(curve).max(trimmed.len());
    let mut padded = zeroize::Zeroizing::new(vec![0u8; width]);
    if let Some(tail) = padded.get_mut(width - trimmed.len()..) {
        tail.copy_from_slice(trimmed);
    }
    let octets = secret_tlv(0x04, &[&padded]);
    let parameters = tlv(0xa0, curve.ec_params());
    let sec1 = secret_tlv(0x30, &[&[0x02, 0x01, 0x01], &octets, &parameters]);
    let algorithm = tlv(0x30, &[EC_PUBLIC_KEY, curve.ec_params()].concat());
    private_key_info(&algorithm, &sec1)
}

/// SubjectPublicKeyInfo of an RSA key.
pub fn rsa_spki(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
    let algorithm = tlv(0x30, &[RSA_ENCRYPTION, NULL].concat());
    let mut body = algorithm;
    body.extend(bit_string(&rsa_public_key(modulus, exponent)));
    tlv(0x30, &body)
}

/// SubjectPublicKeyInfo of an EC key on a named curve; `point` is the uncompressed point.
pub fn ec_spki(curve: EcCurve, point: &[u8]) -> Vec<u8> {
    let algorithm = tlv(0x30, &[EC_PUBLIC_KEY, curve.ec_params()].concat());
    let mut body = algorithm;
    body.extend(bit_string(point));
    tlv(0x30, &body)
}

/// Bytes of one coordinate on `curve`.
pub fn field_bytes(curve: EcCurve) -> usize {
    match curve {
        EcCurve::P256 => 32,
        // P-384, and any curve added later is at least this large.
        _ => 48,
    }
}

/// The uncompressed point in a CKA_EC_POINT value. PKCS#11 says it is a DER OCTET STRING;
/// some tokens give the bare point, which is accepted when it has the point's exact shape.
pub fn ec_point(curve: EcCurve, ck_ec_point: &[u8]) -> Option<Vec<u8>> {
    let point_len = 1 + 2 * field_bytes(curve);
    let is_point = |p: &[u8]| p.len() == point_len && p.first() == Some(&0x04);
    if let [0x04, len, rest @ ..] = ck_ec_point {
        let inner = match *len {
            n if n < 0x80 => Some((usize::from(n), rest)),
            0x81 => rest.split_first().map(|(n, rest)| (usize::from(*n), rest)),
            _ => None,
        };
        if let Some((n, body)) = inner {
            if n == body.len() && is_point(body) {
                return Some(body.to_vec());
            }
        }
    }
    is_point(ck_ec_point).then(|| ck_ec_point.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::FromDer;
    use x509_parser::public_key::PublicKey;
    use x509_parser::x509::SubjectPublicKeyInfo;

    #[test]
    fn rsa_encodings_parse_back() {
        let mut modulus = vec![0xc3u8; 256];
        modulus[255] = 0x01;
        let spki = rsa_spki(&modulus, &[0x01, 0x00, 0x01]);
        let (rest, parsed) = SubjectPublicKeyInfo::from_der(&spki).unwrap();
        assert!(rest.is_empty());
        match parsed.parsed().unwrap() {
            PublicKey::RSA(rsa) => {
                // The INTEGER's content: a leading zero keeps it positive.
                assert_eq!(rsa.modulus, &[&[0u8][..], &modulus[..]].concat()[..]);
                assert_eq!(rsa.exponent, &[0x01, 0x00, 0x01]);
            }
            other => panic!("not RSA: {other:?}"),
        }
        assert_eq!(
            parsed.subject_public_key.data.as_ref(),
            rsa_public_key(&modulus, &[1, 0, 1]).as_slice()
        );
    }

    #[test]
    fn rsa_private_key_matches_the_generic_encoder() {
        let parts: [Vec<u8>; 8] = [
            vec![0xc3; 256],
            vec![1, 0, 1],
            vec![0x41; 256],
            vec![0x00, 0xf1, 0x02],
            vec![0x7f; 128],
            vec![0x80],
            vec![0x05; 200],
            vec![],
        ];
        let refs: [&[u8]; 8] = std::array::from_fn(|i| parts[i].as_slice());
        let mut body = unsigned_integer(&[]);
        for part in &parts {
            body.extend(unsigned_integer(part));
        }
        let expected = tlv(0x30, &body);
        let encoded = rsa_private_key(refs);
        assert_eq!(encoded.as_slice(), expected.as_slice());
        assert_eq!(encoded.capacity(), encoded.len());
    }

    #[test]
    fn private_key_infos_parse_back() {
        use pkcs1::der::Decode;
        let inner = rsa_private_key([
            &[0xc3; 64],
            &[1, 0, 1],
            &[5; 64],
            &[7; 32],
            &[9; 32],
            &[1; 32],
            &[2; 32],
            &[3; 32],
        ]);
        let pkcs8 = rsa_pkcs8(&inner);
        let info = pkcs8::PrivateKeyInfo::from_der(&pkcs8).unwrap();
        assert_eq!(info.private_key, inner.as_slice());
        assert_eq!(info.algorithm.oid.to_string(), "1.2.840.113549.1.1.1");

        let ec = ec_pkcs8(EcCurve::P384, &[0, 0, 0x42, 0x17]);
        let info = pkcs8::PrivateKeyInfo::from_der(&ec).unwrap();
        assert_eq!(
            info.algorithm.parameters_oid().unwrap().to_string(),
            "1.3.132.0.34"
        );
        let key = sec1::EcPrivateKey::from_der(info.private_key).unwrap();
        assert_eq!(key.private_key.len(), 48);
        assert_eq!(&key.private_key[46..], &[0x42, 0x17]);
        assert!(key.private_key[..46].iter().all(|b| *b == 0));
    }

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(unsigned_integer(&[0, 0, 0x7f]), vec![0x02, 0x01, 0x7f]);
        assert_eq!(unsigned_integer(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(unsigned_integer(&[]), vec![0x02, 0x01, 0x00]);
        let mut long = vec![0u8; 300];
        push_length(&mut long, 300);
        assert_eq!(&long[300..], &[0x82, 0x01, 0x2c]);
    }

    #[test]
    fn ec_points_from_both_token_shapes() {
        let point: Vec<u8> = std::iter::once(4u8).chain(1..=64).collect();
        let wrapped = tlv(0x04, &point);
        assert_eq!(ec_point(EcCurve::P256, &wrapped).unwrap(), point);
        assert_eq!(ec_point(EcCurve::P256, &point).unwrap(), point);
        assert!(ec_point(EcCurve::P384, &wrapped).is_none());
        assert!(ec_point(EcCurve::P256, &[4, 3, 4, 1, 2]).is_none());
        let spki = ec_spki(EcCurve::P256, &point);
        let (_, parsed) = SubjectPublicKeyInfo::from_der(&spki).unwrap();
        assert_eq!(parsed.subject_public_key.data.as_ref(), point.as_slice());
        assert!(matches!(parsed.parsed().unwrap(), PublicKey::EC(_)));
    }
}
