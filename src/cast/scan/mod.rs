//! Streaming a file's array data through a planned cast: every value checked, in constant
//! memory (a few fixed buffers), on both cores.
//!
//! - [`elements`]: the element types read, and exact tables for the eight-bit floats;
//! - `kernels`: what each value does under the cast, counted in lanes;
//! - `dispatch`: the AVX2 build of the loop when the CPU has it, else the portable one;
//! - `io`: positional reads on every worker, or a deflated member inflated as it streams;
//! - [`file`]: a whole file's array checked: which array, which cast, what changed.

mod dispatch;
pub mod elements;
pub mod file;
mod io;
mod kernels;

pub use elements::{ByteTable, Elem, byte_table};
pub use file::{Check, Progress, Quiet, ScanReport, WorstExceeding, check_file};
pub use io::scan_placed;
pub use kernels::{
    Extremes, Footprint, Overflow, Plan, Scalar, SmallFloat, Stats, Target, Witness,
};
