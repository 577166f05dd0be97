//! The KV cache: each layer keeps, for every token of the context and every sequence of the
//! batch, a key and a value per key/value head (grouped-query and multi-query attention share
//! them through `num_key_value_heads`); a sliding-window layer keeps at most its window; a
//! multi-head latent attention layer (DeepSeek) keeps the compressed latent (`kv_lora_rank`)
//! and the rotary part of the key (`qk_rope_head_dim`) instead, as vLLM, SGLang and llama.cpp
//! cache it.

use num_bigint::BigInt;

use super::arch::Architecture;
use super::quant::Storage;

/// The cache at one context and batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KvCache {
    /// Bytes one more token adds while the context is within every window (batch 1).
    pub per_token_bytes: BigInt,
    pub bytes: BigInt,
    /// The sum written out, with the numbers used.
    pub formula: String,
}

/// Values one token adds to one layer's cache.
fn per_layer(a: &Architecture) -> BigInt {
    match &a.mla {
        Some(m) => BigInt::from(m.kv_lora_rank) + m.qk_rope_head_dim,
        None => {
            let h = &a.heads;
            BigInt::from(h.kv_heads) * (BigInt::from(h.head_dim) + h.value_head_dim)
        }
    }
}

/// Token slots over all layers at `context`: full layers keep every token, sliding ones at
/// most their window.
fn slots(a: &Architecture, context: u64) -> BigInt {
    match &a.sliding_window {
        Some(w) => {
            let full = a.layers.saturating_sub(w.layers);
            BigInt::from(full) * context + BigInt::from(w.layers) * context.min(w.window)
        }
        None => BigInt::from(a.layers) * context,
    }
}

pub fn cache(a: &Architecture, context: u64, batch: u64, elem: &Storage) -> KvCache {
    let per_layer = per_layer(a);
    let values = slots(a, context) * &per_layer * batch;
    let per_token_bytes = elem.bytes(&(BigInt::from(a.layers) * per_layer));
    let h = &a.heads;
    let kv = match &a.mla {
        Some(m) => format!(
            "(kv_lora_rank {} + qk_rope_head_dim {})",
            m.kv_lora_rank, m.qk_rope_head_dim
        ),
        None if h.head_dim == h.value_head_dim => {
            format!("2 × {} KV heads × {} head dim", h.kv_heads, h.head_dim)
        }
        None => format!(
            "{} KV heads × ({} key + {} value dims)",
            h.kv_heads, h.head_dim, h.value_head_dim
        ),
    };
    let tokens = match &a.sliding_window {
        Some(w) if w.layers < a.layers => format!(
            "({} full layers × {context} + {} sliding layers × min({context}, {}))",
            a.layers - w.layers,
            w.layers,
            w.window
        ),
        Some(w) => format!("{} sliding layers × min({context}, {})", w.layers, w.window),
        None => format!("{} layers × {context} tokens", a.layers),
    };
    KvCache {
        per_token_bytes,
        bytes: elem.bytes(&values),
        formula: format!(
            "{kv} × {tokens} × batch {batch} × {} ({})",
            bits_text(elem),
            elem.name()
        ),
    }
}

/// `2 bytes` or `4.5 bits` per value, for formulas.
fn bits_text(s: &Storage) -> String {
    match s.bits_per_value_milli() {
        Some(m) if m % 8000 == 0 => format!("{} bytes", m / 8000),
        Some(m) if m % 1000 == 0 => format!("{} bits", m / 1000),
        Some(m) => format!("{}.{:03} bits", m / 1000, m % 1000)
            .trim_end_matches('0')
            .to_string(),
        None => "its bytes".to_string(),
    }
}

/// The longest context whose memory fits: `fits(kv bytes at that context)` is monotonic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solved {
    /// This many tokens.
    Tokens(u64),
    /// Every layer slides: the cache stops growing at the window, and any context fits.
    Any,
    /// Not even an empty context fits (the weights alone do not).
    None,
}

pub fn max_context(
    a: &Architecture,
    batch: u64,
    elem: &Storage,
    fits: impl Fn(&BigInt) -> bool,
) -> Solved {
    let at = |c: u64| fits(&cache(a, c, batch, elem).bytes);
    if !at(0) {
        return Solved::None;
    }
    let top = u64::MAX >> 1;
    if at(top) {
        return Solved::Any;
    }
    // at(lo) holds, at(hi) does not.
    let (mut lo, mut hi) = (0u64, top);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if at(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Solved::Tokens(lo)
}

#[cfg(test)]
mod tests {
    use super::super::arch::{Heads, Mla, SlidingWindow};
    use super::*;

    fn llama() -> Architecture {
        Architecture {
            source: "test".into(),
            model_type: None,
            layers: 32,
            hidden_size: 4096,
            heads: Heads {
                attention_heads: 32,
                kv_heads: 8,
                head_dim: 128,
                value_head_dim: 128,
            },
            intermediate_size: None,
            vocab_size: None,
            max_context: None,
            dtype: None,
            sliding_window: None,
            tie_word_embeddings: false,
            mla: None,
            experts: None,
            notes: vec![],
        }
    }

    fn f16() -> Storage {
        Storage::Dtype {
            name: "float16".into(),
            bits: 16,
            float: true,
        }
    }

    #[test]
    fn llama3_8b_at_8k() {
        // 2 × 32 × 8 × 128 × 2 bytes = 128 KiB a token.
        let c = cache(&llama(), 8192, 1, &f16());
        assert_eq!(c.per_token_bytes, BigInt::from(131_072));
        assert_eq!(c.bytes, BigInt::from(131_072u64 * 8192));
    }

    #[test]
    fn windows_cap_and_mla_caches_the_latent() {
        let mut a = llama();
        a.sliding_window = Some(SlidingWindow {
            window: 4096,
            layers: 16,
            rule: String::new(),
        });
        let c = cache(&a, 10_000, 2, &f16());
        let per = 2 * 8 * 128 * 2;
        assert_eq!(c.bytes, BigInt::from(per * 2 * (16 * 10_000 + 16 * 4096)));
        a.sliding_window = None;
        a.mla = Some(Mla {
            kv_lora_rank: 512,
            qk_rope_head_dim: 64,
        });
        assert_eq!(
            cache(&a, 1, 1, &f16()).per_token_bytes,
            BigInt::from(576 * 32 * 2)
        );
    }

    #[test]
    fn the_longest_context_that_fits() {
        let a = llama();
        let budget = BigInt::from(131_072u64 * 1000 + 5);
        assert_eq!(
            max_context(&a, 1, &f16(), |b| *b <= budget),
            Solved::Tokens(1000)
        );
        assert_eq!(max_context(&a, 1, &f16(), |_| false), Solved::None);
    }
}
