//! Model memory: what a checkpoint on disk needs to run (its weights, in any dtype or
//! quantisation, and its KV cache) and to train (gradients, optimizer state, activations), from
//! its tensors and the architecture beside them (`config.json`, or GGUF metadata).
//!
//! - [`arch`]: the architecture, from `config.json` keys or GGUF metadata;
//! - [`layers`]: tensors in parts (embeddings, blocks, head) and accelerate's layers;
//! - [`quant`]: storage sizes — dtypes at their packed width, ggml and bitsandbytes blocks;
//! - [`kv`]: the KV cache, and the longest context that fits;
//! - [`train`]: training memory by optimizer, precision, LoRA and ZeRO stage.

pub mod arch;
pub mod kv;
pub mod layers;
pub mod quant;
pub mod train;

use std::path::{Path, PathBuf};

use num_bigint::BigInt;
use num_traits::Zero;

use crate::Error;
use crate::dtype::Platform;
use crate::files::source::{self, RangeSource};
use crate::files::{self, ElementType, FileError, Format};
use arch::Architecture;
use layers::{Part, Place};
use quant::{Family, Storage};

/// One tensor of a checkpoint.
#[derive(Debug, Clone)]
pub struct Tensor {
    pub name: String,
    pub shape: Vec<u64>,
    pub elements: BigInt,
    /// How the checkpoint stores it.
    pub stored: Storage,
    pub place: Place,
    /// False for a tied head's copy of the embedding: the model holds it once.
    pub counted: bool,
}

/// A checkpoint read for its memory.
#[derive(Debug, Clone)]
pub struct Model {
    /// The argument it was read from.
    pub path: String,
    pub format: &'static str,
    pub tensors: Vec<Tensor>,
    pub arch: Architecture,
    /// Things worth knowing about how it was read (ties, block counts), for people.
    pub notes: Vec<String>,
}

/// Weights in one storage: their bytes, by part, and the largest layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    pub bytes: BigInt,
    /// Bytes of embeddings, blocks, head, other (in [`Part::ALL`] order).
    pub by_part: [BigInt; 4],
    /// accelerate's largest layer: its name and bytes.
    pub largest_layer: (String, BigInt),
    /// Tensors that keep their stored type under a conversion (integers, norms, …).
    pub kept: u64,
}

impl Model {
    /// Parameters, each tensor counted once.
    pub fn parameters(&self) -> BigInt {
        self.counted().map(|t| &t.elements).sum()
    }

    pub fn counted(&self) -> impl Iterator<Item = &Tensor> {
        self.tensors.iter().filter(|t| t.counted)
    }

    /// The weights as stored, or converted to `to` by [`convert`]'s rule.
    pub fn weights(&self, to: Option<&Storage>) -> Weights {
        let mut by_part: [BigInt; 4] = Default::default();
        let mut layers: Vec<(String, BigInt)> = Vec::new();
        let mut kept = 0;
        for t in self.counted() {
            let storage = match to {
                Some(to) => convert(t, to),
                None => &t.stored,
            };
            if to.is_some() && storage == &t.stored && Some(storage) != to {
                kept += 1;
            }
            let bytes = storage.bytes(&t.elements);
            let i = Part::ALL
                .iter()
                .position(|p| *p == t.place.part)
                .unwrap_or(3);
            by_part[i] += &bytes;
            match layers.iter_mut().find(|(n, _)| *n == t.place.layer) {
                Some((_, b)) => *b += bytes,
                None => layers.push((t.place.layer.clone(), bytes)),
            }
        }
        // The first of the largest, in file order, as accelerate keeps the first it meets.
        let largest_layer = layers
            .into_iter()
            .fold((String::new(), BigInt::zero()), |best, l| {
                if l.1 > best.1 { l } else { best }
            });
        Weights {
            bytes: by_part.iter().sum(),
            by_part,
            largest_layer,
            kept,
        }
    }
}

/// What a tensor becomes under `--as`: a float type replaces every float tensor (integer
/// tensors keep their type, as accelerate and transformers keep them); an integer type or
/// ggml's blocks replace matrices (two or more dimensions) only, ggml's where the rows are whole
/// blocks — norms and biases stay, as llama.cpp keeps them; bitsandbytes' 4-bit replaces the
/// blocks' matrices only (its `Linear4bit`: embeddings and the head stay, as transformers
/// leaves them).
pub fn convert<'a>(t: &'a Tensor, to: &'a Storage) -> &'a Storage {
    let float_stored = match &t.stored {
        Storage::Dtype { float, .. } => *float,
        Storage::Blocks(_) => true,
        Storage::Opaque { .. } => false,
    };
    let matrix = t.shape.len() >= 2;
    let fits = match to {
        Storage::Dtype { float: true, .. } => float_stored,
        Storage::Dtype { float: false, .. } => float_stored && matrix,
        Storage::Blocks(b) => match b.family {
            Family::Ggml => {
                float_stored && matrix && t.shape.last().is_some_and(|&d| d % b.block == 0)
            }
            Family::Bitsandbytes => float_stored && matrix && t.place.part == Part::Blocks,
        },
        Storage::Opaque { .. } => false,
    };
    if fits { to } else { &t.stored }
}

/// Read a checkpoint — a directory of safetensors shards, a `.safetensors` file, an index, or a
/// GGUF file — with its architecture.
pub fn load(path: &Path, platform: Platform) -> Result<Model, Error> {
    let is_gguf = !path.is_dir() && files::read_prefix(path, 4)? == files::GGUF_MAGIC;
    let (arrays, meta) = if is_gguf {
        let (a, m) = files::gguf_metadata(path, platform)?;
        (a, Some(m))
    } else {
        (files::read(path, platform)?, None)
    };
    let config = config_path(path);
    assemble(path.display().to_string(), &arrays, meta, || {
        read_config(&config).map(|text| (config.clone(), text))
    })
}

/// Read a checkpoint by position — over HTTP, say: a safetensors file or index with the
/// `config.json` beside it, or a GGUF file.
pub fn load_source(src: &dyn RangeSource, platform: Platform) -> Result<Model, Error> {
    let (arrays, meta) = files::read_checkpoint(src, platform, true)?;
    let arrays = arrays.into_arrays();
    assemble(src.path().display().to_string(), &arrays, meta, || {
        let config = src.sibling("config.json").map_err(|e| e.to_string())?;
        let bytes =
            source::read_small(&*config, MAX_CONFIG, "a config").map_err(|e| e.to_string())?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{}: not UTF-8 text", config.path().display()))?;
        Ok((config.path().to_path_buf(), text))
    })
}

/// A model from its arrays, GGUF metadata or the `config.json` that `config` reads (its path and
/// text).
fn assemble(
    shown: String,
    arrays: &[files::FileArray],
    meta: Option<files::GgufMetadata>,
    config: impl FnOnce() -> Result<(PathBuf, String), String>,
) -> Result<Model, Error> {
    // What is wrong with the checkpoint as a whole, said as of a file.
    let bad = |problem: String| {
        Error::File(FileError::Malformed {
            path: shown.clone(),
            problem,
        })
    };
    let format = match arrays.first().map(|a| a.format) {
        Some(f @ (Format::Safetensors | Format::SafetensorsIndex | Format::Gguf)) => f.name(),
        Some(other) => {
            return Err(bad(format!(
                "not a model checkpoint (it reads as {}): --model reads safetensors (a file, an index or a directory of shards) and GGUF",
                other.name()
            )));
        }
        None => return Err(bad("no tensors".to_string())),
    };
    let mut tensors = Vec::with_capacity(arrays.len());
    for a in arrays {
        let stored = match &a.element {
            ElementType::Known(dt) => quant::of_dtype(dt),
            ElementType::Unknown(name) => match quant::block_type(name) {
                Some(b) => Storage::Blocks(b),
                None => Storage::Opaque {
                    name: name.clone(),
                    bytes: a.disk_bytes.to_u64().unwrap_or(u64::MAX),
                },
            },
        };
        let name = a.name.clone().unwrap_or_default();
        tensors.push(Tensor {
            place: layers::place(&name),
            name,
            shape: a.shape.clone(),
            elements: BigInt::from(a.elements()),
            stored,
            counted: true,
        });
    }
    let has_head = tensors.iter().any(|t| t.place.part == Part::Head);
    let arch = match &meta {
        Some(meta) => arch::from_gguf(meta, has_head)?,
        None => {
            let (config, text) = config().map_err(|problem| {
                bad(format!(
                    "{problem}: --model needs the transformers config.json beside the weights for the architecture (layers, heads, head dimension)"
                ))
            })?;
            arch::from_config(&config, &text)?
        }
    };
    let mut notes = Vec::new();
    tie(&mut tensors, &arch, &mut notes);
    check_against_tensors(&tensors, &arch, &mut notes).map_err(bad)?;
    Ok(Model {
        path: shown,
        format,
        tensors,
        arch,
        notes,
    })
}

/// `config.json` in the directory, or beside the file.
fn config_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("config.json")
    } else {
        path.parent().unwrap_or(Path::new(".")).join("config.json")
    }
}

/// The largest `config.json` npmem reads.
const MAX_CONFIG: u64 = 16 << 20;

fn read_config(path: &Path) -> Result<String, String> {
    let size = match files::file_size(path) {
        Ok(s) => s,
        Err(_) if !path.exists() => return Err(format!("no {}", path.display())),
        Err(e) => return Err(e.to_string()),
    };
    if size > MAX_CONFIG {
        return Err(format!("{}: a config over 16 MiB", path.display()));
    }
    let bytes = files::read_prefix(path, MAX_CONFIG).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
}

/// A tied head is the embedding: a copy of it in the file is held once.
fn tie(tensors: &mut [Tensor], arch: &Architecture, notes: &mut Vec<String>) {
    if !arch.tie_word_embeddings {
        return;
    }
    let embedding = tensors
        .iter()
        .find(|t| layers::is_token_embedding(&t.name))
        .map(|t| (t.name.clone(), t.shape.clone()));
    let Some((embedding, shape)) = embedding else {
        return;
    };
    let mut copies = 0;
    for t in tensors.iter_mut() {
        if t.place.part == Part::Head && t.shape == shape && t.name.ends_with("weight") {
            t.counted = false;
            copies += 1;
            notes.push(format!(
                "{} is tied to {embedding} (tie_word_embeddings): counted once",
                t.name
            ));
        }
    }
    if copies == 0 && arch.source.ends_with("config.json") {
        notes.push(format!(
            "the head shares {embedding} (tie_word_embeddings): no separate weights"
        ));
    }
}

/// The config's layer count against the blocks in the file, and its key/value heads against
/// the key projection's rows.
fn check_against_tensors(
    tensors: &[Tensor],
    arch: &Architecture,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let mut stacks: Vec<(String, Vec<u64>)> = Vec::new();
    for t in tensors {
        if let Some((stack, i)) = &t.place.block {
            match stacks.iter_mut().find(|(s, _)| s == stack) {
                Some((_, v)) => v.push(*i),
                None => stacks.push((stack.clone(), vec![*i])),
            }
        }
    }
    for (_, v) in &mut stacks {
        v.sort_unstable();
        v.dedup();
    }
    if let Some((stack, blocks)) = stacks.iter().max_by_key(|(_, v)| v.len())
        && blocks.len() as u64 != arch.layers
    {
        notes.push(format!(
            "the file has {} blocks in {stack}, the architecture {} layers: the KV cache and activations count {}",
            blocks.len(),
            arch.layers,
            arch.layers
        ));
    }
    if arch.mla.is_none() {
        let rows = u128::from(arch.heads.kv_heads) * u128::from(arch.heads.head_dim);
        for t in tensors {
            let is_k =
                t.name.ends_with("self_attn.k_proj.weight") || t.name.ends_with("attn_k.weight");
            if is_k && t.place.block.as_ref().is_some_and(|(_, i)| *i == 0) {
                // transformers' (out, in), or GGUF's shape read back to (out, in).
                let out = t.shape.first().copied().unwrap_or(0);
                if u128::from(out) != rows {
                    return Err(format!(
                        "{} says {} key/value heads × head dimension {} = {rows}, but {} has {out} rows",
                        arch.source, arch.heads.kv_heads, arch.heads.head_dim, t.name
                    ));
                }
            }
        }
    }
    Ok(())
}
