//! What `npmem peak` answers: plain data, serialised as its JSON.

use serde::Serialize;

use npmem::memory::Status;
use npmem::peak::Plan;
use npmem::units::Bytes;

use crate::commands::estimate::report::MemoryReport;

#[derive(Debug, Clone, Serialize)]
pub struct PeakReport {
    pub script: String,
    /// The peak, what is alive at it, each line, and the advice.
    #[serde(flatten)]
    pub plan: Plan,
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
