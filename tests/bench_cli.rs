//! `hsmgate bench` as a user runs it: a separate process with the raw PKCS#11 baseline on an
//! embedded default, which must finish cleanly. (The module is initialised there with the
//! gateway's mutex callbacks; a module unloaded while initialised crashed the process at exit
//! in OpenSSL's clean-up before `app_locking` kept it loaded.)

use std::process::Command;

fn hsmgate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hsmgate"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_raw_baseline_and_loopback_floor_run_and_exit_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    let dir = dir.to_str().unwrap();
    let init = hsmgate(&["init", "--dev", "--dir", dir]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let file = |name: &str| format!("{dir}/{name}");
    let (config, ca, cert, key) = (
        file("hsmgate.toml"),
        file("pki/ca.pem"),
        file("pki/client.pem"),
        file("pki/client.key"),
    );
    for locking in [None, Some("--raw-os-locking")] {
        let mut args = vec![
            "bench",
            "--server",
            "127.0.0.1:9",
            "--ca",
            &ca,
            "--cert",
            &cert,
            "--key",
            &key,
            "--op",
            "loopback-floor",
            "--connections",
            "2",
            "--duration",
            "0.3",
            "--warmup",
            "0.1",
            "--raw-trials",
            "2",
            "--raw",
            &config,
        ];
        args.extend(locking);
        let run = hsmgate(&args);
        let out = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{locking:?}: {:?}\n{out}\n{}",
            run.status,
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            out.contains("raw pkcs11 encrypt x2 (token key) best of 2"),
            "{out}"
        );
        assert!(out.contains("highest gateway / raw PKCS#11 ratio"), "{out}");
    }
}
