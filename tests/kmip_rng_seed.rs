//! RNG Seed over KMIP: an administrator's seed goes into the HSM's generator (C_SeedRandom on
//! SoftHSM2) and is reported used in full; any other caller is refused with Permission Denied.

mod common;

use common::{
    call_v21, client_config, connect, connect_admin, failed, other_client, start_server_with,
};
use hsmgate_kmip::message::payload::rng_seed::{RngSeedRequest, RngSeedResponse};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::{Operation, ResultReason};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_seed_the_hsm_and_others_may_not() {
    let access = format!(
        "[access]\nadministrators = [\"CN={}\"]\n",
        hsmgate::init::DEV_ADMIN_CN
    );
    let server = start_server_with(&access).await;
    let mut admin = connect_admin(&server).await;
    let seed = RngSeedRequest {
        data: vec![0x5a; 32].into(),
    };
    let item = call_v21(&mut admin, Operation::RNG_SEED, &seed).await;
    let answer = RngSeedResponse::parse(common::succeeded(&item), ProtocolVersion::V2_1).unwrap();
    assert_eq!(answer.data_length, 32);
    let (cert, key) = other_client(&server.pki, "not-an-admin");
    let mut other = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    failed(
        &call_v21(&mut other, Operation::RNG_SEED, &seed).await,
        ResultReason::PERMISSION_DENIED,
    );
}
