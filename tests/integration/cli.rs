//! The binary as users and CI run it: the examples, exit codes, the JSON contract,
//! bad input, colour, pipes.

use std::io::Read;
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::Number;

use crate::support::{npmem, npmem_env};

/// The JSON contract, strictly: an unknown or missing key fails the parse.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Estimate {
    arrays: Vec<Array>,
    total_bytes: Number,
    memory: Memory,
    budget_bytes: Number,
    temporaries: u64,
    required_bytes: Number,
    headroom_bytes: Number,
    temporaries_that_fit: Option<Number>,
    status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Array {
    spec: String,
    shape: Vec<u64>,
    dtype: String,
    dtype_str: String,
    itemsize: u64,
    size: Number,
    nbytes: Number,
    #[serde(default)]
    solved_axis: Option<usize>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Memory {
    total_bytes: Number,
    available_bytes: Number,
    cgroup_limit_bytes: Option<Number>,
    usable_bytes: Number,
    source: String,
}

fn estimate_json(args: &[&str]) -> (i32, Estimate) {
    let mut all = vec!["estimate"];
    all.extend_from_slice(args);
    all.push("--json");
    let run = npmem(&all);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let parsed = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON contract broken ({e}):\n{}", run.stdout));
    (run.code, parsed)
}

fn bytes(args: &[&str]) -> String {
    let mut all = vec!["estimate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--bytes", "--ram", "64GB"]);
    let run = npmem(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn the_source_materials_sizes() {
    assert_eq!(bytes(&["1000:uint8"]), "1000\n");
    assert_eq!(bytes(&["1000"]), "8000\n");
    assert_eq!(bytes(&["125000000"]), "1000000000\n");
    assert_eq!(bytes(&["100x100x100x100"]), "800000000\n");
    assert_eq!(bytes(&["10:U10"]), "400\n");
    assert_eq!(bytes(&["3:f8,i4"]), "36\n");
}

#[test]
fn several_specs_add_up_and_default_dtype_applies() {
    assert_eq!(bytes(&["1000", "1000:f4", "--dtype", "int16"]), "6000\n");
    assert_eq!(bytes(&["(100, 100)", "100*100:c16"]), "240000\n");
    assert_eq!(bytes(&["()"]), "8\n");
    assert_eq!(bytes(&["1_000x1e3:u1"]), "1000000\n");
}

#[test]
fn over_budget_exits_1() {
    let run = npmem(&["estimate", "2e9:f8", "--ram", "8GB"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("over"), "{}", run.stdout);
}

#[test]
fn exactly_the_budget_is_tight_and_exits_0() {
    let (code, r) = estimate_json(&["1e9:f8", "--ram", "8GB"]);
    assert_eq!(code, 0);
    assert_eq!(r.status, "tight");
    assert_eq!(r.headroom_bytes.to_string(), "0");
    assert_eq!(
        r.temporaries_that_fit.map(|n| n.to_string()),
        Some("0".into())
    );
}

#[test]
fn json_contract_for_the_four_dimensional_example() {
    let (code, r) = estimate_json(&["100x100x100x100", "--ram", "8GB"]);
    assert_eq!(code, 0);
    assert_eq!(r.status, "ok");
    assert_eq!(r.headroom_bytes.to_string(), "7200000000");
    assert_eq!(
        r.temporaries_that_fit.map(|n| n.to_string()),
        Some("9".into())
    );
    assert_eq!(r.total_bytes.to_string(), "800000000");
    assert_eq!(r.required_bytes.to_string(), "800000000");
    assert_eq!(r.budget_bytes.to_string(), "8000000000");
    assert_eq!(r.temporaries, 0);
    let a = &r.arrays[0];
    assert_eq!(a.spec, "100x100x100x100:float64");
    assert_eq!(a.shape, vec![100, 100, 100, 100]);
    assert_eq!(
        (a.dtype.as_str(), a.dtype_str.as_str(), a.itemsize),
        ("float64", "<f8", 8)
    );
    assert_eq!(
        (a.size.to_string(), a.nbytes.to_string()),
        ("100000000".into(), "800000000".into())
    );
    assert_eq!(a.solved_axis, None);
    assert!(a.notes.is_empty());
    assert_eq!(r.memory.source, "override");
    assert_eq!(r.memory.usable_bytes.to_string(), "8000000000");
    assert_eq!(r.memory.total_bytes.to_string(), "8000000000");
    assert_eq!(r.memory.available_bytes.to_string(), "8000000000");
    assert!(r.memory.cgroup_limit_bytes.is_none());
}

#[test]
fn unknown_dimension_is_solved_for_the_budget() {
    let (code, r) = estimate_json(&["?x1000:f4", "--ram", "4GB"]);
    assert_eq!(code, 0);
    assert_eq!(r.arrays[0].shape, vec![1_000_000, 1000]);
    assert_eq!(r.arrays[0].solved_axis, Some(0));
    // With two temporaries the array may take a third of the budget.
    let (_, r) = estimate_json(&["1000x?:f4", "--ram", "12GB", "--temporaries", "2"]);
    assert_eq!(r.arrays[0].shape, vec![1000, 1_000_000]);
    assert_eq!(r.arrays[0].solved_axis, Some(1));
    assert_eq!(r.required_bytes.to_string(), "12000000000");
    // -1 works too, after `--`.
    let run = npmem(&["estimate", "--ram", "4GB", "--bytes", "--", "-1x1000:f4"]);
    assert_eq!(run.stdout, "4000000000\n", "{}", run.stderr);
}

#[test]
fn temporaries_and_budgets() {
    let (code, r) = estimate_json(&[
        "1e9:f4",
        "--ram",
        "16GB",
        "--budget",
        "50%",
        "--temporaries",
        "2",
    ]);
    assert_eq!(code, 1);
    assert_eq!(r.budget_bytes.to_string(), "8000000000");
    assert_eq!(r.required_bytes.to_string(), "12000000000");
    assert_eq!(r.status, "over");
    let (_, r) = estimate_json(&["1e9:f4", "--ram", "16GB", "--budget", "4GiB"]);
    assert_eq!(r.budget_bytes.to_string(), "4294967296");
    assert_eq!(r.headroom_bytes.to_string(), "294967296");
    assert_eq!(r.status, "tight");
    let run = npmem(&[
        "estimate",
        "4096x4096x512:f4",
        "--budget",
        "8GiB",
        "--temporaries",
        "2",
        "--ram",
        "64GB",
    ]);
    assert_eq!(run.code, 1, "34 GB needed of an 8 GiB budget");
}

#[test]
fn ram_from_the_environment() {
    let run = npmem_env(&["estimate", "1e9:f8", "--json"], &[("NPMEM_RAM", "4GB")]);
    assert_eq!(run.code, 1);
    let r: Estimate = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.memory.source, "override");
    assert_eq!(r.budget_bytes.to_string(), "4000000000");
}

#[test]
fn the_table_names_where_the_memory_size_was_given() {
    let env = npmem_env(&["estimate", "10"], &[("NPMEM_RAM", "4GB")]);
    assert!(
        env.stdout.contains("(given with NPMEM_RAM)"),
        "{}",
        env.stdout
    );
    let flag = npmem_env(&["estimate", "10", "--ram", "4GB"], &[("NPMEM_RAM", "8GB")]);
    assert!(
        flag.stdout.contains("4.0 GB (given with --ram)"),
        "{}",
        flag.stdout
    );
}

#[test]
fn detected_memory_is_reported() {
    let (_, r) = estimate_json(&["10"]);
    assert_eq!(r.memory.source, "detected");
    let usable: u128 = r.memory.usable_bytes.to_string().parse().unwrap_or(0);
    let available: u128 = r.memory.available_bytes.to_string().parse().unwrap_or(0);
    assert!(usable > 0 && usable <= available);
}

#[test]
fn sizes_beyond_64_bits_are_exact() {
    let (code, r) = estimate_json(&["1e12x1e12:f8", "--ram", "8GB"]);
    assert_eq!(code, 1);
    assert_eq!(r.total_bytes.to_string(), "8000000000000000000000000");
    assert_eq!(r.arrays[0].size.to_string(), "1000000000000000000000000");
    assert!(
        r.arrays[0].notes.iter().any(|n| n.contains("too big")),
        "{:?}",
        r.arrays[0].notes
    );
    assert_eq!(r.headroom_bytes.to_string(), "-7999999999999992000000000");
}

#[test]
fn object_arrays_count_pointers_only() {
    let (_, r) = estimate_json(&["1000:O", "--ram", "8GB"]);
    assert_eq!(r.arrays[0].nbytes.to_string(), "8000");
    assert!(r.arrays[0].notes.iter().any(|n| n.contains("not counted")));
    let (_, r) = estimate_json(&["1000:T", "--ram", "8GB"]);
    assert_eq!(r.arrays[0].dtype, "StringDType128");
    assert_eq!(r.arrays[0].nbytes.to_string(), "16000");
    assert!(r.arrays[0].notes.iter().any(|n| n.contains("not counted")));
}

#[test]
fn subarray_and_unsized_dtypes_as_numpy_creates_them() {
    let (_, r) = estimate_json(&["10:(2,3)f4", "--ram", "8GB"]);
    let a = &r.arrays[0];
    assert_eq!(a.shape, vec![10]);
    assert_eq!(
        (a.dtype.as_str(), a.dtype_str.as_str(), a.itemsize),
        ("void192", "|V24", 24)
    );
    assert_eq!(
        (a.size.to_string(), a.nbytes.to_string()),
        ("10".into(), "240".into())
    );
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("shape (10, 2, 3) and dtype float32") && n.contains("60 elements")),
        "{:?}",
        a.notes
    );
    let (_, r) = estimate_json(&["10:S0", "--ram", "8GB"]);
    let a = &r.arrays[0];
    assert_eq!(
        (a.dtype.as_str(), a.itemsize, a.nbytes.to_string()),
        ("bytes", 0, "10".into())
    );
    assert!(a.notes.iter().any(|n| n.contains("'|S1'")), "{:?}", a.notes);
}

#[test]
fn platforms_answer_for_other_machines() {
    let on = |platform: &str, spec: &str| {
        let run = npmem(&[
            "--platform",
            platform,
            "estimate",
            spec,
            "--bytes",
            "--ram",
            "1GB",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(on("linux-x86_64", "10:long"), "80\n");
    assert_eq!(on("windows-x86_64", "10:long"), "40\n");
    assert_eq!(on("linux-x86_64", "10:longdouble"), "160\n");
    assert_eq!(on("linux-aarch64", "10:longdouble"), "160\n");
    assert_eq!(on("macos-arm64", "10:longdouble"), "80\n");
    assert_eq!(on("windows-x86_64", "10:clongdouble"), "160\n");
    let (_, r) = estimate_json(&["1:g", "--platform", "macos-arm64", "--ram", "1GB"]);
    assert_eq!(
        (r.arrays[0].dtype.as_str(), r.arrays[0].dtype_str.as_str()),
        ("float64", "<f8")
    );
    let run = npmem(&[
        "--platform",
        "windows-x86_64",
        "estimate",
        "1:float128",
        "--ram",
        "1GB",
    ]);
    assert_eq!(run.code, 2, "float128 does not exist on Windows");
}

#[test]
fn ml_formats_by_name() {
    assert_eq!(bytes(&["1000:bfloat16"]), "2000\n");
    assert_eq!(bytes(&["1000:float8_e4m3fn"]), "1000\n");
    assert_eq!(
        bytes(&["1000:int4"]),
        "1000\n",
        "sub-byte formats take a whole byte each"
    );
    assert_eq!(bytes(&["1000:complex32"]), "4000\n");
    let (_, r) = estimate_json(&["1:bfloat16", "--ram", "1GB"]);
    assert_eq!(
        (r.arrays[0].dtype.as_str(), r.arrays[0].dtype_str.as_str()),
        ("bfloat16", "<V2")
    );
}

/// Bad input: exit 2, one line on stderr, nothing on stdout, never a panic.
fn assert_usage_error(args: &[&str], mention: &str) {
    let run = npmem(args);
    assert_eq!(run.code, 2, "{args:?} exited {}: {}", run.code, run.stderr);
    assert!(
        run.stdout.is_empty(),
        "{args:?} wrote to stdout: {}",
        run.stdout
    );
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "{args:?}: not one line:\n{}",
        run.stderr
    );
    assert!(run.stderr.starts_with("npmem: error: "), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains(mention),
        "{args:?}: {:?} does not mention {mention:?}",
        run.stderr
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let e = |spec: &str, mention: &str| {
        assert_usage_error(&["estimate", spec, "--ram", "8GB"], mention)
    };
    e("100xabc", "abc");
    e("-5x3", "-5x3");
    e("1.5x2", "1.5");
    e("100x100:", "dtype");
    e(":f8", "shape");
    e("1e400", "1e400");
    e("100:flaot64", "did you mean 'float64'");
    e("", "empty");
    e("100:float_", "removed in NumPy 2.0; use 'float64'");
    e("100:a5", "'S5'");
    e("100:M8[s/0]", "divisor");
    e("?x?", "unknown");
    e("9223372036854775808", "2^63");
    assert_usage_error(
        &["estimate", "10", "--budget", "12XB", "--ram", "8GB"],
        "12XB",
    );
    assert_usage_error(&["estimate", "10", "--ram", "-1"], "negative");
    assert_usage_error(
        &["estimate", "10", "--dtype", "flaot64", "--ram", "8GB"],
        "float64",
    );
    assert_usage_error(&["estimate", "10", "--budgt", "1GB"], "--budget");
    assert_usage_error(&["--platform", "linux", "estimate", "10"], "linux-x86_64");
    assert_usage_error(&["estimate", "?x1", "?x2", "--ram", "1GB"], "one");
    assert_usage_error(&["estimate"], "SPEC");
}

#[test]
fn help_documents_exit_codes() {
    for (args, one) in [
        (&["--help"][..], "1  the check failed"),
        (&["estimate", "--help"][..], "1  status over"),
        (&["peak", "--help"][..], "1  status over: the peak"),
        (&["cast-check", "--help"][..], "1  it is not"),
    ] {
        let run = npmem(args);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("Exit status:"), "{}", run.stdout);
        assert!(run.stdout.contains(one), "{}", run.stdout);
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = npmem(&["estimate", "10", "--ram", "1GB"]);
    assert!(!plain.stdout.contains('\u{1b}'), "not a TTY: no colour");
    let coloured = npmem(&["estimate", "10", "--ram", "1GB", "--color", "always"]);
    assert!(
        coloured.stdout.contains("\u{1b}[1;32mok"),
        "{}",
        coloured.stdout
    );
    let json = npmem(&[
        "estimate", "10", "--ram", "1GB", "--color", "always", "--json",
    ]);
    assert!(!json.stdout.contains('\u{1b}'), "JSON is never coloured");
    let no_color = npmem_env(&["estimate", "10", "--ram", "1GB"], &[("NO_COLOR", "1")]);
    assert!(!no_color.stdout.contains('\u{1b}'));
}

#[test]
fn plain_format_is_one_line_per_result() {
    let run = npmem(&[
        "estimate", "10:f4", "20:u1", "--ram", "1GB", "--format", "plain",
    ]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("array spec=10:f4 shape=(10,) dtype=float32"),
        "{}",
        lines[0]
    );
    assert!(lines.contains(&"total_bytes=60"), "{}", run.stdout);
    assert!(lines.contains(&"status=ok"), "{}", run.stdout);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let specs: Vec<String> = (1..20_000).map(|i| format!("{i}:f4")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_npmem"))
        .arg("estimate")
        .args(&specs)
        .args(["--ram", "1TB", "--format", "plain"])
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut first = [0u8; 16];
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read(&mut first);
        // `out` is dropped here: the pipe closes with most of the output unread.
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
