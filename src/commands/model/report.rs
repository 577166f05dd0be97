//! What `estimate --model` returns: plain data, serialisable as the JSON contract (the README's
//! "Model memory" section). The view reads it; nothing here formats text for people.

use serde::Serialize;

use npmem::memory::Status;
use npmem::model::arch::Architecture;
use npmem::model::train::TrainingParts;
use npmem::units::{Bytes, Exact};

use crate::commands::estimate::report::MemoryReport;

#[derive(Debug, Clone, Serialize)]
pub struct ModelReport {
    pub checkpoints: Vec<CheckpointReport>,
    pub memory: MemoryReport,
    #[serde(flatten)]
    pub devices: Devices,
    /// What one device may use (`--budget` of `--device-memory` or of usable memory).
    pub budget_bytes: Bytes,
    /// The worst of the checkpoints' statuses; the exit code follows it.
    pub status: Status,
}

impl ModelReport {
    pub fn passed(&self) -> bool {
        self.status != Status::Over
    }
}

/// The accelerators asked for: one's memory (`--device-memory`: the budget is then a share of
/// it, not of usable RAM) and how many the model is spread over (`--gpus`).
#[derive(Debug, Clone, Serialize)]
pub struct Devices {
    #[serde(rename = "device_memory_bytes")]
    pub memory: Option<Bytes>,
    #[serde(rename = "gpus")]
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckpointReport {
    pub path: String,
    pub format: &'static str,
    pub tensors: u64,
    pub architecture: Architecture,
    /// The weights' types (`bfloat16`, `Q8_0 + float32`), or `--as`'s.
    pub weights_type: String,
    pub weights_bytes: Bytes,
    pub parts: Parts,
    /// accelerate's largest layer: a transformer block or another module.
    pub largest_layer: String,
    /// Tokens the KV cache holds, and where that number came from (`given`, `solved`, `the
    /// model's maximum`).
    pub context: u64,
    pub context_source: &'static str,
    pub batch: u64,
    pub kv_dtype: String,
    pub model: ModelObject,
    /// With `--train`: how it was asked for.
    pub training: Option<TrainingReport>,
    /// One row per `--dtypes` entry, like accelerate's estimate-memory table.
    pub dtypes: Vec<DtypeRow>,
    /// What one device needs: training's per-device bytes with `--train`, else inference's
    /// over `--gpus`.
    pub required_bytes: Bytes,
    pub headroom_bytes: Bytes,
    pub status: Status,
    pub notes: Vec<String>,
}

/// The model object of the contract: exactly these keys.
#[derive(Debug, Clone, Serialize)]
pub struct ModelObject {
    pub parameters: Exact,
    pub largest_layer_bytes: Bytes,
    pub kv_cache_bytes_per_token: Bytes,
    pub kv_cache_bytes: Bytes,
    pub inference_bytes: Bytes,
    pub training: Option<TrainingBytes>,
    pub formulas: Formulas,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainingBytes {
    #[serde(flatten)]
    pub parts: TrainingParts<Bytes>,
    pub total: Bytes,
}

#[derive(Debug, Clone, Serialize)]
pub struct Formulas {
    pub kv_cache: String,
    pub inference: String,
    pub training: Option<TrainingFormulas>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainingFormulas {
    #[serde(flatten)]
    pub parts: TrainingParts<String>,
    pub per_device: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainingReport {
    pub optimizer: &'static str,
    pub precision: &'static str,
    pub seq: u64,
    pub checkpointing: bool,
    pub lora_rank: Option<u64>,
    pub zero: u8,
    pub trainable_parameters: Exact,
    /// accelerate's "Training using Adam" at this precision (the largest of its stages, batch
    /// 1, no activations).
    pub accelerate_adam_bytes: Bytes,
}

/// Weight bytes by part of the transformer.
#[derive(Debug, Clone, Serialize)]
pub struct Parts {
    pub embeddings_bytes: Bytes,
    pub blocks_bytes: Bytes,
    pub head_bytes: Bytes,
    pub other_bytes: Bytes,
}

#[derive(Debug, Clone, Serialize)]
pub struct DtypeRow {
    pub dtype: String,
    pub weights_bytes: Bytes,
    pub largest_layer_bytes: Bytes,
    pub kv_cache_bytes: Bytes,
    pub total_bytes: Bytes,
    /// accelerate's "Training using Adam" for this row (float32, float16, bfloat16; `null`
    /// where accelerate says N/A).
    pub accelerate_training_adam_bytes: Option<Bytes>,
}
