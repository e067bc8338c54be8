//! AWS Signature Version 4 verification for XKS requests (XKS spec, Appendix A).
//!
//! The verifier rebuilds the canonical request from the headers the `Authorization` header's
//! `SignedHeaders` names, the path, the query and the SHA-256 of the body, derives the signing
//! key from the secret of the access key id, and compares HMAC-SHA256 signatures in constant
//! time (`Mac::verify_slice`). It also checks the credential scope (date, the configured region,
//! service `kms-xks-proxy`, `aws4_request`) and that `X-Amz-Date` is within five minutes of now.
//!
//! Written on `hmac`/`sha2` rather than the `aws-sigv4` crate: that crate is a signer that picks
//! its own header set, while a verifier must follow the header set the request names; the
//! primitives it would lend are the few HMAC calls below.
//!
//! The canonical URI is the request path as received: XKS paths only hold characters that URI
//! encoding leaves as they are (letters, digits, `/`, `-`, `_`, `.`), so the encoded form and
//! the received form are the same. Query parameters (XKS uses none) are sorted as received.

use hmac::{Hmac, Mac};
use http::HeaderMap;
use sha2::{Digest, Sha256};

pub use super::sigv4_keys::SigningKeys;

type HmacSha256 = Hmac<Sha256>;

/// The SigV4 service name of the XKS proxy API.
pub const SERVICE: &str = "kms-xks-proxy";
/// How far `X-Amz-Date` may be from the proxy's clock, either way.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;

/// Why a signature was refused. Every case answers AuthenticationFailedException; the reason is
/// for the log only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigV4Error {
    MissingAuthorization,
    MalformedAuthorization,
    UnknownAccessKey,
    WrongScope,
    MissingSignedHeader,
    BadDate,
    ClockSkew,
    SignatureMismatch,
}

impl std::fmt::Display for SigV4Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SigV4Error::MissingAuthorization => "no Authorization header",
            SigV4Error::MalformedAuthorization => "malformed Authorization header",
            SigV4Error::UnknownAccessKey => "unknown access key id",
            SigV4Error::WrongScope => "credential scope does not match (date, region or service)",
            SigV4Error::MissingSignedHeader => {
                "a signed header is missing, or host/x-amz-date is not signed"
            }
            SigV4Error::BadDate => "X-Amz-Date is missing or malformed",
            SigV4Error::ClockSkew => "X-Amz-Date is more than five minutes from the proxy's clock",
            SigV4Error::SignatureMismatch => "signature does not match",
        })
    }
}

impl std::error::Error for SigV4Error {}

/// What is signed: the request as received.
pub struct SignedRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a HeaderMap,
    /// The `:authority` of an HTTP/2 request, used for `host` when there is no Host header.
    pub authority: Option<&'a str>,
    pub body: &'a [u8],
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    terminator: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part.trim().split_once('=')?;
        match name {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed = Some(value),
            "Signature" => signature = Some(value),
            _ => return None,
        }
    }
    let mut scope = credential?.split('/');
    let auth = Authorization {
        access_key_id: scope.next()?,
        date: scope.next()?,
        region: scope.next()?,
        service: scope.next()?,
        terminator: scope.next()?,
        signed_headers: signed?.split(';').collect(),
        signature: signature?,
    };
    if scope.next().is_some() || auth.signed_headers.iter().any(|h| h.is_empty()) {
        return None;
    }
    Some(auth)
}

/// Seconds since the epoch of an `X-Amz-Date` (`YYYYMMDD'T'HHMMSS'Z'`).
pub fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        if !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `X-Amz-Date` text of a time (seconds since the epoch), for signers (tests, tools).
pub fn format_amz_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn hmac(key: &[u8], data: &[u8]) -> HmacSha256 {
    let mut mac = match <HmacSha256 as Mac>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(data);
    mac
}

/// The SigV4 signing key: HMAC chain over date, region, service and `aws4_request`.
pub(super) fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes()).finalize();
    let k_region = hmac(&k_date.into_bytes(), region.as_bytes()).finalize();
    let k_service = hmac(&k_region.into_bytes(), service.as_bytes()).finalize();
    hmac(&k_service.into_bytes(), b"aws4_request")
        .finalize()
        .into_bytes()
        .into()
}

/// Appends a header value trimmed, with runs of whitespace collapsed to one space, as canonical
/// headers require. Written in place: the value is copied only when it is not UTF-8.
fn push_canonical_value(out: &mut String, value: &[u8]) {
    let text = String::from_utf8_lossy(value);
    let mut words = text.split_whitespace();
    if let Some(first) = words.next() {
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
}

/// Appends `items` separated by `separator`.
fn push_joined<'i>(out: &mut String, items: impl IntoIterator<Item = &'i str>, separator: char) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        out.push_str(item);
    }
}

/// The canonical request, built in one buffer: going through `format!`, a vector of canonical
/// values per header and `join`s cost as much as hashing it.
fn canonical_request(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
) -> Result<String, SigV4Error> {
    let mut canonical = String::with_capacity(
        CANONICAL_SPARE + request.method.len() + request.path.len() + request.query.len(),
    );
    canonical.push_str(request.method);
    canonical.push('\n');
    canonical.push_str(if request.path.is_empty() {
        "/"
    } else {
        request.path
    });
    canonical.push('\n');
    if !request.query.is_empty() {
        let mut query: Vec<&str> = request.query.split('&').filter(|p| !p.is_empty()).collect();
        query.sort_unstable();
        push_joined(&mut canonical, query, '&');
    }
    canonical.push('\n');
    for name in signed_headers {
        let mut values = request.headers.get_all(*name).iter();
        match values.next() {
            Some(first) => {
                canonical.push_str(name);
                canonical.push(':');
                push_canonical_value(&mut canonical, first.as_bytes());
                for value in values {
                    canonical.push(',');
                    push_canonical_value(&mut canonical, value.as_bytes());
                }
            }
            None => match (*name, request.authority) {
                ("host", Some(authority)) => {
                    canonical.push_str(name);
                    canonical.push(':');
                    canonical.push_str(authority);
                }
                _ => return Err(SigV4Error::MissingSignedHeader),
            },
        }
        canonical.push('\n');
    }
    canonical.push('\n');
    push_joined(&mut canonical, signed_headers.iter().copied(), ';');
    canonical.push('\n');
    push_hex(&mut canonical, &Sha256::digest(request.body));
    Ok(canonical)
}

/// Room for a canonical request's headers, signed header list and body hash beyond its method,
/// path and query: two or three short headers fit.
const CANONICAL_SPARE: usize = 256;

/// The string to sign; `scope` is the credential scope's date, region and service (the
/// terminator `aws4_request` is added).
fn string_to_sign(amz_date: &str, scope: [&str; 3], canonical: &str) -> String {
    let scope_len: usize = scope.iter().map(|part| part.len()).sum();
    let mut text = String::with_capacity(48 + amz_date.len() + scope_len + 64);
    text.push_str("AWS4-HMAC-SHA256\n");
    text.push_str(amz_date);
    text.push('\n');
    push_joined(&mut text, scope, '/');
    text.push_str("/aws4_request\n");
    push_hex(&mut text, &Sha256::digest(canonical.as_bytes()));
    text
}

/// Appends `bytes` as lower-case hex (`hex::encode` builds its string a char at a time, a
/// visible cost when done three times per request; so did pushing chars one by one).
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buffer = [0u8; 64];
    for chunk in bytes.chunks(buffer.len() / 2) {
        let hex = buffer.get_mut(..chunk.len() * 2).unwrap_or_default();
        for (pair, byte) in hex.chunks_exact_mut(2).zip(chunk) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0x0f)];
        }
        // Only ASCII digits were written.
        out.push_str(std::str::from_utf8(hex).unwrap_or_default());
    }
}

/// Verifies a request's signature for `region` and `service` with a signing key derived for
/// this call alone (tests and one-off checks; the proxy keeps its keys with [`verify_cached`]).
pub fn verify<'r, S: AsRef<str>>(
    request: &SignedRequest<'r>,
    region: &str,
    service: &str,
    now: i64,
    secret_of: impl Fn(&str) -> Option<S>,
) -> Result<String, SigV4Error> {
    verify_cached(
        request,
        region,
        service,
        now,
        secret_of,
        &SigningKeys::default(),
    )
}

/// Verifies a request's signature for `region` and `service`. `secret_of` finds the secret of an
/// access key id; `now` is the proxy's clock (seconds since the epoch); signing keys come from
/// `keys` (derived once per access key and day). Returns the access key id that signed.
pub fn verify_cached<'r, S: AsRef<str>>(
    request: &SignedRequest<'r>,
    region: &str,
    service: &str,
    now: i64,
    secret_of: impl Fn(&str) -> Option<S>,
    keys: &SigningKeys,
) -> Result<String, SigV4Error> {
    let header = request
        .headers
        .get(http::header::AUTHORIZATION)
        .ok_or(SigV4Error::MissingAuthorization)?
        .to_str()
        .map_err(|_| SigV4Error::MalformedAuthorization)?;
    let auth = parse_authorization(header).ok_or(SigV4Error::MalformedAuthorization)?;
    let amz_date = request
        .headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or(SigV4Error::BadDate)?;
    let signed_at = parse_amz_date(amz_date).ok_or(SigV4Error::BadDate)?;
    if auth.date != &amz_date[..8]
        || auth.region != region
        || auth.service != service
        || auth.terminator != "aws4_request"
    {
        return Err(SigV4Error::WrongScope);
    }
    // Names must be lower case and sorted; host and x-amz-date must be under the signature.
    let sorted = auth.signed_headers.windows(2).all(|w| w[0] < w[1]);
    let lower = auth
        .signed_headers
        .iter()
        .all(|h| !h.bytes().any(|b| b.is_ascii_uppercase()));
    if !sorted
        || !lower
        || !auth.signed_headers.contains(&"host")
        || !auth.signed_headers.contains(&"x-amz-date")
    {
        return Err(SigV4Error::MissingSignedHeader);
    }
    if (now - signed_at).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(SigV4Error::ClockSkew);
    }
    let secret = secret_of(auth.access_key_id).ok_or(SigV4Error::UnknownAccessKey)?;
    // A SHA-256 HMAC is 32 bytes: decoded into place. Hex of another length is well formed but
    // cannot match; anything else is malformed.
    let mut given_bytes = [0u8; 32];
    let given: &[u8] = match hex::decode_to_slice(auth.signature, &mut given_bytes) {
        Ok(()) => &given_bytes,
        Err(hex::FromHexError::InvalidStringLength)
            if auth.signature.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            &[]
        }
        Err(_) => return Err(SigV4Error::MalformedAuthorization),
    };
    let canonical = canonical_request(request, &auth.signed_headers)?;
    let scope = [auth.date, auth.region, auth.service];
    let key = keys.get(
        auth.access_key_id,
        secret.as_ref(),
        auth.date,
        region,
        service,
    );
    hmac(
        key.as_ref(),
        string_to_sign(amz_date, scope, &canonical).as_bytes(),
    )
    .verify_slice(given)
    .map_err(|_| SigV4Error::SignatureMismatch)?;
    Ok(auth.access_key_id.to_owned())
}

/// The `Authorization` header value for a request, signing the headers named (lower case,
/// sorted) — the same construction as verification, for clients such as the tests.
pub fn authorization(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
    access_key_id: &str,
    secret: &str,
    region: &str,
    service: &str,
) -> Result<String, SigV4Error> {
    authorization_with(
        request,
        signed_headers,
        access_key_id,
        region,
        service,
        |date| zeroize::Zeroizing::new(signing_key(secret, date, region, service)),
    )
}

/// [`authorization`] with the signing key from `key_of(date)`.
fn authorization_with(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
    access_key_id: &str,
    region: &str,
    service: &str,
    key_of: impl FnOnce(&str) -> zeroize::Zeroizing<[u8; 32]>,
) -> Result<String, SigV4Error> {
    let amz_date = request
        .headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or(SigV4Error::BadDate)?;
    let date = amz_date.get(..8).ok_or(SigV4Error::BadDate)?;
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let canonical = canonical_request(request, signed_headers)?;
    let key = key_of(date);
    let signature = hmac(
        key.as_ref(),
        string_to_sign(amz_date, [date, region, service], &canonical).as_bytes(),
    )
    .finalize()
    .into_bytes();
    Ok(format!(
        "AWS4-HMAC-SHA256 Credential={access_key_id}/{scope}, SignedHeaders={}, Signature={}",
        signed_headers.join(";"),
        hex::encode(signature)
    ))
}

#[cfg(test)]
#[path = "sigv4_vectors.rs"]
mod vectors;

/// A client's SigV4 credential for one key store.
pub struct ClientCredential<'a> {
    pub access_key_id: &'a str,
    pub secret: &'a str,
    pub region: &'a str,
}

/// Signs a request to `path` the way AWS KMS does for the XKS proxy API: sets `x-amz-date` to
/// the time `unix` and adds an `Authorization` header over `host` and `x-amz-date` (`headers`
/// must already hold the `host`). For clients: the load generator and the tests.
pub fn sign_request(
    headers: &mut HeaderMap,
    method: &str,
    path: &str,
    body: &[u8],
    unix: i64,
    credential: &ClientCredential<'_>,
) -> Result<(), SigV4Error> {
    sign_request_with(headers, method, path, body, unix, credential, None)
}

/// [`sign_request`] taking the signing key from `keys` (derived once a day), as a client
/// sending many requests does.
pub fn sign_request_cached(
    headers: &mut HeaderMap,
    method: &str,
    path: &str,
    body: &[u8],
    unix: i64,
    credential: &ClientCredential<'_>,
    keys: &SigningKeys,
) -> Result<(), SigV4Error> {
    sign_request_with(headers, method, path, body, unix, credential, Some(keys))
}

fn sign_request_with(
    headers: &mut HeaderMap,
    method: &str,
    path: &str,
    body: &[u8],
    unix: i64,
    credential: &ClientCredential<'_>,
    keys: Option<&SigningKeys>,
) -> Result<(), SigV4Error> {
    let date =
        http::HeaderValue::from_str(&format_amz_date(unix)).map_err(|_| SigV4Error::BadDate)?;
    headers.insert("x-amz-date", date);
    let signed = SignedRequest {
        method,
        path,
        query: "",
        headers,
        authority: None,
        body,
    };
    let (id, secret, region) = (
        credential.access_key_id,
        credential.secret,
        credential.region,
    );
    let value = authorization_with(
        &signed,
        &["host", "x-amz-date"],
        id,
        region,
        SERVICE,
        |date| match keys {
            Some(keys) => keys.get(id, secret, date, region, SERVICE),
            None => zeroize::Zeroizing::new(signing_key(secret, date, region, SERVICE)),
        },
    )?;
    let value =
        http::HeaderValue::from_str(&value).map_err(|_| SigV4Error::MalformedAuthorization)?;
    headers.insert("authorization", value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    // The AWS SigV4 test suite's credentials and request time (get-vanilla, post-vanilla).
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const AT: &str = "20150830T123600Z";

    fn suite_headers(authorization: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("example.amazonaws.com"));
        headers.insert("x-amz-date", HeaderValue::from_static(AT));
        if let Some(value) = authorization {
            headers.insert("authorization", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn request<'a>(method: &'a str, headers: &'a HeaderMap) -> SignedRequest<'a> {
        SignedRequest {
            method,
            path: "/",
            query: "",
            headers,
            authority: None,
            body: b"",
        }
    }

    #[test]
    fn get_vanilla_canonical_request_and_signature() {
        let headers = suite_headers(None);
        let canonical =
            canonical_request(&request("GET", &headers), &["host", "x-amz-date"]).unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(canonical.as_bytes())),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        );
        let header = authorization(
            &request("GET", &headers),
            &["host", "x-amz-date"],
            "AKIDEXAMPLE",
            SECRET,
            "us-east-1",
            "service",
        )
        .unwrap();
        assert_eq!(
            header,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn signatures_of_the_wrong_length_or_not_hex_are_refused_as_before() {
        let now = parse_amz_date(AT).unwrap();
        let cases = [
            ("5fa00fa3", SigV4Error::SignatureMismatch),
            ("5fa00fa", SigV4Error::MalformedAuthorization),
            ("zz", SigV4Error::MalformedAuthorization),
            (
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf3g",
                SigV4Error::MalformedAuthorization,
            ),
        ];
        for (signature, expected) in cases {
            let value = format!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature={signature}"
            );
            let headers = suite_headers(Some(&value));
            let got = verify(
                &request("GET", &headers),
                "us-east-1",
                "service",
                now,
                |_| Some(SECRET),
            );
            assert_eq!(
                got.map_err(|e| e.to_string()),
                Err(expected.to_string()),
                "{signature}"
            );
        }
    }

    #[test]
    fn published_vectors_verify_and_tampering_does_not() {
        let now = parse_amz_date(AT).unwrap();
        for (method, signature) in [
            (
                "GET",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            (
                "POST",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ),
        ] {
            let header = format!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"
            );
            let headers = suite_headers(Some(&header));
            let secret_of = |id: &str| (id == "AKIDEXAMPLE").then_some(SECRET);
            assert_eq!(
                verify(
                    &request(method, &headers),
                    "us-east-1",
                    "service",
                    now,
                    secret_of
                ),
                Ok("AKIDEXAMPLE".to_owned()),
                "{method}"
            );
            let other = if method == "GET" { "POST" } else { "GET" };
            assert_eq!(
                verify(
                    &request(other, &headers),
                    "us-east-1",
                    "service",
                    now,
                    secret_of
                ),
                Err(SigV4Error::SignatureMismatch)
            );
            let mut body = request(method, &headers);
            body.body = b"x";
            assert_eq!(
                verify(&body, "us-east-1", "service", now, secret_of),
                Err(SigV4Error::SignatureMismatch)
            );
            assert_eq!(
                verify(
                    &request(method, &headers),
                    "eu-west-1",
                    "service",
                    now,
                    secret_of
                ),
                Err(SigV4Error::WrongScope)
            );
            assert_eq!(
                verify(
                    &request(method, &headers),
                    "us-east-1",
                    "service",
                    now + 301,
                    secret_of
                ),
                Err(SigV4Error::ClockSkew)
            );
            assert!(verify(
                &request(method, &headers),
                "us-east-1",
                "service",
                now - 300,
                secret_of
            )
            .is_ok());
            assert_eq!(
                verify(
                    &request(method, &headers),
                    "us-east-1",
                    "service",
                    now,
                    |_| None::<&str>
                ),
                Err(SigV4Error::UnknownAccessKey)
            );
        }
    }

    #[test]
    fn query_parameters_are_sorted_as_the_suite_expects() {
        // get-vanilla-query-order-key-case: `?Param2=value2&Param1=value1`.
        let headers = suite_headers(None);
        let mut query = request("GET", &headers);
        query.query = "Param2=value2&Param1=value1";
        let header = authorization(
            &query,
            &["host", "x-amz-date"],
            "AKIDEXAMPLE",
            SECRET,
            "us-east-1",
            "service",
        )
        .unwrap();
        assert!(
            header.ends_with(
                "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
            ),
            "{header}"
        );
    }

    #[test]
    fn unsigned_host_or_date_is_refused() {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=00";
        let headers = suite_headers(Some(header));
        let now = parse_amz_date(AT).unwrap();
        assert_eq!(
            verify(
                &request("GET", &headers),
                "us-east-1",
                "service",
                now,
                |_| Some(SECRET)
            ),
            Err(SigV4Error::MissingSignedHeader)
        );
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_amz_date(AT), Some(1_440_938_160));
        assert_eq!(format_amz_date(1_440_938_160), AT);
        assert_eq!(format_amz_date(0), "19700101T000000Z");
        let leap = parse_amz_date("20240229T235959Z").unwrap();
        assert_eq!(format_amz_date(leap), "20240229T235959Z");
        for bad in [
            "2015-08-30T12:36",
            "20151330T123600Z",
            "2015083xT123600Z",
            "",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }
}
