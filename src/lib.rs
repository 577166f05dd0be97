//! npmem's core: how much memory numpy arrays take and what each dtype gives up — numpy's
//! answers, exactly, without Python. The command-line tool is a thin binary over these rooms:
//!
//! - [`dtype`]: the catalogue — every numpy spelling, the ml_dtypes formats, platforms, finfo;
//! - [`number`]: exact numbers — decimal text, float formats, rounding, numpy's printing;
//! - [`shape`]: shapes and specs, exact element and byte counts, one unknown dimension solved;
//! - [`cast`]: numpy's casting rules, what a cast loses, stored values, whole-file scans;
//! - [`files`]: array files read by their headers (npy, npz, safetensors, GGUF, Zarr);
//! - [`dask`]: Dask's chunk plans, as Dask computes them;
//! - [`memory`]: what this machine can give;
//! - [`model`]: model checkpoints: weights per dtype, KV cache, training memory;
//! - [`units`]: exact byte counts, sizes in and out.
//!
//! Nothing here parses a command line or prints: a crate that wants the catalogue or the `.npy`
//! reader pulls neither clap nor comfy-table nor indicatif.

pub mod cast;
pub mod dask;
pub mod dtype;
pub mod error;
pub mod files;
pub mod memory;
pub mod model;
pub mod number;
pub mod peak;
pub mod shape;
pub mod units;

pub use error::Error;
