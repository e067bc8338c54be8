//! The KMIP front end: the mutual-TLS listener, connections, request dispatch, and one file per
//! operation under `ops/`.

mod audit;
mod connection;
mod dispatch;
mod error;
mod listener;
mod ops;
mod undo;
pub(crate) mod versions;

pub use dispatch::KmipHandler;
pub use error::OpError;
pub use listener::{run, ListenerSettings, MessageHandler};
pub use versions::SUPPORTED_VERSIONS;
