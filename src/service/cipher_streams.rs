//! Streaming Encrypt and Decrypt (KMIP Init Indicator / Final Indicator / Correlation Value):
//! AES-GCM in parts on one HSM session held between requests (`hsmgate_pkcs11::GcmStream`).
//!
//! Open streams live in one table keyed by a random Correlation Value. Each belongs to the
//! caller that began it, on the key it began with; anyone else presenting the value is told it
//! is unknown. A stream holds a pooled HSM session, so at most half the default pool (at
//! least one) may be open at once (a semaphore permit per stream, counted from its first part
//! to its end, however it ends), and one left idle for [`IDLE_TIMEOUT`] is ended and its
//! session returned. A part taken out of the table while it runs cannot be used twice at once.
//! The key's state, usage mask and usage window are checked when the stream begins, and Usage
//! Limits count the first part's bytes; later parts ride on that authorization.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hsmgate_kmip::spec::enums::Operation;
use hsmgate_pkcs11::{GcmStream, StreamDirection};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use zeroize::Zeroizing;

use super::{Cipher, KeyService, ServiceError};
use crate::identity::Identity;

/// How long a stream may wait for its next part.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Length of a Correlation Value.
const CORRELATION_LEN: usize = 16;

struct OpenStream {
    owner: String,
    uid: String,
    stream: GcmStream,
    expires: Instant,
    /// This stream's place under the bound, given back when the stream is dropped, however
    /// it ends (finished, failed, timed out).
    place: OwnedSemaphorePermit,
}

/// The table of open streams.
#[derive(Default, Clone)]
pub struct CipherStreams {
    open: Arc<Mutex<HashMap<Vec<u8>, OpenStream>>>,
    /// Places for open streams, sized on first use from the pool.
    places: Arc<OnceLock<Arc<Semaphore>>>,
}

impl CipherStreams {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Vec<u8>, OpenStream>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A place for one more open stream, if fewer than `limit` are open.
    fn place(&self, limit: usize) -> Option<OwnedSemaphorePermit> {
        let places = self.places.get_or_init(|| Arc::new(Semaphore::new(limit)));
        Arc::clone(places).try_acquire_owned().ok()
    }

    /// Ends the stream `key` once it has been idle past its deadline (a task per stream).
    fn watch(&self, key: Vec<u8>) {
        let table = self.clone();
        tokio::spawn(async move {
            loop {
                let expires = match table.lock().get(&key) {
                    Some(open) => open.expires,
                    // Finished, or taken out for a part: that part re-arms the watch.
                    None => return,
                };
                tokio::time::sleep_until(expires).await;
                let expired = {
                    let mut open = table.lock();
                    match open.get(&key) {
                        Some(o) if o.expires <= Instant::now() => open.remove(&key),
                        Some(_) => None,
                        None => return,
                    }
                };
                if let Some(mut expired) = expired {
                    tracing::info!(uid = %expired.uid, "streaming operation ended after {IDLE_TIMEOUT:?} idle");
                    expired.stream.abort().await;
                    return;
                }
            }
        });
    }
}

/// The first part of a stream.
pub struct StreamStart {
    pub cipher: Cipher,
    pub iv: Vec<u8>,
    pub aad: Vec<u8>,
    pub data: Vec<u8>,
}

/// A later part of a stream.
pub struct StreamPart {
    pub correlation_value: Vec<u8>,
    pub data: Vec<u8>,
    /// The Final Indicator: this part ends the stream.
    pub last: bool,
    /// The tag a decryption checks, with its last part.
    pub tag: Option<Vec<u8>>,
}

/// What one part gives back. `Debug` is not derived: `data` may be plaintext.
pub struct StreamOutput {
    pub data: Zeroizing<Vec<u8>>,
    /// Present while the stream stays open.
    pub correlation_value: Option<Vec<u8>>,
    /// The tag, at the end of an encryption.
    pub tag: Option<Vec<u8>>,
}

fn direction(operation: Operation) -> StreamDirection {
    match operation == Operation::ENCRYPT {
        true => StreamDirection::Encrypt,
        false => StreamDirection::Decrypt,
    }
}

fn unknown() -> ServiceError {
    ServiceError::InvalidField("no open stream has this Correlation Value".into())
}

impl KeyService {
    /// Begins a streaming Encrypt or Decrypt (`operation`) with key `uid` and runs its first
    /// part. Only AES-GCM streams.
    pub async fn begin_stream(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
        start: StreamStart,
    ) -> Result<StreamOutput, ServiceError> {
        let Cipher::AesGcm { tag_len } = start.cipher else {
            return Err(ServiceError::NotSupported(
                "streaming Encrypt/Decrypt in modes other than AES-GCM".into(),
            ));
        };
        let (mut object, backend, id) = self
            .usable_key(caller, uid, operation, start.cipher)
            .await?;
        self.take_usage_shared(&mut object, start.data.len())
            .await?;
        let backend = self.backend(&backend)?;
        let limit = (self.default_backend()?.pool_size() / 2).max(1);
        let place = self.streams.place(limit).ok_or(ServiceError::Busy)?;
        let dir = direction(operation);
        let mut stream = backend
            .begin_aes_gcm_stream(&id, dir, start.iv, start.aad, tag_len)
            .await?;
        let data = stream.update(start.data).await?;
        let mut correlation = vec![0u8; CORRELATION_LEN];
        getrandom::fill(&mut correlation)
            .map_err(|e| ServiceError::Internal(format!("random Correlation Value: {e}")))?;
        self.put_back(correlation.clone(), caller, uid, stream, place);
        Ok(StreamOutput {
            data,
            correlation_value: Some(correlation),
            tag: None,
        })
    }

    fn put_back(
        &self,
        correlation: Vec<u8>,
        caller: &Identity,
        uid: &str,
        stream: GcmStream,
        place: OwnedSemaphorePermit,
    ) {
        let open = OpenStream {
            owner: caller.subject().to_owned(),
            uid: uid.to_owned(),
            stream,
            expires: Instant::now() + IDLE_TIMEOUT,
            place,
        };
        self.streams.lock().insert(correlation.clone(), open);
        self.streams.watch(correlation);
    }

    /// Runs a later part of a stream on key `uid`.
    pub async fn continue_stream(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
        part: StreamPart,
    ) -> Result<StreamOutput, ServiceError> {
        let StreamPart {
            correlation_value,
            data,
            last,
            tag,
        } = part;
        let correlation = correlation_value.as_slice();
        let open = {
            let mut table = self.streams.lock();
            let fits = table.get(correlation).is_some_and(|o| {
                o.owner == caller.subject()
                    && o.uid == uid
                    && o.stream.direction() == direction(operation)
            });
            match fits {
                true => table.remove(correlation),
                false => None,
            }
        };
        let mut open = open.ok_or_else(unknown)?;
        if !last {
            let data = open.stream.update(data).await?;
            self.put_back(correlation.to_vec(), caller, uid, open.stream, open.place);
            return Ok(StreamOutput {
                data,
                correlation_value: Some(correlation.to_vec()),
                tag: None,
            });
        }
        let end = open.stream.finish(data, tag).await.map_err(|e| {
            match (operation == Operation::DECRYPT, e.kind()) {
                (true, hsmgate_pkcs11::ErrorKind::InvalidInput) => {
                    ServiceError::CryptographicFailure("authentication tag did not verify")
                }
                _ => e.into(),
            }
        })?;
        Ok(StreamOutput {
            data: end.data,
            correlation_value: None,
            tag: end.tag,
        })
    }
}
