//! How a model estimate reads: per checkpoint its architecture, weights, largest layer, KV
//! cache, inference and training memory with their formulas, the dtype comparison table, and
//! the fit (table); or `key=value` lines (plain). JSON is the report itself.

use std::fmt::Write as _;

use num_bigint::BigInt;

use npmem::memory::Status;
use npmem::model::arch::Architecture;
use npmem::units::{grouped, human_bytes};

use super::report::{CheckpointReport, ModelReport};
use crate::output::{Output, fitted_table, paint};

fn arch_line(a: &Architecture) -> String {
    let mut parts = vec![
        format!("{} layers", a.layers),
        format!("hidden {}", a.hidden_size),
        format!("{} heads", a.heads.attention_heads),
    ];
    match &a.mla {
        Some(m) => parts.push(format!(
            "latent attention (kv_lora_rank {} + rope {})",
            m.kv_lora_rank, m.qk_rope_head_dim
        )),
        None => parts.push(format!(
            "{} KV heads × head dim {}",
            a.heads.kv_heads, a.heads.head_dim
        )),
    }
    if let Some(w) = &a.sliding_window {
        parts.push(format!(
            "{} of {} layers slide over {} tokens",
            w.layers, a.layers, w.window
        ));
    }
    if let Some(e) = &a.experts {
        parts.push(match e.per_token {
            Some(k) => format!("{} experts, {k} a token", e.count),
            None => format!("{} experts", e.count),
        });
    }
    if let Some(v) = a.vocab_size {
        parts.push(format!("vocab {v}"));
    }
    if let Some(c) = a.max_context {
        parts.push(format!("context {c}"));
    }
    format!(
        "{}: {} (from {})",
        a.model_type.as_deref().unwrap_or("?"),
        parts.join(", "),
        a.source
    )
}

fn checkpoint_table(s: &mut String, c: &CheckpointReport, r: &ModelReport, output: &Output) {
    let h = |n: &BigInt| human_bytes(n, output.units);
    let m = &c.model;
    let mut rows: Vec<(&str, String)> = vec![
        (
            "checkpoint",
            format!("{} ({}, {} tensors)", c.path, c.format, c.tensors),
        ),
        ("model", arch_line(&c.architecture)),
        ("parameters", grouped(&m.parameters.0)),
        (
            "weights",
            format!(
                "{} in {}: embeddings {}, blocks {}, head {}, other {}",
                h(&c.weights_bytes.0),
                c.weights_type,
                h(&c.parts.embeddings_bytes.0),
                h(&c.parts.blocks_bytes.0),
                h(&c.parts.head_bytes.0),
                h(&c.parts.other_bytes.0)
            ),
        ),
        (
            "largest layer",
            format!(
                "{} ({}): the least to load with offloading",
                h(&m.largest_layer_bytes.0),
                c.largest_layer
            ),
        ),
        (
            "KV cache",
            format!(
                "{} a token; {} at {} tokens ({}) × batch {} in {}",
                h(&m.kv_cache_bytes_per_token.0),
                h(&m.kv_cache_bytes.0),
                grouped(&c.context),
                c.context_source,
                c.batch,
                c.kv_dtype
            ),
        ),
        ("", format!("= {}", m.formulas.kv_cache)),
        (
            "inference",
            format!("{} = {}", h(&m.inference_bytes.0), m.formulas.inference),
        ),
    ];
    if let (Some(t), Some(tr), Some(f)) = (&m.training, &c.training, &m.formulas.training) {
        let what = match tr.lora_rank {
            Some(rank) => format!(
                "LoRA rank {rank}, {} trainable parameters",
                grouped(&tr.trainable_parameters.0)
            ),
            None => "all parameters".to_string(),
        };
        rows.push((
            "training",
            format!(
                "{} with {} in {}, {what}, batch {} × {} tokens{}",
                h(&t.total.0),
                tr.optimizer,
                tr.precision,
                c.batch,
                tr.seq,
                if tr.checkpointing {
                    ", activation checkpointing"
                } else {
                    ""
                }
            ),
        ));
        let (b, p) = (&t.parts, &f.parts);
        for (key, bytes, formula) in [
            ("  weights", &b.weights, &p.weights),
            ("  gradients", &b.gradients, &p.gradients),
            ("  optimizer", &b.optimizer, &p.optimizer),
            ("  activations", &b.activations, &p.activations),
        ] {
            rows.push((key, format!("{} = {formula}", h(&bytes.0))));
        }
        rows.push((
            "  per device",
            format!("{} ({})", h(&c.required_bytes.0), f.per_device),
        ));
        rows.push((
            "  accelerate",
            format!(
                "{} (\"Training using Adam\": its largest stage, not the sum; batch 1, no activations)",
                h(&tr.accelerate_adam_bytes.0)
            ),
        ));
    }
    for (key, value) in rows {
        let _ = writeln!(s, "{key:<13} {value}");
    }
    if !c.dtypes.is_empty() {
        let rows: Vec<Vec<String>> = c
            .dtypes
            .iter()
            .map(|d| {
                vec![
                    d.dtype.clone(),
                    output.size(&d.largest_layer_bytes.0),
                    output.size(&d.weights_bytes.0),
                    output.size(&d.kv_cache_bytes.0),
                    output.size(&d.total_bytes.0),
                    d.accelerate_training_adam_bytes
                        .as_ref()
                        .map_or_else(|| "N/A".to_string(), |b| output.size(&b.0)),
                ]
            })
            .collect();
        let table = fitted_table(
            &[
                "dtype",
                "largest layer",
                "weights",
                "KV cache",
                "total",
                "accelerate: training (Adam)",
            ],
            &rows,
            &[1, 2, 3, 4, 5],
            &[5, 1],
            output,
        );
        let _ = writeln!(s, "\n{table}");
    }
    for note in &c.notes {
        let _ = writeln!(s, "note: {note}");
    }
    let budget_of = match &r.devices.memory {
        Some(d) => format!("of a {} device", h(&d.0)),
        None => "of usable memory".to_string(),
    };
    let headroom = if c.headroom_bytes.0 < BigInt::from(0) {
        format!("short by {}", h(&(-c.headroom_bytes.0.clone())))
    } else {
        h(&c.headroom_bytes.0)
    };
    let why = match c.status {
        Status::Ok => "fits, with room for another layer",
        Status::Tight => "fits, but with less room left than the largest layer",
        Status::Over => "does not fit (exit code 1)",
    };
    let _ = writeln!(
        s,
        "\n{:<13} {} per device, budget {} {budget_of}, headroom {headroom}",
        "required",
        h(&c.required_bytes.0),
        h(&r.budget_bytes.0)
    );
    let _ = writeln!(
        s,
        "{:<13} {}: {why}",
        "status",
        paint(c.status.as_str(), c.status, output.color)
    );
}

pub fn table(r: &ModelReport, output: &Output) -> String {
    let mut s = String::new();
    for (i, c) in r.checkpoints.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        checkpoint_table(&mut s, c, r, output);
    }
    s
}

pub fn plain(r: &ModelReport, output: &Output) -> String {
    let mut s = String::new();
    for c in &r.checkpoints {
        let m = &c.model;
        let _ = writeln!(
            s,
            "checkpoint path={:?} format={} parameters={} weights_bytes={} largest_layer={:?} largest_layer_bytes={}",
            c.path,
            c.format,
            m.parameters.0,
            c.weights_bytes.0,
            c.largest_layer,
            m.largest_layer_bytes.0
        );
        let _ = writeln!(
            s,
            "kv_cache context={} batch={} kv_dtype={} kv_cache_bytes_per_token={} kv_cache_bytes={} inference_bytes={}",
            c.context,
            c.batch,
            c.kv_dtype,
            m.kv_cache_bytes_per_token.0,
            m.kv_cache_bytes.0,
            m.inference_bytes.0
        );
        if let Some(t) = &m.training {
            let _ = writeln!(
                s,
                "training weights={} gradients={} optimizer={} activations={} total={}",
                t.parts.weights.0,
                t.parts.gradients.0,
                t.parts.optimizer.0,
                t.parts.activations.0,
                t.total.0
            );
        }
        for d in &c.dtypes {
            let _ = writeln!(
                s,
                "dtype {} weights_bytes={} largest_layer_bytes={} kv_cache_bytes={} total_bytes={}",
                d.dtype,
                d.weights_bytes.0,
                d.largest_layer_bytes.0,
                d.kv_cache_bytes.0,
                d.total_bytes.0
            );
        }
        let _ = writeln!(
            s,
            "fit required_bytes={} budget_bytes={} headroom_bytes={} status={}",
            c.required_bytes.0,
            r.budget_bytes.0,
            c.headroom_bytes.0,
            paint(c.status.as_str(), c.status, output.color)
        );
    }
    s
}
