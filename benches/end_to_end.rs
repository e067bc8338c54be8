//! End to end, in process: a KMIP server on loopback with real mutual TLS and a real SoftHSM2
//! token, next to the same HSM operation through the session pool, in one run.
//!
//! `kmip_encrypt_32b` is one AES-256-GCM Encrypt of 32 bytes as a client sees it: TTLV request
//! over TLS, the gateway's checks, the HSM call, the response read and decoded, one request in
//! flight. `pool_encrypt_32b` is the same encryption with a token key through
//! `hsmgate_pkcs11::Backend` alone. Their ratio is what the gateway adds per request at
//! concurrency 1 (throughput under load: `hsmgate bench`, docs/PERFORMANCE.md).
//!
//! Run: `cargo bench -p hsmgate --bench end_to_end -- --warm-up-time 1 --measurement-time 3`

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/key_helpers/mod.rs"]
mod key_helpers;

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use hsmgate::config::Config;
use hsmgate::serve::backend_config;
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{RequestBatchItem, RequestHeader, RequestMessage, ResponseMessage};
use hsmgate_kmip::spec::enums::{BlockCipherMode, Operation, ResultStatus};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_pkcs11::{AesKeySize, Backend, KeyOptions};

fn end_to_end(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (server, mut stream, request) = rt.block_on(async {
        let server = common::start_server().await;
        let mut stream = common::connect_admin(&server).await;
        let uid = key_helpers::create_aes(
            &mut stream,
            key_helpers::aes(256, Usage::ENCRYPT | Usage::DECRYPT, &[]),
        )
        .await;
        key_helpers::activate(&mut stream, key_helpers::V21, &uid).await;
        let encrypt = EncryptRequest {
            unique_identifier: Some(uid),
            cryptographic_parameters: Some(CryptographicParameters {
                block_cipher_mode: Some(BlockCipherMode::GCM),
                tag_length: Some(16),
                ..CryptographicParameters::default()
            }),
            data: Some(vec![0x5a; 32].into()),
            ..EncryptRequest::default()
        };
        let message = RequestMessage {
            header: RequestHeader::new(key_helpers::V21),
            batch_items: vec![RequestBatchItem::new(
                Operation::ENCRYPT,
                encrypt.to_item(key_helpers::V21).unwrap(),
            )],
        };
        let request = hsmgate_kmip::ttlv::to_bytes(&message.to_item());
        (server, stream, request)
    });
    let backend = rt.block_on(async {
        let config = Config::load(&server.config_file).unwrap();
        let backend = Backend::open(backend_config(&config.hsms[0]))
            .await
            .unwrap();
        backend
            .generate_aes("bench-pool-key", AesKeySize::Aes256, KeyOptions::default())
            .await
            .unwrap();
        backend
    });

    let mut group = c.benchmark_group("end_to_end");
    group.bench_function("kmip_encrypt_32b", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    let answer = common::exchange(&mut stream, &request).await.unwrap();
                    let answer = ResponseMessage::try_from(&answer).unwrap();
                    assert_eq!(answer.batch_items[0].result_status, ResultStatus::SUCCESS);
                }
                started.elapsed()
            })
        })
    });
    group.bench_function("pool_encrypt_32b", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    backend
                        .encrypt_aes_gcm("bench-pool-key", vec![0x5a; 32], None, Vec::new(), 16)
                        .await
                        .unwrap();
                }
                started.elapsed()
            })
        })
    });
    group.finish();
    server.shutdown.cancel();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
