//! What `npmem peak` answers: plain data, serialised as its JSON.

use serde::Serialize;

use npmem::memory::Status;
use npmem::peak::{Advice, Alive, Line, Unmodelled};
use npmem::units::Bytes;

use crate::commands::estimate::report::MemoryReport;

#[derive(Debug, Clone, Serialize)]
pub struct PeakReport {
    pub script: String,
    pub peak_bytes: u64,
    pub peak_line: u32,
    pub peak_source: String,
    /// `exact`, or `lower` when something is not modelled (listed in `unmodelled`).
    pub bound: &'static str,
    pub alive_at_peak: Vec<Alive>,
    pub lines: Vec<Line>,
    pub unmodelled: Vec<Unmodelled>,
    pub advice: Vec<Advice>,
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
