//! The `kmip-protocol` crate's client (NLnetLabs, from crates.io) against the server over real
//! TLS: a second, independent KMIP implementation (serde-based TTLV, KMIP 1.0/1.2 requests).

mod common;

use std::net::TcpStream;
use std::sync::Arc;

use common::{client_config, dev_client, start_server_with};
use kmip_protocol::client::{Client, ClientBuilder};
use kmip_protocol::types::common::{
    CryptographicAlgorithm, CryptographicUsageMask, ObjectType, Operation,
};
use kmip_protocol::types::request::{Attribute, RequestPayload, TemplateAttribute};
use kmip_protocol::types::response::ResponsePayload;
use rustls::pki_types::ServerName;
use rustls::{ClientConnection, StreamOwned};

type TlsClient = Client<StreamOwned<ClientConnection, TcpStream>>;

fn connect(addr: std::net::SocketAddr, config: Arc<rustls::ClientConfig>) -> TlsClient {
    let tcp = TcpStream::connect(addr).unwrap();
    let connection =
        ClientConnection::new(config, ServerName::try_from("localhost").unwrap()).unwrap();
    ClientBuilder::new(StreamOwned::new(connection, tcp)).build()
}

/// Query, Create (AES-256), Activate, Revoke, Destroy through kmip-protocol's client.
fn session(client: &TlsClient) {
    let query = client.query().expect("query");
    let operations = query.operations.unwrap_or_default();
    assert!(operations.contains(&Operation::Create), "{operations:?}");
    assert!(operations.contains(&Operation::Activate), "{operations:?}");
    assert_eq!(query.vendor_identification.as_deref(), Some("hsmgate"));

    let attributes = vec![
        Attribute::CryptographicAlgorithm(CryptographicAlgorithm::AES),
        Attribute::CryptographicLength(256),
        Attribute::CryptographicUsageMask(CryptographicUsageMask::Encrypt),
    ];
    let created = client
        .do_request(RequestPayload::Create(
            ObjectType::SymmetricKey,
            TemplateAttribute::unnamed(attributes),
        ))
        .expect("create");
    let uid = match created {
        ResponsePayload::Create(payload) => payload.unique_identifier.0,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(uid.len(), 36, "a UUID: {uid}");
    client.activate_key(&uid).expect("activate");
    // The server under test lets clients read back keys they create (`[keys]`), as vCenter-style
    // clients need; kmip-protocol decodes the Get answer into its own types.
    let got = client.get_key(&uid).expect("get");
    assert_eq!(got.object_type, ObjectType::SymmetricKey);
    assert_eq!(got.unique_identifier.0, uid);
    // An Active key cannot be destroyed: the server's refusal comes back as an error.
    assert!(client.destroy_key(&uid).is_err());
    client.revoke_key(&uid).expect("revoke");
    client.destroy_key(&uid).expect("destroy");
    // The key is gone for good: a second destroy fails.
    assert!(client.destroy_key(&uid).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kmip_protocol_client_queries_creates_activates_and_destroys() {
    let server = start_server_with("[keys]\ncreated_keys_extractable = true\n").await;
    let (cert, key) = dev_client(&server.pki);
    let config = client_config(&server.pki, Some((&cert, &key)));
    let addr = server.addr;
    // The client is synchronous: run it on a blocking thread while the server runs here.
    tokio::task::spawn_blocking(move || session(&connect(addr, config)))
        .await
        .unwrap();
}
