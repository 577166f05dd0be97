//! npmem's one integration-test binary.

mod cli;
mod completions;
mod golden_dtypes;
mod golden_shapes;
mod properties;
mod support;
