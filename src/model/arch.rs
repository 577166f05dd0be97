//! A model's architecture — what its KV cache and activations follow from — read from the
//! `config.json` transformers writes beside the weights, or from a GGUF file's metadata. A key
//! that is missing and has no documented default, or that contradicts another, is an error;
//! a documented default (transformers' or llama.cpp's) is applied and said in the notes.

use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::files::MetaValue;

/// A model's architecture: the sizes its KV cache and activations follow from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Architecture {
    /// Where it was read: the `config.json` path, or `GGUF metadata (llama)`.
    pub source: String,
    /// transformers' `model_type` or GGUF's `general.architecture`.
    pub model_type: Option<String>,
    /// Transformer blocks (`num_hidden_layers`).
    pub layers: u64,
    pub hidden_size: u64,
    /// Attention's heads and their dimensions.
    #[serde(flatten)]
    pub heads: Heads,
    /// The MLP's inner width and the vocabulary, where the description gives them (`None`: it
    /// does not; training's activations need the first).
    pub intermediate_size: Option<u64>,
    pub vocab_size: Option<u64>,
    /// The longest context the model was built for.
    pub max_context: Option<u64>,
    /// The dtype the weights were saved in (`torch_dtype`/`dtype`).
    pub dtype: Option<String>,
    /// Layers that attend to a window of recent tokens only, when some do.
    pub sliding_window: Option<SlidingWindow>,
    /// The LM head shares the embedding's weights.
    pub tie_word_embeddings: bool,
    /// Multi-head latent attention (DeepSeek V2/V3): what each layer caches per token.
    pub mla: Option<Mla>,
    /// Mixture of experts: how many, and how many each token is routed to.
    pub experts: Option<Experts>,
    /// Defaults applied and rules followed, for people.
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// Attention's heads: what a layer's keys and values are made of (without multi-head latent
/// attention).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heads {
    /// Query heads, and the heads with keys and values of their own (grouped-query attention:
    /// fewer; `num_key_value_heads`, by default every head).
    pub attention_heads: u64,
    pub kv_heads: u64,
    /// Per head: the key's dimension and the value's.
    pub head_dim: u64,
    pub value_head_dim: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlidingWindow {
    /// Tokens a sliding-window layer keeps.
    pub window: u64,
    /// How many of the layers slide (the others attend to the whole context).
    pub layers: u64,
    /// How the sliding layers were told apart, for people.
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mla {
    pub kv_lora_rank: u64,
    pub qk_rope_head_dim: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Experts {
    pub count: u64,
    pub per_token: Option<u64>,
}

/// A problem with the architecture's description: said, not guessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {problem}")]
pub struct ArchError {
    pub source_name: String,
    pub problem: String,
}

/// To the library, a description that does not describe a model is a malformed file.
impl From<ArchError> for crate::Error {
    fn from(e: ArchError) -> crate::Error {
        crate::Error::File(crate::files::FileError::Malformed {
            path: e.source_name,
            problem: e.problem,
        })
    }
}

/// Keys read in one place: a JSON object (`config.json`, or its `text_config`).
struct Keys<'a> {
    source: &'a str,
    obj: &'a Map<String, Value>,
    /// `text_config.` when reading the nested text model's keys.
    prefix: &'static str,
}

impl Keys<'_> {
    fn err(&self, problem: String) -> ArchError {
        ArchError {
            source_name: self.source.to_string(),
            problem,
        }
    }

    /// A non-negative integer under any of `names` (transformers' name first, then the aliases
    /// its configs map to it); two spellings that disagree are a contradiction.
    fn uint(&self, names: &[&str]) -> Result<Option<u64>, ArchError> {
        let mut found: Option<(&str, u64)> = None;
        for &name in names {
            let Some(v) = self.obj.get(name) else {
                continue;
            };
            if v.is_null() {
                continue;
            }
            let n = v.as_u64().ok_or_else(|| {
                self.err(format!(
                    "{}{name} is {v}, not a non-negative integer",
                    self.prefix
                ))
            })?;
            match found {
                Some((first, m)) if m != n => {
                    return Err(self.err(format!(
                        "{p}{first} is {m} but {p}{name} is {n}: they name the same thing",
                        p = self.prefix
                    )));
                }
                Some(_) => {}
                None => found = Some((name, n)),
            }
        }
        Ok(found.map(|(_, n)| n))
    }

    fn string(&self, name: &str) -> Option<String> {
        self.obj
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn bool(&self, name: &str) -> Option<bool> {
        self.obj.get(name).and_then(Value::as_bool)
    }
}

/// One fact of an architecture, which each source holds under its own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Layers,
    Hidden,
    Heads,
    KvHeads,
    HeadDim,
    ValueHeadDim,
    KvLoraRank,
    RopeDim,
    Experts,
    ExpertsPerToken,
    Intermediate,
    MaxContext,
}

/// Where an architecture is read, in its own words: `config.json` (transformers' names and
/// defaults) or GGUF metadata (llama.cpp's). [`build`] reads any source the same way.
trait Source {
    fn err(&self, problem: String) -> ArchError;
    /// A non-negative integer, if the source has it.
    fn uint(&self, key: Key) -> Result<Option<u64>, ArchError>;
    /// The key's name in an error about it.
    fn name(&self, key: Key) -> String;
    /// The note for a missing KV head count (the attention heads', `heads`).
    fn kv_heads_note(&self, heads: u64) -> String;
    /// The error for KV heads that do not divide the heads.
    fn kv_heads_error(&self, kv_heads: u64, heads: u64) -> String;
    /// Whether a missing head dimension is said in a note (not for latent attention's).
    fn head_dim_said(&self) -> Result<bool, ArchError>;
    /// The note for a missing head dimension, and the error when the hidden size does not
    /// divide among the heads.
    fn head_dim_note(&self, dim: u64) -> String;
    fn head_dim_error(&self, hidden: u64, heads: u64) -> String;
    /// The saved dtype and the model type (read in this order, after the heads).
    fn dtype_and_type(&self) -> Result<(Option<String>, Option<String>), ArchError>;
    /// The error for latent attention without its rotary dimension.
    fn mla_error(&self, rank: u64) -> String;
    fn sliding_window(
        &self,
        layers: u64,
        model_type: Option<&str>,
    ) -> Result<Option<SlidingWindow>, ArchError>;
    /// Whether the head shares the embedding, with a note where it is a default.
    fn tie_word_embeddings(&self, notes: &mut Vec<String>) -> bool;
    fn vocab_size(&self) -> Result<Option<u64>, ArchError>;

    fn required(&self, key: Key) -> Result<u64, ArchError> {
        self.uint(key)?.ok_or_else(|| {
            self.err(format!(
                "no {} (npmem needs it for the KV cache and activations)",
                self.name(key)
            ))
        })
    }
}

/// The architecture `src` describes, its defaults said in `notes`.
fn build(
    src: &impl Source,
    source: String,
    mut notes: Vec<String>,
) -> Result<Architecture, ArchError> {
    let layers = src.required(Key::Layers)?;
    let hidden_size = src.required(Key::Hidden)?;
    let attention_heads = src.required(Key::Heads)?;
    if attention_heads == 0 {
        return Err(src.err(format!("{} is 0", src.name(Key::Heads))));
    }
    let kv_heads = match src.uint(Key::KvHeads)? {
        Some(n) => n,
        None => {
            notes.push(src.kv_heads_note(attention_heads));
            attention_heads
        }
    };
    if kv_heads == 0 || kv_heads > attention_heads || attention_heads % kv_heads != 0 {
        return Err(src.err(src.kv_heads_error(kv_heads, attention_heads)));
    }
    let said = src.head_dim_said()?;
    let head_dim = match src.uint(Key::HeadDim)? {
        Some(d) => d,
        None if hidden_size % attention_heads == 0 => {
            let d = hidden_size / attention_heads;
            if said {
                notes.push(src.head_dim_note(d));
            }
            d
        }
        None => return Err(src.err(src.head_dim_error(hidden_size, attention_heads))),
    };
    let (dtype, model_type) = src.dtype_and_type()?;
    let mla = match src.uint(Key::KvLoraRank)? {
        Some(rank) => Some(Mla {
            kv_lora_rank: rank,
            qk_rope_head_dim: src
                .uint(Key::RopeDim)?
                .ok_or_else(|| src.err(src.mla_error(rank)))?,
        }),
        None => None,
    };
    let value_head_dim = src.uint(Key::ValueHeadDim)?.unwrap_or(head_dim);
    let experts = match src.uint(Key::Experts)? {
        Some(0) | None => None,
        Some(count) => Some(Experts {
            count,
            per_token: src.uint(Key::ExpertsPerToken)?,
        }),
    };
    let sliding_window = src.sliding_window(layers, model_type.as_deref())?;
    let tie_word_embeddings = src.tie_word_embeddings(&mut notes);
    Ok(Architecture {
        source,
        model_type,
        layers,
        hidden_size,
        heads: Heads {
            attention_heads,
            kv_heads,
            head_dim,
            value_head_dim,
        },
        intermediate_size: src.uint(Key::Intermediate)?,
        vocab_size: src.vocab_size()?,
        max_context: src.uint(Key::MaxContext)?,
        dtype,
        sliding_window,
        tie_word_embeddings,
        mla,
        experts,
        notes,
    })
}

/// config.json's keys (the nested `keys`, and the `top` object around them).
struct Config<'a> {
    keys: Keys<'a>,
    top: Keys<'a>,
}

impl Config<'_> {
    /// transformers' name for a fact, then the aliases its configs map to it.
    fn names(key: Key) -> &'static [&'static str] {
        match key {
            Key::Layers => &LAYERS,
            Key::Hidden => &["hidden_size", "n_embd", "d_model"],
            Key::Heads => &["num_attention_heads", "n_head", "num_heads"],
            Key::KvHeads => &["num_key_value_heads", "num_kv_heads"],
            Key::HeadDim => &["head_dim"],
            Key::ValueHeadDim => &["v_head_dim"],
            Key::KvLoraRank => &["kv_lora_rank"],
            Key::RopeDim => &["qk_rope_head_dim"],
            Key::Experts => &["num_local_experts", "num_experts", "n_routed_experts"],
            Key::ExpertsPerToken => &["num_experts_per_tok", "moe_top_k"],
            Key::Intermediate => &["intermediate_size", "n_inner", "ffn_dim"],
            Key::MaxContext => &[
                "max_position_embeddings",
                "n_positions",
                "max_sequence_length",
                "seq_length",
            ],
        }
    }
}

impl Source for Config<'_> {
    fn err(&self, problem: String) -> ArchError {
        self.keys.err(problem)
    }

    fn uint(&self, key: Key) -> Result<Option<u64>, ArchError> {
        self.keys.uint(Self::names(key))
    }

    fn name(&self, key: Key) -> String {
        format!("{}{}", self.keys.prefix, Self::names(key)[0])
    }

    fn kv_heads_note(&self, heads: u64) -> String {
        format!(
            "no num_key_value_heads: transformers' default, num_attention_heads ({heads}): every head has its own keys and values"
        )
    }

    fn kv_heads_error(&self, kv_heads: u64, heads: u64) -> String {
        format!("num_key_value_heads {kv_heads} does not divide num_attention_heads {heads}")
    }

    fn head_dim_said(&self) -> Result<bool, ArchError> {
        Ok(self.uint(Key::KvLoraRank)?.is_none())
    }

    fn head_dim_note(&self, dim: u64) -> String {
        format!("no head_dim: transformers' default, hidden_size / num_attention_heads = {dim}")
    }

    fn head_dim_error(&self, hidden: u64, heads: u64) -> String {
        format!(
            "no head_dim, and hidden_size {hidden} is not a multiple of num_attention_heads {heads}"
        )
    }

    fn dtype_and_type(&self) -> Result<(Option<String>, Option<String>), ArchError> {
        let (keys, top) = (&self.keys, &self.top);
        let dtype = match (keys.string("torch_dtype"), keys.string("dtype")) {
            (Some(a), Some(b)) if a != b => {
                return Err(keys.err(format!("torch_dtype is {a} but dtype is {b}")));
            }
            (a, b) => a
                .or(b)
                .or_else(|| top.string("torch_dtype").or(top.string("dtype"))),
        };
        Ok((
            dtype,
            keys.string("model_type").or(top.string("model_type")),
        ))
    }

    fn mla_error(&self, rank: u64) -> String {
        format!("kv_lora_rank {rank} (multi-head latent attention) but no qk_rope_head_dim")
    }

    fn sliding_window(
        &self,
        layers: u64,
        model_type: Option<&str>,
    ) -> Result<Option<SlidingWindow>, ArchError> {
        config_window(&self.keys, layers, model_type)
    }

    fn tie_word_embeddings(&self, notes: &mut Vec<String>) -> bool {
        let tie = self
            .keys
            .bool("tie_word_embeddings")
            .or(self.top.bool("tie_word_embeddings"));
        tie.unwrap_or_else(|| {
            notes.push(
                "no tie_word_embeddings: transformers' default, true (the head shares the embedding)"
                    .to_string(),
            );
            true
        })
    }

    fn vocab_size(&self) -> Result<Option<u64>, ArchError> {
        self.keys.uint(&["vocab_size"])
    }
}

/// The architecture a `config.json` describes (its `text_config` when the text model's keys are
/// nested there, as multimodal configs do).
pub fn from_config(path: &Path, text: &str) -> Result<Architecture, ArchError> {
    let source = path.display().to_string();
    let root: Value = serde_json::from_str(text).map_err(|e| ArchError {
        source_name: source.clone(),
        problem: format!("not JSON ({e})"),
    })?;
    let Some(root) = root.as_object() else {
        return Err(ArchError {
            source_name: source,
            problem: "not a JSON object".to_string(),
        });
    };
    let top = Keys {
        source: &source,
        obj: root,
        prefix: "",
    };
    let nested = root
        .get("text_config")
        .and_then(Value::as_object)
        .filter(|_| top.uint(&LAYERS).ok().flatten().is_none());
    let keys = match nested {
        Some(obj) => Keys {
            source: &source,
            obj,
            prefix: "text_config.",
        },
        None => Keys {
            source: &source,
            obj: root,
            prefix: "",
        },
    };
    let mut notes = Vec::new();
    if nested.is_some() {
        notes.push("the text model's keys are read from config.json's text_config".to_string());
    }
    build(&Config { keys, top }, source.clone(), notes)
}

const LAYERS: [&str; 4] = ["num_hidden_layers", "n_layer", "num_layers", "n_layers"];

/// Which layers slide, as transformers decides it.
fn config_window(
    keys: &Keys<'_>,
    layers: u64,
    model_type: Option<&str>,
) -> Result<Option<SlidingWindow>, ArchError> {
    let Some(window) = keys.uint(&["sliding_window"])? else {
        return Ok(None);
    };
    if keys.bool("use_sliding_window") == Some(false) {
        return Ok(None);
    }
    let (count, rule) = if let Some(types) = keys.obj.get("layer_types") {
        let types = types
            .as_array()
            .ok_or_else(|| keys.err("layer_types is not a list".to_string()))?;
        if types.len() as u64 != layers {
            return Err(keys.err(format!(
                "layer_types lists {} layers but num_hidden_layers is {layers}",
                types.len()
            )));
        }
        let sliding = types
            .iter()
            .filter(|t| t.as_str() == Some("sliding_attention"))
            .count() as u64;
        (
            sliding,
            "the sliding_attention entries of layer_types".to_string(),
        )
    } else if let Some(p) = keys.uint(&["sliding_window_pattern"])? {
        if p == 0 {
            return Err(keys.err("sliding_window_pattern is 0".to_string()));
        }
        (
            layers - layers / p,
            format!("sliding_window_pattern {p}: every layer but each {p}th slides"),
        )
    } else if model_type == Some("gemma2") {
        (
            layers.div_ceil(2),
            "gemma2: every other layer slides, from the first".to_string(),
        )
    } else if let Some(first) = keys.uint(&["max_window_layers"])? {
        (
            layers.saturating_sub(first),
            format!("max_window_layers {first}: layers from {first} on slide"),
        )
    } else {
        (
            layers,
            "sliding_window with no pattern: every layer slides".to_string(),
        )
    };
    Ok((count > 0).then_some(SlidingWindow {
        window,
        layers: count,
        rule,
    }))
}

/// GGUF metadata's keys, under `general.architecture`.
struct Gguf<'a> {
    meta: &'a [(String, MetaValue)],
    arch: String,
    source: String,
    has_output: bool,
}

impl Gguf<'_> {
    fn get(&self, key: &str) -> Option<&MetaValue> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// llama.cpp's key for a fact, after the architecture's name.
    fn suffix(key: Key) -> &'static str {
        match key {
            Key::Layers => "block_count",
            Key::Hidden => "embedding_length",
            Key::Heads => "attention.head_count",
            Key::KvHeads => "attention.head_count_kv",
            Key::HeadDim => "attention.key_length",
            Key::ValueHeadDim => "attention.value_length",
            Key::KvLoraRank => "attention.kv_lora_rank",
            Key::RopeDim => "rope.dimension_count",
            Key::Experts => "expert_count",
            Key::ExpertsPerToken => "expert_used_count",
            Key::Intermediate => "feed_forward_length",
            Key::MaxContext => "context_length",
        }
    }

    fn uint_at(&self, suffix: &str) -> Result<Option<u64>, ArchError> {
        let key = format!("{}.{suffix}", self.arch);
        match self.get(&key) {
            None => Ok(None),
            Some(MetaValue::Int(n)) => u64::try_from(*n)
                .map(Some)
                .map_err(|_| self.err(format!("{key} is {n}, not a non-negative integer"))),
            Some(MetaValue::Ints(v)) => {
                // Per-layer values (some models vary heads by layer): npmem takes them only
                // when they agree.
                let first = v.first().copied().unwrap_or(0);
                if v.iter().all(|&x| x == first) {
                    u64::try_from(first)
                        .map(Some)
                        .map_err(|_| self.err(format!("{key} holds {first}")))
                } else {
                    Err(self.err(format!(
                        "{key} varies by layer: npmem reads one value for all layers"
                    )))
                }
            }
            Some(other) => Err(self.err(format!("{key} is {other:?}, not an integer"))),
        }
    }
}

impl Source for Gguf<'_> {
    fn err(&self, problem: String) -> ArchError {
        ArchError {
            source_name: self.source.clone(),
            problem,
        }
    }

    fn uint(&self, key: Key) -> Result<Option<u64>, ArchError> {
        self.uint_at(Self::suffix(key))
    }

    fn name(&self, key: Key) -> String {
        format!("{}.{}", self.arch, Self::suffix(key))
    }

    fn kv_heads_note(&self, heads: u64) -> String {
        format!(
            "no {}: llama.cpp's default, the head count ({heads})",
            self.name(Key::KvHeads)
        )
    }

    fn kv_heads_error(&self, kv_heads: u64, heads: u64) -> String {
        format!("head_count_kv {kv_heads} does not divide head_count {heads}")
    }

    fn head_dim_said(&self) -> Result<bool, ArchError> {
        Ok(true)
    }

    fn head_dim_note(&self, dim: u64) -> String {
        format!(
            "no {}: llama.cpp's default, embedding_length / head_count = {dim}",
            self.name(Key::HeadDim)
        )
    }

    fn head_dim_error(&self, hidden: u64, heads: u64) -> String {
        format!(
            "no {}, and embedding_length {hidden} is not a multiple of head_count {heads}",
            self.name(Key::HeadDim)
        )
    }

    fn dtype_and_type(&self) -> Result<(Option<String>, Option<String>), ArchError> {
        Ok((None, Some(self.arch.clone())))
    }

    fn mla_error(&self, _rank: u64) -> String {
        format!(
            "{} but no {}",
            self.name(Key::KvLoraRank),
            self.name(Key::RopeDim)
        )
    }

    fn sliding_window(
        &self,
        layers: u64,
        _model_type: Option<&str>,
    ) -> Result<Option<SlidingWindow>, ArchError> {
        let Some(window) = self
            .uint_at("attention.sliding_window")?
            .filter(|&w| w != 0)
        else {
            return Ok(None);
        };
        let (count, rule) = match self.arch.as_str() {
            "gemma2" => (
                layers.div_ceil(2),
                "gemma2: every other layer slides, as llama.cpp sets it".to_string(),
            ),
            "gemma3" => (
                layers - layers / 6,
                "gemma3: five layers of six slide, as llama.cpp sets it".to_string(),
            ),
            _ => (
                layers,
                "sliding_window with no pattern: every layer slides".to_string(),
            ),
        };
        Ok(Some(SlidingWindow {
            window,
            layers: count,
            rule,
        }))
    }

    fn tie_word_embeddings(&self, notes: &mut Vec<String>) -> bool {
        if !self.has_output {
            notes.push(
                "no output.weight: llama.cpp uses token_embd for the output (tied embeddings)"
                    .to_string(),
            );
        }
        !self.has_output
    }

    fn vocab_size(&self) -> Result<Option<u64>, ArchError> {
        Ok(
            match (
                self.uint_at("vocab_size")?,
                self.get("tokenizer.ggml.tokens"),
            ) {
                (Some(v), _) => Some(v),
                (None, Some(MetaValue::Array { len })) => Some(*len),
                (None, Some(MetaValue::Ints(v))) => Some(v.len() as u64),
                _ => None,
            },
        )
    }
}

/// The architecture a GGUF file's metadata describes (llama.cpp's keys under
/// `general.architecture`), and whether the file has its own output tensor.
pub fn from_gguf(
    meta: &[(String, MetaValue)],
    has_output: bool,
) -> Result<Architecture, ArchError> {
    let arch = match meta.iter().find(|(k, _)| k == "general.architecture") {
        Some((_, MetaValue::Str(s))) => s.clone(),
        _ => {
            return Err(ArchError {
                source_name: "GGUF metadata".to_string(),
                problem: "no general.architecture".to_string(),
            });
        }
    };
    let source = format!("GGUF metadata ({arch})");
    let gguf = Gguf {
        meta,
        arch,
        source: source.clone(),
        has_output,
    };
    build(&gguf, source, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Architecture, ArchError> {
        from_config(Path::new("config.json"), json)
    }

    #[test]
    fn gqa_keys_and_defaults() {
        let a = parse(
            r#"{"model_type":"llama","num_hidden_layers":2,"hidden_size":64,"num_attention_heads":8,
                "num_key_value_heads":2,"tie_word_embeddings":false,"torch_dtype":"bfloat16"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((a.heads.kv_heads, a.heads.head_dim), (2, 8));
        assert!(a.notes.iter().any(|n| n.contains("head_dim")));
        assert_eq!(a.dtype.as_deref(), Some("bfloat16"));
    }

    #[test]
    fn missing_and_contradictory_keys_are_errors() {
        let e = parse(r#"{"hidden_size":64,"num_attention_heads":8}"#).err();
        assert!(e.is_some_and(|e| e.problem.contains("num_hidden_layers")));
        let e = parse(
            r#"{"num_hidden_layers":2,"n_layer":3,"hidden_size":64,"num_attention_heads":8}"#,
        )
        .err();
        assert!(e.is_some_and(|e| e.problem.contains("n_layer is 3")));
        let e = parse(
            r#"{"num_hidden_layers":2,"hidden_size":64,"num_attention_heads":8,"num_key_value_heads":3}"#,
        )
        .err();
        assert!(e.is_some_and(|e| e.problem.contains("does not divide")));
        let e = parse(
            r#"{"num_hidden_layers":2,"hidden_size":64,"num_attention_heads":8,"sliding_window":4,
                "layer_types":["sliding_attention"]}"#,
        )
        .err();
        assert!(e.is_some_and(|e| e.problem.contains("layer_types lists 1")));
    }

    #[test]
    fn sliding_layers_follow_transformers() {
        let base =
            r#""num_hidden_layers":7,"hidden_size":64,"num_attention_heads":8,"sliding_window":16"#;
        let count = |extra: &str| {
            parse(&format!("{{{base}{extra}}}"))
                .unwrap_or_else(|e| panic!("{e}"))
                .sliding_window
                .map(|w| w.layers)
        };
        assert_eq!(count(""), Some(7));
        assert_eq!(count(r#","model_type":"gemma2""#), Some(4));
        assert_eq!(count(r#","sliding_window_pattern":6"#), Some(6));
        assert_eq!(count(r#","use_sliding_window":false"#), None);
        assert_eq!(count(r#","max_window_layers":5"#), Some(2));
    }

    #[test]
    fn gguf_keys_and_llama_cpp_defaults() {
        let meta = |extra: Vec<(&str, MetaValue)>| {
            let mut m: Vec<(String, MetaValue)> = vec![
                (
                    "general.architecture".into(),
                    MetaValue::Str("gemma2".into()),
                ),
                ("gemma2.block_count".into(), MetaValue::Int(5)),
                ("gemma2.embedding_length".into(), MetaValue::Int(64)),
                ("gemma2.attention.head_count".into(), MetaValue::Int(8)),
                (
                    "tokenizer.ggml.tokens".into(),
                    MetaValue::Array { len: 300 },
                ),
            ];
            m.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
            m
        };
        let a = from_gguf(&meta(vec![]), false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (a.heads.kv_heads, a.heads.head_dim, a.vocab_size),
            (8, 8, Some(300))
        );
        assert!(a.tie_word_embeddings);
        let a = from_gguf(
            &meta(vec![
                ("gemma2.attention.sliding_window", MetaValue::Int(16)),
                (
                    "gemma2.attention.head_count_kv",
                    MetaValue::Ints(vec![2; 5]),
                ),
                ("gemma2.attention.kv_lora_rank", MetaValue::Int(32)),
                ("gemma2.rope.dimension_count", MetaValue::Int(8)),
            ]),
            true,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.sliding_window.map(|w| w.layers), Some(3));
        assert_eq!(a.heads.kv_heads, 2);
        assert_eq!(a.mla.map(|m| m.kv_lora_rank + m.qk_rope_head_dim), Some(40));
        let e = from_gguf(
            &meta(vec![(
                "gemma2.attention.head_count_kv",
                MetaValue::Ints(vec![2, 4]),
            )]),
            true,
        )
        .err();
        assert!(e.is_some_and(|e| e.problem.contains("varies by layer")));
        let e = from_gguf(
            &meta(vec![("gemma2.block_count", MetaValue::Int(-1))])[1..],
            true,
        )
        .err();
        assert!(e.is_some_and(|e| e.problem.contains("general.architecture")));
    }

    #[test]
    fn text_config_is_read_when_the_top_has_no_layers() {
        let a = parse(
            r#"{"model_type":"llava","torch_dtype":"float16","text_config":{"model_type":"llama",
                "num_hidden_layers":3,"hidden_size":32,"num_attention_heads":4}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.layers, 3);
        assert_eq!(a.dtype.as_deref(), Some("float16"));
        assert_eq!(a.model_type.as_deref(), Some("llama"));
    }
}
