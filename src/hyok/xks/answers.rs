//! The JSON answers of Encrypt and Decrypt as typed structures. Built as `serde_json::Value`s,
//! each answer was a map of owned keys, then a walk of that map to serialise it; these derive
//! `Serialize` and are written straight to the body. Field names are the XKS spec's; fields are
//! declared in the order a `serde_json` map (sorted by key) wrote them, so the bytes are the
//! same as before.

use serde::Serialize;
use zeroize::Zeroizing;

/// The answer of `.../encrypt`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EncryptAnswer {
    pub authentication_tag: String,
    pub ciphertext: String,
    /// Only when the request asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ciphertext_data_integrity_value: Option<String>,
    pub ciphertext_metadata: String,
    pub initialization_vector: String,
}

/// The answer of `.../decrypt`: the plaintext in Base64, wiped when the answer is dropped.
#[derive(Serialize)]
pub(crate) struct DecryptAnswer {
    #[serde(serialize_with = "text")]
    pub plaintext: Zeroizing<String>,
}

fn text<S: serde::Serializer>(value: &Zeroizing<String>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_written_as_the_json_maps_were() {
        let mut encrypt = EncryptAnswer {
            authentication_tag: "dGFn".into(),
            ciphertext: "Y3Q=".into(),
            ciphertext_data_integrity_value: None,
            ciphertext_metadata: "AQ==".into(),
            initialization_vector: "aXY=".into(),
        };
        let mut map = serde_json::json!({
            "ciphertext": "Y3Q=",
            "ciphertextMetadata": "AQ==",
            "initializationVector": "aXY=",
            "authenticationTag": "dGFn",
        });
        assert_eq!(
            serde_json::to_vec(&encrypt).unwrap(),
            serde_json::to_vec(&map).unwrap()
        );
        encrypt.ciphertext_data_integrity_value = Some("c2hh".into());
        map["ciphertextDataIntegrityValue"] = "c2hh".into();
        assert_eq!(
            serde_json::to_vec(&encrypt).unwrap(),
            serde_json::to_vec(&map).unwrap()
        );
        let decrypt = DecryptAnswer {
            plaintext: Zeroizing::new("cHQ=".into()),
        };
        assert_eq!(
            serde_json::to_vec(&decrypt).unwrap(),
            serde_json::to_vec(&serde_json::json!({ "plaintext": "cHQ=" })).unwrap()
        );
    }
}
