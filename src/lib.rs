//! hsmgate: the gateway. Configuration, command line, listeners, front ends, the key service.

pub mod config;
pub mod init;
