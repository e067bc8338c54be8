//! What the placeholders of one vector file stand for, as the replay learns it.
//!
//! Rules (one set for every `$NAME` but `$NOW`; `$UNIQUE_IDENTIFIER_n`,
//! `$SHORT_UNIQUE_IDENTIFIER_n`, `$DATA_n`, `$IV_COUNTER_NONCE`, `$KEY_MATERIAL_n`,
//! `$KEY_VALUE_n`, `$SIGNATURE_DATA`, `$MAC_DATA`, `$CORRELATION_VALUE`,
//! `$AUTHENTICATED_ENCRYPTION_TAG` are all values the server produces):
//!
//! 1. In an expected response, the first occurrence of a name matches any value of the declared
//!    type and binds the name to the value the server returned; every later occurrence, in a
//!    response or a request, means exactly that value (a different one is a mismatch).
//! 2. In a request, a bound name is replaced by its value. A name that some expected response of
//!    the file binds but that is still unbound (its step failed) makes the request unsendable;
//!    the step is reported as not sent.
//! 3. A name that no expected response of the file ever binds takes, in a request, the value of
//!    the latest item with the same tag in an actual response of the file. Only `$MAC_DATA` in
//!    CS-AC-M-6 is such a name: the vector feeds the MAC returned by step 1 to MAC Verify.
//! 4. `$NOW+k` (k in seconds, default 0) in a request is the time of sending plus k. In an
//!    expected response it matches a date-time d with `start + k <= d <= received + k`, where
//!    `start` is when the file's replay began and `received` when this response arrived (both
//!    whole seconds, `start` rounded down, `received` up). That window follows from causality,
//!    not from a speed assumption: a date the server makes is taken between the two instants, and
//!    a date a request set from `$NOW+k` was set between them too.

use std::collections::{HashMap, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

use hsmgate_kmip::ttlv::{Item, ItemType, Tag, Value};

use crate::pattern::{Pattern, Placeholder};

/// Seconds since the Unix epoch, rounded down and up.
pub fn unix_now() -> (i64, i64) {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let down = i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX);
    let up = down.saturating_add(i64::from(elapsed.subsec_nanos() > 0));
    (down, up)
}

/// The instants (Unix seconds) between which `$NOW` of an expected response lies (rule 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NowWindow {
    pub earliest: i64,
    pub latest: i64,
}

impl NowWindow {
    /// Whether `actual` (a DateTime in seconds or a DateTimeExtended in microseconds) is `$NOW`
    /// shifted by `offset` seconds.
    pub fn admits(&self, offset: i64, actual: &Value) -> bool {
        let (earliest, latest) = (
            self.earliest.saturating_add(offset),
            self.latest.saturating_add(offset),
        );
        match actual {
            Value::DateTime(seconds) => (earliest..=latest).contains(seconds),
            Value::DateTimeExtended(micros) => (earliest.saturating_mul(1_000_000)
                ..=latest.saturating_mul(1_000_000))
                .contains(micros),
            _ => false,
        }
    }
}

/// A request could not be built: this placeholder has no value yet (rule 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unbound(pub String);

/// The values bound so far in one file.
#[derive(Debug, Default)]
pub struct Bindings {
    values: HashMap<String, Value>,
    /// Names some expected response of the file binds (rule 3 applies to the others).
    bound_by_responses: HashSet<String>,
    /// The latest value of each tag seen in an actual response (rule 3).
    latest_by_tag: HashMap<Tag, Value>,
    /// Unique Identifiers of keys the server generated (tolerance `generated-key-material`).
    generated: HashSet<String>,
    /// Unique Identifiers of public keys the file registered (tolerance
    /// `public-key-encryption-output`).
    public_keys: HashSet<String>,
}

impl Bindings {
    /// Bindings for a file whose expected responses are `responses`.
    pub fn for_responses<'a>(responses: impl IntoIterator<Item = &'a Pattern>) -> Self {
        let mut bindings = Bindings::default();
        for response in responses {
            for (_, placeholder) in response.placeholders() {
                if let Placeholder::Named(name) = placeholder {
                    bindings.bound_by_responses.insert(name.clone());
                }
            }
        }
        bindings
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Binds `name` (rule 1); the matcher calls this for a first occurrence only.
    pub fn bind(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_owned(), value);
    }

    /// Notes that the server generated the key `uid`.
    pub fn note_generated(&mut self, uid: &str) {
        self.generated.insert(uid.to_owned());
    }

    /// The keys the server generated so far (carried into the next file of a chain).
    pub fn generated(&self) -> impl Iterator<Item = &String> {
        self.generated.iter()
    }

    /// Whether the server generated the key `uid` earlier in the file (or its chain).
    pub fn is_generated(&self, uid: &str) -> bool {
        self.generated.contains(uid)
    }

    /// Notes that the file registered the public key `uid`.
    pub fn note_public_key(&mut self, uid: &str) {
        self.public_keys.insert(uid.to_owned());
    }

    /// Whether the file registered the public key `uid` earlier.
    pub fn is_public_key(&self, uid: &str) -> bool {
        self.public_keys.contains(uid)
    }

    /// Records every leaf of an actual response, for rule 3.
    pub fn observe(&mut self, response: &Item) {
        match &response.value {
            Value::Structure(children) => children.iter().for_each(|c| self.observe(c)),
            value => {
                self.latest_by_tag.insert(response.tag, value.clone());
            }
        }
    }

    /// The request `pattern` stands for now, sent at `now` (Unix seconds).
    pub fn request(&self, pattern: &Pattern, now: i64) -> Result<Item, Unbound> {
        pattern.instantiate(&mut |tag, item_type, placeholder| {
            self.request_value(tag, item_type, placeholder, now)
        })
    }

    fn request_value(
        &self,
        tag: Tag,
        item_type: ItemType,
        placeholder: &Placeholder,
        now: i64,
    ) -> Result<Value, Unbound> {
        let unbound = || Unbound(placeholder.to_string());
        let value = match placeholder {
            Placeholder::Now { offset } => {
                let at = now.saturating_add(*offset);
                match item_type {
                    ItemType::DateTime => Value::DateTime(at),
                    _ => Value::DateTimeExtended(at.saturating_mul(1_000_000)),
                }
            }
            Placeholder::Named(name) => match self.values.get(name) {
                Some(value) => value.clone(),
                None if !self.bound_by_responses.contains(name) => {
                    self.latest_by_tag.get(&tag).cloned().ok_or_else(unbound)?
                }
                None => return Err(unbound()),
            },
        };
        match value.item_type() == item_type {
            true => Ok(value),
            false => Err(unbound()),
        }
    }
}
