//! Every way the comparison of an actual response with a vector's expected response is looser
//! than tree equality, each a named rule with its reason. Nothing else is tolerated: a rule is
//! here because the KMIP 2.1 specification leaves the point to the server, never to make a
//! result pass. (The placeholder rules, `$NOW` included, are in `bindings.rs`.)

use hsmgate_kmip::spec::enums::{ObjectType, Operation};
use hsmgate_kmip::ttlv::{Item, Tag, Value};

/// A named loosening of the comparison.
#[derive(Debug, PartialEq, Eq)]
pub struct Tolerance {
    pub name: &'static str,
    pub reason: &'static str,
}

/// The Server Correlation Value of a Response Header is neither compared nor required.
pub const SERVER_CORRELATION_VALUE: Tolerance = Tolerance {
    name: "server-correlation-value",
    reason: "optional in the KMIP 2.1 Response Header and chosen freely by the server (the vectors show one vendor's values)",
};

/// A Response Header may echo the request's Client Correlation Value where the vector shows none.
pub const CLIENT_CORRELATION_ECHO: Tolerance = Tolerance {
    name: "client-correlation-echo",
    reason: "optional in the KMIP 2.1 Response Header; echoing the request's value (and only that value) is allowed",
};

/// The Result Message of a batch item is neither compared nor required.
pub const RESULT_MESSAGE: Tolerance = Tolerance {
    name: "result-message",
    reason: "optional free text in the KMIP 2.1 Response Batch Item; Result Status and Result Reason carry the outcome",
};

/// The members of an Attributes structure in a response may come in any order of attribute
/// names; instances of one attribute keep their relative order.
pub const ATTRIBUTE_ORDER: Tolerance = Tolerance {
    name: "attribute-order",
    reason: "KMIP 2.1 defines Attributes as a repeated attribute member with no order among different attributes",
};

/// The Data an RNG Retrieve returns is compared by length only.
pub const RANDOM_OUTPUT: Tolerance = Tolerance {
    name: "rng-retrieve-data",
    reason: "RNG Retrieve returns fresh random bytes; the vector records one sample, so only its length can match",
};

/// The Digest Value of a key the server generated is compared by length only.
pub const GENERATED_KEY_DIGEST: Tolerance = Tolerance {
    name: "generated-key-digest",
    reason: "every Digest Value in the vectors is of a key the server generated (Create, Create Key Pair) from random bits, so only its length can match",
};

/// The key material a Get returns of a key the server generated is compared by length only.
pub const GENERATED_KEY_MATERIAL: Tolerance = Tolerance {
    name: "generated-key-material",
    reason: "Create, Create Key Pair and Re-key make key material from the server's random bits; a Get of such a key (seen generated earlier in the same file, or in an earlier file of its chain) can match the vector's sample only in length",
};

/// The Data an Encrypt or Decrypt returns under a key the server generated is compared by
/// length only.
pub const GENERATED_KEY_CIPHER_OUTPUT: Tolerance = Tolerance {
    name: "generated-key-cipher-output",
    reason: "Encrypt and Decrypt under a key the server generated (seen earlier in the same file) transform the data with random key bits; the vector's output is of its own server's key, so only its length can match",
};

/// The content of a Random Number Generator attribute is not compared, only its presence.
pub const SERVER_RNG: Tolerance = Tolerance {
    name: "server-rng-description",
    reason: "the Random Number Generator attribute describes the RNG of the server (here the HSM) that made the key, which the KMIP 2.1 specification leaves to the implementation; the vectors show one vendor's (ANSI X9.31 AES-256)",
};

/// The Data an Encrypt with a registered public key returns is compared by length only.
pub const PUBLIC_KEY_ENCRYPTION_OUTPUT: Tolerance = Tolerance {
    name: "public-key-encryption-output",
    reason: "encryption with an RSA public key is randomized (RFC 8017 7.1.1 draws a fresh seed for RSAES-OAEP, 7.2.1 a fresh padding string for RSAES-PKCS1-v1_5), so a ciphertext can match the vector's sample only in length; the Decrypt vectors of the same schemes check the result byte for byte",
};

/// The Attribute References of a Get Attribute List response may come in any order.
pub const ATTRIBUTE_REFERENCE_ORDER: Tolerance = Tolerance {
    name: "attribute-reference-order",
    reason: "KMIP 2.1 Get Attribute List answers with the object's attribute references, one per attribute, in no defined order (the vectors show one vendor's); which references are there is still compared",
};

/// Every rule, for the report.
pub const ALL: [&Tolerance; 11] = [
    &SERVER_CORRELATION_VALUE,
    &CLIENT_CORRELATION_ECHO,
    &RESULT_MESSAGE,
    &ATTRIBUTE_ORDER,
    &RANDOM_OUTPUT,
    &GENERATED_KEY_DIGEST,
    &GENERATED_KEY_MATERIAL,
    &GENERATED_KEY_CIPHER_OUTPUT,
    &SERVER_RNG,
    &PUBLIC_KEY_ENCRYPTION_OUTPUT,
    &ATTRIBUTE_REFERENCE_ORDER,
];

/// The rule under which a child `tag` of a structure `parent` is dropped from both sides before
/// comparing, if any.
pub fn ignored_child(parent: Tag, tag: Tag) -> Option<&'static Tolerance> {
    match (parent, tag) {
        (Tag::RESPONSE_HEADER, Tag::SERVER_CORRELATION_VALUE) => Some(&SERVER_CORRELATION_VALUE),
        (Tag::BATCH_ITEM, Tag::RESULT_MESSAGE) => Some(&RESULT_MESSAGE),
        _ => None,
    }
}

/// The rule under which the children of a structure `tag` are compared grouped by tag rather
/// than in sequence, if any.
pub fn order_free(tag: Tag) -> Option<&'static Tolerance> {
    (tag == Tag::ATTRIBUTES).then_some(&ATTRIBUTE_ORDER)
}

/// The Client Correlation Value of a request, which its response may echo.
pub fn client_correlation_value(request: &Item) -> Option<Value> {
    let header = request.child(Tag::REQUEST_HEADER)?;
    Some(header.child(Tag::CLIENT_CORRELATION_VALUE)?.value.clone())
}

/// The rule under which `item`, a child of a structure `parent` present in the actual response
/// but not in the expected one, is dropped before comparing, if any. `echo` is the request's
/// Client Correlation Value.
pub fn tolerated_extra(
    parent: Tag,
    item: &Item,
    echo: Option<&Value>,
) -> Option<&'static Tolerance> {
    let echoed = parent == Tag::RESPONSE_HEADER
        && item.tag == Tag::CLIENT_CORRELATION_VALUE
        && echo == Some(&item.value);
    echoed.then_some(&CLIENT_CORRELATION_ECHO)
}

/// The rule under which a leaf `tag` in a structure `parent`, in a batch item of `operation`,
/// is compared by length only, if any.
pub fn random_output(
    operation: Option<&Value>,
    parent: Option<Tag>,
    tag: Tag,
) -> Option<&'static Tolerance> {
    let rng = operation == Some(&Value::Enumeration(Operation::RNG_RETRIEVE.0));
    if rng && parent == Some(Tag::RESPONSE_PAYLOAD) && tag == Tag::DATA {
        return Some(&RANDOM_OUTPUT);
    }
    (parent == Some(Tag::DIGEST) && tag == Tag::DIGEST_VALUE).then_some(&GENERATED_KEY_DIGEST)
}

/// Whether a response to `operation` names keys the server generated: its Unique Identifier
/// (or Private/Public Key Unique Identifier) tags are the ones to remember.
pub fn generates_keys(operation: Option<&Value>) -> bool {
    [
        Operation::CREATE,
        Operation::CREATE_KEY_PAIR,
        Operation::RE_KEY,
        Operation::RE_KEY_KEY_PAIR,
    ]
    .iter()
    .any(|op| operation == Some(&Value::Enumeration(op.0)))
}

/// The rule under which a leaf `tag` in a structure `parent`, in a batch item of `operation`
/// about an object the server generated (`generated`), is compared by length only, if any:
/// the Key Material of a Raw key, or the Key of a Transparent Symmetric Key, in a Get; the
/// Data of an Encrypt or Decrypt.
pub fn generated_key_material(
    operation: Option<&Value>,
    generated: bool,
    parent: Option<Tag>,
    tag: Tag,
) -> Option<&'static Tolerance> {
    let cipher = [Operation::ENCRYPT, Operation::DECRYPT]
        .iter()
        .any(|op| operation == Some(&Value::Enumeration(op.0)));
    if generated && cipher && parent == Some(Tag::RESPONSE_PAYLOAD) && tag == Tag::DATA {
        return Some(&GENERATED_KEY_CIPHER_OUTPUT);
    }
    let get = operation == Some(&Value::Enumeration(Operation::GET.0));
    let material = matches!(
        (parent, tag),
        (Some(Tag::KEY_VALUE), Tag::KEY_MATERIAL) | (Some(Tag::KEY_MATERIAL), Tag::KEY)
    );
    (get && generated && material).then_some(&GENERATED_KEY_MATERIAL)
}

/// The rule under which a structure `tag` is compared for presence only, if any.
pub fn presence_only(tag: Tag) -> Option<&'static Tolerance> {
    (tag == Tag::RANDOM_NUMBER_GENERATOR).then_some(&SERVER_RNG)
}

/// Whether a request batch item registers a Public Key (its answer names one).
pub fn registers_public_key(request_item: &Item) -> bool {
    let register = request_item.child(Tag::OPERATION).map(|o| &o.value)
        == Some(&Value::Enumeration(Operation::REGISTER.0));
    let public_key = request_item
        .child(Tag::REQUEST_PAYLOAD)
        .and_then(|p| p.child(Tag::OBJECT_TYPE))
        .map(|t| &t.value)
        == Some(&Value::Enumeration(ObjectType::PUBLIC_KEY.0));
    register && public_key
}

/// The rule under which a leaf `tag` in a structure `parent`, in a batch item of `operation`
/// about a public key registered earlier in the file (`public_key`), is compared by length
/// only, if any: the Data of an Encrypt.
pub fn public_key_cipher_output(
    operation: Option<&Value>,
    public_key: bool,
    parent: Option<Tag>,
    tag: Tag,
) -> Option<&'static Tolerance> {
    let encrypt = operation == Some(&Value::Enumeration(Operation::ENCRYPT.0));
    (encrypt && public_key && parent == Some(Tag::RESPONSE_PAYLOAD) && tag == Tag::DATA)
        .then_some(&PUBLIC_KEY_ENCRYPTION_OUTPUT)
}

/// The rule under which the children of a structure `parent`, in a batch item of `operation`,
/// are compared as a set (sorted by value on both sides), if any.
pub fn unordered_children(parent: Tag, operation: Option<&Value>) -> Option<&'static Tolerance> {
    let list = operation == Some(&Value::Enumeration(Operation::GET_ATTRIBUTE_LIST.0));
    (list && parent == Tag::RESPONSE_PAYLOAD).then_some(&ATTRIBUTE_REFERENCE_ORDER)
}
