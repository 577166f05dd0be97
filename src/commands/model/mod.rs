//! `npmem estimate CHECKPOINT --model`: what a model checkpoint needs to run (weights in any
//! dtype or quantisation, KV cache) and to train, and whether it fits usable memory or an
//! accelerator's.

pub mod report;
pub mod view;

use num_bigint::BigInt;
use num_integer::Integer;

use npmem::Error;
use npmem::dtype::Platform;
use npmem::memory::{Allowance, Status};
use npmem::model::kv::{self, Solved};
use npmem::model::quant::{self, Storage};
use npmem::model::train::{self, Lora, Optimizer, Precision, TrainSpec};
use npmem::model::{self, Model};
use npmem::units::Bytes;

use report::{
    CheckpointReport, Devices, DtypeRow, Formulas, ModelObject, ModelReport, Parts, TrainingBytes,
    TrainingReport,
};

/// How many tokens of context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The model's maximum.
    Model,
    Tokens(u64),
    /// `?`: the longest that fits.
    Solve,
}

#[derive(Debug, Clone)]
pub struct TrainArgs {
    pub optimizer: Optimizer,
    pub precision: Precision,
    pub seq: Option<u64>,
    pub checkpointing: bool,
    pub lora: Option<Lora>,
    pub zero: u8,
}

#[derive(Debug, Clone)]
pub struct ModelArgs {
    pub paths: Vec<String>,
    /// `--as`: the weights in another type.
    pub as_type: Option<String>,
    pub context: Context,
    pub batch: u64,
    pub kv_dtype: Option<String>,
    pub dtypes: Vec<String>,
    /// `--device-memory` and `--gpus`.
    pub devices: Devices,
    pub train: Option<TrainArgs>,
    /// `--ram` and `--budget`.
    pub memory: Allowance,
}

fn storage(flag: &str, text: &str, platform: Platform) -> Result<Storage, Error> {
    quant::parse(text, platform).map_err(|e| Error::Usage(format!("{flag} '{text}': {e}")))
}

pub fn run(args: &ModelArgs, platform: Platform) -> Result<ModelReport, Error> {
    // Everything typed is checked before a file or the machine's memory is looked at.
    let as_type = args
        .as_type
        .as_deref()
        .map(|t| storage("--as", t, platform))
        .transpose()?;
    let kv_type = args
        .kv_dtype
        .as_deref()
        .map(|t| storage("--kv-dtype", t, platform))
        .transpose()?;
    let rows = args
        .dtypes
        .iter()
        .map(|t| storage("--dtypes", t, platform).map(|s| (t.clone(), s)))
        .collect::<Result<Vec<_>, _>>()?;
    if args.devices.count == 0 {
        return Err(Error::Usage(
            "--gpus 0: the model needs at least one device (--gpus 1)".to_string(),
        ));
    }
    if args.batch == 0 {
        return Err(Error::Usage(
            "--batch 0: give at least one sequence (--batch 1)".to_string(),
        ));
    }
    if args.train.is_some() && args.context == Context::Solve {
        return Err(Error::Usage(
            "--context ? solves the longest context for inference; for training give --seq N"
                .to_string(),
        ));
    }
    if args.train.as_ref().is_some_and(|t| t.seq == Some(0)) {
        return Err(Error::Usage(
            "--seq 0: a training sequence holds at least one token (--seq 1)".to_string(),
        ));
    }
    if let Some(Lora { rank: 0, .. }) = args.train.as_ref().and_then(|t| t.lora.as_ref()) {
        return Err(Error::Usage(
            "--lora-rank 0: adapters have rank 1 or more".to_string(),
        ));
    }
    let mut models = Vec::with_capacity(args.paths.len());
    for p in &args.paths {
        #[cfg(feature = "remote")]
        if npmem::files::remote::is_remote(p) {
            let source = npmem::files::remote::open(p)?;
            models.push(model::load_source(&*source, platform)?);
            continue;
        }
        match npmem::files::classify(p, platform) {
            npmem::files::Argument::File { member: None, .. } => {}
            npmem::files::Argument::Missing(problem) => return Err(Error::Usage(problem)),
            _ => {
                return Err(Error::Usage(format!(
                    "'{p}' is not a checkpoint: --model reads a model directory (config.json and safetensors), a .safetensors file or index, or a .gguf file"
                )));
            }
        }
        models.push(model::load(std::path::Path::new(p), platform)?);
    }

    let memory = args.memory.ram.resolve()?;
    let base = args
        .devices
        .memory
        .clone()
        .unwrap_or_else(|| memory.usable_bytes.clone());
    let budget = args.memory.budget_of(&base).0;
    let mut checkpoints = Vec::with_capacity(models.len());
    for m in &models {
        checkpoints.push(checkpoint(
            m,
            args,
            as_type.as_ref(),
            kv_type.as_ref(),
            &rows,
            &budget,
        )?);
    }
    let status = checkpoints
        .iter()
        .map(|c| c.status)
        .max_by_key(|s| match s {
            Status::Ok => 0,
            Status::Tight => 1,
            Status::Over => 2,
        })
        .unwrap_or(Status::Ok);
    Ok(ModelReport {
        checkpoints,
        memory: crate::commands::estimate::memory_report(&memory),
        devices: args.devices.clone(),
        budget_bytes: Bytes(budget),
        status,
    })
}

/// The KV cache's type: `--kv-dtype`, else the model's `torch_dtype`, else llama.cpp's f16 for
/// GGUF, else the embedding's stored type.
fn kv_storage(m: &Model, given: Option<&Storage>, notes: &mut Vec<String>) -> Storage {
    if let Some(s) = given {
        return s.clone();
    }
    if let Some(s) = m
        .arch
        .dtype
        .as_deref()
        .and_then(|d| quant::parse(d, Platform::host()).ok())
    {
        notes.push(format!(
            "KV cache in {} (the config's dtype; --kv-dtype to change)",
            s.name()
        ));
        return s;
    }
    let f16 = Storage::Dtype {
        name: "float16".to_string(),
        bits: 16,
        float: true,
    };
    if m.format == "gguf" {
        notes.push("KV cache in float16 (llama.cpp's default; --kv-dtype to change)".to_string());
        return f16;
    }
    let stored = m
        .counted()
        .find(|t| matches!(t.stored, Storage::Dtype { float: true, .. }))
        .map_or(f16, |t| t.stored.clone());
    notes.push(format!(
        "KV cache in {} (the weights' type: the config names no dtype; --kv-dtype to change)",
        stored.name()
    ));
    stored
}

fn checkpoint(
    m: &Model,
    args: &ModelArgs,
    as_type: Option<&Storage>,
    kv_type: Option<&Storage>,
    rows: &[(String, Storage)],
    budget: &BigInt,
) -> Result<CheckpointReport, Error> {
    let mut notes = m.arch.notes.clone();
    notes.extend(m.notes.iter().cloned());
    if let Some(e) = &m.arch.experts {
        notes.push(format!(
            "mixture of experts: all {} experts of a layer are held in memory{}",
            e.count,
            e.per_token
                .map_or_else(String::new, |k| format!(", {k} of them used a token"))
        ));
    }
    let kv_type = kv_storage(m, kv_type, &mut notes);
    let weights = m.weights(as_type);
    if let Some(to) = as_type
        && weights.kept > 0
    {
        notes.push(format!(
            "as {}: {} tensors keep their stored type (integers; vectors and rows not in whole blocks for integer and block types; embeddings and head for bitsandbytes)",
            to.name(),
            weights.kept
        ));
    }
    let gpus = BigInt::from(args.devices.count);
    let per_device = |total: &BigInt| total.div_ceil(&gpus);
    let (context, context_source) = match args.context {
        Context::Tokens(n) => (n, "given"),
        Context::Model => (
            m.arch.max_context.ok_or_else(|| {
                Error::Usage(format!(
                    "{}: the architecture gives no maximum context (max_position_embeddings): give --context N",
                    m.path
                ))
            })?,
            "the model's maximum",
        ),
        Context::Solve => {
            let fits = |kv: &BigInt| per_device(&(&weights.bytes + kv)) <= *budget;
            match kv::max_context(&m.arch, args.batch, &kv_type, fits) {
                Solved::Tokens(n) => (n, "solved"),
                Solved::Any => {
                    notes.push(
                        "every layer slides: the KV cache stops growing at the window, so any context fits; shown at the window"
                            .to_string(),
                    );
                    (
                        m.arch.sliding_window.as_ref().map_or(0, |w| w.window),
                        "solved",
                    )
                }
                Solved::None => {
                    notes.push("no context fits: the weights alone do not".to_string());
                    (0, "solved")
                }
            }
        }
    };
    if let Some(max) = m.arch.max_context
        && context > max
    {
        notes.push(format!(
            "a context of {context} tokens is past the model's maximum ({max})"
        ));
    }
    let cache = kv::cache(&m.arch, context, args.batch, &kv_type);
    let inference = &weights.bytes + &cache.bytes;
    let training = args
        .train
        .as_ref()
        .map(|t| {
            let spec = TrainSpec {
                optimizer: t.optimizer,
                precision: t.precision,
                batch: args.batch,
                seq: t.seq.unwrap_or(context),
                checkpointing: t.checkpointing,
                lora: t.lora.clone(),
                zero: t.zero,
                devices: args.devices.count,
            };
            train::training(m, &spec, as_type)
        })
        .transpose()
        .map_err(Error::Usage)?;
    let required = match &training {
        Some(t) => {
            notes.extend(t.notes.iter().cloned());
            t.per_device.bytes.clone()
        }
        None => {
            if args.devices.count > 1 {
                notes.push(format!(
                    "spread evenly over {} devices (a real split is by whole layers)",
                    args.devices.count
                ));
            }
            per_device(&inference)
        }
    };
    let headroom = budget - &required;
    let status = Status::judge(&headroom, &weights.largest_layer.1);
    let params = m.parameters();
    let dtypes = rows
        .iter()
        .map(|(text, s)| {
            let w = m.weights(Some(s));
            let fp32 = &params * 4u8;
            DtypeRow {
                dtype: text.clone(),
                weights_bytes: Bytes(w.bytes.clone()),
                largest_layer_bytes: Bytes(w.largest_layer.1),
                kv_cache_bytes: Bytes(cache.bytes.clone()),
                total_bytes: Bytes(w.bytes + &cache.bytes),
                accelerate_training_adam_bytes: match s.name() {
                    "float32" => Some(Bytes(fp32 * 4u8)),
                    "float16" | "bfloat16" => Some(Bytes(fp32 * 2u8)),
                    _ => None,
                },
            }
        })
        .collect();
    let weights_name = as_type.map_or_else(|| stored_types(m), |s| s.name().to_string());
    Ok(CheckpointReport {
        path: m.path.clone(),
        format: m.format,
        tensors: m.tensors.len() as u64,
        architecture: m.arch.clone(),
        weights_type: weights_name,
        parts: Parts {
            embeddings_bytes: Bytes(weights.by_part[0].clone()),
            blocks_bytes: Bytes(weights.by_part[1].clone()),
            head_bytes: Bytes(weights.by_part[2].clone()),
            other_bytes: Bytes(weights.by_part[3].clone()),
        },
        weights_bytes: Bytes(weights.bytes.clone()),
        largest_layer: weights.largest_layer.0.clone(),
        context,
        context_source,
        batch: args.batch,
        kv_dtype: kv_type.name().to_string(),
        model: ModelObject {
            parameters: params.into(),
            largest_layer_bytes: Bytes(weights.largest_layer.1.clone()),
            kv_cache_bytes_per_token: Bytes(cache.per_token_bytes.clone()),
            kv_cache_bytes: Bytes(cache.bytes.clone()),
            inference_bytes: Bytes(inference),
            training: training.as_ref().map(|t| TrainingBytes {
                parts: t.parts.map(|f| Bytes(f.bytes.clone())),
                total: Bytes(t.parts.total()),
            }),
            formulas: Formulas {
                kv_cache: cache.formula.clone(),
                inference:
                    "weights + KV cache (runtime workspace and framework overhead not counted)"
                        .to_string(),
                training: training.as_ref().map(|t| report::TrainingFormulas {
                    parts: t.parts.map(|f| f.formula.clone()),
                    per_device: t.per_device.formula.clone(),
                }),
            },
        },
        training: args
            .train
            .as_ref()
            .zip(training.as_ref())
            .map(|(a, t)| TrainingReport {
                optimizer: a.optimizer.name(),
                precision: a.precision.name(),
                seq: a.seq.unwrap_or(context),
                checkpointing: a.checkpointing,
                lora_rank: a.lora.as_ref().map(|l| l.rank),
                zero: a.zero,
                trainable_parameters: t.trainable_parameters.clone().into(),
                accelerate_adam_bytes: Bytes(t.accelerate_adam.clone()),
            }),
        dtypes,
        required_bytes: Bytes(required),
        headroom_bytes: Bytes(headroom),
        status,
        notes,
    })
}

/// The stored types, most bytes first: `bfloat16`, `Q8_0 + float32 + float16`.
fn stored_types(m: &Model) -> String {
    let mut by: Vec<(String, BigInt)> = Vec::new();
    for t in m.counted() {
        let b = t.stored.bytes(&t.elements);
        match by.iter_mut().find(|(n, _)| n == t.stored.name()) {
            Some((_, x)) => *x += b,
            None => by.push((t.stored.name().to_string(), b)),
        }
    }
    by.sort_by(|a, b| b.1.cmp(&a.1));
    by.into_iter()
        .map(|(n, _)| n)
        .collect::<Vec<_>>()
        .join(" + ")
}
