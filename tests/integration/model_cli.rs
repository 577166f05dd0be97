//! `npmem estimate CHECKPOINT --model` against tests/data/models.json (scripts/golden/models.py:
//! checkpoints written by safetensors' and gguf's own writers with real config.json key names,
//! and what each needs worked out in Python from the tensors and config written), the JSON
//! contract's model object parsed with `deny_unknown_fields`, and the refusals.

use serde::Deserialize;
use serde_json::Value;

use crate::support::{assert_no_mismatches, data_path, npmem, read_json};

/// The contract's model object: exactly these keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ModelObject {
    parameters: u64,
    largest_layer_bytes: u64,
    kv_cache_bytes_per_token: u64,
    kv_cache_bytes: u64,
    inference_bytes: u64,
    training: Option<TrainingBytes>,
    formulas: Formulas,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct TrainingBytes {
    weights: u64,
    gradients: u64,
    optimizer: u64,
    activations: u64,
    total: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Formulas {
    kv_cache: String,
    inference: String,
    training: Option<Value>,
}

fn checkpoint_path(name: &str) -> String {
    data_path(&format!("models/{name}")).display().to_string()
}

fn run_json(args: &[&str]) -> Value {
    let r = npmem(args);
    assert_eq!(r.code, 0, "npmem {args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn checkpoints_agree_with_the_generator() {
    let data = read_json("models.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut mismatches = Vec::new();
    for case in &cases {
        let path = checkpoint_path(case["checkpoint"].as_str().unwrap_or_default());
        let extra: Vec<String> = case["args"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut args = vec![
            "estimate",
            path.as_str(),
            "--model",
            "--ram",
            "64GB",
            "--json",
        ];
        args.extend(extra.iter().map(String::as_str));
        let out = run_json(&args);
        let c = &out["checkpoints"][0];
        let model: ModelObject = serde_json::from_value(c["model"].clone())
            .unwrap_or_else(|e| panic!("{args:?}: the model object: {e}"));
        let want = |k: &str| case[k].as_u64();
        let check = |what: &str, got: Option<u64>, expected: Option<u64>| {
            (got != expected).then(|| {
                format!(
                    "{} {extra:?}: {what} is {got:?}, the generator says {expected:?}",
                    case["checkpoint"]
                )
            })
        };
        mismatches.extend(check(
            "parameters",
            Some(model.parameters),
            want("parameters"),
        ));
        mismatches.extend(check(
            "weights_bytes",
            c["weights_bytes"].as_u64(),
            want("weights_bytes"),
        ));
        mismatches.extend(check(
            "largest_layer_bytes",
            Some(model.largest_layer_bytes),
            want("largest_layer_bytes"),
        ));
        mismatches.extend(check(
            "kv_cache_bytes_per_token",
            Some(model.kv_cache_bytes_per_token),
            want("kv_cache_bytes_per_token"),
        ));
        mismatches.extend(check(
            "kv_cache_bytes",
            Some(model.kv_cache_bytes),
            want("kv_cache_bytes"),
        ));
        mismatches.extend(check(
            "inference_bytes",
            Some(model.inference_bytes),
            want("inference_bytes"),
        ));
        if c["largest_layer"] != case["largest_layer"] {
            mismatches.push(format!(
                "{} {extra:?}: largest layer {}, the generator says {}",
                case["checkpoint"], c["largest_layer"], case["largest_layer"]
            ));
        }
        let expected: Option<TrainingBytes> = serde_json::from_value(case["training"].clone())
            .unwrap_or_else(|e| panic!("models.json training: {e}"));
        if model.training != expected {
            mismatches.push(format!(
                "{} {extra:?}: training {:?}, the generator says {expected:?}",
                case["checkpoint"], model.training
            ));
        }
        if let Some(a) = want("accelerate_adam_bytes") {
            mismatches.extend(check(
                "accelerate_adam_bytes",
                c["training"]["accelerate_adam_bytes"].as_u64(),
                Some(a),
            ));
        }
        if let Some(rows) = case["dtypes"].as_array() {
            for (i, row) in rows.iter().enumerate() {
                let got = &c["dtypes"][i];
                for key in [
                    "weights_bytes",
                    "largest_layer_bytes",
                    "kv_cache_bytes",
                    "total_bytes",
                ] {
                    mismatches.extend(check(
                        &format!("dtypes[{}].{key}", row["dtype"]),
                        got[key].as_u64(),
                        row[key].as_u64(),
                    ));
                }
            }
        }
    }
    assert_no_mismatches("model checkpoints", cases.len(), &mismatches);
}

#[test]
fn architectures_are_read_from_their_config_keys() {
    let arch = |name: &str| {
        run_json(&[
            "estimate",
            &checkpoint_path(name),
            "--model",
            "--context",
            "16",
            "--ram",
            "1GB",
            "--json",
        ])["checkpoints"][0]["architecture"]
            .clone()
    };
    let llama = arch("llama-gqa");
    assert_eq!(
        (llama["kv_heads"].as_u64(), llama["head_dim"].as_u64()),
        (Some(2), Some(8))
    );
    let gemma = arch("gemma2-sliding");
    assert_eq!(gemma["sliding_window"]["layers"].as_u64(), Some(2));
    assert_eq!(gemma["tie_word_embeddings"], Value::Bool(true));
    let deepseek = arch("deepseek-mla");
    assert_eq!(deepseek["mla"]["kv_lora_rank"].as_u64(), Some(32));
    assert_eq!(deepseek["experts"]["count"].as_u64(), Some(4));
    let mixtral = arch("mixtral-moe");
    assert_eq!(mixtral["experts"]["per_token"].as_u64(), Some(2));
    assert_eq!(mixtral["sliding_window"], Value::Null);
    let gguf = arch("llama-q8_0.gguf");
    assert_eq!(gguf["source"].as_str(), Some("GGUF metadata (llama)"));
    assert_eq!(gguf["max_context"].as_u64(), Some(1024));
}

#[test]
fn the_longest_context_that_fits_is_solved() {
    // llama-gqa: 230,016 bytes of weights, 128 bytes of cache a token (batch 1).
    let out = run_json(&[
        "estimate",
        &checkpoint_path("llama-gqa"),
        "--model",
        "--context",
        "?",
        "--ram",
        "300000B",
        "--json",
    ]);
    let c = &out["checkpoints"][0];
    assert_eq!(c["context"].as_u64(), Some((300_000 - 230_016) / 128));
    assert_eq!(c["context_source"].as_str(), Some("solved"));
    // Every layer of mistral-sliding slides over 32 tokens: any context fits.
    let out = run_json(&[
        "estimate",
        &checkpoint_path("mistral-sliding"),
        "--model",
        "--context",
        "?",
        "--ram",
        "1GB",
        "--json",
    ]);
    assert_eq!(out["checkpoints"][0]["context"].as_u64(), Some(32));
}

#[test]
fn device_memory_and_gpus_set_the_fit_and_exit_code() {
    let path = checkpoint_path("llama-gqa");
    // 246,400 bytes at 128 tokens: over on a 200 kB device, ok over two of them.
    let one = npmem(&[
        "estimate",
        &path,
        "--model",
        "--context",
        "128",
        "--device-memory",
        "200kB",
        "--json",
    ]);
    assert_eq!(one.code, 1, "{}", one.stderr);
    let v: Value = serde_json::from_str(&one.stdout).unwrap_or_default();
    assert_eq!(v["status"].as_str(), Some("over"));
    let two = npmem(&[
        "estimate",
        &path,
        "--model",
        "--context",
        "128",
        "--device-memory",
        "200kB",
        "--gpus",
        "2",
        "--json",
    ]);
    assert_eq!(two.code, 0, "{}", two.stderr);
    let v: Value = serde_json::from_str(&two.stdout).unwrap_or_default();
    assert_eq!(
        v["checkpoints"][0]["required_bytes"].as_u64(),
        Some(123_200)
    );
    let bytes = npmem(&[
        "estimate",
        &path,
        "--model",
        "--context",
        "128",
        "--ram",
        "1GB",
        "--bytes",
    ]);
    assert_eq!(bytes.stdout, "246400\n");
}

#[test]
fn zero_stages_shard_training_state() {
    let path = checkpoint_path("llama-gqa");
    let per_device = |zero: &str| {
        run_json(&[
            "estimate",
            &path,
            "--model",
            "--context",
            "64",
            "--ram",
            "1GB",
            "--train",
            "adamw",
            "--gpus",
            "4",
            "--zero",
            zero,
            "--json",
        ])["checkpoints"][0]
            .clone()
    };
    let z0 = per_device("0");
    let t = &z0["model"]["training"];
    let (w, g, o, a) = (
        t["weights"].as_u64().unwrap_or(0),
        t["gradients"].as_u64().unwrap_or(0),
        t["optimizer"].as_u64().unwrap_or(0),
        t["activations"].as_u64().unwrap_or(0),
    );
    assert_eq!(z0["required_bytes"].as_u64(), Some(w + g + o + a));
    assert_eq!(
        per_device("1")["required_bytes"].as_u64(),
        Some(w + g + o.div_ceil(4) + a)
    );
    assert_eq!(
        per_device("3")["required_bytes"].as_u64(),
        Some(w.div_ceil(4) + g.div_ceil(4) + o.div_ceil(4) + a)
    );
}

#[test]
fn quantised_weights_are_priced_by_their_blocks() {
    let path = checkpoint_path("llama-gqa");
    let out = run_json(&[
        "estimate",
        &path,
        "--model",
        "--context",
        "16",
        "--ram",
        "1GB",
        "--dtypes",
        "q8_0,nf4",
        "--as",
        "q4_k",
        "--json",
    ]);
    let c = &out["checkpoints"][0];
    // Rows of 64 are not whole Q4_K blocks (256): every tensor keeps bfloat16.
    assert_eq!(c["weights_bytes"].as_u64(), Some(230_016));
    // Q8_0: matrices (114,688 values, rows of 64 or 160) in 34 bytes a 32; the 320 norm
    // values stay bfloat16.
    assert_eq!(
        c["dtypes"][0]["weights_bytes"].as_u64(),
        Some(114_688 / 32 * 34 + 320 * 2)
    );
    // nf4: the blocks' matrices only (2 × 40,960 values), 36 bytes a 64; embeddings, head and
    // norms stay bfloat16 (2 × 16,384 + 320 values).
    assert_eq!(
        c["dtypes"][1]["weights_bytes"].as_u64(),
        Some(2 * 40_960 / 64 * 36 + (2 * 16_384 + 320) * 2)
    );
    let spec = npmem(&["estimate", "7e9:q4_k", "--ram", "64GB", "--bytes"]);
    assert_eq!(spec.stdout, "3937500000\n", "{}", spec.stderr);
}

#[test]
fn refusals_are_one_line_and_exit_2() {
    let path = checkpoint_path("llama-gqa");
    let dir = std::env::temp_dir().join(format!("npmem-model-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let lone = dir.join("model.safetensors");
    let _ = std::fs::copy(data_path("models/llama-gqa/model.safetensors"), &lone);
    let bad_config = dir.join("bad");
    let _ = std::fs::create_dir_all(&bad_config);
    let _ = std::fs::copy(
        data_path("models/llama-gqa/model.safetensors"),
        bad_config.join("model.safetensors"),
    );
    let _ = std::fs::write(
        bad_config.join("config.json"),
        r#"{"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 8, "num_key_value_heads": 4}"#,
    );
    let lone = lone.display().to_string();
    let bad_config = bad_config.display().to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["estimate", &lone, "--model", "--context", "8"],
            "config.json",
        ),
        (
            vec!["estimate", &bad_config, "--model", "--context", "8"],
            "k_proj.weight has 16 rows",
        ),
        (
            vec!["estimate", &path, "--model", "--as", "q4k"],
            "did you mean Q4_K",
        ),
        (
            vec!["estimate", &path, "--model", "--context", "12x3"],
            "--context",
        ),
        (
            vec![
                "estimate",
                &path,
                "--model",
                "--train",
                "adamw",
                "--lora-rank",
                "4",
                "--lora-targets",
                "qkv",
            ],
            "its blocks' matrices are down_proj,gate_proj,k_proj,o_proj,q_proj,up_proj,v_proj",
        ),
        (vec!["estimate", "1000:f4", "--model"], "not a checkpoint"),
        (
            vec!["estimate", &path, "--model", "--kv-dtype", "U10"],
            "not a numeric type",
        ),
        (
            vec!["estimate", &path, "--model", "--gpus", "0"],
            "--gpus 1",
        ),
        (vec!["estimate", &path, "--context", "8"], "--model"),
        (
            vec![
                "estimate",
                &path,
                "--model",
                "--train",
                "sgd",
                "--context",
                "?",
            ],
            "--seq",
        ),
    ];
    for (args, needle) in cases {
        let mut args = args;
        args.extend(["--ram", "1GB"]);
        let r = npmem(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("npmem: error: ") && r.stderr.contains(needle),
            "{args:?}: {} lacks {needle}",
            r.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// accelerate's and transformers' own figures (tests/data/accelerate.json, from
/// scripts/golden/accelerate_models.py running torch, transformers and accelerate on each
/// checkpoint's config.json): transformers' parameter count, accelerate's
/// `calculate_maximum_sizes` (total and largest layer, of the model as its checkpoint stores it)
/// and `estimate_training_usage` ("Training using Adam", full and mixed precision).
#[test]
fn checkpoints_agree_with_accelerate_and_transformers() {
    let data = read_json("accelerate.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 5, "{} cases", cases.len());
    let mut mismatches = Vec::new();
    let mut checked = 0;
    let mut check = |what: String, npmem: Option<f64>, want: Option<f64>| {
        checked += 1;
        if npmem.is_none() || npmem != want {
            mismatches.push(format!("{what}: npmem {npmem:?}, accelerate {want:?}"));
        }
    };
    let largest_stage = |stages: &Value| {
        stages
            .as_object()
            .and_then(|t| t.values().filter_map(Value::as_f64).reduce(f64::max))
    };
    for case in &cases {
        let name = case["checkpoint"].as_str().unwrap_or_default();
        let path = checkpoint_path(name);
        for (precision, stages) in [
            ("fp32", &case["training_fp32"]),
            ("mixed-bf16", &case["training_mixed"]),
        ] {
            let out = run_json(&[
                "estimate",
                &path,
                "--model",
                "--as",
                "float32",
                "--train",
                "adam",
                "--precision",
                precision,
                "--ram",
                "1TB",
                "--json",
            ]);
            let ck = &out["checkpoints"][0];
            check(
                format!("{name} {precision} accelerate_adam_bytes"),
                ck["training"]["accelerate_adam_bytes"].as_f64(),
                largest_stage(stages),
            );
            let parameters = case["num_parameters"].as_f64().unwrap_or(f64::NAN)
                + case["persistent_buffer_elements"]
                    .as_f64()
                    .unwrap_or(f64::NAN);
            check(
                format!("{name} parameters (transformers' parameters and persistent buffers)"),
                ck["model"]["parameters"].as_f64(),
                Some(parameters),
            );
            check(
                format!("{name} float32 weights_bytes"),
                ck["weights_bytes"].as_f64(),
                case["total_bytes"].as_f64(),
            );
            check(
                format!("{name} float32 largest_layer_bytes"),
                ck["model"]["largest_layer_bytes"].as_f64(),
                case["largest_layer_bytes"].as_f64(),
            );
            // What `accelerate estimate-memory` prints measures AutoModel: the base model,
            // without the LM head, with its non-persistent buffers. That is the difference.
            let command = case["estimate_memory_command"][0]["total_bytes"].as_f64();
            let npmem_as_command = ck["weights_bytes"]
                .as_f64()
                .zip(ck["parts"]["head_bytes"].as_f64())
                .zip(case["non_persistent_buffer_bytes"].as_f64())
                .map(|((w, head), buffers)| w - head + buffers);
            check(
                format!("{name} accelerate estimate-memory total (no head, with buffers)"),
                npmem_as_command,
                command,
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {checked} figures disagree with accelerate or transformers:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
