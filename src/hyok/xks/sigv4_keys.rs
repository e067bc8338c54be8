//! SigV4 signing keys kept between requests. A signing key is four chained HMACs over the
//! secret, the date, the region and the service, so it changes once a day: deriving it for
//! every call (verifier and signer alike) cost four HMAC-SHA256 computations per request.

use std::sync::Mutex;

use zeroize::Zeroizing;

/// Keys kept at most; a key store has a handful of credentials and at most two dates are in
/// the clock-skew window, so past this the cache simply starts over.
const MAX_KEYS: usize = 32;

struct Entry {
    access_key_id: String,
    secret: Zeroizing<String>,
    date: String,
    region: String,
    service: String,
    key: Zeroizing<[u8; 32]>,
}

/// Derived signing keys by (access key id, secret, date, region, service). Keys and secrets are
/// wiped when dropped.
#[derive(Default)]
pub struct SigningKeys {
    entries: Mutex<Vec<Entry>>,
}

impl SigningKeys {
    /// The signing key for these inputs: the kept one, or derived now (and kept).
    pub fn get(
        &self,
        access_key_id: &str,
        secret: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> Zeroizing<[u8; 32]> {
        // A poisoned lock only means a panic elsewhere: entries are complete values, keep on.
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let found = entries.iter().find(|e| {
            e.access_key_id == access_key_id
                && e.date == date
                && e.region == region
                && e.service == service
                && e.secret.as_str() == secret
        });
        if let Some(entry) = found {
            return entry.key.clone();
        }
        let key = Zeroizing::new(super::sigv4::signing_key(secret, date, region, service));
        if entries.len() >= MAX_KEYS {
            entries.clear();
        }
        entries.push(Entry {
            access_key_id: access_key_id.to_owned(),
            secret: Zeroizing::new(secret.to_owned()),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_key_equals_a_fresh_derivation_and_every_input_counts() {
        let keys = SigningKeys::default();
        let base = ("AKID", "secret", "20261129", "us-east-1", "kms-xks-proxy");
        let fresh = |(_, s, d, r, v): (&str, &str, &str, &str, &str)| {
            super::super::sigv4::signing_key(s, d, r, v)
        };
        let first = keys.get(base.0, base.1, base.2, base.3, base.4);
        assert_eq!(*first, fresh(base));
        assert_eq!(*keys.get(base.0, base.1, base.2, base.3, base.4), *first);
        let variants = [
            (
                "AKID",
                "other secret",
                "20261129",
                "us-east-1",
                "kms-xks-proxy",
            ),
            ("AKID", "secret", "20261130", "us-east-1", "kms-xks-proxy"),
            ("AKID", "secret", "20261129", "eu-west-1", "kms-xks-proxy"),
            ("AKID", "secret", "20261129", "us-east-1", "kms"),
        ];
        for v in variants {
            let key = keys.get(v.0, v.1, v.2, v.3, v.4);
            assert_eq!(*key, fresh(v));
            assert_ne!(*key, *first);
        }
        // Many dates later the cache has started over and still answers correctly.
        for day in 0..(2 * MAX_KEYS) {
            let date = format!("2027{:04}", day);
            assert_eq!(
                *keys.get("AKID", "secret", &date, "us-east-1", "kms"),
                fresh(("AKID", "secret", &date, "us-east-1", "kms"))
            );
        }
    }
}
