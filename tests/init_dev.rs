//! `hsmgate init --dev` and the configuration it writes, through the real binary and a real
//! SoftHSM2 token.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use hsmgate::config::Config;

fn hsmgate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hsmgate"))
        .args(args)
        .output()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_dev_makes_a_working_default_and_keeps_it_on_a_second_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dev");
    let dir_arg = dir.to_str().unwrap();

    let first = hsmgate(&["init", "--dev", "--dir", dir_arg]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(out.contains("made") && !out.contains("kept"), "{out}");

    for secret in [
        "user.pin",
        "so.pin",
        "nss.pin",
        "pki/server.key",
        "pki/client.key",
        "pki/ca.key",
    ] {
        assert_eq!(mode(&dir.join(secret)), 0o600, "{secret}");
    }
    let env = std::fs::read_to_string(dir.join("xks.env")).unwrap();
    for line in [
        "XKS_URI_PREFIX=/xks/dev",
        "\nURI_PREFIX=xks/dev\n",
        "SCHEME=https://\n",
        "SECURE=\"--cacert /",
        "KEY_ID=xks-dev-key",
        "REGION=us-east-1",
        "SIGV4_ACCESS_KEY_ID=AKIA",
    ] {
        assert!(env.contains(line), "{line} missing from xks.env");
    }
    let secret = std::fs::read_to_string(dir.join("xks.secret")).unwrap();
    assert!(env.contains(&format!("SIGV4_SECRET_ACCESS_KEY={}", secret.trim_end())));
    assert!(out.contains("key \"xks-dev-key\""), "{out}");
    assert!(out.contains("key \"ekm-dev-key\""), "{out}");
    let before: Vec<Vec<u8>> = [
        "user.pin",
        "pki/ca.pem",
        "pki/client.pem",
        "hsmgate.toml",
        "xks.env",
    ]
    .iter()
    .map(|f| std::fs::read(dir.join(f)).unwrap())
    .collect();

    let second = hsmgate(&["init", "--dev", "--dir", dir_arg]);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(out.contains("kept") && !out.contains("made "), "{out}");
    let after: Vec<Vec<u8>> = [
        "user.pin",
        "pki/ca.pem",
        "pki/client.pem",
        "hsmgate.toml",
        "xks.env",
    ]
    .iter()
    .map(|f| std::fs::read(dir.join(f)).unwrap())
    .collect();
    assert_eq!(before, after, "a second init changed files");

    // The configuration loads, and every file it names exists.
    let config = Config::load(&dir.join("hsmgate.toml")).unwrap();
    let xks = config.xks.as_ref().expect("an [xks] section");
    assert_eq!(xks.key_stores[0].keys, vec!["xks-dev-key".to_owned()]);
    let ekm = config.ekm.as_ref().expect("an [ekm] section");
    assert_eq!(ekm.keys, vec![hsmgate::init::DEV_EKM_KEY.to_owned()]);
    assert_eq!(ekm.path_prefix, hsmgate::init::DEV_EKM_PREFIX);
    for path in [
        &config.tls.client_ca,
        &config.tls.cert,
        &config.tls.key,
        &config.hsms[0].module,
    ] {
        assert!(path.exists(), "{}", path.display());
    }
    let check = hsmgate(&[
        "check-config",
        "--config",
        dir.join("hsmgate.toml").to_str().unwrap(),
    ]);
    assert!(check.status.success());

    // The token is there, found by label, and the user PIN from the PIN file logs in.
    let hsm = &config.hsms[0];
    std::env::set_var("SOFTHSM2_CONF", &hsm.environment["SOFTHSM2_CONF"]);
    let pkcs11 = Pkcs11::new(&hsm.module).unwrap();
    pkcs11
        .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .unwrap();
    let slot = pkcs11
        .get_slots_with_initialized_token()
        .unwrap()
        .into_iter()
        .find(|s| pkcs11.get_token_info(*s).unwrap().label().trim_end() == hsm.token_label)
        .expect("token not found by label");
    let pin = std::fs::read_to_string(hsm.user_pin_file.as_ref().unwrap()).unwrap();
    let session = pkcs11.open_ro_session(slot).unwrap();
    session
        .login(UserType::User, Some(&AuthPin::from(pin.trim_end())))
        .unwrap();
    assert!(session
        .login(UserType::User, Some(&AuthPin::from("wrong")))
        .is_err());

    // The second token, NSS's softoken, opens with its PIN file and offers ChaCha20.
    let nss = &config.hsms[1];
    assert_eq!(nss.name, "nss");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let backend = runtime
        .block_on(hsmgate_pkcs11::Backend::open(
            hsmgate::serve::backend_config(nss),
        ))
        .unwrap();
    let support = backend.chacha_support();
    assert!(
        support.key_gen && support.stream && support.aead,
        "{support:?}"
    );
}

#[test]
fn an_invalid_configuration_exits_non_zero_naming_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("hsmgate.toml");
    std::fs::write(
        &file,
        "[kmip]\nlisten = \"127.0.0.1:5696\"\nmax_conections = 5\n",
    )
    .unwrap();
    let out = hsmgate(&["serve", "--config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("max_conections") && err.contains("hsmgate.toml"),
        "{err}"
    );

    let missing = hsmgate(&[
        "serve",
        "--config",
        tmp.path().join("nope.toml").to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}
