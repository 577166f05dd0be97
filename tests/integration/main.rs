//! npmem's one integration-test binary.

mod cast_cli;
mod chunks_cli;
mod cli;
mod completions;
mod files;
mod finfo_cli;
mod golden_casting;
mod golden_chunks;
mod golden_dtypes;
mod golden_finfo;
mod golden_ggml;
mod golden_peak;
mod golden_promotion;
mod golden_rounding;
mod golden_scan;
mod golden_shapes;
mod golden_structured;
mod golden_tolerance;
mod golden_value_forms;
mod golden_values;
mod hostile;
mod model_cli;
mod peak_cli;
mod properties;
mod readme;
#[cfg(feature = "remote")]
mod remote;
mod result_type_cli;
mod snapshots;
mod support;
mod terminal;
