//! Compares an actual response with a vector's expected response: tree equality, except for the
//! rules in `tolerances.rs` and the placeholders (`bindings.rs`). The first difference is the
//! result, named by a path of tag names (`BatchItem/ResultStatus`); the walk goes on past it
//! wherever the two trees still line up, so placeholders later in the response are bound and the
//! file's later steps can still be sent.

use std::fmt;

use hsmgate_kmip::ttlv::{Item, ItemType, Tag, Value};
use hsmgate_kmip::xml::format_value;

use crate::bindings::{Bindings, NowWindow};
use crate::pattern::{Pattern, PatternKind, Placeholder};
use crate::tolerances;

/// The first place where an actual response differs from the expected one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Tag names from below the message root, `[k]` marking the k-th of repeated siblings.
    pub path: String,
    pub detail: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.path, self.detail)
    }
}

/// Matches `actual`, the answer to `request`, against `expected`, binding first occurrences of
/// placeholders into `bindings` as it goes.
pub fn match_response(
    expected: &Pattern,
    actual: &Item,
    request: &Item,
    bindings: &mut Bindings,
    now: NowWindow,
) -> Result<(), Difference> {
    let mut matcher = Matcher {
        bindings,
        now,
        echo: tolerances::client_correlation_value(request),
        request_items: request_batch_items(request),
        batch_index: 0,
        operation: None,
        generated_object: false,
        public_key_object: false,
        result_reason: None,
        path: Vec::new(),
        first: None,
    };
    match expected.tag == actual.tag {
        true => matcher.item(expected, actual),
        false => matcher.record(format!(
            "expected message {}, got {}",
            tag_name(expected.tag),
            tag_name(actual.tag)
        )),
    }
    matcher.first.map_or(Ok(()), Err)
}

struct Matcher<'b> {
    bindings: &'b mut Bindings,
    now: NowWindow,
    /// The request's Client Correlation Value (see `tolerances::tolerated_extra`).
    echo: Option<Value>,
    /// The request's batch items, and the index of the one whose answer is being compared.
    request_items: Vec<Item>,
    batch_index: usize,
    /// The expected Operation of the batch item being compared.
    operation: Option<Value>,
    /// Whether the batch item being compared is about a key the server generated.
    generated_object: bool,
    /// Whether the batch item being compared is about a public key registered earlier.
    public_key_object: bool,
    /// The actual Result Reason of the batch item being compared, added to a difference in it
    /// so a report line says why the server failed (`... got OperationFailed (ItemNotFound)`).
    result_reason: Option<String>,
    /// Where the comparison is.
    path: Vec<Segment>,
    first: Option<Difference>,
}

impl Matcher<'_> {
    /// Notes a difference at the current path, if it is the first.
    fn record(&mut self, detail: String) {
        if self.first.is_some() {
            return;
        }
        let path = match self.path.is_empty() {
            true => "(message)".to_owned(),
            false => self
                .path
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("/"),
        };
        let detail = match (&self.result_reason, self.path.last()) {
            (Some(reason), Some(last)) if last.tag != Tag::RESULT_REASON => {
                format!("{detail} ({reason})")
            }
            _ => detail,
        };
        self.first = Some(Difference { path, detail });
    }

    /// `expected` and `actual` have the same tag.
    fn item(&mut self, expected: &Pattern, actual: &Item) {
        match &expected.kind {
            PatternKind::Structure(children) => {
                let Value::Structure(actual_children) = &actual.value else {
                    return self.type_differs(ItemType::Structure, &actual.value);
                };
                if tolerances::presence_only(expected.tag).is_some() {
                    return;
                }
                match expected.tag {
                    Tag::RESPONSE_MESSAGE => self.message(children, actual_children),
                    Tag::BATCH_ITEM => self.batch_item(children, actual_children),
                    tag => self.children(tag, children, actual_children),
                }
            }
            PatternKind::Value(value) => self.value(value, actual),
            PatternKind::Placeholder {
                item_type,
                placeholder,
            } => match *item_type == actual.value.item_type() {
                true => self.placeholder(actual, placeholder),
                false => self.type_differs(*item_type, &actual.value),
            },
        }
    }

    fn message(&mut self, expected: &[Pattern], actual: &[Item]) {
        // The batch items first: a failed item explains a wrong Batch Count in the header better
        // than the count does. The second pass compares everything, in order.
        let expected_items: Vec<&Pattern> = expected
            .iter()
            .filter(|c| c.tag == Tag::BATCH_ITEM)
            .collect();
        let actual_items: Vec<&Item> = actual.iter().filter(|c| c.tag == Tag::BATCH_ITEM).collect();
        self.batch_index = 0;
        self.in_sequence(&expected_items, &actual_items);
        self.batch_index = 0;
        self.children(Tag::RESPONSE_MESSAGE, expected, actual);
    }

    fn batch_item(&mut self, expected: &[Pattern], actual: &[Item]) {
        let operation = expected
            .iter()
            .find(|c| c.tag == Tag::OPERATION)
            .and_then(|c| match &c.kind {
                PatternKind::Value(value) => Some(value.clone()),
                _ => None,
            });
        let reason = actual
            .iter()
            .find(|c| c.tag == Tag::RESULT_REASON)
            .map(|r| show(r.tag, &r.value));
        let uids = payload_uids(actual);
        if tolerances::generates_keys(operation.as_ref()) {
            uids.iter()
                .for_each(|uid| self.bindings.note_generated(uid));
        }
        let request_item = self.request_items.get(self.batch_index);
        self.batch_index += 1;
        if request_item.is_some_and(tolerances::registers_public_key) {
            uids.iter()
                .for_each(|uid| self.bindings.note_public_key(uid));
        }
        let generated = uids.iter().any(|uid| self.bindings.is_generated(uid));
        let public_key = uids.iter().any(|uid| self.bindings.is_public_key(uid));
        let outer_operation = std::mem::replace(&mut self.operation, operation);
        let outer_reason = std::mem::replace(&mut self.result_reason, reason);
        let outer_generated = std::mem::replace(&mut self.generated_object, generated);
        let outer_public_key = std::mem::replace(&mut self.public_key_object, public_key);
        self.children(Tag::BATCH_ITEM, expected, actual);
        self.operation = outer_operation;
        self.result_reason = outer_reason;
        self.generated_object = outer_generated;
        self.public_key_object = outer_public_key;
    }

    fn value(&mut self, expected: &Value, actual: &Item) {
        if expected.item_type() != actual.value.item_type() {
            return self.type_differs(expected.item_type(), &actual.value);
        }
        let parent = self.path.iter().rev().nth(1).map(|s| s.tag);
        if tolerances::random_output(self.operation.as_ref(), parent, actual.tag).is_some() {
            if let (Value::ByteString(e), Value::ByteString(a)) = (expected, &actual.value) {
                if e.len() != a.len() {
                    let (e, a) = (e.len(), a.len());
                    self.record(format!("expected {e} random bytes, got {a}"));
                }
                return;
            }
        }
        let generated = tolerances::generated_key_material(
            self.operation.as_ref(),
            self.generated_object,
            parent,
            actual.tag,
        )
        .or(tolerances::public_key_cipher_output(
            self.operation.as_ref(),
            self.public_key_object,
            parent,
            actual.tag,
        ));
        if let (Some(rule), Value::ByteString(e), Value::ByteString(a)) =
            (generated, expected, &actual.value)
        {
            if e.len() != a.len() {
                let (e, a, rule) = (e.len(), a.len(), rule.name);
                self.record(format!("expected {e} bytes, got {a} ({rule})"));
            }
            return;
        }
        if *expected != actual.value {
            self.record(format!(
                "expected {}, got {}",
                show(actual.tag, expected),
                show(actual.tag, &actual.value)
            ));
        }
    }

    fn placeholder(&mut self, actual: &Item, placeholder: &Placeholder) {
        match placeholder {
            Placeholder::Now { offset } => {
                if !self.now.admits(*offset, &actual.value) {
                    let earliest = self.now.earliest.saturating_add(*offset);
                    let latest = self.now.latest.saturating_add(*offset);
                    self.record(format!(
                        "expected {placeholder} (between {} and {}), got {}",
                        show(Tag::TIME_STAMP, &Value::DateTime(earliest)),
                        show(Tag::TIME_STAMP, &Value::DateTime(latest)),
                        show(actual.tag, &actual.value)
                    ));
                }
            }
            Placeholder::Named(name) => match self.bindings.get(name) {
                None => self.bindings.bind(name, actual.value.clone()),
                Some(bound) if *bound == actual.value => {}
                Some(bound) => {
                    let bound = show(actual.tag, bound);
                    self.record(format!(
                        "expected {placeholder} = {bound}, got {}",
                        show(actual.tag, &actual.value)
                    ));
                }
            },
        }
    }

    fn type_differs(&mut self, expected: ItemType, actual: &Value) {
        self.record(format!(
            "expected type {}, got {}",
            expected.xml_name(),
            actual.item_type().xml_name()
        ));
    }

    fn children(&mut self, parent: Tag, expected: &[Pattern], actual: &[Item]) {
        let expected: Vec<&Pattern> = expected
            .iter()
            .filter(|p| tolerances::ignored_child(parent, p.tag).is_none())
            .collect();
        let actual: Vec<&Item> = actual
            .iter()
            .filter(|i| tolerances::ignored_child(parent, i.tag).is_none())
            .filter(|i| {
                expected.iter().any(|p| p.tag == i.tag)
                    || tolerances::tolerated_extra(parent, i, self.echo.as_ref()).is_none()
            })
            .collect();
        if tolerances::order_free(parent).is_some() {
            return self.grouped(&expected, &actual);
        }
        if tolerances::unordered_children(parent, self.operation.as_ref()).is_some() {
            let (mut expected, mut actual) = (expected, actual);
            expected.sort_by_key(|p| (p.tag.value(), pattern_sort_key(p)));
            actual.sort_by_key(|i| (i.tag.value(), sort_key(&i.value)));
            return self.in_sequence(&expected, &actual);
        }
        self.in_sequence(&expected, &actual)
    }

    /// Compares child by child; at the first child whose tag does not line up, records it as
    /// missing or unexpected and leaves the rest of this structure.
    fn in_sequence(&mut self, expected: &[&Pattern], actual: &[&Item]) {
        let repeated = |tag: Tag| {
            expected.iter().filter(|p| p.tag == tag).count() > 1
                || actual.iter().filter(|i| i.tag == tag).count() > 1
        };
        let label = |tag: Tag, index: usize| {
            let before = actual
                .get(..index)
                .unwrap_or_default()
                .iter()
                .filter(|i| i.tag == tag)
                .count();
            segment(tag, repeated(tag).then_some(before))
        };
        for index in 0..expected.len().max(actual.len()) {
            match (expected.get(index), actual.get(index)) {
                (Some(e), Some(a)) if e.tag == a.tag => self.nested(label(e.tag, index), e, a),
                (Some(e), Some(a)) => {
                    let rest = actual.get(index + 1..).unwrap_or_default();
                    match rest.iter().any(|later| later.tag == e.tag) {
                        true => self.unexpected(label(a.tag, index), a),
                        false => self.missing(label(e.tag, index)),
                    }
                    return;
                }
                (Some(e), None) => return self.missing(label(e.tag, index)),
                (None, Some(a)) => return self.unexpected(label(a.tag, index), a),
                (None, None) => {}
            }
        }
    }

    /// The `attribute-order` rule: children grouped by tag, each group compared in sequence.
    fn grouped(&mut self, expected: &[&Pattern], actual: &[&Item]) {
        let mut tags: Vec<Tag> = Vec::new();
        for pattern in expected {
            if !tags.contains(&pattern.tag) {
                tags.push(pattern.tag);
            }
        }
        for tag in &tags {
            let wanted: Vec<&Pattern> =
                expected.iter().copied().filter(|p| p.tag == *tag).collect();
            let got: Vec<&Item> = actual.iter().copied().filter(|i| i.tag == *tag).collect();
            let repeated = wanted.len() > 1 || got.len() > 1;
            for index in 0..wanted.len().max(got.len()) {
                let name = segment(*tag, repeated.then_some(index));
                match (wanted.get(index), got.get(index)) {
                    (Some(e), Some(a)) => self.nested(name, e, a),
                    (Some(_), None) => self.missing(name),
                    (None, Some(a)) => self.unexpected(name, a),
                    (None, None) => {}
                }
            }
        }
        if let Some(extra) = actual.iter().find(|i| !tags.contains(&i.tag)) {
            self.unexpected(segment(extra.tag, None), extra);
        }
    }

    fn nested(&mut self, name: Segment, expected: &Pattern, actual: &Item) {
        self.path.push(name);
        self.item(expected, actual);
        self.path.pop();
    }

    fn missing(&mut self, name: Segment) {
        self.path.push(name);
        self.record("missing".to_owned());
        self.path.pop();
    }

    fn unexpected(&mut self, name: Segment, item: &Item) {
        self.path.push(name);
        let detail = match &item.value {
            Value::Structure(_) => "unexpected".to_owned(),
            value => format!("unexpected: {}", show(item.tag, value)),
        };
        self.record(detail);
        self.path.pop();
    }
}

/// The Unique Identifiers in a batch item's Response Payload (Unique Identifier, Private Key
/// and Public Key Unique Identifier).
/// An order on leaf values for comparing lists as sets: enumerations by number, text by text.
fn sort_key(value: &Value) -> (u8, i64, String) {
    match value {
        Value::Enumeration(n) => (0, i64::from(*n), String::new()),
        Value::TextString(t) => (1, 0, t.clone()),
        // A custom attribute's reference (Vendor Identification, Attribute Name): by its texts.
        Value::Structure(children) => (2, 0, texts(children.iter().map(|c| &c.value))),
        _ => (3, 0, String::new()),
    }
}

/// [`sort_key`] of what a pattern expects; placeholders sort last.
fn pattern_sort_key(pattern: &Pattern) -> (u8, i64, String) {
    match &pattern.kind {
        PatternKind::Value(value) => sort_key(value),
        PatternKind::Structure(children) => (
            2,
            0,
            texts(children.iter().filter_map(|c| match &c.kind {
                PatternKind::Value(value) => Some(value),
                _ => None,
            })),
        ),
        PatternKind::Placeholder { .. } => (3, 0, String::new()),
    }
}

/// The Text String values among `values`, joined.
fn texts<'a>(values: impl Iterator<Item = &'a Value>) -> String {
    values
        .filter_map(|v| match v {
            Value::TextString(t) => Some(t.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// The batch items of a request message.
fn request_batch_items(request: &Item) -> Vec<Item> {
    match &request.value {
        Value::Structure(children) => children
            .iter()
            .filter(|c| c.tag == Tag::BATCH_ITEM)
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

fn payload_uids(batch_item: &[Item]) -> Vec<String> {
    let Some(Item {
        value: Value::Structure(fields),
        ..
    }) = batch_item.iter().find(|i| i.tag == Tag::RESPONSE_PAYLOAD)
    else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|f| {
            [
                Tag::UNIQUE_IDENTIFIER,
                Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER,
                Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER,
            ]
            .contains(&f.tag)
        })
        .filter_map(|f| match &f.value {
            Value::TextString(uid) => Some(uid.clone()),
            _ => None,
        })
        .collect()
}

/// One step of a path: a tag, and its index when the structure holds several of it.
#[derive(Clone, Copy, Debug)]
struct Segment {
    tag: Tag,
    index: Option<usize>,
}

fn segment(tag: Tag, index: Option<usize>) -> Segment {
    Segment { tag, index }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(index) => write!(f, "{}[{index}]", tag_name(self.tag)),
            None => f.write_str(&tag_name(self.tag)),
        }
    }
}

fn tag_name(tag: Tag) -> String {
    match tag.name() {
        Some(name) => name.to_owned(),
        None => format!("0x{:06X}", tag.value()),
    }
}

/// A value as the XML encoding writes it, shortened for a one-line report.
pub fn show(tag: Tag, value: &Value) -> String {
    const MAX: usize = 48;
    let text = format_value(tag, value).unwrap_or_else(|| "(structure)".to_owned());
    let text = match value {
        Value::TextString(_) => format!("{text:?}"),
        _ => text,
    };
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
