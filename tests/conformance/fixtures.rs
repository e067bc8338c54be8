//! Shared pieces of the harness's own tests: KMIP XML snippets of responses, and comparisons of
//! an expected snippet with an actual one inside a fixed `$NOW` window.

use hsmgate_kmip::ttlv::{Item, Tag};
use hsmgate_kmip::xml::read_item;

use crate::bindings::{Bindings, NowWindow};
use crate::matcher::{match_response, Difference};
use crate::pattern::{read_patterns, Pattern};

pub const NOW: i64 = 1_700_000_000;
pub const WINDOW: NowWindow = NowWindow {
    earliest: NOW,
    latest: NOW + 2,
};

/// A one-item response message in KMIP XML; `extra_header` goes after the Time Stamp.
pub fn response_xml(extra_header: &str, batch_item: &str) -> String {
    format!(
        r#"<ResponseMessage>
  <ResponseHeader>
    <ProtocolVersion>
      <ProtocolVersionMajor type="Integer" value="2"/>
      <ProtocolVersionMinor type="Integer" value="1"/>
    </ProtocolVersion>
    <TimeStamp type="DateTime" value="$NOW"/>
    {extra_header}
    <BatchCount type="Integer" value="1"/>
  </ResponseHeader>
  <BatchItem>{batch_item}</BatchItem>
</ResponseMessage>"#
    )
}

pub fn get_success(uid: &str) -> String {
    format!(
        r#"<Operation type="Enumeration" value="Get"/>
    <ResultStatus type="Enumeration" value="Success"/>
    <ResponsePayload>
      <UniqueIdentifier type="TextString" value="{uid}"/>
    </ResponsePayload>"#
    )
}

pub fn pattern(xml: &str) -> Pattern {
    let mut patterns = read_patterns(xml).expect("pattern XML");
    assert_eq!(patterns.len(), 1);
    patterns.remove(0)
}

/// An actual message: the XML with `$NOW` written as a date inside [`WINDOW`].
pub fn actual(xml: &str) -> Item {
    read_item(&xml.replace("$NOW", "2023-11-14T22:13:21+00:00")).expect("actual XML")
}

/// A request without a header, for comparisons where the request plays no part.
pub fn no_request() -> Item {
    Item::structure(Tag::REQUEST_MESSAGE, Vec::new())
}

pub fn compare(expected: &str, got: &str) -> Result<(), Difference> {
    let mut bindings = Bindings::default();
    match_response(
        &pattern(expected),
        &actual(got),
        &no_request(),
        &mut bindings,
        WINDOW,
    )
}

pub fn difference(expected: &str, got: &str) -> String {
    compare(expected, got)
        .expect_err("the responses should differ")
        .to_string()
}
