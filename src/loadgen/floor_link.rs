//! One connection of the loopback floors: bare TCP, or TLS 1.3 over it (`--op tls-floor`).
//!
//! KMIP and the XKS API are only spoken over TLS, so the least any server and client can pay
//! for a round trip there is a TCP round trip plus a TLS record each way. The TLS floor measures
//! that with the gateway's own TLS stack (rustls with the ring provider, as `src/tls.rs` and the
//! load generator use) and a throwaway self-signed certificate: the handshake is done before the
//! measured part starts, and a record's cost does not depend on how the peer was authenticated.
//!
//! Sockets are non-blocking (mio) once connected; the handshakes are done blocking first, the
//! server thread accepting in the order the client connects.

use std::io::{ErrorKind, Read, Write};
use std::sync::Arc;

use mio::net::TcpStream;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{ClientConfig, Connection, RootCertStore, ServerConfig};

/// An I/O error of the floors, saying what failed.
pub(super) fn io(what: &'static str) -> impl Fn(std::io::Error) -> String {
    move |e| format!("loopback floor, {what}: {e}")
}

fn tls(what: &'static str) -> impl Fn(rustls::Error) -> String {
    move |e| format!("TLS floor, {what}: {e}")
}

/// Both ends' TLS configurations, or none for bare TCP.
#[derive(Clone)]
pub struct FloorTls {
    server: Arc<ServerConfig>,
    client: Arc<ClientConfig>,
}

impl FloorTls {
    /// A self-signed certificate for `localhost`, trusted by the client.
    pub fn new() -> Result<FloorTls, String> {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
            .map_err(|e| format!("TLS floor certificate: {e}"))?;
        let certificate = CertificateDer::from(certified.cert.der().to_vec());
        let key = PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server = ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(tls("versions"))?
            .with_no_client_auth()
            .with_single_cert(vec![certificate.clone()], PrivateKeyDer::Pkcs8(key))
            .map_err(tls("server certificate"))?;
        let mut roots = RootCertStore::empty();
        roots.add(certificate).map_err(tls("trust"))?;
        let client = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(tls("versions"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(FloorTls {
            server: Arc::new(server),
            client: Arc::new(client),
        })
    }
}

/// What a read found.
pub enum Received {
    /// This many bytes of the peer's message.
    Data(usize),
    /// Nothing more for now.
    Empty,
    /// The peer has gone.
    Closed,
}

/// A connected socket, with its TLS session when the floor is over TLS.
pub struct Link {
    stream: TcpStream,
    tls: Option<Box<Connection>>,
}

impl Link {
    /// The server's end of an accepted socket: handshaken when `tls`, then made non-blocking.
    pub fn accepted(stream: std::net::TcpStream, tls: Option<&FloorTls>) -> Result<Link, String> {
        let session = match tls {
            Some(tls) => Some(Connection::from(
                rustls::ServerConnection::new(tls.server.clone()).map_err(tls_err)?,
            )),
            None => None,
        };
        Link::handshaken(stream, session)
    }

    /// The client's end of a connected socket, likewise.
    pub fn connected(stream: std::net::TcpStream, tls: Option<&FloorTls>) -> Result<Link, String> {
        let session = match tls {
            Some(tls) => {
                let name = ServerName::try_from("localhost").map_err(|e| e.to_string())?;
                Some(Connection::from(
                    rustls::ClientConnection::new(tls.client.clone(), name).map_err(tls_err)?,
                ))
            }
            None => None,
        };
        Link::handshaken(stream, session)
    }

    fn handshaken(
        mut stream: std::net::TcpStream,
        mut session: Option<Connection>,
    ) -> Result<Link, String> {
        stream.set_nodelay(true).map_err(io("nodelay"))?;
        if let Some(session) = &mut session {
            while session.is_handshaking() {
                session
                    .complete_io(&mut stream)
                    .map_err(io("TLS handshake"))?;
            }
        }
        stream.set_nonblocking(true).map_err(io("nonblocking"))?;
        Ok(Link {
            stream: TcpStream::from_std(stream),
            tls: session.map(Box::new),
        })
    }

    /// The socket, to register with a poll.
    pub fn socket(&mut self) -> &mut TcpStream {
        &mut self.stream
    }

    /// Sends `bytes` whole. One small message on a socket with an empty send buffer goes out in
    /// one write; anything else is reported rather than worked around, since the floor must not
    /// measure a retry path.
    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        let Some(session) = &mut self.tls else {
            return write_whole(&mut self.stream, bytes);
        };
        session.writer().write_all(bytes).map_err(io("TLS write"))?;
        while session.wants_write() {
            session.write_tls(&mut self.stream).map_err(io("write"))?;
        }
        Ok(())
    }

    /// Some of what the peer sent, into `buffer`.
    pub fn read(&mut self, buffer: &mut [u8]) -> Result<Received, String> {
        let Some(session) = &mut self.tls else {
            return plain_read(&mut self.stream, buffer);
        };
        loop {
            match session.reader().read(buffer) {
                Ok(0) => return Ok(Received::Closed),
                Ok(n) => return Ok(Received::Data(n)),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(Received::Closed),
                Err(e) => return Err(io("TLS read")(e)),
            }
            // No plaintext buffered: take more records off the socket.
            match session.read_tls(&mut self.stream) {
                Ok(0) => return Ok(Received::Closed),
                Ok(_) => {
                    session.process_new_packets().map_err(tls("records"))?;
                    // Session tickets and other handshake messages may want an answer.
                    while session.wants_write() {
                        session.write_tls(&mut self.stream).map_err(io("write"))?;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Received::Empty),
                Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(Received::Closed),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(io("read")(e)),
            }
        }
    }
}

fn tls_err(e: rustls::Error) -> String {
    tls("session")(e)
}

fn plain_read(stream: &mut TcpStream, buffer: &mut [u8]) -> Result<Received, String> {
    loop {
        match stream.read(buffer) {
            Ok(0) => return Ok(Received::Closed),
            Ok(n) => return Ok(Received::Data(n)),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Received::Empty),
            // The client closes with an echo still unread: a reset, not an error.
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(Received::Closed),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(io("read")(e)),
        }
    }
}

fn write_whole(stream: &mut TcpStream, bytes: &[u8]) -> Result<(), String> {
    match stream.write(bytes) {
        Ok(n) if n == bytes.len() => Ok(()),
        Ok(n) => Err(format!(
            "loopback floor: short write ({n} of {})",
            bytes.len()
        )),
        Err(e) => Err(io("write")(e)),
    }
}
