//! PyKMIP's client (from PyPI, in the project's .venv made by scripts/test.sh) running Locate,
//! Get Attribute List, Modify, Delete and (2.0) Set Attribute against the server over real TLS.

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

async fn probe(port: u16, pki: &std::path::Path, version: &str) -> serde_json::Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pykmip_probe.py");
    let mut command = Command::new(python());
    command
        .arg(script)
        .arg("attributes")
        .arg("--port")
        .arg(port.to_string())
        .arg("--pki")
        .arg(pki)
        .arg("--version")
        .arg(version);
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
async fn pykmip_locates_lists_and_edits_attributes_in_each_version() {
    let server = start_server().await;
    for version in ["1.2", "1.4", "2.0"] {
        let seen = probe(server.addr.port(), &server.pki, version).await;
        println!("PyKMIP {version}: {seen}");
        let (a, b) = (&seen["a"], &seen["b"]);
        assert_eq!(seen["by_name"], serde_json::json!([a]), "{version}");
        assert_eq!(seen["by_length"], serde_json::json!([b]), "{version}");
        // Newest first: b was created after a (and after the previous versions' keys).
        assert_eq!(seen["first_page"], serde_json::json!([b]), "{version}");
        let list = seen["attribute_list"].as_array().unwrap();
        for name in [
            "Name",
            "State",
            "Cryptographic Algorithm",
            "Unique Identifier",
        ] {
            assert!(
                list.iter().any(|n| n == name),
                "{version}: {name} not in {list:?}"
            );
        }
        if version == "2.0" {
            assert_eq!(seen["by_contact"], serde_json::json!([a]), "{version}");
        } else {
            let renamed = format!("pykmip-renamed-{version}");
            assert_eq!(seen["modified"], renamed.as_str(), "{version}");
            assert_eq!(seen["by_new_name"], serde_json::json!([a]), "{version}");
            assert_eq!(seen["deleted"], renamed.as_str(), "{version}");
        }
        assert_eq!(seen["after_delete"], serde_json::json!([]), "{version}");
    }
}
