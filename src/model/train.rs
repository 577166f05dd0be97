//! Training memory: weights, gradients and optimizer state per parameter as each optimizer and
//! precision holds them (the ZeRO paper's accounting: mixed-precision Adam is 2 + 2 + 12 bytes a
//! parameter), activations by Korthikanti et al. 2022 ("Reducing Activation Recomputation in
//! Large Transformer Models", eq. 1 and the output layer), LoRA adapters from the real tensor
//! shapes, and ZeRO's partitioning over devices.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Zero;
use serde::Serialize;

use super::layers::Part;
use super::quant::Storage;
use super::{Model, Tensor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Optimizer {
    Adam,
    AdamW,
    /// SGD with momentum (one state a parameter).
    Sgd,
    /// transformers' Adafactor (no first moment; the second factored for matrices).
    Adafactor,
    /// bitsandbytes' 8-bit Adam.
    Adam8bit,
}

impl Optimizer {
    pub fn name(self) -> &'static str {
        match self {
            Optimizer::Adam => "adam",
            Optimizer::AdamW => "adamw",
            Optimizer::Sgd => "sgd",
            Optimizer::Adafactor => "adafactor",
            Optimizer::Adam8bit => "adam8bit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Fp32,
    MixedBf16,
    MixedFp16,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::MixedBf16 => "mixed-bf16",
            Precision::MixedFp16 => "mixed-fp16",
        }
    }

    fn mixed(self) -> bool {
        self != Precision::Fp32
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lora {
    pub rank: u64,
    /// Module names (`q_proj`); a tensor `….q_proj.weight` is adapted.
    pub targets: Vec<String>,
}

/// transformers' (peft's) default LoRA targets for Llama-style models.
pub const DEFAULT_LORA_TARGETS: [&str; 2] = ["q_proj", "v_proj"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainSpec {
    pub optimizer: Optimizer,
    pub precision: Precision,
    /// Sequences per device and step.
    pub batch: u64,
    pub seq: u64,
    pub checkpointing: bool,
    pub lora: Option<Lora>,
    /// ZeRO stage 0 (replicated) to 3 (FSDP's full shard).
    pub zero: u8,
    pub devices: u64,
}

/// One value for each part of training memory: the weights, their gradients, the optimizer's
/// state and the activations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingParts<T> {
    pub weights: T,
    pub gradients: T,
    pub optimizer: T,
    pub activations: T,
}

impl<T> TrainingParts<T> {
    /// Each part's value made into another.
    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> TrainingParts<U> {
        TrainingParts {
            weights: f(&self.weights),
            gradients: f(&self.gradients),
            optimizer: f(&self.optimizer),
            activations: f(&self.activations),
        }
    }
}

impl TrainingParts<Figure> {
    /// All four parts' bytes, for one device holding everything (ZeRO stage 0).
    pub fn total(&self) -> BigInt {
        &self.weights.bytes
            + &self.gradients.bytes
            + &self.optimizer.bytes
            + &self.activations.bytes
    }
}

/// Bytes, and the formula that gives them, with the numbers used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub bytes: BigInt,
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    /// The whole model's weights, gradients and optimizer state (with mixed precision's fp32
    /// master copy), and the activations one device keeps for its batch.
    pub parts: TrainingParts<Figure>,
    /// What one of `devices` holds under the ZeRO stage.
    pub per_device: Figure,
    /// Parameters the optimizer updates (LoRA: the adapters' alone).
    pub trainable_parameters: BigInt,
    /// accelerate's "Training using Adam" for this precision: the largest of its stages (not
    /// their sum) at 4 bytes a parameter, batch 1, no activations.
    pub accelerate_adam: BigInt,
    pub notes: Vec<String>,
}

/// Optimizer state bytes for one trainable tensor (fp32 state), without a master copy.
fn state_bytes(opt: Optimizer, shape: &[u64], n: &BigInt) -> BigInt {
    match opt {
        Optimizer::Adam | Optimizer::AdamW => n * 8u8,
        Optimizer::Sgd => n * 4u8,
        // bitsandbytes: tensors under min_8bit_size (4096) keep 32-bit state; others two uint8
        // states and a float32 absmax per 256-value block for each.
        Optimizer::Adam8bit if *n < BigInt::from(4096) => n * 8u8,
        Optimizer::Adam8bit => n * 2u8 + n.div_ceil(&BigInt::from(256)) * 8u8,
        // transformers' Adafactor: a matrix keeps a row and a column of second moments
        // (shape[:-1] and shape[:-2] + shape[-1:]), a vector the full second moment.
        Optimizer::Adafactor => match shape.split_last() {
            Some((&last, rest)) if !rest.is_empty() => {
                let rows: BigInt = rest.iter().map(|&d| BigInt::from(d)).product();
                let outer: BigInt = rest[..rest.len() - 1]
                    .iter()
                    .map(|&d| BigInt::from(d))
                    .product();
                (rows + outer * last) * 4u8
            }
            _ => n * 4u8,
        },
    }
}

fn state_formula(opt: Optimizer) -> &'static str {
    match opt {
        Optimizer::Adam | Optimizer::AdamW => "two fp32 moments, 8 bytes a parameter",
        Optimizer::Sgd => "one fp32 momentum, 4 bytes a parameter",
        Optimizer::Adam8bit => {
            "bitsandbytes 8-bit: 2 bytes a parameter + 2 fp32 absmax per 256 values (tensors under 4096 values: 8 bytes)"
        }
        Optimizer::Adafactor => {
            "Adafactor: fp32 row + column second moments of each matrix, the full second moment of each vector"
        }
    }
}

/// The LoRA adapters of a target matrix (out, in): A (rank, in) and B (out, rank).
fn lora_adapters(t: &Tensor, lora: &Lora) -> Option<[(Vec<u64>, BigInt); 2]> {
    if t.shape.len() != 2 || !t.name.ends_with("weight") {
        return None;
    }
    let module = t.name.trim_end_matches(".weight");
    let leaf = module.rsplit('.').next().unwrap_or(module);
    let hit = lora
        .targets
        .iter()
        .any(|target| target == leaf || gguf_name(target) == Some(leaf));
    if !hit {
        return None;
    }
    let (out, inp) = (t.shape[0], t.shape[1]);
    Some([
        (vec![lora.rank, inp], BigInt::from(lora.rank) * inp),
        (vec![out, lora.rank], BigInt::from(out) * lora.rank),
    ])
}

/// llama.cpp's name for a transformers projection.
fn gguf_name(target: &str) -> Option<&'static str> {
    Some(match target {
        "q_proj" => "attn_q",
        "k_proj" => "attn_k",
        "v_proj" => "attn_v",
        "o_proj" => "attn_output",
        "gate_proj" => "ffn_gate",
        "up_proj" => "ffn_up",
        "down_proj" => "ffn_down",
        _ => return None,
    })
}

/// Activations of one training step by Korthikanti et al. 2022: per transformer layer
/// s·b·h·(34 + 5·a·s/h) bytes of 16-bit activations (no tensor parallelism); with full
/// recomputation 2·s·b·h per layer (its input) plus one layer's whole; the output layer norm and
/// projection 4·s·b·h and the fp32 cross-entropy logits 4·s·b·v. fp32 training doubles the
/// 16-bit terms.
fn activations(model: &Model, spec: &TrainSpec) -> (BigInt, String) {
    let a = &model.arch;
    let (s, b, h, heads) = (
        BigInt::from(spec.seq),
        BigInt::from(spec.batch),
        BigInt::from(a.hidden_size),
        BigInt::from(a.heads.attention_heads),
    );
    let v = BigInt::from(a.vocab_size.unwrap_or(0));
    let sbh = &s * &b * &h;
    let layer = &sbh * 34u8 + &heads * &s * &s * &b * 5u8;
    let scale = if spec.precision.mixed() { 1u8 } else { 2u8 };
    let blocks = if spec.checkpointing {
        &sbh * 2u8 * a.layers + &layer
    } else {
        &layer * a.layers
    };
    let total = (blocks + &sbh * 4u8) * scale + &s * &b * &v * 4u8;
    let per_layer = "s·b·h·(34 + 5·a·s/h)";
    let blocks_text = if spec.checkpointing {
        format!("2·s·b·h·L + {per_layer}")
    } else {
        format!("L·{per_layer}")
    };
    let formula = format!(
        "({blocks_text} + 4·s·b·h){} + 4·s·b·v with s={} b={} h={} a={} v={} L={} (Korthikanti et al. 2022{})",
        if scale == 2 { " × 2 (fp32)" } else { "" },
        spec.seq,
        spec.batch,
        a.hidden_size,
        a.heads.attention_heads,
        a.vocab_size.unwrap_or(0),
        a.layers,
        if spec.checkpointing {
            "; full activation checkpointing"
        } else {
            ""
        }
    );
    (total, formula)
}

/// Training memory for `model`, its frozen weights (under LoRA) held as `base` (the stored
/// types when `None`). LoRA targets that match no matrix are an error naming the matrices there
/// are.
pub fn training(
    model: &Model,
    spec: &TrainSpec,
    base: Option<&Storage>,
) -> Result<Training, String> {
    let params = model.parameters();
    let mixed = spec.precision.mixed();
    let param_bytes: u8 = if mixed { 2 } else { 4 };
    let mut notes = Vec::new();
    let (weights, gradients, optimizer, trainable, wf, gf, of) = match &spec.lora {
        None => {
            let mut state = BigInt::zero();
            for t in model.counted() {
                state += state_bytes(spec.optimizer, &t.shape, &t.elements);
            }
            let master = if mixed { &params * 4u8 } else { BigInt::zero() };
            let optimizer = state + &master;
            (
                &params * param_bytes,
                &params * param_bytes,
                optimizer,
                params.clone(),
                format!("{params} parameters × {param_bytes} bytes"),
                format!("{params} parameters × {param_bytes} bytes"),
                format!(
                    "{}{}",
                    state_formula(spec.optimizer),
                    if mixed {
                        " + the fp32 master copy, 4 bytes a parameter"
                    } else {
                        ""
                    }
                ),
            )
        }
        Some(lora) => {
            let frozen = model.weights(base).bytes;
            let mut trainable = BigInt::zero();
            let mut state = BigInt::zero();
            let mut adapted = 0u64;
            for t in model.counted() {
                if let Some(adapters) = lora_adapters(t, lora) {
                    adapted += 1;
                    for (shape, n) in adapters {
                        state += state_bytes(spec.optimizer, &shape, &n);
                        trainable += n;
                    }
                }
            }
            if adapted == 0 {
                let mut leaves: Vec<&str> = model
                    .counted()
                    .filter(|t| t.shape.len() == 2 && t.place.part == Part::Blocks)
                    .filter_map(|t| t.name.strip_suffix(".weight"))
                    .filter_map(|m| m.rsplit('.').next())
                    .collect();
                leaves.sort_unstable();
                leaves.dedup();
                return Err(format!(
                    "--lora-targets {}: no matrix of {} is one; its blocks' matrices are {}",
                    lora.targets.join(","),
                    model.path,
                    leaves.join(",")
                ));
            }
            notes.push(format!(
                "LoRA rank {} on {adapted} matrices ({}): adapters in fp32 (peft's default), the base frozen",
                lora.rank,
                lora.targets.join(",")
            ));
            (
                &frozen + &trainable * 4u8,
                &trainable * 4u8,
                state,
                trainable.clone(),
                format!("frozen base {frozen} bytes + {trainable} adapter parameters × 4 bytes"),
                format!("{trainable} adapter parameters × 4 bytes"),
                state_formula(spec.optimizer).to_string(),
            )
        }
    };
    let (activations, af) = activations(model, spec);
    if model
        .tensors
        .iter()
        .any(|t| t.place.part == Part::Blocks && t.name.contains("experts."))
    {
        notes.push(
            "mixture of experts: the activation formula counts a dense layer; routed experts' activations depend on routing"
                .to_string(),
        );
    }
    let n = BigInt::from(spec.devices.max(1));
    let share = |x: &BigInt, from_stage: u8| {
        if spec.zero >= from_stage {
            x.div_ceil(&n)
        } else {
            x.clone()
        }
    };
    let per_device =
        share(&weights, 3) + share(&gradients, 2) + share(&optimizer, 1) + &activations;
    let per_device_formula = match spec.zero {
        0 => "everything on every device (data parallel)".to_string(),
        1 => format!("ZeRO-1: optimizer state / {n}"),
        2 => format!("ZeRO-2: (gradients + optimizer state) / {n}"),
        _ => format!("ZeRO-3 (FSDP full shard): (weights + gradients + optimizer state) / {n}"),
    } + "; activations per device";
    let fp32 = &params * 4u8;
    let accelerate_adam = match spec.precision {
        Precision::Fp32 => &fp32 * 4u8,
        Precision::MixedBf16 | Precision::MixedFp16 => &fp32 * 2u8,
    };
    notes.push(
        "accelerate's estimate-memory \"Training using Adam\" is the largest of its stages (model, gradients, optimizer, step) at 4 bytes a parameter for batch 1 — 16 bytes a parameter in float32, 8 in float16/bfloat16 — not their sum, and without activations"
            .to_string(),
    );
    Ok(Training {
        parts: TrainingParts {
            weights: Figure {
                bytes: weights,
                formula: wf,
            },
            gradients: Figure {
                bytes: gradients,
                formula: gf,
            },
            optimizer: Figure {
                bytes: optimizer,
                formula: of,
            },
            activations: Figure {
                bytes: activations,
                formula: af,
            },
        },
        per_device: Figure {
            bytes: per_device,
            formula: per_device_formula,
        },
        trainable_parameters: trainable,
        accelerate_adam,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adafactor_factors_matrices() {
        let n = BigInt::from(4096 * 1024);
        assert_eq!(
            state_bytes(Optimizer::Adafactor, &[4096, 1024], &n),
            BigInt::from((4096 + 1024) * 4)
        );
        assert_eq!(
            state_bytes(Optimizer::Adafactor, &[8, 4096, 1024], &BigInt::from(8)),
            BigInt::from((8 * 4096 + 8 * 1024) * 4)
        );
        assert_eq!(
            state_bytes(Optimizer::Adafactor, &[64], &BigInt::from(64)),
            BigInt::from(256)
        );
    }

    #[test]
    fn eight_bit_adam_keeps_small_tensors_in_32_bits() {
        assert_eq!(
            state_bytes(Optimizer::Adam8bit, &[64], &BigInt::from(64)),
            BigInt::from(512)
        );
        assert_eq!(
            state_bytes(Optimizer::Adam8bit, &[4096], &BigInt::from(4096)),
            BigInt::from(4096 * 2 + 16 * 8)
        );
    }
}
