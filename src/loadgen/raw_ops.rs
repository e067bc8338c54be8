//! One operation of the raw PKCS#11 baseline for each [`KmipOp`], on keys made for the run and
//! destroyed after it. The keys are token objects, as the gateway's are (SoftHSM2 checks a
//! token object's file on every use, which roughly halves its AES throughput next to a session
//! object); `--raw-session-key` measures session objects instead, to show that difference.

use std::path::Path;

use cryptoki::mechanism::aead::GcmParams;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::Session;
use hsmgate_pkcs11::SingleCall;

use super::{BenchArgs, KmipOp};

/// AES-KWP of a 32-byte key: 40 bytes.
const KWP_OUTPUT: usize = 40;

fn ck(what: &'static str) -> impl Fn(cryptoki::error::Error) -> String {
    move |e| format!("raw PKCS#11 {what}: {e}")
}

/// The keys and inputs one run's operation needs.
pub struct Fixture {
    op: KmipOp,
    token: bool,
    label: String,
    payload: Vec<u8>,
    /// The AES key that encrypts, decrypts or wraps; the key to wrap or read (Get).
    key: Option<ObjectHandle>,
    target: Option<ObjectHandle>,
    /// IV and ciphertext+tag of the payload, for Decrypt.
    sealed: Option<([u8; 12], Vec<u8>)>,
    single_call: Option<SingleCall>,
    made: Vec<ObjectHandle>,
    /// SoftHSM2 fails concurrent token-object creation (CKR_GENERAL_ERROR), so the gateway
    /// creates one object at a time per module; the baseline does the same.
    creating: std::sync::Mutex<()>,
}

impl Fixture {
    /// Makes the keys `args.op` needs with `session`.
    pub fn prepare(session: &Session, module: &Path, args: &BenchArgs) -> Result<Self, String> {
        let mut fixture = Fixture {
            op: args.op,
            token: !args.raw_session_key,
            label: format!("hsmgate-raw-{}", std::process::id()),
            payload: vec![0x5a; args.payload],
            key: None,
            target: None,
            sealed: None,
            single_call: None,
            made: Vec::new(),
            creating: std::sync::Mutex::new(()),
        };
        // XKS encrypts and decrypts with AES-256-GCM like KMIP Encrypt and Decrypt; the loopback
        // floor bounds the Encrypt figures, so it is set against raw Encrypt.
        fixture.op = match args.op {
            KmipOp::XksEncrypt | KmipOp::LoopbackFloor | KmipOp::TlsFloor => KmipOp::Encrypt,
            KmipOp::XksDecrypt => KmipOp::Decrypt,
            KmipOp::XksHealth | KmipOp::Idle | KmipOp::DiscoverVersions => {
                return Err(format!("--raw has no baseline for {:?}", args.op))
            }
            op => op,
        };
        match fixture.op {
            KmipOp::Encrypt | KmipOp::Decrypt => {
                let key = fixture.make_key(
                    session,
                    "data",
                    &[Attribute::Encrypt(true), Attribute::Decrypt(true)],
                )?;
                fixture.key = Some(key);
                if fixture.op == KmipOp::Decrypt {
                    let iv = [7u8; 12];
                    let sealed = gcm(session, true, key, iv, &fixture.payload)?;
                    fixture.sealed = Some((iv, sealed));
                }
            }
            KmipOp::Get | KmipOp::GetWrapped => {
                let target = fixture.make_key(
                    session,
                    "target",
                    &[
                        Attribute::Extractable(true),
                        Attribute::Sensitive(args.op == KmipOp::GetWrapped),
                    ],
                )?;
                fixture.target = Some(target);
                if args.op == KmipOp::GetWrapped {
                    let kek = fixture.make_key(session, "kek", &[Attribute::Wrap(true)])?;
                    fixture.key = Some(kek);
                    fixture.single_call =
                        Some(SingleCall::load(module).map_err(|e| e.to_string())?);
                }
            }
            KmipOp::Locate => {
                fixture.make_key(session, "find", &[Attribute::Encrypt(true)])?;
            }
            _ => {}
        }
        Ok(fixture)
    }

    /// The operation the baseline runs (XKS calls and the loopback floor map to Encrypt/Decrypt).
    pub fn op(&self) -> KmipOp {
        self.op
    }

    /// An AES-256 key labelled `<run label>-<role>` with these extra attributes.
    fn make_key(
        &mut self,
        session: &Session,
        role: &str,
        extra: &[Attribute],
    ) -> Result<ObjectHandle, String> {
        let label = format!("{}-{role}", self.label);
        let mut template = vec![
            Attribute::Class(ObjectClass::SECRET_KEY),
            Attribute::KeyType(KeyType::AES),
            Attribute::ValueLen(32.into()),
            Attribute::Token(self.token),
            Attribute::Private(true),
            Attribute::Label(label.clone().into_bytes()),
            Attribute::Id(label.into_bytes()),
        ];
        if !extra
            .iter()
            .any(|a| a.attribute_type() == AttributeType::Sensitive)
        {
            template.push(Attribute::Sensitive(true));
        }
        if !extra
            .iter()
            .any(|a| a.attribute_type() == AttributeType::Extractable)
        {
            template.push(Attribute::Extractable(false));
        }
        template.extend_from_slice(extra);
        let key = session
            .generate_key(&Mechanism::AesKeyGen, &template)
            .map_err(ck("C_GenerateKey"))?;
        self.made.push(key);
        Ok(key)
    }

    /// One operation; `counter` makes each key label (Create) unique. Keys made
    /// by Create are added to `made` for [`Fixture::clean_up`].
    pub fn once(
        &self,
        session: &Session,
        counter: u64,
        made: &mut Vec<ObjectHandle>,
    ) -> Result<(), String> {
        let key = || self.key.ok_or_else(|| "raw fixture has no key".to_owned());
        let target = || {
            self.target
                .ok_or_else(|| "raw fixture has no target".to_owned())
        };
        match self.op {
            KmipOp::Encrypt => {
                // The gateway draws each IV from the HSM (a client that sends none gets one), so
                // the baseline does the same PKCS#11 work: C_GenerateRandom, then the encryption.
                let mut iv = [0u8; 12];
                session
                    .generate_random_slice(&mut iv)
                    .map_err(ck("C_GenerateRandom"))?;
                gcm(session, true, key()?, iv, &self.payload).map(drop)
            }
            KmipOp::Decrypt => {
                let (iv, sealed) = self
                    .sealed
                    .as_ref()
                    .ok_or("raw fixture has no ciphertext")?;
                gcm(session, false, key()?, *iv, sealed).map(drop)
            }
            KmipOp::Get => session
                .get_attributes(target()?, &[AttributeType::Value])
                .map(drop)
                .map_err(ck("C_GetAttributeValue")),
            KmipOp::GetWrapped => {
                let single = self
                    .single_call
                    .as_ref()
                    .ok_or("raw fixture has no module")?;
                single
                    .wrap_key(
                        session,
                        &Mechanism::AesKeyWrapPad,
                        key()?,
                        target()?,
                        KWP_OUTPUT,
                    )
                    .map(drop)
                    .map_err(|e| format!("raw PKCS#11 C_WrapKey: {e}"))
            }
            KmipOp::Create => {
                let label = format!(
                    "{}-made-{counter}-{:?}",
                    self.label,
                    std::thread::current().id()
                );
                let template = [
                    Attribute::Class(ObjectClass::SECRET_KEY),
                    Attribute::KeyType(KeyType::AES),
                    Attribute::ValueLen(32.into()),
                    Attribute::Token(self.token),
                    Attribute::Private(true),
                    Attribute::Sensitive(true),
                    Attribute::Extractable(false),
                    Attribute::Encrypt(true),
                    Attribute::Decrypt(true),
                    Attribute::Label(label.clone().into_bytes()),
                    Attribute::Id(label.into_bytes()),
                ];
                let key = {
                    let _one_at_a_time = self.creating.lock().unwrap_or_else(|p| p.into_inner());
                    session.generate_key(&Mechanism::AesKeyGen, &template)
                }
                .map_err(ck("C_GenerateKey"))?;
                made.push(key);
                Ok(())
            }
            KmipOp::XksEncrypt
            | KmipOp::XksDecrypt
            | KmipOp::XksHealth
            | KmipOp::Idle
            | KmipOp::DiscoverVersions
            | KmipOp::LoopbackFloor
            | KmipOp::TlsFloor => Err("not a raw operation".into()),
            KmipOp::Locate => {
                let label = format!("{}-find", self.label).into_bytes();
                let found = session
                    .find_objects(&[Attribute::Label(label)])
                    .map_err(ck("C_FindObjects"))?;
                if found.is_empty() {
                    return Err("raw locate found nothing".into());
                }
                Ok(())
            }
        }
    }

    /// Destroys every key the run made (fixture keys and `made`).
    pub fn clean_up(self, session: &Session, made: Vec<ObjectHandle>) {
        for key in self.made.into_iter().chain(made) {
            if let Err(e) = session.destroy_object(key) {
                tracing::warn!(error = %e, "raw baseline: a key made for the run was not destroyed");
            }
        }
    }
}

/// AES-256-GCM with a 16-byte tag over `data`.
fn gcm(
    session: &Session,
    encrypt: bool,
    key: ObjectHandle,
    mut iv: [u8; 12],
    data: &[u8],
) -> Result<Vec<u8>, String> {
    let params = GcmParams::new(&mut iv, &[], 128.into()).map_err(ck("GCM parameters"))?;
    let mechanism = Mechanism::AesGcm(params);
    if encrypt {
        session
            .encrypt(&mechanism, key, data)
            .map_err(ck("C_Encrypt"))
    } else {
        session
            .decrypt(&mechanism, key, data)
            .map_err(ck("C_Decrypt"))
    }
}
