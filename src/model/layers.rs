//! A checkpoint's tensors in the parts of a transformer — embeddings, blocks, head, the rest —
//! and in layers as accelerate counts them for its "largest layer" (`calculate_maximum_sizes`:
//! a module in `_no_split_modules` — a transformer block — is one layer, any other module its
//! leaves). From names alone: a block is the prefix up to the first numeric part of a name
//! (`model.layers.3`, `blk.3`), any other tensor belongs to its module (its name less the last
//! part: `model.embed_tokens`, `lm_head`).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Embeddings,
    Blocks,
    Head,
    Other,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Embeddings, Part::Blocks, Part::Head, Part::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Embeddings => "embeddings",
            Part::Blocks => "blocks",
            Part::Head => "head",
            Part::Other => "other",
        }
    }
}

/// Where one tensor belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub part: Part,
    /// The layer (accelerate's unit): `model.layers.3`, `model.embed_tokens`, `lm_head`.
    pub layer: String,
    /// For a block: the stack it is in (`model.layers`) and its index.
    pub block: Option<(String, u64)>,
}

/// Where a tensor of this name belongs.
pub fn place(name: &str) -> Place {
    let parts: Vec<&str> = name.split('.').collect();
    if let Some(i) = parts
        .iter()
        .position(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .filter(|&i| i > 0)
    {
        let index = parts[i].parse::<u64>().unwrap_or(u64::MAX);
        return Place {
            part: Part::Blocks,
            layer: parts[..=i].join("."),
            block: Some((parts[..i].join("."), index)),
        };
    }
    let module = match parts.split_last() {
        Some((_, rest)) if !rest.is_empty() => rest.join("."),
        _ => name.to_string(),
    };
    let leaf = module.rsplit('.').next().unwrap_or(&module);
    let part = if is_head(name, leaf) {
        Part::Head
    } else if leaf.contains("embed") || matches!(leaf, "wte" | "wpe" | "token_embd") {
        Part::Embeddings
    } else {
        Part::Other
    };
    Place {
        part,
        layer: module,
        block: None,
    }
}

fn is_head(name: &str, leaf: &str) -> bool {
    matches!(leaf, "lm_head" | "embed_out") || name == "output.weight" || name == "output.bias"
}

/// The embedding a tied head shares: the first embeddings tensor whose module is a token
/// embedding (not positions).
pub fn is_token_embedding(name: &str) -> bool {
    let p = place(name);
    p.part == Part::Embeddings
        && !p.layer.contains("position")
        && !p.layer.ends_with("wpe")
        && name.ends_with("weight")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_transformers_and_gguf() {
        let p = place("model.layers.12.mlp.experts.3.w1.weight");
        assert_eq!(p.part, Part::Blocks);
        assert_eq!(p.layer, "model.layers.12");
        assert_eq!(p.block, Some(("model.layers".to_string(), 12)));
        assert_eq!(place("blk.0.attn_q.weight").layer, "blk.0");
        assert_eq!(place("model.embed_tokens.weight").part, Part::Embeddings);
        assert_eq!(place("token_embd.weight").part, Part::Embeddings);
        assert_eq!(place("lm_head.weight").part, Part::Head);
        assert_eq!(place("output.weight").part, Part::Head);
        assert_eq!(place("model.norm.weight").part, Part::Other);
        assert_eq!(place("model.norm.weight").layer, "model.norm");
        assert_eq!(place("output_norm.weight").part, Part::Other);
        assert!(is_token_embedding("transformer.wte.weight"));
        assert!(!is_token_embedding("transformer.wpe.weight"));
    }
}
