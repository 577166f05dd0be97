//! What commands return: plain data, serialisable as the JSON contract. Renderers read these;
//! nothing here formats text for people.

use std::str::FromStr;

use num_bigint::BigInt;
use serde::{Serialize, Serializer};

use crate::memory::MemorySource;

/// An exact integer that serialises as a JSON number of any size (never a float, never wrapped).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exact(pub BigInt);

impl<T: Into<BigInt>> From<T> for Exact {
    fn from(v: T) -> Self {
        Exact(v.into())
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let number =
            serde_json::Number::from_str(&self.0.to_string()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fits, with room for at least one more array the size of the largest.
    Ok,
    /// Fits, but the headroom is smaller than the largest array.
    Tight,
    /// Does not fit the budget.
    Over,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Tight => "tight",
            Status::Over => "over",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArrayReport {
    pub spec: String,
    pub shape: Vec<u64>,
    pub dtype: String,
    pub dtype_str: String,
    pub itemsize: u64,
    pub size: Exact,
    pub nbytes: Exact,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solved_axis: Option<usize>,
    /// Things worth knowing about this array (objects not counted, numpy would refuse it…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemoryReport {
    pub total_bytes: Exact,
    pub available_bytes: Exact,
    pub cgroup_limit_bytes: Option<Exact>,
    pub usable_bytes: Exact,
    pub source: MemorySource,
}

#[derive(Debug, Clone, Serialize)]
pub struct EstimateReport {
    pub arrays: Vec<ArrayReport>,
    pub total_bytes: Exact,
    pub memory: MemoryReport,
    pub budget_bytes: Exact,
    pub temporaries: u64,
    pub required_bytes: Exact,
    pub headroom_bytes: Exact,
    /// How many more arrays the size of the largest fit in the headroom; `null` when the
    /// largest array is empty (any number fits).
    pub temporaries_that_fit: Option<Exact>,
    pub status: Status,
    /// How the budget was set, for people (`usable memory`, `50% of usable memory`, `--budget`).
    #[serde(skip)]
    pub budget_source: String,
    #[serde(skip)]
    pub largest_bytes: Exact,
}

/// Any command's result.
#[derive(Debug, Clone)]
pub enum Report {
    Estimate(EstimateReport),
}

impl Report {
    /// Whether the check this report makes passed (exit 0) or failed (exit 1).
    pub fn passed(&self) -> bool {
        match self {
            Report::Estimate(r) => r.status != Status::Over,
        }
    }
}
