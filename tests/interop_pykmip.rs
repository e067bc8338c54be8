//! PyKMIP's client (from PyPI, in the project's .venv made by scripts/test.sh) against the server
//! over real TLS: a real third-party KMIP implementation decoding our answers.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::start_server;

/// The interpreter of the project-local venv (or HSMGATE_PYTHON).
fn python() -> PathBuf {
    if let Some(path) = std::env::var_os("HSMGATE_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(
        venv.exists(),
        "{} is missing: run scripts/test.sh (it makes the venv with PyKMIP)",
        venv.display()
    );
    venv
}

async fn probe(
    scenario: &str,
    port: u16,
    pki: &std::path::Path,
    version: &str,
) -> serde_json::Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pykmip_probe.py");
    let mut command = Command::new(python());
    command
        .arg(script)
        .arg(scenario)
        .arg("--port")
        .arg(port.to_string())
        .arg("--pki")
        .arg(pki);
    command.arg("--version").arg(version);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    assert!(
        output.status.success(),
        "PyKMIP failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pykmip_discovers_versions_and_queries_in_each_version() {
    let server = start_server().await;
    for version in ["1.2", "1.4", "2.0"] {
        let seen = probe(
            "discover-and-query",
            server.addr.port(),
            &server.pki,
            version,
        )
        .await;
        assert_eq!(seen["discover"]["status"], "SUCCESS", "{version}: {seen}");
        let versions = seen["discover"]["versions"].as_array().unwrap();
        assert_eq!(versions[0], "2.1", "{version}: {seen}");
        assert!(versions.iter().any(|v| v == "1.0"), "{version}: {seen}");
        assert_eq!(seen["query"]["status"], "SUCCESS", "{version}: {seen}");
        let operations = seen["query"]["operations"].as_array().unwrap();
        assert!(operations.iter().any(|o| o == "QUERY"), "{version}: {seen}");
        assert!(
            operations.iter().any(|o| o == "DISCOVER_VERSIONS"),
            "{version}: {seen}"
        );
        assert_eq!(seen["query"]["vendor"], "hsmgate", "{version}: {seen}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pykmip_runs_a_key_through_its_lifecycle_in_each_version() {
    let server = start_server().await;
    for version in ["1.2", "1.4", "2.0"] {
        let seen = probe("key-lifecycle", server.addr.port(), &server.pki, version).await;
        println!("PyKMIP {version}: {seen}");
        assert_eq!(
            seen["attributes_before"]["State"], "State.PRE_ACTIVE",
            "{version}: {seen}"
        );
        assert_eq!(
            seen["attributes_before"]["Cryptographic Length"], "256",
            "{version}: {seen}"
        );
        assert_eq!(
            seen["state_after_activate"], "State.ACTIVE",
            "{version}: {seen}"
        );
        // 34 + 3 bytes of plaintext pad to 48 bytes in CBC with PKCS#7.
        assert_eq!(seen["ciphertext_len"], 48, "{version}: {seen}");
        assert_eq!(seen["round_trip"], true, "{version}: {seen}");
        assert_eq!(
            seen["state_after_destroy"], "State.DESTROYED",
            "{version}: {seen}"
        );
        // FIPS-197 appendix C.1: AES-128 of 00112233...eeff under key 000102...0f.
        assert_eq!(
            seen["fips197_ecb"], "69c4e0d86a7b0430d8cdb78070b4c55a",
            "{version}: {seen}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pykmip_gets_keys_back_and_verifies_signatures_in_each_version() {
    use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
    let server = start_server().await;
    for version in ["1.2", "1.4", "2.0"] {
        let seen = probe("key-export", server.addr.port(), &server.pki, version).await;
        println!("PyKMIP {version}: {seen}");
        assert_eq!(seen["registered_type"], "SymmetricKey", "{version}: {seen}");
        assert_eq!(seen["registered_same_bytes"], true, "{version}: {seen}");
        assert_eq!(seen["registered_format"], "RAW", "{version}: {seen}");
        // Not Extractable exists since KMIP 1.4; 1.2 hears Permission Denied.
        let refused = if version == "1.2" {
            "PERMISSION_DENIED"
        } else {
            "NOT_EXTRACTABLE"
        };
        assert_eq!(seen["created_get"]["reason"], refused, "{version}: {seen}");
        assert_eq!(seen["private_get"]["reason"], refused, "{version}: {seen}");
        assert_eq!(seen["public_type"], "PublicKey", "{version}: {seen}");
        assert_eq!(seen["public_format"], "PKCS_1", "{version}: {seen}");
        assert_eq!(seen["verified"], "VALID", "{version}: {seen}");
        let hex = |key: &str| hex::decode(seen[key].as_str().unwrap()).unwrap();
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, hex("public_der_hex"))
            .verify(&hex("message_hex"), &hex("signature_hex"))
            .expect("the signature PyKMIP got verifies with the public key PyKMIP got");
    }
}
