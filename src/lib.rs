//! hsmgate: the gateway. Configuration, command line, listeners, front ends, the key service.

pub mod audit;
pub mod config;
pub mod hyok;
pub mod identity;
pub mod init;
pub mod kmip;
pub mod loadgen;
pub mod serve;
pub mod service;
pub mod store;
pub mod tls;
