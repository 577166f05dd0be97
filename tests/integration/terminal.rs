//! For the person at the terminal: foreign dtype names read by meaning, errors that name the
//! real mistake, sizes without ambiguity, tables that fit, summaries of large checkpoints and
//! JSON lists on one line.

use serde_json::Value;

use crate::support::{npmem, npmem_env};

const LAYERS: &str = "tests/fixtures/files/safetensors/layers.safetensors";

fn json(args: &[&str]) -> Value {
    let run = npmem(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn error(args: &[&str]) -> String {
    let run = npmem(args);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("npmem: error: "), "{}", run.stderr);
    run.stderr
}

/// The bytes a foreign name gives a 1000-element array are the bytes it means.
#[test]
fn foreign_names_keep_the_size_they_mean() {
    for (name, bytes, dtype) in [
        ("bf16", 2000, "bfloat16"),
        ("BF16", 2000, "bfloat16"),
        ("fp16", 2000, "float16"),
        ("F16", 2000, "float16"),
        ("fp32", 4000, "float32"),
        ("F8_E4M3", 1000, "float8_e4m3fn"),
        ("fp8_e5m2", 1000, "float8_e5m2"),
        ("torch.float", 4000, "float32"),
        ("torch.half", 2000, "float16"),
        ("torch.int", 4000, "int32"),
        ("i32", 4000, "int32"),
    ] {
        let doc = json(&[
            "estimate",
            &format!("1000:{name}"),
            "--ram",
            "1GB",
            "--json",
        ]);
        let a = &doc["arrays"][0];
        assert_eq!(a["nbytes"], bytes, "{name}");
        assert_eq!(a["dtype"], dtype, "{name}");
        let note = a["notes"][0].as_str().unwrap_or_default();
        assert!(note.contains("not a numpy spelling"), "{name}: {note}");
    }
}

#[test]
fn numpy_spellings_stay_numpy_with_a_note() {
    let doc = json(&["estimate", "1000:U8", "1000:f16", "--ram", "1GB", "--json"]);
    assert_eq!(doc["arrays"][0]["nbytes"], 32000);
    assert!(
        doc["arrays"][0]["notes"][0]
            .as_str()
            .unwrap_or_default()
            .contains("uint8 (1 byte)")
    );
    assert_eq!(doc["arrays"][1]["nbytes"], 16000);
    assert!(
        doc["arrays"][1]["notes"][0]
            .as_str()
            .unwrap_or_default()
            .contains("float16 (2 bytes)")
    );
    let plain = json(&["estimate", "1000:f8", "1000:i8", "--ram", "1GB", "--json"]);
    assert!(plain["arrays"][0].get("notes").is_none());
    assert!(plain["arrays"][1].get("notes").is_none());
}

#[test]
fn sub_byte_dtypes_note_their_packed_size() {
    let doc = json(&["estimate", "7e9:int4", "--ram", "64GB", "--json"]);
    assert_eq!(doc["arrays"][0]["nbytes"], 7_000_000_000u64);
    let note = doc["arrays"][0]["notes"][0].as_str().unwrap_or_default();
    assert!(note.contains("3500000000 bytes"), "{note}");
}

#[test]
fn no_suggestion_points_to_another_size() {
    for (name, want, never) in [
        ("fp8", "'float8_e4m3fn' or 'float8_e5m2'", "'f8'"),
        ("float8", "'float8_e4m3fn' or 'float8_e5m2'", "'float'"),
        ("Q4_K_M", "4.5 bits a weight", "did you mean"),
    ] {
        let e = error(&["estimate", &format!("10:{name}"), "--ram", "1GB"]);
        assert!(e.contains(want), "{name}: {e}");
        assert!(!e.contains(never), "{name}: {e}");
    }
    // A block type is counted by its blocks, never as the numpy dtype its name resembles
    // (nf4: 64 weights in 32 bytes and an fp32 scale; Q8_0: 32 weights in 32 bytes and an
    // f16 scale).
    for (name, block, block_bytes) in [("nf4", 64u64, 32 + 4), ("Q8_0", 32, 32 + 2)] {
        let doc = json(&[
            "estimate",
            &format!("1000:{name}"),
            "--ram",
            "1GB",
            "--json",
        ]);
        let a = &doc["arrays"][0];
        assert_eq!(a["nbytes"], 1000u64.div_ceil(block) * block_bytes, "{name}");
        // No whole number of bytes per element: no itemsize, rather than a made-up 0.
        assert!(a["itemsize"].is_null(), "{name}: {}", a["itemsize"]);
        let note = a["notes"][0].as_str().unwrap_or_default();
        assert!(note.contains("quantised type"), "{name}: {note}");
    }
    // cast-check takes numpy's spellings, and names the one a foreign name means.
    let e = error(&["cast-check", "bf16", "float32"]);
    assert!(e.contains("write 'bfloat16'"), "{e}");
}

#[test]
fn finfo_reads_foreign_names_with_a_note() {
    let doc = json(&["finfo", "bf16", "--json"]);
    assert_eq!(doc["dtypes"][0]["dtype"], "bfloat16");
    assert!(
        doc["notes"][0]
            .as_str()
            .unwrap_or_default()
            .contains("'bf16'")
    );
    let table = npmem(&["finfo", "bf16"]);
    assert!(
        table
            .stdout
            .contains("note: 'bf16' is not a numpy spelling"),
        "{}",
        table.stdout
    );
}

#[test]
fn errors_name_the_real_mistake() {
    let e = error(&[
        "estimate",
        "tests/fixtures/files/safetensors/tensors.safetensor",
    ]);
    assert!(
        e.contains("did you mean 'tests/fixtures/files/safetensors/tensors.safetensors'?"),
        "{e}"
    );
    // A URL npmem cannot read: what it reads, and the download command of that URL's own tool.
    let e = error(&["estimate", "s3://bucket/model.safetensors", "--ram", "1GB"]);
    assert!(
        e.contains("is a URL")
            && e.contains("hf://")
            && e.contains("(aws s3 cp 's3://bucket/model.safetensors' .)"),
        "{e}"
    );
    // cast-check reads every value, so only local files: a URL is one, not an unknown dtype.
    let e = error(&["cast-check", "https://example.com/x.npy", "float16"]);
    assert!(
        e.contains("is a URL") && e.contains("(curl -LO 'https://example.com/x.npy')"),
        "{e}"
    );
    let e = error(&["cast-check", "hf://org/model@v1/w.safetensors", "f2"]);
    assert!(
        e.contains("(hf download org/model 'w.safetensors' --revision v1 --local-dir .)"),
        "{e}"
    );
    let e = error(&["estimate", "10", "--ram", "8000000000", "GB"]);
    assert!(e.contains("'GB' is a unit"), "{e}");
    let e = error(&[
        "estimate",
        "tests/fixtures/files/npz/mixed.npz:a",
        "--ram",
        "1GB",
    ]);
    assert!(e.contains("FILE:NAME is for cast-check"), "{e}");
    let e = error(&["estimate", "--", "10", "--ram"]);
    assert!(e.contains("put options before --"), "{e}");
    let e = error(&["estimate", "10", "-t=-1"]);
    assert!(
        e.contains("a count is 0 or more") && !e.contains("invalid digit"),
        "{e}"
    );
    let e = error(&["cast-check", "tests/fixtures/scan/f8.npy"]);
    assert!(
        e.contains("cast-check tests/fixtures/scan/f8.npy float16"),
        "{e}"
    );
    let e = error(&[
        "cast-check",
        "tests/fixtures/scan/f8.npy",
        "float16",
        "--sum",
    ]);
    assert!(e.contains("--sum") && e.contains("FILE[:NAME] TO"), "{e}");
    let e = error(&["estimate", "10", "--format", "repr"]);
    assert!(e.contains("[possible values: table, plain, json]"), "{e}");
}

#[test]
fn each_subcommand_shows_its_own_exit_codes() {
    let finfo = npmem(&["finfo", "--help"]).stdout;
    assert!(finfo.contains("0  the limits were given"), "{finfo}");
    assert!(!finfo.contains("status over"), "{finfo}");
    let estimate = npmem(&["estimate", "--help"]).stdout;
    assert!(estimate.contains("1  status over"), "{estimate}");
    assert!(!estimate.contains("repr"), "{estimate}");
    assert!(npmem(&["finfo", "--help"]).stdout.contains("repr"));
}

#[test]
fn ambiguous_and_impossible_sizes_are_refused() {
    for (flag, value, hint) in [
        ("--ram", "8", "8GB or 8GiB"),
        ("--ram", "8g", "8GB or 8GiB"),
        ("--ram", "8G", "8GB or 8GiB"),
        ("--budget", "150%", "at most 100%"),
        ("--budget", "512m", "512MB or 512MiB"),
    ] {
        let args: Vec<&str> = if flag == "--ram" {
            vec!["estimate", "10", flag, value]
        } else {
            vec!["estimate", "10", flag, value, "--ram", "16GB"]
        };
        let e = error(&args);
        assert!(e.contains(hint), "{flag} {value}: {e}");
    }
    assert_eq!(
        npmem(&["estimate", "10", "--ram", "1048576", "--bytes"]).code,
        0
    );
}

#[test]
fn sizes_show_in_the_units_given_and_each_in_its_own_unit() {
    let out = npmem(&["estimate", "10", "1e8", "--ram", "16GiB"]).stdout;
    assert!(out.contains("16.0 GiB (given with --ram)"), "{out}");
    assert!(out.contains(" 80 B"), "{out}");
    assert!(out.contains(" 800.0 MB"), "{out}");
    let out = npmem(&["estimate", "10", "--ram", "16GiB", "--units", "si"]).stdout;
    assert!(out.contains("17.2 GB (given with --ram)"), "{out}");
}

#[test]
fn status_words_say_what_tight_means_with_temporaries() {
    let out = npmem(&["estimate", "1e9:f4", "--ram", "13GB", "-t", "2"]).stdout;
    assert!(
        out.contains(
            "tight: the arrays fit with the 2 temporaries reserved, but not one temporary more"
        ),
        "{out}"
    );
    assert!(!out.contains("may not fit"), "{out}");
    let out = npmem(&["estimate", "1e9:f4", "--ram", "6GB", "-t", "2"]).stdout;
    assert!(
        out.contains("over: the arrays fit the budget, but not with the 2 temporaries reserved"),
        "{out}"
    );
}

#[test]
fn bits_per_weight_is_a_number() {
    let doc = json(&["estimate", LAYERS, "--ram", "1GB", "--json"]);
    assert!(
        doc["files"][0]["bits_per_weight"].is_number(),
        "{}",
        doc["files"][0]
    );
    assert_eq!(doc["files"][0]["bits_per_weight"].as_f64(), Some(16.041));
}

#[test]
fn large_files_read_as_a_summary_and_list_every_array_with_tensors() {
    let summary = npmem(&["estimate", LAYERS, "--ram", "1GB"]).stdout;
    assert!(summary.contains("31 arrays in 10 groups"), "{summary}");
    assert!(
        summary.contains("model.layers.{0..3}.mlp.up_proj.weight"),
        "{summary}"
    );
    assert!(
        !summary.contains("model.layers.2.mlp.up_proj.weight"),
        "{summary}"
    );
    assert!(summary.contains("largest: "), "{summary}");
    let all = npmem(&["estimate", LAYERS, "--ram", "1GB", "--tensors"]).stdout;
    for i in 0..4 {
        assert!(
            all.contains(&format!("model.layers.{i}.mlp.up_proj.weight")),
            "{all}"
        );
    }
    let doc = json(&["estimate", LAYERS, "--ram", "1GB", "--json"]);
    assert_eq!(doc["arrays"].as_array().map(Vec::len), Some(31));
    let plain = npmem(&["estimate", LAYERS, "--ram", "1GB", "--format", "plain"]).stdout;
    assert_eq!(
        plain.lines().filter(|l| l.starts_with("array ")).count(),
        31
    );
}

#[test]
fn tables_take_the_width_given_and_no_line_ends_in_spaces() {
    let args = [
        "estimate",
        "1e6:f4",
        "(1000, 1000):complex128",
        LAYERS,
        "--ram",
        "8GB",
    ];
    for columns in ["40", "80", "200"] {
        let run = npmem_env(&args, &[("COLUMNS", columns)]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let width: usize = columns.parse().unwrap_or(0);
        let mut in_table = false;
        for line in run.stdout.lines() {
            assert_eq!(
                line,
                line.trim_end(),
                "trailing spaces at {columns}: {line:?}"
            );
            // Table lines (rules and rows) fit; the lines of words after them do not wrap.
            if line.starts_with('─') || line.starts_with('═') {
                in_table = true;
            }
            if in_table && (line.starts_with(' ') || line.starts_with('─')) {
                assert!(line.chars().count() <= width, "{columns}: {line:?}");
            }
            if line.is_empty() {
                in_table = false;
            }
        }
    }
    // A pipe without COLUMNS is never wrapped.
    let wide = npmem(&args).stdout;
    assert!(wide.lines().any(|l| l.chars().count() > 80), "{wide}");
}

#[test]
fn json_lists_of_numbers_take_one_line() {
    let run = npmem(&[
        "estimate", "1e5:f4", "--chunks", "1", "--ram", "1GB", "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.lines().count() < 100,
        "{} lines",
        run.stdout.lines().count()
    );
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let chunks = doc["arrays"][0]["chunks"]["chunks"][0]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(chunks.len(), 100_000);
    assert!(chunks.iter().all(|c| c == 1));
}

/// Every line of `out` fits `width` columns and none ends in spaces.
fn fits(out: &str, width: usize, what: &str) {
    for line in out.lines() {
        assert_eq!(line, line.trim_end(), "{what}: trailing spaces: {line:?}");
        assert!(
            line.chars().count() <= width,
            "{what}: {} columns past {width}: {line:?}\n{out}",
            line.chars().count()
        );
    }
}

/// Lines after the first of a wrapped note start as far in as its text does.
fn continued(out: &str, label: &str) -> usize {
    let lines: Vec<&str> = out.lines().collect();
    let Some(at) = lines.iter().position(|l| l.starts_with(label)) else {
        panic!("no {label:?} in\n{out}");
    };
    let indent = " ".repeat(label.chars().count());
    lines[at + 1..]
        .iter()
        .take_while(|l| l.starts_with(&indent) && !l[indent.len()..].starts_with(' '))
        .count()
}

/// Each kind of cast-check (dtypes, values listed and summed up, a file, `--result-type`) fits
/// 40, 80 and 200 columns, tables and the lines of words around them.
#[test]
fn cast_check_fits_the_terminal_at_each_width() {
    let dir = std::env::temp_dir().join(format!("npmem-widths-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let values = dir.join("values.txt");
    let lines: Vec<String> = (0..40)
        .map(|i| format!("{}.{i}e{}", i + 1, i % 9 - 4))
        .collect();
    std::fs::write(&values, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let values = values.to_string_lossy().to_string();
    let kinds: [&[&str]; 6] = [
        &["cast-check", "float64", "float16", "--casting", "lossless"],
        &["cast-check", "--result-type", "uint8", "300"],
        &[
            "cast-check",
            "float32",
            "--value",
            "0.1",
            "--value",
            "1e40",
            "--value",
            "1e-40",
            "--value",
            "nan",
            "--rtol",
            "1e-3",
        ],
        &[
            "cast-check",
            "float16",
            "--values-from",
            &values,
            "--rtol",
            "1e-4",
        ],
        &[
            "cast-check",
            "tests/fixtures/scan/f8.npy",
            "float16",
            "--rtol",
            "1e-3",
        ],
        &["cast-check", "tests/fixtures/scan/members.npz:wide", "int8"],
    ];
    for args in kinds {
        let piped = npmem(args);
        assert!(
            piped.code == 0 || piped.code == 1,
            "{args:?}: {}",
            piped.stderr
        );
        let widest = piped.stdout.lines().map(|l| l.chars().count()).max();
        assert!(widest > Some(40), "{args:?}: nothing to fit at 40 columns");
        for columns in [40usize, 80, 200] {
            let run = npmem_env(args, &[("COLUMNS", &columns.to_string())]);
            assert_eq!(run.code, piped.code, "{args:?} {columns}: {}", run.stderr);
            fits(&run.stdout, columns, &format!("{args:?} at {columns}"));
        }
    }
    // The result type's notes wrap under their text.
    let run = npmem_env(kinds[1], &[("COLUMNS", "40")]);
    assert!(
        continued(&run.stdout, "notes         ") >= 2,
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// estimate's and finfo's notes wrap at word boundaries, the lines after the first indented
/// under the text.
#[test]
fn notes_wrap_to_the_terminal() {
    for (args, columns) in [
        (&["estimate", "7e9:int4", "--ram", "64GB"][..], "40"),
        (&["estimate", "1000:bf16", "--ram", "1GB"][..], "80"),
        (&["finfo", "bf16"][..], "40"),
    ] {
        let run = npmem_env(args, &[("COLUMNS", columns)]);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let width: usize = columns.parse().unwrap_or(0);
        let notes: Vec<&str> = run
            .stdout
            .lines()
            .skip_while(|l| !l.starts_with("note: "))
            .take_while(|l| l.starts_with("note: ") || l.starts_with("      "))
            .collect();
        assert!(
            notes.len() >= 2,
            "{args:?}: the note is not wrapped\n{}",
            run.stdout
        );
        for l in &notes {
            assert!(
                l.chars().count() <= width && l.trim_end() == *l,
                "{args:?}: {l:?}"
            );
        }
        // The same note, piped, is one line.
        let piped = npmem(args).stdout;
        let joined = notes.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        assert!(
            piped.contains(&joined),
            "{args:?}: {joined:?} not in\n{piped}"
        );
    }
}
