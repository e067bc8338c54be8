//! Compares an actual response with a vector's expected response: tree equality, except for the
//! rules in `tolerances.rs` and the placeholders (`bindings.rs`), stopping at the first
//! difference, which it names by a path of tag names (`BatchItem/ResultStatus`).

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
/// placeholders into `bindings` as it goes (bindings made before a difference are kept).
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
        operation: None,
        path: Vec::new(),
    };
    if expected.tag != actual.tag {
        return Err(matcher.differ(format!(
            "expected message {}, got {}",
            tag_name(expected.tag),
            tag_name(actual.tag)
        )));
    }
    matcher.item(expected, actual)
}

struct Matcher<'b> {
    bindings: &'b mut Bindings,
    now: NowWindow,
    /// The request's Client Correlation Value (see `tolerances::tolerated_extra`).
    echo: Option<Value>,
    /// The Operation of the batch item being compared.
    operation: Option<Value>,
    /// Where the comparison is: tags from below the root, with an index among repeated siblings.
    path: Vec<Segment>,
}

impl Matcher<'_> {
    fn differ(&self, detail: String) -> Difference {
        Difference {
            path: match self.path.is_empty() {
                true => "(message)".to_owned(),
                false => self
                    .path
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join("/"),
            },
            detail,
        }
    }

    /// `expected` and `actual` have the same tag.
    fn item(&mut self, expected: &Pattern, actual: &Item) -> Result<(), Difference> {
        match &expected.kind {
            PatternKind::Structure(children) => {
                let Value::Structure(actual_children) = &actual.value else {
                    return Err(self.type_differs(ItemType::Structure, &actual.value));
                };
                if expected.tag == Tag::RESPONSE_MESSAGE {
                    // The batch items first: a failed item explains a wrong Batch Count in the
                    // header better than the count does.
                    let expected_items: Vec<&Pattern> = children
                        .iter()
                        .filter(|c| c.tag == Tag::BATCH_ITEM)
                        .collect();
                    let actual_items: Vec<&Item> = actual_children
                        .iter()
                        .filter(|c| c.tag == Tag::BATCH_ITEM)
                        .collect();
                    self.in_sequence(&expected_items, &actual_items)?;
                }
                if expected.tag != Tag::BATCH_ITEM {
                    return self.children(expected.tag, children, actual_children);
                }
                let operation = children
                    .iter()
                    .find(|c| c.tag == Tag::OPERATION)
                    .and_then(|c| match &c.kind {
                        PatternKind::Value(value) => Some(value.clone()),
                        _ => None,
                    });
                let outer = std::mem::replace(&mut self.operation, operation);
                let result = self.children(expected.tag, children, actual_children);
                self.operation = outer;
                result.map_err(|d| with_result_reason(d, actual))
            }
            PatternKind::Value(value) => {
                if value.item_type() != actual.value.item_type() {
                    return Err(self.type_differs(value.item_type(), &actual.value));
                }
                let parent = self.path.iter().rev().nth(1).map(|s| s.tag);
                let random = tolerances::random_output(self.operation.as_ref(), parent, actual.tag)
                    .is_some();
                if random {
                    return match (value, &actual.value) {
                        (Value::ByteString(e), Value::ByteString(a)) if e.len() != a.len() => {
                            Err(self.differ(format!(
                                "expected {} random bytes, got {}",
                                e.len(),
                                a.len()
                            )))
                        }
                        _ => Ok(()),
                    };
                }
                match *value == actual.value {
                    true => Ok(()),
                    false => Err(self.differ(format!(
                        "expected {}, got {}",
                        show(actual.tag, value),
                        show(actual.tag, &actual.value)
                    ))),
                }
            }
            PatternKind::Placeholder {
                item_type,
                placeholder,
            } => {
                if *item_type != actual.value.item_type() {
                    return Err(self.type_differs(*item_type, &actual.value));
                }
                self.placeholder(actual, placeholder)
            }
        }
    }

    fn placeholder(&mut self, actual: &Item, placeholder: &Placeholder) -> Result<(), Difference> {
        match placeholder {
            Placeholder::Now { offset } => match self.now.admits(*offset, &actual.value) {
                true => Ok(()),
                false => Err(self.differ(format!(
                    "expected {placeholder} (between {} and {}), got {}",
                    show(
                        Tag::TIME_STAMP,
                        &Value::DateTime(self.now.earliest + offset)
                    ),
                    show(Tag::TIME_STAMP, &Value::DateTime(self.now.latest + offset)),
                    show(actual.tag, &actual.value)
                ))),
            },
            Placeholder::Named(name) => match self.bindings.get(name) {
                None => {
                    self.bindings.bind(name, actual.value.clone());
                    Ok(())
                }
                Some(bound) if *bound == actual.value => Ok(()),
                Some(bound) => Err(self.differ(format!(
                    "expected {placeholder} = {}, got {}",
                    show(actual.tag, bound),
                    show(actual.tag, &actual.value)
                ))),
            },
        }
    }

    fn type_differs(&self, expected: ItemType, actual: &Value) -> Difference {
        self.differ(format!(
            "expected type {}, got {}",
            expected.xml_name(),
            actual.item_type().xml_name()
        ))
    }

    fn children(
        &mut self,
        parent: Tag,
        expected: &[Pattern],
        actual: &[Item],
    ) -> Result<(), Difference> {
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
        match tolerances::order_free(parent) {
            Some(_) => self.grouped(&expected, &actual),
            None => self.in_sequence(&expected, &actual),
        }
    }

    fn in_sequence(&mut self, expected: &[&Pattern], actual: &[&Item]) -> Result<(), Difference> {
        let label = |tag: Tag, index: usize| {
            let count = |n: usize| n > 1;
            let repeated = count(expected.iter().filter(|p| p.tag == tag).count())
                || count(actual.iter().filter(|i| i.tag == tag).count());
            let before = actual
                .get(..index)
                .unwrap_or_default()
                .iter()
                .filter(|i| i.tag == tag)
                .count();
            segment(tag, repeated.then_some(before))
        };
        for index in 0..expected.len().max(actual.len()) {
            match (expected.get(index), actual.get(index)) {
                (Some(e), Some(a)) if e.tag == a.tag => {
                    self.path.push(label(e.tag, index));
                    let result = self.item(e, a);
                    self.path.pop();
                    result?;
                }
                (Some(e), Some(a)) => {
                    let rest = actual.get(index + 1..).unwrap_or_default();
                    return Err(match rest.iter().any(|later| later.tag == e.tag) {
                        true => self.unexpected(label(a.tag, index), a),
                        false => self.missing(label(e.tag, index)),
                    });
                }
                (Some(e), None) => return Err(self.missing(label(e.tag, index))),
                (None, Some(a)) => return Err(self.unexpected(label(a.tag, index), a)),
                (None, None) => {}
            }
        }
        Ok(())
    }

    /// The `attribute-order` rule: children grouped by tag, each group compared in sequence.
    fn grouped(&mut self, expected: &[&Pattern], actual: &[&Item]) -> Result<(), Difference> {
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
                    (Some(e), Some(a)) => {
                        self.path.push(name);
                        let result = self.item(e, a);
                        self.path.pop();
                        result?;
                    }
                    (Some(_), None) => return Err(self.missing(name)),
                    (None, Some(a)) => return Err(self.unexpected(name, a)),
                    (None, None) => {}
                }
            }
        }
        match actual.iter().find(|i| !tags.contains(&i.tag)) {
            Some(extra) => Err(self.unexpected(segment(extra.tag, None), extra)),
            None => Ok(()),
        }
    }

    fn missing(&mut self, name: Segment) -> Difference {
        self.path.push(name);
        let difference = self.differ("missing".to_owned());
        self.path.pop();
        difference
    }

    fn unexpected(&mut self, name: Segment, item: &Item) -> Difference {
        self.path.push(name);
        let detail = match &item.value {
            Value::Structure(_) => "unexpected".to_owned(),
            value => format!("unexpected: {}", show(item.tag, value)),
        };
        let difference = self.differ(detail);
        self.path.pop();
        difference
    }
}

/// Adds the actual batch item's Result Reason to a difference inside it, so a report line says
/// why the server failed (`... got OperationFailed (OperationNotSupported)`).
fn with_result_reason(mut difference: Difference, batch_item: &Item) -> Difference {
    let reason = batch_item.child(Tag::RESULT_REASON);
    if let Some(reason) = reason {
        if !difference.path.ends_with("ResultReason") {
            let text = show(reason.tag, &reason.value);
            difference.detail = format!("{} ({text})", difference.detail);
        }
    }
    difference
}

fn tag_name(tag: Tag) -> String {
    match tag.name() {
        Some(name) => name.to_owned(),
        None => format!("0x{:06X}", tag.value()),
    }
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
