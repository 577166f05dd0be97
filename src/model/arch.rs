//! A model's architecture — what its KV cache and activations follow from — read from the
//! `config.json` transformers writes beside the weights, or from a GGUF file's metadata. A key
//! that is missing and has no documented default, or that contradicts another, is an error;
//! a documented default (transformers' or llama.cpp's) is applied and said in the notes.

use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::files::MetaValue;

/// Where the cached keys and values of one layer type lie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Architecture {
    /// Where it was read: the `config.json` path, or `GGUF metadata (llama)`.
    pub source: String,
    /// transformers' `model_type` or GGUF's `general.architecture`.
    pub model_type: Option<String>,
    pub layers: u64,
    pub hidden_size: u64,
    pub attention_heads: u64,
    pub kv_heads: u64,
    /// Per head: the key's dimension and the value's.
    pub head_dim: u64,
    pub value_head_dim: u64,
    pub intermediate_size: Option<u64>,
    pub vocab_size: Option<u64>,
    /// The longest context the model was built for.
    pub max_context: Option<u64>,
    /// The dtype the weights were saved in (`torch_dtype`/`dtype`).
    pub dtype: Option<String>,
    pub sliding_window: Option<SlidingWindow>,
    pub tie_word_embeddings: bool,
    /// Multi-head latent attention (DeepSeek V2/V3): what each layer caches per token.
    pub mla: Option<Mla>,
    pub experts: Option<Experts>,
    /// Defaults applied and rules followed, for people.
    #[serde(skip)]
    pub notes: Vec<String>,
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

    fn required(&self, names: &[&str]) -> Result<u64, ArchError> {
        self.uint(names)?.ok_or_else(|| {
            self.err(format!(
                "no {}{} (npmem needs it for the KV cache and activations)",
                self.prefix, names[0]
            ))
        })
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
    let layers = keys.required(&LAYERS)?;
    let hidden_size = keys.required(&["hidden_size", "n_embd", "d_model"])?;
    let attention_heads = keys.required(&["num_attention_heads", "n_head", "num_heads"])?;
    if attention_heads == 0 {
        return Err(keys.err(format!("{}num_attention_heads is 0", keys.prefix)));
    }
    let kv_heads = match keys.uint(&["num_key_value_heads", "num_kv_heads"])? {
        Some(n) => n,
        None => {
            notes.push(format!(
                "no num_key_value_heads: transformers' default, num_attention_heads ({attention_heads}): every head has its own keys and values"
            ));
            attention_heads
        }
    };
    if kv_heads == 0 || kv_heads > attention_heads || attention_heads % kv_heads != 0 {
        return Err(keys.err(format!(
            "num_key_value_heads {kv_heads} does not divide num_attention_heads {attention_heads}"
        )));
    }
    let latent = keys.uint(&["kv_lora_rank"])?.is_some();
    let head_dim = match keys.uint(&["head_dim"])? {
        Some(d) => d,
        None if hidden_size % attention_heads == 0 => {
            if !latent {
                notes.push(format!(
                    "no head_dim: transformers' default, hidden_size / num_attention_heads = {}",
                    hidden_size / attention_heads
                ));
            }
            hidden_size / attention_heads
        }
        None => {
            return Err(keys.err(format!(
                "no head_dim, and hidden_size {hidden_size} is not a multiple of num_attention_heads {attention_heads}"
            )));
        }
    };
    let dtype = match (keys.string("torch_dtype"), keys.string("dtype")) {
        (Some(a), Some(b)) if a != b => {
            return Err(keys.err(format!("torch_dtype is {a} but dtype is {b}")));
        }
        (a, b) => a
            .or(b)
            .or_else(|| top.string("torch_dtype").or(top.string("dtype"))),
    };
    let model_type = keys.string("model_type").or(top.string("model_type"));
    let mla = match keys.uint(&["kv_lora_rank"])? {
        Some(rank) => Some(Mla {
            kv_lora_rank: rank,
            qk_rope_head_dim: keys.uint(&["qk_rope_head_dim"])?.ok_or_else(|| {
                keys.err(format!(
                    "kv_lora_rank {rank} (multi-head latent attention) but no qk_rope_head_dim"
                ))
            })?,
        }),
        None => None,
    };
    let value_head_dim = keys.uint(&["v_head_dim"])?.unwrap_or(head_dim);
    let experts = match keys.uint(&["num_local_experts", "num_experts", "n_routed_experts"])? {
        Some(0) | None => None,
        Some(count) => Some(Experts {
            count,
            per_token: keys.uint(&["num_experts_per_tok", "moe_top_k"])?,
        }),
    };
    let sliding_window = config_window(&keys, layers, model_type.as_deref())?;
    let tie = keys
        .bool("tie_word_embeddings")
        .or(top.bool("tie_word_embeddings"));
    let tie_word_embeddings = match tie {
        Some(t) => t,
        None => {
            notes.push(
                "no tie_word_embeddings: transformers' default, true (the head shares the embedding)"
                    .to_string(),
            );
            true
        }
    };
    Ok(Architecture {
        source: source.clone(),
        model_type,
        layers,
        hidden_size,
        attention_heads,
        kv_heads,
        head_dim,
        value_head_dim,
        intermediate_size: keys.uint(&["intermediate_size", "n_inner", "ffn_dim"])?,
        vocab_size: keys.uint(&["vocab_size"])?,
        max_context: keys.uint(&[
            "max_position_embeddings",
            "n_positions",
            "max_sequence_length",
            "seq_length",
        ])?,
        dtype,
        sliding_window,
        tie_word_embeddings,
        mla,
        experts,
        notes,
    })
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

/// The architecture a GGUF file's metadata describes (llama.cpp's keys under
/// `general.architecture`), and whether the file has its own output tensor.
pub fn from_gguf(
    meta: &[(String, MetaValue)],
    has_output: bool,
) -> Result<Architecture, ArchError> {
    let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let arch = match get("general.architecture") {
        Some(MetaValue::Str(s)) => s.clone(),
        _ => {
            return Err(ArchError {
                source_name: "GGUF metadata".to_string(),
                problem: "no general.architecture".to_string(),
            });
        }
    };
    let source = format!("GGUF metadata ({arch})");
    let err = |problem: String| ArchError {
        source_name: source.clone(),
        problem,
    };
    let uint = |suffix: &str| -> Result<Option<u64>, ArchError> {
        let key = format!("{arch}.{suffix}");
        match get(&key) {
            None => Ok(None),
            Some(MetaValue::Int(n)) => u64::try_from(*n)
                .map(Some)
                .map_err(|_| err(format!("{key} is {n}, not a non-negative integer"))),
            Some(MetaValue::Ints(v)) => {
                // Per-layer values (some models vary heads by layer): npmem takes them only
                // when they agree.
                let first = v.first().copied().unwrap_or(0);
                if v.iter().all(|&x| x == first) {
                    u64::try_from(first)
                        .map(Some)
                        .map_err(|_| err(format!("{key} holds {first}")))
                } else {
                    Err(err(format!(
                        "{key} varies by layer: npmem reads one value for all layers"
                    )))
                }
            }
            Some(other) => Err(err(format!("{key} is {other:?}, not an integer"))),
        }
    };
    let required = |suffix: &str| -> Result<u64, ArchError> {
        uint(suffix)?.ok_or_else(|| {
            err(format!(
                "no {arch}.{suffix} (npmem needs it for the KV cache and activations)"
            ))
        })
    };
    let mut notes = Vec::new();
    let layers = required("block_count")?;
    let hidden_size = required("embedding_length")?;
    let attention_heads = required("attention.head_count")?;
    if attention_heads == 0 {
        return Err(err(format!("{arch}.attention.head_count is 0")));
    }
    let kv_heads = match uint("attention.head_count_kv")? {
        Some(n) => n,
        None => {
            notes.push(format!(
                "no {arch}.attention.head_count_kv: llama.cpp's default, the head count ({attention_heads})"
            ));
            attention_heads
        }
    };
    if kv_heads == 0 || kv_heads > attention_heads || attention_heads % kv_heads != 0 {
        return Err(err(format!(
            "head_count_kv {kv_heads} does not divide head_count {attention_heads}"
        )));
    }
    let default_dim = || {
        if hidden_size % attention_heads == 0 {
            Ok(hidden_size / attention_heads)
        } else {
            Err(err(format!(
                "no {arch}.attention.key_length, and embedding_length {hidden_size} is not a multiple of head_count {attention_heads}"
            )))
        }
    };
    let head_dim = match uint("attention.key_length")? {
        Some(d) => d,
        None => {
            let d = default_dim()?;
            notes.push(format!(
                "no {arch}.attention.key_length: llama.cpp's default, embedding_length / head_count = {d}"
            ));
            d
        }
    };
    let value_head_dim = uint("attention.value_length")?.unwrap_or(head_dim);
    let mla = match uint("attention.kv_lora_rank")? {
        Some(rank) => Some(Mla {
            kv_lora_rank: rank,
            qk_rope_head_dim: uint("rope.dimension_count")?.ok_or_else(|| {
                err(format!(
                    "{arch}.attention.kv_lora_rank but no {arch}.rope.dimension_count"
                ))
            })?,
        }),
        None => None,
    };
    let sliding_window = match uint("attention.sliding_window")? {
        None | Some(0) => None,
        Some(window) => {
            let (count, rule) = match arch.as_str() {
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
            Some(SlidingWindow {
                window,
                layers: count,
                rule,
            })
        }
    };
    let experts = match uint("expert_count")? {
        None | Some(0) => None,
        Some(count) => Some(Experts {
            count,
            per_token: uint("expert_used_count")?,
        }),
    };
    let vocab_size = match (uint("vocab_size")?, get("tokenizer.ggml.tokens")) {
        (Some(v), _) => Some(v),
        (None, Some(MetaValue::Array { len })) => Some(*len),
        (None, Some(MetaValue::Ints(v))) => Some(v.len() as u64),
        _ => None,
    };
    if !has_output {
        notes.push(
            "no output.weight: llama.cpp uses token_embd for the output (tied embeddings)"
                .to_string(),
        );
    }
    Ok(Architecture {
        source: source.clone(),
        model_type: Some(arch.clone()),
        layers,
        hidden_size,
        attention_heads,
        kv_heads,
        head_dim,
        value_head_dim,
        intermediate_size: uint("feed_forward_length")?,
        vocab_size,
        max_context: uint("context_length")?,
        dtype: None,
        sliding_window,
        tie_word_embeddings: !has_output,
        mla,
        experts,
        notes,
    })
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
        assert_eq!((a.kv_heads, a.head_dim), (2, 8));
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
        assert_eq!((a.kv_heads, a.head_dim, a.vocab_size), (8, 8, Some(300)));
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
        assert_eq!(a.kv_heads, 2);
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
