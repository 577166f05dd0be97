//! The library's errors. Every one is the user's to fix and exits with code 2; each message is
//! one line saying what was wrong, where, and what to write instead.

use crate::dtype::DTypeError;
use crate::memory::MemoryError;
use crate::shape::ShapeError;
use crate::units::SizeError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Shape(#[from] ShapeError),
    #[error(transparent)]
    DType(#[from] DTypeError),
    #[error("in spec '{spec}': {message}")]
    InSpec { spec: String, message: String },
    #[error("{flag}: {source}")]
    Size {
        flag: &'static str,
        #[source]
        source: SizeError,
    },
    #[error("cannot detect this machine's memory ({0}); give it with --ram SIZE or NPMEM_RAM")]
    Memory(#[from] MemoryError),
    #[error(
        "unknown platform '{0}': use linux-x86_64, linux-aarch64, macos-arm64 or windows-x86_64"
    )]
    Platform(String),
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    #[error("{0}")]
    Usage(String),
}
