//! RSA-OAEP with SHA-256, SHA-384 and SHA-512, a different MGF1 hash and a label (P Source),
//! end to end on a real SoftHSM2 token (whose own OAEP knows SHA-1 only): raw RSA runs in the
//! HSM, the encoding in the gateway. Checked against a software implementation (the `rsa`
//! crate) both ways: the gateway decrypts what software encrypted with the public key, and
//! software decrypts what the gateway encrypted. A wrong label, a changed byte or a wrong
//! hash all fail alike, with Cryptographic Failure.

mod common;
mod key_helpers;
mod rsa_helpers;

use common::{call, call_v21, connect_admin, start_server};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::spec::enums::{
    HashingAlgorithm, MaskGenerator, Operation, PaddingMethod, ResultReason,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use key_helpers::*;
use pkcs1::der::Decode;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use rsa_helpers::*;

fn oaep(hash: HashingAlgorithm, mgf1: HashingAlgorithm, label: &str) -> CryptographicParameters {
    CryptographicParameters {
        padding_method: Some(PaddingMethod::OAEP),
        hashing_algorithm: Some(hash),
        mask_generator: Some(MaskGenerator::MGF1),
        mask_generator_hashing_algorithm: Some(mgf1),
        p_source: (!label.is_empty()).then(|| label.as_bytes().to_vec().into()),
        ..CryptographicParameters::default()
    }
}

/// The software scheme for the same parameters.
fn software(hash: HashingAlgorithm, mgf1: HashingAlgorithm, label: &str) -> Oaep {
    use sha2::{Sha256, Sha384, Sha512};
    macro_rules! with_mgf {
        ($h:ty) => {
            match mgf1 {
                HashingAlgorithm::SHA_256 => {
                    Oaep::new_with_mgf_hash_and_label::<$h, Sha256, _>(label)
                }
                HashingAlgorithm::SHA_384 => {
                    Oaep::new_with_mgf_hash_and_label::<$h, Sha384, _>(label)
                }
                _ => Oaep::new_with_mgf_hash_and_label::<$h, Sha512, _>(label),
            }
        };
    }
    match hash {
        HashingAlgorithm::SHA_256 => with_mgf!(Sha256),
        HashingAlgorithm::SHA_384 => with_mgf!(Sha384),
        _ => with_mgf!(Sha512),
    }
}

async fn encrypt(
    stream: &mut Stream,
    uid: &str,
    params: CryptographicParameters,
    data: &[u8],
) -> Vec<u8> {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: Some(params),
        data: Some(data.to_vec().into()),
        ..EncryptRequest::default()
    };
    encrypt_v21(stream, request).await.data.unwrap().to_vec()
}

fn decrypt_request(
    uid: &str,
    params: CryptographicParameters,
    data: &[u8],
) -> hsmgate_kmip::ttlv::Item {
    DecryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: Some(params),
        data: Some(data.to_vec().into()),
        ..DecryptRequest::default()
    }
    .to_item(V21)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oaep_with_any_hash_and_label_matches_software_both_ways() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let (private, public) =
        register_test_pair(&mut stream, &key, Usage::DECRYPT, Usage::ENCRYPT).await;
    let soft_private = {
        let der = pkcs1::RsaPrivateKey::from_der(&key.pkcs1_private).unwrap();
        let n = rsa::BigUint::from_bytes_be(der.modulus.as_bytes());
        let e = rsa::BigUint::from_bytes_be(der.public_exponent.as_bytes());
        let d = rsa::BigUint::from_bytes_be(der.private_exponent.as_bytes());
        let p = rsa::BigUint::from_bytes_be(der.prime1.as_bytes());
        let q = rsa::BigUint::from_bytes_be(der.prime2.as_bytes());
        RsaPrivateKey::from_components(n, e, d, vec![p, q]).unwrap()
    };
    let soft_public = RsaPublicKey::from(&soft_private);
    let mut rng = OsRandom;
    use HashingAlgorithm as H;
    let message = b"a 32-byte data encryption key...";
    for (hash, mgf1, label) in [
        (H::SHA_256, H::SHA_256, ""),
        (H::SHA_384, H::SHA_384, ""),
        (H::SHA_512, H::SHA_512, "L"),
        (H::SHA_384, H::SHA_256, "Kilroy was here"),
    ] {
        // Software encrypts, the HSM decrypts.
        let sealed = soft_public
            .encrypt(&mut rng, software(hash, mgf1, label), message)
            .unwrap();
        let answer = call(
            &mut stream,
            V21,
            Operation::DECRYPT,
            decrypt_request(&private, oaep(hash, mgf1, label), &sealed),
        )
        .await;
        let opened = DecryptResponse::parse(common::succeeded(&answer), V21).unwrap();
        assert_eq!(opened.data.unwrap().as_ref(), message);

        // The gateway encrypts (fresh seed each time), software decrypts.
        let first = encrypt(&mut stream, &public, oaep(hash, mgf1, label), message).await;
        let second = encrypt(&mut stream, &public, oaep(hash, mgf1, label), message).await;
        assert_ne!(first, second, "OAEP draws a fresh seed per message");
        for sealed in [&first, &second] {
            assert_eq!(sealed.len(), 256);
            let opened = soft_private
                .decrypt(software(hash, mgf1, label), sealed)
                .unwrap();
            assert_eq!(opened, message);
        }

        // A wrong label, a changed byte, another MGF1 hash: one answer.
        let mut changed = first.clone();
        changed[100] ^= 0x01;
        let other_mgf = if mgf1 == H::SHA_256 {
            H::SHA_512
        } else {
            H::SHA_256
        };
        for (params, data) in [
            (oaep(hash, mgf1, "wrong label"), &first),
            (oaep(hash, mgf1, label), &changed),
            (oaep(hash, other_mgf, label), &first),
        ] {
            let answer = call(
                &mut stream,
                V21,
                Operation::DECRYPT,
                decrypt_request(&private, params, data),
            )
            .await;
            failed(&answer, ResultReason::CRYPTOGRAPHIC_FAILURE);
        }
    }

    // A message longer than the key and hash allow (256 - 2*64 - 2 = 126 bytes for SHA-512).
    let too_long = EncryptRequest {
        unique_identifier: Some(public.clone()),
        cryptographic_parameters: Some(oaep(H::SHA_512, H::SHA_512, "")),
        data: Some(vec![0u8; 127].into()),
        iv_counter_nonce: None,
        correlation_value: None,
        init_indicator: None,
        final_indicator: None,
        authenticated_encryption_additional_data: None,
    };
    let answer = call_v21(&mut stream, Operation::ENCRYPT, &too_long).await;
    assert_eq!(
        answer.result_status,
        hsmgate_kmip::spec::enums::ResultStatus::OPERATION_FAILED
    );
}

/// The operating system's random numbers, for the `rsa` crate's encryption seed.
struct OsRandom;

impl rsa::rand_core::RngCore for OsRandom {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        getrandom::fill(dest).unwrap();
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for OsRandom {}
