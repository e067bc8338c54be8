//! The OASIS KMIP Profiles 2.1 test-case files: where they are, which profile each belongs to,
//! and their request/response pairs as patterns.

use std::ops::Range;
use std::path::{Path, PathBuf};

use hsmgate_kmip::ttlv::Tag;

use crate::pattern::{read_patterns, Pattern};

/// The folders replayed, under testdata/kmip-vectors/kmip-profiles-v2.1.
const FOLDERS: [&str; 2] = ["mandatory", "optional"];

pub fn vector_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/kmip-vectors/kmip-profiles-v2.1")
}

/// One request and the response the vector expects for it.
#[derive(Debug)]
pub struct Step {
    pub request: Pattern,
    pub response: Pattern,
}

#[derive(Debug)]
pub struct VectorFile {
    /// The file name without `.xml` (`BL-M-1-21`).
    pub stem: String,
    pub steps: Vec<Step>,
}

impl VectorFile {
    pub fn profile(&self) -> String {
        profile_of(&self.stem)
    }
}

/// The profile a test case belongs to: its name up to the mandatory/optional marker
/// (`CS-BC-M-GCM-1-21` -> `CS-BC-M`, `SKLC-O-1-21` -> `SKLC-O`).
pub fn profile_of(stem: &str) -> String {
    let parts: Vec<&str> = stem.split('-').collect();
    match parts.iter().position(|p| *p == "M" || *p == "O") {
        Some(marker) => parts[..=marker].join("-"),
        None => stem.to_owned(),
    }
}

/// Every vector file path, sorted by name.
pub fn vector_paths() -> Vec<PathBuf> {
    let root = vector_root();
    let mut paths = Vec::new();
    for folder in FOLDERS {
        let entries = std::fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("reading {}/{folder}: {e}", root.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "xml") {
                paths.push(path);
            }
        }
    }
    paths.sort_by_key(|p| p.file_name().map(|n| n.to_owned()));
    paths
}

/// Reads a vector file into request/response steps.
pub fn load(path: &Path) -> Result<VectorFile, String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("file name is not UTF-8")?
        .to_owned();
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut messages = Vec::new();
    for chunk in split_messages(&text)? {
        let line = 1 + text[..chunk.start].matches('\n').count();
        let read =
            read_patterns(&text[chunk]).map_err(|e| format!("message at line {line}: {e}"))?;
        messages.extend(read);
    }
    let mut steps = Vec::new();
    let mut messages = messages.into_iter();
    while let Some(request) = messages.next() {
        let response = messages
            .next()
            .ok_or_else(|| format!("step {}: request without a response", steps.len()))?;
        if request.tag != Tag::REQUEST_MESSAGE || response.tag != Tag::RESPONSE_MESSAGE {
            return Err(format!(
                "step {}: expected a RequestMessage then a ResponseMessage",
                steps.len()
            ));
        }
        steps.push(Step { request, response });
    }
    Ok(VectorFile { stem, steps })
}

const MESSAGES: [(&str, &str); 2] = [
    ("<RequestMessage>", "</RequestMessage>"),
    ("<ResponseMessage>", "</ResponseMessage>"),
];

/// The byte ranges of the top-level messages of a vector file, so each is read on its own: the
/// XML reader's error positions count lines from the start of its text at every element, which
/// makes one read of a whole 180 kB file take seconds in a debug build. The text around the
/// messages must be the `<KMIP>` root, comments and white space only, so nothing is skipped.
fn split_messages(text: &str) -> Result<Vec<Range<usize>>, String> {
    let mut ranges = Vec::new();
    let mut between = String::new();
    let mut at = 0;
    loop {
        let next = MESSAGES
            .iter()
            .filter_map(|(open, close)| Some((text[at..].find(open)? + at, *close)))
            .min_by_key(|(start, _)| *start);
        let Some((start, close)) = next else {
            between.push_str(&text[at..]);
            break;
        };
        let end = text[start..]
            .find(close)
            .map(|i| start + i + close.len())
            .ok_or_else(|| format!("unclosed message at byte {start}"))?;
        between.push_str(&text[at..start]);
        ranges.push(start..end);
        at = end;
    }
    let mut rest = between.as_str();
    let mut outside = String::new();
    while let Some(open) = rest.find("<!--") {
        outside.push_str(&rest[..open]);
        let close = rest[open..].find("-->").ok_or("unclosed comment")?;
        rest = &rest[open + close + 3..];
    }
    outside.push_str(rest);
    outside.retain(|c| !c.is_whitespace());
    match outside.as_str() {
        "<KMIP></KMIP>" => Ok(ranges),
        _ => Err(format!("text outside the messages: {outside:.80}")),
    }
}
