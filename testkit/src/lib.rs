//! Test fixtures shared by every crate's integration tests: fresh SoftHSM2 tokens.
//!
//! # Design
//!
//! SoftHSM2 reads its configuration file (named by the `SOFTHSM2_CONF` environment variable)
//! exactly once, inside `C_Initialize`, and keeps one global state per process. `cargo test` runs
//! every test of a test binary as a thread of one process, so a per-test configuration file cannot
//! work: whichever test initialises the module first would fix the token directory for all.
//!
//! This crate therefore uses **one configuration and token directory per process**:
//!
//! 1. The first call to [`SoftHsmToken::create`] (or [`softhsm_conf`]) creates a temporary
//!    directory holding `softhsm2.conf` and `tokens/`, and sets `SOFTHSM2_CONF` before anything in
//!    the process can have called `C_Initialize` through the testkit. The directory lives in a
//!    process-wide [`OnceLock`] so it outlives every test; directories left by earlier test
//!    processes that have exited are removed when the next one starts.
//! 2. Each test creates its own token with a **unique label** in that directory. Tokens are
//!    initialised through PKCS#11 itself (`C_InitToken` on SoftHSM2's always-present free slot,
//!    then `C_InitPIN` as security officer), not with `softhsm2-util`: a SoftHSM2 that is already
//!    initialised in this process does not rescan its token directory, so a token written by a
//!    separate `softhsm2-util` process would stay invisible, whereas `C_InitToken` always
//!    updates the live slot list. Token creation is serialised by a mutex because two concurrent
//!    `C_InitToken` calls would race for the same free slot.
//! 3. The testkit initialises the module with OS locking and never finalises it. Code under
//!    test that calls `C_Initialize` again gets `CKR_CRYPTOKI_ALREADY_INITIALIZED`, which it must
//!    treat as success (hsmgate-pkcs11 does). If a test finalises the module (recovery tests),
//!    the testkit re-initialises it on its next use.
//!
//! Tests find their token by label, never by slot number. A child process (the gateway binary in
//! end-to-end tests) sees the same tokens when given `SOFTHSM2_CONF` = [`softhsm_conf`].
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![forbid(unsafe_code)]

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::session::UserType;
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;

/// Environment variable naming the SoftHSM2 module; set by `scripts/ensure-deps.sh`.
pub const MODULE_ENV: &str = "HSMGATE_SOFTHSM_MODULE";

/// Where distributions install the SoftHSM2 module, tried when [`MODULE_ENV`] is unset.
const MODULE_CANDIDATES: &[&str] = &[
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
];

/// Prefix of the per-process directories, so stale ones can be recognised and removed.
const DIR_PREFIX: &str = "hsmgate-softhsm-";

/// Why a fixture could not be set up.
#[derive(Debug)]
#[non_exhaustive]
pub enum TestkitError {
    /// No SoftHSM2 module was found.
    ModuleNotFound,
    /// Creating the configuration or token directory failed.
    Io(std::io::Error),
    /// A PKCS#11 call failed while initialising a token.
    Pkcs11(CkError),
    /// The token was initialised but could not be found again by its label.
    TokenNotFound(String),
    /// An earlier setup attempt failed; the first error was reported then.
    SetupFailed,
}

impl fmt::Display for TestkitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ModuleNotFound => write!(
                f,
                "SoftHSM2 module not found: set {MODULE_ENV} or install softhsm2"
            ),
            Self::Io(e) => write!(f, "SoftHSM2 fixture I/O error: {e}"),
            Self::Pkcs11(e) => write!(f, "SoftHSM2 token initialisation failed: {e}"),
            Self::TokenNotFound(label) => write!(f, "token {label:?} not found after init"),
            Self::SetupFailed => write!(f, "SoftHSM2 fixture setup failed earlier"),
        }
    }
}

impl std::error::Error for TestkitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::Pkcs11(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for TestkitError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<CkError> for TestkitError {
    fn from(e: CkError) -> Self {
        Self::Pkcs11(e)
    }
}

/// Path of the SoftHSM2 PKCS#11 module: `$HSMGATE_SOFTHSM_MODULE`, else the usual install paths.
pub fn module_path() -> Result<PathBuf, TestkitError> {
    if let Some(path) = std::env::var_os(MODULE_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    MODULE_CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or(TestkitError::ModuleNotFound)
}

/// The process-wide SoftHSM2 directory; lives until the process exits.
struct ProcessDir {
    dir: tempfile::TempDir,
    conf: PathBuf,
}

static PROCESS_DIR: OnceLock<Result<ProcessDir, String>> = OnceLock::new();

fn process_dir() -> Result<&'static ProcessDir, TestkitError> {
    PROCESS_DIR
        .get_or_init(|| create_process_dir().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|_| TestkitError::SetupFailed)
}

fn create_process_dir() -> Result<ProcessDir, TestkitError> {
    remove_stale_dirs();
    let dir = tempfile::Builder::new()
        .prefix(&format!("{DIR_PREFIX}{}-", std::process::id()))
        .tempdir()?;
    let tokens = dir.path().join("tokens");
    std::fs::create_dir(&tokens)?;
    let conf = dir.path().join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
            tokens.display()
        ),
    )?;
    // Set before the testkit's own C_Initialize; see the crate docs for why this is per process.
    std::env::set_var("SOFTHSM2_CONF", &conf);
    Ok(ProcessDir { dir, conf })
}

/// Removes directories of earlier test processes that no longer run (best effort, Linux `/proc`).
fn remove_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Path of this process's `softhsm2.conf` (also exported as `SOFTHSM2_CONF`). Pass it to child
/// processes that must see the tokens created here.
pub fn softhsm_conf() -> Result<&'static Path, TestkitError> {
    Ok(process_dir()?.conf.as_path())
}

/// Directory holding this process's SoftHSM2 tokens.
pub fn token_dir() -> Result<PathBuf, TestkitError> {
    Ok(process_dir()?.dir.path().join("tokens"))
}

/// The testkit's own PKCS#11 context; the mutex serialises token creation.
static CONTEXT: Mutex<Option<Pkcs11>> = Mutex::new(None);
static TOKEN_COUNTER: AtomicU32 = AtomicU32::new(0);

/// A freshly initialised SoftHSM2 token, found by its label.
#[derive(Clone)]
pub struct SoftHsmToken {
    /// Path of the PKCS#11 module.
    pub module: PathBuf,
    /// The token's label (unique in this process, at most 32 bytes).
    pub label: String,
    /// The user PIN.
    pub user_pin: String,
    /// The security officer PIN.
    pub so_pin: String,
    /// The `softhsm2.conf` this token lives under.
    pub conf: PathBuf,
}

impl fmt::Debug for SoftHsmToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SoftHsmToken")
            .field("module", &self.module)
            .field("label", &self.label)
            .field("conf", &self.conf)
            .finish_non_exhaustive()
    }
}

impl SoftHsmToken {
    /// Creates a token labelled `<prefix>-<pid>-<n>` (prefix cut so the label fits in 32 bytes)
    /// with fresh PINs.
    pub fn create(prefix: &str) -> Result<Self, TestkitError> {
        let n = TOKEN_COUNTER.fetch_add(1, Ordering::Relaxed);
        let suffix = format!("-{}-{n}", std::process::id());
        let keep = 32usize.saturating_sub(suffix.len());
        let prefix: String = prefix.chars().filter(char::is_ascii).take(keep).collect();
        let label = format!("{prefix}{suffix}");
        let user_pin = format!("user-{n}-{}", std::process::id());
        let so_pin = format!("so-{n}-{}", std::process::id());
        Self::create_with(&label, &user_pin, &so_pin)
    }

    /// Creates a token with an exact label and PINs. The label must be unique in this process.
    pub fn create_with(label: &str, user_pin: &str, so_pin: &str) -> Result<Self, TestkitError> {
        let conf = softhsm_conf()?.to_path_buf();
        let module = module_path()?;
        let mut guard = CONTEXT.lock().unwrap_or_else(|p| p.into_inner());
        let result = init_token(&mut guard, &module, label, user_pin, so_pin);
        if let Err(TestkitError::Pkcs11(CkError::Pkcs11(RvError::CryptokiNotInitialized, _))) =
            result
        {
            // A test finalised the module; initialise it again and retry once.
            *guard = None;
            init_token(&mut guard, &module, label, user_pin, so_pin)?;
        } else {
            result?;
        }
        Ok(Self {
            module,
            label: label.to_owned(),
            user_pin: user_pin.to_owned(),
            so_pin: so_pin.to_owned(),
            conf,
        })
    }

    /// Writes the user PIN (with a trailing newline, as an operator's file would have) to
    /// `dir/<label>.pin`, readable by the owner only, and returns its path.
    pub fn write_user_pin_file(&self, dir: &Path) -> Result<PathBuf, TestkitError> {
        use std::io::Write;
        #[cfg(unix)]
        use std::os::unix::fs::OpenOptionsExt;
        let path = dir.join(format!("{}.pin", self.label));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let mut file = options.open(&path)?;
        writeln!(file, "{}", self.user_pin)?;
        Ok(path)
    }
}

fn context<'a>(slot: &'a mut Option<Pkcs11>, module: &Path) -> Result<&'a Pkcs11, TestkitError> {
    if slot.is_none() {
        let ctx = Pkcs11::new(module)?;
        match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(e.into()),
        }
        *slot = Some(ctx);
    }
    slot.as_ref().ok_or(TestkitError::SetupFailed)
}

fn init_token(
    ctx_slot: &mut Option<Pkcs11>,
    module: &Path,
    label: &str,
    user_pin: &str,
    so_pin: &str,
) -> Result<(), TestkitError> {
    let ctx = context(ctx_slot, module)?;
    let free = free_slot(ctx)?;
    let so = AuthPin::from(so_pin);
    ctx.init_token(free, &so, label)?;
    // SoftHSM2 gives an initialised token a new slot id, so look it up again by label.
    let slot = find_slot(ctx, label)?.ok_or_else(|| TestkitError::TokenNotFound(label.into()))?;
    let session = ctx.open_rw_session(slot)?;
    session.login(UserType::So, Some(&so))?;
    session.init_pin(&AuthPin::from(user_pin))?;
    session.logout()?;
    Ok(())
}

fn free_slot(ctx: &Pkcs11) -> Result<Slot, TestkitError> {
    for slot in ctx.get_slots_with_token()? {
        if !ctx.get_token_info(slot)?.token_initialized() {
            return Ok(slot);
        }
    }
    Err(TestkitError::TokenNotFound("<free slot>".into()))
}

/// The slot holding the token labelled `label`, if any.
pub fn find_slot(ctx: &Pkcs11, label: &str) -> Result<Option<Slot>, TestkitError> {
    for slot in ctx.get_slots_with_token()? {
        let info = ctx.get_token_info(slot)?;
        if info.token_initialized() && info.label().trim_end() == label {
            return Ok(Some(slot));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_distinct_tokens_that_accept_their_user_pin() {
        let a = SoftHsmToken::create("testkit-a").unwrap();
        let b = SoftHsmToken::create("testkit-b").unwrap();
        assert_ne!(a.label, b.label);
        assert!(a.label.len() <= 32);
        assert_eq!(
            std::env::var_os("SOFTHSM2_CONF").unwrap(),
            a.conf.as_os_str()
        );
        assert!(a.conf.starts_with(std::env::temp_dir()));

        let ctx = Pkcs11::new(&a.module).unwrap();
        match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => panic!("{e}"),
        }
        for token in [&a, &b] {
            let slot = find_slot(&ctx, &token.label).unwrap().unwrap();
            let session = ctx.open_ro_session(slot).unwrap();
            session
                .login(
                    UserType::User,
                    Some(&AuthPin::from(token.user_pin.as_str())),
                )
                .unwrap();
            let wrong = ctx.open_ro_session(slot).unwrap();
            // Login state is per application, so a second session is already logged in.
            assert!(wrong.logout().is_ok());
        }
        // Token files live in this process's directory, not the system one.
        assert!(std::fs::read_dir(token_dir().unwrap()).unwrap().count() >= 2);
    }

    #[test]
    fn writes_a_private_pin_file() {
        let t = SoftHsmToken::create("testkit-pinfile").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = t.write_user_pin_file(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{}\n", t.user_pin)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(
            t.write_user_pin_file(dir.path()).is_err(),
            "never overwrites"
        );
    }

    #[test]
    fn debug_hides_pins() {
        let t = SoftHsmToken::create("testkit-debug").unwrap();
        let shown = format!("{t:?}");
        assert!(!shown.contains(&t.user_pin));
        assert!(!shown.contains(&t.so_pin));
    }
}
