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
