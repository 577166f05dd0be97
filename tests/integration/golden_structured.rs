//! Structured dtypes as numpy 2.5 builds them (tests/data/structured.json, written by
//! scripts/golden/golden_structured.py): the list and dict forms typed as text, comma strings
//! with a parenthesized repeat, and every descr `np.save` writes, read back from its file.

use npmem::dtype::{Body, DType, Platform, numpy_warnings, parse};
use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

/// name, str, itemsize and the fields in offset order, as the golden data writes them.
fn describe(dt: &DType) -> Value {
    let fields = match &dt.body {
        Body::Structured(fields) => {
            let mut fields: Vec<(u64, usize, Value)> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    (
                        f.offset,
                        i,
                        serde_json::json!([f.name, f.offset, f.dtype.typestr(), f.dtype.itemsize]),
                    )
                })
                .collect();
            fields.sort_by_key(|(offset, i, _)| (*offset, *i));
            Value::Array(fields.into_iter().map(|(_, _, f)| f).collect())
        }
        _ => Value::Null,
    };
    serde_json::json!({
        "name": dt.name(),
        "str": dt.typestr(),
        "itemsize": dt.itemsize,
        "fields": fields,
    })
}

#[test]
fn list_dict_and_comma_spellings_resolve_as_np_dtype() {
    let data = read_json("structured.json");
    let cases = data["spellings"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 40);
    let mut mismatches = Vec::new();
    for case in &cases {
        let text = case["text"].as_str().unwrap_or_default();
        match (parse(text, Platform::LINUX_X86_64), case.get("dtype")) {
            (Ok(dt), Some(numpy)) => {
                let ours = describe(&dt);
                if &ours != numpy {
                    mismatches.push(format!("{text}: npmem {ours}, numpy {numpy}"));
                }
                let numpy_warns = case.get("warnings").is_some();
                let npmem_warns = !numpy_warnings(text).is_empty();
                if numpy_warns != npmem_warns {
                    mismatches.push(format!(
                        "{text}: numpy warns {:?}, npmem {:?}",
                        case.get("warnings"),
                        numpy_warnings(text)
                    ));
                }
            }
            (Err(_), None) => {}
            (Ok(dt), None) => mismatches.push(format!(
                "{text}: npmem gives {}, numpy raises {}: {}",
                describe(&dt),
                case["error"],
                case["message"]
            )),
            (Err(e), Some(numpy)) => {
                mismatches.push(format!("{text}: npmem refuses ({e}), numpy gives {numpy}"))
            }
        }
    }
    assert_no_mismatches("structured spellings", cases.len(), &mismatches);
}

#[test]
fn every_descr_np_save_writes_is_read() {
    let data = read_json("structured.json");
    let files = data["files"].as_array().cloned().unwrap_or_default();
    assert!(files.len() >= 7);
    let root = env!("CARGO_MANIFEST_DIR");
    let mut mismatches = Vec::new();
    for case in &files {
        let file = case["file"].as_str().unwrap_or_default();
        let path = format!("{root}/{file}");
        let run = npmem(&["estimate", &path, "--json", "--ram", "1GB"]);
        if run.code != 0 {
            mismatches.push(format!("{file}: exit {}: {}", run.code, run.stderr));
            continue;
        }
        let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
        let array = &doc["arrays"][0];
        let numpy = &case["dtype"];
        let shape = &case["shape"];
        let items: u64 = shape
            .as_array()
            .map(|s| s.iter().filter_map(Value::as_u64).product())
            .unwrap_or_default();
        for (what, ours, theirs) in [
            ("dtype", array["dtype"].clone(), numpy["name"].clone()),
            (
                "dtype_str",
                array["dtype_str"].clone(),
                numpy["str"].clone(),
            ),
            (
                "itemsize",
                array["itemsize"].clone(),
                numpy["itemsize"].clone(),
            ),
            ("shape", array["shape"].clone(), shape.clone()),
            (
                "nbytes",
                array["nbytes"].clone(),
                Value::from(items * numpy["itemsize"].as_u64().unwrap_or_default()),
            ),
        ] {
            if ours != theirs {
                mismatches.push(format!("{file}: {what} npmem {ours}, numpy {theirs}"));
            }
        }
    }
    assert_no_mismatches("np.save descrs", files.len(), &mismatches);
}

#[test]
fn numpys_deprecation_is_a_note_on_the_array() {
    let data = read_json("structured.json");
    let cases = data["spellings"].as_array().cloned().unwrap_or_default();
    let warned: Vec<&str> = cases
        .iter()
        .filter(|c| c.get("warnings").is_some())
        .filter_map(|c| c["text"].as_str())
        .collect();
    assert!(!warned.is_empty());
    for text in warned {
        let spec = format!("2:{text}");
        let run = npmem(&["estimate", &spec, "--json", "--ram", "1GB"]);
        assert_eq!(run.code, 0, "{spec}: {}", run.stderr);
        assert!(
            run.stdout
                .contains("DeprecationWarning: Passing in a parenthesized single number"),
            "{spec}: {}",
            run.stdout
        );
    }
}

// ---- casting and promotion (tests/data/structured_casting.json, written by
// scripts/golden/golden_structured_casting.py) ---------------------------------------------

const P: Platform = Platform::LINUX_X86_64;

/// numpy's `str(dtype)`, name, itemsize and alignment, as the golden data writes a dtype.
fn spelled(dt: &DType) -> Value {
    serde_json::json!({
        "str": dt.numpy_str(),
        "name": dt.name(),
        "itemsize": dt.itemsize,
        "alignment": dt.alignment,
    })
}

fn structured_dtype(text: &str) -> Result<DType, String> {
    parse(text, P).map_err(|e| format!("{text}: npmem refuses: {e}"))
}

#[test]
fn every_structured_spelling_reads_as_numpys_str() {
    let data = read_json("structured_casting.json");
    let cases = data["dtypes"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 100);
    let mut mismatches = Vec::new();
    for case in &cases {
        let text = case["text"].as_str().unwrap_or_default();
        match structured_dtype(text) {
            Ok(dt) if spelled(&dt) == case["dtype"] => {}
            Ok(dt) => mismatches.push(format!(
                "{text}: npmem {}, numpy {}",
                spelled(&dt),
                case["dtype"]
            )),
            Err(e) => mismatches.push(e),
        }
    }
    assert_no_mismatches("structured spellings, str()", cases.len(), &mismatches);
}

/// The result of `np.result_type` as the golden data writes it: the dtype, or the error's
/// message (its type is checked by the N-ary test).
fn promoted(result: Result<DType, String>) -> Value {
    match result {
        Ok(dt) => spelled(&dt),
        Err(message) => Value::from(message),
    }
}

fn numpy_promoted(record: &Value) -> Value {
    match record.get("message") {
        Some(message) => message.clone(),
        None => record.clone(),
    }
}

#[test]
fn structured_pairs_cast_and_promote_as_numpy_does() {
    use npmem::cast::result_type;
    use npmem::cast::rules::{Casting, cast_level};
    let data = read_json("structured_casting.json");
    let pairs = data["pairs"].as_array().cloned().unwrap_or_default();
    assert!(pairs.len() > 10_000);
    let mut mismatches = Vec::new();
    for pair in &pairs {
        let (a, b) = (
            pair["from"].as_str().unwrap_or_default(),
            pair["to"].as_str().unwrap_or_default(),
        );
        let (from, to) = match (structured_dtype(a), structured_dtype(b)) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e), _) | (_, Err(e)) => {
                mismatches.push(e);
                continue;
            }
        };
        let level = cast_level(&from, &to);
        let ours: Vec<bool> = Casting::ALL
            .iter()
            .map(|rule| level.is_some_and(|l| l <= *rule))
            .collect();
        if Value::from(ours.clone()) != pair["can_cast"] {
            mismatches.push(format!(
                "can_cast({a}, {b}): npmem {ours:?}, numpy {}",
                pair["can_cast"]
            ));
        }
        let ours = promoted(result_type(&from, &to, P.long_double));
        let numpy = numpy_promoted(&pair["result_type"]);
        if ours != numpy {
            mismatches.push(format!(
                "result_type({a}, {b}): npmem {ours}, numpy {numpy}"
            ));
        }
    }
    assert_no_mismatches("structured pairs", pairs.len() * 2, &mismatches);
}

#[test]
fn structured_operands_promote_together_as_numpy_does() {
    use npmem::cast::promote::{Operand, result_type_of};
    let data = read_json("structured_casting.json");
    let cases = data["n_ary"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 200);
    let mut mismatches = Vec::new();
    for case in &cases {
        let texts: Vec<&str> = case["operands"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let operands: Result<Vec<Operand>, String> = texts
            .iter()
            .map(|t| structured_dtype(t).map(Operand::DType))
            .collect();
        let operands = match operands {
            Ok(o) => o,
            Err(e) => {
                mismatches.push(e);
                continue;
            }
        };
        let numpy = &case["result_type"];
        let ours = match result_type_of(&operands, P) {
            Ok(dt) => spelled(&dt),
            Err(e) => serde_json::json!({"error": e.exception, "message": e.message}),
        };
        if &ours != numpy {
            mismatches.push(format!(
                "result_type({}): npmem {ours}, numpy {numpy}",
                texts.join(" | ")
            ));
        }
    }
    assert_no_mismatches("structured N-ary promotion", cases.len(), &mismatches);
}

/// `npmem cast-check A B --json`: its document, and its can_cast verdicts in the golden
/// record's order (no, equiv, safe, same_kind, unsafe).
fn cli_pair(a: &str, b: &str) -> (Value, Vec<Value>) {
    let run = npmem(&["cast-check", a, b, "--json"]);
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("cast-check {a} {b}: {e}: {}{}", run.stdout, run.stderr));
    let verdicts = ["no", "equiv", "safe", "same_kind", "unsafe"]
        .iter()
        .map(|rule| doc["can_cast"][rule].clone())
        .collect();
    (doc, verdicts)
}

/// The golden record of the ordered pair (a, b).
fn pair_record(data: &Value, a: &str, b: &str) -> Value {
    data["pairs"]
        .as_array()
        .and_then(|p| p.iter().find(|r| r["from"] == a && r["to"] == b))
        .cloned()
        .unwrap_or_else(|| panic!("no golden pair {a} → {b}"))
}

/// The JSON `cast-check` prints for a promotion: the dtype's numpy name, or numpy's message.
fn cli_promotion(doc: &Value) -> Value {
    match doc["result_type"].as_str() {
        Some(t) => Value::from(t),
        None => doc["promotion_error"].clone(),
    }
}

fn numpy_cli_promotion(record: &Value) -> Value {
    match record.get("message") {
        Some(message) => message.clone(),
        None => record["name"].clone(),
    }
}

#[test]
fn the_issues_structured_cases_come_out_of_cast_check_as_numpy_says() {
    let data = read_json("structured_casting.json");
    let cases = [
        ("d,i", "V"),
        ("i4,i4", "i4"),
        ("i4,f8", "i8,f4"),
        ("<i4,", "<i8,"),
        ("<i8,", "<i4,"),
        ("<i8,<i8", "<i4,<i4"),
        ("<i8,<i8", "<i8,>i8"),
        ("<i2,", "<i2,"),
        ("|b1,", "|b1,"),
        ("(1,)<f4,", "(1,)<f4,"),
        (
            "{'names':['a','b'],'formats':['i4','f4'],'offsets':[2,6]}",
            "{'names':['b','a'],'formats':['i4','f4'],'offsets':[0,4]}",
        ),
    ];
    let mut mismatches = Vec::new();
    for (a, b) in cases {
        let numpy = pair_record(&data, a, b);
        let (doc, ours) = cli_pair(a, b);
        if Value::from(ours.clone()) != numpy["can_cast"] {
            mismatches.push(format!(
                "cast-check {a} {b}: can_cast {ours:?}, numpy {}",
                numpy["can_cast"]
            ));
        }
        let (ours, theirs) = (
            cli_promotion(&doc),
            numpy_cli_promotion(&numpy["result_type"]),
        );
        if ours != theirs {
            mismatches.push(format!(
                "cast-check {a} {b}: result_type {ours}, numpy {theirs}"
            ));
        }
    }
    assert_no_mismatches("the issue's structured cases", cases.len(), &mismatches);
}

#[test]
fn result_type_of_structured_operands_on_the_command_line() {
    let data = read_json("structured_casting.json");
    let triples: Vec<Value> = data["n_ary"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter(|r| r["operands"].as_array().is_some_and(|o| o.len() == 3))
                .step_by(25)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    assert!(triples.len() >= 10);
    let mut mismatches = Vec::new();
    for case in &triples {
        let ops: Vec<&str> = case["operands"]
            .as_array()
            .map(|o| o.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut args = vec!["cast-check", "--result-type", "--json"];
        args.extend(&ops);
        let run = npmem(&args);
        let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
        let numpy = &case["result_type"];
        let code = if numpy.get("error").is_some() { 1 } else { 0 };
        let (ours, theirs) = (cli_promotion(&doc), numpy_cli_promotion(numpy));
        if ours != theirs || run.code != code {
            mismatches.push(format!(
                "--result-type {}: exit {} {ours}, numpy {theirs}",
                ops.join(" | "),
                run.code
            ));
        }
    }
    assert_no_mismatches("structured --result-type", triples.len(), &mismatches);
}

#[test]
fn a_structured_cast_loses_what_its_fields_lose() {
    let run = npmem(&["cast-check", "i4,f8", "i8,f4", "--json"]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(doc["lossless"], false, "{}", run.stdout);
    let messages: Vec<&str> = doc["losses"]
        .as_array()
        .map(|l| l.iter().filter_map(|x| x["message"].as_str()).collect())
        .unwrap_or_default();
    assert!(!messages.is_empty() && messages.iter().all(|m| m.starts_with("field 'f1': ")));
    // Padding dropped from a structure loses nothing.
    let padded = "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[0,8],'itemsize':16}";
    let run = npmem(&["cast-check", padded, "f4,f4", "--json"]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(doc["lossless"], true, "{}", run.stdout);
}

#[test]
fn stringdtype_fields_and_python_titles_come_out_of_cast_check_as_numpy_says() {
    let data = read_json("structured_casting.json");
    let cases = [
        ("T,", "T,"),
        ("T,i4", "{'names':['f0'],'formats':['T']}"),
        (
            "{'names':['a','b'],'formats':['T','<i4']}",
            "{'names':['a','b'],'formats':['T','<i4'],'aligned':True}",
        ),
        ("T,", "U3,"),
        ("i4,", "T,"),
        ("T,", "O,"),
        (
            "[((1,'a'),'<i4'),('b','<f8')]",
            "[((1.0,'a'),'<i4'),('b','<f8')]",
        ),
        (
            "[((True,'a'),'<i4'),('b','<f8')]",
            "[((1+0j,'a'),'<i4'),('b','<f8')]",
        ),
        (
            "[((9007199254740993,'a'),'<i4'),('b','<f8')]",
            "[((9007199254740992.0,'a'),'<i4'),('b','<f8')]",
        ),
    ];
    let mut mismatches = Vec::new();
    for (a, b) in cases {
        let numpy = pair_record(&data, a, b);
        let (doc, ours) = cli_pair(a, b);
        let theirs = numpy_cli_promotion(&numpy["result_type"]);
        if Value::from(ours.clone()) != numpy["can_cast"] || cli_promotion(&doc) != theirs {
            mismatches.push(format!(
                "cast-check {a} {b}: {ours:?} {}, numpy {} {theirs}",
                cli_promotion(&doc),
                numpy["can_cast"]
            ));
        }
    }
    assert_no_mismatches("StringDType fields and titles", cases.len(), &mismatches);
    // numpy's itemsize: 16-byte slots, the strings themselves not counted (and said so).
    let run = npmem(&[
        "estimate",
        "3:{'names':['s','x'],'formats':['T','<i4']}",
        "--json",
        "--ram",
        "1GB",
    ]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    assert_eq!(
        doc["arrays"][0]["nbytes"], 60,
        "{}{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("StringDType slots"), "{}", run.stdout);
}
