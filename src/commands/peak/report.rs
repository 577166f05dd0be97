//! What `npmem peak` answers: plain data, serialised as its JSON.

use serde::Serialize;

use npmem::memory::Status;
use npmem::peak::{Line, Unmodelled};
use npmem::units::Bytes;

use crate::commands::estimate::report::MemoryReport;

#[derive(Debug, Clone, Serialize)]
pub struct AliveReport {
    pub name: String,
    pub line: u32,
    pub shape: Vec<u64>,
    pub dtype: String,
    pub nbytes: u64,
    pub view_of: Option<String>,
}

/// A change that lowers the peak, and the peak the changed script gives.
#[derive(Debug, Clone, Serialize)]
pub struct AdviceReport {
    pub line: u32,
    pub change: String,
    pub peak_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeakReport {
    pub script: String,
    pub peak_bytes: u64,
    pub peak_line: u32,
    pub peak_source: String,
    /// `exact`, or `lower` when something is not modelled (listed in `unmodelled`).
    pub bound: &'static str,
    pub alive_at_peak: Vec<AliveReport>,
    pub lines: Vec<Line>,
    pub unmodelled: Vec<Unmodelled>,
    pub advice: Vec<AdviceReport>,
    pub memory: MemoryReport,
    pub budget_bytes: Bytes,
    pub headroom_bytes: Bytes,
    pub status: Status,
    /// `--top K` (for the table only).
    #[serde(skip)]
    pub top: Option<usize>,
}

impl PeakReport {
    /// Whether the peak fits the budget (exit 0) or not (exit 1).
    pub fn passed(&self) -> bool {
        self.status != Status::Over
    }
}
