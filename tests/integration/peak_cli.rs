//! `npmem peak` on scripts whose sizes are past what numpy can allocate or past 64-bit
//! arithmetic: an answer (or a note), never a panic.

use crate::support::npmem;

fn peak_json(code: &str) -> serde_json::Value {
    let run = npmem(&["peak", "--json", "--ram", "8GB", "-c", code]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {} for {code:?}: {}",
        run.code,
        run.stderr
    );
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", run.stdout))
}

fn constructs(doc: &serde_json::Value) -> Vec<String> {
    doc["unmodelled"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["construct"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn arrays_numpy_cannot_allocate_are_noted_not_counted() {
    for code in [
        "import numpy as np\na = np.zeros((10**10, 10**10))\nb = a + 1",
        "import numpy as np\na = np.ones((2**31, 2**31, 4))",
        "import numpy as np\na = np.pad(np.zeros(2**62), 2**63)",
        "import numpy as np\na = np.concatenate([np.zeros(2**62)] * 8)",
        "import numpy as np\na = np.zeros((2**32, 2**32, 2**32)).sum(axis=0)",
    ] {
        let doc = peak_json(code);
        assert!(
            constructs(&doc).contains(&"array too big".to_string()),
            "{code:?}: {doc}"
        );
        assert_eq!(doc["bound"], "lower", "{code:?}");
    }
}

#[test]
fn products_past_64_bits_saturate_into_numpys_limit() {
    // 2^40 elements repeated 2^40 times is past 2^64: numpy refuses it; so does the plan.
    for code in [
        "import numpy as np\nb = np.tile(np.zeros(2**40), 2**40)",
        "import numpy as np\nx = np.repeat(np.zeros(2**40), 2**40)",
    ] {
        let doc = peak_json(code);
        assert!(
            constructs(&doc).contains(&"array too big".to_string()),
            "{code:?}: {doc}"
        );
        // The operand itself (8 TiB) is counted; the impossible result is not.
        assert_eq!(doc["peak_bytes"], 8u64 << 40, "{code:?}");
    }
}

#[test]
fn python_integers_past_i128_are_not_evaluated() {
    let doc = peak_json("import numpy as np\nn = 2**100 * 2**100\na = np.zeros(n)");
    assert!(
        constructs(&doc).contains(&"arithmetic".to_string()),
        "{doc}"
    );
    let doc = peak_json("for i in range(-2**126, 2**126, 2**125):\n    pass");
    assert_eq!(doc["peak_bytes"], 0);
}

#[test]
fn a_weak_python_int_past_the_dtype_is_noted_as_numpys_overflow() {
    let doc = peak_json("import numpy as np\na = np.zeros(10, np.uint8)\nb = a + 300");
    let reasons: Vec<String> = doc["unmodelled"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["reason"].as_str().map(str::to_string))
        .collect();
    assert!(reasons.iter().any(|r| r.contains("OverflowError")), "{doc}");
    // `a + 1` stays uint8 (NEP 50): 10 bytes more, not 80.
    let doc = peak_json("import numpy as np\na = np.zeros(10, np.uint8)\nb = a + 1");
    assert_eq!(doc["peak_bytes"], 20, "{doc}");
    assert_eq!(doc["bound"], "exact");
}

#[test]
fn a_view_keeping_its_base_alive_names_the_base() {
    let doc = peak_json(
        "import numpy as np\nbig = np.zeros((1000, 1000))\nhead = big[:10]\ndel big\nwork = np.ones(2_000_000)",
    );
    let alive = doc["alive_at_peak"].as_array().cloned().unwrap_or_default();
    let head = alive
        .iter()
        .find(|a| a["name"] == "head")
        .unwrap_or_else(|| panic!("no `head` alive at the peak: {doc}"));
    assert_eq!(head["view_of"], "big", "{doc}");
    assert_eq!(head["nbytes"], 8_000_000u64, "{doc}");
    assert_eq!(head["shape"], serde_json::json!([10, 1000]), "{doc}");
    let work = alive.iter().find(|a| a["name"] == "work");
    assert_eq!(work.map(|w| &w["view_of"]), Some(&serde_json::Value::Null));
}

#[test]
fn strided_reshapes_are_views_or_copies_as_numpys_strides_decide() {
    // An even-width column slice flattens without a copy; a transpose does not.
    let doc = peak_json("import numpy as np\nM = np.zeros((100, 100))\ne = M[:, ::2].reshape(-1)");
    assert_eq!(doc["peak_bytes"], 80_000, "{doc}");
    let doc =
        peak_json("import numpy as np\nM = np.zeros((100, 100))\ne = M[:, ::2].T.reshape(-1)");
    assert_eq!(doc["peak_bytes"], 120_000, "{doc}");
    let doc = peak_json("import numpy as np\nM = np.zeros((100, 100))\ne = M.T.ravel()");
    assert_eq!(doc["peak_bytes"], 160_000, "{doc}");
}

#[test]
fn data_dependent_sizes_make_an_upper_bound_unless_something_is_missing() {
    let doc = peak_json("import numpy as np\nx = np.zeros(1000)\ny = x[x > 0]");
    assert_eq!(doc["bound"], "upper", "{doc}");
    assert_eq!(doc["peak_bytes"], 8000 + 1000 + 8000, "{doc}");
    // With an unmodelled call as well, the selection counts at its smallest: a lower bound.
    let doc = peak_json("import numpy as np\nx = np.zeros(1000)\ny = x[x > 0]\nz = mystery(x)");
    assert_eq!(doc["bound"], "lower", "{doc}");
    assert_eq!(doc["peak_bytes"], 8000 + 1000, "{doc}");
}

#[test]
fn an_unknown_condition_plans_the_worse_branch() {
    let code = "import numpy as np\nx = np.zeros(100)\nif x.sum() > 0:\n    y = np.zeros(1000)\nelse:\n    y = np.zeros(10)\n";
    let doc = peak_json(code);
    assert_eq!(doc["peak_bytes"], 800 + 8000, "{doc}");
    assert_eq!(doc["bound"], "upper", "{doc}");
    let code = "import numpy as np\nx = np.zeros(100)\nif x.sum() > 0:\n    y = np.zeros(10)\nelse:\n    y = np.zeros(1000)\n";
    let doc = peak_json(code);
    assert_eq!(doc["peak_bytes"], 800 + 8000, "{doc}");
    assert_eq!(doc["peak_line"], 6, "{doc}");
}

#[test]
fn deep_nesting_is_refused_with_its_line_not_a_crash() {
    for code in [
        format!("x = 1\ny = {}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("x = 1\ny = {}1", "-".repeat(100_000)),
        format!("x = 1\ny = 1{}", " + 1".repeat(200_000)),
        format!("x = 1\ny = {}", "[".repeat(50_000)),
        // A million short lines: linear, no trouble.
        format!("x = 1\ny = 1 +\n{}", "(".repeat(300)),
    ]
    .into_iter()
    .enumerate()
    {
        let (i, code) = code;
        let path = std::env::temp_dir().join(format!("npmem-deep-{}-{i}.py", std::process::id()));
        std::fs::write(&path, &code).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
        let run = npmem(&["peak", "--json", &path.to_string_lossy()]);
        let _ = std::fs::remove_file(&path);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(run.stderr.starts_with("npmem: error:"), "{}", run.stderr);
        assert!(
            run.stderr.contains("line 2") || run.stderr.contains("line 3"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_million_lines_plan_without_trouble() {
    let code =
        "import numpy as np\nx = np.zeros(10)\n".to_string() + &"y = x + 1\n".repeat(1_000_000);
    let path = std::env::temp_dir().join(format!("npmem-long-{}.py", std::process::id()));
    std::fs::write(&path, &code).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    let run = npmem(&["peak", "--json", "--ram", "8GB", &path.to_string_lossy()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(doc["peak_bytes"], 240, "{}", run.stderr);
}

#[test]
fn long_loops_are_extrapolated_from_their_repeating_pattern() {
    // Ten million steady iterations, then half a million appends of 80 bytes each.
    let code = "import numpy as np\nx = np.zeros(10)\nfor i in range(10_000_000):\n    y = x * 2\nparts = []\nfor i in range(500_000):\n    parts.append(x + 1)\nn = len(parts)\nall = np.concatenate(parts)\n";
    let doc = peak_json(code);
    assert_eq!(doc["bound"], "exact", "{doc}");
    // x, y, the list's 500,000 arrays and their concatenation.
    assert_eq!(doc["peak_bytes"], 80 + 80 + 2 * 500_000 * 80, "{doc}");
    assert_eq!(doc["peak_line"], 9, "{doc}");
}

#[test]
fn paths_and_files_are_evaluated_as_python_would() {
    let root = env!("CARGO_MANIFEST_DIR");
    let code = format!(
        "import numpy as np\nimport tempfile, os\nfrom pathlib import Path\nbase = Path({root:?}) / \"tests\" / \"peak\"\nname = \"weights\"\nw = np.load(base / \"data\" / f\"{{name}}.npy\")\nwith np.load(str(base / \"data\" / \"centroids.npz\")) as f:\n    a = f[\"centroids\"]\n    b = f[\"centroids\"]\nm = np.load(base.joinpath(\"data\", \"table.npy\"), mmap_mode=\"r\")\nraw = np.fromfile(base / \"data\" / \"lut.npy\", dtype=np.uint8, count=100)\nd = tempfile.mkdtemp()\nnp.save(os.path.join(d, \"big\"), np.zeros(1000))\nback = np.load(os.path.join(d, \"big.npy\"))\n"
    );
    let doc = peak_json(&code);
    assert_eq!(doc["bound"], "exact", "{doc}");
    // weights 64x256 float32, the member read twice (32x16 float64 each), 100 raw bytes, no
    // memory for the map; then the saved array loaded back (8000 bytes).
    assert_eq!(doc["peak_bytes"], 65_536 + 2 * 4096 + 100 + 8000, "{doc}");
    // First reached while the zeros being saved exist (line 13), again at line 14.
    assert_eq!(doc["peak_line"], 13, "{doc}");
}

fn advice_of(doc: &serde_json::Value) -> Vec<(u64, String, u64)> {
    doc["advice"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["line"].as_u64().unwrap_or_default(),
                a["change"].as_str().unwrap_or_default().to_string(),
                a["peak_bytes"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn advice_is_replanned_and_only_lowers_the_peak() {
    let doc = peak_json(
        "import numpy as np\na = np.ones(1_000_000)\nb = a * 2\na = a + b\nprint(b.sum())\n",
    );
    assert_eq!(doc["peak_bytes"], 24_000_000, "{doc}");
    let advice = advice_of(&doc);
    assert!(
        advice
            .iter()
            // a and b, and the 8-byte result of b.sum() on line 5.
            .any(|(l, c, p)| *l == 4 && c.contains("a += b") && *p == 16_000_008),
        "{advice:?}"
    );
    let doc = peak_json(
        "import numpy as np\nx = np.ones(1_000_000)\ny = x * 2\nz = np.ones(2_000_000)\nprint(y.sum(), z.sum())\n",
    );
    let advice = advice_of(&doc);
    assert!(
        advice
            .iter()
            // y and z, and the 8-byte result of a sum on line 5.
            .any(|(l, c, p)| *l == 3 && c.contains("del x") && *p == 24_000_008),
        "{advice:?}"
    );
    assert!(advice.iter().all(|(_, _, p)| *p < 32_000_000), "{advice:?}");
    // Nothing to lower: no advice.
    let doc = peak_json("import numpy as np\nx = np.ones(10, dtype=np.float32)\n");
    assert!(advice_of(&doc).is_empty(), "{doc}");
}

#[test]
fn an_iteration_that_differs_mid_loop_is_walked_not_skipped() {
    // Every 1000th step (never among the first, nor the last) makes a 8 MB array.
    let code = "import numpy as np\nx = np.zeros(10)\nfor i in range(1_000_000):\n    y = x * 2\n    if i % 1000 == 500:\n        big = np.ones(1_000_000)\n        del big\n";
    let doc = peak_json(code);
    assert_eq!(doc["bound"], "exact", "{doc}");
    assert_eq!(doc["peak_bytes"], 80 + 80 + 8_000_000, "{doc}");
    assert_eq!(doc["peak_line"], 6, "{doc}");
    // The same through a counter of its own, and in a conditional expression.
    let code = "import numpy as np\nx = np.zeros(10)\nj = 0\nfor i in range(100_000):\n    j += 1\n    n = 1_000_000 if j == 70_000 else 10\n    y = np.ones(n)\n";
    let doc = peak_json(code);
    assert_eq!(doc["bound"], "exact", "{doc}");
    // x, the previous y and the large one.
    assert_eq!(doc["peak_bytes"], 80 + 80 + 8_000_000, "{doc}");
}

#[test]
fn while_loops_with_a_counter_are_skipped_ahead() {
    let code = "import numpy as np\nx = np.zeros(10)\ni = 0\nwhile i < 1_000_000:\n    y = x * 2\n    if i == 500_001:\n        big = np.ones(1000)\n        del big\n    i += 1\nafter = np.zeros(i)\n";
    let doc = peak_json(code);
    assert_eq!(doc["bound"], "exact", "{doc}");
    // The loop ends with i == 1,000,000: the array after it holds that many float64 (x and
    // the last y alive beside it).
    assert_eq!(doc["peak_bytes"], 80 + 80 + 8_000_000, "{doc}");
    assert_eq!(doc["peak_line"], 10, "{doc}");
    let lines = doc["lines"].as_array().cloned().unwrap_or_default();
    let line7 = lines
        .iter()
        .find(|l| l["line"] == 7)
        .cloned()
        .unwrap_or_default();
    assert_eq!(line7["peak_bytes"], 80 + 80 + 8000, "{doc}");
}

#[test]
fn a_condition_on_what_the_loop_changes_walks_every_iteration_then_says_so() {
    // k is not a counter: every iteration is walked, up to the planner's limit.
    let code = "import numpy as np\nx = np.zeros(10)\nfor i in range(300_000):\n    k = i * 3\n    if k % 7 == 0:\n        y = x * 2\n";
    let doc = peak_json(code);
    assert_eq!(doc["bound"], "lower", "{doc}");
    assert!(constructs(&doc).iter().any(|c| c == "for"), "{doc}");
    // Within the limit, the same loop is exact.
    let doc = peak_json(&code.replace("300_000", "3_000"));
    assert_eq!(doc["bound"], "exact", "{doc}");
    // x, y and the next y.
    assert_eq!(doc["peak_bytes"], 240, "{doc}");
}

fn chunk_advice(doc: &serde_json::Value) -> Option<(u64, String, u64)> {
    advice_of(doc)
        .into_iter()
        .find(|(_, c, _)| c.contains(" in chunks of "))
}

#[test]
fn chunking_advice_rewrites_row_by_row_statements_and_replans_them() {
    let head = "import numpy as np\nX = np.ones((100000, 64))\nW = np.ones((64, 64))\n";
    // (statement on line 4, the advice's words, the rewritten script's tail)
    let cases = [
        (
            "c = np.exp(X @ W).sum(1)\n",
            "process X in chunks of 4,096 rows: `c = np.empty((100000,), dtype=\"float64\")`, then `for s in range(0, 100000, 4096): c[s:s + 4096] = np.exp(X[s:s + 4096] @ W).sum(1)`",
            "c = np.empty((100000,), dtype=\"float64\")\nfor s in range(0, 100000, 4096):\n    c[s:s + 4096] = np.exp(X[s:s + 4096] @ W).sum(1)\n",
        ),
        (
            // The second X is read whole: only the rows on the first axis are taken in blocks.
            "c = (X[:, None, :] - X[None, :100, :]).min()\n",
            "process X in chunks of 2,048 rows: `for s in range(0, 100000, 2048): part = (X[s:s + 2048][:, None, :] - X[None, :100, :]).min(); c = part if s == 0 else np.minimum(c, part)`",
            "for s in range(0, 100000, 2048):\n    part = (X[s:s + 2048][:, None, :] - X[None, :100, :]).min()\n    c = part if s == 0 else np.minimum(c, part)\ndel part\n",
        ),
        (
            "m = (X * X).mean(axis=0)\n",
            "process X in chunks of 4,096 rows: `for s in range(0, 100000, 4096): part = (X[s:s + 4096] * X[s:s + 4096]).sum(axis=0); m = part if s == 0 else m + part`, then `m = m / 100000`",
            "for s in range(0, 100000, 4096):\n    part = (X[s:s + 4096] * X[s:s + 4096]).sum(axis=0)\n    m = part if s == 0 else m + part\ndel part\nm = m / 100000\n",
        ),
        (
            "c = (X > 0.5).sum()\n",
            "process X in chunks of 16,384 rows: `for s in range(0, 100000, 16384): part = (X[s:s + 16384] > 0.5).sum(); c = part if s == 0 else c + part`",
            "for s in range(0, 100000, 16384):\n    part = (X[s:s + 16384] > 0.5).sum()\n    c = part if s == 0 else c + part\ndel part\n",
        ),
    ];
    for (statement, words, rewritten) in cases {
        let doc = peak_json(&format!("{head}{statement}"));
        assert_eq!(doc["peak_line"], 4, "{statement}: {doc}");
        let Some((line, change, peak)) = chunk_advice(&doc) else {
            panic!("{statement}: no chunking advice: {doc}");
        };
        assert_eq!((line, change.as_str()), (4, words), "{statement}");
        // The advice's peak is the plan of the rewritten script, and lower.
        let again = peak_json(&format!("{head}{rewritten}"));
        assert_eq!(again["bound"], "exact", "{rewritten}: {again}");
        assert_eq!(doc["bound"], "exact", "{statement}: {doc}");
        assert_eq!(again["peak_bytes"].as_u64(), Some(peak), "{rewritten}");
        assert!(peak < doc["peak_bytes"].as_u64().unwrap_or_default());
    }
}

#[test]
fn no_chunking_advice_where_rows_interact_or_the_peak_would_not_fall() {
    let head = "import numpy as np\nX = np.ones((100000, 64))\nW = np.ones((64, 64))\nV = np.ones((64, 100000))\n";
    for statement in [
        // each row needs every other row
        "c = X - X.mean(0)",
        "c = (X.T @ (X @ W)).sum()",
        "c = V @ (X * 2)",
        "c = np.cumsum(X * 2, axis=0)",
        "c = np.sort(X * 2, axis=0)",
        "c = (X * 2).argmax()",
        "c = (X * 2)[np.arange(5)]",
        "c = np.exp(X).sum(0) + (X * 2).sum()",
        // the rows' axis of another array is not broadcast
        "c = (X * V.T).sum()",
        // something npmem cannot read row by row
        "c = np.fft.fft(X * 2).real",
        "c = np.where(X * 2 > 1)",
        "c = np.sqrt(X * 2, X)",
        // the target is read by its own statement
        "X = np.exp(X) * 2",
    ] {
        let doc = peak_json(&format!("{head}{statement}\n"));
        assert_eq!(doc["peak_line"], 5, "{statement}: {doc}");
        assert!(chunk_advice(&doc).is_none(), "{statement}: {doc}");
    }
    // Not the statement making the peak: chunking it would not lower the peak.
    let doc = peak_json(&format!(
        "{head}t = (X * 2).sum()\nbig = np.ones((100000, 640))\n"
    ));
    assert_eq!(doc["peak_line"], 6, "{doc}");
    assert!(chunk_advice(&doc).is_none(), "{doc}");
    // Temporaries small beside what is alive: no block of rows is small enough to matter.
    let doc = peak_json(
        "import numpy as np\nX = np.ones((100000, 64))\nY = np.ones((100000, 64))\nZ = np.ones((10000000, 64))\nt = (X[:, :2] * 2).sum()\n",
    );
    assert_eq!(doc["peak_line"], 5, "{doc}");
    assert!(chunk_advice(&doc).is_none(), "{doc}");
}

#[test]
fn loops_whose_conditions_repeat_by_period_are_skipped_whole_periods_at_a_time() {
    // Even and odd steps differ (no step is alike the next): fifty million of them are planned
    // exactly, and plan as a thousand do.
    let code = |n: &str| {
        format!(
            "import numpy as np\nx = np.zeros(10)\nfor i in range({n}):\n    if i % 2 == 0:\n        y = x * 2\n    else:\n        y = x.reshape(2, 5).T.copy()\n    z = y + 1\n"
        )
    };
    let long = peak_json(&code("50_000_000"));
    let short = peak_json(&code("1_000"));
    assert_eq!(long["bound"], "exact", "{long}");
    assert_eq!(short["bound"], "exact", "{short}");
    // x, y, z, and the next y and its reshaped copy's temporary at most.
    assert_eq!(long["peak_bytes"], short["peak_bytes"], "{long}");
    // A large buffer every 1000th step, from a step past the look-ahead of earlier releases.
    let code = "import numpy as np\nx = np.zeros(10)\nfor i in range(30_000_000):\n    y = x * 2\n    if i % 1000 == 999 and i > 25_000_000:\n        big = np.ones(1_000_000)\n        del big\n";
    let doc = peak_json(code);
    assert_eq!(doc["bound"], "exact", "{doc}");
    assert_eq!(doc["peak_bytes"], 80 + 80 + 8_000_000, "{doc}");
    assert_eq!(doc["peak_line"], 6, "{doc}");
    // Never reached: the condition's breakpoint lies past the loop's end.
    let doc = peak_json(&code.replace("i > 25_000_000", "i > 30_000_000"));
    assert_eq!(doc["bound"], "exact", "{doc}");
    assert_eq!(doc["peak_bytes"], 240, "{doc}");
}

#[test]
fn monotone_conditions_far_ahead_are_found_exactly() {
    // `i == n`, `i > n` and a counter against a limit, tens of millions of steps ahead.
    for (cond, at) in [
        ("i == 40_000_000", 40_000_000u64),
        ("i >= 49_999_999", 49_999_999),
        ("j > 30_000_000", 30_000_000),
        ("not (i < 45_000_000)", 45_000_000),
    ] {
        let code = format!(
            "import numpy as np\nx = np.zeros(10)\nj = 0\nfor i in range(50_000_000):\n    j += 1\n    y = x * 2\n    if {cond}:\n        big = np.ones(1_000_000)\n        del big\nlast = np.zeros(i + 1)\n"
        );
        let doc = peak_json(&code);
        assert_eq!(doc["bound"], "exact", "{cond}: {doc}");
        // The loop ran to its end (the array after it) and reached the large buffer once.
        let lines = doc["lines"].as_array().cloned().unwrap_or_default();
        let line = |n: u64| {
            lines
                .iter()
                .find(|l| l["line"] == n)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(
            line(8)["peak_bytes"],
            80 + 80 + 8_000_000,
            "{cond} (at {at}): {doc}"
        );
        assert_eq!(line(10)["allocated_bytes"], 400_000_000, "{cond}: {doc}");
    }
}

#[test]
fn python_integer_remainder_and_floor_division_take_the_divisors_sign() {
    // Python: 5 % -3 == -1 and 7 // -2 == -4 (floor, towards minus infinity), -7 % 3 == 2.
    for (expr, n) in [
        ("5 % -3 + 10", 9u64),
        ("7 // -2 + 10", 6),
        ("-7 % 3 + 10", 12),
        ("-7 % -2 + 10", 9),
    ] {
        let doc = peak_json(&format!(
            "import numpy as np\nn = {expr}\na = np.ones((n, 1000))\n"
        ));
        assert_eq!(doc["bound"], "exact", "{expr}: {doc}");
        assert_eq!(doc["peak_bytes"].as_u64(), Some(n * 8000), "{expr}");
    }
}

/// A size the planner cannot know (a value of the data, `int()` with a base) never leaves an
/// array out of a plan called exact: the line that needs it is listed, and the plan is a bound.
#[test]
fn sizes_the_planner_cannot_know_are_listed_not_skipped() {
    let setup = "import numpy as np\na = np.random.default_rng(0).normal(size=1000)\n";
    for size in [
        "int(a.max() * 10)",
        "int((a > 0).sum())",
        "int(np.abs(a).mean() * 100)",
        "int('101', 2)",
        "np.count_nonzero(a > 0)",
        "int(np.round(a[0], 1) * 10)",
    ] {
        let code = format!("{setup}n = {size}\nout = np.empty((n, 4))\n");
        let doc = peak_json(&code);
        assert_ne!(doc["bound"], "exact", "{code:?}: {doc}");
        let lines: Vec<u64> = doc["unmodelled"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|u| u["line"].as_u64())
            .collect();
        assert!(
            lines.iter().any(|&l| l == 3 || l == 4),
            "{code:?}: nothing listed on the size's line or its array's: {doc}"
        );
    }
}
