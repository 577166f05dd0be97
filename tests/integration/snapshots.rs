//! What people read, pinned byte for byte: the table and `--format plain` output of each
//! subcommand, and the error line and exit code of bad input. These snapshots exist so that
//! moving code between modules cannot change the output unnoticed; a change that means to
//! alter the output updates them on purpose (`INSTA_UPDATE=always cargo test`, then review the
//! diff of tests/integration/snapshots/). Each invocation is its own test, named as its
//! snapshot, so one run shows every output that changed.
//!
//! Every run is made deterministic: a clean environment (no NPMEM_RAM, NO_COLOR, TERM or COLUMNS
//! from the developer's shell), memory given with --ram, threads per worker given with
//! --threads-per-worker, longdouble answered for --platform linux-x86_64, the working directory
//! set to the crate root and fixtures named by relative paths (file names appear in the output),
//! and stdout and stderr both pipes (no colour, no progress bar).

use std::path::Path;
use std::process::{Command, Output};

/// `npmem ARGS` run from the crate root with only PATH inherited, as one text: the command line,
/// the exit code, stdout and stderr. Trailing spaces and a missing final newline are made
/// visible, and the text closes with `--- end`, so that insta (which trims the end of a snapshot)
/// and editors (which trim the ends of lines) cannot lose them.
fn transcript(args: &[&str]) -> String {
    transcript_env(args, &[])
}

/// [`transcript`] with these environment variables set (`COLUMNS`); they head the transcript.
fn transcript_env(args: &[&str], env: &[(&str, &str)]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_npmem"));
    cmd.args(args).current_dir(root).env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run npmem: {e}"));
    let code = status
        .code()
        .map_or_else(|| "killed by a signal".to_string(), |c| c.to_string());
    let env: String = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    format!(
        "args: {env}{}\nexit: {code}\n--- stdout\n{}--- stderr\n{}--- end\n",
        shell_words(args),
        visible(&String::from_utf8_lossy(&stdout)),
        visible(&String::from_utf8_lossy(&stderr)),
    )
}

/// The arguments as they would be typed into a shell (quoted where needed).
fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '-' | '_' | '.' | '/' | ':' | '%' | '=' | '+' | ',')
                });
            if plain {
                (*a).to_string()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line that ends in spaces or tabs gets `⏎` after them; output that does not end in a newline
/// gets a marker line. Empty output stays empty.
fn visible(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, true),
            None => (line, false),
        };
        out.push_str(body);
        if body.ends_with([' ', '\t']) {
            out.push('⏎');
        }
        if newline {
            out.push('\n');
        } else {
            out.push_str("\n[no newline at end]\n");
        }
    }
    out
}

/// One `#[test]` per invocation: `name: [ARGS];` snapshots `npmem ARGS` under `name`. An
/// output's name ends in the format it pins (`_table`, `_plain`, `_repr`, `_str`, `_bytes`); an
/// error's starts with `error_`.
macro_rules! snapshot_tests {
    ($($name:ident: [$($arg:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                // The command line is the snapshot's first line: no need to repeat it above.
                insta::with_settings!({ omit_expression => true }, {
                    insta::assert_snapshot!(stringify!($name), transcript(&[$($arg),*]));
                });
            }
        )*
    };
}

const NPY: &str = "tests/fixtures/files/npy/f8_c_v1.npy";
const NPZ: &str = "tests/fixtures/files/npz/mixed.npz";
const SAFETENSORS: &str = "tests/fixtures/files/safetensors/tensors.safetensors";
const SHARDED: &str = "tests/fixtures/files/safetensors/sharded";
const ZARR_V2: &str = "tests/fixtures/files/zarr/v2_f4.zarr";
const ZARR_V3: &str = "tests/fixtures/files/zarr/v3_i2.zarr";
const GGUF: &str = "tests/fixtures/files/gguf/tiny.gguf";

// Table and plain output of each subcommand: estimate (specs, files, chunks and workers), finfo,
// and cast-check in its four forms (a dtype pair, values, a file, --result-type).
snapshot_tests! {
    estimate_four_dims_table: ["estimate", "100x100x100x100", "--ram", "8GB"];
    estimate_four_dims_plain: ["estimate", "100x100x100x100", "--ram", "8GB", "--format", "plain"];
    estimate_several_specs_default_dtype_table: [
        "estimate", "1000", "1000:f4", "(100, 100):c16", "10:U10", "3:f8,i4", "--dtype", "int16",
        "--ram", "1GB"
    ];
    estimate_several_specs_default_dtype_plain: [
        "estimate", "1000", "1000:f4", "(100, 100):c16", "10:U10", "3:f8,i4", "--dtype", "int16",
        "--ram", "1GB", "--format", "plain"
    ];
    estimate_over_with_temporaries_table: [
        "estimate", "1e9:f4", "--ram", "16GB", "--budget", "50%", "-t", "2"
    ];
    estimate_over_with_temporaries_plain: [
        "estimate", "1e9:f4", "--ram", "16GB", "--budget", "50%", "-t", "2", "--format", "plain"
    ];
    estimate_tight_table: ["estimate", "1e9:f8", "--ram", "8GB"];
    estimate_solved_axis_table: ["estimate", "?x1000:f4", "--ram", "4GB"];
    estimate_solved_axis_plain: ["estimate", "?x1000:f4", "--ram", "4GB", "--format", "plain"];
    estimate_notes_huge_object_subarray_table: [
        "estimate", "1e12x1e12:f8", "1000:O", "10:(2,3)f4", "10:S0", "--ram", "8GB"
    ];
    estimate_notes_huge_object_subarray_plain: [
        "estimate", "1e12x1e12:f8", "1000:O", "10:(2,3)f4", "10:S0", "--ram", "8GB", "--format",
        "plain"
    ];
    estimate_iec_units_table: [
        "estimate", "4096x4096x512:f4", "--budget", "8GiB", "-t", "2", "--ram", "64GB", "--units",
        "iec"
    ];
    estimate_platform_windows_table: [
        "--platform", "windows-x86_64", "estimate", "10:long", "10:clongdouble", "1000:bfloat16",
        "--ram", "1GB"
    ];
    estimate_bytes: ["estimate", "1000", "1000:f4", "--bytes", "--ram", "1GB"];
    estimate_files_each_format_table: [
        "estimate", NPY, NPZ, SAFETENSORS, ZARR_V3, GGUF, "--ram", "1GB"
    ];
    estimate_files_each_format_plain: [
        "estimate", NPY, NPZ, SAFETENSORS, ZARR_V3, GGUF, "--ram", "1GB", "--format", "plain"
    ];
    estimate_file_as_float8_table: [
        "estimate", SAFETENSORS, "--as", "float8_e4m3fn", "--ram", "1GB"
    ];
    estimate_file_as_float8_plain: [
        "estimate", SAFETENSORS, "--as", "float8_e4m3fn", "--ram", "1GB", "--format", "plain"
    ];
    estimate_sharded_safetensors_table: ["estimate", SHARDED, "--ram", "1GB"];
    estimate_chunks_auto_table: ["estimate", "1e5x1e5:f4", "--chunks", "auto", "--ram", "16GB"];
    estimate_chunks_auto_plain: [
        "estimate", "1e5x1e5:f4", "--chunks", "auto", "--ram", "16GB", "--format", "plain"
    ];
    estimate_chunks_shape_table: [
        "estimate", "10000x10000:f8", "--chunks", "1000x1000", "--ram", "16GB"
    ];
    estimate_chunks_bytes_table: ["estimate", "1e4x1e4:f8", "--chunks", "64MiB", "--ram", "16GB"];
    estimate_workers_table: [
        "estimate", "1e5x1e5:f4", "--workers", "4", "--threads-per-worker", "2", "--ram", "16GB"
    ];
    estimate_workers_plain: [
        "estimate", "1e5x1e5:f4", "--workers", "4", "--threads-per-worker", "2", "--ram", "16GB",
        "--format", "plain"
    ];
    estimate_zarr_workers_table: [
        "estimate", ZARR_V2, "--workers", "2", "--threads-per-worker", "1", "--worker-memory",
        "1GB", "--ram", "16GB"
    ];
    estimate_zarr_workers_plain: [
        "estimate", ZARR_V2, "--workers", "2", "--threads-per-worker", "1", "--worker-memory",
        "1GB", "--ram", "16GB", "--format", "plain"
    ];
    finfo_default_table: ["--platform", "linux-x86_64", "finfo"];
    finfo_default_plain: ["--platform", "linux-x86_64", "finfo", "--format", "plain"];
    finfo_float64_table: ["finfo", "float64"];
    finfo_float64_plain: ["finfo", "float64", "--format", "plain"];
    finfo_int8_table: ["finfo", "int8"];
    finfo_int8_plain: ["finfo", "int8", "--format", "plain"];
    finfo_bfloat16_table: ["finfo", "bfloat16"];
    finfo_bfloat16_plain: ["finfo", "bfloat16", "--format", "plain"];
    finfo_several_with_shape_table: [
        "finfo", "float16", "bfloat16", "float32", "float8_e4m3fn", "int4", "uint64", "--shape",
        "1e9"
    ];
    finfo_several_with_shape_plain: [
        "finfo", "float16", "bfloat16", "float32", "float8_e4m3fn", "int4", "uint64", "--shape",
        "1e9", "--format", "plain"
    ];
    finfo_float16_exact_table: ["finfo", "float16", "--exact"];
    finfo_float64_repr: ["finfo", "float64", "--format", "repr"];
    finfo_float16_float8_repr: ["finfo", "float16", "float8_e4m3fn", "--format", "repr"];
    finfo_int16_str: ["finfo", "int16", "--format", "str"];
    finfo_longdouble_str: ["--platform", "linux-x86_64", "finfo", "longdouble", "--format", "str"];
    cast_int64_float64_table: ["cast-check", "int64", "float64"];
    cast_int64_float64_plain: ["cast-check", "int64", "float64", "--format", "plain"];
    cast_float64_float16_lossless_table: [
        "cast-check", "float64", "float16", "--casting", "lossless"
    ];
    cast_float64_float16_lossless_plain: [
        "cast-check", "float64", "float16", "--casting", "lossless", "--format", "plain"
    ];
    cast_int8_uint8_table: ["cast-check", "int8", "uint8"];
    cast_int8_uint8_plain: ["cast-check", "int8", "uint8", "--format", "plain"];
    cast_u10_u5_table: ["cast-check", "U10", "U5"];
    cast_float32_bfloat16_table: ["cast-check", "float32", "bfloat16"];
    cast_datetime_s_ns_table: ["cast-check", "M8[s]", "M8[ns]"];
    cast_datetime_s_ns_plain: ["cast-check", "M8[s]", "M8[ns]", "--format", "plain"];
    cast_float64_datetime_unsafe_table: ["cast-check", "float64", "M8[ns]", "--casting", "unsafe"];
    values_float16_double_rounding_table: [
        "cast-check", "float16", "--value", "2049.0000000000001"
    ];
    values_float16_double_rounding_plain: [
        "cast-check", "float16", "--value", "2049.0000000000001", "--format", "plain"
    ];
    values_float32_mixed_table: [
        "cast-check", "float32", "--value", "0.1", "--value", "1e40", "--value", "-1e-50",
        "--value", "1e-40", "--value", "nan", "--value", "-inf"
    ];
    values_float32_mixed_plain: [
        "cast-check", "float32", "--value", "0.1", "--value", "1e40", "--value", "-1e-50",
        "--value", "1e-40", "--value", "nan", "--value", "-inf", "--format", "plain"
    ];
    values_uint8_overflow_table: [
        "cast-check", "uint8", "--value", "300", "--value", "-1", "--value", "7"
    ];
    values_float32_sum_table: [
        "cast-check", "float32", "--value", "1", "--value", "1e-15", "--sum"
    ];
    values_float32_sum_plain: [
        "cast-check", "float32", "--value", "1", "--value", "1e-15", "--sum", "--format", "plain"
    ];
    values_longdouble_via_float64_table: [
        "--platform", "linux-x86_64", "cast-check", "longdouble", "--value", "1.80e308", "--via",
        "float64"
    ];
    scan_f8_to_float32_lossy_table: ["cast-check", "tests/fixtures/scan/f8.npy", "float32"];
    scan_f8_to_float32_lossy_plain: [
        "cast-check", "tests/fixtures/scan/f8.npy", "float32", "--format", "plain"
    ];
    scan_f2_to_float32_ok_table: ["cast-check", "tests/fixtures/scan/f2.npy", "float32"];
    scan_f2_to_float32_ok_plain: [
        "cast-check", "tests/fixtures/scan/f2.npy", "float32", "--format", "plain"
    ];
    scan_npz_member_table: ["cast-check", "tests/fixtures/files/npz/savez_stored.npz:b", "float16"];
    result_type_uint8_300_table: ["cast-check", "--result-type", "uint8", "300"];
    result_type_uint8_300_plain: ["cast-check", "--result-type", "uint8", "300", "--format", "plain"];
    result_type_float16_1e400_table: ["cast-check", "--result-type", "float16", "1e400", "2.0"];
    result_type_int8_3j_table: ["cast-check", "--result-type", "int8", "3j"];
    result_type_many_table: [
        "cast-check", "--result-type", "int16", "uint16", "float16", "2.0", "True", "-1"
    ];
    result_type_int_past_2_53_plain: [
        "cast-check", "--result-type", "float64", "9007199254740993", "1e300", "--format", "plain"
    ];
    result_type_lone_python_int_table: ["cast-check", "--result-type", "18446744073709551616"];
    result_type_order_matters_table: ["cast-check", "--result-type", "M8[s]", "m8[ms]", "int8"];
    result_type_order_matters_plain: [
        "cast-check", "--result-type", "m8[ms]", "M8[s]", "int8", "--format", "plain"
    ];
    result_type_str_and_int_table: ["cast-check", "--result-type", "U5", "1"];
    result_type_str_and_int_plain: ["cast-check", "--result-type", "U5", "1", "--format", "plain"];
    scan_i8_to_int32_plain: [
        "cast-check", "tests/fixtures/scan/i8.npy", "int32", "--format", "plain"
    ];
    peak_zscore_table: ["peak", "tests/peak/corpus/zscore_columns.py", "--ram", "8GB"];
    peak_elision_chain_plain: [
        "peak", "tests/peak/corpus/elision_chain.py", "--set", "N=3000000", "--ram", "1GB",
        "--format", "plain"
    ];
}

// Bad input: the one error line on stderr and exit code 2.
snapshot_tests! {
    error_estimate_bad_dimension: ["estimate", "100xabc", "--ram", "8GB"];
    error_estimate_negative_dimension: ["estimate", "--", "-5x3", "--ram", "8GB"];
    error_estimate_dtype_typo: ["estimate", "100:flaot64", "--ram", "8GB"];
    error_estimate_removed_alias: ["estimate", "100:float_", "--ram", "8GB"];
    error_estimate_empty_spec: ["estimate", "", "--ram", "8GB"];
    error_estimate_two_unknowns: ["estimate", "?x?", "--ram", "8GB"];
    error_estimate_bad_budget: ["estimate", "10", "--budget", "12XB", "--ram", "8GB"];
    error_estimate_missing_file: ["estimate", "missing.safetensors", "--ram", "8GB"];
    error_estimate_bad_npy: [
        "estimate", "tests/fixtures/files/bad/npy_bad_magic.npy", "--ram", "8GB"
    ];
    error_estimate_as_typo: ["estimate", NPY, "--as", "flaot16", "--ram", "8GB"];
    error_estimate_negative_ram: ["estimate", "10", "--ram", "-1"];
    error_estimate_flag_typo: ["estimate", "10", "--budgt", "1GB"];
    error_estimate_no_spec: ["estimate"];
    error_estimate_format_repr: ["estimate", "10", "--format", "repr", "--ram", "1GB"];
    error_bad_platform: ["--platform", "linux", "estimate", "10", "--ram", "1GB"];
    error_finfo_dtype_typo: ["finfo", "flaot32"];
    error_finfo_not_numeric: ["finfo", "U5"];
    error_finfo_bad_shape: ["finfo", "float32", "--shape", "1xabc"];
    error_cast_dtype_typo: ["cast-check", "flaot64", "f4"];
    error_cast_empty_dtype: ["cast-check", "", "f4"];
    error_estimate_empty_dtype: ["estimate", "10", "--dtype="];
    error_cast_bad_rule: ["cast-check", "f8", "f4", "--casting", "loose"];
    error_cast_one_dtype_no_values: ["cast-check", "f8"];
    error_values_not_a_number: ["cast-check", "float16", "--value", "abc"];
    error_values_string_target: ["cast-check", "U5", "--value", "1"];
    error_values_with_two_dtypes: ["cast-check", "int8", "float16", "--value", "1"];
    error_scan_missing_file: ["cast-check", "missing.npy", "float32"];
    error_scan_bad_target: ["cast-check", "tests/fixtures/scan/f8.npy", "float33"];
    error_scan_several_tensors_no_name: ["cast-check", SAFETENSORS, "float16"];
    error_scan_chunked_zarr: ["cast-check", ZARR_V2, "float16"];
    error_result_type_expression: ["cast-check", "--result-type", "int8", "1+2j"];
    error_result_type_leading_zero: ["cast-check", "--result-type", "int8", "010"];
    error_result_type_inf_name: ["cast-check", "--result-type", "float32", "inf"];
    error_result_type_dtype_typo: ["cast-check", "--result-type", "flaot32", "1"];
    error_result_type_hyphen_operand: ["cast-check", "--result-type", "int8", "-3j"];
    error_result_type_with_values: ["cast-check", "--result-type", "int8", "--value", "1"];
    error_cast_three_dtypes: ["cast-check", "int8", "int16", "int32"];
    error_peak_syntax: ["peak", "-c", "x = (1,"];
    error_peak_set_no_value: ["peak", "-c", "x = 1", "--set", "x="];
    error_peak_set_bad_shape: ["peak", "-c", "x = 1", "--set", "x=8k"];
    error_model_context_in_words: [
        "estimate", "tests/data/models/llama-gqa", "--model", "--context", "8k"
    ];
    error_peak_missing_script: ["peak", "scripts/bench/peak_scrpt.py"];
    error_peak_empty_path: ["peak", ""];
    error_peak_directory: ["peak", "scripts"];
    error_estimate_fp8: ["estimate", "10:fp8", "--ram", "1GB"];
    error_estimate_q4_k_m: ["estimate", "10:Q4_K_M", "--ram", "1GB"];
    estimate_nf4_counted_by_blocks: ["estimate", "10:nf4", "--ram", "1GB"];
    error_estimate_misspelled_file: [
        "estimate", "tests/fixtures/files/safetensors/tensors.safetensor", "--ram", "1GB"
    ];
    error_estimate_url: ["estimate", "s3://bucket/model.safetensors", "--ram", "1GB"];
    error_estimate_unit_split: ["estimate", "10", "--ram", "8", "GB"];
    error_estimate_unit_word: ["estimate", "10", "--ram", "8000000000", "GB"];
    error_estimate_file_name: ["estimate", "tests/fixtures/files/npz/mixed.npz:a", "--ram", "1GB"];
    error_estimate_option_after_dashes: ["estimate", "--", "10", "--ram", "1GB"];
    error_estimate_negative_temporaries: ["estimate", "10", "-t=-1"];
    error_estimate_negative_temporaries_spaced: ["estimate", "10", "--temporaries", "-1"];
    error_peak_negative_top: ["peak", "-c", "x = 1", "--top", "-1"];
    error_model_empty_lora_target: [
        "estimate", "tests/data/models/llama-gqa", "--model", "--train", "adamw", "--lora-rank", "8",
        "--lora-targets", "q_proj,,v_proj"
    ];
    error_model_zero_seq: [
        "estimate", "tests/data/models/llama-gqa", "--model", "--train", "adamw", "--seq", "0"
    ];
    error_model_negative_batch: ["estimate", "tests/data/models/llama-gqa", "--model", "--batch", "-2"];
    error_estimate_ram_one_letter: ["estimate", "10", "--ram", "8g"];
    error_estimate_budget_over_all: ["estimate", "10", "--ram", "8GB", "--budget", "150%"];
    error_cast_file_without_target: ["cast-check", "tests/fixtures/scan/f8.npy"];
    error_cast_file_with_sum: ["cast-check", "tests/fixtures/scan/f8.npy", "float16", "--sum"];
    error_cast_foreign_name: ["cast-check", "bf16", "float32"];
}

// Foreign names read by meaning, the summary of a file of many arrays, --tensors.
snapshot_tests! {
    estimate_foreign_names_table: [
        "estimate", "7e9:bf16", "1e3:U8", "7e9:int4", "10:torch.float", "--ram", "64GB"
    ];
    estimate_summary_of_many_arrays_table: [
        "estimate", "tests/fixtures/files/safetensors/layers.safetensors", "--ram", "1GB"
    ];
    estimate_tight_with_temporaries_table: ["estimate", "1e9:f4", "--ram", "13GB", "-t", "2"];
    finfo_foreign_name_table: ["finfo", "bf16"];
}

/// The same tables at 40, 80 and 200 columns (`COLUMNS`, as a terminal of that width).
#[test]
fn tables_at_three_widths() {
    for columns in ["40", "80", "200"] {
        let args = [
            "estimate",
            "1e6:f4",
            "(1000, 1000):complex128",
            "tests/fixtures/files/safetensors/layers.safetensors",
            "--ram",
            "8GB",
        ];
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(
                format!("estimate_width_{columns}_table"),
                transcript_env(&args, &[("COLUMNS", columns)])
            );
        });
    }
}

const MODEL: &str = "tests/data/models/llama-gqa";
const MODEL_MLA: &str = "tests/data/models/deepseek-mla";
const MODEL_GGUF: &str = "tests/data/models/llama-q8_0.gguf";

// estimate --model: a checkpoint's inference and training memory, its dtype table, and refusals.
snapshot_tests! {
    model_llama_table: ["estimate", MODEL, "--model", "--context", "128", "--ram", "1GB"];
    model_llama_plain: [
        "estimate", MODEL, "--model", "--context", "128", "--ram", "1GB", "--format", "plain"
    ];
    model_solved_context_over_device_table: [
        "estimate", MODEL, "--model", "--context", "?", "--device-memory", "240kB", "--as", "f16"
    ];
    model_training_lora_zero_table: [
        "estimate", MODEL_MLA, "--model", "--ram", "1GB", "--train", "adamw", "--seq", "64",
        "--batch", "2", "--lora-rank", "8", "--lora-targets", "q_b_proj,kv_b_proj", "--gpus", "2",
        "--zero", "2"
    ];
    model_gguf_plain: [
        "estimate", MODEL_GGUF, "--model", "--context", "64", "--ram", "1GB", "--dtypes",
        "f16,q8_0,q4_0", "--format", "plain"
    ];
    error_model_not_a_checkpoint: ["estimate", NPY, "--model", "--ram", "1GB"];
    error_model_flag_without_model: ["estimate", MODEL, "--kv-dtype", "f16", "--ram", "1GB"];
}
